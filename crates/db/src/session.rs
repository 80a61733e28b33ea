//! Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a
//! leaked database does not hand out live sessions.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{DbResult, WriteTx};

#[derive(Clone, Debug, FromQueryResult)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

pub async fn insert(tx: &WriteTx, token_hash: &str, user: i64, at: DateTime<Utc>) -> DbResult<()> {
    let q = Query::insert()
        .into_table("session")
        .columns(["token_hash", "user_id", "created_at", "last_seen_at"])
        .values_panic([token_hash.into(), user.into(), at.into(), at.into()])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn get(db: &impl ConnectionTrait, token_hash: &str) -> DbResult<Option<SessionRow>> {
    let q = Query::select()
        .columns(["token_hash", "user_id", "created_at", "last_seen_at"])
        .from("session")
        .and_where(Expr::col("token_hash").eq(token_hash))
        .take();
    Ok(db.query_one(&q).await?.map(|r| SessionRow::from_query_result(&r, "")).transpose()?)
}

pub async fn touch(tx: &WriteTx, token_hash: &str, at: DateTime<Utc>) -> DbResult<()> {
    let q = Query::update()
        .table("session")
        .value("last_seen_at", at)
        .and_where(Expr::col("token_hash").eq(token_hash))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn delete(tx: &WriteTx, token_hash: &str) -> DbResult<()> {
    let q = Query::delete().from_table("session").and_where(Expr::col("token_hash").eq(token_hash)).take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn delete_for_user(tx: &WriteTx, user: i64) -> DbResult<()> {
    let q = Query::delete().from_table("session").and_where(Expr::col("user_id").eq(user)).take();
    tx.execute(&q).await?;
    Ok(())
}

/// Removes sessions idle since `idle_before` or created before `created_before`.
pub async fn purge(tx: &WriteTx, idle_before: DateTime<Utc>, created_before: DateTime<Utc>) -> DbResult<u64> {
    let q = Query::delete()
        .from_table("session")
        .cond_where(
            sea_orm::sea_query::Cond::any()
                .add(Expr::col("last_seen_at").lt(idle_before))
                .add(Expr::col("created_at").lt(created_before)),
        )
        .take();
    Ok(tx.execute(&q).await?.rows_affected())
}
