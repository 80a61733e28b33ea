//! Photos taken on a visit (走访), bytes in the database like ticket attachments (decisions 0011
//! and 0036). Reads take the caller's scope: a photo is read only through a visit the scope
//! reaches ([`VisitFilter::condition`]).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, JoinType, Order, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use zoneops_domain::scope::Scope;

use crate::reference::insert_returning_id;
use crate::visit::VisitFilter;
use crate::{DbResult, WriteTx, now};

/// A photo without its bytes.
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct VisitPhotoRow {
    pub id: i64,
    pub visit_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<i64>,
    pub uploader: String,
    pub created_at: DateTime<Utc>,
}

const COLS: [&str; 9] =
    ["id", "visit_id", "file_name", "content_type", "size", "sha256", "uploaded_by", "uploader", "created_at"];

pub struct NewVisitPhoto<'a> {
    pub zone: i64,
    pub visit: i64,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub uploaded_by: i64,
    pub uploader: &'a str,
}

pub async fn insert(tx: &WriteTx, p: &NewVisitPhoto<'_>) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("visit_photo")
        .columns([
            "zone_id",
            "visit_id",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "data",
            "uploaded_by",
            "uploader",
            "created_at",
        ])
        .values_panic([
            p.zone.into(),
            p.visit.into(),
            p.file_name.into(),
            p.content_type.into(),
            i64::try_from(p.data.len()).unwrap_or(i64::MAX).into(),
            p.sha256.into(),
            p.data.to_vec().into(),
            p.uploaded_by.into(),
            p.uploader.into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

/// How many photos the visit has.
pub async fn count(db: &impl ConnectionTrait, zone: i64, visit: i64) -> DbResult<u64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("visit_photo")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("visit_id").eq(visit))
        .take();
    let n: i64 = db.query_one(&q).await?.map(|r| r.try_get_by_index(0)).transpose()?.unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// `visit` if the scope reaches it (the photos' own scope condition).
fn in_scope(scope: &Scope, visit: i64) -> SimpleExpr {
    let visible = Query::select()
        .column(("v", "id"))
        .from_as("visit", "v")
        .join_as(JoinType::InnerJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("v", "enterprise_id")))
        .cond_where(VisitFilter::default().condition(scope))
        .and_where(Expr::col(("v", "id")).eq(visit))
        .take();
    Expr::col("visit_id").in_subquery(visible)
}

/// The visit's photos without their bytes, oldest first.
pub async fn list(db: &impl ConnectionTrait, scope: &Scope, visit: i64) -> DbResult<Vec<VisitPhotoRow>> {
    let q = Query::select()
        .columns(COLS)
        .from("visit_photo")
        .and_where(Expr::col("zone_id").eq(scope.zone))
        .and_where(in_scope(scope, visit))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| VisitPhotoRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// The photos (without bytes) of visits already read through the caller's scope, oldest first.
pub(crate) async fn of_visits(db: &impl ConnectionTrait, zone: i64, visits: &[i64]) -> DbResult<Vec<VisitPhotoRow>> {
    if visits.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(COLS)
        .from("visit_photo")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("visit_id").is_in(visits.to_vec()))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| VisitPhotoRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// One photo of the visit without its bytes (to answer "not modified" without reading them).
pub async fn find(db: &impl ConnectionTrait, scope: &Scope, visit: i64, id: i64) -> DbResult<Option<VisitPhotoRow>> {
    let q = Query::select()
        .columns(COLS)
        .from("visit_photo")
        .and_where(Expr::col("zone_id").eq(scope.zone))
        .and_where(in_scope(scope, visit))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(db.query_one(&q).await?.map(|r| VisitPhotoRow::from_query_result(&r, "")).transpose()?)
}

/// One photo of the visit with its bytes.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    visit: i64,
    id: i64,
) -> DbResult<Option<(VisitPhotoRow, Vec<u8>)>> {
    let q = Query::select()
        .columns(COLS)
        .column("data")
        .from("visit_photo")
        .and_where(Expr::col("zone_id").eq(scope.zone))
        .and_where(in_scope(scope, visit))
        .and_where(Expr::col("id").eq(id))
        .take();
    let Some(r) = db.query_one(&q).await? else { return Ok(None) };
    let row = VisitPhotoRow::from_query_result(&r, "")?;
    let data: Vec<u8> = r.try_get("", "data")?;
    Ok(Some((row, data)))
}
