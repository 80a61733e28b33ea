//! Service-desk tickets and their event history, routing rules, service-level policies and the
//! zone's calendar overrides. Ticket reads take the caller's scope ([`scope::ticket`]).

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sea_orm::sea_query::{
    Asterisk, Cond, Condition, Expr, ExprTrait, Func, JoinType, LikeExpr, OnConflict, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};
use serde::Serialize;
use zoneops_domain::scope::Scope;
use zoneops_domain::ticket::{Channel, Priority, TicketEvent, TicketState};

use crate::reference::insert_returning_id;
use crate::util::{count_rows, like_pattern, rare, rows_with_total};
use crate::{DbError, DbResult, Page, PageQuery, WriteTx, now, scope};

mod bulk;

pub use bulk::{LoadedEvent, LoadedTicket, bulk_insert};

#[derive(Clone, Debug, Default)]
pub struct TicketFilter {
    pub q: Option<String>,
    pub states: Option<Vec<TicketState>>,
    pub category: Option<String>,
    pub priority: Option<Priority>,
    pub channel: Option<Channel>,
    pub department: Option<i64>,
    pub enterprise: Option<i64>,
    pub project: Option<i64>,
    pub park: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub ids: Option<Vec<i64>>,
    /// Resolved (the resolution in force) in `[from, to)`.
    pub resolved_from: Option<DateTime<Utc>>,
    pub resolved_to: Option<DateTime<Utc>>,
    /// Open and past its resolve deadline at this instant (the SLA columns, see [`crate::ticket_sla`]).
    pub overdue_at: Option<DateTime<Utc>>,
    /// Open and at or above this escalation level (`sla_remind_at`, `sla_supervise_at` or
    /// `sla_notice_at`) at this instant.
    pub level_at: Option<(&'static str, DateTime<Utc>)>,
    /// Waiting for its first dispatch and past the dispatch limit at this instant (decision 0035).
    pub dispatch_overdue_at: Option<DateTime<Utc>>,
}

impl TicketFilter {
    /// The WHERE clause: scope first, then the filters. `backend`: SQLite is told which ranges
    /// are narrow ([`rare`]).
    pub fn condition(&self, scope: &Scope, backend: DbBackend) -> Condition {
        let mut c = Cond::all().add(scope::ticket(scope));
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let pat = like_pattern(q);
            let like = |col: &'static str| {
                Expr::expr(Func::lower(Expr::col(("t", col)))).like(LikeExpr::new(pat.clone()).escape('\\'))
            };
            c = c.add(Cond::any().add(like("title")).add(like("no")).add(like("contact_company")));
        }
        if let Some(s) = &self.states {
            c = c.add(Expr::col(("t", "state")).is_in(s.iter().map(|s| s.code())));
        }
        let codes = [
            ("category", self.category.as_deref()),
            ("priority", self.priority.map(Priority::code)),
            ("channel", self.channel.map(Channel::code)),
        ];
        for (col, v) in codes {
            if let Some(v) = v {
                c = c.add(Expr::col(("t", col)).eq(v));
            }
        }
        for (col, v) in [
            ("department_id", self.department),
            ("enterprise_id", self.enterprise),
            ("project_id", self.project),
            ("park_id", self.park),
        ] {
            if let Some(v) = v {
                c = c.add(Expr::col(("t", col)).eq(v));
            }
        }
        if let Some(d) = self.from {
            c = c.add(Expr::col(("t", "created_at")).gte(d));
        }
        if let Some(d) = self.to {
            c = c.add(Expr::col(("t", "created_at")).lt(d));
        }
        if let Some(ids) = &self.ids {
            c = c.add(Expr::col(("t", "id")).is_in(ids.clone()));
        }
        if let Some(d) = self.resolved_from {
            c = c.add(Expr::col(("t", "resolved_at")).gte(d));
        }
        if let Some(d) = self.resolved_to {
            c = c.add(Expr::col(("t", "resolved_at")).lt(d));
        }
        let open = || crate::ticket_sla::open(Expr::col(("t", "state")));
        if let Some(now) = self.overdue_at {
            // `evaluate` says breached when the deadline is strictly before now.
            c = c.add(open()).add(rare(Expr::col(("t", "sla_breach_at")).lt(now), backend));
        }
        if let Some(now) = self.dispatch_overdue_at {
            // Like the resolve deadline: met at the instant, past it after.
            c = c
                .add(crate::ticket_sla::waiting(Expr::col(("t", "state"))))
                .add(rare(Expr::col(("t", "sla_dispatch_due_at")).lt(now), backend));
        }
        if let Some((col, now)) = self.level_at {
            // A level begins at its instant (`now >= remind_at`).
            c = c.add(open()).add(rare(Expr::col(("t", col)).lte(now), backend));
        }
        c
    }
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct TicketRow {
    pub id: i64,
    pub no: String,
    #[serde(skip)]
    pub access_code: String,
    pub channel: String,
    pub category: String,
    pub priority: String,
    pub title: String,
    pub detail: String,
    pub enterprise_id: Option<i64>,
    pub enterprise: Option<String>,
    pub project_id: Option<i64>,
    pub project: Option<String>,
    pub park_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_company: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    #[schema(value_type = zoneops_domain::ticket::TicketState)]
    pub state: String,
    pub created_at: DateTime<Utc>,
    /// When a ticket taken by phone or found on a visit was received, if it was entered
    /// afterwards (null: received when filed); its SLA clock runs from here.
    pub received_at: Option<DateTime<Utc>>,
    /// Why it was entered more than a few days after it was received.
    pub late_reason: Option<String>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub resolution: String,
    pub solved: Option<bool>,
    pub satisfaction: Option<i32>,
    pub rating_comment: String,
    #[serde(skip)]
    pub zone_id: i64,
    /// The SLA columns kept in step with the history ([`crate::ticket_sla`]); the API shows the
    /// clock evaluated live instead.
    #[serde(skip)]
    pub sla_breach_at: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub sla_remind_at: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub sla_supervise_at: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub sla_notice_at: Option<DateTime<Utc>>,
    /// When the dispatch limit of a ticket waiting for its first dispatch runs out (decision 0035).
    #[serde(skip)]
    pub sla_dispatch_due_at: Option<DateTime<Utc>>,
}

fn select_rows() -> SelectStatement {
    // Every ticket column (the row type names the ones it reads), and the three joined names.
    let mut q = Query::select();
    q.column(("t", Asterisk))
        .expr_as(Expr::col(("e", "name")), "enterprise")
        .expr_as(Expr::col(("p", "name")), "project")
        .expr_as(Expr::col(("d", "name")), "department")
        .from_as("ticket", "t")
        .join_as(JoinType::LeftJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("t", "enterprise_id")))
        .join_as(JoinType::LeftJoin, "project", "p", Expr::col(("p", "id")).equals(("t", "project_id")))
        .join_as(JoinType::LeftJoin, "department", "d", Expr::col(("d", "id")).equals(("t", "department_id")));
    q
}

fn rows(rows: Vec<sea_orm::QueryResult>) -> DbResult<Vec<TicketRow>> {
    Ok(rows.iter().map(|r| TicketRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

fn count_query(scope: &Scope, f: &TicketFilter, backend: DbBackend) -> SelectStatement {
    Query::select()
        .expr(Expr::col(Asterisk).count())
        .from_as("ticket", "t")
        .cond_where(f.condition(scope, backend))
        .take()
}

pub async fn count(db: &impl ConnectionTrait, scope: &Scope, f: &TicketFilter) -> DbResult<u64> {
    count_rows(db, &count_query(scope, f, db.get_database_backend())).await
}

/// The order of a ticket list: by filing (the default), by priority then filing, or by how long
/// a ticket has waited for its dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketOrder {
    Created,
    /// By priority then filing: `desc` puts the most urgent and the newest first, `asc` the least
    /// urgent and the oldest (a list's column sort).
    Priority,
    /// A work queue: the most urgent first, then the oldest, whatever `desc`.
    Urgent,
    /// The tickets waiting for their first dispatch first, the one received longest ago first
    /// (its receipt, or its filing when it was received as it was entered), then the others by
    /// filing; `desc` turns it round.
    Waiting,
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &TicketFilter,
    by_priority: bool,
    desc: bool,
    page: Option<PageQuery>,
) -> DbResult<Page<TicketRow>> {
    let order = if by_priority { TicketOrder::Priority } else { TicketOrder::Created };
    list_ordered(db, scope, f, order, desc, page).await
}

pub async fn list_ordered(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &TicketFilter,
    by: TicketOrder,
    desc: bool,
    page: Option<PageQuery>,
) -> DbResult<Page<TicketRow>> {
    let order = |q: &mut SelectStatement| {
        let dir = if desc { Order::Desc } else { Order::Asc };
        // urgent < high < normal alphabetically by urgency: map explicitly.
        let urgency = || {
            Expr::case(Expr::col(("t", "priority")).eq("urgent"), 0)
                .case(Expr::col(("t", "priority")).eq("high"), 1)
                .finally(2)
        };
        match by {
            TicketOrder::Waiting => {
                let waiting = crate::ticket_sla::waiting(Expr::col(("t", "state")));
                q.order_by_expr(Expr::case(waiting, 0).finally(1).into(), dir.clone());
                // A receipt is never after the filing (see `TicketRow::received_at`).
                let since = Func::coalesce([Expr::col(("t", "received_at")), Expr::col(("t", "created_at"))]);
                q.order_by_expr(since.into(), dir.clone());
            }
            TicketOrder::Urgent => {
                q.order_by_expr(urgency().into(), Order::Asc).order_by(("t", "created_at"), Order::Asc);
                q.order_by(("t", "id"), Order::Asc);
                return;
            }
            TicketOrder::Priority => {
                q.order_by_expr(urgency().into(), if desc { Order::Asc } else { Order::Desc });
                q.order_by(("t", "created_at"), dir.clone());
            }
            TicketOrder::Created => {
                q.order_by(("t", "created_at"), dir.clone());
            }
        }
        q.order_by(("t", "id"), dir);
    };
    let backend = db.get_database_backend();
    let mut q = select_rows();
    let Some(p) = page else {
        q.cond_where(f.condition(scope, backend));
        order(&mut q);
        let items = rows(db.query_all(&q).await?)?;
        return Ok(Page { total: items.len() as u64, items, page: 1, page_size: PageQuery::new(None, None).page_size });
    };
    // The page's ids first, from an index that holds every column the filter and the order
    // need (a park's overdue tickets: 3,000 index entries sorted, not 3,000 rows read), then
    // the 20 rows with their joins.
    let mut ids = Query::select();
    ids.column(("t", "id")).from_as("ticket", "t").cond_where(f.condition(scope, backend));
    order(&mut ids);
    ids.limit(p.page_size).offset(p.offset());
    q.and_where(Expr::col(("t", "id")).in_subquery(ids));
    order(&mut q);
    let (found, total) = rows_with_total(db, q, || count_query(scope, f, backend), p.offset()).await?;
    Ok(Page { items: rows(found)?, total, page: p.page, page_size: p.page_size })
}

pub async fn get(db: &impl ConnectionTrait, scope: &Scope, id: i64) -> DbResult<Option<TicketRow>> {
    let mut q = select_rows();
    q.cond_where(scope::ticket(scope)).and_where(Expr::col(("t", "id")).eq(id));
    Ok(rows(db.query_all(&q).await?)?.pop())
}

/// A ticket by tracking number and access code, whatever the scope (the public tracking page).
pub async fn by_tracking(db: &impl ConnectionTrait, no: &str, code: &str) -> DbResult<Option<TicketRow>> {
    let mut q = select_rows();
    q.and_where(Expr::col(("t", "no")).eq(no)).and_where(Expr::col(("t", "access_code")).eq(code));
    Ok(rows(db.query_all(&q).await?)?.pop())
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NewTicket {
    pub channel: Channel,
    pub category: String,
    pub priority: Priority,
    pub title: String,
    pub detail: String,
    pub enterprise_id: Option<i64>,
    pub project_id: Option<i64>,
    pub park_id: Option<i64>,
    pub requester_id: Option<i64>,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_company: String,
    /// Received before it was entered (see [`TicketRow::received_at`]).
    pub received_at: Option<DateTime<Utc>>,
    pub late_reason: Option<String>,
}

impl NewTicket {
    /// The columns a new ticket's fields fill, in the order of [`NewTicket::values`].
    const COLUMNS: [&'static str; 14] = [
        "channel",
        "category",
        "priority",
        "title",
        "detail",
        "enterprise_id",
        "project_id",
        "park_id",
        "requester_id",
        "contact_name",
        "contact_phone",
        "contact_company",
        "received_at",
        "late_reason",
    ];

    fn values(&self) -> [sea_orm::sea_query::SimpleExpr; 14] {
        [
            self.channel.code().into(),
            self.category.clone().into(),
            self.priority.code().into(),
            self.title.clone().into(),
            self.detail.clone().into(),
            self.enterprise_id.into(),
            self.project_id.into(),
            self.park_id.into(),
            self.requester_id.into(),
            self.contact_name.clone().into(),
            self.contact_phone.clone().into(),
            self.contact_company.clone().into(),
            self.received_at.into(),
            self.late_reason.clone().into(),
        ]
    }
}

/// The next tracking number of the day: `YYYYMMDD-NNNN` (more digits past 9999), from a counter
/// row per zone and day bumped inside the write transaction — one indexed row, not a search of
/// the day's tickets (which sorted "10000" before "9999" and grew with the zone).
async fn next_no(tx: &WriteTx, zone: i64, day: NaiveDate) -> DbResult<String> {
    let prefix = day.format("%Y%m%d").to_string();
    let q = Query::insert()
        .into_table("ticket_day_seq")
        .columns(["zone_id", "day", "last"])
        .values_panic([zone.into(), prefix.clone().into(), 1.into()])
        .on_conflict(
            OnConflict::columns(["zone_id", "day"])
                .value("last", Expr::col(("ticket_day_seq", "last")).add(1))
                .to_owned(),
        )
        .returning_col("last")
        .take();
    let n: i64 = tx
        .query_one(&q)
        .await?
        .map(|r| r.try_get_by_index(0))
        .transpose()?
        .ok_or_else(|| DbError::Invalid("ticket number counter returned nothing".into()))?;
    Ok(format!("{prefix}-{n:04}"))
}

/// Sets every day's counter to the highest number of that day's tickets (after a bulk load, and
/// by the migration that introduced the counters).
pub const REBUILD_DAY_SEQ_SQL: &str = "INSERT INTO ticket_day_seq (zone_id, day, last) \
     SELECT zone_id, SUBSTR(no, 1, 8), MAX(CAST(SUBSTR(no, 10) AS INTEGER)) FROM ticket \
     GROUP BY zone_id, SUBSTR(no, 1, 8) \
     ON CONFLICT (zone_id, day) DO UPDATE SET last = excluded.last";

pub async fn rebuild_day_seq(tx: &WriteTx) -> DbResult<()> {
    tx.execute_unprepared(REBUILD_DAY_SEQ_SQL).await?;
    Ok(())
}

/// Inserts the ticket and its first event ("filed") at `at`, numbered on the zone's `day`;
/// returns (id, tracking number).
pub async fn insert(
    tx: &WriteTx,
    zone: i64,
    t: &NewTicket,
    access_code: &str,
    (at, day): (DateTime<Utc>, NaiveDate),
    actor: (Option<i64>, &str),
) -> DbResult<(i64, String)> {
    let no = next_no(tx, zone, day).await?;
    let at = at.trunc_subsecs(6);
    let q = Query::insert()
        .into_table("ticket")
        .columns(NewTicket::COLUMNS.into_iter().chain([
            "zone_id",
            "no",
            "access_code",
            "state",
            "created_at",
            "updated_at",
            "resolution",
            "rating_comment",
        ]))
        .values_panic(t.values().into_iter().chain([
            zone.into(),
            no.clone().into(),
            access_code.into(),
            TicketState::New.code().into(),
            at.into(),
            at.into(),
            "".into(),
            "".into(),
        ]))
        .returning_col("id")
        .take();
    let id = insert_returning_id(&**tx, &q).await?;
    let ev = NewEvent {
        zone,
        ticket: id,
        action: TicketEvent::File.code(),
        from: None,
        to: TicketState::New.code(),
        actor,
        department: None,
        reason: None,
    };
    insert_event(tx, &ev, at).await?;
    Ok((id, no))
}

pub struct NewEvent<'a> {
    pub zone: i64,
    pub ticket: i64,
    pub action: &'a str,
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub actor: (Option<i64>, &'a str),
    pub department: Option<i64>,
    pub reason: Option<&'a str>,
}

const EVENT_COLS: [&str; 10] =
    ["zone_id", "ticket_id", "at", "action", "from_state", "to_state", "actor_id", "actor", "department_id", "reason"];

pub async fn insert_event(tx: &WriteTx, e: &NewEvent<'_>, at: DateTime<Utc>) -> DbResult<()> {
    let q = Query::insert()
        .into_table("ticket_event")
        .columns(EVENT_COLS)
        .values_panic([
            e.zone.into(),
            e.ticket.into(),
            at.into(),
            e.action.into(),
            e.from.map(str::to_owned).into(),
            e.to.into(),
            e.actor.0.into(),
            e.actor.1.into(),
            e.department.into(),
            e.reason.map(str::to_owned).into(),
        ])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

/// What a transition changes on the ticket row besides its state.
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub department: Option<i64>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<Option<DateTime<Utc>>>,
    pub closed_at: Option<Option<DateTime<Utc>>>,
    pub resolution: Option<String>,
    pub rating: Option<(bool, i32, String)>,
}

/// Moves the ticket from `from` to `to` only if it is still in `from` (two people acting at
/// once: the second gets `false`).
pub async fn set_state(tx: &WriteTx, zone: i64, id: i64, from: &str, to: &str, c: &Change) -> DbResult<bool> {
    let mut q = Query::update();
    q.table("ticket").value("state", to).value("updated_at", now());
    if let Some(d) = c.department {
        q.value("department_id", d);
    }
    if let Some(t) = c.dispatched_at {
        q.value("dispatched_at", t);
    }
    if let Some(t) = c.answered_at {
        q.value("answered_at", t);
    }
    if let Some(t) = c.resolved_at {
        q.value("resolved_at", t);
    }
    if let Some(t) = c.closed_at {
        q.value("closed_at", t);
    }
    if let Some(r) = &c.resolution {
        q.value("resolution", r.clone());
    }
    if let Some((solved, sat, comment)) = &c.rating {
        q.value("solved", *solved).value("satisfaction", *sat).value("rating_comment", comment.clone());
    }
    q.and_where(Expr::col("zone_id").eq(zone)).and_where(Expr::col("id").eq(id)).and_where(Expr::col("state").eq(from));
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct EventRow {
    pub ticket_id: i64,
    pub at: DateTime<Utc>,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub actor: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub reason: Option<String>,
}

/// The events of these tickets, oldest first (the caller read the tickets in scope).
pub async fn events(db: &impl ConnectionTrait, ids: &[i64]) -> DbResult<Vec<EventRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns([
            ("v", "ticket_id"),
            ("v", "at"),
            ("v", "action"),
            ("v", "from_state"),
            ("v", "to_state"),
            ("v", "actor"),
            ("v", "department_id"),
            ("v", "reason"),
        ])
        .expr_as(Expr::col(("d", "name")), "department")
        .from_as("ticket_event", "v")
        .join_as(JoinType::LeftJoin, "department", "d", Expr::col(("d", "id")).equals(("v", "department_id")))
        .and_where(Expr::col(("v", "ticket_id")).is_in(ids.to_vec()))
        .order_by(("v", "ticket_id"), Order::Asc)
        .order_by(("v", "id"), Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| EventRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

// ---- routing, policies, calendar ----------------------------------------------------------------

pub async fn routing(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<(String, i64)>> {
    let q = Query::select()
        .columns(["category", "department_id"])
        .from("ticket_routing")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("category", Order::Asc)
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?));
    }
    Ok(out)
}

pub async fn set_routing(tx: &WriteTx, zone: i64, rules: &[(String, i64)]) -> DbResult<()> {
    tx.execute(&Query::delete().from_table("ticket_routing").and_where(Expr::col("zone_id").eq(zone)).take()).await?;
    if rules.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("ticket_routing").columns(["zone_id", "category", "department_id"]);
    for (c, d) in rules {
        q.values_panic([zone.into(), c.clone().into(), (*d).into()]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// (category, priority, policy JSON) rows of the zone.
pub async fn policies(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<(String, String, String)>> {
    let q = Query::select()
        .columns(["category", "priority", "policy"])
        .from("sla_policy")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("category", Order::Asc)
        .order_by("priority", Order::Asc)
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?));
    }
    Ok(out)
}

pub async fn set_policies(tx: &WriteTx, zone: i64, rows: &[(String, String, String)]) -> DbResult<()> {
    tx.execute(&Query::delete().from_table("sla_policy").and_where(Expr::col("zone_id").eq(zone)).take()).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("sla_policy").columns(["zone_id", "category", "priority", "policy"]);
    for (c, p, j) in rows {
        q.values_panic([zone.into(), c.clone().into(), p.clone().into(), j.clone().into()]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// The zone's own calendar rows: (year edited, day, kind).
pub async fn calendar_days(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<(i32, NaiveDate, String)>> {
    let q = Query::select()
        .columns(["year", "day", "kind"])
        .from("calendar_day")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("day", Order::Asc)
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?));
    }
    Ok(out)
}

pub async fn set_calendar_year(
    tx: &WriteTx,
    zone: i64,
    year: i32,
    holidays: &[NaiveDate],
    workdays: &[NaiveDate],
) -> DbResult<()> {
    let del = Query::delete()
        .from_table("calendar_day")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("year").eq(year))
        .take();
    tx.execute(&del).await?;
    let mut q = Query::insert();
    q.into_table("calendar_day").columns(["zone_id", "day", "year", "kind"]);
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    q.values_panic([zone.into(), jan1.into(), year.into(), "edited".into()]);
    for (days, kind) in [(holidays, "holiday"), (workdays, "workday")] {
        for d in days {
            q.values_panic([zone.into(), (*d).into(), year.into(), kind.into()]);
        }
    }
    tx.execute(&q).await?;
    Ok(())
}
