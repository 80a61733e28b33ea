//! Prints the demo zone's tier counts per year and times a full generation.
//! `cargo run --release -p zoneops-demo --example demo_summary -- [enterprises] [seed]`

use std::time::Instant;

use zoneops_demo::{DemoOptions, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let enterprises = args.next().and_then(|a| a.parse().ok()).unwrap_or(800);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(2022);
    let opts = DemoOptions { seed, enterprises, ..DemoOptions::default() };

    let t = Instant::now();
    let demo = generate(&opts);
    let t_gen = t.elapsed();
    let t = Instant::now();
    let mut rows = 0usize;
    for i in 0..demo.enterprises.len() {
        rows += demo.indicators(i).len();
    }
    let t_ind = t.elapsed();
    assert_eq!(rows, demo.indicator_count());
    println!("{} enterprises: generate {:?}, all indicators {:?} ({rows} rows)", demo.enterprises.len(), t_gen, t_ind);
    let mut states = std::collections::BTreeMap::new();
    for t in &demo.tickets {
        *states.entry(t.state).or_insert(0usize) += 1;
    }
    println!("{} tickets by state: {states:?}", demo.tickets.len());

    const YI: i64 = 10_000_000_000;
    for year in 2020..=2026 {
        let s: Vec<i64> = (0..demo.enterprises.len()).map(|i| demo.year_sales(i, year)).collect();
        let n = |min: i64| s.iter().filter(|&&v| v >= min).count();
        let total: i64 = s.iter().sum();
        println!(
            "{year}: ≥1亿 {:4}  ≥10亿 {:3}  ≥100亿 {:2}  zone sales {:.1}亿",
            n(YI),
            n(10 * YI),
            n(100 * YI),
            total as f64 / YI as f64
        );
    }
    for key in zoneops_demo::named_keys() {
        let i = demo.enterprise_by_key(key).unwrap_or(0);
        let e = &demo.enterprises[i];
        let s: Vec<String> =
            (2020..=2025).map(|y| format!("{:.1}", demo.year_sales(i, y) as f64 / YI as f64)).collect();
        println!("{key:9} {} {} 亿: {}", e.name, e.industry_code, s.join(" "));
    }
}
