//! Month grids (issue #16 part 4): every metric of one enterprise for a month, and one metric of
//! all a park's enterprises for a month, read with their neighbours (the month before, the same
//! month a year earlier) and saved as a batch of changed cells. Values are checked by the same
//! domain rules and answered with the same codes as `PUT /enterprises/{id}/indicators`; a save
//! is one transaction with one audit entry per enterprise whose figures changed, or nothing. A
//! cell saved as `null` removes the record: a figure nobody reported is absent, never 0.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::json;
use zoneops_db::PageQuery;
use zoneops_db::enterprise::EnterpriseFilter;
use zoneops_db::indicator::grid::{self as repo, CellChange};
use zoneops_domain::Permission;
use zoneops_domain::metric::Metric;
use zoneops_domain::period::Period;

use super::require_visible;
use crate::{Actor, AppError, AppResult, Ctx, input};

/// Most enterprises one page of a park's grid holds (a large park on one page: a pasted column
/// lands on all of it), and most cells one save may send.
pub const GRID_MAX_PAGE: u64 = 1000;
pub const GRID_MAX_ITEMS: usize = 2000;

/// `YYYY-MM` → the month, refused when malformed, outside 1990–2100, or after the zone's
/// current month (figures of a month not yet over cannot have been reported).
fn parse_month(ctx: &Ctx, raw: Option<&str>) -> AppResult<Period> {
    let bad = || AppError::invalid("month", "MONTH_INVALID", "月份格式应为YYYY-MM（如2021-06），年份在1990–2100之间");
    let raw = raw.map(str::trim).filter(|s| !s.is_empty()).ok_or_else(bad)?;
    let (y, m) = raw.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let key = y.parse::<i64>().map_err(|_| bad())? * 100 + m.parse::<i64>().map_err(|_| bad())?;
    let month = Period::from_key(key).map_err(|_| bad())?;
    if month > Period::of_date(ctx.today()) {
        return Err(AppError::invalid("month", "MONTH_IN_FUTURE", "不能填报本月之后的月份"));
    }
    Ok(month)
}

fn month_text(p: Period) -> String {
    format!("{}-{:02}", p.year(), p.month().unwrap_or(1))
}

fn parse_metric(code: Option<&str>, field: &str) -> AppResult<Metric> {
    code.and_then(Metric::parse).ok_or_else(|| {
        AppError::invalid(
            field,
            "INDICATOR_METRIC_UNKNOWN",
            "指标应为 sales、output、tax、employees、rd、energy、land_mu 或 fixed_investment",
        )
    })
}

/// The month before and the same month a year earlier.
fn neighbours(month: Period) -> (i32, i32) {
    let key = month.key();
    (if key % 100 == 1 { key - 89 } else { key - 1 }, key - 100)
}

fn shown(m: Metric, v: Option<i64>) -> Option<f64> {
    v.map(|v| m.value_to_f64(v))
}

/// A cell as sent: the value in the metric's unit (money in 元, as the indicator API), or
/// `null` to remove the figure. The key must be present: a row without it is refused rather
/// than read as "clear".
fn cell_value(m: Metric, value: Option<Option<f64>>, field: String) -> AppResult<Option<i64>> {
    match value {
        None => Err(AppError::invalid(field, "INDICATOR_VALUE_MISSING", "请填写数值；清除已填数值请传 null")),
        Some(None) => Ok(None),
        Some(Some(v)) => m.value_from_f64(v).map(Some).map_err(|e| AppError::invalid(field, e.code(), e.message_zh(m))),
    }
}

/// A figure as the audit entry keeps it (`value: null` when the save removed it).
#[derive(Clone, Debug, Serialize)]
struct AuditedCell {
    metric: &'static str,
    period: i32,
    value: Option<f64>,
}

/// A changed cell: metric, month, the stored figure before and after (hundredths; `None`: none).
type Changed = (Metric, Period, Option<i64>, Option<i64>);

/// The changed cells of one enterprise and its audit snapshots.
fn audit_pair(cells: &[Changed]) -> (Vec<AuditedCell>, Vec<AuditedCell>) {
    let before = cells
        .iter()
        .filter(|(_, _, old, _)| old.is_some())
        .map(|(m, p, old, _)| AuditedCell { metric: m.code(), period: p.key(), value: shown(*m, *old) })
        .collect();
    let after = cells
        .iter()
        .map(|(m, p, _, new)| AuditedCell { metric: m.code(), period: p.key(), value: shown(*m, *new) })
        .collect();
    (before, after)
}

/// What a save did: cells whose figure was set or changed, removed, and sent unchanged.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct GridSaved {
    pub updated: usize,
    pub cleared: usize,
    pub unchanged: usize,
}

/// Compares wanted cells with the stored ones, writes the differences and their audit entries
/// (one per enterprise, the write's last statements) in one transaction.
async fn save_cells(
    ctx: &Ctx,
    actor: &Actor,
    metric: Option<Metric>,
    month: Period,
    wanted: Vec<(i64, Metric, Option<i64>)>,
) -> AppResult<GridSaved> {
    let ents: Vec<i64> = wanted.iter().map(|w| w.0).collect::<BTreeSet<_>>().into_iter().collect();
    let tx = ctx.db.begin_write().await?;
    // Locked before reading, so the audit's "before" is what this save replaces.
    repo::lock_enterprises(&tx, &ents).await?;
    let stored: BTreeMap<(i64, String), i64> = repo::at_periods(&*tx, &ents, metric, &[month.key()])
        .await?
        .into_iter()
        .map(|c| ((c.enterprise_id, c.metric), c.value))
        .collect();
    let mut saved = GridSaved::default();
    let mut changes: Vec<CellChange> = Vec::new();
    let mut by_ent: BTreeMap<i64, Vec<Changed>> = BTreeMap::new();
    for (e, m, new) in wanted {
        let old = stored.get(&(e, m.code().to_owned())).copied();
        if old == new {
            saved.unchanged += 1;
            continue;
        }
        if new.is_some() {
            saved.updated += 1
        } else {
            saved.cleared += 1
        }
        changes.push((e, m, month, new));
        by_ent.entry(e).or_default().push((m, month, old, new));
    }
    if changes.is_empty() {
        // Nothing to write: no audit entry, and the caches stay valid.
        return Ok(saved);
    }
    repo::apply_cells(&tx, actor.zone(), &changes).await?;
    for (e, cells) in &by_ent {
        let (before, after) = audit_pair(cells);
        actor.audit(&tx, "update_indicators", "enterprise", e, Some(&before), Some(&after)).await?;
    }
    tx.commit().await?;
    Ok(saved)
}

// ---- one enterprise, every metric

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct MonthQuery {
    /// The month, `YYYY-MM`.
    pub month: Option<String>,
}

/// One metric of the enterprise's month grid.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MonthGridRow {
    pub metric: Metric,
    pub label: &'static str,
    /// The unit of the values (元 for money; the console shows 万元).
    pub unit: &'static str,
    pub money: bool,
    pub decimals: u32,
    pub value: Option<f64>,
    /// The month before.
    pub previous: Option<f64>,
    /// The same month a year earlier.
    pub last_year: Option<f64>,
    /// A yearly record of the month's year: it wins over the months in the yearly figures.
    pub year_record: Option<f64>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MonthGrid {
    pub enterprise_id: i64,
    pub name: String,
    pub month: String,
    pub rows: Vec<MonthGridRow>,
}

pub async fn month_grid(ctx: &Ctx, actor: &Actor, id: i64, q: &MonthQuery) -> AppResult<MonthGrid> {
    actor.require(Permission::EnterpriseRead)?;
    require_visible(ctx, actor, id).await?;
    let month = parse_month(ctx, q.month.as_deref())?;
    read_month_grid(ctx, actor, id, month).await
}

async fn read_month_grid(ctx: &Ctx, actor: &Actor, id: i64, month: Period) -> AppResult<MonthGrid> {
    let (prev, last_year) = neighbours(month);
    let periods = [month.key(), prev, last_year, month.year()];
    let names = repo::visible_of(ctx.db.conn(), &actor.scope, &[id]).await?;
    let name = names.get(&id).cloned().ok_or(AppError::NotFound)?;
    let cells: BTreeMap<(String, i32), i64> = repo::at_periods(ctx.db.conn(), &[id], None, &periods)
        .await?
        .into_iter()
        .map(|c| ((c.metric, c.period), c.value))
        .collect();
    let at = |m: Metric, p: i32| cells.get(&(m.code().to_owned(), p)).copied();
    let rows = Metric::ALL
        .into_iter()
        .map(|m| MonthGridRow {
            metric: m,
            label: m.label_zh(),
            unit: m.unit_zh(),
            money: m.is_money(),
            decimals: m.max_decimals(),
            value: shown(m, at(m, month.key())),
            previous: shown(m, at(m, prev)),
            last_year: shown(m, at(m, last_year)),
            year_record: shown(m, at(m, month.year())),
        })
        .collect();
    Ok(MonthGrid { enterprise_id: id, name, month: month_text(month), rows })
}

/// A changed cell of the enterprise grid.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthCell {
    #[schema(schema_with = input::schema::code)]
    pub metric: String,
    /// The value in the metric's unit; `null` removes the figure.
    #[schema(value_type = Option<f64>)]
    #[serde(default, deserialize_with = "input::nullable")]
    pub value: Option<Option<f64>>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthGridInput {
    #[schema(example = "2021-06")]
    pub month: String,
    pub items: Vec<MonthCell>,
}

/// The grid as stored after the save, with what the save did.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MonthGridSaved {
    #[serde(flatten)]
    pub saved: GridSaved,
    pub grid: MonthGrid,
}

pub async fn save_month_grid(ctx: &Ctx, actor: &Actor, id: i64, input: MonthGridInput) -> AppResult<MonthGridSaved> {
    actor.require(Permission::IndicatorWrite)?;
    require_visible(ctx, actor, id).await?;
    let month = parse_month(ctx, Some(&input.month))?;
    if input.items.is_empty() {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_EMPTY", "请至少填写一项指标"));
    }
    if input.items.len() > Metric::ALL.len() {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_TOO_MANY", "每项指标最多一行"));
    }
    let mut wanted: Vec<(i64, Metric, Option<i64>)> = Vec::with_capacity(input.items.len());
    for (i, it) in input.items.into_iter().enumerate() {
        let m = parse_metric(Some(&it.metric), &format!("items[{i}].metric"))?;
        if let Some(first) = wanted.iter().position(|w| w.1 == m) {
            return Err(AppError::invalid(
                format!("items[{i}].metric"),
                "INDICATOR_DUPLICATE",
                format!("第{}项与第{}项是同一指标（{}），请只保留一项", i + 1, first + 1, m.label_zh()),
            ));
        }
        wanted.push((id, m, cell_value(m, it.value, format!("items[{i}].value"))?));
    }
    let saved = save_cells(ctx, actor, None, month, wanted).await?;
    Ok(MonthGridSaved { saved, grid: read_month_grid(ctx, actor, id, month).await? })
}

// ---- one park, one metric, every enterprise

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ParkGridQuery {
    /// The park (zone-wide callers; a park user's grid is its own parks whatever this says).
    pub park: Option<i64>,
    pub metric: Option<String>,
    /// The month, `YYYY-MM`.
    pub month: Option<String>,
    /// `true`: 规上 enterprises only.
    pub above_size: Option<bool>,
    /// Name, credit code or pinyin initials.
    pub q: Option<String>,
    pub page: Option<u64>,
    /// Up to 1000 (default 500).
    pub page_size: Option<u64>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ParkGridRow {
    pub enterprise_id: i64,
    pub name: String,
    pub credit_code: String,
    pub above_size: bool,
    pub park_id: i64,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub last_year: Option<f64>,
    pub year_record: Option<f64>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ParkGrid {
    pub metric: Metric,
    pub label: &'static str,
    pub unit: &'static str,
    pub money: bool,
    pub decimals: u32,
    pub month: String,
    pub items: Vec<ParkGridRow>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

pub async fn park_grid(ctx: &Ctx, actor: &Actor, q: &ParkGridQuery) -> AppResult<ParkGrid> {
    actor.require(Permission::EnterpriseRead)?;
    let metric = parse_metric(q.metric.as_deref(), "metric")?;
    let month = parse_month(ctx, q.month.as_deref())?;
    if q.q.as_ref().is_some_and(|s| s.chars().count() > 100) {
        return Err(AppError::invalid("q", "QUERY_TOO_LONG", "搜索内容不能超过100个字符"));
    }
    let filter = EnterpriseFilter {
        q: q.q.clone(),
        park: q.park,
        above_size: q.above_size.filter(|a| *a),
        year: month.year(),
        ..Default::default()
    };
    let page =
        PageQuery { page: q.page.unwrap_or(1).max(1), page_size: q.page_size.unwrap_or(500).clamp(1, GRID_MAX_PAGE) };
    let rows = repo::grid(ctx.db.conn(), &actor.scope, &filter, metric, month, page).await?;
    let m = metric;
    Ok(ParkGrid {
        metric,
        label: m.label_zh(),
        unit: m.unit_zh(),
        money: m.is_money(),
        decimals: m.max_decimals(),
        month: month_text(month),
        items: rows
            .items
            .into_iter()
            .map(|r| ParkGridRow {
                enterprise_id: r.enterprise_id,
                name: r.name,
                credit_code: r.credit_code,
                above_size: r.above_size,
                park_id: r.park_id,
                value: shown(m, r.value),
                previous: shown(m, r.previous),
                last_year: shown(m, r.last_year),
                year_record: shown(m, r.year_record),
            })
            .collect(),
        total: rows.total,
        page: rows.page,
        page_size: rows.page_size,
    })
}

/// A changed cell of a park's grid.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParkCell {
    pub enterprise_id: i64,
    /// The value in the metric's unit; `null` removes the figure.
    #[schema(value_type = Option<f64>)]
    #[serde(default, deserialize_with = "input::nullable")]
    pub value: Option<Option<f64>>,
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParkGridInput {
    #[schema(schema_with = input::schema::code)]
    pub metric: String,
    #[schema(example = "2021-06")]
    pub month: String,
    pub items: Vec<ParkCell>,
}

/// One refused row of a batch: the row, its enterprise by name, the field and why.
#[derive(Clone, Debug, Serialize)]
struct RowError {
    index: usize,
    enterprise_id: i64,
    name: Option<String>,
    field: String,
    code: &'static str,
    message: String,
}

/// Saves a batch of one metric and month, all or nothing. Every row is checked before anything
/// is written; a refusal is a 422 naming the first bad row (`items[i].value`, the enterprise in
/// the message) with every bad row in `params.errors`. An enterprise outside the caller's scope
/// reads exactly like one that does not exist.
pub async fn save_park_grid(ctx: &Ctx, actor: &Actor, input: ParkGridInput) -> AppResult<GridSaved> {
    actor.require(Permission::IndicatorWrite)?;
    let metric = parse_metric(Some(&input.metric), "metric")?;
    let month = parse_month(ctx, Some(&input.month))?;
    if input.items.is_empty() {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_EMPTY", "请至少填写一项指标"));
    }
    if input.items.len() > GRID_MAX_ITEMS {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_TOO_MANY", "一次最多提交2000项指标"));
    }
    let ids: Vec<i64> = input.items.iter().map(|i| i.enterprise_id).collect::<BTreeSet<_>>().into_iter().collect();
    let names = repo::visible_of(ctx.db.conn(), &actor.scope, &ids).await?;
    let mut errors: Vec<RowError> = Vec::new();
    let mut wanted = Vec::with_capacity(input.items.len());
    let mut first_row: BTreeMap<i64, usize> = BTreeMap::new();
    for (i, it) in input.items.into_iter().enumerate() {
        let e = it.enterprise_id;
        let name = names.get(&e).cloned();
        let mut refuse = |field: String, code: &'static str, why: String| {
            let who = name.as_deref().map_or_else(|| format!("企业（编号{e}）"), str::to_owned);
            errors.push(RowError {
                index: i,
                enterprise_id: e,
                name: name.clone(),
                field,
                code,
                message: format!("第{}行 {who}：{why}", i + 1),
            });
        };
        if name.is_none() {
            refuse(format!("items[{i}].enterprise_id"), "ENTERPRISE_NOT_FOUND", "企业不存在或无权填报".into());
            continue;
        }
        if let Some(first) = first_row.insert(e, i) {
            refuse(
                format!("items[{i}].enterprise_id"),
                "INDICATOR_DUPLICATE",
                format!("与第{}行是同一企业", first + 1),
            );
            continue;
        }
        match cell_value(metric, it.value, format!("items[{i}].value")) {
            Ok(v) => wanted.push((e, metric, v)),
            Err(AppError::Invalid { field, code, message, .. }) => refuse(field, code, message),
            Err(other) => return Err(other),
        }
    }
    if let Some(first) = errors.first() {
        let (field, code, message) = (first.field.clone(), first.code, first.message.clone());
        let message = if errors.len() > 1 { format!("{message}（共{}行有误）", errors.len()) } else { message };
        return Err(AppError::Invalid { field, code, message, params: json!({ "errors": errors }) });
    }
    save_cells(ctx, actor, Some(metric), month, wanted).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_cross_the_year() {
        assert_eq!(neighbours(Period::Month(2021, 1)), (202012, 202001));
        assert_eq!(neighbours(Period::Month(2021, 6)), (202105, 202006));
    }

    #[test]
    fn a_missing_value_is_refused_and_null_clears() {
        assert!(cell_value(Metric::Sales, None, "v".into()).is_err());
        assert_eq!(cell_value(Metric::Sales, Some(None), "v".into()).unwrap(), None);
        assert_eq!(cell_value(Metric::Sales, Some(Some(12.34)), "v".into()).unwrap(), Some(1234));
        assert!(cell_value(Metric::Employees, Some(Some(1.5)), "v".into()).is_err());
    }
}
