//! User, role and audit administration.

use serde::{Deserialize, Serialize};
use zoneops_db::audit::{AuditFilter, AuditRow};
use zoneops_db::reference::{self, Dict};
use zoneops_db::{Page, PageQuery, Reach, user};
use zoneops_domain::Permission;
use zoneops_domain::permission::is_known_permission;

use crate::auth::hash_password;
use crate::{Actor, AppError, AppResult, Ctx, input};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    /// `locked_until` only while the lock lasts.
    #[serde(flatten)]
    pub row: user::UserRow,
    pub roles: Vec<String>,
    pub scope: Reach,
    /// Whether the user has a confirmed second factor.
    pub second_factor: bool,
}

async fn user_view(ctx: &Ctx, mut row: user::UserRow) -> AppResult<UserView> {
    let roles = user::user_roles(ctx.db.conn(), row.id).await?.into_iter().map(|r| r.code).collect();
    let scope = serde_json::from_str(&row.scope).map_err(AppError::internal)?;
    let now = zoneops_db::now();
    row.locked_until = row.locked_until.filter(|t| *t > now);
    let second_factor = crate::second_factor::enrolled(ctx, row.id).await?;
    Ok(UserView { row, roles, scope, second_factor })
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
pub struct UserQuery {
    pub q: Option<String>,
    pub role: Option<String>,
}

pub async fn users(ctx: &Ctx, actor: &Actor, q: &UserQuery) -> AppResult<Vec<UserView>> {
    // The security administrator works on the same list (unlock, second factor, sessions).
    if !actor.can(Permission::SecurityAdmin) {
        actor.require(Permission::UserAdmin)?;
    }
    let mut out = Vec::new();
    for u in user::list(ctx.db.conn(), actor.zone(), q.q.as_deref()).await? {
        let v = user_view(ctx, u).await?;
        if q.role.as_deref().is_none_or(|r| r.is_empty() || v.roles.iter().any(|x| x == r)) {
            out.push(v);
        }
    }
    Ok(out)
}

/// A user as written. PATCH: absent fields are kept. PUT: display name, roles and scope are
/// required; `disabled` may be left out (kept). The login name cannot change, and a password
/// is set by its own route: both are refused on an update rather than silently ignored.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    #[schema(schema_with = input::schema::opt::username)]
    #[serde(default, deserialize_with = "input::opt::username")]
    pub username: Option<String>,
    #[schema(schema_with = input::schema::opt::person)]
    #[serde(default, deserialize_with = "input::opt::person")]
    pub display_name: Option<String>,
    #[schema(schema_with = input::schema::opt::password)]
    #[serde(default, deserialize_with = "input::opt::password")]
    pub password: Option<String>,
    #[schema(schema_with = input::schema::opt_list::code)]
    #[serde(default, deserialize_with = "input::opt_list::code")]
    pub roles: Option<Vec<String>>,
    pub scope: Option<Reach>,
    pub disabled: Option<bool>,
}

impl input::Replace for UserInput {
    const MAY_OMIT: &'static [&'static str] = &["username", "password", "disabled"];
}

async fn check_roles_scope(ctx: &Ctx, actor: &Actor, roles: &[String], scope: &Reach) -> AppResult<()> {
    let known = user::roles(ctx.db.conn(), actor.zone()).await?;
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "USER_ROLES_REQUIRED", "请至少选择一个角色"));
    }
    if let Some(bad) = roles.iter().find(|r| !known.iter().any(|k| &k.code == *r)) {
        return Err(AppError::invalid("roles", "USER_ROLE_UNKNOWN", format!("角色“{bad}”不存在")));
    }
    let db = ctx.db.conn();
    let zone = actor.zone();
    match scope {
        Reach::Parks { parks } => {
            if parks.is_empty() {
                return Err(AppError::invalid("scope", "SCOPE_PARKS_REQUIRED", "请至少选择一个园区"));
            }
            for p in parks {
                if reference::get_dict(db, zone, Dict::Park, *p).await?.is_none() {
                    return Err(AppError::invalid("scope", "SCOPE_PARK_UNKNOWN", "所选园区不存在"));
                }
            }
        }
        Reach::Department { department } => {
            if reference::get_dict(db, zone, Dict::Department, *department).await?.is_none() {
                return Err(AppError::invalid("scope", "SCOPE_DEPARTMENT_UNKNOWN", "所选部门不存在"));
            }
        }
        Reach::Enterprise { enterprise } => {
            let admin_scope = zoneops_db::Scope { zone, user: actor.user_id, reach: Reach::Zone };
            if !zoneops_db::enterprise::visible(db, &admin_scope, *enterprise).await? {
                return Err(AppError::invalid("scope", "SCOPE_ENTERPRISE_UNKNOWN", "所选企业不存在"));
            }
        }
        Reach::Zone | Reach::Own => {}
    }
    Ok(())
}

pub async fn create_user(ctx: &Ctx, actor: &Actor, input: UserInput) -> AppResult<UserView> {
    actor.require(Permission::UserAdmin)?;
    let username = input.username.as_deref().map(str::trim).unwrap_or("");
    if username.len() < 3
        || username.len() > 32
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
    {
        return Err(AppError::invalid(
            "username",
            "USER_NAME_INVALID",
            "用户名应为3–32位字母、数字、下划线、点或连字符",
        ));
    }
    let display = input.display_name.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(username);
    let password = input.password.as_deref().unwrap_or("");
    ctx.settings
        .password
        .check(password)
        .map_err(|e| AppError::invalid("password", "PASSWORD_POLICY", e.message_zh()))?;
    let roles = input.roles.clone().unwrap_or_default();
    let scope = input.scope.clone().unwrap_or(Reach::Own);
    check_roles_scope(ctx, actor, &roles, &scope).await?;
    let hash = hash_password(password).await?;
    let scope_json = serde_json::to_string(&scope).map_err(AppError::internal)?;
    let tx = ctx.db.begin_write().await?;
    if user::by_username(&*tx, username).await?.is_some() {
        return Err(AppError::Conflict {
            field: "username".into(),
            code: "USER_DUPLICATE",
            message: "用户名已存在".into(),
        });
    }
    let id = user::insert(
        &tx,
        &user::NewUser {
            zone: actor.zone(),
            username,
            display_name: display,
            password_hash: &hash,
            scope_json: &scope_json,
        },
    )
    .await?;
    user::set_user_roles(&tx, actor.zone(), id, &roles).await?;
    // Read back in the transaction: a new account has no lock, login or second factor yet.
    let row = user::by_id(&*tx, Some(actor.zone()), id).await?.ok_or(AppError::NotFound)?;
    let v = UserView { row, roles, scope, second_factor: false };
    actor.audit(&tx, "create", "user", id, None::<&()>, Some(&v)).await?;
    tx.commit().await?;
    Ok(v)
}

pub async fn update_user(ctx: &Ctx, actor: &Actor, id: i64, input: UserInput) -> AppResult<UserView> {
    actor.require(Permission::UserAdmin)?;
    let row = user::by_id(ctx.db.conn(), Some(actor.zone()), id).await?.ok_or(AppError::NotFound)?;
    let before = user_view(ctx, row).await?;
    if input.username.as_deref().is_some_and(|u| u != before.row.username) {
        return Err(AppError::invalid("username", "USERNAME_IMMUTABLE", "用户名创建后不能修改"));
    }
    if input.password.is_some() {
        return Err(AppError::invalid("password", "PASSWORD_SEPARATE", "修改密码请使用“重置密码”"));
    }
    let roles = input.roles.clone().unwrap_or_else(|| before.roles.clone());
    let scope = input.scope.clone().unwrap_or_else(|| before.scope.clone());
    check_roles_scope(ctx, actor, &roles, &scope).await?;
    let display = input.display_name.clone().unwrap_or_else(|| before.row.display_name.clone());
    if display.trim().is_empty() {
        return Err(AppError::invalid("display_name", "REQUIRED", "请填写姓名"));
    }
    let disabled = input.disabled.unwrap_or(before.row.disabled);
    if id == actor.user_id && disabled {
        return Err(AppError::invalid("disabled", "USER_SELF_DISABLE", "不能停用自己的账号"));
    }
    let tx = ctx.db.begin_write().await?;
    user::update_profile(
        &tx,
        id,
        display.trim(),
        &serde_json::to_string(&scope).map_err(AppError::internal)?,
        disabled,
    )
    .await?;
    user::set_user_roles(&tx, actor.zone(), id, &roles).await?;
    if disabled {
        zoneops_db::session::delete_for_user(&tx, id).await?;
    }
    let mut after = before.clone();
    after.row.display_name = display.trim().into();
    after.row.disabled = disabled;
    (after.roles, after.scope) = (roles, scope);
    actor.audit(&tx, "update", "user", id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(after)
}

pub async fn reset_password(ctx: &Ctx, actor: &Actor, id: i64, password: &str) -> AppResult<()> {
    actor.require(Permission::UserAdmin)?;
    user::by_id(ctx.db.conn(), Some(actor.zone()), id).await?.ok_or(AppError::NotFound)?;
    ctx.settings
        .password
        .check(password)
        .map_err(|e| AppError::invalid("password", "PASSWORD_POLICY", e.message_zh()))?;
    let hash = hash_password(password).await?;
    let tx = ctx.db.begin_write().await?;
    user::set_password(&tx, id, &hash).await?;
    zoneops_db::session::delete_for_user(&tx, id).await?;
    actor.audit(&tx, "reset_password", "user", id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(())
}

/// Lockouts are the security administrator's (separation of duties).
pub async fn unlock(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::SecurityAdmin)?;
    user::by_id(ctx.db.conn(), Some(actor.zone()), id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    user::set_login_state(&tx, id, 0, None, None).await?;
    actor.audit(&tx, "unlock", "user", id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(())
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RoleView {
    pub code: String,
    pub name: String,
    pub permissions: Vec<String>,
}

pub async fn roles(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<RoleView>> {
    if !actor.can(Permission::RoleAdmin) && !actor.can(Permission::UserAdmin) {
        return Err(AppError::Forbidden);
    }
    Ok(user::roles(ctx.db.conn(), actor.zone())
        .await?
        .into_iter()
        .map(|r| RoleView {
            permissions: serde_json::from_str(&r.permissions).unwrap_or_default(),
            code: r.code,
            name: r.name,
        })
        .collect())
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub name: Option<String>,
    #[schema(schema_with = input::schema::opt_list::code)]
    #[serde(default, deserialize_with = "input::opt_list::code")]
    pub permissions: Option<Vec<String>>,
}

/// PUT requires both; PATCH keeps what is absent.
impl input::Replace for RoleInput {}

pub async fn update_role(ctx: &Ctx, actor: &Actor, code: &str, input: RoleInput) -> AppResult<RoleView> {
    actor.require(Permission::RoleAdmin)?;
    let existing = roles(ctx, actor).await?;
    let before = existing.into_iter().find(|r| r.code == code).ok_or(AppError::NotFound)?;
    let perms = input.permissions.unwrap_or_else(|| before.permissions.clone());
    if let Some(bad) = perms.iter().find(|p| !is_known_permission(p)) {
        return Err(AppError::invalid("permissions", "PERMISSION_UNKNOWN", format!("权限“{bad}”不存在")));
    }
    if code == "admin" && !perms.iter().any(|p| p == Permission::RoleAdmin.code()) {
        return Err(AppError::invalid("permissions", "ADMIN_KEEPS_ROLE_ADMIN", "管理员角色必须保留角色管理权限"));
    }
    let name = input.name.unwrap_or_else(|| before.name.clone());
    let after = RoleView { code: code.into(), name: name.clone(), permissions: perms.clone() };
    let tx = ctx.db.begin_write().await?;
    user::upsert_role(&tx, actor.zone(), code, &name, &serde_json::to_string(&perms).map_err(AppError::internal)?)
        .await?;
    actor.audit(&tx, "update", "role", code, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    ctx.sessions.invalidate();
    Ok(after)
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn parse_day(s: Option<&str>, field: &str, end: bool) -> AppResult<Option<chrono::DateTime<chrono::Utc>>> {
    let Some(s) = s.filter(|s| !s.is_empty()) else { return Ok(None) };
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "DATE_INVALID", "日期格式应为YYYY-MM-DD"))?;
    let d = if end { d.succ_opt().unwrap_or(d) } else { d };
    Ok(d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()))
}

/// An audit entry as the API shows it: the row, its before/after snapshots as JSON, not text,
/// and the same in words (`audit_shown`): who, what, to what, and each changed field.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AuditView {
    #[serde(flatten)]
    pub row: AuditRow,
    /// The person's name (and account), or what the system was doing ("演示数据导入").
    pub actor_label: String,
    pub action_label: String,
    pub entity_label: String,
    /// The fields that changed, labelled, with codes and ids read as words and names.
    pub changes: Vec<crate::audit_shown::AuditChange>,
}

/// A page of rows with their reading in words (one name lookup per kind for the page).
async fn audit_views(ctx: &Ctx, actor: &Actor, page: Page<AuditRow>) -> AppResult<Page<AuditView>> {
    let shown = crate::audit_shown::read(ctx, actor.zone(), actor.lang, &page.items).await?;
    let Page { items, total, page, page_size } = page;
    let items = items
        .into_iter()
        .zip(shown)
        .map(|(row, s)| AuditView {
            row,
            actor_label: s.actor_label,
            action_label: s.action_label,
            entity_label: s.entity_label,
            changes: s.changes,
        })
        .collect();
    Ok(Page { items, total, page, page_size })
}

pub async fn audit(ctx: &Ctx, actor: &Actor, q: &AuditQuery) -> AppResult<Page<AuditView>> {
    actor.require(Permission::AuditRead)?;
    let f = AuditFilter {
        entity: q.entity.clone().filter(|s| !s.is_empty()),
        entity_id: q.entity_id.clone().filter(|s| !s.is_empty()),
        actor: q.actor.clone().filter(|s| !s.is_empty()),
        action: q.action.clone().filter(|s| !s.is_empty()),
        from: parse_day(q.from.as_deref(), "from", false)?,
        to: parse_day(q.to.as_deref(), "to", true)?,
    };
    let page = zoneops_db::audit::list(ctx.db.conn(), actor.zone(), &f, PageQuery::new(q.page, q.page_size)).await?;
    audit_views(ctx, actor, page).await
}

/// Who did it, for a reader without `audit:read`.
pub const ANONYMOUS_STAFF: &str = "园区工作人员";

/// The audit trail of one enterprise, for anyone who may read that enterprise. The full rows
/// (who, IP, request, before/after snapshots) are for auditors (`audit:read`) and for the staff
/// who maintain the record (`enterprise:write` within their scope); any other reader (the
/// enterprise's own account, a read-only department or cadre) sees what was done and when, with
/// "园区工作人员" for anyone but themselves and no IP, request id or snapshots (decision 0017).
pub async fn enterprise_audit(ctx: &Ctx, actor: &Actor, id: i64, page: PageQuery) -> AppResult<Page<AuditView>> {
    crate::enterprise::get(ctx, actor, id, None).await?;
    let f = AuditFilter { entity: Some("enterprise".into()), entity_id: Some(id.to_string()), ..Default::default() };
    let rows = zoneops_db::audit::list(ctx.db.conn(), actor.zone(), &f, page).await?;
    if actor.can(Permission::AuditRead) || actor.can(Permission::EnterpriseWrite) {
        return audit_views(ctx, actor, rows).await;
    }
    let rows = rows.map(|r| {
        let own = r.actor_id == Some(actor.user_id);
        AuditRow {
            actor_id: r.actor_id.filter(|_| own),
            actor: if own { r.actor } else { ANONYMOUS_STAFF.to_owned() },
            before: None,
            after: None,
            request_id: String::new(),
            ip: String::new(),
            ..r
        }
    });
    audit_views(ctx, actor, rows).await
}
