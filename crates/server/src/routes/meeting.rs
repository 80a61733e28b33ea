//! Meetings: agenda drawn from the system, minutes, decisions as tracked actions.

use super::catalogue::{Routes, get, post, put};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use zoneops_app::meeting::{self, Action, ActionInput, ActionQuery, AgendaInput, Meeting, MeetingInput};

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};
use zoneops_app::meeting::AgendaItem;
use zoneops_db::meeting::MeetingRow;

pub fn router() -> Routes {
    Routes::new()
        .route("/meetings/meta", get(meta))
        .route("/meetings", get(list).post(create))
        .route("/meetings/{id}", get(detail).put(update).delete(remove))
        .route("/meetings/{id}/agenda", put(set_agenda))
        .route("/meetings/{id}/agenda/suggestions", get(suggest))
        .route("/meetings/{id}/agenda/draw", post(draw))
        .route("/meetings/{id}/actions", post(add_action))
        .route("/meetings/{id}/pdf", get(super::meeting_pdf::download))
        .route("/meeting-actions", get(actions))
        .route("/meeting-actions/{id}", put(set_action))
}

type S = State<AppState>;
type U = CurrentUser;

async fn meta(CurrentUser(a): U) -> Json<meeting::Meta> {
    Json(meeting::meta(a.lang))
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct ListQuery {
    kind: Option<String>,
}

async fn list(State(s): S, CurrentUser(a): U, ApiQuery(q): ApiQuery<ListQuery>) -> ApiResult<Json<Items<MeetingRow>>> {
    Ok(items(meeting::list(&s.ctx, &a, q.kind.as_deref()).await?))
}

async fn create(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<MeetingInput>,
) -> ApiResult<(StatusCode, Json<Meeting>)> {
    Ok((StatusCode::CREATED, Json(meeting::create(&s.ctx, &a, i).await?)))
}

async fn detail(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Meeting>> {
    Ok(Json(meeting::get(&s.ctx, &a, id).await?))
}

async fn update(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<MeetingInput>,
) -> ApiResult<Json<Meeting>> {
    Ok(Json(meeting::update(&s.ctx, &a, id, i).await?))
}

async fn remove(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    meeting::delete(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_agenda(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<AgendaInput>,
) -> ApiResult<Json<Meeting>> {
    Ok(Json(meeting::set_agenda(&s.ctx, &a, id, i).await?))
}

async fn suggest(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Items<AgendaItem>>> {
    Ok(items(meeting::suggest(&s.ctx, &a, id).await?))
}

async fn draw(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Meeting>> {
    Ok(Json(meeting::draw(&s.ctx, &a, id).await?))
}

async fn add_action(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<ActionInput>,
) -> ApiResult<(StatusCode, Json<Meeting>)> {
    Ok((StatusCode::CREATED, Json(meeting::add_action(&s.ctx, &a, id, i).await?)))
}

/// The actions, or with `?format=xlsx` the same as a workbook.
async fn actions(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<ActionQuery>,
    export: crate::export::Export,
) -> ApiResult<crate::export::Listed<Items<Action>>> {
    let list: Vec<Action> = meeting::actions(&s.ctx, &a, &q).await?;
    crate::export::items(&export, &a, s.ctx.clock.now(), crate::export::meeting_actions, list)
}

async fn set_action(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<meeting::ActionStatus>,
) -> ApiResult<Json<Action>> {
    Ok(Json(meeting::set_action(&s.ctx, &a, id, i).await?))
}
