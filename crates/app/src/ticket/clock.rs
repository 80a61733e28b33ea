//! The SLA clock: the zone's calendar and policies, and each ticket's clock derived from its history.

use crate::{AppError, AppResult, Ctx};
use chrono::{NaiveDateTime, Utc};
use zoneops_db::ticket::{self as repo, EventRow, TicketRow};
use zoneops_domain::calendar::{CalendarYear, Holiday, WorkCalendar};
use zoneops_domain::sla::{self, DispatchWait, EventKind, Limit, OfficeHours, Policy, SlaState};
use zoneops_domain::ticket::{Priority, TicketAction, TicketState};

use super::*;

/// The zone's calendar: the shipped public data with the zone's own years in place of them.
pub async fn calendar(ctx: &Ctx, zone: i64) -> AppResult<WorkCalendar> {
    calendar_from(ctx.db.conn(), zone).await
}

async fn calendar_from(db: &impl zoneops_db::ConnectionTrait, zone: i64) -> AppResult<WorkCalendar> {
    // Parsed once: every ticket read needs it.
    static SHIPPED: std::sync::OnceLock<Result<WorkCalendar, String>> = std::sync::OnceLock::new();
    let shipped = SHIPPED.get_or_init(|| WorkCalendar::from_json(CALENDAR_JSON).map_err(|e| e.to_string()));
    let mut cal = shipped.clone().map_err(AppError::internal)?;
    let mut years: std::collections::BTreeMap<i32, CalendarYear> = Default::default();
    // Grouped by the year the zone edited (a notice's year may start on 31 December before it).
    for (year, day, kind) in repo::calendar_days(db, zone).await? {
        let y = years.entry(year).or_insert(CalendarYear { holidays: vec![], workdays: vec![] });
        match kind.as_str() {
            "holiday" => y.holidays.push(Holiday { date: day, name: String::new() }),
            "workday" => y.workdays.push(day),
            _ => {}
        }
    }
    for (year, data) in years {
        cal.set_year(year, data).map_err(AppError::internal)?;
    }
    Ok(cal)
}

/// Policies by (category, priority): the zone's rows, falling back to category "*", then to the
/// defaults of hotline practice.
#[derive(Clone)]
pub struct Policies {
    pub(super) rows: Vec<(String, String, Policy)>,
}

impl Policies {
    pub fn for_ticket(&self, category: &str, priority: &str) -> Policy {
        let find = |c: &str| self.rows.iter().find(|r| r.0 == c && r.1 == priority).map(|r| r.2);
        // A priority this version does not know gets the normal defaults.
        let fallback = || Priority::parse(priority).map_or_else(Policy::default, default_policy);
        find(category).or_else(|| find("*")).unwrap_or_else(fallback)
    }
}

pub fn default_policy(priority: Priority) -> Policy {
    match priority {
        Priority::Urgent => Policy::URGENT,
        Priority::High => Policy {
            dispatch: Limit::working_hours(2),
            answer: Limit::working_days(1),
            resolve: Limit::working_days(5),
            remind_before: Limit::working_days(1),
            notice_after_working_days: 5,
        },
        Priority::Normal => Policy::default(),
    }
}

pub(super) async fn policies(db: &impl zoneops_db::ConnectionTrait, zone: i64) -> AppResult<Policies> {
    let mut rows = Vec::new();
    for (c, p, json) in repo::policies(db, zone).await? {
        rows.push((c, p.clone(), stored_policy(&p, &json)?));
    }
    Ok(Policies { rows })
}

/// A stored policy row. One saved before policies had a dispatch limit takes its priority's
/// default (decision 0035), so an older zone's tickets get a dispatch clock too.
fn stored_policy(priority: &str, json: &str) -> AppResult<Policy> {
    let mut v: serde_json::Value = serde_json::from_str(json).map_err(AppError::internal)?;
    if let Some(o) = v.as_object_mut()
        && !o.contains_key("dispatch")
    {
        let default = Priority::parse(priority).map_or_else(Policy::default, default_policy).dispatch;
        o.insert("dispatch".into(), serde_json::to_value(default).map_err(AppError::internal)?);
    }
    serde_json::from_value(v).map_err(AppError::internal)
}

/// What the SLA clock runs on: the zone's calendar, office hours and policies.
pub struct ClockRules {
    pub(super) calendar: WorkCalendar,
    pub(super) hours: OfficeHours,
    pub(super) policies: Policies,
}

/// The clock of a request: the zone's rules and the instant it was loaded.
pub struct Clock {
    pub(super) rules: std::sync::Arc<ClockRules>,
    now: NaiveDateTime,
}

/// Each zone's service-desk rules — the clock's policies and calendar, the categories, the
/// routing — read once and reused until one of them is saved (`changed`), and for at most 10
/// seconds (another process may have saved them): every ticket read and filing needs them, and
/// reading them was five queries and a copy of seven years of calendar. The reuse is
/// `answers::Answers`, keyed by zone, with a version of its own (not the database's write
/// version, which every filing moves).
#[derive(Default)]
pub struct RulesMemo {
    version: std::sync::atomic::AtomicU64,
    clock: crate::answers::Answers<std::sync::Arc<ClockRules>>,
    pub(crate) categories: crate::answers::Answers<std::sync::Arc<Vec<zoneops_db::ticket_category::CategoryRow>>>,
    routing: crate::answers::Answers<std::sync::Arc<Vec<(String, i64)>>>,
}

impl RulesMemo {
    /// The zone's policies, calendar, categories or routing were saved (after the commit).
    pub fn changed(&self) {
        self.version.fetch_add(1, std::sync::atomic::Ordering::Release);
    }

    /// Read before the rules: a save committed meanwhile makes the next read go to the database.
    pub(crate) fn version(&self) -> u64 {
        self.version.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// The zone's routing rules (category → department), as last saved.
pub(super) async fn routing_of(ctx: &Ctx, zone: i64) -> AppResult<std::sync::Arc<Vec<(String, i64)>>> {
    let memo = &ctx.service_rules;
    memo.routing
        .get_or_load(zone, "routing", memo.version(), || async {
            Ok(std::sync::Arc::new(repo::routing(ctx.db.conn(), zone).await?))
        })
        .await
}

impl Clock {
    pub async fn load(ctx: &Ctx, zone: i64) -> AppResult<Clock> {
        let memo = &ctx.service_rules;
        let rules = memo
            .clock
            .get_or_load(zone, "clock", memo.version(), || async {
                Ok::<_, AppError>(Clock::load_from(ctx.db.conn(), zone).await?.rules)
            })
            .await?;
        Ok(Clock { rules, now: local(ctx.clock.now()) })
    }

    pub async fn load_from(db: &impl zoneops_db::ConnectionTrait, zone: i64) -> AppResult<Clock> {
        let rules = ClockRules {
            calendar: calendar_from(db, zone).await?,
            hours: OfficeHours::default(),
            policies: policies(db, zone).await?,
        };
        Ok(Clock::with_rules(rules))
    }

    pub(super) fn with_rules(rules: ClockRules) -> Clock {
        Clock { rules: std::sync::Arc::new(rules), now: local(Utc::now()) }
    }

    /// The clock as of the instant it was loaded.
    /// The service level a ticket of this category and priority is promised (its 回执 prints it).
    pub fn policy(&self, category: &str, priority: &str) -> Policy {
        self.rules.policies.for_ticket(category, priority)
    }

    pub fn state(&self, t: &TicketRow, events: &[EventRow]) -> SlaState {
        self.state_at(t, events, self.now)
    }

    pub fn state_at(&self, t: &TicketRow, events: &[EventRow], now: NaiveDateTime) -> SlaState {
        // Received before it was entered: the clock runs from the receipt until the entry.
        let received = t.received_at.filter(|r| *r < t.created_at).map(|r| {
            [sla::Event::new(local(r), EventKind::Received), sla::Event::new(local(t.created_at), EventKind::Entered)]
        });
        let history: Vec<sla::Event> = received
            .into_iter()
            .flatten()
            .chain(events.iter().filter_map(|e| sla_kind(&e.action).map(|k| sla::Event::new(local(e.at), k))))
            .collect();
        let r = &self.rules;
        sla::evaluate(&history, &r.policies.for_ticket(&t.category, &t.priority), &r.calendar, &r.hours, now)
    }
}

impl Clock {
    /// The dispatch clock of a ticket still waiting for its first dispatch (None once it was
    /// dispatched, or closed without it), as of the instant the clock was loaded.
    pub fn dispatch_wait(&self, t: &TicketRow) -> Option<DispatchWait> {
        let received = waiting_since(t)?;
        let r = &self.rules;
        let limit = r.policies.for_ticket(&t.category, &t.priority).dispatch;
        Some(sla::dispatch_wait(received, limit, &r.calendar, &r.hours, self.now))
    }

    /// When a waiting ticket's dispatch limit runs out (its stored column, decision 0035).
    pub fn dispatch_due(&self, t: &TicketRow) -> Option<NaiveDateTime> {
        let received = waiting_since(t)?;
        let r = &self.rules;
        let limit = r.policies.for_ticket(&t.category, &t.priority).dispatch;
        Some(sla::dispatch_due(received, limit, &r.calendar, &r.hours))
    }
}

/// Since when a ticket waits for its dispatch (zone-local): its receipt, or its filing when it was
/// received as it was entered; None unless it is new and never dispatched.
fn waiting_since(t: &TicketRow) -> Option<NaiveDateTime> {
    if TicketState::parse(&t.state) != Some(TicketState::New) || t.dispatched_at.is_some() {
        return None;
    }
    Some(local(t.received_at.map_or(t.created_at, |r| r.min(t.created_at))))
}

/// The ticket actions that move the clock (other history entries, and `start`, do not).
fn sla_kind(action: &str) -> Option<EventKind> {
    use TicketAction as A;
    Some(match TicketAction::parse(action)? {
        A::Dispatch => EventKind::Dispatch,
        A::Reroute | A::Insist => EventKind::Redispatch,
        A::Accept => EventKind::Accept,
        A::Return => EventKind::Return,
        A::Pause => EventKind::Pause,
        A::Resume => EventKind::Resume,
        A::Resolve => EventKind::Resolve,
        A::Reopen => EventKind::Reopen,
        A::Close | A::CloseUnresolved => EventKind::Close,
        A::Start => return None,
    })
}
