//! Indicator records and the yearly summary (`enterprise_year`) kept exactly in step with them:
//! every write recomputes the touched (enterprise, year) rows inside the same transaction.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::{Cond, Expr, ExprTrait, Func, JoinType, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::metric::Metric;
use zoneops_domain::period::Period;
use zoneops_domain::scope::Scope;

use crate::enterprise::EnterpriseFilter;
use crate::util::{exact_sum, sum_high, sum_i64, sum_low};
use crate::{DbResult, WriteTx, now, scope};

#[derive(Clone, Debug, Serialize, PartialEq, Eq, FromQueryResult, utoipa::ToSchema)]
pub struct IndicatorRow {
    pub metric: String,
    pub period: i32,
    pub value: i64,
}

/// Records of an enterprise the caller already read through its scope.
pub async fn list(
    db: &impl ConnectionTrait,
    enterprise: i64,
    from: Option<i32>,
    to: Option<i32>,
    metric: Option<Metric>,
) -> DbResult<Vec<IndicatorRow>> {
    let mut q = Query::select();
    q.columns(["metric", "period", "value"]).from("indicator").and_where(Expr::col("enterprise_id").eq(enterprise));
    if let Some(f) = from {
        q.and_where(Expr::col("period").gte(f));
    }
    if let Some(t) = to {
        q.and_where(Expr::col("period").lte(t));
    }
    if let Some(m) = metric {
        q.and_where(Expr::col("metric").eq(m.code()));
    }
    q.order_by("metric", Order::Asc).order_by("period", Order::Asc);
    Ok(db.query_all(&q).await?.iter().map(|r| IndicatorRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// Upserts records by (enterprise, metric, period) and recomputes the years they touch.
pub async fn upsert(tx: &WriteTx, zone: i64, enterprise: i64, items: &[(Metric, Period, i64)]) -> DbResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    // Serialises writers of one enterprise on PostgreSQL (READ COMMITTED), so two concurrent
    // upserts cannot each recompute a summary that misses the other's months. SQLite's
    // BEGIN IMMEDIATE already serialises all writers.
    let lock = Query::select()
        .column("id")
        .from("enterprise")
        .and_where(Expr::col("id").eq(enterprise))
        .lock(sea_orm::sea_query::LockType::Update)
        .take();
    tx.query_one(&lock).await?;
    // One row per key (the last one wins): PostgreSQL refuses to upsert a row twice in a statement.
    let items: Vec<(Metric, Period, i64)> = items
        .iter()
        .map(|(m, p, v)| ((*m, *p), *v))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .map(|((m, p), v)| (m, p, v))
        .collect();
    let t = now();
    for chunk in items.chunks(300) {
        let mut q = Query::insert();
        q.into_table("indicator").columns(["enterprise_id", "metric", "period", "zone_id", "value", "updated_at"]);
        for (m, p, v) in chunk {
            q.values_panic([enterprise.into(), m.code().into(), p.key().into(), zone.into(), (*v).into(), t.into()]);
        }
        q.on_conflict(
            OnConflict::columns(["enterprise_id", "metric", "period"])
                .update_columns(["value", "updated_at"])
                .to_owned(),
        );
        tx.execute(&q).await?;
    }
    let years: BTreeSet<i32> = items.iter().map(|(_, p, _)| p.year()).collect();
    for y in years {
        recompute_year(tx, zone, enterprise, y).await?;
    }
    Ok(())
}

/// The yearly figure of each metric from a year's records: a yearly record (period YYYY) wins;
/// otherwise the metric's own rule turns its months into a year ([`Metric::year_rule`]).
pub fn year_figures(rows: &[IndicatorRow], year: i32) -> BTreeMap<Metric, i64> {
    let mut yearly: BTreeMap<Metric, i64> = BTreeMap::new();
    let mut monthly: BTreeMap<Metric, Vec<(i32, i64)>> = BTreeMap::new();
    for r in rows {
        let Some(m) = Metric::parse(&r.metric) else { continue };
        if r.period == year {
            yearly.insert(m, r.value);
        } else if r.period / 100 == year {
            monthly.entry(m).or_default().push((r.period, r.value));
        }
    }
    for (m, months) in monthly {
        if let Some(v) = m.year_value(&months) {
            yearly.entry(m).or_insert(v);
        }
    }
    yearly
}

pub async fn recompute_year(tx: &WriteTx, zone: i64, enterprise: i64, year: i32) -> DbResult<()> {
    let rows = list(&**tx, enterprise, Some(year), Some(year * 100 + 12), None).await?;
    let rows: Vec<IndicatorRow> = rows.into_iter().filter(|r| r.period == year || r.period / 100 == year).collect();
    if rows.is_empty() {
        let q = Query::delete()
            .from_table("enterprise_year")
            .and_where(Expr::col("enterprise_id").eq(enterprise))
            .and_where(Expr::col("year").eq(year))
            .take();
        tx.execute(&q).await?;
        return Ok(());
    }
    let figures = year_figures(&rows, year);
    let q = summary_insert(&[(enterprise, zone, year, figures)]);
    tx.execute(&q).await?;
    Ok(())
}

const SUMMARY_COLS: [&str; 8] = ["sales", "output", "tax", "employees", "rd", "energy", "land_mu", "fixed_investment"];

/// Insert-or-replace statement for summary rows (also used by the bulk demo loader).
pub fn summary_insert(rows: &[(i64, i64, i32, BTreeMap<Metric, i64>)]) -> sea_orm::sea_query::InsertStatement {
    let mut q = Query::insert();
    let mut cols = vec!["enterprise_id", "year", "zone_id"];
    cols.extend(SUMMARY_COLS);
    q.into_table("enterprise_year").columns(cols);
    for (ent, zone, year, f) in rows {
        let mut vals: Vec<sea_orm::sea_query::SimpleExpr> = vec![(*ent).into(), (*year).into(), (*zone).into()];
        for code in SUMMARY_COLS {
            let m = Metric::parse(code).unwrap_or(Metric::Sales);
            vals.push(f.get(&m).copied().into());
        }
        q.values_panic(vals);
    }
    q.on_conflict(OnConflict::columns(["enterprise_id", "year"]).update_columns(SUMMARY_COLS).to_owned());
    q
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct YearRow {
    pub year: i32,
    pub sales: Option<i64>,
    pub output: Option<i64>,
    pub tax: Option<i64>,
    pub employees: Option<i64>,
    pub rd: Option<i64>,
    pub energy: Option<i64>,
    pub land_mu: Option<i64>,
    pub fixed_investment: Option<i64>,
}

/// Yearly sales/output of one enterprise (already scope-checked by the caller).
pub async fn years(db: &impl ConnectionTrait, enterprise: i64) -> DbResult<Vec<YearRow>> {
    let q = Query::select()
        .columns(["year", "sales", "output", "tax", "employees", "rd", "energy", "land_mu", "fixed_investment"])
        .from("enterprise_year")
        .and_where(Expr::col("enterprise_id").eq(enterprise))
        .order_by("year", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| YearRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct YearPair {
    pub enterprise_id: i64,
    pub name: String,
    pub park_name: String,
    pub sales: Option<i64>,
    pub prev_sales: Option<i64>,
}

/// Each enterprise's sales in `year` next to the year before, in scope: tier events come from
/// comparing the two under the thresholds in force.
pub async fn year_pairs(db: &impl ConnectionTrait, scope: &Scope, year: i32) -> DbResult<Vec<YearPair>> {
    let q = Query::select()
        .expr_as(Expr::col(("e", "id")), "enterprise_id")
        .expr_as(Expr::col(("e", "name")), "name")
        .expr_as(Expr::col(("p", "name")), "park_name")
        .expr_as(Expr::col(("y", "sales")), "sales")
        .expr_as(Expr::col(("py", "sales")), "prev_sales")
        .from_as("enterprise", "e")
        .join_as(JoinType::InnerJoin, "park", "p", Expr::col(("p", "id")).equals(("e", "park_id")))
        .join_as(
            JoinType::InnerJoin,
            "enterprise_year",
            "y",
            Cond::all()
                .add(Expr::col(("y", "enterprise_id")).equals(("e", "id")))
                .add(Expr::col(("y", "year")).eq(year)),
        )
        .join_as(
            JoinType::LeftJoin,
            "enterprise_year",
            "py",
            Cond::all()
                .add(Expr::col(("py", "enterprise_id")).equals(("e", "id")))
                .add(Expr::col(("py", "year")).eq(year - 1)),
        )
        .cond_where(scope::enterprise(scope))
        .order_by(("y", "sales"), Order::Desc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| YearPair::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct MonthSums {
    pub period: i32,
    pub sales_hi: Option<i64>,
    pub sales_lo: Option<i64>,
    pub output_hi: Option<i64>,
    pub output_lo: Option<i64>,
}

impl MonthSums {
    pub fn sales(&self) -> Option<i128> {
        exact_sum(self.sales_hi, self.sales_lo)
    }
    pub fn output(&self) -> Option<i128> {
        exact_sum(self.output_hi, self.output_lo)
    }
}

/// The value of `metric`'s rows, 0 for the others.
fn metric_value(metric: &str) -> Expr {
    Expr::case(Expr::col(("ind", "metric")).eq(metric), Expr::col(("ind", "value"))).finally(0).into()
}

/// Monthly zone totals of sales and output for a year, over the enterprises a filter selects.
pub async fn monthly_sums(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &EnterpriseFilter,
) -> DbResult<Vec<MonthSums>> {
    let year = filter.year;
    let mut f = filter.clone();
    f.tier = None;
    let q = Query::select()
        .expr_as(Expr::col(("ind", "period")), "period")
        .expr_as(sum_high(metric_value("sales")), "sales_hi")
        .expr_as(sum_low(metric_value("sales")), "sales_lo")
        .expr_as(sum_high(metric_value("output")), "output_hi")
        .expr_as(sum_low(metric_value("output")), "output_lo")
        .from_as("indicator", "ind")
        .join_as(JoinType::InnerJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("ind", "enterprise_id")))
        .cond_where(f.condition(scope))
        .and_where(Expr::col(("ind", "zone_id")).eq(scope.zone))
        .and_where(Expr::col(("ind", "period")).between(year * 100 + 1, year * 100 + 12))
        .and_where(Expr::col(("ind", "metric")).is_in(["sales", "output"]))
        .group_by_col(("ind", "period"))
        .order_by(("ind", "period"), Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| MonthSums::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// Count of enterprises at or above `threshold` in each year that has data (charts, goals).
pub async fn tier_counts_by_year(
    db: &impl ConnectionTrait,
    scope: &Scope,
    park: Option<i64>,
    thresholds: &[i64],
) -> DbResult<Vec<(i32, Vec<i64>)>> {
    let mut q = Query::select();
    q.expr_as(Expr::col(("y", "year")), "year");
    for (i, t) in thresholds.iter().enumerate() {
        q.expr_as(sum_i64(Expr::case(Expr::col(("y", "sales")).gte(*t), 1).finally(0)), format!("c{i}"));
    }
    q.from_as("enterprise", "e")
        .join_as(JoinType::InnerJoin, "enterprise_year", "y", Expr::col(("y", "enterprise_id")).equals(("e", "id")))
        .cond_where(scope::enterprise(scope));
    if let Some(p) = park {
        q.and_where(Expr::col(("e", "park_id")).eq(p));
    }
    q.group_by_col(("y", "year")).order_by(("y", "year"), Order::Asc);
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        let year: i32 = r.try_get("", "year")?;
        let mut counts = Vec::new();
        for i in 0..thresholds.len() {
            counts.push(r.try_get::<Option<i64>>("", &format!("c{i}"))?.unwrap_or(0));
        }
        out.push((year, counts));
    }
    Ok(out)
}

/// The latest year with yearly figures in the zone (an index lookup on `enterprise_year`).
pub async fn latest_year(db: &impl ConnectionTrait, zone: i64) -> DbResult<Option<i32>> {
    let q = Query::select()
        .expr(Func::max(Expr::col("year")))
        .from("enterprise_year")
        .and_where(Expr::col("zone_id").eq(zone))
        .take();
    Ok(db.query_one(&q).await?.map(|r| r.try_get_by_index::<Option<i32>>(0)).transpose()?.flatten())
}

/// Recomputes every yearly summary from the records and lists disagreements (for `zoneops
/// check` and the tests that prove the summaries stay exact). Works in slices of enterprises
/// so memory stays bounded on a large zone.
pub async fn verify_summaries(db: &impl ConnectionTrait) -> DbResult<Vec<String>> {
    let mut problems = Vec::new();
    let mut after = 0i64;
    loop {
        let ids_q = Query::select()
            .column("id")
            .from("enterprise")
            .and_where(Expr::col("id").gt(after))
            .order_by("id", Order::Asc)
            .limit(500)
            .take();
        let ids: Vec<i64> =
            db.query_all(&ids_q).await?.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<Result<_, _>>()?;
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else { break };
        after = last;
        let rows_q = Query::select()
            .columns(["enterprise_id", "metric", "period", "value"])
            .from("indicator")
            .and_where(Expr::col("enterprise_id").between(first, last))
            .take();
        let mut by_key: BTreeMap<(i64, i32), Vec<IndicatorRow>> = BTreeMap::new();
        for r in db.query_all(&rows_q).await? {
            let ent: i64 = r.try_get("", "enterprise_id")?;
            let row = IndicatorRow::from_query_result(&r, "")?;
            let year = if row.period > 9999 { row.period / 100 } else { row.period };
            by_key.entry((ent, year)).or_default().push(row);
        }
        let sum_q = Query::select()
            .columns([
                "enterprise_id",
                "year",
                "sales",
                "output",
                "tax",
                "employees",
                "rd",
                "energy",
                "fixed_investment",
            ])
            .from("enterprise_year")
            .and_where(Expr::col("enterprise_id").between(first, last))
            .take();
        let mut stored: BTreeMap<(i64, i32), sea_orm::QueryResult> = BTreeMap::new();
        for r in db.query_all(&sum_q).await? {
            stored.insert((r.try_get("", "enterprise_id")?, r.try_get("", "year")?), r);
        }
        for ((ent, year), rows) in &by_key {
            let f = year_figures(rows, *year);
            let Some(s) = stored.remove(&(*ent, *year)) else {
                problems.push(format!("enterprise {ent} year {year}: summary missing"));
                continue;
            };
            for m in [
                Metric::Sales,
                Metric::Output,
                Metric::Tax,
                Metric::Employees,
                Metric::Rd,
                Metric::Energy,
                Metric::FixedInvestment,
            ] {
                let want = f.get(&m).copied();
                let got: Option<i64> = s.try_get("", m.code())?;
                if want != got {
                    problems
                        .push(format!("enterprise {ent} year {year} {}: summary {got:?} ≠ records {want:?}", m.code()));
                }
            }
        }
        for (ent, year) in stored.keys() {
            problems.push(format!("enterprise {ent} year {year}: summary without records"));
        }
        if problems.len() > 100 {
            break;
        }
    }
    Ok(problems)
}

/// The month grids' reads and batch writes (issue #16 part 4).
pub mod grid;
