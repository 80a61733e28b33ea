//! One error type for the API: every failure becomes `{"error": {code, message, field, params}}`
//! with the right status. An unexpected failure keeps its cause for the request's log line
//! (written once, by [`crate::trace`]); the caller sees a request id instead.

use std::sync::Arc;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use zoneops_app::AppError;

/// The message of every 500: the details are in the log, under the request id the answer carries.
pub const INTERNAL_MESSAGE: &str = "系统内部错误，请稍后重试或联系管理员";

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub params: Value,
    /// Why an internal failure happened; never sent, logged by the request's span.
    pub cause: Option<Cause>,
}

/// The cause of a 5xx, carried from the handler to the layer that logs it as a response extension.
#[derive(Clone, Debug)]
pub struct Cause(pub Arc<dyn std::error::Error + Send + Sync>);

impl std::fmt::Display for Cause {
    /// The error and its causes, outermost first (`a: b: c`); a cause whose text the error
    /// already quotes (thiserror's `"database error: {0}"`) is not repeated.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = self.0.to_string();
        let mut next = self.0.source();
        while let Some(e) = next {
            let cause = e.to_string();
            if !text.contains(&cause) {
                text = format!("{text}: {cause}");
            }
            next = e.source();
        }
        f.write_str(&text)
    }
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), field: None, params: Value::Null, cause: None }
    }
    pub fn field(mut self, f: impl Into<String>) -> ApiError {
        self.field = Some(f.into());
        self
    }
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", "记录不存在或无权查看")
    }
    /// A 500 whose cause goes to the log.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ApiError {
        let mut e = ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", INTERNAL_MESSAGE);
        e.cause = Some(Cause(Arc::from(cause.into())));
        e
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let with =
            |status, code, message, field, params| ApiError { status, code, message, field, params, cause: None };
        match e {
            AppError::Invalid { field, code, message, params } => {
                with(StatusCode::UNPROCESSABLE_ENTITY, code, message, Some(field), params)
            }
            AppError::BadRequest(m) => ApiError::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", m),
            AppError::Unauthenticated { code, message, params } => {
                with(StatusCode::UNAUTHORIZED, code, message, None, params)
            }
            AppError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "FORBIDDEN", "没有执行此操作的权限"),
            AppError::NotFound => ApiError::not_found(),
            AppError::Conflict { field, code, message } => {
                with(StatusCode::CONFLICT, code, message, (!field.is_empty()).then_some(field), Value::Null)
            }
            AppError::Locked { until } => with(
                StatusCode::LOCKED,
                "AUTH_LOCKED",
                format!("账号已锁定，请于 {} 后重试", zoneops_domain::zone_time::hhmm(until)),
                None,
                json!({ "until": until }),
            ),
            AppError::Internal(cause) => ApiError::internal(cause),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message, "field": self.field, "params": self.params } });
        let mut res = (self.status, Json(body)).into_response();
        if let Some(cause) = self.cause {
            res.extensions_mut().insert(cause);
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Answers of layers and extractors that write their own body (405 from the router, a multipart
/// rejection, a body or time limit) get the documented JSON shape on every `/api/` path, so a
/// client can always read `error.code` and `error.message`.
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("ROUTE_NOT_FOUND", "接口不存在"),
        StatusCode::METHOD_NOT_ALLOWED => ("METHOD_NOT_ALLOWED", "此接口不支持该请求方法"),
        StatusCode::PAYLOAD_TOO_LARGE => ("BODY_TOO_LARGE", "请求内容过大"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("CONTENT_TYPE", "请求内容的类型不受支持"),
        StatusCode::REQUEST_TIMEOUT => ("REQUEST_TIMEOUT", "请求超时，请稍后重试"),
        StatusCode::UNAUTHORIZED => ("AUTH_REQUIRED", "请先登录"),
        StatusCode::FORBIDDEN => ("FORBIDDEN", "没有执行此操作的权限"),
        StatusCode::TOO_MANY_REQUESTS => ("RATE_LIMITED", "请求过于频繁，请稍后重试"),
        s if s.is_server_error() => ("INTERNAL", INTERNAL_MESSAGE),
        _ => ("BAD_REQUEST", "请求格式有误"),
    };
    let mut out = ApiError::new(status, code, message).into_response();
    // A cause recorded on the replaced answer still reaches the log.
    if let Some(cause) = res.extensions().get::<Cause>() {
        out.extensions_mut().insert(cause.clone());
    }
    // Headers that tell the client what to do next survive the rewrite.
    for name in [axum::http::header::ALLOW, axum::http::header::RETRY_AFTER] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}
