//! The service desk: tickets from every channel, the state machine with its sides, the SLA clock
//! derived from each ticket's history on the zone's working calendar, satisfaction, routing rules,
//! service-level policies and the calendar itself.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zoneops_db::reference::{self, Dict};
use zoneops_db::ticket::{self as repo, Change, EventRow, NewEvent, NewTicket, TicketFilter, TicketRow};
use zoneops_db::ticket_sla::Affected;
use zoneops_db::{Page, PageQuery};
use zoneops_domain::calendar::{CalendarYear, Holiday, WorkCalendar};
use zoneops_domain::invest::Labeled;
use zoneops_domain::scope::Reach;
use zoneops_domain::sla::{self, EventKind, Limit, OfficeHours, Policy, SlaState};
use zoneops_domain::text::TextKind;
use zoneops_domain::ticket::{self as rules, ACTIONS, CHANNELS, PRIORITIES, STATES, Side};

use crate::check::{self, label, today};
use crate::ticket_category::{Categories, CategoryOption};
use crate::{Actor, AppError, AppResult, Ctx, RequestMeta, input};

/// The public working calendar 2020–2026 shipped with the product (a zone may replace a year).
pub const CALENDAR_JSON: &str = include_str!("../../../data/cn-work-calendar.json");

/// Zone-local time (China Standard Time) of a stored UTC instant.
pub(crate) fn local(t: DateTime<Utc>) -> NaiveDateTime {
    (t + Duration::hours(8)).naive_utc()
}

// ---- the clock ----------------------------------------------------------------------------------

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
    rows: Vec<(String, String, Policy)>,
}

impl Policies {
    pub fn for_ticket(&self, category: &str, priority: &str) -> Policy {
        let find = |c: &str| self.rows.iter().find(|r| r.0 == c && r.1 == priority).map(|r| r.2);
        find(category).or_else(|| find("*")).unwrap_or_else(|| default_policy(priority))
    }
}

pub fn default_policy(priority: &str) -> Policy {
    match priority {
        "urgent" => Policy::URGENT,
        "high" => Policy {
            answer: Limit::working_days(1),
            resolve: Limit::working_days(5),
            remind_before: Limit::working_days(1),
            notice_after_working_days: 5,
        },
        _ => Policy::default(),
    }
}

async fn policies(db: &impl zoneops_db::ConnectionTrait, zone: i64) -> AppResult<Policies> {
    let mut rows = Vec::new();
    for (c, p, json) in repo::policies(db, zone).await? {
        let policy: Policy = serde_json::from_str(&json).map_err(AppError::internal)?;
        rows.push((c, p, policy));
    }
    Ok(Policies { rows })
}

/// What the SLA clock runs on: the zone's calendar, office hours and policies.
pub struct ClockRules {
    calendar: WorkCalendar,
    hours: OfficeHours,
    policies: Policies,
}

/// The clock of a request: the zone's rules and the instant it was loaded.
pub struct Clock {
    rules: std::sync::Arc<ClockRules>,
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
async fn routing_of(ctx: &Ctx, zone: i64) -> AppResult<std::sync::Arc<Vec<(String, i64)>>> {
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
        Ok(Clock { rules, now: local(Utc::now()) })
    }

    pub async fn load_from(db: &impl zoneops_db::ConnectionTrait, zone: i64) -> AppResult<Clock> {
        let rules = ClockRules {
            calendar: calendar_from(db, zone).await?,
            hours: OfficeHours::default(),
            policies: policies(db, zone).await?,
        };
        Ok(Clock::with_rules(rules))
    }

    fn with_rules(rules: ClockRules) -> Clock {
        Clock { rules: std::sync::Arc::new(rules), now: local(Utc::now()) }
    }

    /// The clock as of the instant it was loaded.
    pub fn state(&self, t: &TicketRow, events: &[EventRow]) -> SlaState {
        self.state_at(t, events, self.now)
    }

    pub fn state_at(&self, t: &TicketRow, events: &[EventRow], now: NaiveDateTime) -> SlaState {
        let history: Vec<sla::Event> =
            events.iter().filter_map(|e| sla_kind(&e.action).map(|k| sla::Event::new(local(e.at), k))).collect();
        let r = &self.rules;
        sla::evaluate(&history, &r.policies.for_ticket(&t.category, &t.priority), &r.calendar, &r.hours, now)
    }
}

/// The ticket actions that move the clock.
fn sla_kind(action: &str) -> Option<EventKind> {
    Some(match action {
        "dispatch" => EventKind::Dispatch,
        "reroute" | "insist" => EventKind::Redispatch,
        "accept" => EventKind::Accept,
        "return" => EventKind::Return,
        "pause" => EventKind::Pause,
        "resume" => EventKind::Resume,
        "resolve" => EventKind::Resolve,
        "reopen" => EventKind::Reopen,
        "close" | "close_unresolved" => EventKind::Close,
        _ => return None,
    })
}

// ---- views ----------------------------------------------------------------------------------------

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ActionView {
    pub code: &'static str,
    pub label: &'static str,
    pub reason_required: bool,
    pub needs_department: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Ticket {
    #[serde(flatten)]
    pub row: TicketRow,
    pub state_label: &'static str,
    pub category_label: String,
    pub priority_label: &'static str,
    pub channel_label: &'static str,
    pub sla: SlaState,
    pub overdue: bool,
    pub actions: Vec<ActionView>,
    /// The department a routing rule suggests for dispatch.
    pub suggested_department: Option<i64>,
    pub can_rate: bool,
    /// May add attachments: one of the ticket's sides.
    pub can_attach: bool,
}

/// What the caller is to this ticket.
pub(crate) fn sides(actor: &Actor, t: &TicketRow) -> Vec<Side> {
    let mut out = Vec::new();
    if actor.can("ticket:dispatch") {
        out.push(Side::Dispatcher);
    }
    if actor.can("ticket:write")
        && let Reach::Department { department } = actor.scope.reach
        && t.department_id == Some(department)
    {
        out.push(Side::Department);
    }
    let own_enterprise =
        matches!(actor.scope.reach, Reach::Enterprise { enterprise } if t.enterprise_id == Some(enterprise));
    if actor.can("ticket:write") && (t.requester_id == Some(actor.user_id) || own_enterprise) {
        out.push(Side::Requester);
    }
    out
}

fn view(
    actor: &Actor,
    clock: &Clock,
    cats: &Categories,
    t: TicketRow,
    events: &[EventRow],
    routing: &[(String, i64)],
) -> Ticket {
    let sla = clock.state(&t, events);
    let s = sides(actor, &t);
    let actions = rules::allowed(&t.state, &s)
        .into_iter()
        .map(|a| ActionView {
            code: a.code,
            label: a.label,
            reason_required: a.reason_required,
            needs_department: a.needs_department,
        })
        .collect();
    Ticket {
        state_label: label(STATES, &t.state),
        category_label: cats.label(&t.category),
        priority_label: label(PRIORITIES, &t.priority),
        channel_label: label(CHANNELS, &t.channel),
        overdue: sla.open && sla.resolve_breached,
        actions,
        suggested_department: routing.iter().find(|r| r.0 == t.category).map(|r| r.1),
        can_rate: matches!(t.state.as_str(), "resolved" | "closed")
            && (s.contains(&Side::Requester) || s.contains(&Side::Dispatcher)),
        can_attach: !s.is_empty(),
        sla,
        row: t,
    }
}

async fn views(ctx: &Ctx, actor: &Actor, rows: Vec<TicketRow>) -> AppResult<Vec<Ticket>> {
    let clock = Clock::load(ctx, actor.zone()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let events = repo::events(ctx.db.conn(), &ids).await?;
    let routing = routing_of(ctx, actor.zone()).await?;
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let grouped = crate::ticket_sla::by_ticket(&events);
    Ok(rows
        .into_iter()
        .map(|t| {
            let ev = grouped.get(&t.id).copied().unwrap_or_default();
            view(actor, &clock, &cats, t, ev, &routing)
        })
        .collect())
}

// ---- reads ----------------------------------------------------------------------------------------

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = TicketMeta)]
pub struct Meta {
    pub channels: &'static [Labeled],
    /// What a new ticket may choose: the zone's active categories, in its order.
    pub categories: Vec<CategoryOption>,
    /// Every category with its active flag (list filters, labels of old tickets).
    pub all_categories: Vec<zoneops_db::ticket_category::CategoryRow>,
    pub priorities: &'static [Labeled],
    pub states: &'static [Labeled],
    pub actions: &'static [rules::Action],
}

pub async fn meta(ctx: &Ctx, actor: &Actor) -> AppResult<Meta> {
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    Ok(Meta {
        channels: CHANNELS,
        categories: cats.active(),
        all_categories: cats.all().to_vec(),
        priorities: PRIORITIES,
        states: STATES,
        actions: ACTIONS,
    })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct TicketQuery {
    pub q: Option<String>,
    pub state: Option<String>,
    pub open: Option<bool>,
    pub category: Option<String>,
    pub priority: Option<String>,
    pub channel: Option<String>,
    pub department: Option<i64>,
    pub enterprise: Option<i64>,
    pub project: Option<i64>,
    pub park: Option<i64>,
    pub overdue: Option<bool>,
    pub level: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Resolved (the resolution in force) from / to these days, inclusive.
    pub resolved_from: Option<String>,
    pub resolved_to: Option<String>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn day_start_utc(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::hours(8)
}

pub fn filter(q: &TicketQuery) -> AppResult<TicketFilter> {
    let open_states = || rules::open_states().map(str::to_owned).collect();
    let states = match (check::optional_choice("state", "状态", &q.state, STATES)?, q.open) {
        (Some(s), _) => Some(vec![s]),
        (None, Some(true)) => Some(open_states()),
        (None, Some(false)) => Some(rules::STOPPED_STATES.iter().map(|s| s.to_string()).collect()),
        (None, None) if q.overdue == Some(true) || q.level.is_some() => Some(open_states()),
        (None, None) => None,
    };
    let from = check::optional_date("from", "开始日期", q.from.as_deref())?;
    let to = check::optional_date("to", "结束日期", q.to.as_deref())?;
    Ok(TicketFilter {
        q: q.q.clone(),
        states,
        // Checked against the zone's categories in `resolved_filter`.
        category: q.category.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned),
        priority: check::optional_choice("priority", "紧急程度", &q.priority, PRIORITIES)?,
        channel: check::optional_choice("channel", "来源", &q.channel, CHANNELS)?,
        department: q.department,
        enterprise: q.enterprise,
        project: q.project,
        park: q.park,
        from: from.map(day_start_utc),
        to: to.map(|d| day_start_utc(d + Duration::days(1))),
        ids: None,
        resolved_from: check::optional_date("resolved_from", "办结开始日期", q.resolved_from.as_deref())?
            .map(day_start_utc),
        resolved_to: check::optional_date("resolved_to", "办结结束日期", q.resolved_to.as_deref())?
            .map(|d| day_start_utc(d + Duration::days(1))),
        overdue_at: None,
        level_at: None,
    })
}

/// The SLA column at which an escalation level begins.
fn level_column(code: &str) -> AppResult<&'static str> {
    Ok(match code {
        "reminder" => "sla_remind_at",
        "supervision" => "sla_supervise_at",
        "public_notice" => "sla_notice_at",
        _ => {
            return Err(AppError::invalid(
                "level",
                "LEVEL_INVALID",
                "督办级别应为 reminder、supervision 或 public_notice",
            ));
        }
    })
}

/// The filter with the zone's categories checked and the SLA conditions at this instant.
pub async fn resolved_filter(ctx: &Ctx, actor: &Actor, q: &TicketQuery) -> AppResult<TicketFilter> {
    let mut f = filter(q)?;
    if let Some(c) = f.category.as_deref() {
        Categories::of_zone(ctx, actor.zone()).await?.known("category", "类别", Some(c))?;
    }
    // The SLA columns kept in step with each ticket's history answer these (decision 0012).
    let now = Utc::now();
    if q.overdue == Some(true) {
        f.overdue_at = Some(now);
    }
    if let Some(l) = q.level.as_deref().filter(|s| !s.is_empty()) {
        f.level_at = Some((level_column(l)?, now));
    }
    Ok(f)
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &TicketQuery) -> AppResult<Page<Ticket>> {
    actor.require("ticket:read")?;
    let f = resolved_filter(ctx, actor, q).await?;
    let by_priority = match q.sort.as_deref().unwrap_or("created_at") {
        "created_at" => false,
        "priority" => true,
        _ => return Err(AppError::invalid("sort", "SORT_INVALID", "排序字段应为 created_at 或 priority")),
    };
    let desc = check::order_desc(q.order.as_deref(), true)?;
    let page = PageQuery::new(q.page, q.page_size);
    let rows = repo::list(ctx.db.conn(), &actor.scope, &f, by_priority, desc, Some(page)).await?;
    let items = views(ctx, actor, rows.items).await?;
    Ok(Page { items, total: rows.total, page: rows.page, page_size: rows.page_size })
}

/// Tickets waiting for the caller: a department's open work, the dispatcher's new and returned
/// tickets, a requester's resolved tickets to confirm.
pub async fn queue(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<Ticket>> {
    if !actor.can("ticket:read") && !actor.can("ticket:write") {
        return Err(AppError::Forbidden);
    }
    let mut states: Vec<&str> = Vec::new();
    let mut f = TicketFilter::default();
    if actor.can("ticket:dispatch") {
        states.extend(["new", "returned"]);
    }
    if let Reach::Department { department } = actor.scope.reach {
        states.extend(["dispatched", "accepted", "in_progress", "paused"]);
        f.department = Some(department);
    }
    let mut out = Vec::new();
    if !states.is_empty() {
        f.states = Some(states.iter().map(|s| s.to_string()).collect());
        out = repo::list(ctx.db.conn(), &actor.scope, &f, true, false, Some(PageQuery::new(Some(1), Some(200))))
            .await?
            .items;
    }
    // A requester's resolved tickets to confirm.
    let mine = TicketFilter { states: Some(vec!["resolved".into()]), ..Default::default() };
    for t in repo::list(ctx.db.conn(), &actor.scope, &mine, false, false, Some(PageQuery::new(Some(1), Some(100))))
        .await?
        .items
    {
        if sides(actor, &t).contains(&Side::Requester) && !out.iter().any(|o| o.id == t.id) {
            out.push(t);
        }
    }
    views(ctx, actor, out).await
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Ticket> {
    if !actor.can("ticket:read") && !actor.can("ticket:write") {
        return Err(AppError::Forbidden);
    }
    let row = repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    Ok(views(ctx, actor, vec![row]).await?.remove(0))
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryItem {
    pub at: DateTime<Utc>,
    pub action: String,
    pub label: &'static str,
    pub from: Option<String>,
    pub to: String,
    pub actor: String,
    pub department: Option<String>,
    pub reason: Option<String>,
}

fn action_label(code: &str) -> &'static str {
    match code {
        "file" => "提交",
        "rate" => "评价",
        "attach" => "上传附件",
        c => rules::action(c).map(|a| a.label).unwrap_or(""),
    }
}

pub async fn history(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<HistoryItem>> {
    get(ctx, actor, id).await?;
    Ok(repo::events(ctx.db.conn(), &[id])
        .await?
        .into_iter()
        .map(|e| HistoryItem {
            label: action_label(&e.action),
            at: e.at,
            action: e.action,
            from: e.from_state,
            to: e.to_state,
            actor: e.actor,
            department: e.department,
            reason: e.reason,
        })
        .collect())
}

// ---- writes ---------------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub channel: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub category: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub priority: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub title: Option<String>,
    #[schema(schema_with = input::schema::opt::detail)]
    #[serde(default, deserialize_with = "input::opt::detail")]
    pub detail: Option<String>,
    pub enterprise_id: Option<i64>,
    pub project_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::person)]
    #[serde(default, deserialize_with = "input::opt::person")]
    pub contact_name: Option<String>,
    #[schema(schema_with = input::schema::opt::phone)]
    #[serde(default, deserialize_with = "input::opt::phone")]
    pub contact_phone: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub company: Option<String>,
}

fn phone(field: &str, v: Option<&str>, required: bool) -> AppResult<String> {
    let p = check::optional_text(field, "联系电话", v, TextKind::Phone)?;
    if p.is_empty() {
        if required {
            return Err(AppError::invalid(field, "REQUIRED", "请填写联系电话"));
        }
        return Ok(p);
    }
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    let ok = p.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')'))
        && (7..=15).contains(&digits.len());
    if !ok {
        return Err(AppError::invalid(field, "PHONE_INVALID", "联系电话应为7至15位数字（可含区号和“-”）"));
    }
    Ok(p)
}

pub(crate) fn access_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// Files a ticket in a grouped write (many callers share one durable commit, decision 0010).
async fn insert(
    ctx: &Ctx,
    t: NewTicket,
    actor: (Option<i64>, String),
    audit: AuditBy,
) -> AppResult<(i64, String, String)> {
    let code = access_code();
    // Numbers come from the day's counter row (its row lock serialises them); a duplicate can
    // only meet a number written outside it (a bulk load before its counters are rebuilt):
    // retry with the next.
    for attempt in 0..3 {
        let (t, code, actor, audit) = (t.clone(), code.clone(), actor.clone(), audit.clone());
        let result = ctx
            .db
            .write_grouped(move |tx| {
                Box::pin(async move {
                    let (id, no) = repo::insert(tx, audit.zone, &t, &code, today(), (actor.0, &actor.1)).await?;
                    audit.write(tx, id, &t).await.map_err(|e| zoneops_db::DbError::Invalid(e.to_string()))?;
                    Ok((id, no, code))
                })
            })
            .await;
        match result {
            Ok(done) => return Ok(done),
            Err(zoneops_db::DbError::Duplicate { .. }) if attempt < 2 => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("could not number the ticket"))
}

/// Who the audit row names: a user, or the public hotline.
#[derive(Clone)]
struct AuditBy {
    zone: i64,
    actor: Option<Actor>,
    meta: Option<RequestMeta>,
}

impl AuditBy {
    async fn write(&self, tx: &zoneops_db::WriteTx, id: i64, t: &NewTicket) -> AppResult<()> {
        match (&self.actor, &self.meta) {
            (Some(a), _) => a.audit(tx, "create", "ticket", id, None::<&()>, Some(t)).await,
            (None, Some(m)) => m.audit_hotline(tx, self.zone, "create", "ticket", id, t).await,
            (None, None) => Err(AppError::internal("no audit actor")),
        }
    }
}

pub async fn create(ctx: &Ctx, actor: &Actor, i: TicketInput) -> AppResult<Ticket> {
    actor.require("ticket:write")?;
    let db = ctx.db.conn();
    let (channel, enterprise_id) = match actor.scope.reach {
        // An enterprise account files for itself.
        Reach::Enterprise { enterprise } => ("enterprise".to_owned(), Some(enterprise)),
        _ => {
            let c = check::choice("channel", "来源", i.channel.as_deref().or(Some("phone")), CHANNELS)?;
            if c == "hotline" {
                return Err(AppError::invalid(
                    "channel",
                    "CHANNEL_INVALID",
                    "热线工单请通过公开的办不成事热线表单提交",
                ));
            }
            (c, check::enterprise(ctx, actor, "enterprise_id", i.enterprise_id).await?)
        }
    };
    let project = match i.project_id {
        Some(p) => Some(
            zoneops_db::project::get(db, &actor.scope, p)
                .await?
                .ok_or_else(|| AppError::invalid("project_id", "PROJECT_UNKNOWN", "关联项目不存在或无权查看"))?,
        ),
        None => None,
    };
    let enterprise_park = match enterprise_id {
        Some(e) => zoneops_db::enterprise::park_of(db, actor.zone(), e).await?,
        None => None,
    };
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let t = NewTicket {
        channel,
        category: cats.choose("category", "问题类别", i.category.as_deref())?,
        priority: check::choice("priority", "紧急程度", i.priority.as_deref().or(Some("normal")), PRIORITIES)?,
        title: check::text("title", "问题标题", i.title.as_deref(), TextKind::Name)?,
        detail: check::text("detail", "问题描述", i.detail.as_deref(), TextKind::Detail)?,
        enterprise_id,
        project_id: project.as_ref().map(|p| p.id),
        // A park's staff file for their park even without an enterprise: the park scope is
        // then all a park user needs to follow what they filed (see `scope::ticket`).
        park_id: enterprise_park.or(project.as_ref().map(|p| p.park_id)).or(match &actor.scope.reach {
            Reach::Parks { parks } => parks.first().copied(),
            _ => None,
        }),
        requester_id: Some(actor.user_id),
        contact_name: check::optional_text("contact_name", "联系人", i.contact_name.as_deref(), TextKind::Label)?,
        contact_phone: phone("contact_phone", i.contact_phone.as_deref(), false)?,
        contact_company: check::optional_text("company", "企业名称", i.company.as_deref(), TextKind::Name)?,
    };
    let audit = AuditBy { zone: actor.zone(), actor: Some(actor.clone()), meta: None };
    let (id, _, _) = insert(ctx, t, (Some(actor.user_id), actor.display_name.clone()), audit).await?;
    get(ctx, actor, id).await
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Receipt {
    pub no: String,
    pub code: String,
}

/// The public 办不成事 hotline: no login; contact details required; nothing stored on an error.
pub async fn file_hotline(ctx: &Ctx, zone: i64, meta: &RequestMeta, i: TicketInput) -> AppResult<Receipt> {
    let cats = Categories::of_zone(ctx, zone).await?;
    let t = NewTicket {
        channel: "hotline".into(),
        category: cats.choose("category", "问题类别", i.category.as_deref())?,
        priority: "normal".into(),
        title: check::text("title", "问题标题", i.title.as_deref(), TextKind::Name)?,
        detail: check::text("detail", "问题描述", i.detail.as_deref(), TextKind::Detail)?,
        enterprise_id: None,
        project_id: None,
        park_id: None,
        requester_id: None,
        contact_name: check::text("contact_name", "联系人", i.contact_name.as_deref(), TextKind::Label)?,
        contact_phone: phone("contact_phone", i.contact_phone.as_deref(), true)?,
        contact_company: check::text("company", "企业名称", i.company.as_deref(), TextKind::Name)?,
    };
    let audit = AuditBy { zone, actor: None, meta: Some(meta.clone()) };
    let (_, no, code) = insert(ctx, t, (None, "热线来电".to_owned()), audit).await?;
    Ok(Receipt { no, code })
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicView {
    pub no: String,
    pub title: String,
    pub category: String,
    pub state: String,
    pub state_label: &'static str,
    pub created_at: DateTime<Utc>,
    pub history: Vec<PublicStep>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStep {
    pub at: DateTime<Utc>,
    pub label: &'static str,
    pub state_label: &'static str,
}

/// The public tracking page: state and steps, no names or contact details.
pub async fn track(ctx: &Ctx, no: &str, code: &str) -> AppResult<PublicView> {
    let t = repo::by_tracking(ctx.db.conn(), no.trim(), code.trim().to_uppercase().as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let history = repo::events(ctx.db.conn(), &[t.id])
        .await?
        .into_iter()
        .map(|e| PublicStep { at: e.at, label: action_label(&e.action), state_label: label(STATES, &e.to_state) })
        .collect();
    Ok(PublicView {
        no: t.no,
        title: t.title,
        category: Categories::of_zone(ctx, t.zone_id).await?.label(&t.category),
        state_label: label(STATES, &t.state),
        state: t.state,
        created_at: t.created_at,
        history,
    })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = TicketActionInput)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    #[schema(schema_with = input::schema::opt::comment)]
    #[serde(default, deserialize_with = "input::opt::comment")]
    pub reason: Option<String>,
    pub department_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::detail)]
    #[serde(default, deserialize_with = "input::opt::detail")]
    pub resolution: Option<String>,
}

/// Takes an action on a ticket: the state machine decides, the history records it.
pub async fn act(ctx: &Ctx, actor: &Actor, id: i64, code: &str, i: ActionInput) -> AppResult<Ticket> {
    if !actor.can("ticket:write") && !actor.can("ticket:dispatch") {
        return Err(AppError::Forbidden);
    }
    let reason = check::optional_text("reason", "原因", i.reason.as_deref(), TextKind::Comment)?;
    let resolution = check::optional_text("resolution", "办理结果", i.resolution.as_deref(), TextKind::Detail)?;
    let department = match i.department_id {
        Some(d) => {
            if reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Department, d).await?.is_none() {
                return Err(AppError::invalid("department_id", "DEPARTMENT_UNKNOWN", "所选部门不存在"));
            }
            Some(d)
        }
        None => None,
    };
    let tx = ctx.db.begin_write().await?;
    let t = repo::get(&*tx, &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let rule = rules::transition(&t.state, code, &sides(actor, &t)).map_err(|e| match e {
        rules::TransitionError::NotYours { .. } => AppError::Forbidden,
        rules::TransitionError::UnknownAction => AppError::NotFound,
        other => AppError::Invalid {
            field: "action".into(),
            code: "TICKET_TRANSITION",
            message: other.message_zh(),
            params: serde_json::json!({"state": t.state, "action": code}),
        },
    })?;
    let why = if code == "resolve" { &resolution } else { &reason };
    if rule.reason_required && why.is_empty() {
        let field = if code == "resolve" { "resolution" } else { "reason" };
        return Err(AppError::invalid(
            field,
            "REASON_REQUIRED",
            format!("“{}”须填写{}", rule.label, if code == "resolve" { "办理结果" } else { "原因" }),
        ));
    }
    if rule.needs_department && department.is_none() {
        return Err(AppError::invalid("department_id", "DEPARTMENT_REQUIRED", "请选择承办部门"));
    }
    if code == "reroute" && department == t.department_id {
        return Err(AppError::invalid(
            "department_id",
            "DEPARTMENT_SAME",
            "改派须选择其他部门；坚持原部门请用“坚持派单”",
        ));
    }
    let now = zoneops_db::now();
    let mut change = Change { department, ..Change::default() };
    match code {
        "dispatch" => change.dispatched_at = Some(now),
        "accept" if t.answered_at.is_none() => change.answered_at = Some(now),
        "resolve" => {
            change.resolved_at = Some(Some(now));
            change.resolution = Some(resolution.clone());
        }
        "close" | "close_unresolved" => change.closed_at = Some(Some(now)),
        "reopen" => {
            change.resolved_at = Some(None);
            change.closed_at = Some(None);
        }
        _ => {}
    }
    if !repo::set_state(&tx, actor.zone(), id, &t.state, rule.to, &change).await? {
        return Err(AppError::Conflict {
            field: "state".into(),
            code: "TICKET_CHANGED",
            message: "工单已被他人处理，请刷新".into(),
        });
    }
    let reason_opt = Some(why.as_str()).filter(|r| !r.is_empty());
    let ev = NewEvent {
        zone: actor.zone(),
        ticket: id,
        action: code,
        from: Some(&t.state),
        to: rule.to,
        actor: (Some(actor.user_id), &actor.display_name),
        department: department.or(if code == "insist" { t.department_id } else { None }),
        reason: reason_opt,
    };
    repo::insert_event(&tx, &ev, now).await?;
    crate::ticket_sla::refresh(&tx, &Clock::load(ctx, actor.zone()).await?, actor.zone(), id).await?;
    crate::notify::on_ticket_action(&tx, actor.zone(), &t, code, department, reason_opt).await?;
    let after = serde_json::json!({"state": rule.to, "department_id": department, "reason": reason_opt});
    actor.audit(&tx, code, "ticket", id, Some(&serde_json::json!({"state": t.state})), Some(&after)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    pub solved: Option<bool>,
    pub satisfaction: Option<i32>,
    #[schema(schema_with = input::schema::opt::comment)]
    #[serde(default, deserialize_with = "input::opt::comment")]
    pub comment: Option<String>,
}

/// Satisfaction on closing (the enterprise, or staff calling back): "not solved" reopens.
pub async fn rate(ctx: &Ctx, actor: &Actor, id: i64, i: RatingInput) -> AppResult<Ticket> {
    let solved = i.solved.ok_or_else(|| AppError::invalid("solved", "REQUIRED", "请选择问题是否解决"))?;
    let sat = match i.satisfaction {
        Some(s @ 1..=5) => s,
        _ => return Err(AppError::invalid("satisfaction", "SATISFACTION_INVALID", "满意度应为1至5分")),
    };
    let comment = check::optional_text("comment", "评价意见", i.comment.as_deref(), TextKind::Comment)?;
    let tx = ctx.db.begin_write().await?;
    let t = repo::get(&*tx, &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let s = sides(actor, &t);
    if !s.contains(&Side::Requester) && !s.contains(&Side::Dispatcher) {
        return Err(AppError::Forbidden);
    }
    if !matches!(t.state.as_str(), "resolved" | "closed") {
        return Err(AppError::invalid("solved", "TICKET_NOT_RESOLVED", "工单办结后才能评价"));
    }
    let now = zoneops_db::now();
    let (to, action, mut change) = if solved {
        ("closed", "rate", Change { closed_at: Some(Some(t.closed_at.unwrap_or(now))), ..Change::default() })
    } else {
        ("in_progress", "reopen", Change { resolved_at: Some(None), closed_at: Some(None), ..Change::default() })
    };
    change.rating = Some((solved, sat, comment.clone()));
    if !repo::set_state(&tx, actor.zone(), id, &t.state, to, &change).await? {
        return Err(AppError::Conflict {
            field: "state".into(),
            code: "TICKET_CHANGED",
            message: "工单已被他人处理，请刷新".into(),
        });
    }
    let reason = format!(
        "{}；满意度{}分{}",
        if solved { "已解决" } else { "未解决" },
        sat,
        if comment.is_empty() { String::new() } else { format!("：{comment}") }
    );
    let ev = NewEvent {
        zone: actor.zone(),
        ticket: id,
        action,
        from: Some(&t.state),
        to,
        actor: (Some(actor.user_id), &actor.display_name),
        department: None,
        reason: Some(&reason),
    };
    repo::insert_event(&tx, &ev, now).await?;
    crate::ticket_sla::refresh(&tx, &Clock::load(ctx, actor.zone()).await?, actor.zone(), id).await?;
    let after = serde_json::json!({"solved": solved, "satisfaction": sat, "state": to});
    actor.audit(&tx, "rate", "ticket", id, Some(&serde_json::json!({"state": t.state})), Some(&after)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

// ---- rules: routing, policies, calendar -----------------------------------------------------------

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingRule {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub category: String,
    pub department_id: i64,
}

pub async fn routing(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<RoutingRule>> {
    if !actor.can("ticket:read") && !actor.can("ticket:dispatch") {
        return Err(AppError::Forbidden);
    }
    Ok(repo::routing(ctx.db.conn(), actor.zone())
        .await?
        .into_iter()
        .map(|(category, department_id)| RoutingRule { category, department_id })
        .collect())
}

/// The whole list of a rule set, replaced by a PUT: `items` is required (`[]` empties it), so a
/// body of `{}` or a misspelt key is a 422, never an emptied list.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Items<T> {
    // In place: utoipa's generic derive would name the item type without registering it.
    #[schema(inline)]
    pub items: Vec<T>,
}

impl<T> input::Replace for Items<T> {}

pub async fn set_routing(ctx: &Ctx, actor: &Actor, input: Items<RoutingRule>) -> AppResult<Vec<RoutingRule>> {
    actor.require("ticket:dispatch")?;
    let items = input.items;
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let mut rows = Vec::new();
    for r in &items {
        cats.known("items", "问题类别", Some(&r.category))?;
        if reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Department, r.department_id).await?.is_none() {
            return Err(AppError::invalid("items", "DEPARTMENT_UNKNOWN", "所选部门不存在"));
        }
        if rows.iter().any(|(c, _): &(String, i64)| *c == r.category) {
            return Err(AppError::invalid("items", "ROUTING_DUPLICATE", "每个类别只能设置一个承办部门"));
        }
        rows.push((r.category.clone(), r.department_id));
    }
    let before = repo::routing(ctx.db.conn(), actor.zone()).await?;
    let tx = ctx.db.begin_write().await?;
    repo::set_routing(&tx, actor.zone(), &rows).await?;
    actor.audit(&tx, "update", "ticket_routing", actor.zone(), Some(&before), Some(&rows)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    routing(ctx, actor).await
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PolicyRow {
    pub category: String,
    pub priority: String,
    #[serde(flatten)]
    pub policy: Policy,
}

/// The zone's policies, or the defaults (one per priority for any category) when it set none.
pub async fn list_policies(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<PolicyRow>> {
    if !actor.can("ticket:read") && !actor.can("ticket:dispatch") {
        return Err(AppError::Forbidden);
    }
    let p = policies(ctx.db.conn(), actor.zone()).await?;
    if p.rows.is_empty() {
        return Ok(PRIORITIES
            .iter()
            .map(|pr| PolicyRow { category: "*".into(), priority: pr.code.into(), policy: default_policy(pr.code) })
            .collect());
    }
    Ok(p.rows.into_iter().map(|(category, priority, policy)| PolicyRow { category, priority, policy }).collect())
}

/// One policy as a PUT writes it: the fields of [`PolicyRow`], each required, no other key.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub category: String,
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub priority: String,
    pub answer: Limit,
    pub resolve: Limit,
    pub remind_before: Limit,
    pub notice_after_working_days: u32,
}

pub async fn set_policies(ctx: &Ctx, actor: &Actor, input: Items<PolicyInput>) -> AppResult<Vec<PolicyRow>> {
    actor.require("ticket:dispatch")?;
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let mut parsed = Vec::new();
    let mut rows = Vec::new();
    for (i, r) in input.items.into_iter().enumerate() {
        let r = PolicyRow {
            category: r.category,
            priority: r.priority,
            policy: Policy {
                answer: r.answer,
                resolve: r.resolve,
                remind_before: r.remind_before,
                notice_after_working_days: r.notice_after_working_days,
            },
        };
        if r.policy.notice_after_working_days > 1000 {
            return Err(AppError::invalid(
                format!("items[{i}].notice_after_working_days"),
                "LIMIT_INVALID",
                "通报时限应在0至1000个工作日之间",
            ));
        }
        if r.category != "*" {
            cats.known("items", "问题类别", Some(&r.category))?;
        }
        check::choice("items", "紧急程度", Some(&r.priority), PRIORITIES)?;
        for l in [r.policy.answer, r.policy.resolve, r.policy.remind_before] {
            if l.amount > 1000 {
                return Err(AppError::invalid("items", "LIMIT_INVALID", "时限应在0至1000个工作日（或工作小时）之间"));
            }
        }
        if rows.iter().any(|(c, p, _): &(String, String, String)| *c == r.category && *p == r.priority) {
            return Err(AppError::invalid("items", "POLICY_DUPLICATE", "同一类别和紧急程度只能有一条时限规则"));
        }
        parsed.push((r.category.clone(), r.priority.clone(), r.policy));
        rows.push((r.category, r.priority, serde_json::to_string(&r.policy).map_err(AppError::internal)?));
    }
    // The tickets whose policy changes get their SLA columns again in the same transaction.
    let old = Clock::load_from(ctx.db.conn(), actor.zone()).await?.rules;
    let new = Policies { rows: parsed };
    let changed: Vec<(String, String)> = zoneops_db::ticket_sla::pairs(ctx.db.conn(), actor.zone())
        .await?
        .into_iter()
        .filter(|(c, p)| old.policies.for_ticket(c, p) != new.for_ticket(c, p))
        .collect();
    let clock =
        Clock::with_rules(ClockRules { calendar: old.calendar.clone(), hours: old.hours.clone(), policies: new });
    let tx = ctx.db.begin_write().await?;
    repo::set_policies(&tx, actor.zone(), &rows).await?;
    let n = crate::ticket_sla::recompute(&tx, &clock, actor.zone(), &Affected::Pairs(changed)).await?;
    let after = serde_json::json!({"policies": &rows, "tickets_recomputed": n});
    actor.audit(&tx, "update", "sla_policy", actor.zone(), None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    list_policies(ctx, actor).await
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarYearView {
    pub year: Option<i32>,
    pub holidays: Vec<NaiveDate>,
    pub workdays: Vec<NaiveDate>,
}

/// The year comes from the path; a body may repeat it.
impl input::Replace for CalendarYearView {
    const MAY_OMIT: &'static [&'static str] = &["year"];
}

pub async fn calendar_year(ctx: &Ctx, actor: &Actor, year: i32) -> AppResult<CalendarYearView> {
    if !actor.can("ticket:read") && !actor.can("ticket:dispatch") {
        return Err(AppError::Forbidden);
    }
    let cal = calendar(ctx, actor.zone()).await?;
    Ok(match cal.year(year) {
        Some(y) => CalendarYearView {
            year: Some(year),
            holidays: y.holidays.iter().map(|h| h.date).collect(),
            workdays: y.workdays.clone(),
        },
        // A year without data: Monday–Friday.
        None => CalendarYearView { year: Some(year), holidays: vec![], workdays: vec![] },
    })
}

pub async fn set_calendar_year(
    ctx: &Ctx,
    actor: &Actor,
    year: i32,
    input: CalendarYearView,
) -> AppResult<CalendarYearView> {
    actor.require("ticket:dispatch")?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", "YEAR_OUT_OF_RANGE", "年份应在2000–2100之间"));
    }
    let data = CalendarYear {
        holidays: input.holidays.iter().map(|d| Holiday { date: *d, name: String::new() }).collect(),
        workdays: input.workdays.clone(),
    };
    // Checked against the other years too (a date may not belong to two years).
    let mut cal = calendar(ctx, actor.zone()).await?;
    cal.set_year(year, data)
        .map_err(|e| AppError::invalid("holidays", "CALENDAR_INVALID", format!("日历数据有误：{e}")))?;
    let old = Clock::load_from(ctx.db.conn(), actor.zone()).await?.rules;
    let clock =
        Clock::with_rules(ClockRules { calendar: cal, hours: old.hours.clone(), policies: old.policies.clone() });
    // Clocks that may have run in the year (a day's margin for the zone's time offset).
    let from = NaiveDate::from_ymd_opt(year, 1, 1).map(day_start_utc).unwrap_or_default() - Duration::days(1);
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).map(day_start_utc).unwrap_or_default() + Duration::days(1);
    let tx = ctx.db.begin_write().await?;
    repo::set_calendar_year(&tx, actor.zone(), year, &input.holidays, &input.workdays).await?;
    crate::ticket_sla::recompute(&tx, &clock, actor.zone(), &Affected::RunningBetween(from, to)).await?;
    actor.audit(&tx, "update", "calendar", year, None::<&()>, Some(&input)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    calendar_year(ctx, actor, year).await
}

// ---- cockpit --------------------------------------------------------------------------------------

/// (open, overdue, resolved in period, resolved on time, satisfaction ×100 sum, rated count).
pub struct TicketFigures {
    pub open: u64,
    pub overdue: u64,
    pub resolved: u64,
    pub on_time: u64,
    pub satisfaction_avg: Option<f64>,
}

pub async fn figures(
    ctx: &Ctx,
    actor: &Actor,
    park: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<TicketFigures> {
    let open_q = TicketQuery { open: Some(true), park, ..Default::default() };
    let open = repo::count(ctx.db.conn(), &actor.scope, &filter(&open_q)?).await?;
    let overdue_q = TicketQuery { overdue: Some(true), park, ..Default::default() };
    let overdue = repo::count(ctx.db.conn(), &actor.scope, &resolved_filter(ctx, actor, &overdue_q).await?).await?;
    // Resolved in the period: the drill `resolutions_query` lists exactly these.
    let r =
        zoneops_db::ticket_sla::resolutions(ctx.db.conn(), &actor.scope, &filter(&resolutions_query(park, from, to))?)
            .await?;
    Ok(TicketFigures {
        open,
        overdue,
        resolved: r.resolved as u64,
        on_time: r.on_time.unwrap_or(0) as u64,
        satisfaction_avg: (r.rated > 0)
            .then(|| (r.satisfaction_sum.unwrap_or(0) as f64 / r.rated as f64 * 100.0).round() / 100.0),
    })
}

/// Tickets resolved in `from..=to` and not reopened since (the on-time rate and satisfaction);
/// a resolution in force means the ticket is not open, so no state condition is needed.
pub fn resolutions_query(park: Option<i64>, from: NaiveDate, to: NaiveDate) -> TicketQuery {
    TicketQuery { resolved_from: Some(from.to_string()), resolved_to: Some(to.to_string()), park, ..Default::default() }
}

/// The zone public hotline tickets go to: the installation's zone (the first one).
pub async fn hotline_zone(ctx: &Ctx) -> AppResult<i64> {
    reference::zones(ctx.db.conn()).await?.first().map(|z| z.id).ok_or(AppError::NotFound)
}
