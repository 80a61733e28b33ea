//! 催办: a leader presses on a ticket or a project. Each press is a row, so it is logged (who,
//! when, what was said) and counted per record.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx, now};

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct UrgeRow {
    pub id: i64,
    /// `ticket` | `project`
    pub entity: String,
    pub entity_id: i64,
    pub by_id: i64,
    pub by_name: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewUrge<'a> {
    pub zone: i64,
    pub entity: &'a str,
    pub entity_id: i64,
    pub by_id: i64,
    pub by_name: &'a str,
    pub note: &'a str,
}

pub async fn insert(tx: &WriteTx, u: &NewUrge<'_>) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("urge")
        .columns(["zone_id", "entity", "entity_id", "by_id", "by_name", "note", "created_at"])
        .values_panic([
            u.zone.into(),
            u.entity.into(),
            u.entity_id.into(),
            u.by_id.into(),
            u.by_name.into(),
            u.note.into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

/// The presses on one record, newest first.
pub async fn of(db: &impl ConnectionTrait, zone: i64, entity: &str, entity_id: i64) -> DbResult<Vec<UrgeRow>> {
    let q = Query::select()
        .columns(["id", "entity", "entity_id", "by_id", "by_name", "note", "created_at"])
        .from("urge")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("entity").eq(entity))
        .and_where(Expr::col("entity_id").eq(entity_id))
        .order_by("created_at", Order::Desc)
        .order_by("id", Order::Desc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| UrgeRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}
