//! Projects: list and detail, stage dates, weekly progress, blocking problems.

use super::catalogue::{Routes, get, put};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use zoneops_app::project::{self, ProblemInput, ProgressInput, Project, ProjectInput, ProjectQuery, StageInput};
use zoneops_db::Page;

use super::items;
use super::{CreatedId, Items};
use crate::AppState;
use crate::error::ApiResult;
use crate::export::{Export, Listed, paged_list};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};
use zoneops_db::project::ProblemRow;
use zoneops_db::project::ProgressRow;

pub fn router() -> Routes {
    Routes::new()
        .route("/projects", get(list).post(create))
        .route("/projects/{id}", get(detail).put(update).delete(remove))
        .route("/projects/{id}/stages/{stage}", put(set_stage).patch(patch_stage))
        .route("/projects/{id}/progress", get(progress).post(add_progress))
        .route("/projects/{id}/problems", get(problems).post(add_problem))
        .route("/projects/{id}/problems/{pid}", put(set_problem))
}

type S = State<AppState>;
type U = CurrentUser;

/// The list, or with `?format=xlsx` the whole filtered list with every stage's dates.
async fn list(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<ProjectQuery>,
    export: Export,
) -> ApiResult<Listed<Page<Project>>> {
    paged_list!(s, a, q, export, crate::export::projects(), project::list)
}

async fn create(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<ProjectInput>,
) -> ApiResult<(StatusCode, Json<Project>)> {
    Ok((StatusCode::CREATED, Json(project::create(&s.ctx, &a, i).await?)))
}

async fn detail(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Project>> {
    Ok(Json(project::get(&s.ctx, &a, id).await?))
}

async fn update(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<ProjectInput>,
) -> ApiResult<Json<Project>> {
    Ok(Json(project::update(&s.ctx, &a, id, i).await?))
}

async fn remove(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    project::delete(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_stage(
    State(s): S,
    CurrentUser(a): U,
    ApiPath((id, stage)): ApiPath<(i64, String)>,
    ApiReplace(i): ApiReplace<StageInput>,
) -> ApiResult<Json<Project>> {
    Ok(Json(project::set_stage(&s.ctx, &a, id, &stage, i).await?))
}

/// PATCH: the dates sent change (`null` clears), the others keep their stored values.
async fn patch_stage(
    State(s): S,
    CurrentUser(a): U,
    ApiPath((id, stage)): ApiPath<(i64, String)>,
    ApiJson(i): ApiJson<project::StagePatch>,
) -> ApiResult<Json<Project>> {
    Ok(Json(project::patch_stage(&s.ctx, &a, id, &stage, i).await?))
}

async fn progress(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Items<ProgressRow>>> {
    Ok(items(project::progress(&s.ctx, &a, id).await?))
}

async fn add_progress(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<ProgressInput>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    Ok((StatusCode::CREATED, Json(CreatedId { id: project::add_progress(&s.ctx, &a, id, i).await? })))
}

async fn problems(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Items<ProblemRow>>> {
    Ok(items(project::problems(&s.ctx, &a, id).await?))
}

async fn add_problem(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<ProblemInput>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    Ok((StatusCode::CREATED, Json(CreatedId { id: project::add_problem(&s.ctx, &a, id, i).await? })))
}

async fn set_problem(
    State(s): S,
    CurrentUser(a): U,
    ApiPath((id, pid)): ApiPath<(i64, i64)>,
    ApiReplace(i): ApiReplace<project::ProblemStatus>,
) -> ApiResult<StatusCode> {
    project::set_problem(&s.ctx, &a, id, pid, i).await?;
    Ok(StatusCode::NO_CONTENT)
}
