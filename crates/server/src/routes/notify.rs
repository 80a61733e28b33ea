//! The in-app inbox, the group robots and their delivery log.

use super::catalogue::{Routes, get, post, put};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use zoneops_app::notify::{self, RobotInput};
use zoneops_db::notify::RobotRow;

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};
use zoneops_db::notify::NotificationRow;
use zoneops_db::notify::OutboxRow;

pub fn router() -> Routes {
    Routes::new()
        .route("/notifications", get(inbox))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
        .route("/robots", get(robots).post(create_robot))
        .route("/robots/{id}", put(update_robot).delete(delete_robot))
        .route("/robots/{id}/test", post(test_robot))
        .route("/outbox", get(outbox))
}

type S = State<AppState>;
type U = CurrentUser;

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct InboxQuery {
    unread: Option<bool>,
}

async fn inbox(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> ApiResult<Json<Items<NotificationRow>>> {
    Ok(items(notify::inbox(&s.ctx, &a, q.unread.unwrap_or(false)).await?))
}

/// How many notifications a "read" marked (those already read are not counted).
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Marked {
    marked: u64,
}

async fn read_all(State(s): S, CurrentUser(a): U) -> ApiResult<Json<Marked>> {
    Ok(Json(Marked { marked: notify::mark_read(&s.ctx, &a, None).await? }))
}

async fn read_one(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Marked>> {
    Ok(Json(Marked { marked: notify::mark_read(&s.ctx, &a, Some(id)).await? }))
}

async fn robots(State(s): S, CurrentUser(a): U) -> ApiResult<Json<Items<RobotRow>>> {
    Ok(items(notify::list_robots(&s.ctx, &a).await?))
}

async fn create_robot(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<RobotInput>,
) -> ApiResult<(StatusCode, Json<RobotRow>)> {
    Ok((StatusCode::CREATED, Json(notify::create_robot(&s.ctx, &a, i).await?)))
}

async fn update_robot(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(i): ApiReplace<RobotInput>,
) -> ApiResult<Json<RobotRow>> {
    Ok(Json(notify::update_robot(&s.ctx, &a, id, i).await?))
}

async fn delete_robot(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    notify::delete_robot(&s.ctx, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn test_robot(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    notify::test_robot(&s.ctx, &a, id).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct OutboxQuery {
    pending: Option<bool>,
}

async fn outbox(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<OutboxQuery>,
) -> ApiResult<Json<Items<OutboxRow>>> {
    Ok(items(notify::outbox_log(&s.ctx, &a, q.pending.unwrap_or(false)).await?))
}
