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
use crate::export::{Export, Listed, paged_list};
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

/// The list, or with `?format=xlsx` the whole filtered list.
async fn list(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<VisitQuery>,
    export: Export,
) -> ApiResult<Listed<Page<VisitRow>>> {
    paged_list!(s, a, q, export, crate::export::visits(), visit::list)
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

/// The quarter's coverage, or with `?format=xlsx` its enterprises not visited as a workbook.
async fn coverage(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<CoverageQuery>,
    export: Export,
) -> ApiResult<Listed<Coverage>> {
    let c = visit::coverage(&s.ctx, &a, &q).await?;
    if !export.wanted() {
        return Ok(Listed::Json(c));
    }
    // The rows carry the park's id; the sheet names it, as the page does.
    let parks = zoneops_app::reference::list(&s.ctx, &a, zoneops_db::reference::Dict::Park).await?;
    let park = |id: i64| parks.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_default();
    let rows: Vec<_> = c.not_visited.iter().map(|r| (r.clone(), park(r.park_id))).collect();
    let sheet = crate::export::rows(crate::export::coverage(&c), &a, s.ctx.clock.now(), &rows)?;
    Ok(Listed::Sheet(sheet))
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
