//! Investment targets per park or person and period, and weekly plans. Reads take the
//! caller's scope ([`scope::target`], [`scope::weekly_plan`]).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::scope::Scope;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx, now, scope};

/// A target as stored and as the API shows it (the answer embeds it; its audit snapshot is the
/// [`TargetData`] it was written from).
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct TargetRow {
    pub id: i64,
    pub subject: String,
    /// The park or the user the target is for: shown as `park_id` / `user_id`.
    #[serde(skip)]
    pub subject_id: i64,
    pub park_id: Option<i64>,
    pub park: Option<String>,
    pub user: Option<String>,
    pub period: String,
    #[serde(rename = "from")]
    pub period_from: NaiveDate,
    #[serde(rename = "to")]
    pub period_to: NaiveDate,
    pub signed_count: i64,
    /// 元 (kept in 分).
    #[serde(serialize_with = "crate::shown::yuan")]
    #[schema(value_type = f64)]
    pub signed_amount: i64,
    pub trips: i64,
    pub receptions: i64,
}

fn select_rows() -> SelectStatement {
    let mut q = Query::select();
    q.columns([
        ("t", "id"),
        ("t", "subject"),
        ("t", "subject_id"),
        ("t", "park_id"),
        ("t", "period"),
        ("t", "period_from"),
        ("t", "period_to"),
        ("t", "signed_count"),
        ("t", "signed_amount"),
        ("t", "trips"),
        ("t", "receptions"),
    ])
    .expr_as(Expr::col(("pk", "name")), "park")
    .expr_as(Expr::col(("u", "display_name")), "user")
    .from_as("invest_target", "t")
    .join_as(JoinType::LeftJoin, "park", "pk", Expr::col(("pk", "id")).equals(("t", "park_id")))
    .join_as(
        JoinType::LeftJoin,
        "app_user",
        "u",
        Cond::all().add(Expr::col(("t", "subject")).eq("user")).add(Expr::col(("u", "id")).equals(("t", "subject_id"))),
    );
    q
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    period: Option<&str>,
    subject: Option<&str>,
) -> DbResult<Vec<TargetRow>> {
    let mut q = select_rows();
    q.cond_where(scope::target(scope));
    if let Some(p) = period {
        q.and_where(Expr::col(("t", "period")).eq(p));
    }
    if let Some(s) = subject {
        q.and_where(Expr::col(("t", "subject")).eq(s));
    }
    q.order_by(("t", "period_from"), Order::Desc)
        .order_by(("t", "subject"), Order::Asc)
        .order_by(("t", "park_id"), Order::Asc)
        .order_by(("t", "id"), Order::Asc)
        .limit(2000);
    Ok(db.query_all(&q).await?.iter().map(|r| TargetRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn get(db: &impl ConnectionTrait, scope: &Scope, id: i64) -> DbResult<Option<TargetRow>> {
    let mut q = select_rows();
    q.cond_where(scope::target(scope)).and_where(Expr::col(("t", "id")).eq(id));
    Ok(db.query_one(&q).await?.map(|r| TargetRow::from_query_result(&r, "")).transpose()?)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TargetData {
    pub subject: String,
    pub subject_id: i64,
    pub park_id: Option<i64>,
    pub period: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub signed_count: i64,
    /// 分, shown in 元 like the row's (audit snapshots show money as the API does).
    #[serde(serialize_with = "crate::shown::yuan")]
    #[schema(value_type = f64)]
    pub signed_amount: i64,
    pub trips: i64,
    pub receptions: i64,
}

/// The stored target as the data it was written from: the audit's `before`, so that it compares
/// field by field with the `after`.
impl From<&TargetRow> for TargetData {
    fn from(t: &TargetRow) -> TargetData {
        TargetData {
            subject: t.subject.clone(),
            subject_id: t.subject_id,
            park_id: t.park_id,
            period: t.period.clone(),
            period_from: t.period_from,
            period_to: t.period_to,
            signed_count: t.signed_count,
            signed_amount: t.signed_amount,
            trips: t.trips,
            receptions: t.receptions,
        }
    }
}

pub async fn insert(tx: &WriteTx, zone: i64, d: &TargetData) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("invest_target")
        .columns([
            "zone_id",
            "subject",
            "subject_id",
            "park_id",
            "period",
            "period_from",
            "period_to",
            "signed_count",
            "signed_amount",
            "trips",
            "receptions",
        ])
        .values_panic([
            zone.into(),
            d.subject.clone().into(),
            d.subject_id.into(),
            d.park_id.into(),
            d.period.clone().into(),
            d.period_from.into(),
            d.period_to.into(),
            d.signed_count.into(),
            d.signed_amount.into(),
            d.trips.into(),
            d.receptions.into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn update(tx: &WriteTx, zone: i64, id: i64, d: &TargetData) -> DbResult<bool> {
    let q = Query::update()
        .table("invest_target")
        .value("subject", d.subject.clone())
        .value("subject_id", d.subject_id)
        .value("park_id", d.park_id)
        .value("period", d.period.clone())
        .value("period_from", d.period_from)
        .value("period_to", d.period_to)
        .value("signed_count", d.signed_count)
        .value("signed_amount", d.signed_amount)
        .value("trips", d.trips)
        .value("receptions", d.receptions)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

pub async fn delete(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("invest_target")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

/// A weekly plan as stored and as the API shows it (the answer embeds it with its items read).
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct PlanRow {
    pub id: i64,
    pub user_id: i64,
    pub user: String,
    pub park_id: Option<i64>,
    pub week: NaiveDate,
    /// JSON array of items: the answer shows them read, with their counts.
    #[serde(skip)]
    pub items: String,
    #[serde(skip)]
    pub updated_at: DateTime<Utc>,
}

pub async fn plans(
    db: &impl ConnectionTrait,
    scope: &Scope,
    week: Option<NaiveDate>,
    user: Option<i64>,
) -> DbResult<Vec<PlanRow>> {
    let mut q = Query::select();
    q.columns([("w", "id"), ("w", "user_id"), ("w", "park_id"), ("w", "week"), ("w", "items"), ("w", "updated_at")])
        .expr_as(Expr::col(("u", "display_name")), "user")
        .from_as("weekly_plan", "w")
        .join_as(JoinType::InnerJoin, "app_user", "u", Expr::col(("u", "id")).equals(("w", "user_id")))
        .cond_where(scope::weekly_plan(scope));
    if let Some(w) = week {
        q.and_where(Expr::col(("w", "week")).eq(w));
    }
    if let Some(u) = user {
        q.and_where(Expr::col(("w", "user_id")).eq(u));
    }
    q.order_by(("w", "week"), Order::Desc).order_by(("u", "display_name"), Order::Asc).limit(1000);
    Ok(db.query_all(&q).await?.iter().map(|r| PlanRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// Writes the user's plan of a week whole (insert or replace); returns its id.
pub async fn upsert_plan(
    tx: &WriteTx,
    zone: i64,
    user: i64,
    park: Option<i64>,
    week: NaiveDate,
    items_json: &str,
) -> DbResult<i64> {
    let existing = Query::select()
        .column("id")
        .from("weekly_plan")
        .and_where(Expr::col("user_id").eq(user))
        .and_where(Expr::col("week").eq(week))
        .take();
    if let Some(row) = tx.query_one(&existing).await? {
        let id: i64 = row.try_get_by_index(0)?;
        let q = Query::update()
            .table("weekly_plan")
            .value("items", items_json)
            .value("park_id", park)
            .value("updated_at", now())
            .and_where(Expr::col("id").eq(id))
            .take();
        tx.execute(&q).await?;
        return Ok(id);
    }
    let q = Query::insert()
        .into_table("weekly_plan")
        .columns(["zone_id", "user_id", "park_id", "week", "items", "updated_at"])
        .values_panic([zone.into(), user.into(), park.into(), week.into(), items_json.into(), now().into()])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}
