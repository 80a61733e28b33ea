//! Session lists and forced logout: a user's own sessions, and (for the security administrator)
//! anyone's, including "log out everywhere".

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use zoneops_db::{session, user};
use zoneops_domain::Permission;

use crate::auth::SessionUser;
use crate::{Actor, AppError, AppResult, Ctx};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    /// A stable handle derived from the token's hash; it opens nothing by itself.
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request came with.
    pub current: bool,
    /// `second_factor` or `enrol` while the login is not complete.
    pub pending: Option<String>,
}

fn public_id(token_hash: &str) -> String {
    hex::encode(&Sha256::digest(format!("zoneops-session:{token_hash}").as_bytes())[..8])
}

async fn list(ctx: &Ctx, user_id: i64, current_hash: Option<&str>) -> AppResult<Vec<SessionView>> {
    let rows = session::for_user(ctx.db.conn(), user_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionView {
            id: public_id(&r.token_hash),
            current: current_hash == Some(r.token_hash.as_str()),
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            ip: r.ip,
            user_agent: r.user_agent,
            pending: r.pending,
        })
        .collect())
}

/// The token hash of one of the user's sessions, by its public id.
async fn find(ctx: &Ctx, user_id: i64, id: &str) -> AppResult<String> {
    let rows = session::for_user(ctx.db.conn(), user_id).await?;
    rows.into_iter().map(|r| r.token_hash).find(|h| public_id(h) == id).ok_or(AppError::NotFound)
}

pub async fn mine(ctx: &Ctx, su: &SessionUser) -> AppResult<Vec<SessionView>> {
    list(ctx, su.actor.user_id, Some(&su.token_hash)).await
}

/// Ends one of the caller's own sessions (another browser, a lost laptop).
pub async fn end_mine(ctx: &Ctx, su: &SessionUser, id: &str) -> AppResult<()> {
    let a = &su.actor;
    let hash = find(ctx, a.user_id, id).await?;
    let tx = ctx.db.begin_write().await?;
    session::delete(&tx, &hash).await?;
    a.audit(&tx, "session_end", "user", a.user_id, None::<&()>, Some(&json!({ "session": id }))).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(())
}

async fn target(ctx: &Ctx, actor: &Actor, user_id: i64) -> AppResult<()> {
    actor.require(Permission::SecurityAdmin)?;
    user::by_id(ctx.db.conn(), Some(actor.zone()), user_id).await?.ok_or(AppError::NotFound)?;
    Ok(())
}

pub async fn of_user(ctx: &Ctx, actor: &Actor, user_id: i64) -> AppResult<Vec<SessionView>> {
    target(ctx, actor, user_id).await?;
    list(ctx, user_id, None).await
}

/// The security administrator ends one session of a user.
pub async fn end_of_user(ctx: &Ctx, actor: &Actor, user_id: i64, id: &str) -> AppResult<()> {
    target(ctx, actor, user_id).await?;
    let hash = find(ctx, user_id, id).await?;
    let tx = ctx.db.begin_write().await?;
    session::delete(&tx, &hash).await?;
    actor.audit(&tx, "session_end", "user", user_id, None::<&()>, Some(&json!({ "session": id }))).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(())
}

/// "Log out everywhere": every session of the user ends.
pub async fn end_all_of_user(ctx: &Ctx, actor: &Actor, user_id: i64) -> AppResult<()> {
    target(ctx, actor, user_id).await?;
    let tx = ctx.db.begin_write().await?;
    session::delete_for_user(&tx, user_id).await?;
    actor.audit(&tx, "logout_everywhere", "user", user_id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(())
}
