//! Visits (走访), their coverage report and the cadres' linkages (三重挂钩).

use super::catalogue::{Routes, delete, get};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use zoneops_app::visit::{
    self, Coverage, CoverageQuery, HintQuery, LinkageInput, VisitCreated, VisitInput, VisitQuery,
};
use zoneops_db::Page;
use zoneops_db::visit::VisitRow;

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use zoneops_db::visit::LinkageRow;

pub fn router() -> Routes {
    Routes::new()
        .route("/visits", get(list).post(create))
        .route("/visits/hint", get(hint))
        .route("/visits/coverage", get(coverage))
        .route("/linkages", get(linkages).post(add_linkage))
        .route("/linkages/{id}", delete(delete_linkage))
}

type S = State<AppState>;
type U = CurrentUser;

async fn list(State(s): S, CurrentUser(a): U, ApiQuery(q): ApiQuery<VisitQuery>) -> ApiResult<Json<Page<VisitRow>>> {
    Ok(Json(visit::list(&s.ctx, &a, &q).await?))
}

async fn create(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<VisitInput>,
) -> ApiResult<(StatusCode, Json<VisitCreated>)> {
    Ok((StatusCode::CREATED, Json(visit::create(&s.ctx, &a, i).await?)))
}

async fn hint(State(s): S, CurrentUser(a): U, ApiQuery(q): ApiQuery<HintQuery>) -> ApiResult<Json<Items<VisitRow>>> {
    Ok(items(visit::hint(&s.ctx, &a, &q).await?))
}

async fn coverage(State(s): S, CurrentUser(a): U, ApiQuery(q): ApiQuery<CoverageQuery>) -> ApiResult<Json<Coverage>> {
    Ok(Json(visit::coverage(&s.ctx, &a, &q).await?))
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct LinkageQuery {
    user: Option<i64>,
    /// One enterprise's linked cadres.
    enterprise: Option<i64>,
}

async fn linkages(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<LinkageQuery>,
) -> ApiResult<Json<Items<LinkageRow>>> {
    Ok(items(visit::linkages(&s.ctx, &a, q.user, q.enterprise).await?))
}

async fn add_linkage(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<LinkageInput>,
) -> ApiResult<(StatusCode, Json<Items<LinkageRow>>)> {
    Ok((StatusCode::CREATED, items(visit::add_linkage(&s.ctx, &a, i).await?)))
}

async fn delete_linkage(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    visit::delete_linkage(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
