//! The second factor: enrolment (secret, QR URI, recovery codes), the login's second step and
//! a reset by the security administrator. Codes are judged by `ctx.clock`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use zoneops_db::{second_factor as factor, session, user};
use zoneops_domain::Permission;
use zoneops_domain::permission::SECOND_FACTOR_PERMISSIONS;
use zoneops_domain::second_factor as totp;

use crate::auth::{SessionUser, actor_for, new_token, token_hash};
use crate::{Actor, AppError, AppResult, Ctx, RequestMeta};

/// The issuer an authenticator app shows next to the account.
pub const ISSUER: &str = "ZoneOps";
/// How long the login waits for the code after a correct password.
pub const PENDING_SECS: i64 = 5 * 60;
/// How long a user who must enrol has to do it after the password step.
pub const ENROL_SECS: i64 = 15 * 60;

/// The login is waiting for a code.
pub const PENDING_CODE: &str = "second_factor";
/// The login is waiting for an enrolment (the user must have a factor and has none).
pub const PENDING_ENROL: &str = "enrol";

/// Whether a user with these permissions must have a second factor here.
pub fn required(ctx: &Ctx, permissions: &BTreeSet<String>) -> bool {
    match &ctx.settings.second_factor_required_permissions {
        Some(list) => list.iter().any(|p| permissions.contains(p)),
        None if ctx.demo => false,
        None => SECOND_FACTOR_PERMISSIONS.iter().any(|p| permissions.contains(p.code())),
    }
}

/// Whether the user has a confirmed factor.
pub async fn enrolled(ctx: &Ctx, user_id: i64) -> AppResult<bool> {
    Ok(factor::get(ctx.db.conn(), user_id).await?.is_some_and(|f| f.confirmed_at.is_some()))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Status {
    pub enrolled: bool,
    pub required: bool,
    pub enrolled_at: Option<DateTime<Utc>>,
    pub recovery_codes_left: i64,
}

pub async fn status(ctx: &Ctx, su: &SessionUser) -> AppResult<Status> {
    let f = factor::get(ctx.db.conn(), su.actor.user_id).await?.filter(|f| f.confirmed_at.is_some());
    Ok(Status {
        enrolled: f.is_some(),
        required: required(ctx, &su.actor.permissions),
        enrolled_at: f.and_then(|f| f.confirmed_at),
        recovery_codes_left: factor::recovery_codes_left(ctx.db.conn(), su.actor.user_id).await?,
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    /// Base32, for typing into an app that cannot scan.
    pub secret: String,
    /// `otpauth://totp/ZoneOps:<user>?secret=…&issuer=ZoneOps` (the QR code's content).
    pub otpauth_uri: String,
}

fn already_enrolled() -> AppError {
    AppError::Conflict {
        field: String::new(),
        code: "SECOND_FACTOR_ENROLLED",
        message: "已绑定双因素认证；如需更换，请联系安全管理员重置".into(),
    }
}

/// Starts an enrolment: a fresh secret, kept sealed and unconfirmed until a code proves the
/// app has it. A confirmed factor is not replaced here (a stolen session must not swap it).
pub async fn begin(ctx: &Ctx, su: &SessionUser) -> AppResult<Enrolment> {
    let a = &su.actor;
    if enrolled(ctx, a.user_id).await? {
        return Err(already_enrolled());
    }
    let mut bytes = [0u8; totp::SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    let secret = totp::base32_encode(&bytes);
    let sealed = ctx.secrets.seal(&secret)?;
    let tx = ctx.db.begin_write().await?;
    factor::begin(&tx, a.user_id, &sealed, ctx.clock.now()).await?;
    a.audit(&tx, "second_factor_begin", "user", a.user_id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    Ok(Enrolment { otpauth_uri: totp::otpauth_uri(ISSUER, &a.username, &secret), secret })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    /// Shown once: only their hashes are kept.
    pub recovery_codes: Vec<String>,
    /// A new session token when the session was waiting for this enrolment (the server sets
    /// the cookie).
    #[serde(skip)]
    pub new_token: Option<String>,
}

fn secret_of(ctx: &Ctx, f: &factor::FactorRow) -> AppResult<Vec<u8>> {
    let b32 = ctx.secrets.open(&f.secret)?;
    totp::base32_decode(&b32).ok_or_else(|| AppError::internal("stored TOTP secret is not base32"))
}

/// Hash of a recovery code as stored. The codes carry 80 random bits, so a fast hash is as
/// safe here as for session tokens (decision 0021).
fn recovery_hash(canonical: &str) -> String {
    hex::encode(Sha256::digest(format!("zoneops-recovery:{canonical}").as_bytes()))
}

/// Confirms the enrolment with a code from the app and issues the recovery codes.
pub async fn confirm(ctx: &Ctx, su: &SessionUser, code: &str, meta: &RequestMeta) -> AppResult<Confirmed> {
    let a = &su.actor;
    let f = factor::get(ctx.db.conn(), a.user_id)
        .await?
        .ok_or_else(|| AppError::invalid("code", "SECOND_FACTOR_NOT_STARTED", "请先获取二维码并在验证器中添加账号"))?;
    if f.confirmed_at.is_some() {
        return Err(already_enrolled());
    }
    let now = ctx.clock.now();
    let step = totp::verify(&secret_of(ctx, &f)?, code, now.timestamp(), None)
        .ok_or_else(|| AppError::invalid("code", "SECOND_FACTOR_CODE_INVALID", "验证码不正确，请核对手机时间后重试"))?;
    let mut codes = Vec::with_capacity(totp::RECOVERY_CODES);
    let mut hashes = Vec::with_capacity(totp::RECOVERY_CODES);
    for _ in 0..totp::RECOVERY_CODES {
        let mut bytes = [0u8; totp::RECOVERY_CODE_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        let shown = totp::format_recovery_code(&bytes);
        let canonical = totp::normalize_recovery_code(&shown).ok_or_else(|| AppError::internal("recovery code"))?;
        hashes.push(recovery_hash(&canonical));
        codes.push(shown);
    }
    let tx = ctx.db.begin_write().await?;
    factor::confirm(&tx, a.user_id, step, now, &hashes).await?;
    // A login that was waiting for this enrolment is complete: a new token for the full session.
    let new_token = if su.pending.is_some() {
        let token = new_token();
        session::delete(&tx, &su.token_hash).await?;
        insert_full_session(&tx, &token, a.user_id, now, meta).await?;
        user::set_login_state(&tx, a.user_id, 0, None, Some(now)).await?;
        a.audit(&tx, "login", "user", a.user_id, None::<&()>, Some(&json!({"second_factor": "enrol"}))).await?;
        Some(token)
    } else {
        None
    };
    a.audit(&tx, "second_factor_enrol", "user", a.user_id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    Ok(Confirmed { recovery_codes: codes, new_token })
}

async fn insert_full_session(
    tx: &zoneops_db::WriteTx,
    token: &str,
    user_id: i64,
    now: DateTime<Utc>,
    meta: &RequestMeta,
) -> AppResult<()> {
    let s = session::NewSession {
        token_hash: &token_hash(token),
        user: user_id,
        at: now,
        pending: None,
        pending_until: None,
        ip: &meta.ip,
        user_agent: &meta.user_agent,
    };
    session::insert(tx, &s).await?;
    Ok(())
}

fn code_invalid(remaining: i64) -> AppError {
    AppError::Unauthenticated {
        code: "AUTH_SECOND_FACTOR_INVALID",
        message: if remaining > 0 {
            format!("验证码不正确，还可尝试{remaining}次")
        } else {
            "验证码不正确".into()
        },
        params: json!({ "remaining": remaining }),
    }
}

pub fn pending_expired() -> AppError {
    AppError::Unauthenticated {
        code: "AUTH_SECOND_FACTOR_EXPIRED",
        message: "验证已超时，请重新输入用户名和密码".into(),
        params: serde_json::Value::Null,
    }
}

/// The login's second step: a TOTP code or a recovery code completes a pending session. A
/// wrong code counts toward the account's lockout like a wrong password.
pub async fn complete_login(
    ctx: &Ctx,
    token: &str,
    code: &str,
    meta: &RequestMeta,
) -> AppResult<crate::auth::LoggedIn> {
    let hash = token_hash(token);
    let now = ctx.clock.now();
    let sess = session::get(ctx.db.conn(), &hash).await?;
    let Some(sess) = sess.filter(|s| s.pending.as_deref() == Some(PENDING_CODE)) else {
        return Err(pending_expired());
    };
    if sess.pending_until.is_none_or(|t| t <= now) {
        let tx = ctx.db.begin_write().await?.no_data_change();
        session::delete(&tx, &hash).await?;
        tx.commit().await?;
        return Err(pending_expired());
    }
    let u = user::by_id(ctx.db.conn(), None, sess.user_id).await?.ok_or_else(pending_expired)?;
    if let Some(until) = u.locked_until.filter(|t| *t > zoneops_db::now()) {
        return Err(AppError::Locked { until });
    }
    let f = factor::get(ctx.db.conn(), u.id).await?.filter(|f| f.confirmed_at.is_some()).ok_or_else(pending_expired)?;
    let tx = ctx.db.begin_write().await?;
    let used = if totp::is_totp_code(code) {
        match totp::verify(&secret_of(ctx, &f)?, code, now.timestamp(), f.last_step) {
            Some(step) => factor::use_step(&tx, u.id, step).await?.then_some("totp"),
            None => None,
        }
    } else {
        match totp::normalize_recovery_code(code) {
            Some(c) => factor::use_recovery_code(&tx, u.id, &recovery_hash(&c), now).await?.then_some("recovery_code"),
            None => None,
        }
    };
    let mut entry = crate::auth::sign_in_audit(&u, meta);
    let Some(kind) = used else {
        let failure = crate::auth::count_failure(ctx, &tx, &u).await?;
        if failure.locked_until.is_some() {
            // The pending session dies with the lock: the password must be given again.
            session::delete(&tx, &hash).await?;
        }
        entry.action = if failure.locked_until.is_some() { "lock".into() } else { "second_factor_failed".into() };
        zoneops_db::audit::insert(&tx, &entry).await?;
        tx.commit().await?;
        if let Some(until) = failure.locked_until {
            tracing::warn!(user = %u.username, ip = %meta.ip, %until, "account locked after wrong second-factor codes");
            return Err(AppError::Locked { until });
        }
        return Err(code_invalid(failure.remaining));
    };
    let new = new_token();
    session::delete(&tx, &hash).await?;
    insert_full_session(&tx, &new, u.id, now, meta).await?;
    user::set_login_state(&tx, u.id, 0, None, Some(now)).await?;
    entry.action = "login".into();
    entry.after = Some(json!({ "second_factor": kind }).to_string());
    zoneops_db::audit::insert(&tx, &entry).await?;
    tx.commit().await?;
    let actor = actor_for(ctx, u.id, meta).await?.ok_or(AppError::NotFound)?;
    Ok(crate::auth::LoggedIn { token: new, actor, pending: None })
}

/// The security administrator removes a user's factor (lost phone): the user's sessions end and
/// the next login starts a new enrolment (or goes without, where the factor is optional).
pub async fn reset(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::SecurityAdmin)?;
    user::by_id(ctx.db.conn(), Some(actor.zone()), id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    let had = factor::remove(&tx, id).await?;
    session::delete_for_user(&tx, id).await?;
    actor.audit(&tx, "second_factor_reset", "user", id, Some(&json!({ "enrolled": had })), None::<&()>).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(())
}
