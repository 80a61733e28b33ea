//! The article's figures, read back from the monthly records only.

use std::collections::{BTreeSet, HashMap};

use zoneops_demo::{Demo, DemoOptions, IndicatorSeed, MIN_ENTERPRISES, generate};

const YI: i64 = 10_000_000_000; // 1亿元 in 分
const SEEDS: [u64; 4] = [2022, 1, 42, 0xDEAD_BEEF];

fn demo(seed: u64, enterprises: usize) -> Demo {
    generate(&DemoOptions { seed, enterprises, ..DemoOptions::default() })
}

fn sum(records: &[IndicatorSeed], metric: &str, year: i32) -> i64 {
    records.iter().filter(|r| r.metric == metric && r.period / 100 == year).map(|r| r.value).sum()
}

/// (sales 2020, sales 2021, output 2021) per enterprise, from records.
fn facts(d: &Demo) -> Vec<(i64, i64, i64)> {
    (0..d.enterprises.len())
        .map(|i| {
            let r = d.indicators_between(i, 202001, 202112);
            (sum(&r, "sales", 2020), sum(&r, "sales", 2021), sum(&r, "output", 2021))
        })
        .collect()
}

fn keys_of(d: &Demo, idx: impl Iterator<Item = usize>) -> BTreeSet<String> {
    idx.map(|i| d.enterprises[i].key.unwrap_or("?").to_string()).collect()
}

fn check_2021(d: &Demo) {
    let f = facts(d);
    let ja = d.enterprise_by_key("ja").expect("ja");
    let power2 = d.enterprise_by_key("power2").expect("power2");

    assert_eq!(f.iter().filter(|x| x.1 >= YI).count(), 72, "亿元级 count 2021");

    assert!(f[ja].1 > 100 * YI);
    assert_eq!(f[ja].1, 1_036 * YI / 10);
    assert_eq!(f[ja].2, 108 * YI);
    let double: Vec<usize> = (0..f.len()).filter(|&i| f[i].1 >= 100 * YI && f[i].2 >= 100 * YI).collect();
    assert_eq!(double, vec![ja]);
    assert_eq!(f.iter().filter(|x| x.1 >= 100 * YI).count(), 1);

    assert_eq!(f[power2].1, 717 * YI / 10);

    let new10 = keys_of(d, (0..f.len()).filter(|&i| f[i].0 < 10 * YI && f[i].1 >= 10 * YI));
    let want10: BTreeSet<String> = ["baosheng", "lear", "porite"].map(String::from).into();
    assert_eq!(new10, want10);
    let new1 = keys_of(d, (0..f.len()).filter(|&i| f[i].0 < YI && f[i].1 >= YI));
    let want1: BTreeSet<String> = ["yide", "tongyang", "yingde"].map(String::from).into();
    assert_eq!(new1, want1);

    for (i, x) in f.iter().enumerate() {
        assert!(!(x.0 >= YI && x.1 < YI), "{i} drops below 1亿");
        assert!(!(x.0 >= 10 * YI && x.1 < 10 * YI), "{i} drops below 10亿");
        if i >= MIN_ENTERPRISES {
            assert!(x.0 <= 9_000 * YI / 10_000 && x.1 <= 9_000 * YI / 10_000, "filler {i}");
        }
    }

    let band = (0..f.len()).filter(|&i| f[i].1 >= 10 * YI && f[i].1 < 100 * YI).count();
    assert!((20..30).contains(&band), "{band} enterprises in 10亿..100亿");
}

#[test]
fn article_facts_hold_for_seeds_and_sizes() {
    for seed in SEEDS {
        for size in [MIN_ENTERPRISES, 200, 800, 5000] {
            let d = demo(seed, size);
            assert_eq!(d.enterprises.len(), size);
            check_2021(&d);
        }
    }
}

#[test]
fn small_sizes_are_raised_to_the_core() {
    let d = demo(7, 10);
    assert_eq!(d.enterprises.len(), MIN_ENTERPRISES);
    check_2021(&d);
}

#[test]
fn article_facts_hold_at_100k() {
    let d = demo(99, 100_000);
    check_2021(&d);
    let mut names = std::collections::HashSet::new();
    let mut codes = std::collections::HashSet::new();
    for e in &d.enterprises {
        assert!(names.insert(e.name.as_str()), "duplicate name {}", e.name);
        assert!(codes.insert(e.credit_code.as_str()));
    }
}

#[test]
fn named_keys_resolve() {
    let d = demo(2022, 800);
    let keys = zoneops_demo::named_keys();
    for k in [
        "ja", "power2", "weichai", "baosheng", "lear", "porite", "yide", "tongyang", "yingde", "yapp", "hisense",
        "cimc", "lingyi", "kelba", "huapeng", "bigfood",
    ] {
        assert!(keys.contains(&k));
        let i = d.enterprise_by_key(k).expect(k);
        assert_eq!(d.enterprises[i].key, Some(k));
        assert!(d.enterprises[i].above_size);
    }
    assert_eq!(d.enterprise_by_key("nope"), None);
}

#[test]
fn the_zone_grows_after_2021() {
    for seed in SEEDS {
        let d = demo(seed, 800);
        let count = |year: i32, min: i64| (0..d.enterprises.len()).filter(|&i| d.year_sales(i, year) >= min).count();
        let baiyi: Vec<usize> = (2021..=2025).map(|y| count(y, 100 * YI)).collect();
        assert_eq!(baiyi[0], 1);
        assert!((8..=11).contains(&baiyi[4]), "百亿级 by year {baiyi:?}");
        assert!(baiyi.windows(2).all(|w| w[0] <= w[1]), "{baiyi:?}");
        let yi: Vec<usize> = (2021..=2025).map(|y| count(y, YI)).collect();
        assert!(yi.windows(2).all(|w| w[0] < w[1]), "亿元级 by year {yi:?}");

        let weichai = d.enterprise_by_key("weichai").unwrap();
        assert!(d.year_sales(weichai, 2021) * 10 >= d.year_sales(weichai, 2020) * 12);
        // The 2021 projects ramp up into the tiers.
        let lingyi = d.enterprise_by_key("lingyi").unwrap();
        assert!(d.year_sales(lingyi, 2021) < YI && d.year_sales(lingyi, 2022) >= 10 * YI);
        for k in ["yapp", "hisense", "cimc"] {
            let i = d.enterprise_by_key(k).unwrap();
            let s: Vec<i64> = (2020..=2025).map(|y| d.year_sales(i, y)).collect();
            assert!(s.windows(2).all(|w| w[0] < w[1]), "{k} {s:?}");
        }
    }
}

#[test]
fn records_are_consistent() {
    let d = demo(5, 800);
    let mut total = 0;
    let mut zone_month: HashMap<i32, i64> = HashMap::new();
    for i in 0..d.enterprises.len() {
        let r = d.indicators(i);
        total += r.len();
        assert_eq!(r.len() % 5, 0);
        assert!(r.iter().all(|x| x.period >= 202001 && x.period <= 202610));
        assert!(r.iter().all(|x| x.value >= 0 && (1..=12).contains(&(x.period % 100))));
        for x in r.iter().filter(|x| x.metric == "employees") {
            assert!(x.value > 0 && x.value % 100 == 0);
        }
        for x in r.iter().filter(|x| x.metric == "sales") {
            *zone_month.entry(x.period).or_default() += x.value;
        }
        // Records of a sub-range equal the matching part of the full series.
        let part = d.indicators_between(i, 202203, 202305);
        let same: Vec<_> = r.iter().filter(|x| (202203..=202305).contains(&x.period)).copied().collect();
        assert_eq!(part, same);

        for year in 2020..=2025 {
            let s = sum(&r, "sales", year);
            if s < 1_000_000 || d.enterprises[i].established.format("%Y").to_string() == year.to_string() {
                continue;
            }
            let o = sum(&r, "output", year);
            let t = sum(&r, "tax", year);
            assert!(o * 100 >= s * 90 && o * 100 <= s * 115, "output {i} {year}");
            assert!(t * 1000 >= s * 19 && t * 1000 <= s * 60, "tax {i} {year} {t} {s}");
            assert_eq!(s, d.year_sales(i, year));
        }
    }
    assert_eq!(total, d.indicator_count());
    // 春节: February is the weakest month of every full year.
    for y in 2020..=2025 {
        let feb = zone_month[&(y * 100 + 2)];
        for m in [1, 3, 4, 5, 12] {
            assert!(feb < zone_month[&(y * 100 + m)], "{y}-{m}");
        }
    }
    assert!(zone_month.contains_key(&202610) && !zone_month.contains_key(&202611));
}

#[test]
fn plausible_energy_and_staff() {
    let d = demo(2022, 800);
    let get = |k: &str, metric: &str| {
        let r = d.indicators_between(d.enterprise_by_key(k).unwrap(), 202101, 202112);
        (sum(&r, metric, 2021), r.iter().filter(|x| x.metric == "employees").map(|x| x.value / 100).max().unwrap())
    };
    let (power_energy, power_staff) = get("power2", "energy");
    assert!((150_000_000..=250_000_000).contains(&power_energy), "{power_energy}");
    assert!((500..=1200).contains(&power_staff));
    let (ja_energy, ja_staff) = get("ja", "energy");
    assert!(ja_energy < power_energy / 5);
    assert!((4000..=6500).contains(&ja_staff));
}

#[test]
fn deterministic_and_independent_of_size() {
    let a = demo(11, 300);
    let b = demo(11, 300);
    let c = demo(11, 900);
    assert_eq!(a.enterprises, b.enterprises);
    assert_eq!(a.enterprises[..], c.enterprises[..300]);
    for i in [0, 5, 17, 80, 150, 299] {
        assert_eq!(a.indicators(i), b.indicators(i));
        assert_eq!(a.indicators(i), c.indicators(i));
    }
    let other = demo(12, 300);
    assert_ne!(a.enterprises[100].name, other.enterprises[100].name);
}

#[test]
fn other_windows_work() {
    // An earlier first month and an earlier "today" keep the 2021 facts.
    let d = generate(&DemoOptions {
        seed: 3,
        today: chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        enterprises: 300,
        first_month: 201801,
        ..DemoOptions::default()
    });
    assert_eq!(d.last_month(), 202212);
    check_2021(&d);
    let ja = d.indicators(d.enterprise_by_key("ja").unwrap());
    assert_eq!(ja.first().map(|r| r.period), Some(201801));
    assert_eq!(ja.last().map(|r| r.period), Some(202212));
    let total: usize = (0..300).map(|i| d.indicators(i).len()).sum();
    assert_eq!(total, d.indicator_count());
    assert_eq!(zoneops_demo::last_full_month(chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()), 202512);
}

#[test]
fn many_seeds_at_core_size() {
    for seed in 100..200 {
        let d = demo(seed, MIN_ENTERPRISES);
        check_2021(&d);
        let baiyi = (0..d.enterprises.len()).filter(|&i| d.year_sales(i, 2025) >= 100 * YI).count();
        assert!((8..=11).contains(&baiyi), "seed {seed}: {baiyi}");
    }
}
