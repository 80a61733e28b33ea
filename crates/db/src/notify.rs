//! Notifications: the in-app inbox, the group robots, the outbox of robot messages (written in
//! the transaction of the change they announce, so a change is never announced without being
//! made nor made without being announced), escalations already announced, daily job runs.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, OnConflict, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use zoneops_domain::notification::NotificationKind;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx, now};

// ---- inbox ----------------------------------------------------------------------------------------

pub struct NewNotification<'a> {
    pub zone: i64,
    pub user: Option<i64>,
    pub department: Option<i64>,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub ticket: Option<i64>,
}

pub async fn notify(tx: &WriteTx, n: &NewNotification<'_>) -> DbResult<()> {
    // A user who turned this kind off does not get it; mandatory kinds and kinds nobody could
    // choose yet always go (decision 0036).
    if let Some(user) = n.user
        && NotificationKind::may_mute(n.kind)
        && muted(&**tx, user, n.kind).await?
    {
        return Ok(());
    }
    let q = Query::insert()
        .into_table("notification")
        .columns(["zone_id", "user_id", "department_id", "kind", "title", "body", "ticket_id", "created_at"])
        .values_panic([
            n.zone.into(),
            n.user.into(),
            n.department.into(),
            n.kind.into(),
            n.title.into(),
            n.body.into(),
            n.ticket.into(),
            now().into(),
        ])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub ticket_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

fn inbox_of(zone: i64, user: i64, department: Option<i64>) -> Cond {
    let mut who = Cond::any().add(Expr::col("user_id").eq(user));
    if let Some(d) = department {
        // The department's notices, less the kinds this user turned off (decision 0036).
        who = who.add(Expr::col("department_id").eq(d).and(Expr::col("kind").not_in_subquery(muted_kinds(user))));
    }
    Cond::all().add(Expr::col("zone_id").eq(zone)).add(who)
}

pub async fn inbox(
    db: &impl ConnectionTrait,
    zone: i64,
    user: i64,
    department: Option<i64>,
    unread_only: bool,
) -> DbResult<Vec<NotificationRow>> {
    let mut q = Query::select();
    q.columns(["id", "kind", "title", "body", "ticket_id", "created_at", "read_at"])
        .from("notification")
        .cond_where(inbox_of(zone, user, department));
    if unread_only {
        q.and_where(Expr::col("read_at").is_null());
    }
    q.order_by("id", Order::Desc).limit(200);
    Ok(db.query_all(&q).await?.iter().map(|r| NotificationRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// Whether notification `id` is in this inbox (read or not).
pub async fn in_inbox(
    db: &impl ConnectionTrait,
    zone: i64,
    user: i64,
    department: Option<i64>,
    id: i64,
) -> DbResult<bool> {
    let mut q = Query::select();
    q.column("id").from("notification").cond_where(inbox_of(zone, user, department)).and_where(Expr::col("id").eq(id));
    Ok(db.query_one(&q).await?.is_some())
}

/// Marks one (or, with `id` None, every) notification of the inbox read.
pub async fn mark_read(tx: &WriteTx, zone: i64, user: i64, department: Option<i64>, id: Option<i64>) -> DbResult<u64> {
    let mut q = Query::update();
    q.table("notification").value("read_at", now()).cond_where(inbox_of(zone, user, department));
    q.and_where(Expr::col("read_at").is_null());
    if let Some(id) = id {
        q.and_where(Expr::col("id").eq(id));
    }
    Ok(tx.execute(&q).await?.rows_affected())
}

// ---- each user's choices (decision 0036) ----------------------------------------------------------

/// The kinds `user` turned off that may be held back (mandatory kinds never are).
fn muted_kinds(user: i64) -> SelectStatement {
    Query::select()
        .column("kind")
        .from("notification_preference")
        .and_where(Expr::col("user_id").eq(user))
        .and_where(Expr::col("inbox").eq(false))
        .and_where(Expr::col("kind").is_not_in(NotificationKind::mandatory_codes()))
        .take()
}

/// Whether `user` turned `kind` off.
async fn muted(db: &impl ConnectionTrait, user: i64, kind: &str) -> DbResult<bool> {
    let mut q = muted_kinds(user);
    q.and_where(Expr::col("kind").eq(kind));
    Ok(db.query_one(&q).await?.is_some())
}

/// The user's choices: (kind, whether it reaches the inbox), for the kinds they chose for.
pub async fn preferences(db: &impl ConnectionTrait, user: i64) -> DbResult<Vec<(String, bool)>> {
    let q = Query::select()
        .columns(["kind", "inbox"])
        .from("notification_preference")
        .and_where(Expr::col("user_id").eq(user))
        .order_by("kind", Order::Asc)
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get("", "kind")?, r.try_get("", "inbox")?));
    }
    Ok(out)
}

/// Replaces the user's choices with `choices` (kind, inbox).
pub async fn set_preferences(tx: &WriteTx, zone: i64, user: i64, choices: &[(&str, bool)]) -> DbResult<()> {
    let del = Query::delete().from_table("notification_preference").and_where(Expr::col("user_id").eq(user)).take();
    tx.execute(&del).await?;
    if choices.is_empty() {
        return Ok(());
    }
    let at = now();
    let mut q = Query::insert();
    q.into_table("notification_preference").columns(["zone_id", "user_id", "kind", "inbox", "updated_at"]);
    for (kind, inbox) in choices {
        q.values_panic([zone.into(), user.into(), (*kind).into(), (*inbox).into(), at.into()]);
    }
    tx.execute(&q).await?;
    Ok(())
}

// ---- robots ---------------------------------------------------------------------------------------

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct RobotRow {
    pub id: i64,
    pub zone_id: i64,
    pub name: String,
    pub kind: String,
    pub department_id: Option<i64>,
    pub park_id: Option<i64>,
    #[serde(skip)]
    pub url_enc: String,
    #[serde(skip)]
    pub secret_enc: Option<String>,
    pub url_hint: String,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
}

const ROBOT_COLS: [&str; 11] = [
    "id",
    "zone_id",
    "name",
    "kind",
    "department_id",
    "park_id",
    "url_enc",
    "secret_enc",
    "url_hint",
    "enabled",
    "created_at",
];

pub async fn robots(db: &impl ConnectionTrait, zone: Option<i64>) -> DbResult<Vec<RobotRow>> {
    let mut q = Query::select();
    q.columns(ROBOT_COLS).from("robot");
    if let Some(z) = zone {
        q.and_where(Expr::col("zone_id").eq(z));
    }
    q.order_by("id", Order::Asc);
    Ok(db.query_all(&q).await?.iter().map(|r| RobotRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub struct RobotData {
    pub name: String,
    pub kind: String,
    pub department_id: Option<i64>,
    pub park_id: Option<i64>,
    pub url_enc: String,
    pub secret_enc: Option<String>,
    pub url_hint: String,
    pub enabled: bool,
}

pub async fn insert_robot(tx: &WriteTx, zone: i64, r: &RobotData) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("robot")
        .columns([
            "zone_id",
            "name",
            "kind",
            "department_id",
            "park_id",
            "url_enc",
            "secret_enc",
            "url_hint",
            "enabled",
            "created_at",
        ])
        .values_panic([
            zone.into(),
            r.name.clone().into(),
            r.kind.clone().into(),
            r.department_id.into(),
            r.park_id.into(),
            r.url_enc.clone().into(),
            r.secret_enc.clone().into(),
            r.url_hint.clone().into(),
            r.enabled.into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn update_robot(tx: &WriteTx, zone: i64, id: i64, r: &RobotData) -> DbResult<bool> {
    let q = Query::update()
        .table("robot")
        .value("name", r.name.clone())
        .value("kind", r.kind.clone())
        .value("department_id", r.department_id)
        .value("park_id", r.park_id)
        .value("url_enc", r.url_enc.clone())
        .value("secret_enc", r.secret_enc.clone())
        .value("url_hint", r.url_hint.clone())
        .value("enabled", r.enabled)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

pub async fn delete_robot(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("robot")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

// ---- outbox ---------------------------------------------------------------------------------------

pub async fn enqueue(tx: &WriteTx, zone: i64, robot: i64, title: &str, body: &str) -> DbResult<()> {
    let t = now();
    let q = Query::insert()
        .into_table("outbox")
        .columns(["zone_id", "robot_id", "title", "body", "attempts", "next_at", "created_at"])
        .values_panic([zone.into(), robot.into(), title.into(), body.into(), 0i64.into(), t.into(), t.into()])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct OutboxRow {
    pub id: i64,
    pub zone_id: i64,
    pub robot_id: i64,
    pub title: String,
    pub body: String,
    pub attempts: i64,
    pub next_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

const OUTBOX_COLS: [&str; 10] =
    ["id", "zone_id", "robot_id", "title", "body", "attempts", "next_at", "sent_at", "last_error", "created_at"];

/// Unsent messages whose time has come, oldest first.
pub async fn due(db: &impl ConnectionTrait, at: DateTime<Utc>, limit: u64) -> DbResult<Vec<OutboxRow>> {
    let q = Query::select()
        .columns(OUTBOX_COLS)
        .from("outbox")
        .and_where(Expr::col("sent_at").is_null())
        .and_where(Expr::col("next_at").lte(at))
        .order_by("id", Order::Asc)
        .limit(limit)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| OutboxRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// The delivery log of a zone (newest first), optionally only what has not gone out.
pub async fn log(db: &impl ConnectionTrait, zone: i64, pending_only: bool) -> DbResult<Vec<OutboxRow>> {
    let mut q = Query::select();
    q.columns(OUTBOX_COLS).from("outbox").and_where(Expr::col("zone_id").eq(zone));
    if pending_only {
        q.and_where(Expr::col("sent_at").is_null());
    }
    q.order_by("id", Order::Desc).limit(500);
    Ok(db.query_all(&q).await?.iter().map(|r| OutboxRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn mark_sent(tx: &WriteTx, ids: &[i64]) -> DbResult<()> {
    let q = Query::update()
        .table("outbox")
        .value("sent_at", now())
        .value("last_error", None::<String>)
        .and_where(Expr::col("id").is_in(ids.to_vec()))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn mark_failed(tx: &WriteTx, ids: &[i64], next_at: DateTime<Utc>, error: &str) -> DbResult<()> {
    let q = Query::update()
        .table("outbox")
        .value("attempts", Expr::col("attempts").add(1))
        .value("next_at", next_at)
        .value("last_error", error)
        .and_where(Expr::col("id").is_in(ids.to_vec()))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

// ---- escalations, daily jobs ----------------------------------------------------------------------

/// Records that `level` was announced for the ticket; false when it already was.
pub async fn record_escalation(tx: &WriteTx, ticket: i64, level: &str) -> DbResult<bool> {
    let q = Query::insert()
        .into_table("ticket_escalation")
        .columns(["ticket_id", "level", "at"])
        .values_panic([ticket.into(), level.into(), now().into()])
        .on_conflict(OnConflict::columns(["ticket_id", "level"]).do_nothing().to_owned())
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

/// Claims a daily job for a zone and day; false when it already ran.
pub async fn claim_job(tx: &WriteTx, zone: i64, job: &str, day: NaiveDate) -> DbResult<bool> {
    let q = Query::insert()
        .into_table("job_run")
        .columns(["zone_id", "job", "day"])
        .values_panic([zone.into(), job.into(), day.into()])
        .on_conflict(OnConflict::columns(["zone_id", "job", "day"]).do_nothing().to_owned())
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}
