//! Month grids (issue #16 part 4): many enterprises' cells of one month, read and written in a
//! handful of statements whatever the number of enterprises; the yearly summaries follow in the
//! same transaction, by the same rule as [`super::upsert`].

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::{Asterisk, Cond, Expr, ExprTrait, JoinType, OnConflict, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::metric::Metric;
use zoneops_domain::period::Period;
use zoneops_domain::scope::Scope;

use super::{IndicatorRow, summary_insert, year_figures};
use crate::enterprise::EnterpriseFilter;
use crate::util::rows_with_total;
use crate::{DbResult, Page, PageQuery, WriteTx, now, scope};

/// One cell a grid writes: enterprise, metric, period, and the stored value (hundredths), or
/// `None` to remove the record.
pub type CellChange = (i64, Metric, Period, Option<i64>);

/// A record with its enterprise, for reads across enterprises.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct EnterpriseCell {
    pub enterprise_id: i64,
    pub metric: String,
    pub period: i32,
    pub value: i64,
}

/// The records of these enterprises at these periods (optionally one metric), in one statement
/// per 500 enterprises. The caller has checked the enterprises against the scope.
pub async fn at_periods(
    db: &impl ConnectionTrait,
    enterprises: &[i64],
    metric: Option<Metric>,
    periods: &[i32],
) -> DbResult<Vec<EnterpriseCell>> {
    let mut out = Vec::new();
    if periods.is_empty() {
        return Ok(out);
    }
    for chunk in enterprises.chunks(500) {
        let mut q = Query::select();
        q.columns(["enterprise_id", "metric", "period", "value"])
            .from("indicator")
            .and_where(Expr::col("enterprise_id").is_in(chunk.iter().copied()))
            .and_where(Expr::col("period").is_in(periods.iter().copied()));
        if let Some(m) = metric {
            q.and_where(Expr::col("metric").eq(m.code()));
        }
        q.order_by("enterprise_id", Order::Asc).order_by("metric", Order::Asc).order_by("period", Order::Asc);
        for r in db.query_all(&q).await? {
            out.push(EnterpriseCell::from_query_result(&r, "")?);
        }
    }
    Ok(out)
}

/// A row of a park's grid: an enterprise and one metric's value in the month, the month before
/// and the same month a year earlier, plus a yearly record of the month's year if one exists
/// (it wins over the months in the yearly figures).
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct GridRow {
    pub enterprise_id: i64,
    pub name: String,
    pub credit_code: String,
    pub above_size: bool,
    pub park_id: i64,
    pub value: Option<i64>,
    pub previous: Option<i64>,
    pub last_year: Option<i64>,
    pub year_record: Option<i64>,
}

fn cell_join(q: &mut SelectStatement, alias: &'static str, metric: Metric, period: i32) {
    q.join_as(
        JoinType::LeftJoin,
        "indicator",
        alias,
        Cond::all()
            .add(Expr::col((alias, "enterprise_id")).equals(("e", "id")))
            .add(Expr::col((alias, "metric")).eq(metric.code()))
            .add(Expr::col((alias, "period")).eq(period)),
    );
}

/// 规上 first, then by name; the id keeps pages stable.
fn order_rows(q: &mut SelectStatement) {
    q.order_by(("e", "above_size"), Order::Desc).order_by(("e", "name"), Order::Asc).order_by(("e", "id"), Order::Asc);
}

/// One page of a park's grid in one statement (the total rides along): the enterprises the
/// filter selects in the caller's scope, 规上 first, then by name, each with its four cells
/// found through the indicator primary key.
pub async fn grid(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &EnterpriseFilter,
    metric: Metric,
    month: Period,
    page: PageQuery,
) -> DbResult<Page<GridRow>> {
    let key = month.key();
    let prev = if key % 100 == 1 { key - 89 } else { key - 1 };
    // The page of enterprises first (sorted and cut on the enterprise table alone), then the
    // cells of those rows only: a zone-wide page does not join a whole zone's records.
    let mut page_q = Query::select();
    page_q
        .columns([("e", "id"), ("e", "name"), ("e", "credit_code"), ("e", "above_size"), ("e", "park_id")])
        .from_as("enterprise", "e")
        .cond_where(filter.condition(scope));
    order_rows(&mut page_q);
    page_q.limit(page.page_size).offset(page.offset());
    let mut q = Query::select();
    q.expr_as(Expr::col(("e", "id")), "enterprise_id")
        .expr_as(Expr::col(("e", "name")), "name")
        .expr_as(Expr::col(("e", "credit_code")), "credit_code")
        .expr_as(Expr::col(("e", "above_size")), "above_size")
        .expr_as(Expr::col(("e", "park_id")), "park_id")
        .expr_as(Expr::col(("c", "value")), "value")
        .expr_as(Expr::col(("pm", "value")), "previous")
        .expr_as(Expr::col(("ly", "value")), "last_year")
        .expr_as(Expr::col(("yr", "value")), "year_record")
        .from_subquery(page_q, "e");
    cell_join(&mut q, "c", metric, key);
    cell_join(&mut q, "pm", metric, prev);
    cell_join(&mut q, "ly", metric, key - 100);
    cell_join(&mut q, "yr", metric, month.year());
    order_rows(&mut q);
    let count = || {
        Query::select()
            .expr(Expr::col(Asterisk).count())
            .from_as("enterprise", "e")
            .cond_where(filter.condition(scope))
            .take()
    };
    let (found, total) = rows_with_total(db, q, count, page.offset()).await?;
    let items = found.iter().map(|r| GridRow::from_query_result(r, "")).collect::<Result<_, _>>()?;
    Ok(Page { items, total, page: page.page, page_size: page.page_size })
}

/// Locks the enterprises' rows until the transaction ends, in id order (two batches cannot
/// deadlock), so their records can be read and written without another writer in between —
/// the same lock [`super::upsert`] takes. SQLite's `BEGIN IMMEDIATE` serialises writers anyway.
pub async fn lock_enterprises(tx: &WriteTx, ids: &[i64]) -> DbResult<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(500) {
        let lock = Query::select()
            .column("id")
            .from("enterprise")
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .order_by("id", Order::Asc)
            .lock(sea_orm::sea_query::LockType::Update)
            .take();
        tx.query_all(&lock).await?;
    }
    Ok(())
}

/// Writes a batch of cells of many enterprises in the caller's transaction: their enterprise
/// rows locked in id order (no deadlock between two batches), values upserted and cleared
/// records deleted in chunks, then every touched (enterprise, year) summary recomputed from one
/// read per year — a statement count that does not grow with each enterprise.
pub async fn apply_cells(tx: &WriteTx, zone: i64, cells: &[CellChange]) -> DbResult<()> {
    if cells.is_empty() {
        return Ok(());
    }
    let enterprises: Vec<i64> = cells.iter().map(|c| c.0).collect::<BTreeSet<_>>().into_iter().collect();
    lock_enterprises(tx, &enterprises).await?;
    // The last change of a key wins, as in `upsert`.
    let last: BTreeMap<(i64, Metric, Period), Option<i64>> =
        cells.iter().map(|(e, m, p, v)| ((*e, *m, *p), *v)).collect();
    let set: Vec<(i64, Metric, Period, i64)> =
        last.iter().filter_map(|((e, m, p), v)| v.map(|v| (*e, *m, *p, v))).collect();
    let t = now();
    for chunk in set.chunks(300) {
        let mut q = Query::insert();
        q.into_table("indicator").columns(["enterprise_id", "metric", "period", "zone_id", "value", "updated_at"]);
        for (e, m, p, v) in chunk {
            q.values_panic([(*e).into(), m.code().into(), p.key().into(), zone.into(), (*v).into(), t.into()]);
        }
        q.on_conflict(
            OnConflict::columns(["enterprise_id", "metric", "period"])
                .update_columns(["value", "updated_at"])
                .to_owned(),
        );
        tx.execute(&q).await?;
    }
    let mut cleared: BTreeMap<(Metric, i32), Vec<i64>> = BTreeMap::new();
    for ((e, m, p), v) in &last {
        if v.is_none() {
            cleared.entry((*m, p.key())).or_default().push(*e);
        }
    }
    for ((m, period), ents) in cleared {
        for chunk in ents.chunks(500) {
            let q = Query::delete()
                .from_table("indicator")
                .and_where(Expr::col("metric").eq(m.code()))
                .and_where(Expr::col("period").eq(period))
                .and_where(Expr::col("enterprise_id").is_in(chunk.iter().copied()))
                .take();
            tx.execute(&q).await?;
        }
    }
    let mut years: BTreeMap<i32, BTreeSet<i64>> = BTreeMap::new();
    for (e, _, p) in last.keys() {
        years.entry(p.year()).or_default().insert(*e);
    }
    for (year, ents) in years {
        recompute_years_of(tx, zone, &ents.into_iter().collect::<Vec<_>>(), year).await?;
    }
    Ok(())
}

/// [`recompute_year`] for many enterprises of one year: one read of their records per 500
/// enterprises, one summary upsert per 300 rows, one delete for those left without records.
async fn recompute_years_of(tx: &WriteTx, zone: i64, enterprises: &[i64], year: i32) -> DbResult<()> {
    for chunk in enterprises.chunks(500) {
        let q = Query::select()
            .columns(["enterprise_id", "metric", "period", "value"])
            .from("indicator")
            .and_where(Expr::col("enterprise_id").is_in(chunk.iter().copied()))
            .cond_where(
                Cond::any()
                    .add(Expr::col("period").eq(year))
                    .add(Expr::col("period").between(year * 100 + 1, year * 100 + 12)),
            )
            .take();
        let mut by_ent: BTreeMap<i64, Vec<IndicatorRow>> = BTreeMap::new();
        for r in tx.query_all(&q).await? {
            let c = EnterpriseCell::from_query_result(&r, "")?;
            by_ent.entry(c.enterprise_id).or_default().push(IndicatorRow {
                metric: c.metric,
                period: c.period,
                value: c.value,
            });
        }
        let rows: Vec<(i64, i64, i32, BTreeMap<Metric, i64>)> =
            by_ent.iter().map(|(e, rows)| (*e, zone, year, year_figures(rows, year))).collect();
        for part in rows.chunks(300) {
            tx.execute(&summary_insert(part)).await?;
        }
        let empty: Vec<i64> = chunk.iter().copied().filter(|e| !by_ent.contains_key(e)).collect();
        if !empty.is_empty() {
            let q = Query::delete()
                .from_table("enterprise_year")
                .and_where(Expr::col("year").eq(year))
                .and_where(Expr::col("enterprise_id").is_in(empty))
                .take();
            tx.execute(&q).await?;
        }
    }
    Ok(())
}

/// The enterprises of `ids` the scope reaches (a grid's batch is checked in one statement).
pub async fn visible_of(db: &impl ConnectionTrait, scope: &Scope, ids: &[i64]) -> DbResult<BTreeMap<i64, String>> {
    let mut out = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let q = Query::select()
            .columns([("e", "id"), ("e", "name")])
            .from_as("enterprise", "e")
            .cond_where(scope::enterprise(scope))
            .and_where(Expr::col(("e", "id")).is_in(chunk.iter().copied()))
            .take();
        for r in db.query_all(&q).await? {
            out.insert(r.try_get::<i64>("", "id")?, r.try_get::<String>("", "name")?);
        }
    }
    Ok(out)
}
