//! The SLA columns of a ticket: the instants its service-level clock reaches a breach and each
//! escalation level, stored on the row and rewritten in the transaction of every change that can
//! move them (an action on the ticket, a policy, a calendar year). The clock itself stays derived
//! (`domain::sla::evaluate`, decision 0009); these columns only make "overdue", the levels and
//! the on-time rate indexed conditions (decision 0012). `zoneops check` compares them with the
//! replay.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Cond, Condition, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use zoneops_domain::scope::Scope;

use crate::ticket::TicketFilter;
use crate::util::sum_i64;
use crate::{DbError, DbResult, WriteTx};

/// `state` is one whose clock can run, as a list an index can seek: `state IN (…)` reads one
/// range per state of an index on (…, state, sla_breach_at), where `NOT IN` reads every state's.
pub fn open(state: Expr) -> Expr {
    state.is_in(zoneops_domain::ticket::open_states().map(|s| s.code()))
}

/// What the clock says, as instants that stay true until the ticket's next change: `None` means
/// "not while nothing happens".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlaColumns {
    /// When the resolve deadline was or will be breached: for a stopped clock only if it was
    /// breached before the stop; for a paused one only if it was breached before the pause.
    pub breach_at: Option<DateTime<Utc>>,
    pub remind_at: Option<DateTime<Utc>>,
    pub supervise_at: Option<DateTime<Utc>>,
    pub notice_at: Option<DateTime<Utc>>,
    /// When the dispatch limit of a ticket still waiting for its first dispatch runs out (None
    /// once it was dispatched or closed without it; decision 0035).
    pub dispatch_due_at: Option<DateTime<Utc>>,
}

/// Rewrites the columns of one ticket (`at`: when they were computed).
pub async fn set(tx: &WriteTx, id: i64, c: &SlaColumns, at: DateTime<Utc>) -> DbResult<()> {
    let q = Query::update()
        .table("ticket")
        .value("sla_breach_at", c.breach_at)
        .value("sla_remind_at", c.remind_at)
        .value("sla_supervise_at", c.supervise_at)
        .value("sla_notice_at", c.notice_at)
        .value("sla_dispatch_due_at", c.dispatch_due_at)
        .value("sla_at", at)
        .and_where(Expr::col("id").eq(id))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

/// Which tickets a recomputation visits. "Started" includes the tickets still waiting for their
/// first dispatch: their dispatch clock runs (decision 0035).
#[derive(Clone, Debug)]
pub enum Affected {
    /// Every ticket whose clock has started, or that waits for its dispatch.
    Started,
    /// Started tickets of these (category, priority) pairs: a policy changed.
    Pairs(Vec<(String, String)>),
    /// Started tickets whose clock may have run in `[from, to)`, and every waiting one: a
    /// calendar year changed.
    RunningBetween(DateTime<Utc>, DateTime<Utc>),
    /// Dispatched tickets whose columns were never computed (after the migration, a bulk load).
    NeverComputed,
    /// Tickets waiting for their dispatch whose columns were never computed (after
    /// `m0017_dispatch_due`, a bulk load).
    WaitingNeverComputed,
}

/// The waiting state as a literal condition: the predicate of the partial index
/// `ix_ticket_sla_pending_new` (m0017), which a bound value would not match on SQLite.
pub const WAITING_LITERAL: &str = "state = 'new'";

/// `state` is the one of a ticket waiting for its first dispatch.
pub fn waiting(state: Expr) -> Expr {
    state.eq(zoneops_domain::ticket::TicketState::New.code())
}

impl Affected {
    fn condition(&self) -> Condition {
        let started = Cond::any().add(Expr::col("dispatched_at").is_not_null()).add(waiting(Expr::col("state")));
        match self {
            Affected::Started => Cond::all().add(started),
            Affected::Pairs(pairs) => {
                let mut any = Cond::any();
                for (c, p) in pairs {
                    any = any.add(
                        Cond::all().add(Expr::col("category").eq(c.as_str())).add(Expr::col("priority").eq(p.as_str())),
                    );
                }
                Cond::all().add(started).add(any)
            }
            Affected::RunningBetween(from, to) => Cond::any().add(waiting(Expr::col("state"))).add(
                Cond::all()
                    .add(Expr::col("dispatched_at").lt(*to))
                    .add(Cond::any().add(Expr::col("closed_at").is_null()).add(Expr::col("closed_at").gte(*from))),
            ),
            // Both as their partial indexes (m0007, m0017) say them, with no bound value, so that
            // the check at every start reads an empty index on both databases.
            Affected::NeverComputed => {
                Cond::all().add(Expr::col("sla_at").is_null()).add(Expr::col("dispatched_at").is_not_null())
            }
            Affected::WaitingNeverComputed => {
                Cond::all().add(Expr::col("sla_at").is_null()).add(Expr::cust(WAITING_LITERAL))
            }
        }
    }
}

/// A ticket's policy keys, as a recomputation needs them.
#[derive(Clone, Debug, FromQueryResult)]
pub struct SlaKey {
    pub id: i64,
    pub category: String,
    pub priority: String,
}

/// The next `limit` affected tickets of the zone after id `after`, in id order.
pub async fn batch(
    db: &impl ConnectionTrait,
    zone: i64,
    which: &Affected,
    after: i64,
    limit: u64,
) -> DbResult<Vec<SlaKey>> {
    let q = Query::select()
        .columns(["id", "category", "priority"])
        .from("ticket")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").gt(after))
        .cond_where(which.condition())
        .order_by("id", Order::Asc)
        .limit(limit)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| SlaKey::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// The (category, priority) pairs the zone's tickets use.
pub async fn pairs(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<(String, String)>> {
    let q = Query::select()
        .distinct()
        .columns(["category", "priority"])
        .from("ticket")
        .and_where(Expr::col("zone_id").eq(zone))
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?));
    }
    Ok(out)
}

/// Resolutions in a filter's period: how many, how many without a breach, and the satisfaction
/// (sum, count) of those rated — one pass over the period's resolutions.
#[derive(Clone, Debug, Default, FromQueryResult)]
pub struct Resolutions {
    pub resolved: i64,
    pub on_time: Option<i64>,
    pub satisfaction_sum: Option<i64>,
    pub rated: i64,
}

pub async fn resolutions(db: &impl ConnectionTrait, scope: &Scope, f: &TicketFilter) -> DbResult<Resolutions> {
    let q = Query::select()
        .expr_as(Expr::col(("t", "id")).count(), "resolved")
        .expr_as(sum_i64(Expr::case(Expr::col(("t", "sla_breach_at")).is_null(), 1).finally(0)), "on_time")
        .expr_as(sum_i64(Expr::col(("t", "satisfaction"))), "satisfaction_sum")
        .expr_as(Expr::col(("t", "satisfaction")).count(), "rated")
        .from_as("ticket", "t")
        .cond_where(f.condition(scope, db.get_database_backend()))
        .take();
    Ok(db.query_one(&q).await?.map(|r| Resolutions::from_query_result(&r, "")).transpose()?.unwrap_or_default())
}

/// The escalation level an open ticket stands at, at `now`, from its columns (for tickets whose
/// `sla_remind_at <= now`).
fn level_at(now: DateTime<Utc>) -> sea_orm::sea_query::CaseStatement {
    Expr::case(Expr::col(("t", "sla_notice_at")).lte(now), "public_notice")
        .case(Expr::col(("t", "sla_supervise_at")).lte(now), "supervision")
        .finally("reminder")
}

/// Open tickets of the zone whose current escalation level (from the columns, at `now`) has not
/// been announced yet: (ticket id, level code), at most `limit`, oldest first.
pub async fn unannounced(
    db: &impl ConnectionTrait,
    zone: i64,
    now: DateTime<Utc>,
    limit: u64,
) -> DbResult<Vec<(i64, String)>> {
    let announced = Query::select()
        .expr(Expr::val(1))
        .from_as("ticket_escalation", "x")
        .and_where(Expr::col(("x", "ticket_id")).equals(("t", "id")))
        .and_where(Expr::col(("x", "level")).eq(level_at(now)))
        .take();
    let q = Query::select()
        .column(("t", "id"))
        .expr(level_at(now))
        .from_as("ticket", "t")
        .and_where(Expr::col(("t", "zone_id")).eq(zone))
        .and_where(open(Expr::col(("t", "state"))))
        .and_where(Expr::col(("t", "sla_remind_at")).lte(now))
        .and_where(Expr::exists(announced).not())
        .order_by(("t", "id"), Order::Asc)
        .limit(limit)
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?));
    }
    Ok(out)
}

/// Records the level each open ticket has reached by `now` as announced: a loaded zone's past
/// escalations were announced in that past, not all at once when the server first starts.
pub async fn mark_announced(tx: &WriteTx, zone: i64, now: DateTime<Utc>) -> DbResult<u64> {
    let select = Query::select()
        .column(("t", "id"))
        .expr(level_at(now))
        .expr(Expr::val(now))
        .from_as("ticket", "t")
        .and_where(Expr::col(("t", "zone_id")).eq(zone))
        .and_where(open(Expr::col(("t", "state"))))
        .and_where(Expr::col(("t", "sla_remind_at")).lte(now))
        .take();
    let q = Query::insert()
        .into_table("ticket_escalation")
        .columns(["ticket_id", "level", "at"])
        .select_from(select)
        .map_err(|e| DbError::Invalid(e.to_string()))?
        .on_conflict(sea_orm::sea_query::OnConflict::columns(["ticket_id", "level"]).do_nothing().to_owned())
        .take();
    Ok(tx.execute(&q).await?.rows_affected())
}

/// Open tickets of the zone and how many of them are overdue at `now`, by (department, park):
/// the daily digest's figures without loading the tickets.
#[derive(Clone, Debug, FromQueryResult)]
pub struct OpenCount {
    pub department_id: Option<i64>,
    pub park_id: Option<i64>,
    pub open: i64,
    pub overdue: Option<i64>,
}

pub async fn open_counts(db: &impl ConnectionTrait, zone: i64, now: DateTime<Utc>) -> DbResult<Vec<OpenCount>> {
    let q = Query::select()
        .columns(["department_id", "park_id"])
        .expr_as(Expr::col("id").count(), "open")
        .expr_as(sum_i64(Expr::case(Expr::col("sla_breach_at").lt(now), 1).finally(0)), "overdue")
        .from("ticket")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(open(Expr::col("state")))
        .group_by_col("department_id")
        .group_by_col("park_id")
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| OpenCount::from_query_result(r, "")).collect::<Result<_, _>>()?)
}
