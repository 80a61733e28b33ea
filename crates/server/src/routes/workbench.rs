//! The caller's own workbench lists (`/my/…`) and self-service (`/me/password`).

use super::catalogue::{Routes, get, post};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use zoneops_app::auth;
use zoneops_app::workbench::{self, MyLinked};

use super::second_factor::full;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{AnySession, ApiJson, CurrentUser};

pub fn router() -> Routes {
    Routes::new().route("/my/linked-enterprises", get(linked_enterprises)).route("/me/password", post(change_password))
}

async fn linked_enterprises(State(s): State<AppState>, CurrentUser(a): CurrentUser) -> ApiResult<Json<MyLinked>> {
    Ok(Json(workbench::my_linked(&s.ctx, &a).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    #[schema(schema_with = zoneops_app::input::schema::password)]
    #[serde(default, deserialize_with = "zoneops_app::input::password")]
    current_password: String,
    #[schema(schema_with = zoneops_app::input::schema::password)]
    #[serde(default, deserialize_with = "zoneops_app::input::password")]
    new_password: String,
}

/// 修改密码: this session stays, the user's others end.
async fn change_password(
    State(s): State<AppState>,
    AnySession(su): AnySession,
    ApiJson(b): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    auth::change_own_password(&s.ctx, &full(su)?, &b.current_password, &b.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}
