use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use zoneops_app::reference::{self, DictBody, IndustryQuery};
use zoneops_db::reference::{Dict, DictRow};

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};
use serde_json::Value;
use zoneops_db::reference::IndustryRow;

pub fn router() -> Routes {
    Routes::new()
        .route("/parks", get(|s, u| list(s, u, Dict::Park)).post(|s, u, b| create(s, u, Dict::Park, b)))
        .route(
            "/parks/{id}",
            super::catalogue::put(|s, u, p, b| update(s, u, Dict::Park, p, b))
                .delete(|s, u, p| delete(s, u, Dict::Park, p)),
        )
        .route("/chains", get(|s, u| list(s, u, Dict::Chain)).post(|s, u, b| create(s, u, Dict::Chain, b)))
        .route(
            "/chains/{id}",
            super::catalogue::put(|s, u, p, b| update(s, u, Dict::Chain, p, b))
                .delete(|s, u, p| delete(s, u, Dict::Chain, p)),
        )
        .route(
            "/departments",
            get(|s, u| list(s, u, Dict::Department)).post(|s, u, b| create(s, u, Dict::Department, b)),
        )
        .route(
            "/departments/{id}",
            super::catalogue::put(|s, u, p, b| update(s, u, Dict::Department, p, b))
                .delete(|s, u, p| delete(s, u, Dict::Department, p)),
        )
        .route("/industries", get(industries))
        .route("/metrics", get(|_: CurrentUser| async { items(reference::metrics()) }))
        .route("/tier-thresholds", get(thresholds))
}

fn dict_json(kind: Dict, r: DictRow) -> serde_json::Value {
    match kind {
        Dict::Chain => {
            json!({"id": r.id, "code": r.code, "name": r.name, "sort": r.sort, "demo": r.demo, "group": r.grp})
        }
        Dict::Park => json!({"id": r.id, "code": r.code, "name": r.name, "sort": r.sort, "demo": r.demo}),
        Dict::Department => json!({"id": r.id, "code": r.code, "name": r.name, "sort": r.sort}),
    }
}

async fn list(State(s): State<AppState>, CurrentUser(a): CurrentUser, kind: Dict) -> ApiResult<Json<Items<Value>>> {
    let rows = reference::list(&s.ctx, &a, kind).await?;
    Ok(items(rows.into_iter().map(|r| dict_json(kind, r)).collect()))
}

async fn create(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    kind: Dict,
    ApiJson(b): ApiJson<DictBody>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let row = reference::create(&s.ctx, &a, kind, b).await?;
    Ok((StatusCode::CREATED, Json(dict_json(kind, row))))
}

async fn update(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    kind: Dict,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(b): ApiReplace<DictBody>,
) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(dict_json(kind, reference::update(&s.ctx, &a, kind, id, b).await?)))
}

async fn delete(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    kind: Dict,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    reference::delete(&s.ctx, &a, kind, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn industries(
    State(s): State<AppState>,
    _: CurrentUser,
    ApiQuery(q): ApiQuery<IndustryQuery>,
) -> ApiResult<Json<Items<IndustryRow>>> {
    Ok(items(reference::industries(&s.ctx, &q).await?))
}

async fn thresholds(State(s): State<AppState>, _: CurrentUser) -> Json<serde_json::Value> {
    let t = s.ctx.settings.tiers_yuan;
    Json(json!({ "yi": t.yi, "shiyi": t.shiyi, "baiyi": t.baiyi }))
}
