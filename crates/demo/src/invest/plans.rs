//! Targets per park and investor (years, half years, this year's months) set around what the
//! generated records reach, and each investor's weekly plans of the last eight weeks.

use chrono::{Datelike, NaiveDate};

use super::leads::Built as BuiltLead;
use super::text;
use super::util::*;
use super::{ActivitySeed, Ctx, ProjectSeed, TargetSeed, TargetSubject, WeeklyPlanSeed};
use crate::rng::Rng;
use crate::zone::PARKS;

struct Period {
    key: String,
    first: NaiveDate,
    last: NaiveDate,
}

fn periods(today: NaiveDate) -> Vec<Period> {
    let mut v = Vec::new();
    let p = |key: String, first, last| Period { key, first, last };
    for y in 2022..=today.year() {
        v.push(p(format!("{y}"), ymd(y, 1, 1), ymd(y, 12, 31)));
        v.push(p(format!("{y}-H1"), ymd(y, 1, 1), ymd(y, 6, 30)));
        v.push(p(format!("{y}-H2"), ymd(y, 7, 1), ymd(y, 12, 31)));
    }
    let y = today.year();
    if y >= 2022 {
        for m in 1..=12u32 {
            let last = if m == 12 { ymd(y, 12, 31) } else { add_days(ymd(y, m + 1, 1), -1) };
            v.push(p(format!("{y}-{m:02}"), ymd(y, m, 1), last));
        }
    }
    v
}

/// Amount targets are whole 千万元.
const AMOUNT_STEP: i64 = 1_000_000_000;

fn round_amount(fen: f64) -> i64 {
    ((fen / AMOUNT_STEP as f64).round() as i64).max(1) * AMOUNT_STEP
}

pub fn targets(cx: &Ctx, projects: &[ProjectSeed], activities: &[ActivitySeed]) -> Vec<TargetSeed> {
    let periods = periods(cx.today);
    let n_subjects = PARKS.len() + cx.investors.len();
    // Per (subject, period): signed_count, signed_amount, trips, receptions.
    let mut acc = vec![[0i64; 4]; n_subjects * periods.len()];
    let mut recent = vec![[0i64; 4]; n_subjects];
    let recent_from = add_days(cx.yesterday, -364);
    let mut add = |subject: usize, d: NaiveDate, metric: usize, v: i64| {
        for (pi, p) in periods.iter().enumerate() {
            if p.first <= d && d <= p.last {
                acc[subject * periods.len() + pi][metric] += v;
            }
        }
        if d >= recent_from {
            recent[subject][metric] += v;
        }
    };
    for p in projects {
        let Some(d) = p.stages[0].actual else { continue };
        for s in [p.park, PARKS.len() + p.owner] {
            add(s, d, 0, 1);
            add(s, d, 1, p.investment);
        }
    }
    for a in activities {
        let metric = match a.kind {
            "trip" => 2,
            "reception" => 3,
            _ => continue,
        };
        add(PARKS.len() + a.owner, a.start, metric, 1);
        if let Some(park) = a.park {
            add(park, a.start, metric, 1);
        }
    }

    let mut out = Vec::with_capacity(acc.len());
    for s in 0..n_subjects {
        let subject = if s < PARKS.len() { TargetSubject::Park(s) } else { TargetSubject::Investor(s - PARKS.len()) };
        for (pi, p) in periods.iter().enumerate() {
            let mut rng = Rng::from_parts(cx.seed ^ 0x7A26_E700, (s * 1000 + pi) as u64);
            let elapsed = p.last < cx.today;
            let base: [f64; 4] = if elapsed {
                acc[s * periods.len() + pi].map(|v| v as f64)
            } else {
                let share = (days(p.first, p.last) + 1) as f64 / 365.0;
                recent[s].map(|v| v as f64 * share)
            };
            // Open periods: a little above the recent pace. Past periods: around what was reached,
            // the signing targets met by two subjects in five (a rotating pattern, so every period
            // has both) and missed by the others.
            let f = |rng: &mut Rng| if elapsed { rng.range(80, 130) } else { rng.range(95, 125) } as f64 / 100.0;
            let count = |v: f64| (v.round() as i64).max(1);
            let (signed_count, signed_amount) = if elapsed {
                let (n, amount) = (acc[s * periods.len() + pi][0], acc[s * periods.len() + pi][1]);
                if (s + pi + (cx.seed % 5) as usize) % 5 < 2 {
                    let k = rng.range(80, 100);
                    ((n * k / 100).max(1), (amount / 100 * k / AMOUNT_STEP).max(1) * AMOUNT_STEP)
                } else {
                    let k = rng.range(105, 130);
                    (((n * k + 99) / 100).max(n + 1), (amount / 100 * k / AMOUNT_STEP + 1) * AMOUNT_STEP)
                }
            } else {
                (count(base[0] * f(&mut rng)), round_amount(base[1] * f(&mut rng)))
            };
            out.push(TargetSeed {
                subject: subject.clone(),
                period: p.key.clone(),
                signed_count,
                signed_amount,
                trips: count(base[2] * f(&mut rng)),
                receptions: count(base[3] * f(&mut rng)),
            });
        }
    }
    out
}

const STAGE_LABELS: [&str; 8] = ["签约", "预审", "拿地", "开工", "竣工", "交付", "投产", "达效"];

pub fn weekly_plans(cx: &Ctx, leads: &[BuiltLead], projects: &[ProjectSeed]) -> Vec<WeeklyPlanSeed> {
    let n = cx.investors.len();
    // Up to eight open leads and active projects per investor, the most recent first.
    let mut lead_names: Vec<Vec<(String, &'static str)>> = vec![Vec::new(); n];
    for b in leads.iter().rev() {
        let l = &b.lead;
        let open = l.moves.last().is_none_or(|m| matches!(m.1, "contact" | "negotiation"));
        if open && lead_names[l.owner].len() < 8 {
            let name = if l.confidential { l.codename.clone().unwrap_or_default() } else { l.company.clone() };
            lead_names[l.owner].push((name, b.city));
        }
    }
    let mut project_names: Vec<Vec<(String, usize)>> = vec![Vec::new(); n];
    for p in projects.iter().rev() {
        if let Some(next) = p.stages.iter().position(|s| s.actual.is_none())
            && project_names[p.owner].len() < 8
        {
            project_names[p.owner].push((p.name.clone(), next));
        }
    }

    let this_week = monday_of(cx.today);
    let elapsed_days = days(this_week, cx.today) + 1;
    let mut out = Vec::with_capacity(n * 8);
    for inv in 0..n {
        for k in (0..8i64).rev() {
            let week = add_days(this_week, -7 * k);
            let mut rng = Rng::from_parts(cx.seed ^ 0x03EE_0C1A, (inv * 16) as u64 + k as u64);
            let count = rng.range(3, 6) as usize;
            let done_now = (count as i64 * elapsed_days / 7).min(count as i64 - 1) as usize;
            let mut items: Vec<(String, bool)> = Vec::with_capacity(count);
            for i in 0..count {
                // A few tries for a distinct item; a short list may repeat.
                let mut item = plan_item(&mut rng, &lead_names[inv], &project_names[inv]);
                for _ in 0..6 {
                    if !items.iter().any(|x| x.0 == item) {
                        break;
                    }
                    item = plan_item(&mut rng, &lead_names[inv], &project_names[inv]);
                }
                let done = if k == 0 { i < done_now } else { rng.chance(850) };
                items.push((item, done));
            }
            out.push(WeeklyPlanSeed { investor: inv, week, items });
        }
    }
    out
}

fn plan_item(rng: &mut Rng, leads: &[(String, &'static str)], projects: &[(String, usize)]) -> String {
    let lead = (!leads.is_empty()).then(|| &leads[rng.index(leads.len())]);
    let project = (!projects.is_empty()).then(|| &projects[rng.index(projects.len())]);
    match (rng.range(0, 7), lead, project) {
        (0, Some((name, city)), _) if *city != "扬州" => format!("赴{city}拜访{name}"),
        (1, Some((name, _)), _) => format!("跟进{name}洽谈进展"),
        (2, Some((name, _)), _) => format!("与{name}开展云洽谈"),
        (3 | 4, _, Some((name, next))) => format!("推进{name}{}工作", STAGE_LABELS[*next]),
        (5, _, _) => format!("参加{}产业链招商推介会筹备", text::city(rng)),
        (6, _, _) => "整理招商线索,更新项目台账".to_string(),
        _ => format!("接待{}客商来访", text::city(rng)),
    }
}
