use super::catalogue::{Routes, get, post};
use axum::Json;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use zoneops_app::auth;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AnySession, ApiJson, CurrentUser, SESSION_COOKIE, meta, session_token};
use crate::openapi::WithCookie;
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

/// What a right password answers: the caller (the login is done), or that a second factor, or
/// its enrolment, must follow.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
enum LoginAnswer {
    // Boxed: `Me` is far larger than the pending answer.
    Done(Box<auth::Me>),
    Pending(SecondFactorPending),
}

/// The login waits for a second factor: the cookie names a pending session that opens nothing
/// else (docs/api.md, "Second factor").
#[derive(Serialize, utoipa::ToSchema)]
struct SecondFactorPending {
    /// always true
    second_factor_required: bool,
    /// The account has no second factor yet and must enrol one before the login completes.
    enrolment_required: bool,
}

async fn login(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<WithCookie<Json<LoginAnswer>>, Response> {
    let m = meta(&parts);
    if let Err(wait) = state.login_limiter.check(&m.ip) {
        return Err(too_many(wait));
    }
    let done = auth::login(&state.ctx, &body.username, &body.password, &m).await.map_err(api_error)?;
    let cookie = Some(cookie(&state, &done.token, state.ctx.settings.session_absolute_secs));
    let answer = if let Some(pending) = done.pending {
        LoginAnswer::Pending(SecondFactorPending {
            second_factor_required: true,
            enrolment_required: pending == zoneops_app::second_factor::PENDING_ENROL,
        })
    } else {
        LoginAnswer::Done(Box::new(auth::me(&state.ctx, &done.actor).await.map_err(api_error)?))
    };
    Ok(WithCookie { cookie, answer: Json(answer) })
}

pub(super) fn api_error(e: zoneops_app::AppError) -> Response {
    ApiError::from(e).into_response()
}

async fn logout(
    State(state): State<AppState>,
    parts: Parts,
    AnySession(su): AnySession,
) -> ApiResult<WithCookie<StatusCode>> {
    if let Some(token) = session_token(&parts) {
        auth::logout(&state.ctx, &token, &su.actor).await?;
    }
    Ok(WithCookie { cookie: Some(cookie(&state, "", 0)), answer: StatusCode::NO_CONTENT })
}

async fn me(State(state): State<AppState>, CurrentUser(actor): CurrentUser) -> ApiResult<Json<auth::Me>> {
    Ok(Json(auth::me(&state.ctx, &actor).await?))
}

/// The demo accounts the login page lists (none on a real installation).
#[derive(Serialize, utoipa::ToSchema)]
struct DemoAccounts {
    demo: bool,
    accounts: Vec<DemoAccount>,
    /// The accounts' shared password, on a demo installation only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    password: Option<&'static str>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct DemoAccount {
    username: &'static str,
    role: &'static str,
    description: &'static str,
}

/// The login page lists the demo accounts only on a demo installation.
async fn demo_accounts(State(state): State<AppState>) -> Json<DemoAccounts> {
    if !state.ctx.demo {
        return Json(DemoAccounts { demo: false, accounts: Vec::new(), password: None });
    }
    let accounts = zoneops_db::demo::DEMO_ACCOUNTS
        .iter()
        .map(|&(username, description, role, _)| DemoAccount { username, role, description })
        .collect();
    Json(DemoAccounts { demo: true, accounts, password: Some(zoneops_app::demo::DEMO_PASSWORD) })
}
