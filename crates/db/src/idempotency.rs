//! `Idempotency-Key`: one row per (owner, key) for 24 hours. The row is written inside the
//! transaction of the write it guards (next to that write's audit row), so a committed record
//! always has its key and a rolled-back one never does; the answer is added once it is known.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{DbError, DbResult, WriteTx};

/// The stored key of a request: its body's hash, and the answer once the request finished.
#[derive(Clone, Debug, FromQueryResult)]
pub struct KeyRow {
    pub request_hash: String,
    pub request_id: String,
    pub status: Option<i32>,
    pub response: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub struct NewKey<'a> {
    pub zone: Option<i64>,
    pub user: Option<i64>,
    /// `user:<id>`, or `addr:<client address>` for the anonymous hotline.
    pub owner: &'a str,
    pub key: &'a str,
    pub request_hash: &'a str,
    pub request_id: &'a str,
    /// Rows older than this are expired: they may be replaced.
    pub expired_before: DateTime<Utc>,
}

fn select(owner: &str, key: &str) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .columns(["request_hash", "request_id", "status", "response", "created_at"])
        .from("idempotency_key")
        .and_where(Expr::col("owner").eq(owner))
        .and_where(Expr::col("idem_key").eq(key))
        .take()
}

/// Records the key in the write's transaction. A second write of the same request (two audit
/// rows, a retried savepoint) finds its own row; a row of another request fails the write with
/// [`DbError::Duplicate`], so its transaction rolls back and nothing is written twice. Two
/// requests racing past the check meet at the unique index instead (PostgreSQL blocks the
/// second insert until the first commits, SQLite has one writer).
pub async fn claim(tx: &WriteTx, k: &NewKey<'_>) -> DbResult<()> {
    if let Some(row) = tx.query_one(&select(k.owner, k.key)).await? {
        let row = KeyRow::from_query_result(&row, "")?;
        if row.request_id == k.request_id {
            return Ok(());
        }
        if row.created_at >= k.expired_before {
            return Err(DbError::Duplicate { constraint: "ux_idempotency_owner_key".into() });
        }
        let q = Query::delete()
            .from_table("idempotency_key")
            .and_where(Expr::col("owner").eq(k.owner))
            .and_where(Expr::col("idem_key").eq(k.key))
            .take();
        tx.execute(&q).await?;
    }
    let q = Query::insert()
        .into_table("idempotency_key")
        .columns(["zone_id", "user_id", "owner", "idem_key", "request_hash", "request_id", "created_at"])
        .values_panic([
            k.zone.into(),
            k.user.into(),
            k.owner.into(),
            k.key.into(),
            k.request_hash.into(),
            k.request_id.into(),
            crate::now().into(),
        ])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

/// The live row of a key, if any.
pub async fn get(
    db: &impl ConnectionTrait,
    owner: &str,
    key: &str,
    expired_before: DateTime<Utc>,
) -> DbResult<Option<KeyRow>> {
    let q = select(owner, key).and_where(Expr::col("created_at").gte(expired_before)).take();
    Ok(db.query_one(&q).await?.map(|r| KeyRow::from_query_result(&r, "")).transpose()?)
}

/// Adds the answer to the row this request claimed; false when it claimed none (nothing was
/// written, so there is nothing to replay).
pub async fn finish(tx: &WriteTx, owner: &str, key: &str, request_id: &str, status: i32, body: &str) -> DbResult<bool> {
    let q = Query::update()
        .table("idempotency_key")
        .value("status", status)
        .value("response", body)
        .and_where(Expr::col("owner").eq(owner))
        .and_where(Expr::col("idem_key").eq(key))
        .and_where(Expr::col("request_id").eq(request_id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

/// Drops keys created before `before` (the housekeeping round).
pub async fn purge(tx: &WriteTx, before: DateTime<Utc>) -> DbResult<u64> {
    let q = Query::delete().from_table("idempotency_key").and_where(Expr::col("created_at").lt(before)).take();
    Ok(tx.execute(&q).await?.rows_affected())
}
