use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use zoneops_app::cockpit::{self, Charts, Cockpit, CockpitQuery, InvestCharts};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiQuery, CurrentUser};

pub fn router() -> Routes {
    Routes::new()
        .route("/cockpit", get(figures))
        .route("/cockpit/charts", get(charts))
        .route("/cockpit/invest", get(invest_charts))
}

async fn figures(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<CockpitQuery>,
) -> ApiResult<Json<Cockpit>> {
    Ok(Json(cockpit::figures(&s.ctx, &a, &q).await?))
}

async fn charts(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<CockpitQuery>,
) -> ApiResult<Json<Charts>> {
    Ok(Json(cockpit::charts(&s.ctx, &a, &q).await?))
}

async fn invest_charts(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<CockpitQuery>,
) -> ApiResult<Json<InvestCharts>> {
    Ok(Json(cockpit::invest_charts(&s.ctx, &a, &q).await?))
}
