//! The HTTP face of ZoneOps: axum routes under `/api/v1`, the embedded console, and the
//! start-up shared by `zoneops serve` and the API tests.

pub mod assets;
pub mod config;
pub mod error;
pub mod export;
pub mod extract;
pub mod i18n;
pub mod idempotency;
pub mod memory;
pub mod openapi;
pub mod routes;
pub mod security;
pub mod trace;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use zoneops_app::Ctx;

pub use config::Config;

#[derive(Clone)]
pub struct AppState {
    pub ctx: Arc<Ctx>,
    pub login_limiter: Arc<security::RateLimiter>,
    pub hotline_limiter: Arc<security::RateLimiter>,
    pub config: Arc<Config>,
    /// Requests in flight per `Idempotency-Key`.
    pub idempotency: Arc<idempotency::InFlight>,
    /// What the demo robot posted to this server (`serve --demo`).
    pub demo_inbox: Arc<zoneops_app::demo::RobotInbox>,
}

/// The whole application: API, console, middleware.
pub fn router(state: AppState) -> Router {
    let api = routes::router(&state.config).with_state(state.clone());
    let mut app = Router::new()
        .nest("/api/v1", api)
        .merge(api_docs())
        .fallback(assets::serve)
        .layer(axum::middleware::from_fn_with_state(state.clone(), idempotency::layer))
        .layer(axum::middleware::from_fn(finish_writes))
        .layer(axum::middleware::from_fn(security::request_meta))
        .layer(axum::middleware::from_fn(memory::count_requests));
    if state.config.trust_proxy {
        app = app.layer(axum::middleware::from_fn(security::mark_trust_proxy));
    }
    // Outermost last: compression wraps the finished answer, so the request's span and the
    // error bodies (language, request id) are handled on plain JSON.
    app.layer(security::csrf())
        .layer(DefaultBodyLimit::max(state.config.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(axum::middleware::from_fn(error::json_errors))
        .layer(axum::middleware::from_fn(trace::requests))
        .layer(CompressionLayer::new())
}

/// The browsable API document at `/api/docs`: Swagger UI shipped inside the binary (no CDN),
/// reading `/api/v1/openapi.json`.
fn api_docs() -> Router {
    let ui =
        utoipa_swagger_ui::SwaggerUi::new("/api/docs").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json"));
    Router::from(ui)
}

/// A request that may write runs to its end in its own task, even when the client goes away or
/// the request times out: dropped halfway, its transaction was cut between two statements, and on
/// PostgreSQL the connection went back to the pool still inside it (seen as "there is already a
/// transaction in progress" when load runs ended), for the next request's commit to take along.
async fn finish_writes(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    if req.method().is_safe() {
        return next.run(req).await;
    }
    match tokio::spawn(next.run(req)).await {
        Ok(res) => res,
        // A panic or cancellation: logged with the request's span by `trace::requests`.
        Err(e) => error::ApiError::internal(format!("a write request's task failed: {e}")).into_response(),
    }
}

/// Delivers robot messages every few seconds, announces escalations every five minutes and sends
/// the daily digest; failures are logged and retried, never fatal.
fn spawn_notifier(ctx: Arc<Ctx>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        let mut n: u64 = 0;
        loop {
            tick.tick().await;
            if let Err(e) = zoneops_app::notify::deliver_due(&ctx).await {
                tracing::warn!(error = %e, "robot delivery round failed");
            }
            if n.is_multiple_of(60)
                && let Err(e) = zoneops_app::notify::scan_escalations(&ctx).await
            {
                tracing::warn!(error = %e, "escalation scan failed");
            }
            if n.is_multiple_of(12)
                && let Err(e) = zoneops_app::notify::daily_digest(&ctx).await
            {
                tracing::warn!(error = %e, "daily digest failed");
            }
            n += 1;
        }
    });
}

/// Opens (and migrates) the database named by the configuration.
pub async fn open_db(config: &Config) -> anyhow::Result<zoneops_db::Db> {
    let db = match &config.database_url {
        Some(url) => zoneops_db::Db::connect(url, config.max_connections).await?,
        None => zoneops_db::Db::open_data_dir(&config.data_dir, config.max_connections).await?,
    };
    db.migrate().await?;
    db.set_audit_hash(config.settings.audit_hash);
    Ok(db)
}

pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    pub task: tokio::task::JoinHandle<()>,
}

/// Binds, then serves in the background; the address is known before the first request.
pub async fn start(config: Config, ctx: Ctx) -> anyhow::Result<Running> {
    let listener = TcpListener::bind(&config.listen).await?;
    let addr = listener.local_addr()?;
    let state = AppState {
        login_limiter: Arc::new(security::RateLimiter::new(config.login_rate_per_minute, Duration::from_secs(60))),
        hotline_limiter: Arc::new(security::RateLimiter::new(config.hotline_rate_per_hour, Duration::from_secs(3600))),
        ctx: Arc::new(ctx),
        config: Arc::new(config),
        idempotency: Default::default(),
        demo_inbox: Default::default(),
    };
    let app = router(state.clone());
    // Tickets without SLA columns (only after the upgrade that added them) get them in the
    // background, so the first answer does not wait for a scan of every ticket.
    let db = state.ctx.db.clone();
    tokio::spawn(async move {
        match zoneops_app::ticket_sla::backfill(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(tickets = n, "SLA columns computed"),
            Err(e) => tracing::warn!(error = %e, "SLA columns backfill failed"),
        }
        if let Err(e) = db.analyze(true).await {
            tracing::warn!(error = %e, "planner statistics not computed");
        }
    });
    let housekeeping = state.ctx.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        // Not at start (the start-up task computes missing statistics): the first night's round.
        let mut last_analyze = Some(housekeeping.today());
        loop {
            tick.tick().await;
            if let Err(e) = zoneops_app::auth::purge_expired(&housekeeping).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
            // The statistics once a day, at the first round after 03:00 zone time.
            let now_local = zoneops_domain::zone_time::local(housekeeping.clock.now());
            let day = now_local.date();
            if chrono::Timelike::hour(&now_local) >= 3 && last_analyze != Some(day) {
                last_analyze = Some(day);
                if let Err(e) = housekeeping.db.analyze(false).await {
                    tracing::warn!(error = %e, "planner statistics not refreshed");
                }
            }
        }
    });
    if state.config.notifier {
        spawn_notifier(state.ctx.clone());
    }
    let task = tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Running { addr, state, task })
}
