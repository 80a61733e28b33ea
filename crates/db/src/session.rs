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
    /// `None` for a signed-in session; `second_factor` while the login waits for a code;
    /// `enrol` while a user who must have a second factor has none yet.
    pub pending: Option<String>,
    /// When a pending step expires.
    pub pending_until: Option<DateTime<Utc>>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

const COLS: [&str; 8] =
    ["token_hash", "user_id", "created_at", "last_seen_at", "pending", "pending_until", "ip", "user_agent"];

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user: i64,
    pub at: DateTime<Utc>,
    pub pending: Option<&'a str>,
    pub pending_until: Option<DateTime<Utc>>,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

pub async fn insert(tx: &WriteTx, s: &NewSession<'_>) -> DbResult<()> {
    let q = Query::insert()
        .into_table("session")
        .columns(COLS)
        .values_panic([
            s.token_hash.into(),
            s.user.into(),
            s.at.into(),
            s.at.into(),
            s.pending.map(str::to_owned).into(),
            s.pending_until.into(),
            s.ip.into(),
            s.user_agent.into(),
        ])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn get(db: &impl ConnectionTrait, token_hash: &str) -> DbResult<Option<SessionRow>> {
    let q = Query::select().columns(COLS).from("session").and_where(Expr::col("token_hash").eq(token_hash)).take();
    Ok(db.query_one(&q).await?.map(|r| SessionRow::from_query_result(&r, "")).transpose()?)
}

/// A user's sessions, newest first.
pub async fn for_user(db: &impl ConnectionTrait, user: i64) -> DbResult<Vec<SessionRow>> {
    let q = Query::select()
        .columns(COLS)
        .from("session")
        .and_where(Expr::col("user_id").eq(user))
        .order_by("created_at", sea_orm::Order::Desc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| SessionRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// Sets or clears (`None`) a session's pending step.
pub async fn set_pending(
    tx: &WriteTx,
    token_hash: &str,
    pending: Option<&str>,
    until: Option<DateTime<Utc>>,
) -> DbResult<()> {
    let q = Query::update()
        .table("session")
        .value("pending", pending.map(str::to_owned))
        .value("pending_until", until)
        .and_where(Expr::col("token_hash").eq(token_hash))
        .take();
    tx.execute(&q).await?;
    Ok(())
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

/// Ends every session of `user` but the one whose token hash is `keep` (a password change ends
/// the others: whoever knew the old password is signed out).
pub async fn delete_others(tx: &WriteTx, user: i64, keep: &str) -> DbResult<u64> {
    let q = Query::delete()
        .from_table("session")
        .and_where(Expr::col("user_id").eq(user))
        .and_where(Expr::col("token_hash").ne(keep))
        .take();
    Ok(tx.execute(&q).await?.rows_affected())
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
