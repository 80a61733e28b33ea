//! The second factor and sessions: the login's second step, enrolment with a QR code, the
//! caller's sessions, and the security administrator's reset and forced logout.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use zoneops_app::{auth, second_factor, sessions};

use super::Items;
use super::auth::{api_error, cookie};
use super::catalogue::{Routes, delete, get, post};
use super::items;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AnySession, ApiJson, ApiPath, CurrentUser, meta, session_token};
use crate::openapi::WithCookie;
use crate::security::too_many;
use zoneops_app::sessions::SessionView;

pub fn router() -> Routes {
    Routes::new()
        .route("/auth/login/second-factor", post(second_step))
        .route("/me/second-factor", get(status).post(begin))
        .route("/me/second-factor/confirm", post(confirm))
        .route("/me/sessions", get(my_sessions))
        .route("/me/sessions/{id}", delete(end_my_session))
        .route("/users/{id}/second-factor/reset", post(reset))
        .route("/users/{id}/sessions", get(user_sessions).delete(end_all_sessions))
        .route("/users/{id}/sessions/{sid}", delete(end_user_session))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct CodeBody {
    #[serde(default)]
    code: String,
}

fn code_required() -> ApiError {
    ApiError::from(zoneops_app::AppError::invalid("code", "SECOND_FACTOR_CODE_REQUIRED", "请输入验证码"))
}

async fn second_step(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<WithCookie<Json<auth::Me>>, Response> {
    let m = meta(&parts);
    if let Err(wait) = state.login_limiter.check(&m.ip) {
        return Err(too_many(wait));
    }
    let Some(token) = session_token(&parts) else {
        return Err(api_error(second_factor::pending_expired()));
    };
    if body.code.trim().is_empty() || body.code.len() > 64 {
        return Err(code_required().into_response());
    }
    let done = second_factor::complete_login(&state.ctx, &token, &body.code, &m).await.map_err(api_error)?;
    let me = auth::me(&state.ctx, &done.actor).await.map_err(api_error)?;
    let cookie = Some(cookie(&state, &done.token, state.ctx.settings.session_absolute_secs));
    Ok(WithCookie { cookie, answer: Json(me) })
}

fn pending_error() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_PENDING", "请先完成双因素验证")
}

/// The enrolment routes take a full session, or one whose login waits for this enrolment; a
/// login waiting for its code gets nothing here.
fn enrolling(su: auth::SessionUser) -> ApiResult<auth::SessionUser> {
    if su.pending.as_deref() == Some(second_factor::PENDING_CODE) {
        return Err(pending_error());
    }
    Ok(su)
}

async fn status(State(s): State<AppState>, AnySession(su): AnySession) -> ApiResult<Json<second_factor::Status>> {
    Ok(Json(second_factor::status(&s.ctx, &enrolling(su)?).await?))
}

/// The QR code as an SVG document (dark modules on white, with the quiet zone scanners need).
fn qr_svg(uri: &str) -> Result<String, ApiError> {
    let code = qrcode::QrCode::with_error_correction_level(uri.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| ApiError::from(zoneops_app::AppError::internal(e)))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// A second factor to enrol: the secret, as text and as a QR code for an authenticator app.
#[derive(Serialize, utoipa::ToSchema)]
struct EnrolmentView {
    /// Base32, for typing into an app that cannot scan.
    secret: String,
    /// `otpauth://totp/ZoneOps:<user>?secret=…&issuer=ZoneOps` (the QR code's content).
    otpauth_uri: String,
    /// The `otpauth_uri` as a QR code, an SVG document.
    qr_svg: String,
}

async fn begin(State(s): State<AppState>, AnySession(su): AnySession) -> ApiResult<(StatusCode, Json<EnrolmentView>)> {
    let e = second_factor::begin(&s.ctx, &enrolling(su)?).await?;
    let qr_svg = qr_svg(&e.otpauth_uri)?;
    Ok((StatusCode::CREATED, Json(EnrolmentView { secret: e.secret, otpauth_uri: e.otpauth_uri, qr_svg })))
}

/// Confirms the enrolment; a login that waited for it is completed with a new session cookie.
async fn confirm(
    State(s): State<AppState>,
    parts: Parts,
    AnySession(su): AnySession,
    ApiJson(body): ApiJson<CodeBody>,
) -> ApiResult<WithCookie<Json<second_factor::Confirmed>>> {
    if body.code.trim().is_empty() || body.code.len() > 64 {
        return Err(code_required());
    }
    let done = second_factor::confirm(&s.ctx, &enrolling(su)?, &body.code, &meta(&parts)).await?;
    let cookie = done.new_token.as_ref().map(|token| cookie(&s, token, s.ctx.settings.session_absolute_secs));
    Ok(WithCookie { cookie, answer: Json(done) })
}

/// Full sessions only: a pending login must not list or end sessions.
pub(crate) fn full(su: auth::SessionUser) -> ApiResult<auth::SessionUser> {
    if su.pending.is_some() {
        return Err(pending_error());
    }
    Ok(su)
}

async fn my_sessions(State(s): State<AppState>, AnySession(su): AnySession) -> ApiResult<Json<Items<SessionView>>> {
    Ok(items(sessions::mine(&s.ctx, &full(su)?).await?))
}

async fn end_my_session(
    State(s): State<AppState>,
    AnySession(su): AnySession,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    sessions::end_mine(&s.ctx, &full(su)?, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reset(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    second_factor::reset(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn user_sessions(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Items<SessionView>>> {
    Ok(items(sessions::of_user(&s.ctx, &a, id).await?))
}

async fn end_all_sessions(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    sessions::end_all_of_user(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn end_user_session(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath((id, sid)): ApiPath<(i64, String)>,
) -> ApiResult<StatusCode> {
    sessions::end_of_user(&s.ctx, &a, id, &sid).await?;
    Ok(StatusCode::NO_CONTENT)
}
