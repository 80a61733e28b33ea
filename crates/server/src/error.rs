//! One error type for the API: every failure becomes `{"error": {code, message, field, params}}`
//! with the right status. Unexpected failures are logged with the request id, never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use zoneops_app::AppError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub params: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), field: None, params: Value::Null }
    }
    pub fn field(mut self, f: impl Into<String>) -> ApiError {
        self.field = Some(f.into());
        self
    }
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", "记录不存在或无权查看")
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid { field, code, message, params } => {
                ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code, message, field: Some(field), params }
            }
            AppError::BadRequest(m) => ApiError::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", m),
            AppError::Unauthenticated { code, message, params } => {
                ApiError { status: StatusCode::UNAUTHORIZED, code, message, field: None, params }
            }
            AppError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "FORBIDDEN", "没有执行此操作的权限"),
            AppError::NotFound => ApiError::not_found(),
            AppError::Conflict { field, code, message } => ApiError {
                status: StatusCode::CONFLICT,
                code,
                message,
                field: (!field.is_empty()).then_some(field),
                params: Value::Null,
            },
            AppError::Locked { until } => ApiError {
                status: StatusCode::LOCKED,
                code: "AUTH_LOCKED",
                message: format!("账号已锁定，请于 {} 后重试", beijing_hhmm(until)),
                field: None,
                params: json!({ "until": until }),
            },
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "系统内部错误，请稍后重试或联系管理员")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message, "field": self.field, "params": self.params } });
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The zone's wall clock (China Standard Time, UTC+8) for messages people read.
fn beijing_hhmm(t: chrono::DateTime<chrono::Utc>) -> String {
    chrono::FixedOffset::east_opt(8 * 3600)
        .map(|tz| t.with_timezone(&tz).format("%H:%M").to_string())
        .unwrap_or_default()
}

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
        s if s.is_server_error() => ("INTERNAL", "系统内部错误，请稍后重试或联系管理员"),
        _ => ("BAD_REQUEST", "请求格式有误"),
    };
    let mut out = ApiError::new(status, code, message).into_response();
    // Headers that tell the client what to do next survive the rewrite.
    for name in [axum::http::header::ALLOW, axum::http::header::RETRY_AFTER] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}
