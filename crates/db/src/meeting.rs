//! Meetings, their agenda items and the actions decided in them. Meetings are zone-level records
//! read with `meeting:read`; an action is also readable by its assignee and department.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, JoinType, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::meeting::MeetingKind;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx, now};

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct MeetingRow {
    pub id: i64,
    #[schema(value_type = zoneops_domain::meeting::MeetingKind)]
    pub kind: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub location: String,
    pub chair: String,
    pub status: String,
    pub minutes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const MEETING_COLS: [&str; 10] =
    ["id", "kind", "title", "held_on", "location", "chair", "status", "minutes", "created_at", "updated_at"];

pub async fn list(db: &impl ConnectionTrait, zone: i64, kind: Option<&str>) -> DbResult<Vec<MeetingRow>> {
    let mut q = Query::select();
    q.columns(MEETING_COLS).from("meeting").and_where(Expr::col("zone_id").eq(zone));
    if let Some(k) = kind {
        q.and_where(Expr::col("kind").eq(k));
    }
    q.order_by("held_on", Order::Desc).order_by("id", Order::Desc).limit(500);
    Ok(db.query_all(&q).await?.iter().map(|r| MeetingRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn get(db: &impl ConnectionTrait, zone: i64, id: i64) -> DbResult<Option<MeetingRow>> {
    let q = Query::select()
        .columns(MEETING_COLS)
        .from("meeting")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(db.query_one(&q).await?.map(|r| MeetingRow::from_query_result(&r, "")).transpose()?)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingData {
    pub kind: MeetingKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub location: String,
    pub chair: String,
    pub status: String,
    pub minutes: String,
}

pub async fn insert(tx: &WriteTx, zone: i64, d: &MeetingData, by: i64) -> DbResult<i64> {
    let t = now();
    let q = Query::insert()
        .into_table("meeting")
        .columns([
            "zone_id",
            "kind",
            "title",
            "held_on",
            "location",
            "chair",
            "status",
            "minutes",
            "created_by",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            zone.into(),
            d.kind.code().into(),
            d.title.clone().into(),
            d.held_on.into(),
            d.location.clone().into(),
            d.chair.clone().into(),
            d.status.clone().into(),
            d.minutes.clone().into(),
            by.into(),
            t.into(),
            t.into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn update(tx: &WriteTx, zone: i64, id: i64, d: &MeetingData) -> DbResult<bool> {
    let q = Query::update()
        .table("meeting")
        .value("kind", d.kind.code())
        .value("title", d.title.clone())
        .value("held_on", d.held_on)
        .value("location", d.location.clone())
        .value("chair", d.chair.clone())
        .value("status", d.status.clone())
        .value("minutes", d.minutes.clone())
        .value("updated_at", now())
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

pub async fn delete(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("meeting")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct ItemRow {
    pub id: i64,
    pub sort: i64,
    #[schema(value_type = zoneops_domain::meeting::AgendaItemKind)]
    pub kind: String,
    pub ref_id: Option<i64>,
    pub title: String,
    pub note: String,
}

pub async fn items(db: &impl ConnectionTrait, zone: i64, meeting: i64) -> DbResult<Vec<ItemRow>> {
    let q = Query::select()
        .columns(["id", "sort", "kind", "ref_id", "title", "note"])
        .from("meeting_item")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("meeting_id").eq(meeting))
        .order_by("sort", Order::Asc)
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| ItemRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// Replaces the agenda whole (the console edits it as a list).
pub async fn set_items(
    tx: &WriteTx,
    zone: i64,
    meeting: i64,
    items: &[(String, Option<i64>, String, String)],
) -> DbResult<()> {
    let del = Query::delete()
        .from_table("meeting_item")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("meeting_id").eq(meeting))
        .take();
    tx.execute(&del).await?;
    if items.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("meeting_item").columns(["zone_id", "meeting_id", "sort", "kind", "ref_id", "title", "note"]);
    for (i, (kind, ref_id, title, note)) in items.iter().enumerate() {
        q.values_panic([
            zone.into(),
            meeting.into(),
            (i as i64).into(),
            kind.clone().into(),
            (*ref_id).into(),
            title.clone().into(),
            note.clone().into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct ActionRow {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting: String,
    pub title: String,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub due_on: NaiveDate,
    pub status: String,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

#[derive(Clone, Debug, Default)]
pub struct ActionFilter {
    pub meeting: Option<i64>,
    pub open: Option<bool>,
    pub assignee: Option<i64>,
    pub department: Option<i64>,
    /// The caller's own: assigned to the user or to the department.
    pub mine: Option<(i64, Option<i64>)>,
}

pub async fn actions(db: &impl ConnectionTrait, zone: i64, f: &ActionFilter) -> DbResult<Vec<ActionRow>> {
    let mut q = Query::select();
    q.columns([
        ("a", "id"),
        ("a", "meeting_id"),
        ("a", "title"),
        ("a", "assignee_id"),
        ("a", "department_id"),
        ("a", "due_on"),
        ("a", "status"),
        ("a", "done_on"),
        ("a", "note"),
    ])
    .expr_as(Expr::col(("m", "title")), "meeting")
    .expr_as(Expr::col(("u", "display_name")), "assignee")
    .expr_as(Expr::col(("d", "name")), "department")
    .from_as("meeting_action", "a")
    .join_as(JoinType::InnerJoin, "meeting", "m", Expr::col(("m", "id")).equals(("a", "meeting_id")))
    .join_as(JoinType::LeftJoin, "app_user", "u", Expr::col(("u", "id")).equals(("a", "assignee_id")))
    .join_as(JoinType::LeftJoin, "department", "d", Expr::col(("d", "id")).equals(("a", "department_id")))
    .and_where(Expr::col(("a", "zone_id")).eq(zone));
    if let Some(m) = f.meeting {
        q.and_where(Expr::col(("a", "meeting_id")).eq(m));
    }
    if let Some(open) = f.open {
        q.and_where(Expr::col(("a", "status")).eq(if open { "open" } else { "done" }));
    }
    if let Some(u) = f.assignee {
        q.and_where(Expr::col(("a", "assignee_id")).eq(u));
    }
    if let Some(d) = f.department {
        q.and_where(Expr::col(("a", "department_id")).eq(d));
    }
    if let Some((user, dept)) = f.mine {
        let mut c = Cond::any().add(Expr::col(("a", "assignee_id")).eq(user));
        if let Some(d) = dept {
            c = c.add(Expr::col(("a", "department_id")).eq(d));
        }
        q.cond_where(c);
    }
    q.order_by(("a", "due_on"), Order::Asc).order_by(("a", "id"), Order::Asc).limit(1000);
    Ok(db.query_all(&q).await?.iter().map(|r| ActionRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ActionData {
    pub title: String,
    pub assignee_id: Option<i64>,
    pub department_id: Option<i64>,
    pub due_on: NaiveDate,
    pub note: String,
}

pub async fn insert_action(tx: &WriteTx, zone: i64, meeting: i64, d: &ActionData) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("meeting_action")
        .columns([
            "zone_id",
            "meeting_id",
            "title",
            "assignee_id",
            "department_id",
            "due_on",
            "status",
            "note",
            "created_at",
        ])
        .values_panic([
            zone.into(),
            meeting.into(),
            d.title.clone().into(),
            d.assignee_id.into(),
            d.department_id.into(),
            d.due_on.into(),
            "open".into(),
            d.note.clone().into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn set_action_status(
    tx: &WriteTx,
    zone: i64,
    id: i64,
    done: Option<NaiveDate>,
    note: &str,
) -> DbResult<bool> {
    let q = Query::update()
        .table("meeting_action")
        .value("status", if done.is_some() { "done" } else { "open" })
        .value("done_on", done)
        .value("note", note)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}
