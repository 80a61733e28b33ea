//! Request-level protections: client addresses, CSRF checks on cookie writes,
//! and a per-address rate limit for the login route.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, Response, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use tower_http::csrf::{CsrfLayer, ProtectionError};
use zoneops_app::RequestMeta;

use crate::error::ApiError;

/// The client address and the request's id and language (named by [`crate::trace::requests`])
/// as the use cases see them, for audit rows and labels.
pub async fn request_meta(mut req: Request, next: Next) -> Response<Body> {
    let request_id = req.extensions().get::<crate::trace::RequestId>().map(|r| r.0.clone()).unwrap_or_default();
    let lang = req.extensions().get::<zoneops_domain::Lang>().copied().unwrap_or_default();
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let trust_proxy = req.extensions().get::<TrustProxy>().is_some();
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    let ip = if trust_proxy { forwarded.or(peer) } else { peer };
    let user_agent = req
        .headers()
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(200).collect())
        .unwrap_or_default();
    req.extensions_mut().insert(RequestMeta {
        request_id,
        ip: ip.map(|i| i.to_string()).unwrap_or_default(),
        user_agent,
        idempotency: None,
        lang,
    });
    next.run(req).await
}

/// Marker extension: the deployment sits behind a reverse proxy that sets `X-Forwarded-For`.
#[derive(Clone, Copy)]
pub struct TrustProxy;

/// Cross-site writes are refused (Sec-Fetch-Site / Origin against Host); non-browser clients
/// that send neither header pass, as they carry no ambient cookie risk.
pub fn csrf() -> CsrfLayer<impl Fn(ProtectionError) -> Response<Body> + Clone> {
    CsrfLayer::new().with_rejection_response(|_e: ProtectionError| {
        ApiError::new(StatusCode::FORBIDDEN, "CSRF_REJECTED", "跨站请求已被拒绝").into_response()
    })
}

/// Fixed-window counter per client address.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter { limit, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Counts one hit; `Err(seconds to wait)` when the address is over its limit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut hits = match self.hits.lock() {
            Ok(h) => h,
            Err(poisoned) => poisoned.into_inner(),
        };
        if hits.len() > 10_000 {
            let window = self.window;
            hits.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = hits.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.limit {
            Err(self.window.saturating_sub(now.duration_since(entry.0)).as_secs().max(1))
        } else {
            Ok(())
        }
    }
}

pub fn too_many(retry_after: u64) -> Response<Body> {
    let mut res =
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", format!("请求过于频繁，请{retry_after}秒后再试"))
            .into_response();
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        res.headers_mut().insert("retry-after", v);
    }
    res
}

/// Attaches the TrustProxy marker when configured.
pub async fn mark_trust_proxy(mut req: Request, next: Next) -> Response<Body> {
    req.extensions_mut().insert(TrustProxy);
    next.run(req).await
}
