//! `Idempotency-Key` on writing POSTs (decision 0019): the same key and body within 24 hours
//! answers the first answer (same status, same body) without a second write; the same key with
//! another body is 422 `IDEMPOTENCY_KEY_REUSED`. Keys belong to the signed-in user, or to the
//! client address on the anonymous hotline.
//!
//! The middleware hashes the request and passes a claim to the use case; the key row is written
//! in the write's own transaction with its audit row (`zoneops_app::idempotency`), and the answer
//! is added here when the request ends. Requests with the same key are served one at a time in
//! this process; between processes (several servers on one PostgreSQL) the unique index makes the
//! later write fail and roll back, and its caller gets the first answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use zoneops_app::RequestMeta;
use zoneops_app::idempotency::{self, Claim};

use crate::AppState;
use crate::error::ApiError;

pub const HEADER: &str = "idempotency-key";
/// Answers larger than this are not kept (creates answer a record of a few kilobytes).
const MAX_STORED_ANSWER: usize = 1 << 20;

/// Requests in flight per (owner, key) in this process: a second one waits for the first.
#[derive(Default)]
pub struct InFlight {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl InFlight {
    fn lock_for(&self, id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(id.to_owned()).or_default().clone()
    }

    /// Forgets the lock once no request holds or waits for it.
    fn release(&self, id: &str, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut map = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        // The map's reference and ours: nobody else is waiting.
        if Arc::strong_count(&lock) <= 2 {
            map.remove(id);
        }
    }
}

fn reused() -> Response {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "IDEMPOTENCY_KEY_REUSED",
        "该幂等键（Idempotency-Key）已用于内容不同的请求；新的提交请使用新的键",
    )
    .field("Idempotency-Key")
    .into_response()
}

fn in_progress() -> Response {
    ApiError::new(
        StatusCode::CONFLICT,
        "IDEMPOTENCY_KEY_IN_PROGRESS",
        "相同的请求正在处理或已处理，请稍后刷新查看结果，勿重复提交",
    )
    .into_response()
}

fn replay(status: i32, body: String) -> Response {
    let status = u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    res
}

/// The key as sent, when it is one: 1–255 visible ASCII characters.
fn parse_key(v: &HeaderValue) -> Option<String> {
    let k = v.to_str().ok()?.trim();
    (!k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic())).then(|| k.to_owned())
}

fn is_json_or_empty(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("application/json"))
}

/// Whose key it is: the session's user, else the client address.
async fn owner(state: &AppState, parts: &axum::http::request::Parts, meta: &RequestMeta) -> String {
    if let Some(token) = crate::extract::session_token(parts)
        && let Ok(actor) = zoneops_app::auth::authenticate(&state.ctx, &token, meta).await
    {
        return format!("user:{}", actor.user_id);
    }
    format!("addr:{}", meta.ip)
}

/// What is stored under the key now: `Ok(Some(answer))` to replay, `Ok(None)` when the key is
/// free, `Err(answer)` for a key of another request or one still without its answer.
async fn stored(state: &AppState, c: &Claim, wait: bool) -> Result<Option<Response>, Response> {
    // A row without its answer belongs to a request finishing in another process (or to one
    // that committed and then lost its process): wait a little for the answer.
    for _ in 0..if wait { 50 } else { 1 } {
        let row = match idempotency::lookup(&state.ctx, &c.owner, &c.key).await {
            Ok(r) => r,
            Err(e) => return Err(ApiError::from(e).into_response()),
        };
        let Some(row) = row else { return Ok(None) };
        if row.request_hash != c.request_hash {
            return Err(reused());
        }
        if let (Some(status), Some(body)) = (row.status, row.response) {
            return Ok(Some(replay(status, body)));
        }
        if wait {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Err(in_progress())
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let applies = req.method() == Method::POST && path.starts_with("/api/v1/") && !path.starts_with("/api/v1/auth/");
    let key = match req.headers().get(HEADER) {
        Some(v) if applies => v,
        _ => return next.run(req).await,
    };
    let Some(key) = parse_key(key) else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "IDEMPOTENCY_KEY_INVALID",
            "Idempotency-Key 应为1至255个可见ASCII字符",
        )
        .field("Idempotency-Key")
        .into_response();
    };
    // Uploads (multipart) are not covered: their bodies are not buffered here.
    if !is_json_or_empty(&req) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, state.config.body_limit_bytes).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "BODY_TOO_LARGE", "请求内容过大").into_response();
        }
    };
    let mut meta = parts.extensions.get::<RequestMeta>().cloned().unwrap_or_default();
    let claim = Claim {
        owner: owner(&state, &parts, &meta).await,
        key,
        request_hash: idempotency::request_hash(&parts.uri.to_string(), &bytes),
        // The request id may come from the client (`X-Request-Id`): a random suffix keeps two
        // requests that share one from taking each other's key row for their own.
        request_id: format!("{}-{:016x}", meta.request_id, rand::random::<u64>()),
    };
    let lock_id = format!("{}\n{}", claim.owner, claim.key);
    let lock = state.idempotency.lock_for(&lock_id);
    let res = {
        let _turn = lock.lock().await;
        match stored(&state, &claim, true).await {
            Ok(Some(answer)) => answer,
            Err(answer) => answer,
            Ok(None) => {
                let claim = Arc::new(claim);
                meta.idempotency = Some(claim.clone());
                parts.extensions.insert(meta);
                let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
                keep_answer(&state, &claim, res).await
            }
        }
    };
    state.idempotency.release(&lock_id, lock);
    res
}

/// Stores the answer under the key when this request wrote it. A write that found the key taken
/// by another request (another process) rolled back: its caller gets that request's answer.
async fn keep_answer(state: &AppState, claim: &Claim, res: Response) -> Response {
    let (parts, body) = res.into_parts();
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let (body, bytes) = if is_json {
        match axum::body::to_bytes(body, MAX_STORED_ANSWER).await {
            Ok(b) => (None, b),
            Err(e) => {
                return ApiError::internal(format!("answer not readable for the idempotency store: {e}"))
                    .into_response();
            }
        }
    } else {
        // Not an answer to keep (an empty 204, a file): the status only.
        (Some(body), Bytes::new())
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    match idempotency::finish(&state.ctx, claim, parts.status.as_u16(), &text).await {
        Ok(true) => {}
        Ok(false) if !parts.status.is_success() => {
            // Nothing of ours was written; was the key taken meanwhile by another process?
            if let Ok(Some(answer)) | Err(answer) = stored(state, claim, true).await {
                return answer;
            }
        }
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "idempotency answer not stored"),
    }
    Response::from_parts(parts, body.unwrap_or_else(|| Body::from(bytes)))
}
