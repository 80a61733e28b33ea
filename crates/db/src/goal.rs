//! Cultivation goals: a target count of enterprises at a tier by a deadline year.

use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx, now};

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct GoalRow {
    pub id: i64,
    pub name: String,
    pub tier: String,
    pub target_count: i64,
    pub base_year: i32,
    pub deadline_year: i32,
}

#[derive(Clone, Debug)]
pub struct GoalData {
    pub name: String,
    pub tier: String,
    pub target_count: i64,
    pub base_year: i32,
    pub deadline_year: i32,
}

pub async fn list(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<GoalRow>> {
    let q = Query::select()
        .columns(["id", "name", "tier", "target_count", "base_year", "deadline_year"])
        .from("goal")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| GoalRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn get(db: &impl ConnectionTrait, zone: i64, id: i64) -> DbResult<Option<GoalRow>> {
    Ok(list(db, zone).await?.into_iter().find(|g| g.id == id))
}

pub async fn insert(tx: &WriteTx, zone: i64, g: &GoalData) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("goal")
        .columns(["zone_id", "name", "tier", "target_count", "base_year", "deadline_year", "created_at"])
        .values_panic([
            zone.into(),
            g.name.clone().into(),
            g.tier.clone().into(),
            g.target_count.into(),
            g.base_year.into(),
            g.deadline_year.into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn update(tx: &WriteTx, zone: i64, id: i64, g: &GoalData) -> DbResult<bool> {
    let q = Query::update()
        .table("goal")
        .value("name", g.name.clone())
        .value("tier", g.tier.clone())
        .value("target_count", g.target_count)
        .value("base_year", g.base_year)
        .value("deadline_year", g.deadline_year)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

pub async fn delete(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("goal")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}
