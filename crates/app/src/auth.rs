//! Login, sessions and the caller's identity. Passwords are Argon2id (hashed off the async
//! threads); five failures lock the account for a while; sessions expire when idle and absolutely.

use std::collections::BTreeSet;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use zoneops_db::audit::NewAudit;
use zoneops_db::{Reach, Scope, session, user};

use crate::{Actor, AppError, AppResult, Ctx, RequestMeta, second_factor};

pub async fn hash_password(password: &str) -> AppResult<String> {
    let pw = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(pw.as_bytes()).map(|h| h.to_string()).map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

fn pending_step() -> AppError {
    AppError::Unauthenticated {
        code: "AUTH_SECOND_FACTOR_PENDING",
        message: "请先完成双因素验证".into(),
        params: serde_json::Value::Null,
    }
}

async fn verify_password(password: &str, hash: &str) -> bool {
    let pw = password.to_owned();
    let hash = hash.to_owned();
    tokio::task::spawn_blocking(move || match PasswordHash::new(&hash) {
        Ok(parsed) => Argon2::default().verify_password(pw.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    })
    .await
    .unwrap_or(false)
}

/// A hash no password matches: verifying against it for unknown users keeps the timing the same.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Jf0l3LrBq2V7n9qz0M0mVX0r3bB3Z3eQm6n8WJm1k9c";

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub struct LoggedIn {
    pub token: String,
    pub actor: Actor,
    /// `Some` when the password was right but the login waits for a second factor
    /// (`second_factor::PENDING_CODE`) or its enrolment (`PENDING_ENROL`).
    pub pending: Option<&'static str>,
}

pub async fn login(ctx: &Ctx, username: &str, password: &str, meta: &RequestMeta) -> AppResult<LoggedIn> {
    let username = username.trim();
    if username.is_empty() {
        return Err(AppError::invalid("username", "AUTH_USERNAME_REQUIRED", "请输入用户名"));
    }
    if password.is_empty() {
        return Err(AppError::invalid("password", "AUTH_PASSWORD_REQUIRED", "请输入密码"));
    }
    let now = zoneops_db::now();
    let found = user::by_username(ctx.db.conn(), username).await?;
    let Some(u) = found else {
        verify_password(password, DUMMY_HASH).await;
        return Err(invalid_credentials(None));
    };
    if let Some(until) = u.locked_until.filter(|t| *t > now) {
        return Err(AppError::Locked { until });
    }
    let ok = verify_password(password, &u.password_hash).await && !u.disabled;
    let tx = ctx.db.begin_write().await?;
    let mut entry = sign_in_audit(&u, meta);
    if !ok {
        let failure = count_failure(ctx, &tx, &u).await?;
        entry.action = if failure.locked_until.is_some() { "lock".into() } else { "login_failed".into() };
        zoneops_db::audit::insert(&tx, &entry).await?;
        tx.commit().await?;
        if let Some(until) = failure.locked_until {
            tracing::warn!(user = %u.username, ip = %meta.ip, %until, "account locked after failed logins");
            return Err(AppError::Locked { until });
        }
        return Err(invalid_credentials((!u.disabled).then_some(failure.remaining)));
    }
    let actor = actor_for(ctx, u.id, meta).await?.ok_or(AppError::NotFound)?;
    let pending = if second_factor::enrolled(ctx, u.id).await? {
        Some((second_factor::PENDING_CODE, second_factor::PENDING_SECS))
    } else if second_factor::required(ctx, &actor.permissions) {
        Some((second_factor::PENDING_ENROL, second_factor::ENROL_SECS))
    } else {
        None
    };
    let token = new_token();
    let new = session::NewSession {
        token_hash: &token_hash(&token),
        user: u.id,
        at: now,
        pending: pending.map(|p| p.0),
        pending_until: pending.map(|p| ctx.clock.now() + Duration::seconds(p.1)),
        ip: &meta.ip,
        user_agent: &meta.user_agent,
    };
    session::insert(&tx, &new).await?;
    if pending.is_some() {
        // The failure count stands until the second step: a known password alone must not buy
        // fresh attempts at the code.
        entry.action = "login_password_ok".into();
    } else {
        user::set_login_state(&tx, u.id, 0, None, Some(now)).await?;
        entry.action = "login".into();
    }
    zoneops_db::audit::insert(&tx, &entry).await?;
    tx.commit().await?;
    Ok(LoggedIn { token, actor, pending: pending.map(|p| p.0) })
}

fn invalid_credentials(remaining: Option<i64>) -> AppError {
    AppError::Unauthenticated {
        code: "AUTH_INVALID_CREDENTIALS",
        message: match remaining {
            Some(n) if n > 0 => format!("用户名或密码错误，还可尝试{n}次"),
            _ => "用户名或密码错误".into(),
        },
        params: json!({ "remaining": remaining }),
    }
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Live sessions this process has already resolved, so a request costs no session, user and
/// role queries. An entry is trusted for at most [`SessionCache::TTL`]; any change to users or
/// roles made through this process drops every entry at once (`invalidate`), and logout drops
/// its own. A change made elsewhere (the CLI, another server) shows within the TTL.
///
/// Revocation wins over a request in flight: a request that read the session before a logout
/// (or before an `invalidate`) must not put it back afterwards. Logout leaves a tombstone that
/// outlives any such request's entry, and `invalidate` bumps an epoch that a late `put` checks.
#[derive(Default)]
pub struct SessionCache {
    entries: std::sync::Mutex<CacheState>,
}

#[derive(Default)]
struct CacheState {
    live: std::collections::HashMap<String, CachedSession>,
    /// Logged-out session hashes and when: never cached again while they last.
    revoked: std::collections::HashMap<String, std::time::Instant>,
    epoch: u64,
}

#[derive(Clone)]
struct CachedSession {
    created_at: chrono::DateTime<Utc>,
    last_seen_at: chrono::DateTime<Utc>,
    actor: Actor,
    cached_at: std::time::Instant,
}

impl SessionCache {
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(30);

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
    /// The cached entry, if fresh, and the epoch to hand back to [`SessionCache::put`].
    fn get(&self, hash: &str) -> (Option<CachedSession>, u64) {
        let state = self.lock();
        (state.live.get(hash).filter(|e| e.cached_at.elapsed() < Self::TTL).cloned(), state.epoch)
    }
    /// Caches what a request read at `epoch`, unless the session was revoked (or everything
    /// invalidated) since.
    fn put(&self, hash: String, entry: CachedSession, epoch: u64) {
        let mut state = self.lock();
        if state.epoch != epoch || state.revoked.contains_key(&hash) {
            return;
        }
        if state.live.len() > 50_000 {
            state.live.clear();
        }
        state.live.insert(hash, entry);
    }
    fn remove(&self, hash: &str) {
        self.lock().live.remove(hash);
    }
    /// Ends a session for good in this process: dropped, and never put back by a request that
    /// read it before. The tombstone lasts longer than any request (the server's timeout is 30 s).
    pub fn revoke(&self, hash: &str) {
        let mut state = self.lock();
        state.live.remove(hash);
        let keep = Self::TTL * 4;
        state.revoked.retain(|_, at| at.elapsed() < keep);
        state.revoked.insert(hash.to_owned(), std::time::Instant::now());
    }
    /// Forget everything: users, roles or scopes changed.
    pub fn invalidate(&self) {
        let mut state = self.lock();
        state.live.clear();
        state.epoch = state.epoch.wrapping_add(1);
    }
}

/// Resolves a session cookie to its user, enforcing idle and absolute expiry.
pub async fn authenticate(ctx: &Ctx, token: &str, meta: &RequestMeta) -> AppResult<Actor> {
    let hash = token_hash(token);
    let expired = || AppError::Unauthenticated {
        code: "AUTH_SESSION_EXPIRED",
        message: "登录已过期，请重新登录".into(),
        params: serde_json::Value::Null,
    };
    let (cached, epoch) = ctx.sessions.get(&hash);
    let cached_at = cached.as_ref().map_or_else(std::time::Instant::now, |c| c.cached_at);
    let (created_at, last_seen_at, user_id) = match &cached {
        Some(c) => (c.created_at, c.last_seen_at, c.actor.user_id),
        None => {
            let Some(sess) = session::get(ctx.db.conn(), &hash).await? else { return Err(expired()) };
            // A login waiting for its second factor (or its enrolment) opens nothing else; such
            // sessions are never cached, so the check costs nothing on the cached path.
            if sess.pending.is_some() {
                return Err(pending_step());
            }
            (sess.created_at, sess.last_seen_at, sess.user_id)
        }
    };
    let now = zoneops_db::now();
    let s = &ctx.settings;
    let idle = Duration::seconds(s.session_idle_secs as i64);
    if now - last_seen_at > idle || now - created_at > Duration::seconds(s.session_absolute_secs as i64) {
        ctx.sessions.remove(&hash);
        let tx = ctx.db.begin_write().await?.no_data_change();
        session::delete(&tx, &hash).await?;
        tx.commit().await?;
        return Err(expired());
    }
    // Touch at most every tenth of the idle window: sliding expiry without a write per request.
    let mut last_seen_at = last_seen_at;
    if now - last_seen_at > idle / 10 {
        let tx = ctx.db.begin_write().await?.no_data_change();
        session::touch(&tx, &hash, now).await?;
        tx.commit().await?;
        last_seen_at = now;
    }
    let mut actor = match cached {
        Some(c) => c.actor,
        None => actor_for(ctx, user_id, meta).await?.ok_or_else(expired)?,
    };
    // The entry keeps the time it was read from the database: the TTL bounds its staleness.
    ctx.sessions.put(hash, CachedSession { created_at, last_seen_at, actor: actor.clone(), cached_at }, epoch);
    actor.request_id = meta.request_id.clone();
    actor.ip = meta.ip.clone();
    actor.idempotency = meta.idempotency.clone();
    actor.lang = meta.lang;
    Ok(actor)
}

pub(crate) async fn actor_for(ctx: &Ctx, user_id: i64, meta: &RequestMeta) -> AppResult<Option<Actor>> {
    let Some(u) = user::by_id(ctx.db.conn(), None, user_id).await? else { return Ok(None) };
    if u.disabled {
        return Ok(None);
    }
    let roles = user::user_roles(ctx.db.conn(), u.id).await?;
    let mut permissions = BTreeSet::new();
    for r in &roles {
        let list: Vec<String> = serde_json::from_str(&r.permissions).unwrap_or_default();
        permissions.extend(list);
    }
    let reach: Reach = serde_json::from_str(&u.scope).map_err(AppError::internal)?;
    Ok(Some(Actor {
        user_id: u.id,
        username: u.username,
        display_name: u.display_name,
        scope: Scope { zone: u.zone_id, user: u.id, reach },
        roles: roles.into_iter().map(|r| r.code).collect(),
        permissions,
        request_id: meta.request_id.clone(),
        ip: meta.ip.clone(),
        idempotency: None,
        lang: meta.lang,
    }))
}

/// Any live session, including one waiting for its second factor or enrolment: what logout,
/// the second step and enrolment accept. Never cached.
pub struct SessionUser {
    pub actor: Actor,
    pub pending: Option<String>,
    pub token_hash: String,
}

pub async fn session_user(ctx: &Ctx, token: &str, meta: &RequestMeta) -> AppResult<SessionUser> {
    let hash = token_hash(token);
    let expired = || AppError::Unauthenticated {
        code: "AUTH_SESSION_EXPIRED",
        message: "登录已过期，请重新登录".into(),
        params: serde_json::Value::Null,
    };
    let sess = session::get(ctx.db.conn(), &hash).await?.ok_or_else(expired)?;
    let now = zoneops_db::now();
    let s = &ctx.settings;
    let dead = now - sess.last_seen_at > Duration::seconds(s.session_idle_secs as i64)
        || now - sess.created_at > Duration::seconds(s.session_absolute_secs as i64)
        || (sess.pending.is_some() && sess.pending_until.is_none_or(|t| t <= ctx.clock.now()));
    if dead {
        ctx.sessions.remove(&hash);
        let tx = ctx.db.begin_write().await?.no_data_change();
        session::delete(&tx, &hash).await?;
        tx.commit().await?;
        return Err(if sess.pending.is_some() { second_factor::pending_expired() } else { expired() });
    }
    let actor = actor_for(ctx, sess.user_id, meta).await?.ok_or_else(expired)?;
    Ok(SessionUser { actor, pending: sess.pending, token_hash: hash })
}

pub async fn logout(ctx: &Ctx, token: &str, actor: &Actor) -> AppResult<()> {
    let hash = token_hash(token);
    // Before the row goes: a request reading the row meanwhile cannot cache it any more.
    ctx.sessions.revoke(&hash);
    let tx = ctx.db.begin_write().await?;
    session::delete(&tx, &hash).await?;
    actor.audit(&tx, "logout", "user", actor.user_id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    pub scope: Reach,
    pub zone: zoneops_db::reference::ZoneRow,
    /// What an administrator must do before it goes wrong (next year's working calendar not
    /// loaded …): only to those who can do it; the console shows each as a banner.
    pub warnings: Vec<crate::calendar_check::SystemWarning>,
    /// The server runs the demo (`serve --demo`): the console offers the demo's own pages.
    pub demo: bool,
}

pub async fn me(ctx: &Ctx, actor: &Actor) -> AppResult<Me> {
    let zone = zoneops_db::reference::zone_by_id(ctx.db.conn(), actor.zone()).await?.ok_or(AppError::NotFound)?;
    Ok(Me {
        id: actor.user_id,
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        roles: actor.roles.clone(),
        permissions: actor.permissions.iter().cloned().collect(),
        scope: actor.scope.reach.clone(),
        zone,
        warnings: crate::calendar_check::warnings(ctx, actor).await?,
        demo: ctx.demo,
    })
}

/// Housekeeping run by the server periodically: expired sessions, audit past retention.
pub async fn purge_expired(ctx: &Ctx) -> AppResult<()> {
    let now = Utc::now();
    let s = &ctx.settings;
    // Expired sessions and audit rows past retention: no figure is computed from them.
    let tx = ctx.db.begin_write().await?.no_data_change();
    session::purge(
        &tx,
        now - Duration::seconds(s.session_idle_secs as i64),
        now - Duration::seconds(s.session_absolute_secs as i64),
    )
    .await?;
    let keep = s.audit_retention_days.max(180) as i64;
    zoneops_db::audit::purge(&tx, now - Duration::days(keep)).await?;
    crate::idempotency::purge(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The audit row of a sign-in step (password or second factor) by `u`; the caller sets the action.
/// 修改密码 by the user themself: the current password proves it is them (a wrong one counts
/// toward the lockout, as at login), the new one meets the policy and differs from it; the
/// user's other sessions end, this one stays.
pub async fn change_own_password(ctx: &Ctx, su: &SessionUser, current: &str, new: &str) -> AppResult<()> {
    let a = &su.actor;
    if current.is_empty() {
        return Err(AppError::invalid("current_password", "PASSWORD_CURRENT_REQUIRED", "请输入当前密码"));
    }
    let u = user::by_id(ctx.db.conn(), Some(a.zone()), a.user_id).await?.ok_or(AppError::NotFound)?;
    if !verify_password(current, &u.password_hash).await {
        let tx = ctx.db.begin_write().await?;
        let failure = count_failure(ctx, &tx, &u).await?;
        a.audit(&tx, "password_change_failed", "user", u.id, None::<&()>, None::<&()>).await?;
        if failure.locked_until.is_some() {
            zoneops_db::session::delete_for_user(&tx, u.id).await?;
        }
        tx.commit().await?;
        if let Some(until) = failure.locked_until {
            ctx.sessions.invalidate();
            return Err(AppError::Locked { until });
        }
        return Err(AppError::invalid("current_password", "PASSWORD_CURRENT_WRONG", "当前密码不正确"));
    }
    if new == current {
        return Err(AppError::invalid("new_password", "PASSWORD_UNCHANGED", "新密码不能与当前密码相同"));
    }
    ctx.settings
        .password
        .check(new)
        .map_err(|e| AppError::invalid("new_password", "PASSWORD_POLICY", e.message_zh()))?;
    let hash = hash_password(new).await?;
    let tx = ctx.db.begin_write().await?;
    user::set_password(&tx, u.id, &hash).await?;
    user::set_login_state(&tx, u.id, 0, None, None).await?;
    let ended = zoneops_db::session::delete_others(&tx, u.id, &su.token_hash).await?;
    a.audit(&tx, "change_password", "user", u.id, None::<&()>, Some(&json!({ "sessions_ended": ended }))).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(())
}

/// A wrong password or code, counted toward the lockout in `tx` (an expired lock starts a fresh
/// count): the attempts left, or when the lock this failure set ends. One rule for the login,
/// its second step and 修改密码.
pub(crate) struct Failure {
    pub(crate) remaining: i64,
    pub(crate) locked_until: Option<chrono::DateTime<Utc>>,
}

pub(crate) async fn count_failure(ctx: &Ctx, tx: &zoneops_db::WriteTx, u: &user::UserRow) -> AppResult<Failure> {
    let s = &ctx.settings;
    let previous = if u.locked_until.is_some() { 0 } else { u.failed_logins };
    let failed = previous + 1;
    let locked_until =
        (failed >= s.lockout_attempts).then(|| zoneops_db::now() + Duration::seconds(s.lockout_secs as i64));
    user::set_login_state(tx, u.id, if locked_until.is_some() { 0 } else { failed }, locked_until, None).await?;
    Ok(Failure { remaining: s.lockout_attempts - failed, locked_until })
}

pub(crate) fn sign_in_audit(u: &user::UserRow, meta: &RequestMeta) -> NewAudit {
    NewAudit {
        zone: u.zone_id,
        actor_id: Some(u.id),
        actor: u.username.clone(),
        entity: "user".into(),
        entity_id: u.id.to_string(),
        request_id: meta.request_id.clone(),
        ip: meta.ip.clone(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> CachedSession {
        let actor = Actor {
            user_id: 7,
            username: "leader".into(),
            display_name: "管委会领导".into(),
            scope: Scope { zone: 1, user: 7, reach: Reach::Zone },
            roles: vec!["leader".into()],
            permissions: BTreeSet::new(),
            request_id: String::new(),
            ip: String::new(),
            idempotency: None,
            lang: Default::default(),
        };
        let now = Utc::now();
        CachedSession { created_at: now, last_seen_at: now, actor, cached_at: std::time::Instant::now() }
    }

    #[test]
    fn a_request_that_read_the_session_before_logout_cannot_cache_it_after() {
        let cache = SessionCache::default();
        // A request reads (cache miss), the logout revokes, then the request finishes.
        let (hit, epoch) = cache.get("h");
        assert!(hit.is_none());
        cache.revoke("h");
        cache.put("h".into(), entry(), epoch);
        assert!(cache.get("h").0.is_none(), "a revoked session came back");
        // Even one cached before the logout and re-put after it.
        cache.put("k".into(), entry(), epoch);
        let (hit, epoch) = cache.get("k");
        assert!(hit.is_some());
        cache.revoke("k");
        cache.put("k".into(), entry(), epoch);
        assert!(cache.get("k").0.is_none());
    }

    #[test]
    fn an_invalidation_wins_over_a_request_that_read_before_it() {
        let cache = SessionCache::default();
        let (_, epoch) = cache.get("h");
        cache.invalidate();
        cache.put("h".into(), entry(), epoch);
        assert!(cache.get("h").0.is_none(), "a stale actor was cached after the roles changed");
        let (_, epoch) = cache.get("h");
        cache.put("h".into(), entry(), epoch);
        assert!(cache.get("h").0.is_some());
    }
}
