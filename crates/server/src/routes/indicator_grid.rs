//! Month grids (issue #16 part 4, decision 0039): every metric of one enterprise for a month,
//! and one metric of a park's enterprises for a month, read with the month before and the same
//! month last year and saved as a batch of changed cells (`null` removes a figure).

use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use zoneops_app::enterprise::{
    self, GridSaved, MonthGrid, MonthGridInput, MonthGridSaved, MonthQuery, ParkGrid, ParkGridInput, ParkGridQuery,
};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};

pub fn router() -> Routes {
    Routes::new()
        .route("/enterprises/{id}/indicator-grid", get(month_grid).put(save_month_grid))
        .route("/indicator-grid", get(park_grid).put(save_park_grid))
}

/// One enterprise's month: each metric with its unit, the stored value, the month before and
/// the same month last year (`?month=YYYY-MM`).
async fn month_grid(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> ApiResult<Json<MonthGrid>> {
    Ok(Json(enterprise::month_grid(&s.ctx, &a, id, &q).await?))
}

/// Saves the changed cells of one enterprise's month (`value: null` removes the figure); the
/// yearly figures follow in the same transaction. Answers the grid as stored.
async fn save_month_grid(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MonthGridInput>,
) -> ApiResult<Json<MonthGridSaved>> {
    Ok(Json(enterprise::save_month_grid(&s.ctx, &a, id, input).await?))
}

/// One metric and month of the enterprises of a park (the caller's own for a park user), 规上
/// first, a page of up to 1000 rows in one query.
async fn park_grid(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<ParkGridQuery>,
) -> ApiResult<Json<ParkGrid>> {
    Ok(Json(enterprise::park_grid(&s.ctx, &a, &q).await?))
}

/// Saves a batch of one metric and month, all or nothing: a refused batch is a 422 naming the
/// first bad row and its enterprise, every bad row in `params.errors`.
async fn save_park_grid(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiJson(input): ApiJson<ParkGridInput>,
) -> ApiResult<Json<GridSaved>> {
    Ok(Json(enterprise::save_park_grid(&s.ctx, &a, input).await?))
}
