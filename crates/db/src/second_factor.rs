//! Second factors: a user's TOTP secret (sealed by the caller) and recovery codes (hashed by
//! the caller). The repository stores what it is given and knows nothing of the formats.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::{DbResult, WriteTx};

#[derive(Clone, Debug, FromQueryResult)]
pub struct FactorRow {
    pub user_id: i64,
    /// Sealed with the installation key.
    pub secret: String,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_step: Option<i64>,
}

pub async fn get(db: &impl ConnectionTrait, user: i64) -> DbResult<Option<FactorRow>> {
    let q = Query::select()
        .columns(["user_id", "secret", "created_at", "confirmed_at", "last_step"])
        .from("second_factor")
        .and_where(Expr::col("user_id").eq(user))
        .take();
    Ok(db.query_one(&q).await?.map(|r| FactorRow::from_query_result(&r, "")).transpose()?)
}

/// Starts (or restarts) an enrolment: a new unconfirmed secret replaces any earlier one, and
/// the user's recovery codes go with it.
pub async fn begin(tx: &WriteTx, user: i64, sealed_secret: &str, at: DateTime<Utc>) -> DbResult<()> {
    remove(tx, user).await?;
    let q = Query::insert()
        .into_table("second_factor")
        .columns(["user_id", "secret", "created_at"])
        .values_panic([user.into(), sealed_secret.into(), at.into()])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn confirm(tx: &WriteTx, user: i64, step: i64, at: DateTime<Utc>, code_hashes: &[String]) -> DbResult<()> {
    let q = Query::update()
        .table("second_factor")
        .value("confirmed_at", at)
        .value("last_step", step)
        .and_where(Expr::col("user_id").eq(user))
        .take();
    tx.execute(&q).await?;
    for h in code_hashes {
        let q = Query::insert()
            .into_table("recovery_code")
            .columns(["user_id", "code_hash"])
            .values_panic([user.into(), h.as_str().into()])
            .take();
        tx.execute(&q).await?;
    }
    Ok(())
}

/// Records the step of an accepted code. Conditional on the stored step being older, so two
/// requests racing with the same code cannot both succeed: the loser changes no row.
pub async fn use_step(tx: &WriteTx, user: i64, step: i64) -> DbResult<bool> {
    let q = Query::update()
        .table("second_factor")
        .value("last_step", step)
        .and_where(Expr::col("user_id").eq(user))
        .and_where(Expr::col("last_step").is_null().or(Expr::col("last_step").lt(step)))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() == 1)
}

/// Marks an unused recovery code of the user used; false when there is none with that hash.
pub async fn use_recovery_code(tx: &WriteTx, user: i64, code_hash: &str, at: DateTime<Utc>) -> DbResult<bool> {
    let q = Query::update()
        .table("recovery_code")
        .value("used_at", at)
        .and_where(Expr::col("user_id").eq(user))
        .and_where(Expr::col("code_hash").eq(code_hash))
        .and_where(Expr::col("used_at").is_null())
        .take();
    Ok(tx.execute(&q).await?.rows_affected() >= 1)
}

pub async fn recovery_codes_left(db: &impl ConnectionTrait, user: i64) -> DbResult<i64> {
    let q = Query::select()
        .expr(Expr::col("id").count())
        .from("recovery_code")
        .and_where(Expr::col("user_id").eq(user))
        .and_where(Expr::col("used_at").is_null())
        .take();
    let row = db.query_one(&q).await?;
    Ok(row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// Removes the factor and its recovery codes (a reset: the user enrols again).
pub async fn remove(tx: &WriteTx, user: i64) -> DbResult<bool> {
    let codes = Query::delete().from_table("recovery_code").and_where(Expr::col("user_id").eq(user)).take();
    tx.execute(&codes).await?;
    let q = Query::delete().from_table("second_factor").and_where(Expr::col("user_id").eq(user)).take();
    Ok(tx.execute(&q).await?.rows_affected() == 1)
}
