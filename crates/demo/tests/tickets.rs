//! Service-desk tickets: every history follows the domain's state machine, times ascend before the
//! load day, today's queues are alive, determinism, independence and scale.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use zoneops_demo::{Demo, DemoOptions, TICKET_ROUTING, TicketSeed, default_ticket_count, generate};
use zoneops_domain::ticket::{self, Side, transition};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn demo(seed: u64, enterprises: usize, today: &str) -> Demo {
    generate(&DemoOptions { seed, enterprises, today: date(today), ..DemoOptions::default() })
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap()
}

/// The side that takes an action in the generated histories.
fn side(action: &str) -> Side {
    match action {
        "dispatch" | "reroute" | "insist" | "close_unresolved" => Side::Dispatcher,
        "accept" | "start" | "pause" | "resume" | "return" | "resolve" => Side::Department,
        _ => Side::Requester,
    }
}

/// Weekdays in `(a, b]`.
fn weekdays_between(a: NaiveDate, b: NaiveDate) -> i64 {
    a.iter_days()
        .skip(1)
        .take_while(|d| *d <= b)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .count() as i64
}

fn first_dispatch(t: &TicketSeed) -> Option<NaiveDateTime> {
    t.events.iter().find(|e| e.action == "dispatch").map(|e| e.at)
}

/// Dispatched more than 13 working days (weekdays) before today and not resolved.
fn overdue(t: &TicketSeed, today: NaiveDate) -> bool {
    ticket::is_open(t.state) && first_dispatch(t).is_some_and(|d| weekdays_between(d.date(), today) > 13)
}

/// Replays one ticket through the state machine and checks everything else about it.
fn check_ticket(d: &Demo, today: NaiveDate, i: usize, t: &TicketSeed) {
    let cutoff = midnight(today);
    let code_in = |table: &[zoneops_domain::invest::Labeled], c: &str| table.iter().any(|x| x.code == c);
    assert!(ticket::Channel::parse(t.channel).is_some(), "{i}: channel {}", t.channel);
    assert!(code_in(ticket::DEFAULT_CATEGORIES, t.category), "{i}: category {}", t.category);
    assert!(ticket::Priority::parse(t.priority).is_some(), "{i}: priority {}", t.priority);
    assert!(ticket::TicketState::parse(t.state).is_some(), "{i}: state {}", t.state);
    assert!(!t.title.is_empty() && !t.detail.is_empty() && !t.contact_name.is_empty(), "{i}");
    assert_eq!(t.contact_phone.len(), 11, "{i}");
    assert!(t.created >= midnight(date("2021-01-01")) && t.created < cutoff, "{i}: created {}", t.created);

    match t.channel {
        "hotline" => assert_eq!((t.enterprise, t.project), (None, None), "{i}: hotline"),
        "project" => {
            let p = &d.projects[t.project.expect("project ticket has a project")];
            assert!(p.stages[0].actual.unwrap() < t.created.date(), "{i}: project signed before the ticket");
            assert!(t.enterprise.is_none() || t.enterprise == p.enterprise, "{i}");
        }
        "meeting" => assert_eq!(t.project, None),
        _ => assert!(t.enterprise.is_some() && t.project.is_none(), "{i}: {}", t.channel),
    }
    if let Some(e) = t.enterprise {
        let ent = &d.enterprises[e];
        assert!(ent.established <= t.created.date(), "{i}: enterprise exists");
        if t.project.is_none() {
            assert_eq!(t.company, ent.name, "{i}");
        }
    }

    let mut state = "new";
    let mut prev = t.created;
    let mut rating: Option<(bool, i32)> = None;
    let mut resolution = String::new();
    let mut routed = None;
    for e in &t.events {
        assert!(e.at > prev, "{i}: times ascend ({} then {})", prev, e.at);
        assert!(e.at < cutoff, "{i}: {} after the load day", e.at);
        prev = e.at;
        let reason = e.reason.as_deref().unwrap_or("");
        if e.action == "rate" {
            assert!(matches!(state, "resolved" | "closed"), "{i}: rate on {state}");
            assert!(reason.starts_with("已解决；满意度"), "{i}: {reason}");
            assert_eq!(e.department, None);
            rating = Some((true, satisfaction_in(reason)));
            state = "closed";
            continue;
        }
        if e.action == "reopen" {
            // A reopen here is the call-back's "not solved" (a rating, not the 重新办理 button):
            // after 办结, or after a close that no "solved" rating confirmed.
            assert!(matches!(state, "resolved" | "closed"), "{i}: reopen on {state}");
            assert!(state == "resolved" || rating.is_none_or(|r| !r.0), "{i}: a solved ticket stays closed");
            assert!(reason.starts_with("未解决；满意度"), "{i}: a reopen is a not-solved rating: {reason}");
            rating = Some((false, satisfaction_in(reason)));
            state = ticket::TicketAction::Reopen.rule().to.code();
            continue;
        }
        let (from, action) =
            (ticket::TicketState::parse(state).unwrap(), ticket::TicketAction::parse(e.action).unwrap());
        let act = transition(from, action, &[side(e.action)])
            .unwrap_or_else(|err| panic!("{i}: {} from {state}: {err:?}\n{t:#?}", e.action));
        if e.action == "close" {
            // The dispatcher (calling back) may take it too.
            assert!(transition(from, action, &[Side::Dispatcher]).is_ok());
        }
        if act.reason_required {
            assert!(!reason.is_empty(), "{i}: {} needs a reason", e.action);
        }
        if act.needs_department {
            assert!(e.department.is_some_and(|x| x < d.departments.len()), "{i}: {} needs a department", e.action);
            routed = e.department;
        } else {
            assert_eq!(e.department, None, "{i}: {} sets no department", e.action);
        }
        if e.action == "resolve" {
            resolution = reason.to_string();
        }
        state = act.to.code();
    }
    assert_eq!(state, t.state, "{i}: final state");
    assert_eq!(resolution, t.resolution, "{i}");
    assert_eq!(rating.map(|r| r.0), t.solved, "{i}");
    assert_eq!(rating.map(|r| r.1), t.satisfaction, "{i}");
    assert!(t.satisfaction.is_none_or(|s| (1..=5).contains(&s)));
    assert!(t.rating_comment.is_empty() || t.satisfaction.is_some());
    if t.state == "new" {
        assert!(t.events.is_empty());
    }
    assert_eq!(t.department(), routed, "{i}: the department of the last dispatch or reroute");
}

fn satisfaction_in(reason: &str) -> i32 {
    let after = reason.split("满意度").nth(1).expect("satisfaction");
    after.chars().next().and_then(|c| c.to_digit(10)).expect("a digit") as i32
}

fn check_all(d: &Demo, today: NaiveDate) {
    assert!(!d.tickets.is_empty());
    assert!(d.tickets.windows(2).all(|w| w[0].created <= w[1].created), "ordered by filing time");
    for (i, t) in d.tickets.iter().enumerate() {
        check_ticket(d, today, i, t);
    }
}

fn states(d: &Demo) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for t in &d.tickets {
        *m.entry(t.state).or_insert(0) += 1;
    }
    m
}

fn check_queues(d: &Demo, today: NaiveDate) {
    let s = states(d);
    let n = |k: &str| s.get(k).copied().unwrap_or(0);
    assert!(n("new") >= 3, "{today}: several new awaiting dispatch: {s:?}");
    assert!(n("dispatched") >= 1, "{today}: {s:?}");
    assert!(n("accepted") + n("in_progress") >= 2, "{today}: {s:?}");
    assert!(n("returned") >= 1, "{today}: returned awaiting review: {s:?}");
    assert!(n("paused") >= 1, "{today}: {s:?}");
    let late = d.tickets.iter().filter(|t| overdue(t, today)).count();
    assert!(late >= 4, "{today}: overdue {late}");
    // The open ones are recent.
    let month_ago = today - Duration::days(120);
    assert!(
        d.tickets.iter().filter(|t| ticket::is_open(t.state)).all(|t| t.created.date() >= month_ago),
        "{today}: nothing lingers open for months"
    );
}

#[test]
fn histories_follow_the_state_machine() {
    for (seed, today) in [(2022, "2026-11-27"), (7, "2023-03-06"), (42, "2025-10-09"), (0xDEAD_BEEF, "2024-02-12")] {
        let d = demo(seed, 800, today);
        let today = date(today);
        check_all(&d, today);
        check_queues(&d, today);
    }
}

#[test]
fn plausible_mix() {
    let today = date("2026-11-27");
    let d = demo(2022, 800, "2026-11-27");
    let total = d.tickets.len();
    assert_eq!(total, default_ticket_count(800, today));
    assert!((4_000..5_500).contains(&total), "about one per enterprise per year: {total}");
    let s = states(&d);
    assert!(s["closed"] > total * 7 / 10, "{s:?}");
    assert!(s["closed_unresolved"] > total / 100 && s["closed_unresolved"] < total / 20, "{s:?}");

    // Every channel, category and priority occurs; hotline callers are not linked.
    for c in ticket::Channel::ALL {
        assert!(d.tickets.iter().filter(|t| t.channel == c.code()).count() > total / 30, "{c}");
    }
    for c in ticket::DEFAULT_CATEGORIES {
        assert!(d.tickets.iter().any(|t| t.category == c.code), "{}", c.code);
    }
    let urgent: Vec<&TicketSeed> = d.tickets.iter().filter(|t| t.priority == "urgent").collect();
    assert!(urgent.len() > total / 40 && urgent.len() < total / 10);

    // Resolution times: urgent the same day; the others mostly within 13 working days, some late.
    let (mut within, mut late) = (0, 0);
    for t in d.tickets.iter().filter(|t| t.events.iter().filter(|e| e.action == "resolve").count() == 1) {
        let dispatched = first_dispatch(t).unwrap();
        let resolved = t.events.iter().find(|e| e.action == "resolve").unwrap().at;
        if t.priority == "urgent" {
            assert_eq!(resolved.date(), dispatched.date(), "urgent: the same day");
        } else if weekdays_between(dispatched.date(), resolved.date()) <= 13 {
            within += 1;
        } else {
            late += 1;
        }
    }
    assert!(within > 4 * late && late > 0, "within {within}, late {late}");

    // Returns are reviewed: rerouted or insisted; some were rerouted to another department.
    let count = |a: &str| d.tickets.iter().filter(|t| t.events.iter().any(|e| e.action == a)).count();
    assert!(count("return") > total / 50, "returns {}", count("return"));
    assert!(count("reroute") > 0 && count("insist") > 0 && count("pause") > total / 20);
    assert!(count("reopen") > 0 && count("rate") > total / 2);
    // Paused for a reason such as waiting for the enterprise's documents.
    assert!(d.tickets.iter().flat_map(|t| &t.events).any(|e| e.reason.as_deref() == Some("等待企业补充材料")));

    // Satisfaction mostly 4–5.
    let sats: Vec<i32> = d.tickets.iter().filter_map(|t| t.satisfaction).collect();
    let high = sats.iter().filter(|&&s| s >= 4).count();
    assert!(high * 10 > sats.len() * 7, "{high} of {}", sats.len());
    assert!(d.tickets.iter().any(|t| t.solved == Some(false)));

    // Dispatch happens mostly in office hours on weekdays; most tickets end at their category's
    // department.
    let routing = d.ticket_departments();
    assert_eq!(routing.len(), TICKET_ROUTING.len());
    for ((cat, i), (c, code)) in routing.iter().zip(TICKET_ROUTING) {
        assert_eq!((*cat, d.departments[*i].code), (c, code));
    }
    let routed = d.tickets.iter().filter(|t| t.department().is_some()).count();
    let right = d
        .tickets
        .iter()
        .filter(|t| t.department().is_some_and(|x| routing.iter().any(|(c, i)| *c == t.category && *i == x)))
        .count();
    assert!(right * 100 > routed * 95, "{right} of {routed}");
}

#[test]
fn deterministic_and_independent() {
    let a = demo(5, 800, "2026-11-27");
    let b = demo(5, 800, "2026-11-27");
    assert_eq!(a.tickets, b.tickets);
    let c = demo(6, 800, "2026-11-27");
    assert_ne!(a.tickets[..50], c.tickets[..50]);

    // The ticket option changes tickets only.
    let opts = DemoOptions { seed: 5, tickets: 300, today: date("2026-11-27"), ..DemoOptions::default() };
    let small = generate(&opts);
    assert_eq!(small.tickets.len(), 300);
    assert_eq!(small.enterprises, a.enterprises);
    assert_eq!(small.projects, a.projects);
    assert_eq!(small.leads, a.leads);
    assert_eq!(small.activities, a.activities);
    check_all(&small, opts.today);

    // A tiny number of tickets still follows the rules.
    let tiny = generate(&DemoOptions { tickets: 5, ..opts.clone() });
    assert_eq!(tiny.tickets.len(), 5);
    check_all(&tiny, opts.today);
}

#[test]
fn a_million_tickets_on_a_large_zone() {
    let today = date("2026-11-27");
    let opts = DemoOptions { seed: 9, enterprises: 100_000, tickets: 1_000_000, today, ..DemoOptions::default() };
    let t0 = Instant::now();
    let d = generate(&opts);
    let took = t0.elapsed();
    let n = d.tickets.len();
    let events: usize = d.tickets.iter().map(|t| t.events.len()).sum();
    println!("{n} tickets with {events} events generated (with 100,000 enterprises) in {took:.2?}");
    assert!((950_000..=1_050_000).contains(&n), "{n}");
    // Every history is valid; checking them all takes longer than generating, so a stride.
    for (i, t) in d.tickets.iter().enumerate().step_by(97) {
        check_ticket(&d, today, i, t);
    }
    for (i, t) in d.tickets.iter().enumerate().skip(n - 20_000) {
        check_ticket(&d, today, i, t);
    }
    check_queues(&d, today);
    assert!(d.tickets.iter().any(|t| t.enterprise.is_some_and(|e| e > 90_000)), "the whole zone files tickets");
}
