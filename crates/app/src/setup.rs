//! First start of a real zone: the zone row, its default roles and the industry table.

use zoneops_db::reference::{self, INDUSTRY_VERSION};
use zoneops_db::{Db, Reach, user};

use crate::auth::hash_password;
use crate::demo::INDUSTRIES_CSV;
use crate::{AppError, AppResult};

/// Returns the zone's id, creating the zone (with roles and industries) when it is missing.
pub async fn ensure_zone(db: &Db, code: &str, name: &str) -> AppResult<i64> {
    if let Some(z) = reference::zone_by_code(db.conn(), code).await? {
        return Ok(z.id);
    }
    let tx = db.begin_write().await?;
    let id = reference::insert_zone(&tx, code, name).await?;
    zoneops_db::demo::seed_roles(&tx, id).await?;
    if reference::list_industries(&*tx, Some("section"), None, None).await?.is_empty() {
        reference::import_industries(&tx, INDUSTRY_VERSION, INDUSTRIES_CSV).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Resolves a scope written on the command line: `zone`, `own`, `park:CODE`, `dept:CODE`,
/// `enterprise:CREDIT_CODE`.
pub async fn parse_scope(db: &Db, zone: i64, text: &str) -> AppResult<Reach> {
    use zoneops_db::reference::Dict;
    let bad = |m: &str| AppError::invalid("scope", "SCOPE_INVALID", m.to_owned());
    Ok(match text.split_once(':') {
        None if text == "zone" => Reach::Zone,
        None if text == "own" => Reach::Own,
        Some(("park", code)) => {
            let p = reference::dict_by_code(db.conn(), zone, Dict::Park, code)
                .await?
                .ok_or_else(|| bad("园区编码不存在"))?;
            Reach::Parks { parks: vec![p.id] }
        }
        Some(("dept", code)) => {
            let d = reference::dict_by_code(db.conn(), zone, Dict::Department, code)
                .await?
                .ok_or_else(|| bad("部门编码不存在"))?;
            Reach::Department { department: d.id }
        }
        Some(("enterprise", code)) => {
            let id = zoneops_db::enterprise::id_by_credit_code(db.conn(), zone, &code.to_ascii_uppercase())
                .await?
                .ok_or_else(|| bad("该统一社会信用代码的企业不存在"))?;
            Reach::Enterprise { enterprise: id }
        }
        _ => return Err(bad("范围应为 zone、own、park:编码、dept:编码 或 enterprise:统一社会信用代码")),
    })
}

pub async fn add_user(
    db: &Db,
    policy: &zoneops_domain::password::PasswordPolicy,
    zone: i64,
    username: &str,
    password: &str,
    roles: &[String],
    reach: &Reach,
) -> AppResult<i64> {
    policy.check(password).map_err(|e| AppError::invalid("password", "PASSWORD_POLICY", e.message_zh()))?;
    let hash = hash_password(password).await?;
    let scope_json = serde_json::to_string(reach).map_err(AppError::internal)?;
    let tx = db.begin_write().await?;
    if user::by_username(&*tx, username).await?.is_some() {
        return Err(AppError::Conflict {
            field: "username".into(),
            code: "USER_DUPLICATE",
            message: "用户名已存在".into(),
        });
    }
    let id = user::insert(
        &tx,
        &user::NewUser { zone, username, display_name: username, password_hash: &hash, scope_json: &scope_json },
    )
    .await?;
    user::set_user_roles(&tx, zone, id, roles)
        .await
        .map_err(|e| AppError::invalid("role", "ROLE_UNKNOWN", e.to_string()))?;
    let entry = zoneops_db::audit::NewAudit {
        zone,
        actor: "cli".into(),
        action: "create".into(),
        entity: "user".into(),
        entity_id: id.to_string(),
        ..Default::default()
    };
    zoneops_db::audit::insert(&tx, &entry).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn set_password(
    db: &Db,
    policy: &zoneops_domain::password::PasswordPolicy,
    username: &str,
    password: &str,
) -> AppResult<()> {
    policy.check(password).map_err(|e| AppError::invalid("password", "PASSWORD_POLICY", e.message_zh()))?;
    let u = user::by_username(db.conn(), username).await?.ok_or(AppError::NotFound)?;
    let hash = hash_password(password).await?;
    let tx = db.begin_write().await?;
    user::set_password(&tx, u.id, &hash).await?;
    zoneops_db::session::delete_for_user(&tx, u.id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn unlock(db: &Db, username: &str) -> AppResult<()> {
    let u = user::by_username(db.conn(), username).await?.ok_or(AppError::NotFound)?;
    let tx = db.begin_write().await?;
    user::set_login_state(&tx, u.id, 0, None, None).await?;
    tx.commit().await?;
    Ok(())
}

/// `zoneops user reset-second-factor NAME`: the way back in when the security administrator
/// themself lost the phone and the recovery codes. Ends the user's sessions; audited.
pub async fn reset_second_factor(db: &Db, username: &str) -> AppResult<()> {
    let u = user::by_username(db.conn(), username).await?.ok_or(AppError::NotFound)?;
    let tx = db.begin_write().await?;
    zoneops_db::second_factor::remove(&tx, u.id).await?;
    zoneops_db::session::delete_for_user(&tx, u.id).await?;
    let entry = zoneops_db::audit::NewAudit {
        zone: u.zone_id,
        actor: "cli".into(),
        action: "second_factor_reset".into(),
        entity: "user".into(),
        entity_id: u.id.to_string(),
        ..Default::default()
    };
    zoneops_db::audit::insert(&tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}
