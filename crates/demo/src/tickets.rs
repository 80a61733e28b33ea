//! Service-desk tickets (问题诉求, "马上就办") of the demo zone: problems of enterprises and projects
//! from every channel, with their whole history from filing to the call-back, up to the load day.
//!
//! Each ticket's events follow the domain's state machine (`zoneops_domain::ticket::ACTIONS`)
//! from `new`; the filing itself is not an event (it is `created`). Ratings are modelled as the
//! application records them (`app::ticket::rate`):
//! - a "solved" rating is an event `rate` (not one of `ACTIONS`): allowed on `resolved` or
//!   `closed`, taken by the requester or the dispatcher, it leaves the ticket `closed`. Its reason
//!   reads `已解决；满意度5分：…`. It comes right after `resolve` (the enterprise rates in its
//!   account) or the working day after a `close` (the call-back);
//! - a "not solved" rating is a `reopen` event (from `resolved` or `closed` to `in_progress`)
//!   whose reason reads `未解决；满意度2分：…`; the work goes on to a second resolution.
//!
//! The ticket's `solved`, `satisfaction` and `rating_comment` are those of its last rating.
//!
//! Times are zone-local; every event is before `today` 00:00 (the load day). Working days are
//! approximated as Monday–Friday outside the 春节 and 国庆 weeks. Service levels: urgent tickets
//! are resolved the same day, the others mostly within 13 working days of dispatch, some late.
//! So that today's queues are alive whatever the seed, a few of the latest tickets are held in
//! open states: the last three filed within 5 working days stay `new`; then, by working days
//! back, two `dispatched` (1–3), three `returned` (2–5), two `accepted` and two `in_progress`
//! (4–8), three `paused` (6–14) and four `in_progress` dispatched 17–30 working days ago, so
//! overdue. A window without tickets (a very small `tickets` option) is skipped.
//!
//! Every ticket draws from its own streams (seed, purpose, index): deterministic, linear in the
//! number of tickets (plus one sort of the filing times), independent of the other generators.

mod clock;
mod text;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::invest::util::{DaySampler, add_days, business_weight, days, weighted, ymd};
use crate::names::{Names, mobile};
use crate::rng::Rng;
use crate::{DeptSeed, EnterpriseSeed, ProjectSeed};

use clock::{after_workdays, at_minute, later, plus_minutes, workdays_later};

/// Which department handles each problem category (category code → `Demo::departments` code);
/// the demo loader stores the same table as the zone's routing rules.
pub const TICKET_ROUTING: [(&str, &str); 7] = [
    ("land", "land"),
    ("housing", "housing"),
    ("staffing", "hr"),
    ("schooling", "edu"),
    ("approval", "approval"),
    ("finance", "finance"),
    ("other", "econ"),
];

/// One service-desk ticket and its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSeed {
    /// hotline | enterprise | visit | meeting | project | phone | wechat
    pub channel: &'static str,
    /// land | housing | staffing | schooling | approval | finance | other
    pub category: &'static str,
    /// urgent | high | normal
    pub priority: &'static str,
    pub title: String,
    pub detail: String,
    /// Index into `Demo::enterprises` (established on or before the day of filing); None for
    /// hotline tickets, some meeting ones and projects without a registered company yet.
    pub enterprise: Option<usize>,
    /// Index into `Demo::projects` (channel `project`; the project was signed before the day of
    /// filing).
    pub project: Option<usize>,
    pub contact_name: String,
    pub contact_phone: String,
    /// As the requester gave it; empty for individuals calling the hotline.
    pub company: String,
    /// Filing time, zone-local.
    pub created: NaiveDateTime,
    /// After filing, in strictly ascending time order, all before `today` 00:00.
    pub events: Vec<TicketEventSeed>,
    /// The state after the last event ("new" without events).
    pub state: &'static str,
    /// The text of the last `resolve` event; empty if never resolved.
    pub resolution: String,
    /// Of the last rating (`rate` or a rating `reopen`).
    pub solved: Option<bool>,
    /// 1–5, of the last rating.
    pub satisfaction: Option<i32>,
    pub rating_comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEventSeed {
    /// Zone-local.
    pub at: NaiveDateTime,
    /// A code of `zoneops_domain::ticket::ACTIONS`, or "rate" (see the module docs).
    pub action: &'static str,
    /// Index into `Demo::departments`: set on `dispatch` and `reroute` only.
    pub department: Option<usize>,
    /// Set where the action requires one (return, insist, pause, resolve, reopen,
    /// close_unresolved), on `rate`, and on some reroutes; the resolution text for `resolve`.
    pub reason: Option<String>,
}

impl TicketSeed {
    /// The department the ticket is routed to: that of the last dispatch or reroute.
    pub fn department(&self) -> Option<usize> {
        self.events.iter().rev().find_map(|e| e.department)
    }

    /// When it was (last) resolved, if it is resolved or closed after a resolution.
    pub fn resolved_at(&self) -> Option<NaiveDateTime> {
        if !matches!(self.state, "resolved" | "closed") {
            return None;
        }
        self.events.iter().rev().find(|e| e.action == "resolve").map(|e| e.at)
    }
}

/// The state after an action (mirrors `ACTIONS`; `rate` closes).
fn to_state(action: &str) -> &'static str {
    match action {
        "dispatch" | "reroute" | "insist" => "dispatched",
        "accept" => "accepted",
        "return" => "returned",
        "start" | "resume" | "reopen" => "in_progress",
        "pause" => "paused",
        "resolve" => "resolved",
        "close" | "rate" => "closed",
        _ => "closed_unresolved",
    }
}

/// A state some of the latest tickets are held in, so today's queues are never empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hold {
    New,
    Dispatched,
    Returned,
    Accepted,
    InProgress,
    Paused,
    /// In progress, dispatched long enough ago to be past the 13-working-day limit.
    Overdue,
}

const CHANNELS: [(&str, u64); 7] = [
    ("enterprise", 24),
    ("hotline", 14),
    ("visit", 16),
    ("phone", 15),
    ("wechat", 11),
    ("project", 10),
    ("meeting", 10),
];
/// Outside office hours only the online channels and the hotline take problems.
const CHANNELS_OFF_HOURS: [(&str, u64); 4] = [("enterprise", 40), ("hotline", 30), ("wechat", 20), ("phone", 10)];

const CATEGORIES: [(&str, u64); 7] = [
    ("land", 12),
    ("housing", 14),
    ("staffing", 18),
    ("schooling", 9),
    ("approval", 20),
    ("finance", 14),
    ("other", 13),
];
const PROJECT_CATEGORIES: [(&str, u64); 7] =
    [("land", 30), ("housing", 5), ("staffing", 10), ("schooling", 2), ("approval", 35), ("finance", 8), ("other", 10)];

const PRIORITIES: [(&str, u64); 3] = [("urgent", 5), ("high", 20), ("normal", 75)];

const STREAM_CREATED: u64 = 0x71C4_E700_0000_0001;
const STREAM_TICKET: u64 = 0x71C4_E700_0000_0002;
const STREAM_NAMES: u64 = 0x71C4_E700_0000_0003;

/// Tickets when the option is 0: about one per enterprise per year from 2021-01-01 to `today`.
pub fn default_count(enterprises: usize, today: NaiveDate) -> usize {
    let span = days(start(), today).max(0) as f64 / 365.25;
    (enterprises as f64 * span).round() as usize
}

fn start() -> NaiveDate {
    ymd(2021, 1, 1)
}

struct Ctx<'a> {
    enterprises: &'a [EnterpriseSeed],
    projects: &'a [ProjectSeed],
    /// Signing day of each project (projects are ordered by it).
    signed: Vec<NaiveDate>,
    departments: &'a [DeptSeed],
    /// Department index per category, in `TICKET_ROUTING` order.
    routing: [usize; 7],
    /// 经济发展局 and 党政办公室, which take tickets that need a lead department.
    econ: usize,
    office: usize,
    names: Names,
    core: usize,
    cutoff: NaiveDateTime,
}

pub(crate) fn build(
    seed: u64,
    today: NaiveDate,
    count: usize,
    enterprises: &[EnterpriseSeed],
    projects: &[ProjectSeed],
    departments: &[DeptSeed],
) -> Vec<TicketSeed> {
    let count = if count == 0 { default_count(enterprises.len(), today) } else { count };
    let last = add_days(today, -1);
    let Some(sampler) = DaySampler::new(start(), last, business_weight) else {
        return Vec::new();
    };
    if enterprises.is_empty() || departments.is_empty() {
        return Vec::new();
    }
    let mut created: Vec<NaiveDateTime> = (0..count)
        .map(|i| {
            let mut rng = Rng::from_parts(seed ^ STREAM_CREATED, i as u64);
            let d = sampler.sample(&mut rng);
            clock::filing_time(&mut rng, d)
        })
        .collect();
    created.sort_unstable();
    let cutoff = at_minute(today, 0);
    let holds = holds(&created, today);
    let dept = |code: &str| departments.iter().position(|d| d.code == code).unwrap_or(0);
    let cx = Ctx {
        enterprises,
        projects,
        signed: projects.iter().map(|p| p.stages[0].actual.unwrap_or(NaiveDate::MAX)).collect(),
        departments,
        routing: TICKET_ROUTING.map(|(_, d)| dept(d)),
        econ: dept("econ"),
        office: dept("office"),
        names: Names::new(seed ^ STREAM_NAMES),
        core: crate::enterprises::CORE_COUNT.min(enterprises.len()),
        cutoff,
    };
    created
        .iter()
        .enumerate()
        .map(|(i, &at)| {
            let mut rng = Rng::from_parts(seed ^ STREAM_TICKET, i as u64);
            ticket(&cx, &mut rng, at, holds.get(&i).copied())
        })
        .collect()
}

/// The held tickets: index → state, from the latest ones back. The windows count working days
/// back from `today`, so a holiday just before the load day does not empty them.
fn holds(created: &[NaiveDateTime], today: NaiveDate) -> BTreeMap<usize, Hold> {
    let mut out = BTreeMap::new();
    let n = created.len();
    // The first index filed on or after the day `k` working days before today.
    let since = |k: i64| {
        let day = (0..k).fold(today, |d, _| clock::prev_workday(d));
        created.partition_point(|&c| c < at_minute(day, 0))
    };
    for i in (since(5)..n).rev().take(3) {
        out.insert(i, Hold::New);
    }
    let windows: [(i64, i64, &[Hold]); 5] = [
        (1, 3, &[Hold::Dispatched; 2]),
        (2, 5, &[Hold::Returned; 3]),
        (4, 8, &[Hold::Accepted, Hold::InProgress, Hold::Accepted, Hold::InProgress]),
        (6, 14, &[Hold::Paused; 3]),
        (17, 30, &[Hold::Overdue; 4]),
    ];
    for (young, old, list) in windows {
        let (lo, hi) = (since(old), since(young));
        let free: Vec<usize> = (lo..hi).filter(|i| !out.contains_key(i)).collect();
        let c = list.len().min(free.len());
        for (k, hold) in list.iter().take(c).enumerate() {
            // Spread over the window.
            out.insert(free[(2 * k + 1) * free.len() / (2 * c)], *hold);
        }
    }
    out
}

fn ticket(cx: &Ctx, rng: &mut Rng, created: NaiveDateTime, hold: Option<Hold>) -> TicketSeed {
    let day = created.date();
    let mut channel =
        if clock::in_office(created) { weighted(rng, &CHANNELS) } else { weighted(rng, &CHANNELS_OFF_HOURS) };
    let mut project = None;
    if channel == "project" {
        let k = cx.signed.partition_point(|&d| d < day);
        if k == 0 {
            channel = "enterprise";
        } else {
            project = Some(rng.index(k));
        }
    }
    let category = if project.is_some() { weighted(rng, &PROJECT_CATEGORIES) } else { weighted(rng, &CATEGORIES) };
    let priority = match hold {
        Some(_) if rng.chance(800) => "normal",
        Some(_) => "high",
        None => weighted(rng, &PRIORITIES),
    };
    let enterprise = match (channel, project) {
        // The project company may be registered after the problem arises.
        (_, Some(p)) => cx.projects[p].enterprise.filter(|&e| cx.enterprises[e].established <= day),
        ("hotline", _) => None,
        ("meeting", _) if rng.chance(300) => None,
        _ => Some(enterprise_on(cx, rng, day)),
    };
    let (contact_name, contact_phone, company) = match enterprise {
        Some(e) => {
            let ent = &cx.enterprises[e];
            let (name, phone) = match ent.entrepreneurs.get(rng.index(4)) {
                Some(p) if channel != "meeting" => (p.name.clone(), p.mobile.clone()),
                _ => (cx.names.person(rng), mobile(rng)),
            };
            (name, phone, ent.name.clone())
        }
        None => {
            let company = match project {
                Some(p) => cx.projects[p].name.clone(),
                // Hotline callers often name their employer; it is not linked.
                None if channel == "hotline" && rng.chance(600) => {
                    cx.enterprises[enterprise_on(cx, rng, day)].name.clone()
                }
                None => String::new(),
            };
            (cx.names.person(rng), mobile(rng), company)
        }
    };
    let who = match project {
        Some(p) => cx.projects[p].name.as_str(),
        None if !company.is_empty() => company.as_str(),
        None if channel == "hotline" => "来电人所在单位",
        None => "园区部分企业",
    };
    let problem = text::problem(rng, category, who);
    let mut life = Life::new(created, cx.cutoff);
    // `None` means the story stops here: the cutoff, or a held state.
    let _ = run(cx, rng, &mut life, category, priority, problem.resolution, hold);
    life.events.shrink_to_fit();
    let (solved, satisfaction, rating_comment) = match life.rating {
        Some((s, n, c)) => (Some(s), Some(n), c),
        None => (None, None, String::new()),
    };
    TicketSeed {
        channel,
        category,
        priority,
        title: problem.title,
        detail: problem.detail,
        enterprise,
        project,
        contact_name,
        contact_phone,
        company,
        created,
        events: life.events,
        state: life.state,
        resolution: life.resolution,
        solved,
        satisfaction,
        rating_comment,
    }
}

/// An enterprise that existed on `day`: the large ones more often.
fn enterprise_on(cx: &Ctx, rng: &mut Rng, day: NaiveDate) -> usize {
    for _ in 0..8 {
        let i = if rng.chance(200) { rng.index(cx.core) } else { rng.index(cx.enterprises.len()) };
        if cx.enterprises[i].established <= day {
            return i;
        }
    }
    0
}

struct Life {
    events: Vec<TicketEventSeed>,
    state: &'static str,
    t: NaiveDateTime,
    cutoff: NaiveDateTime,
    resolution: String,
    rating: Option<(bool, i32, String)>,
}

impl Life {
    fn new(created: NaiveDateTime, cutoff: NaiveDateTime) -> Self {
        Life {
            events: Vec::with_capacity(8),
            state: "new",
            t: created,
            cutoff,
            resolution: String::new(),
            rating: None,
        }
    }

    /// Appends the event (at least a minute after the previous one), or None when that falls
    /// on or after the cutoff.
    fn push(
        &mut self,
        at: NaiveDateTime,
        action: &'static str,
        department: Option<usize>,
        reason: Option<String>,
    ) -> Option<()> {
        let at = at.max(plus_minutes(self.t, 1));
        if at >= self.cutoff {
            return None;
        }
        self.t = at;
        self.state = to_state(action);
        if action == "resolve" {
            self.resolution = reason.clone().unwrap_or_default();
        }
        self.events.push(TicketEventSeed { at, action, department, reason });
        Some(())
    }

    fn rate(&mut self, rng: &mut Rng, at: NaiveDateTime, solved: bool) -> Option<()> {
        let sat = if solved {
            weighted(rng, &[(5, 55), (4, 30), (3, 10), (2, 4), (1, 1)])
        } else {
            weighted(rng, &[(3, 30), (2, 45), (1, 25)])
        };
        let comment = text::comment(rng, sat, solved);
        let reason = format!(
            "{}；满意度{sat}分{}",
            if solved { "已解决" } else { "未解决" },
            if comment.is_empty() { String::new() } else { format!("：{comment}") }
        );
        self.push(at, if solved { "rate" } else { "reopen" }, None, Some(reason))?;
        self.rating = Some((solved, sat, comment));
        Some(())
    }
}

/// Minutes later, round the clock (urgent tickets).
fn soon(rng: &mut Rng, t: NaiveDateTime, lo: i64, hi: i64) -> NaiveDateTime {
    plus_minutes(t, rng.range(lo, hi))
}

fn other_department(cx: &Ctx, rng: &mut Rng, not: usize) -> usize {
    let n = cx.departments.len();
    if n < 2 {
        return not;
    }
    (not + 1 + rng.index(n - 1)) % n
}

fn run(
    cx: &Ctx,
    rng: &mut Rng,
    life: &mut Life,
    category: &str,
    priority: &str,
    resolution: &str,
    hold: Option<Hold>,
) -> Option<()> {
    let urgent = priority == "urgent";
    let held = hold.is_some();
    let right = cx.routing[TICKET_ROUTING.iter().position(|(c, _)| *c == category).unwrap_or(6)];

    // A duplicate closed before dispatch.
    if !held && rng.chance(8) {
        let at = later(rng, life.t, 20, 600);
        return life.push(at, "close_unresolved", None, Some(text::UNRESOLVED_REASONS[2].to_string()));
    }
    if hold == Some(Hold::New) {
        return None;
    }

    // Dispatch: minutes to a day later; urgent ones at once, or at 08:00 when filed after 16:00,
    // so that they are resolved the same day.
    let at = if urgent {
        if life.t.hour() >= 16 {
            at_minute(add_days(life.t.date(), 1), 8 * 60 + rng.range(0, 30))
        } else {
            soon(rng, life.t, 5, 30)
        }
    } else if held {
        later(rng, life.t, 10, 120)
    } else {
        match rng.range(0, 99) {
            0..70 => later(rng, life.t, 5, 240),
            70..95 => after_workdays(rng, life.t, 1),
            _ => after_workdays(rng, life.t, 2),
        }
    };
    let misrouted = !held && rng.chance(45);
    let first = if misrouted { other_department(cx, rng, right) } else { right };
    life.push(at, "dispatch", Some(first), None)?;
    let dispatched = life.t;
    if hold == Some(Hold::Dispatched) {
        return None;
    }

    // 退单 and its review.
    if misrouted || hold == Some(Hold::Returned) || (!held && rng.chance(25)) {
        if rng.chance(300) {
            let at = if urgent { soon(rng, life.t, 5, 30) } else { later(rng, life.t, 10, 300) };
            life.push(at, "accept", None, None)?;
        }
        let reason = if misrouted {
            text::misrouted(cx.departments[right].name)
        } else {
            rng.pick(&text::RETURN_REASONS).to_string()
        };
        let at = if urgent {
            soon(rng, life.t, 10, 40)
        } else if held {
            later(rng, life.t, 30, 300)
        } else {
            workdays_later(rng, life.t, 0, 2)
        };
        life.push(at, "return", None, Some(reason))?;
        if hold == Some(Hold::Returned) {
            return None;
        }
        let at = if urgent { soon(rng, life.t, 5, 30) } else { later(rng, life.t, 30, 480) };
        if misrouted {
            let reason = rng.chance(500).then(|| rng.pick(&text::REROUTE_REASONS).to_string());
            life.push(at, "reroute", Some(right), reason)?;
        } else if rng.chance(600) {
            life.push(at, "insist", None, Some(rng.pick(&text::INSIST_REASONS).to_string()))?;
        } else {
            // To the department that coordinates across the others.
            let to = if right == cx.econ { cx.office } else { cx.econ };
            life.push(at, "reroute", Some(to), Some(text::REROUTE_REASONS[1].to_string()))?;
        }
    }

    // Accept within 0–3 working days.
    let at = if urgent {
        soon(rng, life.t, 5, 30)
    } else if held {
        later(rng, life.t, 10, 180)
    } else {
        let n = weighted(rng, &[(0, 55), (1, 30), (2, 10), (3, 5)]);
        after_workdays(rng, life.t, n)
    };
    life.push(at, "accept", None, None)?;
    if hold == Some(Hold::Accepted) {
        return None;
    }
    if held || rng.chance(750) {
        let at = if urgent {
            soon(rng, life.t, 5, 30)
        } else if held || rng.chance(700) {
            later(rng, life.t, 10, 300)
        } else {
            after_workdays(rng, life.t, 1)
        };
        life.push(at, "start", None, None)?;
        if matches!(hold, Some(Hold::InProgress | Hold::Overdue)) {
            return None;
        }
    }

    // A pause waiting for the enterprise (or another body), then work resumes.
    let mut paused = 0;
    if hold == Some(Hold::Paused) || (!held && !urgent && rng.chance(130)) {
        let at = if held { later(rng, life.t, 30, 600) } else { workdays_later(rng, life.t, 0, 2) };
        life.push(at, "pause", None, Some(rng.pick(&text::PAUSE_REASONS).to_string()))?;
        if hold == Some(Hold::Paused) {
            return None;
        }
        paused = rng.range(1, 8);
        let at = after_workdays(rng, life.t, paused);
        life.push(at, "resume", None, None)?;
    }

    // Some are closed unresolved (withdrawn, out of policy, unreachable).
    if !urgent && rng.chance(15) {
        let at = workdays_later(rng, life.t, 1, 5);
        let reason = rng.pick(&text::UNRESOLVED_REASONS[..]).to_string();
        return life.push(at, "close_unresolved", None, Some(reason));
    }

    // Resolve: urgent the same day; otherwise a number of working days after dispatch, mostly
    // within 13, some late; a pause adds its length.
    let at = if urgent {
        soon(rng, life.t, 30, 240)
    } else {
        let target = if priority == "high" {
            weighted(rng, &[((1, 5), 85), ((6, 12), 10), ((14, 20), 5)])
        } else {
            weighted(rng, &[((1, 4), 35), ((5, 9), 35), ((10, 13), 18), ((14, 25), 12)])
        };
        let n = rng.range(target.0, target.1) + paused;
        let due = clock::office_time(rng, clock::add_workdays(dispatched.date(), n));
        due.max(later(rng, life.t, 30, 480))
    };
    life.push(at, "resolve", None, Some(resolution.to_string()))?;
    aftercare(rng, life, true)
}

/// After a resolution: confirmation, the call-back rating, sometimes "not solved" and a reopen.
fn aftercare(rng: &mut Rng, life: &mut Life, may_reopen: bool) -> Option<()> {
    // After a reopen the call-back always comes.
    let r = rng.range(0, if may_reopen { 999 } else { 899 });
    if may_reopen && r < 60 {
        if rng.chance(500) {
            let at = workdays_later(rng, life.t, 0, 2);
            life.push(at, "close", None, None)?;
        }
        let at = workdays_later(rng, life.t, 1, 3);
        life.rate(rng, at, false)?;
        let at = workdays_later(rng, life.t, 1, 6);
        life.push(at, "resolve", None, Some(text::resolution_again(rng)))?;
        return aftercare(rng, life, false);
    }
    match r {
        // Confirmed and closed; the call-back the next working day.
        ..600 => {
            let at = workdays_later(rng, life.t, 0, 3);
            life.push(at, "close", None, None)?;
            if rng.chance(880) {
                let at = after_workdays(rng, life.t, 1);
                life.rate(rng, at, true)?;
            }
        }
        // Rated in the enterprise's account, which closes it.
        600..900 => {
            let at = workdays_later(rng, life.t, 0, 3);
            life.rate(rng, at, true)?;
        }
        // Closed without a rating.
        900..970 => {
            let at = workdays_later(rng, life.t, 1, 5);
            life.push(at, "close", None, None)?;
        }
        // Never confirmed.
        _ => {}
    }
    Some(())
}
