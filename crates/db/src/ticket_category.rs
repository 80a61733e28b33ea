//! The zone's ticket categories: code (what tickets, routing rules and policies store), label,
//! order and whether new tickets may still choose it. Names are not secret: read by zone.

use sea_orm::sea_query::{Expr, ExprTrait, Func, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::ticket::DEFAULT_CATEGORIES;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct CategoryRow {
    pub id: i64,
    pub code: String,
    pub label: String,
    pub sort: i64,
    pub active: bool,
}

/// Every category of the zone (inactive ones too), in the zone's order.
pub async fn list(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<CategoryRow>> {
    let q = Query::select()
        .columns(["id", "code", "label", "sort", "active"])
        .from("ticket_category")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("sort", Order::Asc)
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| CategoryRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// The defaults, for a new zone.
pub async fn seed_defaults(tx: &WriteTx, zone: i64) -> DbResult<()> {
    let mut q = Query::insert();
    q.into_table("ticket_category").columns(["zone_id", "code", "label", "sort", "active"]);
    for (i, c) in DEFAULT_CATEGORIES.iter().enumerate() {
        let sort = i64::try_from(i + 1).unwrap_or(0) * 10;
        q.values_panic([zone.into(), c.code.into(), c.label.into(), sort.into(), true.into()]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// Adds a category at the end of the list; a taken code is `DbError::Duplicate`.
pub async fn insert(tx: &WriteTx, zone: i64, code: &str, label: &str) -> DbResult<i64> {
    let max = Query::select()
        .expr(Func::max(Expr::col("sort")))
        .from("ticket_category")
        .and_where(Expr::col("zone_id").eq(zone))
        .take();
    let last: Option<i64> = tx.query_one(&max).await?.map(|r| r.try_get_by_index(0)).transpose()?.flatten();
    let q = Query::insert()
        .into_table("ticket_category")
        .columns(["zone_id", "code", "label", "sort", "active"])
        .values_panic([zone.into(), code.into(), label.into(), (last.unwrap_or(0) + 10).into(), true.into()])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

/// Changes label and active flag of one category; false when the zone has no such code.
pub async fn update(tx: &WriteTx, zone: i64, code: &str, label: &str, active: bool) -> DbResult<bool> {
    let q = Query::update()
        .table("ticket_category")
        .value("label", label)
        .value("active", active)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("code").eq(code))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

/// Sets the order: the codes given, in that order (the caller checked they are all the zone's).
pub async fn reorder(tx: &WriteTx, zone: i64, codes: &[String]) -> DbResult<()> {
    for (i, code) in codes.iter().enumerate() {
        let q = Query::update()
            .table("ticket_category")
            .value("sort", i64::try_from(i + 1).unwrap_or(0) * 10)
            .and_where(Expr::col("zone_id").eq(zone))
            .and_where(Expr::col("code").eq(code.as_str()))
            .take();
        tx.execute(&q).await?;
    }
    Ok(())
}
