//! The static seeds: dictionaries, codes, names, people.

use std::collections::HashSet;

use zoneops_demo::{DemoOptions, MIN_ENTERPRISES, generate, is_valid_credit_code};

const GBT4754: &str = include_str!("../../../data/gbt4754-2017.csv");

fn small_classes() -> HashSet<&'static str> {
    GBT4754
        .lines()
        .filter_map(|l| {
            let mut f = l.split(',');
            (f.next() == Some("小类")).then(|| f.next()).flatten()
        })
        .collect()
}

fn demo(enterprises: usize) -> zoneops_demo::Demo {
    generate(&DemoOptions { enterprises, ..DemoOptions::default() })
}

#[test]
fn dictionaries() {
    let d = demo(800);
    assert_eq!((d.zone.code, d.zone.name), ("yz-etdz", "扬州经济技术开发区"));
    let parks: Vec<_> = d.parks.iter().map(|p| (p.code, p.invented)).collect();
    assert_eq!(parks.len(), 7);
    for code in ["auto", "pv", "puxi"] {
        assert!(parks.contains(&(code, false)));
    }
    assert_eq!(parks.iter().filter(|p| p.1).count(), 4);

    let group = |g: &str| d.chains.iter().filter(|c| c.group == g).count();
    assert_eq!((group("leading"), group("emerging"), group("other")), (3, 4, 1));
    assert!(d.chains.iter().all(|c| c.invented == (c.group == "other")));

    for code in ["land", "housing", "hr", "edu", "approval", "finance", "econ", "invest"] {
        assert!(d.departments.iter().any(|x| x.code == code), "{code}");
    }
    let goals: Vec<_> = d.goals.iter().map(|g| (g.tier, g.target_count, g.base_year, g.deadline_year)).collect();
    // Loaded in 2026 (the default date): both five-year periods' goals.
    assert_eq!(
        goals,
        vec![("baiyi", 10, 2021, 2025), ("yi", 100, 2021, 2025), ("baiyi", 15, 2026, 2030), ("yi", 150, 2026, 2030)]
    );
    // Loaded before 2026: only the period that had begun.
    let early = generate(&DemoOptions {
        enterprises: 800,
        today: chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        ..DemoOptions::default()
    });
    assert_eq!(early.goals.iter().map(|g| g.deadline_year).collect::<Vec<_>>(), vec![2025, 2025]);
}

#[test]
fn enterprises_are_well_formed() {
    let d = demo(5000);
    let classes = small_classes();
    let mut names = HashSet::new();
    let mut codes = HashSet::new();
    for (i, e) in d.enterprises.iter().enumerate() {
        assert!(classes.contains(e.industry_code), "{} {}", e.name, e.industry_code);
        assert!(is_valid_credit_code(&e.credit_code), "{}", e.credit_code);
        assert_eq!(&e.credit_code[2..8], "321091");
        assert!(codes.insert(e.credit_code.clone()));
        assert!(names.insert(e.name.clone()));
        assert!(e.park < d.parks.len());
        assert!(e.chain.is_none_or(|c| c < d.chains.len()));
        assert!(e.land_mu_centi >= 0);
        assert!(e.address.starts_with("扬州经济技术开发区"));
        assert!(!e.entrepreneurs.is_empty() && e.entrepreneurs.len() <= 2);
        for p in &e.entrepreneurs {
            assert!(p.mobile.len() == 11 && p.mobile.starts_with('1'));
            assert!((2..=3).contains(&p.name.chars().count()));
        }
        assert!(e.established < DemoOptions::default().today);
        if i >= MIN_ENTERPRISES {
            assert_eq!(e.above_size, d.year_sales(i, 2021) >= 2_000 * 1_000_000);
        }
    }
    let excellent = d
        .enterprises
        .iter()
        .flat_map(|e| &e.entrepreneurs)
        .filter(|p| p.honors.iter().any(|h| h == "十大优秀企业家(2021)"))
        .count();
    assert_eq!(excellent, 10);
    let top30 = d.enterprises.iter().filter(|e| !e.honors.is_empty()).count();
    assert_eq!(top30, 30);
}

#[test]
fn credit_code_checker_rejects_bad_codes() {
    assert!(is_valid_credit_code("91350100M000100Y43"));
    assert!(!is_valid_credit_code("91350100M000100Y42"));
    assert!(!is_valid_credit_code(""));
    assert!(!is_valid_credit_code("91350100M000100Y4３"));
}
