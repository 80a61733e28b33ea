//! `/api/v1`: one module per resource, each with `pub fn router()`.

mod admin;
mod attachment;
mod auth;
pub mod catalogue;
mod cockpit;
mod enterprise;
mod invest;
mod meeting;
mod meeting_pdf;
mod notify;
mod project;
mod reference;
mod second_factor;
mod ticket;
mod visit;

use axum::Router;

use self::catalogue::{Routes, get};
use crate::{AppState, Config};

pub fn router(config: &Config) -> Router<AppState> {
    routes(config).into_router()
}

/// Every `"METHOD /path"` the API serves (paths under `/api/v1`), in registration order: the
/// route-by-route scope tests have one case per entry.
pub fn catalogue() -> Vec<String> {
    routes(&Config::default()).entries().to_vec()
}

fn routes(config: &Config) -> Routes {
    Routes::new()
        .route("/health", get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }))
        .merge(auth::router())
        .merge(reference::router())
        .merge(enterprise::router())
        .merge(cockpit::router())
        .merge(invest::router())
        .merge(project::router())
        .merge(ticket::router())
        .merge(attachment::router(config))
        .merge(visit::router())
        .merge(meeting::router())
        .merge(notify::router())
        .merge(admin::router())
        .merge(second_factor::router())
}

/// `{"items": [...], "total": n}` for lists that are not paginated.
pub fn items<T: serde::Serialize>(items: Vec<T>) -> axum::Json<serde_json::Value> {
    let total = items.len();
    axum::Json(serde_json::json!({ "items": items, "total": total }))
}
