//! The service desk: tickets, their actions and history, the public hotline and tracking page,
//! routing rules, service-level policies and the working calendar.

use super::catalogue::{Routes, get, post};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zoneops_app::ticket::{
    self, ActionInput, CalendarYearView, Items, RatingInput, RoutingRule, Ticket, TicketInput, TicketQuery,
};
use zoneops_app::ticket_category;
use zoneops_db::Page;
use zoneops_db::ticket_category::CategoryRow;

use super::items;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::export::{Export, Listed, paged_list};
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser, meta};
use crate::security::too_many;
use zoneops_app::ticket::HistoryItem;
use zoneops_app::ticket::PolicyRow;
use zoneops_app::ticket_category::CategoryOption;

pub fn router() -> Routes {
    Routes::new()
        .route("/tickets/meta", get(meta_route))
        .route("/tickets", get(list).post(create))
        .route("/tickets/queue", get(queue))
        .route("/tickets/{id}", get(detail))
        .route("/tickets/{id}/history", get(history))
        .route("/tickets/{id}/actions/{code}", post(act))
        .route("/tickets/{id}/rating", post(rate))
        .route("/ticket-categories", get(categories).post(add_category))
        .route("/ticket-categories/order", super::catalogue::put(order_categories))
        .route("/ticket-categories/{code}", super::catalogue::patch(change_category).put(replace_category))
        .route("/public/ticket-categories", get(public_categories))
        .route("/ticket-routing", get(routing).put(set_routing))
        .route("/sla-policies", get(policies).put(set_policies))
        .route("/calendar/{year}", get(calendar).put(set_calendar))
        .route("/public/hotline", post(hotline))
        .route("/public/tickets/{no}", get(track))
}

type S = State<AppState>;
type U = CurrentUser;

async fn meta_route(State(s): S, CurrentUser(a): U) -> ApiResult<Json<ticket::Meta>> {
    Ok(Json(ticket::meta(&s.ctx, &a).await?))
}

async fn categories(State(s): S, CurrentUser(a): U) -> ApiResult<Json<super::Items<CategoryRow>>> {
    Ok(items(ticket_category::list(&s.ctx, &a).await?))
}

async fn add_category(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<ticket_category::NewCategory>,
) -> ApiResult<(StatusCode, Json<CategoryRow>)> {
    Ok((StatusCode::CREATED, Json(ticket_category::create(&s.ctx, &a, i).await?)))
}

async fn change_category(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(code): ApiPath<String>,
    ApiJson(i): ApiJson<ticket_category::CategoryChange>,
) -> ApiResult<Json<CategoryRow>> {
    Ok(Json(ticket_category::update(&s.ctx, &a, &code, i).await?))
}

async fn replace_category(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(code): ApiPath<String>,
    ApiReplace(i): ApiReplace<ticket_category::CategoryChange>,
) -> ApiResult<Json<CategoryRow>> {
    Ok(Json(ticket_category::update(&s.ctx, &a, &code, i).await?))
}

async fn order_categories(
    State(s): S,
    CurrentUser(a): U,
    ApiReplace(i): ApiReplace<ticket_category::CategoryOrder>,
) -> ApiResult<Json<super::Items<CategoryRow>>> {
    Ok(items(ticket_category::reorder(&s.ctx, &a, i).await?))
}

/// The hotline form's choices (no login): the active categories of the hotline's zone.
async fn public_categories(State(s): S) -> ApiResult<Json<super::Items<CategoryOption>>> {
    let zone = ticket::hotline_zone(&s.ctx).await?;
    Ok(items(ticket_category::public_options(&s.ctx, zone).await?))
}

/// The list, or with `?format=xlsx` the whole filtered list with each service-level state.
async fn list(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<TicketQuery>,
    export: Export,
) -> ApiResult<Listed<Page<Ticket>>> {
    paged_list!(s, a, q, export, crate::export::tickets(), ticket::list)
}

async fn queue(
    State(s): S,
    CurrentUser(a): U,
    ApiQuery(q): ApiQuery<ticket::QueueQuery>,
) -> ApiResult<Json<super::Items<Ticket>>> {
    Ok(items(ticket::queue(&s.ctx, &a, &q).await?))
}

async fn create(
    State(s): S,
    CurrentUser(a): U,
    ApiJson(i): ApiJson<TicketInput>,
) -> ApiResult<(StatusCode, Json<Ticket>)> {
    Ok((StatusCode::CREATED, Json(ticket::create(&s.ctx, &a, i).await?)))
}

async fn detail(State(s): S, CurrentUser(a): U, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Ticket>> {
    Ok(Json(ticket::get(&s.ctx, &a, id).await?))
}

async fn history(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<super::Items<HistoryItem>>> {
    Ok(items(ticket::history(&s.ctx, &a, id).await?))
}

async fn act(
    State(s): S,
    CurrentUser(a): U,
    ApiPath((id, code)): ApiPath<(i64, String)>,
    ApiJson(i): ApiJson<ActionInput>,
) -> ApiResult<Json<Ticket>> {
    Ok(Json(ticket::act(&s.ctx, &a, id, &code, i).await?))
}

async fn rate(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(id): ApiPath<i64>,
    ApiJson(i): ApiJson<RatingInput>,
) -> ApiResult<Json<Ticket>> {
    Ok(Json(ticket::rate(&s.ctx, &a, id, i).await?))
}

async fn routing(State(s): S, CurrentUser(a): U) -> ApiResult<Json<super::Items<RoutingRule>>> {
    Ok(items(ticket::routing(&s.ctx, &a).await?))
}

async fn set_routing(
    State(s): S,
    CurrentUser(a): U,
    ApiReplace(i): ApiReplace<Items<RoutingRule>>,
) -> ApiResult<Json<super::Items<RoutingRule>>> {
    Ok(items(ticket::set_routing(&s.ctx, &a, i).await?))
}

async fn policies(State(s): S, CurrentUser(a): U) -> ApiResult<Json<super::Items<PolicyRow>>> {
    Ok(items(ticket::list_policies(&s.ctx, &a).await?))
}

async fn set_policies(
    State(s): S,
    CurrentUser(a): U,
    ApiReplace(i): ApiReplace<Items<ticket::PolicyInput>>,
) -> ApiResult<Json<super::Items<PolicyRow>>> {
    Ok(items(ticket::set_policies(&s.ctx, &a, i).await?))
}

async fn calendar(State(s): S, CurrentUser(a): U, ApiPath(year): ApiPath<i32>) -> ApiResult<Json<CalendarYearView>> {
    Ok(Json(ticket::calendar_year(&s.ctx, &a, year).await?))
}

async fn set_calendar(
    State(s): S,
    CurrentUser(a): U,
    ApiPath(year): ApiPath<i32>,
    ApiReplace(i): ApiReplace<CalendarYearView>,
) -> ApiResult<Json<CalendarYearView>> {
    Ok(Json(ticket::set_calendar_year(&s.ctx, &a, year, i).await?))
}

/// The public 办不成事 hotline: no login, limited per client address.
async fn hotline(
    State(s): S,
    parts: Parts,
    ApiJson(i): ApiJson<TicketInput>,
) -> Result<(StatusCode, Json<ticket::Receipt>), Response> {
    let m = meta(&parts);
    if let Err(wait) = s.hotline_limiter.check(&m.ip) {
        return Err(too_many(wait));
    }
    let result = async {
        let zone = ticket::hotline_zone(&s.ctx).await?;
        ticket::file_hotline(&s.ctx, zone, &m, i).await
    }
    .await;
    match result {
        Ok(r) => Ok((StatusCode::CREATED, Json(r))),
        Err(e) => Err(ApiError::from(e).into_response()),
    }
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct TrackQuery {
    #[serde(default)]
    code: String,
}

async fn track(
    State(s): S,
    ApiPath(no): ApiPath<String>,
    ApiQuery(q): ApiQuery<TrackQuery>,
) -> ApiResult<Json<ticket::PublicView>> {
    Ok(Json(ticket::track(&s.ctx, &no, &q.code).await?))
}
