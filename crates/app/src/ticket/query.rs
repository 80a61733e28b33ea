//! Reads: the service desk's meta, ticket lists and filters, the queue, one ticket and its history.

use crate::check::{self};
use crate::ticket_category::{Categories, CategoryOption};
use crate::{Actor, AppError, AppResult, Ctx};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use zoneops_db::ticket::{self as repo, TicketFilter, TicketOrder};
use zoneops_db::{Page, PageQuery};
use zoneops_domain::Permission;
use zoneops_domain::invest::Labeled;
use zoneops_domain::scope::Reach;
use zoneops_domain::ticket::{self as lifecycle, ACTIONS, Channel, Priority, Side, TicketState};
use zoneops_domain::vocabulary::Vocabulary;

use super::*;

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = TicketMeta)]
pub struct Meta {
    pub channels: Vec<Labeled>,
    /// What a new ticket may choose: the zone's active categories, in its order.
    pub categories: Vec<CategoryOption>,
    /// Every category with its active flag (list filters, labels of old tickets).
    pub all_categories: Vec<zoneops_db::ticket_category::CategoryRow>,
    pub priorities: Vec<Labeled>,
    pub states: Vec<Labeled>,
    pub actions: &'static [lifecycle::Action],
}

pub async fn meta(ctx: &Ctx, actor: &Actor) -> AppResult<Meta> {
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    Ok(Meta {
        channels: Channel::labeled(actor.lang),
        categories: cats.active(),
        all_categories: cats.all().to_vec(),
        priorities: Priority::labeled(actor.lang),
        states: TicketState::labeled(actor.lang),
        actions: &ACTIONS,
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
    /// `true`: waiting for the first dispatch and past the dispatch limit now (decision 0035).
    pub dispatch_overdue: Option<bool>,
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

pub(super) fn day_start_utc(d: NaiveDate) -> DateTime<Utc> {
    zoneops_domain::zone_time::day_start(d)
}

pub fn filter(q: &TicketQuery) -> AppResult<TicketFilter> {
    let open_states = || lifecycle::open_states().collect();
    let states = match (check::optional_pick::<TicketState>("state", "状态", &q.state)?, q.open) {
        (Some(s), _) => Some(vec![s]),
        (None, Some(true)) => Some(open_states()),
        (None, Some(false)) => Some(lifecycle::stopped_states().collect()),
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
        priority: check::optional_pick("priority", "紧急程度", &q.priority)?,
        channel: check::optional_pick("channel", "来源", &q.channel)?,
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
        dispatch_overdue_at: None,
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
    // The SLA columns kept in step with each ticket's history answer these (decision 0012), at
    // the app's clock (tests set it), to the second like the live clock (`sla::evaluate`).
    let now = chrono::SubsecRound::trunc_subsecs(ctx.clock.now(), 0);
    if q.overdue == Some(true) {
        f.overdue_at = Some(now);
    }
    if q.dispatch_overdue == Some(true) {
        f.dispatch_overdue_at = Some(now);
    }
    if let Some(l) = q.level.as_deref().filter(|s| !s.is_empty()) {
        f.level_at = Some((level_column(l)?, now));
    }
    Ok(f)
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &TicketQuery) -> AppResult<Page<Ticket>> {
    actor.require(Permission::TicketRead)?;
    let f = resolved_filter(ctx, actor, q).await?;
    let by = match q.sort.as_deref().unwrap_or("created_at") {
        "created_at" => TicketOrder::Created,
        "priority" => TicketOrder::Priority,
        "waiting" => TicketOrder::Waiting,
        _ => {
            return Err(AppError::invalid("sort", "SORT_INVALID", "排序字段应为 created_at、priority 或 waiting"));
        }
    };
    // Newest first by default; waiting: the one waiting longest first.
    let desc = check::order_desc(q.order.as_deref(), by != TicketOrder::Waiting)?;
    let page = PageQuery::new(q.page, q.page_size);
    let rows = repo::list_ordered(ctx.db.conn(), &actor.scope, &f, by, desc, Some(page)).await?;
    let items = views(ctx, actor, rows.items).await?;
    Ok(Page { items, total: rows.total, page: rows.page, page_size: rows.page_size })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct QueueQuery {
    /// `priority` (the default): most urgent first, then oldest; `waiting`: the tickets waiting
    /// for their first dispatch first, the one waiting longest first, then the others oldest first.
    pub sort: Option<String>,
}

/// Tickets waiting for the caller: a department's open work, the dispatcher's new and returned
/// tickets, a requester's resolved tickets to confirm.
pub async fn queue(ctx: &Ctx, actor: &Actor, q: &QueueQuery) -> AppResult<Vec<Ticket>> {
    let by = match q.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("priority") {
        // Most urgent first, then the oldest (the 200 kept are the most urgent ones).
        "priority" => TicketOrder::Urgent,
        "waiting" => TicketOrder::Waiting,
        _ => return Err(AppError::invalid("sort", "SORT_INVALID", "排序字段应为 priority 或 waiting")),
    };
    if !actor.can(Permission::TicketRead) && !actor.can(Permission::TicketWrite) {
        return Err(AppError::Forbidden);
    }
    use TicketState as S;
    let mut states: Vec<TicketState> = Vec::new();
    let mut f = TicketFilter::default();
    if actor.can(Permission::TicketDispatch) {
        states.extend([S::New, S::Returned]);
    }
    if let Reach::Department { department } = actor.scope.reach {
        states.extend([S::Dispatched, S::Accepted, S::InProgress, S::Paused]);
        f.department = Some(department);
    }
    let mut out = Vec::new();
    if !states.is_empty() {
        f.states = Some(states);
        out = repo::list_ordered(ctx.db.conn(), &actor.scope, &f, by, false, Some(PageQuery::new(Some(1), Some(200))))
            .await?
            .items;
    }
    // A requester's resolved tickets to confirm.
    let mine = TicketFilter { states: Some(vec![S::Resolved]), ..Default::default() };
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
    if !actor.can(Permission::TicketRead) && !actor.can(Permission::TicketWrite) {
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

pub async fn history(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<HistoryItem>> {
    get(ctx, actor, id).await?;
    Ok(repo::events(ctx.db.conn(), &[id])
        .await?
        .into_iter()
        .map(|e| HistoryItem {
            label: lifecycle::history_label(&e.action),
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
