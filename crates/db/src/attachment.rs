//! Ticket attachments, bytes in the database (decision 0011). Reads take the caller's scope: an
//! attachment is read only through a ticket [`scope::ticket`] reaches.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use zoneops_domain::scope::Scope;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx, now};

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct AttachmentRow {
    pub id: i64,
    pub ticket_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<i64>,
    pub uploader: String,
    pub created_at: DateTime<Utc>,
}

const COLS: [&str; 9] =
    ["id", "ticket_id", "file_name", "content_type", "size", "sha256", "uploaded_by", "uploader", "created_at"];

pub struct NewAttachment<'a> {
    pub zone: i64,
    pub ticket: i64,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub uploaded_by: Option<i64>,
    pub uploader: &'a str,
}

pub async fn insert(tx: &WriteTx, a: &NewAttachment<'_>) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("ticket_attachment")
        .columns([
            "zone_id",
            "ticket_id",
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
            a.zone.into(),
            a.ticket.into(),
            a.file_name.into(),
            a.content_type.into(),
            i64::try_from(a.data.len()).unwrap_or(i64::MAX).into(),
            a.sha256.into(),
            a.data.to_vec().into(),
            a.uploaded_by.into(),
            a.uploader.into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

/// How many files the ticket has, and how many of them came from the public hotline form (no
/// uploading user): both limits from one read.
pub async fn counts(db: &impl ConnectionTrait, zone: i64, ticket: i64) -> DbResult<(u64, u64)> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .expr(crate::util::sum_i64(Expr::case(Expr::col("uploaded_by").is_null(), 1).finally(0)))
        .from("ticket_attachment")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("ticket_id").eq(ticket))
        .take();
    let row = db.query_one(&q).await?;
    let all: i64 = row.as_ref().map(|r| r.try_get_by_index(0)).transpose()?.unwrap_or(0);
    let hotline: Option<i64> = row.as_ref().map(|r| r.try_get_by_index(1)).transpose()?.flatten();
    Ok((u64::try_from(all).unwrap_or(0), u64::try_from(hotline.unwrap_or(0)).unwrap_or(0)))
}

/// `ticket` if the scope reaches it (the attachments' own scope condition).
fn in_scope(scope: &Scope, ticket: i64) -> sea_orm::sea_query::SimpleExpr {
    let visible = Query::select()
        .column(("t", "id"))
        .from_as("ticket", "t")
        .cond_where(crate::scope::ticket(scope))
        .and_where(Expr::col(("t", "id")).eq(ticket))
        .take();
    Expr::col("ticket_id").in_subquery(visible)
}

/// The ticket's attachments without their bytes, oldest first.
pub async fn list(db: &impl ConnectionTrait, scope: &Scope, ticket: i64) -> DbResult<Vec<AttachmentRow>> {
    let q = Query::select()
        .columns(COLS)
        .from("ticket_attachment")
        .and_where(Expr::col("zone_id").eq(scope.zone))
        .and_where(in_scope(scope, ticket))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| AttachmentRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// One attachment of the ticket with its bytes.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    ticket: i64,
    id: i64,
) -> DbResult<Option<(AttachmentRow, Vec<u8>)>> {
    let q = Query::select()
        .columns(COLS)
        .column("data")
        .from("ticket_attachment")
        .and_where(Expr::col("zone_id").eq(scope.zone))
        .and_where(in_scope(scope, ticket))
        .and_where(Expr::col("id").eq(id))
        .take();
    let Some(r) = db.query_one(&q).await? else { return Ok(None) };
    let row = AttachmentRow::from_query_result(&r, "")?;
    let data: Vec<u8> = r.try_get("", "data")?;
    Ok(Some((row, data)))
}
