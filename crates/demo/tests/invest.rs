//! Investment attraction and projects: the article's facts, the date rules of the stage template
//! and of lead moves, the pipeline's shape, determinism and scale.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use zoneops_demo::{Demo, DemoOptions, MIN_ENTERPRISES, PROJECT_STAGES, ProjectSeed, TargetSubject, generate};

const YI: i64 = 10_000_000_000;
const PREREQ: [&[usize]; 8] = [&[], &[0], &[0], &[1, 2], &[3], &[4], &[5], &[6]];
const LIMITS: [i64; 8] = [0, 30, 90, 30, 365, 30, 60, 365];

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn demo(seed: u64, enterprises: usize, today: &str) -> Demo {
    generate(&DemoOptions { seed, enterprises, today: date(today), ..DemoOptions::default() })
}

fn signed(p: &ProjectSeed) -> NaiveDate {
    p.stages[0].actual.expect("every project is signed")
}

fn project(d: &Demo, key: &str) -> ProjectSeed {
    d.projects.iter().find(|p| p.key == Some(key)).cloned().unwrap_or_else(|| panic!("no project {key}"))
}

fn actual(p: &ProjectSeed, stage: &str) -> NaiveDate {
    let i = PROJECT_STAGES.iter().position(|s| *s == stage).unwrap();
    p.stages[i].actual.unwrap_or_else(|| panic!("{} has no {stage}", p.name))
}

fn check_article(d: &Demo, today: NaiveDate) {
    let (w0, w1) = (date("2022-01-01"), date("2022-08-31"));
    let am: Vec<i64> = d
        .projects
        .iter()
        .filter(|p| p.category == "advanced_manufacturing" && (w0..=w1).contains(&signed(p)))
        .map(|p| p.investment)
        .collect();
    assert_eq!(am.len(), 51, "{today}");
    assert_eq!(am.iter().sum::<i64>(), 598 * YI);
    assert_eq!(am.iter().filter(|&&v| v >= 100 * YI).count(), 2);
    assert_eq!(am.iter().filter(|&&v| (50 * YI..100 * YI).contains(&v)).count(), 3);
    assert!(am.iter().all(|&v| v >= YI && v % 100_000_000 == 0), "others from 1亿, whole 百万元");

    let (a0, a1) = (date("2021-09-01"), date("2022-08-31"));
    let count = |kind: &str| d.activities.iter().filter(|a| a.kind == kind && (a0..=a1).contains(&a.start)).count();
    assert_eq!((count("trip"), count("reception")), (716, 1090), "{today}");
    assert!(count("online") > 100);
    assert!(count("promotion") >= 4, "quarterly promotion events");
    let days: BTreeSet<NaiveDate> = d
        .activities
        .iter()
        .filter(|a| a.kind == "reception" && (a0..=a1).contains(&a.start))
        .map(|a| a.start)
        .collect();
    assert!(days.len() > 250 && days.len() < 1090, "spread over the days, some on the same day");

    let ja = project(d, "ja");
    assert_eq!(ja.enterprise, d.enterprise_by_key("ja"));
    let (start, prod) = (actual(&ja, "started"), actual(&ja, "production"));
    assert_eq!(start.checked_add_months(chrono::Months::new(6)), Some(prod), "晶澳 6 months");
    assert_eq!(start.day(), prod.day());
    for key in ["huapeng", "lingyi"] {
        let p = project(d, key);
        assert_eq!(p.enterprise, d.enterprise_by_key(key));
        let dates: Vec<NaiveDate> =
            ["signed", "started", "completed", "production"].iter().map(|s| actual(&p, s)).collect();
        assert!(dates.iter().all(|x| x.year() == 2021), "{key} {dates:?}");
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{key} {dates:?}");
    }
}

fn check_projects(d: &Demo, today: NaiveDate) {
    let yesterday = today - Duration::days(1);
    let (w0, w1) = (date("2022-01-01"), date("2022-08-31"));
    for cat in ["advanced_manufacturing", "modern_services", "infrastructure"] {
        assert!(d.projects.iter().any(|p| p.category == cat && !(w0..=w1).contains(&signed(p))), "{cat}");
    }
    let mut last = NaiveDate::MIN;
    for p in &d.projects {
        let name = &p.name;
        assert!(name.ends_with("项目"), "{name}");
        assert!(p.park < d.parks.len() && p.owner < d.investors.len());
        assert!(p.chain.is_none_or(|c| c < d.chains.len()));
        assert!(p.enterprise.is_none_or(|e| e < d.enterprises.len()));
        assert!(p.investment > 0);
        let s = signed(p);
        assert!(s >= last, "ordered by signing date");
        last = s;
        assert!(s >= date("2021-01-01"));
        let planned: Vec<NaiveDate> = p.stages.iter().map(|x| x.planned.expect("planned")).collect();
        assert_eq!(planned[0], s);
        for i in 1..8 {
            let base = PREREQ[i].iter().map(|&j| planned[j]).max().unwrap();
            let gap = (planned[i] - base).num_days();
            if i == 4 {
                assert!((240..=540).contains(&gap), "{name}: completed {gap}");
            } else {
                assert_eq!(gap, LIMITS[i], "{name}: {}", PROJECT_STAGES[i]);
            }
        }
        for (i, st) in p.stages.iter().enumerate() {
            let Some(a) = st.actual else { continue };
            // A signing may be today only when the month begins today (this month's contest).
            let month_begins = i == 0 && a == today && today.day() == 1;
            assert!(a <= yesterday || month_begins, "{name}: {} {a} after yesterday", PROJECT_STAGES[i]);
            for &j in PREREQ[i] {
                let pa =
                    p.stages[j].actual.unwrap_or_else(|| panic!("{name}: {} without prerequisite", PROJECT_STAGES[i]));
                assert!(pa <= a, "{name}: {} {a} before {} {pa}", PROJECT_STAGES[i], PROJECT_STAGES[j]);
            }
        }
        for w in &p.progress {
            assert_eq!(w.week.weekday(), Weekday::Mon);
            assert!(w.week <= today && w.week + Duration::days(6) >= s, "{name}: progress {}", w.week);
            assert!(!w.done.is_empty());
        }
        assert!(p.problems.len() <= 2);
        for pr in &p.problems {
            assert!(s <= pr.raised && pr.raised <= yesterday);
            assert!(pr.solved.is_none_or(|x| pr.raised <= x && x <= yesterday));
        }
        if p.stages[7].actual.is_some() {
            assert!(p.progress.is_empty(), "progress only for projects under way");
        }
    }
    let active: Vec<&ProjectSeed> = d.projects.iter().filter(|p| p.stages[7].actual.is_none()).collect();
    let late = active.iter().filter(|p| p.stages.iter().any(|s| s.actual.is_none() && s.planned.unwrap() < today));
    let late = late.count();
    let soon = active
        .iter()
        .filter(|p| {
            p.stages
                .iter()
                .any(|s| s.actual.is_none() && (today..=today + Duration::days(7)).contains(&s.planned.unwrap()))
        })
        .count();
    assert!(late >= 1 && soon >= 1, "{today}: late {late}, due soon {soon}");
    assert!(late * 100 <= active.len() * 30, "{today}: late {late} of {}", active.len());
    assert!(active.iter().any(|p| !p.progress.is_empty()));
    // Recent signings are at early stages.
    for p in d.projects.iter().filter(|p| signed(p) > today - Duration::days(45)) {
        assert!(p.stages[3].actual.is_none(), "{} started within 45 days of signing", p.name);
    }
}

const OPEN: [&str; 3] = ["lead", "contact", "negotiation"];

fn allowed(from: &str, to: &str, reason: bool) -> bool {
    let pos = |s: &str| ["lead", "contact", "negotiation", "signed"].iter().position(|x| *x == s);
    match (from, to) {
        (f, "lost") => OPEN.contains(&f) && reason,
        ("lost", t) => OPEN.contains(&t) && reason,
        (f, t) => match (pos(f), pos(t)) {
            (Some(a), Some(b)) if b == a + 1 => true,
            (Some(a), Some(b)) if a == b + 1 && f != "signed" => reason,
            _ => false,
        },
    }
}

fn check_leads(d: &Demo, today: NaiveDate) {
    let yesterday = today - Duration::days(1);
    let mut from_projects = 0;
    let mut last_created = NaiveDate::MIN;
    for (i, l) in d.leads.iter().enumerate() {
        assert!(l.created >= last_created, "ordered by creation");
        last_created = l.created;
        assert!(l.owner < d.investors.len() && l.park < d.parks.len());
        assert!(l.intended_investment > 0);
        assert!(l.chain.is_none_or(|c| c < d.chains.len()));
        assert!(["business", "agency", "expo", "online", "visit", "referral", "other"].contains(&l.source));
        assert!(["new", "expansion", "retention"].contains(&l.kind));
        // A new company may already be registered in the zone when its project is signed.
        assert!(l.kind == "new" || l.enterprise.is_some(), "{i}: {} {:?}", l.kind, l.enterprise);
        assert!(l.enterprise.is_none() || l.kind != "new" || l.project.is_some());
        assert_eq!(l.confidential, l.codename.is_some());
        if let Some(c) = &l.codename {
            assert!(c.starts_with("项目") && c.contains('-'), "{c}");
        }
        assert!(l.contact_phone.len() == 11);
        let mut stage = "lead";
        let mut prev = l.created;
        for (at, to, reason) in &l.moves {
            assert!(*at > prev, "lead {i}: moves dated in order");
            assert!(*at <= yesterday, "lead {i}: move after yesterday");
            assert!(allowed(stage, to, reason.is_some()), "lead {i}: {stage} → {to} {reason:?}");
            if *to == "lost" {
                assert!(reason.as_deref().is_some_and(|r| !r.is_empty()));
            }
            prev = *at;
            stage = to;
        }
        match l.project {
            Some(j) => {
                from_projects += 1;
                let p = &d.projects[j];
                assert_eq!(stage, "signed");
                assert_eq!(l.moves.last().map(|m| m.0), Some(signed(p)));
                assert_eq!((l.park, l.owner, l.enterprise), (p.park, p.owner, p.enterprise));
                assert!(l.moves.iter().any(|m| m.1 == "contact"));
            }
            None => assert_ne!(stage, "signed"),
        }
    }
    assert!(from_projects * 10 >= d.projects.len() * 6, "most projects come from leads");
    let projects: BTreeSet<usize> = d.leads.iter().filter_map(|l| l.project).collect();
    assert_eq!(projects.len(), from_projects, "one lead per project");

    let open: Vec<_> =
        d.leads.iter().filter(|l| OPEN.contains(&l.moves.last().map(|m| m.1).unwrap_or("lead"))).collect();
    for park in 0..d.parks.len() {
        assert!(open.iter().filter(|l| l.park == park).count() >= 3, "park {park}");
    }
    let park0_negotiations = open
        .iter()
        .filter(|l| {
            l.park == 0
                && l.moves.last().map(|m| m.1) == Some("negotiation")
                && (l.owner == 0 || d.investors[l.owner].park == Some(0))
        })
        .count();
    assert!(park0_negotiations >= 2);
    for stage in OPEN {
        assert!(open.iter().any(|l| l.moves.last().map(|m| m.1).unwrap_or("lead") == stage), "{stage}");
    }
    assert!(open.iter().all(|l| l.created >= today - Duration::days(250)));
    let lost = d.leads.iter().filter(|l| l.moves.last().is_some_and(|m| m.1 == "lost")).count();
    assert!(lost >= 10);
    assert!(d.leads.iter().any(|l| l.confidential));
    assert!(d.leads.iter().any(|l| l.kind == "expansion") && d.leads.iter().any(|l| l.kind == "retention"));
}

fn check_activities(d: &Demo, today: NaiveDate) {
    let yesterday = today - Duration::days(1);
    let mut last = NaiveDate::MIN;
    for a in &d.activities {
        assert!(["trip", "reception", "online", "promotion"].contains(&a.kind));
        assert!(a.start >= last);
        last = a.start;
        assert!(a.start <= a.end && a.end <= yesterday, "{a:?}");
        assert!(a.start >= date("2021-01-01"));
        assert!(a.owner < d.investors.len());
        assert!(a.park.is_none_or(|p| p < d.parks.len()));
        assert!(!a.title.is_empty() && !a.location.is_empty() && !a.counterpart.is_empty() && !a.outcome.is_empty());
        assert!(a.participants.contains(&d.investors[a.owner].display_name));
        for &l in &a.leads {
            let lead = &d.leads[l];
            assert!(lead.created <= a.start);
        }
        assert!(a.enterprises.iter().all(|&e| e < d.enterprises.len()));
    }
    assert!(d.activities.iter().any(|a| !a.leads.is_empty()));
    assert!(d.activities.iter().any(|a| a.start > today - Duration::days(30)), "activity up to today");
}

fn check_rest(d: &Demo, today: NaiveDate) {
    assert_eq!(d.investors[0].username, "investor");
    assert_eq!(d.investors[0].display_name, "招商人员");
    assert_eq!(d.investors[0].park, None);
    assert_eq!(d.investors.len(), 1 + 3 * d.parks.len());
    for inv in &d.investors[1..] {
        let park = inv.park.expect("park");
        assert!(inv.username.starts_with(&format!("inv_{}_", d.parks[park].code)), "{}", inv.username);
    }
    let usernames: BTreeSet<&str> = d.investors.iter().map(|i| i.username.as_str()).collect();
    assert_eq!(usernames.len(), d.investors.len());
    assert!(d.projects.iter().any(|p| p.owner == 0));

    let mut periods = vec![];
    for y in 2022..=today.year() {
        periods.extend([format!("{y}"), format!("{y}-H1"), format!("{y}-H2")]);
    }
    periods.extend((1..=12).map(|m| format!("{}-{m:02}", today.year())));
    let subjects: Vec<TargetSubject> = (0..d.parks.len())
        .map(TargetSubject::Park)
        .chain((0..d.investors.len()).map(TargetSubject::Investor))
        .collect();
    for s in &subjects {
        for p in &periods {
            let t = d.targets.iter().find(|t| &t.subject == s && &t.period == p);
            let t = t.unwrap_or_else(|| panic!("no target {s:?} {p}"));
            assert!(t.signed_count >= 1 && t.signed_amount > 0 && t.trips >= 1 && t.receptions >= 1);
        }
    }
    assert_eq!(d.targets.len(), subjects.len() * periods.len());
    // Over the past years, some parks met their yearly signing targets and some did not.
    let mut met = BTreeSet::new();
    for y in 2022..today.year() {
        for park in 0..d.parks.len() {
            let t = d.targets.iter().find(|t| t.subject == TargetSubject::Park(park) && t.period == y.to_string());
            let n = d.projects.iter().filter(|p| p.park == park && signed(p).year() == y).count() as i64;
            met.insert(n >= t.unwrap().signed_count);
        }
    }
    assert!(today.year() == 2022 || met.len() == 2, "{met:?}");

    let this_week = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    for inv in 0..d.investors.len() {
        let weeks: Vec<_> = d.weekly_plans.iter().filter(|w| w.investor == inv).collect();
        assert_eq!(weeks.len(), 8);
        assert_eq!(weeks.last().map(|w| w.week), Some(this_week));
        for w in &weeks {
            assert_eq!(w.week.weekday(), Weekday::Mon);
            assert!((3..=6).contains(&w.items.len()));
        }
    }
    let past: Vec<bool> =
        d.weekly_plans.iter().filter(|w| w.week < this_week).flat_map(|w| w.items.iter().map(|i| i.1)).collect();
    let done = past.iter().filter(|x| **x).count();
    assert!(done * 10 >= past.len() * 7 && done < past.len(), "past weeks mostly done");
    assert!(d.weekly_plans.iter().filter(|w| w.week == this_week).all(|w| w.items.iter().any(|i| !i.1)));
}

#[test]
fn article_facts_for_seeds_days_and_sizes() {
    for today in ["2022-09-01", "2024-06-15", "2026-11-27"] {
        for (seed, enterprises) in [(2022, 800), (1, MIN_ENTERPRISES), (77, 800), (987_654_321, MIN_ENTERPRISES)] {
            let d = demo(seed, enterprises, today);
            let t = date(today);
            check_article(&d, t);
            check_projects(&d, t);
            check_leads(&d, t);
            check_activities(&d, t);
            check_rest(&d, t);
        }
    }
}

/// 月度竞赛: the load date's month has signings in at least five parks by at least four
/// investors, whatever the day of the month (the first included).
#[test]
fn this_months_contest_has_signings_over_parks_and_investors() {
    for today in ["2022-09-01", "2024-06-15", "2026-11-27", "2026-12-01", "2027-03-31"] {
        for (seed, enterprises) in [(2022, 800), (1, MIN_ENTERPRISES), (77, 800)] {
            let d = demo(seed, enterprises, today);
            let t = date(today);
            let month: Vec<&ProjectSeed> =
                d.projects.iter().filter(|p| signed(p).year() == t.year() && signed(p).month() == t.month()).collect();
            let parks: BTreeSet<usize> = month.iter().map(|p| p.park).collect();
            let owners: BTreeSet<usize> = month.iter().map(|p| p.owner).collect();
            assert!(parks.len() >= 5 && owners.len() >= 4, "{today} seed {seed}: parks {parks:?}, owners {owners:?}");
            assert!(month.iter().all(|p| signed(p) <= t), "{today}: no signing after the load date");
        }
    }
}

#[test]
fn article_facts_for_many_seeds() {
    for seed in 0..40 {
        let d = demo(seed, MIN_ENTERPRISES, "2023-02-20");
        check_article(&d, date("2023-02-20"));
        check_projects(&d, date("2023-02-20"));
    }
}

#[test]
fn default_zone_is_lively() {
    let d = generate(&DemoOptions::default());
    let today = DemoOptions::default().today;
    let per_year = d.projects.len() as f64 / ((today - date("2021-01-01")).num_days() as f64 / 365.0);
    assert!((60.0..=90.0).contains(&per_year), "{per_year} projects a year");
    let open = d.leads.iter().filter(|l| OPEN.contains(&l.moves.last().map(|m| m.1).unwrap_or("lead"))).count();
    assert!((40..=80).contains(&open), "{open} open leads");
    let active = d.projects.iter().filter(|p| p.stages[7].actual.is_none()).count();
    let late =
        d.projects.iter().filter(|p| p.stages.iter().any(|s| s.actual.is_none() && s.planned.unwrap() < today)).count();
    assert!(late * 100 >= active * 8 && late * 100 <= active * 25, "late {late} of {active}");
    assert!(d.projects.iter().any(|p| p.stages[0].actual.unwrap().year() == today.year()));
}

#[test]
fn deterministic() {
    let opts = DemoOptions { seed: 5, enterprises: 300, ..DemoOptions::default() };
    let (a, b) = (generate(&opts), generate(&opts));
    assert_eq!(a.investors, b.investors);
    assert_eq!(a.projects, b.projects);
    assert_eq!(a.leads, b.leads);
    assert_eq!(a.activities, b.activities);
    assert_eq!(a.targets, b.targets);
    assert_eq!(a.weekly_plans, b.weekly_plans);
    let c = generate(&DemoOptions { seed: 6, ..opts });
    assert_ne!(a.projects, c.projects);
}

#[test]
fn options_for_projects_and_investors() {
    let d = generate(&DemoOptions { projects: 300, investors: 50, enterprises: 400, ..DemoOptions::default() });
    assert_eq!(d.projects.len(), 300);
    assert_eq!(d.investors.len(), 50);
    assert_eq!(d.investors[49].username, "inv_digital_7");
    check_article(&d, DemoOptions::default().today);
    // Asking for fewer than the article's projects still keeps them.
    let d =
        generate(&DemoOptions { projects: 10, investors: 1, enterprises: MIN_ENTERPRISES, ..DemoOptions::default() });
    check_article(&d, DemoOptions::default().today);
    assert!(d.projects.iter().all(|p| p.owner == 0));
}

#[test]
fn twenty_thousand_projects_on_a_large_zone() {
    let d = generate(&DemoOptions { projects: 20_000, enterprises: 100_000, ..DemoOptions::default() });
    assert!((18_000..=22_000).contains(&d.projects.len()), "{}", d.projects.len());
    let today = DemoOptions::default().today;
    check_article(&d, today);
    check_projects(&d, today);
}
