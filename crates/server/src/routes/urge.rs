//! 催办 on tickets and projects.

use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use zoneops_app::urge::{self, UrgeInput, Urges};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, CurrentUser};

pub fn router() -> Routes {
    Routes::new()
        .route("/tickets/{id}/urges", get(of_ticket).post(urge_ticket))
        .route("/projects/{id}/urges", get(of_project).post(urge_project))
}

type S = State<AppState>;
type U = CurrentUser;

async fn of_ticket(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Urges>> {
    Ok(Json(urge::of_ticket(&s.ctx, &a, id).await?))
}

async fn urge_ticket(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<UrgeInput>,
) -> ApiResult<Json<Urges>> {
    Ok(Json(urge::urge_ticket(&s.ctx, &a, id, i).await?))
}

async fn of_project(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Urges>> {
    Ok(Json(urge::of_project(&s.ctx, &a, id).await?))
}

async fn urge_project(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<UrgeInput>,
) -> ApiResult<Json<Urges>> {
    Ok(Json(urge::urge_project(&s.ctx, &a, id, i).await?))
}
