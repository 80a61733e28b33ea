//! Prints the investment side of the demo zone and times its generation.
//! `cargo run --release -p zoneops-demo --example invest_summary -- [enterprises] [projects] [seed] [today]`

use std::time::Instant;

use chrono::NaiveDate;
use zoneops_demo::{DemoOptions, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let enterprises = args.next().and_then(|a| a.parse().ok()).unwrap_or(800);
    let projects = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(2022);
    let today = args.next().and_then(|a| NaiveDate::parse_from_str(&a, "%Y-%m-%d").ok());
    let mut opts = DemoOptions { seed, enterprises, projects, ..DemoOptions::default() };
    if let Some(t) = today {
        opts.today = t;
    }
    let t = Instant::now();
    let d = generate(&opts);
    println!(
        "{} enterprises, {} projects, {} leads, {} activities, {} targets, {} weekly plans, {} investors: {:?}",
        d.enterprises.len(),
        d.projects.len(),
        d.leads.len(),
        d.activities.len(),
        d.targets.len(),
        d.weekly_plans.len(),
        d.investors.len(),
        t.elapsed()
    );
    let today = opts.today;
    let active: Vec<_> = d.projects.iter().filter(|p| p.stages[7].actual.is_none()).collect();
    let late = active
        .iter()
        .filter(|p| p.stages.iter().any(|s| s.actual.is_none() && s.planned.is_some_and(|x| x < today)))
        .count();
    let soon = active
        .iter()
        .filter(|p| {
            p.stages.iter().any(|s| {
                s.actual.is_none() && s.planned.is_some_and(|x| x >= today && x <= today + chrono::Duration::days(7))
            })
        })
        .count();
    println!(
        "active {} late {} ({:.1}%) due within 7 days {}",
        active.len(),
        late,
        late as f64 * 100.0 / active.len().max(1) as f64,
        soon
    );
    let open: Vec<_> =
        d.leads.iter().filter(|l| l.moves.last().is_none_or(|m| matches!(m.1, "contact" | "negotiation"))).collect();
    println!("open leads {}", open.len());
    for kind in ["trip", "reception", "online", "promotion"] {
        let n = d.activities.iter().filter(|a| a.kind == kind).count();
        println!("{kind}: {n}");
    }
    if std::env::var("SHOW").is_ok() {
        for p in d.projects.iter().step_by((d.projects.len() / 12).max(1)) {
            println!("{p:?}");
        }
        for l in d.leads.iter().step_by((d.leads.len() / 8).max(1)) {
            println!("{l:?}");
        }
        for a in d.activities.iter().step_by((d.activities.len() / 8).max(1)) {
            println!("{a:?}");
        }
        for t in d.targets.iter().step_by((d.targets.len() / 8).max(1)) {
            println!("{t:?}");
        }
        println!("{:?}", d.weekly_plans.last());
        println!("{:?}", &d.investors[..3]);
    }
}
