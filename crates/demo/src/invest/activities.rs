//! Activities: outbound trips, receptions, online negotiations and quarterly promotion events.
//! 2021-09-01..=2022-08-31 holds exactly 716 trips and 1090 receptions (the article's year);
//! the rest of the history follows similar yearly rates. Leads are linked afterwards.

use chrono::{Datelike, NaiveDate};

use super::leads::Built as BuiltLead;
use super::projects::start;
use super::text;
use super::util::*;
use super::{ActivitySeed, Ctx};
use crate::rng::Rng;
use crate::zone::PARKS;

pub const TRIPS_IN_YEAR: usize = 716;
pub const RECEPTIONS_IN_YEAR: usize = 1090;

/// The article's activity year.
pub fn year_window() -> (NaiveDate, NaiveDate) {
    (ymd(2021, 9, 1), ymd(2022, 8, 31))
}

/// Per-day rates in hundredths (trips, receptions, online) by year outside the article's year.
fn rates(year: i32) -> (u64, u64, u64) {
    match year {
        ..=2021 => (170, 260, 80),
        2022 => (200, 290, 100),
        2023 => (230, 330, 50),
        2024 => (220, 320, 40),
        2025 => (230, 330, 40),
        _ => (220, 320, 40),
    }
}

/// Segments of `start()..=yesterday` outside the article's year, split by calendar year.
fn segments(yesterday: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let (w0, w1) = year_window();
    let mut out = Vec::new();
    for y in start().year()..=yesterday.year() {
        let (a, b) = (ymd(y, 1, 1).max(start()), ymd(y, 12, 31).min(yesterday));
        for (lo, hi) in [(a, b.min(add_days(w0, -1))), (a.max(add_days(w1, 1)), b)] {
            if lo <= hi {
                out.push((lo, hi));
            }
        }
    }
    out
}

fn counterpart(cx: &Ctx, rng: &mut Rng) -> (String, &'static str) {
    let city = text::city(rng);
    let brand = cx.names.brand(rng);
    let chain = (rng.index(9) < 8).then(|| rng.index(8));
    (text::company(rng, city, &brand, chain), city)
}

/// Title and location of an activity with a counterpart from `city`.
fn describe(rng: &mut Rng, kind: &str, city: &str, counterpart: &str, park: Option<usize>) -> (String, String) {
    match kind {
        "trip" => (format!("赴{city}拜访{counterpart}"), city.to_string()),
        "reception" => {
            let place = match park {
                Some(p) if rng.chance(500) => format!("{}展厅", PARKS[p].name),
                _ => rng.pick(&text::ZONE_PLACES).to_string(),
            };
            (format!("接待{counterpart}考察团"), place)
        }
        _ => (format!("与{counterpart}云洽谈"), "线上(视频会议)".to_string()),
    }
}

fn participants(cx: &Ctx, rng: &mut Rng, owner: usize, park: Option<usize>, extra: usize) -> Vec<String> {
    let mut v = vec![cx.investors[owner].display_name.clone()];
    for _ in 0..extra {
        let name = match park.map(|p| &cx.by_park[p]) {
            Some(list) if !list.is_empty() && rng.chance(600) => cx.investors[*rng.pick(list)].display_name.clone(),
            _ => rng.pick(&text::OFFICIALS).to_string(),
        };
        if !v.contains(&name) {
            v.push(name);
        }
    }
    v
}

fn owner_and_park(cx: &Ctx, rng: &mut Rng) -> (usize, Option<usize>) {
    let n = cx.investors.len();
    // The zone-level account does a larger share than anyone else.
    let owner = if rng.chance(60) { 0 } else { rng.index(n) };
    let park = cx.investors[owner].park.or_else(|| rng.chance(500).then(|| rng.index(PARKS.len())));
    (owner, park)
}

fn one(cx: &Ctx, rng: &mut Rng, kind: &'static str, start: NaiveDate) -> ActivitySeed {
    let (owner, park) = owner_and_park(cx, rng);
    let mut enterprises = Vec::new();
    let (cp, city) = if kind == "trip" && rng.chance(50) && !cx.enterprises.is_empty() {
        // A visit to the head office of one of the zone's enterprises.
        let i = rng.index(cx.enterprises.len());
        enterprises.push(i);
        (format!("{}集团总部", text::short_name(&cx.enterprises[i])), text::city(rng))
    } else {
        counterpart(cx, rng)
    };
    let (title, location) = describe(rng, kind, city, &cp, park);
    let end = match kind {
        "trip" => add_days(start, weighted(rng, &[(0, 2), (1, 4), (2, 3), (3, 1)])),
        _ => start,
    };
    let extra = rng.range(0, 2) as usize;
    ActivitySeed {
        kind,
        title,
        start,
        end: end.min(cx.yesterday).max(start),
        location,
        counterpart: cp,
        participants: participants(cx, rng, owner, park, extra),
        owner,
        park,
        outcome: text::outcome(rng, kind),
        leads: Vec::new(),
        enterprises,
    }
}

fn promotions(cx: &Ctx, out: &mut Vec<ActivitySeed>) {
    let first = start();
    let mut q = (first.year(), 1u32);
    loop {
        let (y, n) = q;
        let mut rng = Rng::from_parts(cx.seed ^ 0x09E0_0F10, (y as u64) * 10 + n as u64);
        let month = (n - 1) * 3 + 2;
        if ymd(y, month, 1) > cx.yesterday {
            break;
        }
        let events = if rng.chance(400) { 2 } else { 1 };
        for e in 0..events {
            let day = ymd(y, month + e, rng.range(10, 25) as u32);
            if day > cx.yesterday {
                continue;
            }
            let city = if e == 0 && rng.chance(500) { "扬州" } else { text::city(&mut rng) };
            let (title, counterpart) = if city == "扬州" {
                (
                    format!("{y}年第{}季度扬州经开区重点产业招商推介会", quarter_zh(n)),
                    "长三角重点企业及商协会代表".to_string(),
                )
            } else {
                (
                    format!("{y}年第{}季度扬州经开区({city})产业链招商推介会", quarter_zh(n)),
                    format!("{city}相关企业及商协会"),
                )
            };
            let (owner, park) = owner_and_park(cx, &mut rng);
            let mut participants = participants(cx, &mut rng, owner, park, 2);
            participants.push("管委会主要领导".to_string());
            let outcome = if rng.chance(600) {
                format!("现场签约项目{}个,总投资{}亿元", rng.range(3, 12), rng.range(20, 180))
            } else {
                format!("对接意向企业{}家,收集项目线索{}条", rng.range(15, 60), rng.range(5, 20))
            };
            out.push(ActivitySeed {
                kind: "promotion",
                title,
                start: day,
                end: day,
                location: if city == "扬州" { "扬州国际展览中心".to_string() } else { city.to_string() },
                counterpart,
                participants,
                owner,
                park,
                outcome,
                leads: Vec::new(),
                enterprises: Vec::new(),
            });
        }
        q = if n == 4 { (y + 1, 1) } else { (y, n + 1) };
    }
}

fn quarter_zh(n: u32) -> &'static str {
    ["一", "二", "三", "四"][(n as usize - 1).min(3)]
}

/// All activities sorted by start date.
pub fn build(cx: &Ctx) -> Vec<ActivitySeed> {
    let mut out = Vec::with_capacity(8 * 365 * 6);
    let (w0, w1) = year_window();
    // The article's year, exact counts.
    if let Some(days) = DaySampler::new(w0, w1.min(cx.yesterday), business_weight) {
        for (kind, count, tag) in [("trip", TRIPS_IN_YEAR, 1u64), ("reception", RECEPTIONS_IN_YEAR, 2)] {
            for k in 0..count {
                let mut rng = Rng::from_parts(cx.seed ^ (0x0AC7_0000 + tag), k as u64);
                let d = days.sample(&mut rng);
                out.push(one(cx, &mut rng, kind, d));
            }
        }
    }
    // Elsewhere, counts from the yearly rates.
    for (s, (lo, hi)) in segments(cx.yesterday).into_iter().enumerate() {
        let Some(days) = DaySampler::new(lo, hi, business_weight) else { continue };
        let n_days = (self::days(lo, hi) + 1) as u64;
        let (t, r, _) = rates(lo.year());
        for (kind, rate, tag) in [("trip", t, 1u64), ("reception", r, 2)] {
            let mut rng = Rng::from_parts(cx.seed ^ (0x0AC7_1000 + tag), s as u64);
            let count = (rate * n_days * rng.range(95, 105) as u64 / 10_000) as usize;
            for _ in 0..count {
                let d = days.sample(&mut rng);
                out.push(one(cx, &mut rng, kind, d));
            }
        }
    }
    // Online negotiations over the whole history.
    for y in start().year()..=cx.yesterday.year() {
        let (lo, hi) = (ymd(y, 1, 1).max(start()), ymd(y, 12, 31).min(cx.yesterday));
        let Some(days) = DaySampler::new(lo, hi, |d| if is_weekend(d) || is_holiday(d) { 1 } else { 10 }) else {
            continue;
        };
        let mut rng = Rng::from_parts(cx.seed ^ 0x0AC7_2000, y as u64);
        let count = (rates(y).2 * (self::days(lo, hi) + 1) as u64 / 100) as usize;
        for _ in 0..count {
            let d = days.sample(&mut rng);
            out.push(one(cx, &mut rng, "online", d));
        }
    }
    promotions(cx, &mut out);
    out.sort_by_key(|a| a.start);
    out
}

/// Links every lead to one or two activities of its lifetime (preferring its owner's), and makes
/// the first linked lead the activity's counterpart.
pub fn link(cx: &Ctx, acts: &mut [ActivitySeed], leads: &[BuiltLead]) {
    for (li, b) in leads.iter().enumerate() {
        let l = &b.lead;
        let end = match l.moves.last() {
            Some((d, s, _)) if *s == "signed" || *s == "lost" => *d,
            _ => cx.yesterday,
        };
        let lo = acts.partition_point(|a| a.start < l.created);
        let hi = acts.partition_point(|a| a.start <= end);
        if lo >= hi {
            continue;
        }
        let mut rng = Rng::from_parts(cx.seed ^ 0x0011_004C, li as u64);
        let times = if l.project.is_some() { 2 } else { 1 };
        let local = b.city == "扬州";
        for _ in 0..times {
            let n = hi - lo;
            let from = lo + rng.index(n);
            let ok = |a: &ActivitySeed| a.kind != "promotion" && !(local && a.kind == "trip") && !a.leads.contains(&li);
            let mut pick = None;
            for step in 0..n.min(40) {
                let i = lo + (from - lo + step) % n;
                if ok(&acts[i]) {
                    if acts[i].owner == l.owner {
                        pick = Some(i);
                        break;
                    }
                    pick = pick.or(Some(i));
                }
            }
            let Some(i) = pick else { continue };
            let a = &mut acts[i];
            if a.leads.is_empty() {
                let name = l.codename.clone().filter(|_| l.confidential).unwrap_or_else(|| l.company.clone());
                let (title, location) = describe(&mut rng, a.kind, b.city, &name, a.park);
                a.title = title;
                a.location = location;
                a.counterpart = name;
                a.enterprises.clear();
            }
            a.leads.push(li);
            if let Some(e) = l.enterprise
                && !a.enterprises.contains(&e)
            {
                a.enterprises.push(e);
            }
            let owner_name = &cx.investors[l.owner].display_name;
            if !a.participants.contains(owner_name) {
                a.participants.push(owner_name.clone());
            }
        }
    }
}
