//! Extractors: the logged-in caller, and JSON/query bodies whose errors name the field.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use zoneops_app::{Actor, RequestMeta};

use crate::AppState;
use crate::error::ApiError;

pub const SESSION_COOKIE: &str = "zoneops_session";

/// The session token from the cookie header, if any.
pub fn session_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

pub fn meta(parts: &Parts) -> RequestMeta {
    parts.extensions.get::<RequestMeta>().cloned().unwrap_or_default()
}

/// The authenticated caller; 401 when there is no live session.
pub struct CurrentUser(pub Actor);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(parts) else {
            return Err(ApiError::new(StatusCode::UNAUTHORIZED, "AUTH_REQUIRED", "请先登录"));
        };
        let actor = zoneops_app::auth::authenticate(&state.ctx, &token, &meta(parts)).await?;
        crate::trace::RequestSpan::record_user(parts, actor.user_id);
        Ok(CurrentUser(actor))
    }
}

/// Any live session, including a login still waiting for its second factor or enrolment:
/// only logout, the second step, enrolment and the session list take it.
pub struct AnySession(pub zoneops_app::auth::SessionUser);

impl FromRequestParts<AppState> for AnySession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(parts) else {
            return Err(ApiError::new(StatusCode::UNAUTHORIZED, "AUTH_REQUIRED", "请先登录"));
        };
        let session = zoneops_app::auth::session_user(&state.ctx, &token, &meta(parts)).await?;
        crate::trace::RequestSpan::record_user(parts, session.actor.user_id);
        Ok(AnySession(session))
    }
}

/// JSON body: malformed JSON → 400, a wrong type → 422 naming the field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "CONTENT_TYPE", "请求须为 application/json"));
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "BODY_TOO_LARGE", "请求内容过大")
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "BODY_UNREADABLE", "无法读取请求内容")
            }
        })?;
        // Every body the API takes is an object: `[]`, `null` or `1` is refused as a whole.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| *b != b'{') {
            let res = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes);
            return Err(match res {
                Ok(_) => ApiError::new(StatusCode::BAD_REQUEST, "BODY_NOT_OBJECT", "请求内容应为JSON对象"),
                Err(_) => ApiError::new(StatusCode::BAD_REQUEST, "MALFORMED_JSON", "请求不是有效的JSON"),
            });
        }
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Ok(v) => Ok(ApiJson(v)),
            Err(e) => Err(body_error(e)),
        }
    }
}

/// The body of a PUT: a JSON object that must name every field of the input (see
/// [`zoneops_app::input::Replace`]); a missing key is a 422 naming it, `null` is a value.
pub struct ApiReplace<T>(pub T);

impl<T, S> FromRequest<S> for ApiReplace<T>
where
    T: DeserializeOwned + zoneops_app::input::Replace,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ApiJson(body) = ApiJson::<serde_json::Map<String, serde_json::Value>>::from_request(req, state).await?;
        let missing =
            zoneops_app::input::field_names::<T>().iter().find(|f| !body.contains_key(**f) && !T::MAY_OMIT.contains(f));
        if let Some(field) = missing {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "FIELD_REQUIRED",
                format!("缺少必填字段“{field}”：修改须提交完整记录，只改部分字段请用 PATCH"),
            )
            .field(*field));
        }
        from_object(body).map(ApiReplace)
    }
}

/// A JSON object read as an input, with the same field-naming errors as a body.
pub fn from_object<T: DeserializeOwned>(body: serde_json::Map<String, serde_json::Value>) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(serde_json::Value::Object(body)).map_err(body_error)
}

/// `a.b` + `c` → `a.b.c`; the root path `.` adds nothing.
fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() || path == "." { key.to_owned() } else { format!("{path}.{key}") }
}

/// The key between the first pair of backticks of a serde message (`missing field `name``).
fn quoted_key(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// A body that parsed as JSON but does not fit the input: the answer names the field and says
/// what is wrong with it (missing, unknown, too long, wrong type).
fn body_error(e: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if inner.is_syntax() || inner.is_eof() {
        return ApiError::new(StatusCode::BAD_REQUEST, "MALFORMED_JSON", "请求不是有效的JSON");
    }
    let message = inner.to_string();
    // A field is named when there is one: never an empty `field`.
    let invalid = |code: &'static str, field: String, text: String| {
        let e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, text);
        if field.is_empty() { e } else { e.field(field) }
    };
    if let Some(rest) = message.strip_prefix("missing field ")
        && let Some(key) = quoted_key(rest)
    {
        let field = join_path(&path, key);
        return invalid("FIELD_REQUIRED", field.clone(), format!("缺少必填字段“{field}”"));
    }
    if let Some(rest) = message.strip_prefix("unknown field ")
        && let Some(key) = quoted_key(rest)
    {
        // serde_path_to_error may or may not have stepped into the unknown key already.
        let field = if path.ends_with(key) { path.clone() } else { join_path(&path, key) };
        return invalid("FIELD_UNKNOWN", field.clone(), format!("不认识的字段“{field}”，请检查拼写"));
    }
    let mut field = if path == "." { String::new() } else { path };
    if let Some(i) = zoneops_app::input::refused_index(&message) {
        field = format!("{field}[{i}]");
    }
    if let Some(refusal) = zoneops_app::input::text_refusal(&message) {
        let shown = if field.is_empty() { "内容".to_owned() } else { format!("字段“{field}”") };
        let params = match refusal {
            zoneops_app::input::TextError::TooLong { max } => serde_json::json!({ "max": max }),
            _ => serde_json::Value::Null,
        };
        let mut err = invalid(refusal.code(), field, refusal.message_zh(&shown));
        err.params = params;
        return err;
    }
    let text = if field.is_empty() {
        "请求内容的格式不正确".to_owned()
    } else {
        format!("字段“{field}”的类型或格式不正确")
    };
    invalid("FIELD_TYPE", field, text)
}

/// Query string: a wrong type → 422 naming the parameter; unknown parameters are ignored.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        // Empty values (`park=`) mean "no filter", as forms send them.
        let cleaned: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "QUERY_MALFORMED", "查询参数格式错误"))?
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let encoded = serde_urlencoded::to_string(&cleaned)
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "QUERY_MALFORMED", "查询参数格式错误"))?;
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
        serde_path_to_error::deserialize::<_, T>(de).map(ApiQuery).map_err(|e| {
            let field = e.path().to_string();
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "QUERY_PARAM_INVALID",
                format!("查询参数“{field}”的值不正确"),
            )
            .field(field)
        })
    }
}

/// Path parameters: an id that is not a number (or overflows) → 404 in JSON, like any id
/// that names no record.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(_) => Err(ApiError::not_found()),
        }
    }
}
