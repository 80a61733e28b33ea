use super::catalogue::{Routes, get, post, put};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use zoneops_app::admin::{self, AuditQuery, RoleInput, RoleView, UserInput, UserQuery, UserView};
use zoneops_db::Page;
use zoneops_domain::Permission;

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};

pub fn router() -> Routes {
    Routes::new()
        .route("/users", get(users).post(create_user))
        .route("/users/{id}", put(update_user).patch(patch_user))
        .route("/users/{id}/password", post(reset_password))
        .route("/users/{id}/unlock", post(unlock))
        .route("/roles", get(roles))
        .route("/roles/{code}", put(update_role).patch(patch_role))
        .route("/permissions", get(permissions))
        .route("/audit", get(audit))
}

async fn users(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Json<Items<UserView>>> {
    Ok(items(admin::users(&s.ctx, &a, &q).await?))
}

async fn create_user(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiJson(b): ApiJson<UserInput>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    Ok((StatusCode::CREATED, Json(admin::create_user(&s.ctx, &a, b).await?)))
}

async fn update_user(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(b): ApiReplace<UserInput>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(admin::update_user(&s.ctx, &a, id, b).await?))
}

/// PATCH: only the fields present change (display name, roles, scope, disabled).
async fn patch_user(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<UserInput>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(admin::update_user(&s.ctx, &a, id, b).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PasswordBody {
    #[schema(schema_with = zoneops_app::input::schema::password)]
    #[serde(default, deserialize_with = "zoneops_app::input::password")]
    password: String,
}

async fn reset_password(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<PasswordBody>,
) -> ApiResult<StatusCode> {
    admin::reset_password(&s.ctx, &a, id, &b.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unlock(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    admin::unlock(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn roles(State(s): State<AppState>, CurrentUser(a): CurrentUser) -> ApiResult<Json<Items<RoleView>>> {
    Ok(items(admin::roles(&s.ctx, &a).await?))
}

async fn update_role(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiReplace(b): ApiReplace<RoleInput>,
) -> ApiResult<Json<RoleView>> {
    Ok(Json(admin::update_role(&s.ctx, &a, &code, b).await?))
}

async fn patch_role(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(b): ApiJson<RoleInput>,
) -> ApiResult<Json<RoleView>> {
    Ok(Json(admin::update_role(&s.ctx, &a, &code, b).await?))
}

/// A permission a role can grant, with its labels.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct PermissionView {
    code: &'static str,
    label: &'static str,
    label_en: &'static str,
}

async fn permissions(_: CurrentUser) -> Json<Items<PermissionView>> {
    items(
        Permission::ALL
            .iter()
            .map(|p| PermissionView { code: p.code(), label: p.label_zh(), label_en: p.label_en() })
            .collect(),
    )
}

async fn audit(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
    export: crate::export::Export,
) -> ApiResult<crate::export::Listed<Page<admin::AuditView>>> {
    // A file is read in Chinese whatever the screen's language (decision 0041).
    let a = if export.wanted() { zoneops_app::Actor { lang: zoneops_domain::Lang::ZhCn, ..a } } else { a };
    crate::export::paged_list!(s, a, q, export, crate::export::audit(), admin::audit)
}
