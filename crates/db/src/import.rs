//! What an import reads and writes in bulk (decision 0040): the zone's credit codes loaded
//! once, stored values fetched by slices of ids, indicator records upserted and their yearly
//! summaries recomputed a slice at a time, audit rows chained in memory and inserted many per
//! statement — so a 100,000-row upload costs a few hundred statements, not one per row. And the
//! staging rows that hold an upload between its preview and its commit.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};
use zoneops_domain::metric::Metric;
use zoneops_domain::scope::Scope;

use crate::enterprise::EnterpriseData;
use crate::indicator::{IndicatorRow, summary_insert, year_figures};
use crate::{DbResult, WriteTx, now, scope};

/// Ids per `IN (…)` list and rows per multi-row insert: far below both backends' limits on
/// bound parameters (SQLite 32766, PostgreSQL 65535).
const SLICE: usize = 1000;

/// An enterprise as an import matches it: by credit code, with its park (for the scope).
#[derive(Clone, Debug, FromQueryResult)]
pub struct CodeRow {
    pub id: i64,
    pub credit_code: String,
    pub park_id: i64,
}

/// Every enterprise of the zone `scope` sees, read in pages by id (never one huge result).
pub async fn visible_codes(db: &impl ConnectionTrait, scope: &Scope) -> DbResult<Vec<CodeRow>> {
    codes(db, scope.zone, Some(scope)).await
}

/// Every enterprise of the zone, whoever sees it: a credit code is unique in the zone, so a
/// new row must not take one an enterprise outside the caller's scope holds.
pub async fn zone_codes(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<CodeRow>> {
    codes(db, zone, None).await
}

async fn codes(db: &impl ConnectionTrait, zone: i64, scope: Option<&Scope>) -> DbResult<Vec<CodeRow>> {
    let mut out = Vec::new();
    let mut after = 0i64;
    loop {
        let mut q = Query::select();
        q.expr_as(Expr::col(("e", "id")), "id")
            .expr_as(Expr::col(("e", "credit_code")), "credit_code")
            .expr_as(Expr::col(("e", "park_id")), "park_id")
            .from_as("enterprise", "e")
            .and_where(Expr::col(("e", "zone_id")).eq(zone))
            .and_where(Expr::col(("e", "id")).gt(after))
            .order_by(("e", "id"), Order::Asc)
            .limit(20_000);
        if let Some(s) = scope {
            q.cond_where(scope::enterprise(s));
        }
        let page: Vec<CodeRow> =
            db.query_all(&q).await?.iter().map(|r| CodeRow::from_query_result(r, "")).collect::<Result<_, _>>()?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let full = page.len() == 20_000;
        out.extend(page);
        if !full {
            break;
        }
    }
    Ok(out)
}

/// The stored fields of `ids` (ids the caller read through its scope), by id, a slice at a time.
pub async fn enterprises(db: &impl ConnectionTrait, ids: &[i64]) -> DbResult<HashMap<i64, EnterpriseData>> {
    let mut out = HashMap::with_capacity(ids.len());
    for slice in ids.chunks(SLICE) {
        let q = Query::select()
            .columns([
                "id",
                "credit_code",
                "credit_code_warning",
                "name",
                "park_id",
                "chain_id",
                "industry_code",
                "above_size",
                "land_mu",
                "established_on",
                "address",
            ])
            .from("enterprise")
            .and_where(Expr::col("id").is_in(slice.iter().copied()))
            .take();
        for r in db.query_all(&q).await? {
            out.insert(r.try_get::<i64>("", "id")?, EnterpriseData::from_query_result(&r, "")?);
        }
    }
    Ok(out)
}

/// Stored indicator values of `ids` in `periods`: `(enterprise, metric, period) → value`.
pub async fn indicator_values(
    db: &impl ConnectionTrait,
    ids: &[i64],
    periods: &[i32],
) -> DbResult<HashMap<(i64, Metric, i32), i64>> {
    let mut out = HashMap::new();
    if periods.is_empty() {
        return Ok(out);
    }
    for slice in ids.chunks(SLICE) {
        let q = Query::select()
            .columns(["enterprise_id", "metric", "period", "value"])
            .from("indicator")
            .and_where(Expr::col("enterprise_id").is_in(slice.iter().copied()))
            .and_where(Expr::col("period").is_in(periods.iter().copied()))
            .take();
        for r in db.query_all(&q).await? {
            let metric: String = r.try_get("", "metric")?;
            let Some(m) = Metric::parse(&metric) else { continue };
            out.insert((r.try_get("", "enterprise_id")?, m, r.try_get("", "period")?), r.try_get("", "value")?);
        }
    }
    Ok(out)
}

/// Upserts many enterprises' records at once and recomputes the (enterprise, year) summaries
/// they touch, a slice at a time. Items must be unique by (enterprise, metric, period).
pub async fn upsert_indicators(tx: &WriteTx, zone: i64, items: &[(i64, Metric, i32, i64)]) -> DbResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    if tx.get_database_backend() == DbBackend::Postgres {
        // The API's upsert locks one enterprise row; locking 100,000 of them one by one would
        // cost more than the import. This lock waits for writers of records already under way
        // and holds new ones back until the commit, so no summary misses a concurrent month.
        // SQLite's BEGIN IMMEDIATE already serialises all writers.
        tx.execute_unprepared("LOCK TABLE indicator IN SHARE ROW EXCLUSIVE MODE").await?;
    }
    let t = now();
    for slice in items.chunks(SLICE) {
        let mut q = Query::insert();
        q.into_table("indicator").columns(["enterprise_id", "metric", "period", "zone_id", "value", "updated_at"]);
        for (e, m, p, v) in slice {
            q.values_panic([(*e).into(), m.code().into(), (*p).into(), zone.into(), (*v).into(), t.into()]);
        }
        q.on_conflict(
            OnConflict::columns(["enterprise_id", "metric", "period"])
                .update_columns(["value", "updated_at"])
                .to_owned(),
        );
        tx.execute(&q).await?;
    }
    let mut by_year: BTreeMap<i32, BTreeSet<i64>> = BTreeMap::new();
    for (e, _, p, _) in items {
        let year = if *p > 9999 { p / 100 } else { *p };
        by_year.entry(year).or_default().insert(*e);
    }
    for (year, ents) in by_year {
        let ents: Vec<i64> = ents.into_iter().collect();
        for slice in ents.chunks(SLICE) {
            let q = Query::select()
                .columns(["enterprise_id", "metric", "period", "value"])
                .from("indicator")
                .and_where(Expr::col("enterprise_id").is_in(slice.iter().copied()))
                .and_where(
                    Expr::col("period").eq(year).or(Expr::col("period").between(year * 100 + 1, year * 100 + 12)),
                )
                .take();
            let mut rows: BTreeMap<i64, Vec<IndicatorRow>> = BTreeMap::new();
            for r in tx.query_all(&q).await? {
                let e: i64 = r.try_get("", "enterprise_id")?;
                rows.entry(e).or_default().push(IndicatorRow::from_query_result(&r, "")?);
            }
            let summaries: Vec<_> = rows.iter().map(|(e, r)| (*e, zone, year, year_figures(r, year))).collect();
            // 11 values a row: well under the parameter limits at 1000 rows.
            for part in summaries.chunks(SLICE) {
                tx.execute(&summary_insert(part)).await?;
            }
        }
    }
    Ok(())
}

/// A staged upload as listed (without its bytes).
#[derive(Clone, Debug, FromQueryResult)]
pub struct BatchRow {
    pub id: i64,
    pub zone_id: i64,
    pub user_id: i64,
    pub kind: String,
    pub file_name: String,
    pub status: String,
    pub digest: String,
    pub preview: String,
    pub result: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
}

pub struct NewBatch<'a> {
    pub zone: i64,
    pub user: i64,
    pub kind: &'a str,
    pub file_name: &'a str,
    pub data: &'a [u8],
    pub digest: &'a str,
    pub preview: &'a str,
    pub expires_at: DateTime<Utc>,
}

/// Stages an upload; expired ones (anyone's) are dropped on the way, so the table holds about
/// a day of uploads.
pub async fn insert_batch(tx: &WriteTx, b: &NewBatch<'_>) -> DbResult<i64> {
    let t = now();
    let purge = Query::delete().from_table("import_batch").and_where(Expr::col("expires_at").lt(t)).take();
    tx.execute(&purge).await?;
    let q = Query::insert()
        .into_table("import_batch")
        .columns([
            "zone_id",
            "user_id",
            "kind",
            "file_name",
            "status",
            "data",
            "digest",
            "preview",
            "created_at",
            "expires_at",
        ])
        .values_panic([
            b.zone.into(),
            b.user.into(),
            b.kind.into(),
            b.file_name.into(),
            "preview".into(),
            b.data.to_vec().into(),
            b.digest.into(),
            b.preview.into(),
            t.into(),
            b.expires_at.into(),
        ])
        .returning_col("id")
        .take();
    crate::reference::insert_returning_id(&**tx, &q).await
}

const BATCH_COLUMNS: [&str; 12] = [
    "id",
    "zone_id",
    "user_id",
    "kind",
    "file_name",
    "status",
    "digest",
    "preview",
    "result",
    "created_at",
    "expires_at",
    "committed_at",
];

pub async fn get_batch(db: &impl ConnectionTrait, zone: i64, id: i64) -> DbResult<Option<BatchRow>> {
    let q = Query::select()
        .columns(BATCH_COLUMNS)
        .from("import_batch")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(db.query_one(&q).await?.map(|r| BatchRow::from_query_result(&r, "")).transpose()?)
}

pub async fn batch_data(db: &impl ConnectionTrait, id: i64) -> DbResult<Option<Vec<u8>>> {
    let q = Query::select().column("data").from("import_batch").and_where(Expr::col("id").eq(id)).take();
    Ok(db.query_one(&q).await?.map(|r| r.try_get::<Vec<u8>>("", "data")).transpose()?)
}

/// Marks a preview committed; false when it was not a preview any more (a second commit).
pub async fn mark_committed(tx: &WriteTx, id: i64, result: &str) -> DbResult<bool> {
    let q = Query::update()
        .table("import_batch")
        .values([("status", "committed".into()), ("result", result.into()), ("committed_at", now().into())])
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("status").eq("preview"))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() == 1)
}
