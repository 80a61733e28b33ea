//! `/api/v1`: one module per resource, each with `pub fn router()`.

mod admin;
mod attachment;
mod auth;
mod bulletin;
pub mod catalogue;
mod cockpit;
mod demo;
mod enterprise;
mod import;
mod indicator_grid;
mod invest;
mod meeting;
mod meeting_pdf;
mod notify;
mod preferences;
mod project;
mod reference;
mod search;
mod second_factor;
mod ticket;
mod urge;
mod visit;
mod workbench;

use axum::Router;

use self::catalogue::{Routes, get};
use crate::{AppState, Config};

pub fn router(config: &Config) -> Router<AppState> {
    routes(config).into_router()
}

/// Every `"METHOD /path"` the API serves (paths under `/api/v1`), in registration order: the
/// route-by-route scope tests have one case per entry.
pub fn catalogue() -> Vec<String> {
    routes(&Config::default()).entries()
}

/// The routes with what documents them, for the OpenAPI document.
pub fn documented() -> Vec<crate::openapi::Entry> {
    routes(&Config::default()).into_documented()
}

/// The OpenAPI document of everything served under `/api/v1`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    crate::openapi::document(&documented())
}

fn routes(config: &Config) -> Routes {
    Routes::new()
        .route("/health", get(health))
        .route("/openapi.json", get(crate::openapi::openapi_json))
        .merge(auth::router())
        .merge(reference::router())
        .merge(enterprise::router())
        .merge(indicator_grid::router())
        .merge(cockpit::router())
        .merge(invest::router())
        .merge(project::router())
        .merge(ticket::router())
        .merge(attachment::router(config))
        .merge(visit::router())
        .merge(meeting::router())
        .merge(bulletin::router())
        .merge(notify::router())
        .merge(admin::router())
        .merge(second_factor::router())
        .merge(workbench::router())
        .merge(search::router())
        .merge(urge::router())
        .merge(preferences::router())
        .merge(demo::router())
        .merge(import::router())
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    status: &'static str,
}

async fn health() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// What a creation that answers only the new row's id answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CreatedId {
    pub id: i64,
}

/// A PATCH body: the keys to change, each as the PUT takes it; absent keys keep their values.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct Changes(pub serde_json::Map<String, serde_json::Value>);

/// A list that is not paginated: `{"items": [...], "total": n}`.
#[derive(serde::Serialize)]
pub struct Items<T> {
    pub items: Vec<T>,
    pub total: usize,
}

/// By hand for the reason `zoneops_db::Page`'s schema is: the item type must be registered.
impl<T: utoipa::ToSchema> utoipa::PartialSchema for Items<T> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
        ObjectBuilder::new()
            .property("items", ArrayBuilder::new().items(zoneops_db::item_schema::<T>(None)))
            .property("total", ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)))
            .required("items")
            .required("total")
            .into()
    }
}

impl<T: utoipa::ToSchema> utoipa::ToSchema for Items<T> {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        zoneops_db::item_schema::<T>(Some(schemas));
    }
}

/// `{"items": [...], "total": n}` for lists that are not paginated.
pub fn items<T: serde::Serialize>(items: Vec<T>) -> axum::Json<Items<T>> {
    let total = items.len();
    axum::Json(Items { items, total })
}
