use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use zoneops_app::enterprise::{self, EnterpriseInput, EnterpriseView, IndicatorItem, IndicatorQuery, ListQuery};
use zoneops_app::{admin, goal};
use zoneops_db::{Page, PageQuery};

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::export::{Export, Listed, paged_list};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};
use zoneops_app::enterprise::TierEvent;
use zoneops_app::enterprise::TierYear;
use zoneops_app::enterprise::YearFigures;
use zoneops_app::goal::GoalView;

pub fn router() -> Routes {
    Routes::new()
        .route("/enterprises", get(list).post(create))
        .route("/enterprises/{id}", get(detail).put(update).patch(patch).delete(remove))
        .route("/enterprises/{id}/indicators", get(indicators).put(put_indicators))
        .route("/enterprises/{id}/tiers", get(tiers))
        .route("/enterprises/{id}/years", get(years))
        .route("/enterprises/{id}/audit", get(audit))
        .route("/enterprises/{id}/dossier", get(dossier))
        .route("/tier-events", get(tier_events))
        .route("/goals", get(goals).post(create_goal))
        .route("/goals/{id}", super::catalogue::put(update_goal).delete(delete_goal))
}

/// The list, or with `?format=xlsx` the whole filtered list as a workbook.
async fn list(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<ListQuery>,
    export: Export,
) -> ApiResult<Listed<Page<EnterpriseView>>> {
    let year = match (export.wanted(), q.year) {
        (false, _) => 0,
        (true, Some(y)) => y,
        (true, None) => enterprise::default_year(&s.ctx, &a).await?,
    };
    paged_list!(s, a, q, export, crate::export::enterprises(year), enterprise::list)
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct YearQuery {
    year: Option<i32>,
}

async fn detail(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<EnterpriseView>> {
    Ok(Json(enterprise::get(&s.ctx, &a, id, q.year).await?))
}

/// 一企一档: the enterprise with its 诉求, projects, visits, linked cadres and leads, each
/// section present when the caller may read that kind.
async fn dossier(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<enterprise::Dossier>> {
    Ok(Json(enterprise::dossier(&s.ctx, &a, id).await?))
}

async fn create(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiJson(input): ApiJson<EnterpriseInput>,
) -> ApiResult<(StatusCode, Json<EnterpriseView>)> {
    Ok((StatusCode::CREATED, Json(enterprise::create(&s.ctx, &a, input).await?)))
}

async fn update(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(input): ApiReplace<EnterpriseInput>,
) -> ApiResult<Json<EnterpriseView>> {
    Ok(Json(enterprise::update(&s.ctx, &a, id, input).await?))
}

/// PATCH: the keys present change, the others keep their stored values (entrepreneurs, when
/// present, is the whole new list).
async fn patch(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(super::Changes(changes)): ApiJson<super::Changes>,
) -> ApiResult<Json<EnterpriseView>> {
    let current = enterprise::get(&s.ctx, &a, id, None).await?;
    let mut base = enterprise::input_of(&current);
    // A stored code kept with a warning stays accepted; a new code is checked afresh.
    if changes.contains_key("credit_code") {
        base.confirm_check_character = false;
    }
    let serde_json::Value::Object(mut body) =
        serde_json::to_value(&base).map_err(|e| crate::error::ApiError::from(zoneops_app::AppError::internal(e)))?
    else {
        return Err(zoneops_app::AppError::internal("input is not an object").into());
    };
    body.extend(changes);
    let input: EnterpriseInput = crate::extract::from_object(body)?;
    Ok(Json(enterprise::update(&s.ctx, &a, id, input).await?))
}

async fn remove(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    enterprise::delete(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The figures, or with `?format=xlsx` the same figures as a workbook titled with the enterprise.
async fn indicators(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<IndicatorQuery>,
    export: Export,
) -> ApiResult<Listed<Items<IndicatorItem>>> {
    let list = enterprise::indicators(&s.ctx, &a, id, &q).await?;
    // Read only for a workbook's title (the figures above already checked the caller may see it).
    let name = if export.wanted() { enterprise::get(&s.ctx, &a, id, None).await?.row.name } else { String::new() };
    crate::export::items(&export, &a, s.ctx.clock.now(), || crate::export::indicators(&name), list)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct IndicatorBody {
    items: Vec<IndicatorItem>,
}

/// The figures a `PUT …/indicators` stored, as stored.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct IndicatorsSaved {
    updated: usize,
    items: Vec<IndicatorItem>,
}

async fn put_indicators(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<IndicatorBody>,
) -> ApiResult<Json<IndicatorsSaved>> {
    let items = enterprise::put_indicators(&s.ctx, &a, id, body.items).await?;
    Ok(Json(IndicatorsSaved { updated: items.len(), items }))
}

async fn tiers(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Items<TierYear>>> {
    Ok(items(enterprise::tiers(&s.ctx, &a, id).await?))
}

async fn years(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Items<YearFigures>>> {
    Ok(items(enterprise::years(&s.ctx, &a, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct PageParams {
    page: Option<u64>,
    page_size: Option<u64>,
}

async fn audit(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<admin::AuditView>>> {
    Ok(Json(admin::enterprise_audit(&s.ctx, &a, id, PageQuery::new(q.page, q.page_size)).await?))
}

/// The year's tier changes, or with `?format=xlsx` the same as a workbook.
async fn tier_events(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<YearQuery>,
    export: Export,
) -> ApiResult<Listed<Items<TierEvent>>> {
    let year = match q.year {
        Some(y) => y,
        None => enterprise::default_year(&s.ctx, &a).await?,
    };
    let list = enterprise::tier_events(&s.ctx, &a, year).await?;
    crate::export::items(&export, &a, s.ctx.clock.now(), || crate::export::tier_events(year), list)
}

async fn goals(State(s): State<AppState>, CurrentUser(a): CurrentUser) -> ApiResult<Json<Items<GoalView>>> {
    Ok(items(goal::list(&s.ctx, &a).await?))
}

/// The goal as the list shows it (the list computes its progress).
async fn goal_view(s: &AppState, a: &zoneops_app::Actor, id: i64) -> ApiResult<GoalView> {
    let found = goal::list(&s.ctx, a).await?.into_iter().find(|g| g.id == id);
    Ok(found.ok_or(zoneops_app::AppError::NotFound)?)
}

async fn create_goal(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiJson(input): ApiJson<goal::GoalInput>,
) -> ApiResult<(StatusCode, Json<GoalView>)> {
    let id = goal::create(&s.ctx, &a, input).await?;
    Ok((StatusCode::CREATED, Json(goal_view(&s, &a, id).await?)))
}

async fn update_goal(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(input): ApiReplace<goal::GoalInput>,
) -> ApiResult<Json<GoalView>> {
    goal::update(&s.ctx, &a, id, input).await?;
    Ok(Json(goal_view(&s, &a, id).await?))
}

async fn delete_goal(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    goal::delete(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
