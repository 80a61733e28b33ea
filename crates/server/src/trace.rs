//! One span per request and the answer's last touches. Every log line written while a request is
//! handled carries `request{id method route user}`; the id goes back in `X-Request-Id` on every
//! answer and inside the body of every 5xx, so a person reporting a failure can quote it and the
//! administrator finds the one log line that names its cause. That line is written here, once:
//! handlers and conversions return the cause in the answer ([`Cause`]) instead of logging it.
//!
//! Error bodies are also put into the caller's language here ([`crate::i18n`]), whatever layer
//! wrote them (a use case, an extractor, the router's 405, the CSRF guard, a time-out).

use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;
use tracing::Instrument;
use zoneops_domain::Lang;

use crate::error::Cause;

pub const REQUEST_ID: &str = "x-request-id";

/// Error bodies longer than this are passed on untouched (ours are a few hundred bytes).
const MAX_ERROR_BODY: usize = 64 * 1024;

static REQUEST_SEQ: AtomicU64 = AtomicU64::new(0);

/// The request's id, for the audit row and the answer.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The request's span, so that an extractor can record the user once the session is resolved.
#[derive(Clone, Debug)]
pub struct RequestSpan(pub tracing::Span);

impl RequestSpan {
    pub fn record_user(parts: &axum::http::request::Parts, user_id: i64) {
        if let Some(s) = parts.extensions.get::<RequestSpan>() {
            s.0.record("user", user_id);
        }
    }
}

/// The client's `X-Request-Id` when it is sane (1–64 letters, digits, `-`, `_`, `.`), so a
/// gateway's id joins the two logs; anything else is replaced by ours.
fn incoming_id(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(REQUEST_ID)?.to_str().ok()?;
    let sane = !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    sane.then(|| v.to_owned())
}

/// Process id and a counter: unique within a deployment's log, short enough to read aloud.
fn new_id() -> String {
    let n = REQUEST_SEQ.fetch_add(1, Ordering::Relaxed);
    format!("{:x}-{n:x}", std::process::id())
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// The outermost layer inside compression: names the request, runs it inside its span, logs a
/// failed answer once, and finishes error bodies (language, request id).
pub async fn requests(mut req: Request, next: Next) -> Response {
    let id = incoming_id(req.headers()).unwrap_or_else(new_id);
    let lang = lang_of(req.headers());
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        route = %route.as_deref().unwrap_or("-"),
        user = tracing::field::Empty,
    );
    req.extensions_mut().insert(RequestId(id.clone()));
    req.extensions_mut().insert(RequestSpan(span.clone()));
    req.extensions_mut().insert(lang);
    async move {
        let res = next.run(req).await;
        let status = res.status();
        if status.is_server_error() {
            match res.extensions().get::<Cause>() {
                Some(cause) => tracing::error!(status = status.as_u16(), %cause, "request failed"),
                None => tracing::error!(status = status.as_u16(), "request failed"),
            }
        }
        let mut res = finish_error_body(res, &id, lang).await;
        if let Ok(v) = HeaderValue::from_str(&id) {
            res.headers_mut().insert(REQUEST_ID, v);
        }
        res
    }
    .instrument(span)
    .await
}

/// An error answer's JSON in the caller's language, with the request id inside a 5xx's `error`.
async fn finish_error_body(res: Response, id: &str, lang: Lang) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let encoded = res.headers().contains_key(header::CONTENT_ENCODING);
    if !(status.is_client_error() || status.is_server_error()) || !is_json || encoded {
        return res;
    }
    if lang == Lang::ZhCn && status.is_client_error() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(b) => b,
        // Too long to be ours or cut off: the status and headers still say what happened.
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    let mut doc: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    let Some(error) = doc.get_mut("error").and_then(Value::as_object_mut) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if lang != Lang::ZhCn
        && let Some(Value::String(message)) = error.get_mut("message")
    {
        *message = crate::i18n::translate(message, lang);
    }
    if status.is_server_error() {
        error.insert("request_id".into(), Value::String(id.to_owned()));
    }
    let out = serde_json::to_vec(&doc).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    if lang != Lang::ZhCn {
        parts.headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.tag()));
    }
    Response::from_parts(parts, Body::from(out))
}
