//! 期号 of printed documents: the number a document of one kind got for one period. Reprinting
//! the period finds its row; a new period takes the kind's next number of that year.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::reference::insert_returning_id;
use crate::{DbResult, WriteTx, now};

#[derive(Clone, Debug, Serialize, FromQueryResult)]
pub struct IssueRow {
    pub id: i64,
    pub kind: String,
    pub year: i32,
    pub number: i32,
    pub period_key: String,
    pub issued_at: DateTime<Utc>,
    pub issued_by: Option<i64>,
}

const COLS: [&str; 7] = ["id", "kind", "year", "number", "period_key", "issued_at", "issued_by"];

/// The number issued for this period, if any.
pub async fn find(db: &impl ConnectionTrait, zone: i64, kind: &str, period_key: &str) -> DbResult<Option<IssueRow>> {
    let q = Query::select()
        .columns(COLS)
        .from("document_issue")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("kind").eq(kind))
        .and_where(Expr::col("period_key").eq(period_key))
        .take();
    Ok(db.query_one(&q).await?.map(|r| IssueRow::from_query_result(&r, "")).transpose()?)
}

pub struct NewIssue<'a> {
    pub zone: i64,
    pub kind: &'a str,
    pub year: i32,
    pub period_key: &'a str,
    pub issued_by: Option<i64>,
}

/// Takes the kind's next number of the year for the period. The unique keys refuse a second
/// row for the period or a number taken twice (the caller reads again).
pub async fn insert_next(tx: &WriteTx, n: &NewIssue<'_>) -> DbResult<IssueRow> {
    let q = Query::select()
        .expr(Func::max(Expr::col("number")))
        .from("document_issue")
        .and_where(Expr::col("zone_id").eq(n.zone))
        .and_where(Expr::col("kind").eq(n.kind))
        .and_where(Expr::col("year").eq(n.year))
        .take();
    let last: Option<i32> = match tx.query_one(&q).await? {
        Some(r) => r.try_get_by_index::<Option<i32>>(0)?,
        None => None,
    };
    let number = last.unwrap_or(0) + 1;
    let issued_at = now();
    let q = Query::insert()
        .into_table("document_issue")
        .columns(["zone_id", "kind", "year", "number", "period_key", "issued_at", "issued_by"])
        .values_panic([
            n.zone.into(),
            n.kind.into(),
            n.year.into(),
            number.into(),
            n.period_key.into(),
            issued_at.into(),
            n.issued_by.into(),
        ])
        .returning_col("id")
        .take();
    let id = insert_returning_id(&**tx, &q).await?;
    Ok(IssueRow {
        id,
        kind: n.kind.to_owned(),
        year: n.year,
        number,
        period_key: n.period_key.to_owned(),
        issued_at,
        issued_by: n.issued_by,
    })
}
