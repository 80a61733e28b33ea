use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use zoneops_app::reference::{self, DictBody, IndustryQuery};
use zoneops_db::reference::{Dict, DictRow};

use super::Items;
use super::items;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, ApiReplace, CurrentUser};
use zoneops_db::reference::IndustryRow;

pub fn router() -> Routes {
    Routes::new()
        .route("/parks", get(list::<ParkView>).post(create::<ParkView>))
        .route("/parks/{id}", super::catalogue::put(update::<ParkView>).delete(delete::<ParkView>))
        .route("/chains", get(list::<ChainView>).post(create::<ChainView>))
        .route("/chains/{id}", super::catalogue::put(update::<ChainView>).delete(delete::<ChainView>))
        .route("/departments", get(list::<DepartmentView>).post(create::<DepartmentView>))
        .route("/departments/{id}", super::catalogue::put(update::<DepartmentView>).delete(delete::<DepartmentView>))
        .route("/industries", get(industries))
        .route("/metrics", get(|_: CurrentUser| async { items(reference::metrics()) }))
        .route("/tier-thresholds", get(thresholds))
}

/// One kind of dictionary and how its rows are shown.
trait DictView: Serialize + ToSchema + Send + 'static {
    const KIND: Dict;
    fn of(r: DictRow) -> Self;
}

/// A park (园区).
#[derive(Serialize, ToSchema)]
#[schema(as = Park)]
struct ParkView {
    id: i64,
    code: String,
    name: String,
    sort: i64,
    /// A row of the demo data set.
    demo: bool,
}

impl DictView for ParkView {
    const KIND: Dict = Dict::Park;
    fn of(r: DictRow) -> Self {
        ParkView { id: r.id, code: r.code, name: r.name, sort: r.sort, demo: r.demo }
    }
}

/// An industrial chain (产业链) and its group.
#[derive(Serialize, ToSchema)]
#[schema(as = Chain)]
struct ChainView {
    id: i64,
    code: String,
    name: String,
    sort: i64,
    /// A row of the demo data set.
    demo: bool,
    #[schema(schema_with = chain_group)]
    group: String,
}

fn chain_group() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["leading", "emerging", "other"]))
        .description(Some("主导 leading, 新兴 emerging or 其他 other"))
        .build()
}

impl DictView for ChainView {
    const KIND: Dict = Dict::Chain;
    fn of(r: DictRow) -> Self {
        ChainView {
            id: r.id,
            code: r.code,
            name: r.name,
            sort: r.sort,
            demo: r.demo,
            group: r.grp.unwrap_or_else(|| "other".to_owned()),
        }
    }
}

/// A department (部门) of the zone's administration.
#[derive(Serialize, ToSchema)]
#[schema(as = Department)]
struct DepartmentView {
    id: i64,
    code: String,
    name: String,
    sort: i64,
}

impl DictView for DepartmentView {
    const KIND: Dict = Dict::Department;
    fn of(r: DictRow) -> Self {
        DepartmentView { id: r.id, code: r.code, name: r.name, sort: r.sort }
    }
}

async fn list<V: DictView>(State(s): State<AppState>, CurrentUser(a): CurrentUser) -> ApiResult<Json<Items<V>>> {
    let rows = reference::list(&s.ctx, &a, V::KIND).await?;
    Ok(items(rows.into_iter().map(V::of).collect()))
}

async fn create<V: DictView>(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiJson(b): ApiJson<DictBody>,
) -> ApiResult<(StatusCode, Json<V>)> {
    let row = reference::create(&s.ctx, &a, V::KIND, b).await?;
    Ok((StatusCode::CREATED, Json(V::of(row))))
}

async fn update<V: DictView>(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiReplace(b): ApiReplace<DictBody>,
) -> ApiResult<Json<V>> {
    Ok(Json(V::of(reference::update(&s.ctx, &a, V::KIND, id, b).await?)))
}

async fn delete<V: DictView>(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    reference::delete(&s.ctx, &a, V::KIND, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn industries(
    State(s): State<AppState>,
    _: CurrentUser,
    ApiQuery(q): ApiQuery<IndustryQuery>,
) -> ApiResult<Json<Items<IndustryRow>>> {
    Ok(items(reference::industries(&s.ctx, &q).await?))
}

/// The zone's tier thresholds in 元 (亿元、十亿元、百亿元 enterprises).
async fn thresholds(State(s): State<AppState>, _: CurrentUser) -> Json<zoneops_app::TierYuan> {
    Json(s.ctx.settings.tiers_yuan)
}
