//! The audit log: one row per write, inside the write's own transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::{DbResult, Page, PageQuery, WriteTx, now};

#[derive(Clone, Debug, Default)]
pub struct NewAudit {
    pub zone: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub request_id: String,
    pub ip: String,
}

pub async fn insert(tx: &WriteTx, a: &NewAudit) -> DbResult<()> {
    let q = Query::insert()
        .into_table("audit")
        .columns([
            "zone_id",
            "at",
            "actor_id",
            "actor",
            "action",
            "entity",
            "entity_id",
            "before",
            "after",
            "request_id",
            "ip",
        ])
        .values_panic([
            a.zone.into(),
            now().into(),
            a.actor_id.into(),
            a.actor.clone().into(),
            a.action.clone().into(),
            a.entity.clone().into(),
            a.entity_id.clone().into(),
            a.before.clone().into(),
            a.after.clone().into(),
            a.request_id.clone().into(),
            a.ip.clone().into(),
        ])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, FromQueryResult)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub request_id: String,
    pub ip: String,
}

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

fn filtered(zone: i64, f: &AuditFilter) -> SelectStatement {
    let mut q = Query::select();
    q.from("audit").and_where(Expr::col("zone_id").eq(zone));
    if let Some(e) = &f.entity {
        q.and_where(Expr::col("entity").eq(e.clone()));
    }
    if let Some(id) = &f.entity_id {
        q.and_where(Expr::col("entity_id").eq(id.clone()));
    }
    if let Some(a) = &f.actor {
        q.and_where(Expr::col("actor").eq(a.clone()));
    }
    if let Some(a) = &f.action {
        q.and_where(Expr::col("action").eq(a.clone()));
    }
    if let Some(t) = f.from {
        q.and_where(Expr::col("at").gte(t));
    }
    if let Some(t) = f.to {
        q.and_where(Expr::col("at").lt(t));
    }
    q
}

pub async fn list(db: &impl ConnectionTrait, zone: i64, f: &AuditFilter, page: PageQuery) -> DbResult<Page<AuditRow>> {
    let mut c = filtered(zone, f);
    c.expr(Expr::col(Asterisk).count());
    let total = db
        .query_one(&c)
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .map_or(0, |n| u64::try_from(n).unwrap_or(0));
    let mut q = filtered(zone, f);
    q.columns([
        "id",
        "at",
        "actor_id",
        "actor",
        "action",
        "entity",
        "entity_id",
        "before",
        "after",
        "request_id",
        "ip",
    ])
    .order_by("id", Order::Desc)
    .limit(page.page_size)
    .offset(page.offset());
    let items = db.query_all(&q).await?.iter().map(|r| AuditRow::from_query_result(r, "")).collect::<Result<_, _>>()?;
    Ok(Page { items, total, page: page.page, page_size: page.page_size })
}

/// Drops entries older than `before` (retention; the default keeps 400 days ≥ the 180 required).
pub async fn purge(tx: &WriteTx, before: DateTime<Utc>) -> DbResult<u64> {
    let q = Query::delete().from_table("audit").and_where(Expr::col("at").lt(before)).take();
    Ok(tx.execute(&q).await?.rows_affected())
}
