//! An enterprise's figures: monthly and yearly indicators, its tier by year, and the zone's tier events.

use crate::{Actor, AppError, AppResult, Ctx, input};
use serde::{Deserialize, Serialize};
use zoneops_db::indicator::{self, IndicatorRow};
use zoneops_domain::Permission;
use zoneops_domain::metric::Metric;
use zoneops_domain::money::Money;
use zoneops_domain::period::Period;
use zoneops_domain::tier::Tier;

use super::*;

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
pub struct IndicatorQuery {
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub metric: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorItem {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub metric: String,
    pub period: i64,
    pub value: f64,
}

fn parse_metric(code: &str, field: &str) -> AppResult<Metric> {
    Metric::parse(code).ok_or_else(|| {
        AppError::invalid(
            field,
            "INDICATOR_METRIC_UNKNOWN",
            "指标应为 sales、output、tax、employees、rd、energy、land_mu 或 fixed_investment",
        )
    })
}

fn parse_period(key: i64, field: &str) -> AppResult<Period> {
    Period::from_key(key).map_err(|e| AppError::invalid(field, "PERIOD_INVALID", e.message_zh()))
}

fn item(r: IndicatorRow) -> Option<IndicatorItem> {
    let m = Metric::parse(&r.metric)?;
    Some(IndicatorItem { metric: r.metric, period: r.period as i64, value: m.value_to_f64(r.value) })
}

pub async fn indicators(ctx: &Ctx, actor: &Actor, id: i64, q: &IndicatorQuery) -> AppResult<Vec<IndicatorItem>> {
    actor.require(Permission::EnterpriseRead)?;
    require_visible(ctx, actor, id).await?;
    let metric = q.metric.as_deref().filter(|m| !m.is_empty()).map(|m| parse_metric(m, "metric")).transpose()?;
    let from = q.from.map(|k| parse_period(k, "from")).transpose()?;
    let to = q.to.map(|k| parse_period(k, "to")).transpose()?;
    // A year bound covers its months too: from=2021 starts at 202101, to=2021 ends at 202112.
    let lo = from.map(|p| if p.is_month() { p.key() } else { p.year() });
    let hi = to.map(|p| if p.is_month() { p.key() } else { p.year() * 100 + 12 });
    let rows = indicator::list(ctx.db.conn(), id, lo, hi, metric).await?;
    Ok(rows
        .into_iter()
        .filter(|r| lo.is_none_or(|l| r.period >= l || (r.period < 10000 && r.period * 100 + 12 >= l)))
        .filter_map(item)
        .collect())
}

pub async fn put_indicators(
    ctx: &Ctx,
    actor: &Actor,
    id: i64,
    items: Vec<IndicatorItem>,
) -> AppResult<Vec<IndicatorItem>> {
    actor.require(Permission::IndicatorWrite)?;
    if items.is_empty() {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_EMPTY", "请至少填写一项指标"));
    }
    if items.len() > 2000 {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_TOO_MANY", "一次最多提交2000项指标"));
    }
    require_visible(ctx, actor, id).await?;
    let mut parsed = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let m = parse_metric(&it.metric, &format!("items[{i}].metric"))?;
        let p = parse_period(it.period, &format!("items[{i}].period"))?;
        let v = m
            .value_from_f64(it.value)
            .map_err(|e| AppError::invalid(format!("items[{i}].value"), e.code(), e.message_zh(m)))?;
        if let Some(first) = parsed.iter().position(|(pm, pp, _)| *pm == m && *pp == p) {
            return Err(AppError::invalid(
                format!("items[{i}].period"),
                "INDICATOR_DUPLICATE",
                format!("第{}项与第{}项是同一指标的同一期间（{}），请只保留一项", i + 1, first + 1, p.key()),
            ));
        }
        parsed.push((m, p, v));
    }
    // The audit's "before" needs only the records in the range this request touches.
    let lo = parsed.iter().map(|(_, p, _)| p.key()).min();
    let hi = parsed.iter().map(|(_, p, _)| p.key()).max();
    let before = indicator::list(ctx.db.conn(), id, lo, hi, None).await?;
    let tx = ctx.db.begin_write().await?;
    indicator::upsert(&tx, actor.zone(), id, &parsed).await?;
    let changed: Vec<IndicatorItem> = parsed
        .iter()
        .map(|(m, p, v)| IndicatorItem { metric: m.code().into(), period: p.key() as i64, value: m.value_to_f64(*v) })
        .collect();
    let old: Vec<IndicatorItem> = before
        .into_iter()
        .filter(|r| parsed.iter().any(|(m, p, _)| m.code() == r.metric && p.key() == r.period))
        .filter_map(item)
        .collect();
    actor.audit(&tx, "update_indicators", "enterprise", id, Some(&old), Some(&changed)).await?;
    tx.commit().await?;
    Ok(changed)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TierYear {
    pub year: i32,
    pub sales: f64,
    pub output: f64,
    pub tier: Tier,
    pub double_baiyi: bool,
}

pub async fn tiers(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<TierYear>> {
    actor.require(Permission::EnterpriseRead)?;
    require_visible(ctx, actor, id).await?;
    let t = ctx.settings.tiers();
    Ok(indicator::years(ctx.db.conn(), id)
        .await?
        .into_iter()
        .map(|y| {
            let (s, o) = (Money::from_fen(y.sales.unwrap_or(0)), Money::from_fen(y.output.unwrap_or(0)));
            TierYear {
                year: y.year,
                sales: s.to_yuan_f64(),
                output: o.to_yuan_f64(),
                tier: t.classify(s),
                double_baiyi: t.is_double_baiyi(s, o),
            }
        })
        .collect())
}

/// One year of an enterprise's figures, each in its metric's unit, as the summary holds them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct YearFigures {
    pub year: i32,
    pub figures: std::collections::BTreeMap<&'static str, f64>,
}

pub async fn years(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<YearFigures>> {
    actor.require(Permission::EnterpriseRead)?;
    require_visible(ctx, actor, id).await?;
    Ok(indicator::years(ctx.db.conn(), id)
        .await?
        .into_iter()
        .map(|y| {
            let stored = [
                (Metric::Sales, y.sales),
                (Metric::Output, y.output),
                (Metric::Tax, y.tax),
                (Metric::Employees, y.employees),
                (Metric::Rd, y.rd),
                (Metric::Energy, y.energy),
                (Metric::LandMu, y.land_mu),
                (Metric::FixedInvestment, y.fixed_investment),
            ];
            let figures = stored.iter().filter_map(|(m, v)| v.map(|v| (m.code(), m.value_to_f64(v)))).collect();
            YearFigures { year: y.year, figures }
        })
        .collect())
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TierEvent {
    pub enterprise_id: i64,
    pub name: String,
    pub park_name: String,
    pub year: i32,
    pub from: Tier,
    pub to: Tier,
    pub sales: f64,
    pub prev_sales: Option<f64>,
}

/// Tier changes between `year - 1` and `year`, computed from the records under the thresholds
/// in force: upward moves first (by sales), then downward ones.
pub async fn tier_events(ctx: &Ctx, actor: &Actor, year: i32) -> AppResult<Vec<TierEvent>> {
    actor.require(Permission::EnterpriseRead)?;
    let year = check_year(year)?;
    let t = ctx.settings.tiers();
    let mut events: Vec<TierEvent> = indicator::year_pairs(ctx.db.conn(), &actor.scope, year)
        .await?
        .into_iter()
        .filter_map(|p| {
            let to = t.classify(Money::from_fen(p.sales.unwrap_or(0)));
            let from = t.classify(Money::from_fen(p.prev_sales.unwrap_or(0)));
            (to != from).then(|| TierEvent {
                enterprise_id: p.enterprise_id,
                name: p.name,
                park_name: p.park_name,
                year,
                from,
                to,
                sales: Money::from_fen(p.sales.unwrap_or(0)).to_yuan_f64(),
                prev_sales: p.prev_sales.map(|f| Money::from_fen(f).to_yuan_f64()),
            })
        })
        .collect();
    events.sort_by(|a, b| (b.to > b.from).cmp(&(a.to > a.from)).then(b.sales.total_cmp(&a.sales)));
    Ok(events)
}
