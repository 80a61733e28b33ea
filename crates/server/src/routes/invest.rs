//! Investment attraction: leads, activities, targets, weekly plans, the leaderboard.

use super::catalogue::{Routes, get, post, put};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use zoneops_app::invest::{
    self, Activity, ActivityInput, ActivityQuery, Lead, LeadInput, LeadQuery, Leaderboard, LeaderboardQuery, Meta,
    MoveInput, PlanInput, PlanQuery, Stats, Target, TargetInput, TargetQuery, WeeklyPlan,
};
use zoneops_app::project::{self, Project, ProjectInput};
use zoneops_db::Page;

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::export::{Export, Listed, paged_list};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};
use zoneops_app::invest::Person;
use zoneops_db::lead::MoveRow;

pub fn router() -> Routes {
    Routes::new()
        .route("/invest/meta", get(meta))
        .route("/invest/people", get(people))
        .route("/leads", get(list_leads).post(create_lead))
        .route("/leads/pipeline", get(pipeline))
        .route("/leads/{id}", get(get_lead).put(update_lead).delete(delete_lead))
        .route("/leads/{id}/move", post(move_lead))
        .route("/leads/{id}/history", get(lead_history))
        .route("/leads/{id}/project", post(project_from_lead))
        .route("/activities", get(list_activities).post(create_activity))
        .route("/activities/stats", get(activity_stats))
        .route("/activities/{id}", get(get_activity).put(update_activity).delete(delete_activity))
        .route("/invest/targets", get(list_targets).post(create_target))
        .route("/invest/targets/{id}", put(update_target).delete(delete_target))
        .route("/weekly-plans", get(list_plans))
        .route("/weekly-plans/{week}", put(save_plan))
        .route("/invest/leaderboard", get(leaderboard))
}

type S = State<AppState>;
type U = CurrentUser;

async fn meta(State(s): S, CurrentUser(a): U) -> ApiResult<Json<Meta>> {
    Ok(Json(invest::meta(&s.ctx, &a)?))
}

async fn people(State(s): S, CurrentUser(a): U) -> ApiResult<Json<Items<Person>>> {
    Ok(items(invest::people(&s.ctx, &a).await?))
}

/// The list, or with `?format=xlsx` the whole filtered list, masked as the list masks it.
async fn list_leads(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<LeadQuery>,
    export: Export,
) -> ApiResult<Listed<Page<Lead>>> {
    paged_list!(s, a, q, export, crate::export::leads(), invest::list_leads)
}

/// The leads as a board: one column per stage.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Pipeline {
    columns: Vec<invest::PipelineColumn>,
}

async fn pipeline(State(s): S, CurrentUser(a): U, ApiQuery(q): ApiQuery<LeadQuery>) -> ApiResult<Json<Pipeline>> {
    Ok(Json(Pipeline { columns: invest::pipeline(&s.ctx, &a, &q).await? }))
}

async fn create_lead(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<LeadInput>,
) -> ApiResult<(StatusCode, Json<Lead>)> {
    Ok((StatusCode::CREATED, Json(invest::create_lead(&s.ctx, &a, i).await?)))
}

async fn get_lead(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Lead>> {
    Ok(Json(invest::get_lead(&s.ctx, &a, id).await?))
}

async fn update_lead(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<LeadInput>,
) -> ApiResult<Json<Lead>> {
    Ok(Json(invest::update_lead(&s.ctx, &a, id, i).await?))
}

async fn delete_lead(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    invest::delete_lead(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn move_lead(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<MoveInput>,
) -> ApiResult<Json<Lead>> {
    Ok(Json(invest::move_lead(&s.ctx, &a, id, i).await?))
}

async fn lead_history(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Items<MoveRow>>> {
    Ok(items(invest::lead_history(&s.ctx, &a, id).await?))
}

async fn project_from_lead(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<ProjectInput>,
) -> ApiResult<(StatusCode, Json<Project>)> {
    Ok((StatusCode::CREATED, Json(project::create_from_lead(&s.ctx, &a, id, i).await?)))
}

async fn list_activities(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<ActivityQuery>,
    export: Export,
) -> ApiResult<Listed<Page<Activity>>> {
    paged_list!(s, a, q, export, crate::export::activities(), invest::list_activities)
}

async fn activity_stats(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> ApiResult<Json<Stats>> {
    Ok(Json(invest::activity_stats(&s.ctx, &a, &q).await?))
}

async fn create_activity(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<ActivityInput>,
) -> ApiResult<(StatusCode, Json<Activity>)> {
    Ok((StatusCode::CREATED, Json(invest::create_activity(&s.ctx, &a, i).await?)))
}

async fn get_activity(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Activity>> {
    Ok(Json(invest::get_activity(&s.ctx, &a, id).await?))
}

async fn update_activity(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<ActivityInput>,
) -> ApiResult<Json<Activity>> {
    Ok(Json(invest::update_activity(&s.ctx, &a, id, i).await?))
}

async fn delete_activity(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    invest::delete_activity(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_targets(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<TargetQuery>,
    export: Export,
) -> ApiResult<Listed<Items<Target>>> {
    let list: Vec<Target> = invest::list_targets(&s.ctx, &a, &q).await?;
    crate::export::items(&export, &a, s.ctx.clock.now(), crate::export::targets, list)
}

async fn create_target(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<TargetInput>,
) -> ApiResult<(StatusCode, Json<Target>)> {
    Ok((StatusCode::CREATED, Json(invest::create_target(&s.ctx, &a, i).await?)))
}

async fn update_target(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<TargetInput>,
) -> ApiResult<Json<Target>> {
    Ok(Json(invest::update_target(&s.ctx, &a, id, i).await?))
}

async fn delete_target(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    invest::delete_target(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_plans(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> ApiResult<Json<Items<WeeklyPlan>>> {
    let list: Vec<WeeklyPlan> = invest::list_plans(&s.ctx, &a, &q).await?;
    Ok(items(list))
}

async fn save_plan(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(week): ApiPath<String>,
    ApiReplace(i): ApiReplace<PlanInput>,
) -> ApiResult<Json<WeeklyPlan>> {
    Ok(Json(invest::save_plan(&s.ctx, &a, &week, i).await?))
}

async fn leaderboard(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<LeaderboardQuery>,
    export: Export,
) -> ApiResult<Listed<Leaderboard>> {
    let board = invest::leaderboard(&s.ctx, &a, &q).await?;
    if !export.wanted() {
        return Ok(Listed::Json(board));
    }
    let sheet = crate::export::rows(crate::export::leaderboard(&board), &a, s.ctx.clock.now(), &board.rows)?;
    Ok(Listed::Sheet(sheet))
}
