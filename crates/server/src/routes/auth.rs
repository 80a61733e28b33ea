use super::catalogue::{Routes, get, post};
use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use zoneops_app::auth;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AnySession, ApiJson, CurrentUser, SESSION_COOKIE, meta, session_token};
use crate::security::too_many;

pub fn router() -> Routes {
    Routes::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/demo-accounts", get(demo_accounts))
        .route("/me", get(me))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    #[schema(schema_with = zoneops_app::input::schema::username)]
    #[serde(default, deserialize_with = "zoneops_app::input::username")]
    username: String,
    #[schema(schema_with = zoneops_app::input::schema::password)]
    #[serde(default, deserialize_with = "zoneops_app::input::password")]
    password: String,
}

pub(super) fn cookie(state: &AppState, token: &str, max_age: u64) -> HeaderValue {
    let secure = if state.config.secure_cookie { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

async fn login(State(state): State<AppState>, parts: Parts, ApiJson(body): ApiJson<LoginBody>) -> Response {
    let m = meta(&parts);
    if let Err(wait) = state.login_limiter.check(&m.ip) {
        return too_many(wait);
    }
    match auth::login(&state.ctx, &body.username, &body.password, &m).await {
        Ok(done) if done.pending.is_some() => {
            // Password right, the login waits for a second factor or its enrolment: the cookie
            // names a pending session that opens nothing else (docs/api.md, "Second factor").
            let mut headers = HeaderMap::new();
            headers.insert(SET_COOKIE, cookie(&state, &done.token, state.ctx.settings.session_absolute_secs));
            let body = if done.pending == Some(zoneops_app::second_factor::PENDING_ENROL) {
                json!({ "second_factor_required": true, "enrolment_required": true })
            } else {
                json!({ "second_factor_required": true, "enrolment_required": false })
            };
            (headers, Json(body)).into_response()
        }
        Ok(done) => {
            let me = match auth::me(&state.ctx, &done.actor).await {
                Ok(me) => me,
                Err(e) => return ApiError::from(e).into_response(),
            };
            let mut headers = HeaderMap::new();
            headers.insert(SET_COOKIE, cookie(&state, &done.token, state.ctx.settings.session_absolute_secs));
            (headers, Json(me)).into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

async fn logout(State(state): State<AppState>, parts: Parts, AnySession(su): AnySession) -> ApiResult<Response> {
    if let Some(token) = session_token(&parts) {
        auth::logout(&state.ctx, &token, &su.actor).await?;
    }
    let mut headers = HeaderMap::new();
    headers.insert(SET_COOKIE, cookie(&state, "", 0));
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

async fn me(State(state): State<AppState>, CurrentUser(actor): CurrentUser) -> ApiResult<Json<auth::Me>> {
    Ok(Json(auth::me(&state.ctx, &actor).await?))
}

/// The login page lists the demo accounts only on a demo installation.
async fn demo_accounts(State(state): State<AppState>) -> Json<serde_json::Value> {
    if !state.ctx.demo {
        return Json(json!({ "demo": false, "accounts": [] }));
    }
    let accounts: Vec<_> = zoneops_db::demo::DEMO_ACCOUNTS
        .iter()
        .map(|(u, d, r, _)| json!({ "username": u, "role": r, "description": d }))
        .collect();
    Json(json!({ "demo": true, "accounts": accounts, "password": zoneops_app::demo::DEMO_PASSWORD }))
}
