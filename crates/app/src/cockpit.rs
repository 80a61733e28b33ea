//! The leader cockpit: figures computed from the records at request time, each with the API
//! path of the list behind it. A count's list is built from the very same filter, so the drill
//! list's total always equals the figure.

use serde::{Deserialize, Serialize};
use zoneops_db::enterprise::{self as repo, EnterpriseFilter};
use zoneops_db::indicator;
use zoneops_db::reference::{self, Dict};
use zoneops_domain::Permission;
use zoneops_domain::money::Money;

use chrono::NaiveDate;
use zoneops_db::activity::{ActivityFilter, StatsGroup};
use zoneops_db::project::ProjectFilter;
use zoneops_domain::invest::{ProjectCategory, days_inclusive};
use zoneops_domain::project::STAGES;

use crate::check;
use crate::enterprise::{check_year, default_year};
use crate::goal::{self, GoalView};
use crate::invest;
use crate::project::{self, ProjectQuery};
use crate::{Actor, AppError, AppResult, Ctx};

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct CockpitQuery {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub park: Option<i64>,
    /// Project category for the project figures (all categories when absent).
    pub category: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Figure {
    pub key: &'static str,
    pub label: &'static str,
    pub value: f64,
    pub unit: &'static str,
    pub drill: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Cockpit {
    pub year: i32,
    pub park: Option<i64>,
    /// The period of the project and activity figures.
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub figures: Vec<Figure>,
    /// When the figures were computed (an answer may be reused for a few seconds while nothing
    /// was written: `answers`).
    pub as_of: chrono::DateTime<chrono::Utc>,
}

async fn resolve(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<(i32, Option<i64>)> {
    actor.require(Permission::CockpitRead)?;
    let year = match (q.year, q.to.as_deref()) {
        (Some(y), _) => check_year(y)?,
        (None, Some(to)) => {
            let d = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("to", "DATE_INVALID", "日期格式应为YYYY-MM-DD"))?;
            check_year(chrono::Datelike::year(&d))?
        }
        (None, None) => default_year(ctx, actor).await?,
    };
    if let Some(from) = q.from.as_deref() {
        chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d")
            .map_err(|_| AppError::invalid("from", "DATE_INVALID", "日期格式应为YYYY-MM-DD"))?;
    }
    if let Some(p) = q.park
        && reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Park, p).await?.is_none()
    {
        return Err(AppError::invalid("park", "PARK_UNKNOWN", "所选园区不存在"));
    }
    Ok((year, q.park))
}

pub async fn figures(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<Cockpit> {
    actor.require(Permission::CockpitRead)?;
    let question = format!("{q:?}");
    ctx.cockpit_answers
        .get_or_load(actor.user_id, &question, ctx.db.write_version(), || compute_figures(ctx, actor, q))
        .await
}

async fn compute_figures(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<Cockpit> {
    let (year, park) = resolve(ctx, actor, q).await?;
    let tiers = ctx.settings.tiers();
    let base = EnterpriseFilter { year, park, ..Default::default() };
    let park_param = park.map(|p| format!("&park={p}")).unwrap_or_default();
    let drill = |tier: Option<&str>| match tier {
        Some(t) => format!("/api/v1/enterprises?year={year}&tier={t}{park_param}"),
        None => format!("/api/v1/enterprises?year={year}{park_param}"),
    };
    let c = repo::tier_counts(ctx.db.conn(), &actor.scope, &base, &tiers).await?;
    let count = |key, label, value: i64, tier: Option<&str>| Figure {
        key,
        label,
        value: value as f64,
        unit: "家",
        drill: drill(tier),
    };
    let money =
        |key, label, fen: Option<i128>| Figure { key, label, value: yuan(fen), unit: "元", drill: drill(None) };
    let figures = vec![
        count("enterprises.total", "企业总数", c.total, None),
        count("enterprises.yi_plus", "亿元以上企业", c.yi_plus.unwrap_or(0), Some("yi")),
        count("enterprises.shiyi_plus", "10亿元以上企业", c.shiyi_plus.unwrap_or(0), Some("shiyi")),
        count("enterprises.baiyi_plus", "百亿元以上企业", c.baiyi_plus.unwrap_or(0), Some("baiyi")),
        count("enterprises.double_baiyi", "双过百亿企业", c.double_baiyi.unwrap_or(0), Some("double_baiyi")),
        count("enterprises.new_shiyi", "新增10亿级企业", c.new_shiyi.unwrap_or(0), Some("new_shiyi")),
        count("enterprises.new_yi", "新增亿元级企业", c.new_yi.unwrap_or(0), Some("new_yi")),
        money("indicators.sales", "销售收入", c.sales()),
        money("indicators.output", "工业产值", c.output()),
    ];
    let (from, to) = invest_period(q, year)?;
    let mut figures = figures;
    figures.extend(invest_figures(ctx, actor, q, from, to).await?);
    if actor.can(Permission::TicketRead) {
        figures.extend(ticket_figures(ctx, actor, q.park, from, to).await?);
    }
    if actor.can(Permission::VisitRead) {
        figures.extend(visit_figures(ctx, actor, q.park, from, to).await?);
    }
    Ok(Cockpit { year, park, from, to, figures, as_of: chrono::Utc::now() })
}

/// The period of the project and activity figures: `from..=to` when given, else the year up to
/// today.
fn invest_period(q: &CockpitQuery, year: i32) -> AppResult<(NaiveDate, NaiveDate)> {
    let from = check::optional_date("from", "开始日期", q.from.as_deref())?;
    let to = check::optional_date("to", "结束日期", q.to.as_deref())?;
    let year_start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX).min(check::today().max(year_start));
    let (from, to) = (from.unwrap_or(year_start), to.unwrap_or(year_end));
    if to < from {
        return Err(AppError::invalid("to", "DATE_ORDER", "结束日期不能早于开始日期"));
    }
    Ok((from, to))
}

fn category(q: &CockpitQuery) -> AppResult<Option<ProjectCategory>> {
    check::optional_pick("category", "项目类别", &q.category)
}

/// Signed projects, bands, stage events, late projects, trips and receptions. Each count uses
/// the very filter its drill path encodes (`project::filter` parses that path's query).
async fn invest_figures(
    ctx: &Ctx,
    actor: &Actor,
    q: &CockpitQuery,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<Figure>> {
    let mut out = Vec::new();
    let db = ctx.db.conn();
    let mut common = String::new();
    if let Some(p) = q.park {
        common.push_str(&format!("&park={p}"));
    }
    if actor.can(Permission::ProjectRead) {
        let mut cat = String::new();
        if let Some(c) = category(q)? {
            cat = format!("&category={c}");
        }
        let figure = |key, label, unit, value: f64, query: String| Figure {
            key,
            label,
            value,
            unit,
            drill: format!("/api/v1/projects?{}", query.trim_start_matches('&')),
        };
        let signed = format!("signed_from={from}&signed_to={to}{cat}{common}");
        let count_sum = |query: String| async move {
            let pq: ProjectQuery = serde_urlencoded::from_str(&query).map_err(AppError::internal)?;
            let f = project::filter(ctx, &pq)?;
            let (n, sum) = zoneops_db::project::count_and_sum(db, &actor.scope, &f).await?;
            Ok::<_, AppError>((n as f64, Money::sum_to_yuan_f64(sum), query))
        };
        let (n, sum, query) = count_sum(signed.clone()).await?;
        out.push(figure("projects.signed.count", "签约项目", "个", n, query.clone()));
        out.push(figure("projects.signed.investment", "签约项目总投资", "元", sum, query));
        let (n, _, query) = count_sum(format!("{signed}&band=100yi")).await?;
        out.push(figure("projects.signed.band_100yi", "100亿元以上项目", "个", n, query));
        let (n, _, query) = count_sum(format!("{signed}&band=50_100yi")).await?;
        out.push(figure("projects.signed.band_50_100yi", "50–100亿元项目", "个", n, query));
        let (n, _, query) = count_sum(format!("started_from={from}&started_to={to}{cat}{common}")).await?;
        out.push(figure("projects.started", "开工项目", "个", n, query));
        let (n, _, query) = count_sum(format!("production_from={from}&production_to={to}{cat}{common}")).await?;
        out.push(figure("projects.in_production", "投产项目", "个", n, query));
        let (n, _, query) = count_sum(format!("late=true{cat}{common}")).await?;
        out.push(figure("projects.late", "逾期项目", "个", n, query));
    }
    if actor.can(Permission::LeadRead) {
        let days = days_inclusive(from, to) as f64;
        let f = ActivityFilter { from: Some(from), to: Some(to), park: q.park, ..Default::default() };
        let k = zoneops_db::activity::stats(db, &actor.scope, &f, StatsGroup::Total).await?.pop().unwrap_or_default();
        let drill = |kind: &str| format!("/api/v1/activities?kind={kind}&from={from}&to={to}{common}");
        let per_day = |n: i64| (n as f64 / days * 100.0).round() / 100.0;
        let fig = |key, label, unit, value, kind| Figure { key, label, unit, value, drill: drill(kind) };
        out.push(fig("invest.trips", "外出招商", "次", k.trips as f64, "trip"));
        out.push(fig("invest.receptions", "接待客商", "次", k.receptions as f64, "reception"));
        out.push(fig("invest.trips_per_day", "日均外出招商", "次/天", per_day(k.trips), "trip"));
        out.push(fig("invest.receptions_per_day", "日均接待客商", "次/天", per_day(k.receptions), "reception"));
    }
    Ok(out)
}

/// Open and overdue tickets today; resolved on time and satisfaction over the period.
async fn ticket_figures(
    ctx: &Ctx,
    actor: &Actor,
    park: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<Figure>> {
    let t = crate::ticket::figures(ctx, actor, park, from, to).await?;
    let park_param = park.map(|p| format!("&park={p}")).unwrap_or_default();
    let f = |key, label, unit, value: f64, query: &str| Figure {
        key,
        label,
        unit,
        value,
        drill: format!("/api/v1/tickets?{query}{park_param}"),
    };
    // The same query `ticket::resolutions_query` counts (park added by `f`).
    let resolved = format!("resolved_from={from}&resolved_to={to}");
    let rate = if t.resolved == 0 { 0.0 } else { (t.on_time as f64 / t.resolved as f64 * 1000.0).round() / 10.0 };
    Ok(vec![
        f("tickets.open", "在办诉求", "件", t.open as f64, "open=true"),
        f("tickets.overdue", "超期诉求", "件", t.overdue as f64, "overdue=true"),
        f("tickets.resolved_on_time_rate", "按时办结率", "%", rate, &resolved),
        f("tickets.satisfaction_avg", "满意度", "分", t.satisfaction_avg.unwrap_or(0.0), &resolved),
    ])
}

/// Visits made in the period and the share of 四上 enterprises visited this quarter.
async fn visit_figures(
    ctx: &Ctx,
    actor: &Actor,
    park: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<Figure>> {
    let f = zoneops_db::visit::VisitFilter { from: Some(from), to: Some(to), park, ..Default::default() };
    let page = zoneops_db::PageQuery::new(Some(1), Some(1));
    let count = zoneops_db::visit::list(ctx.db.conn(), &actor.scope, &f, page).await?.total;
    let c = crate::visit::coverage(ctx, actor, &crate::visit::CoverageQuery { park, ..Default::default() }).await?;
    let park_param = park.map(|p| format!("&park={p}")).unwrap_or_default();
    Ok(vec![
        Figure {
            key: "visits.count",
            label: "走访企业",
            unit: "次",
            value: count as f64,
            drill: format!("/api/v1/visits?from={from}&to={to}{park_param}"),
        },
        Figure {
            key: "visits.coverage_rate",
            label: "本季度四上企业走访覆盖率",
            unit: "%",
            value: (c.rate * 1000.0).round() / 10.0,
            drill: format!("/api/v1/visits/coverage?year={}&quarter={}{park_param}", c.year, c.quarter),
        },
    ])
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FunnelStep {
    pub stage: &'static str,
    pub label: &'static str,
    pub count: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MonthSigned {
    pub month: String,
    pub count: i64,
    pub amount: f64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvestCharts {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub funnel: Vec<FunnelStep>,
    pub leaderboard: Vec<crate::invest::RankRow>,
    pub monthly_signed: Vec<MonthSigned>,
}

/// The stage funnel of the period's signed projects, the park leaderboard and the monthly
/// signed amounts.
pub async fn invest_charts(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<InvestCharts> {
    let (year, park) = resolve(ctx, actor, q).await?;
    actor.require(Permission::ProjectRead)?;
    let (from, to) = invest_period(q, year)?;
    let f = ProjectFilter { signed: (Some(from), Some(to)), park, category: category(q)?, ..Default::default() };
    let db = ctx.db.conn();
    let reached = zoneops_db::project::funnel(db, &actor.scope, &f).await?;
    let funnel = STAGES
        .iter()
        .map(|s| FunnelStep {
            stage: s.code.code(),
            label: s.label,
            count: reached.iter().find(|r| r.0 == s.code.code()).map_or(0, |r| r.1),
        })
        .collect();
    let monthly_signed = zoneops_db::project::monthly_signed(db, &actor.scope, &f)
        .await?
        .into_iter()
        .map(|(month, count, amount)| MonthSigned { month, count, amount: Money::sum_to_yuan_f64(amount) })
        .collect();
    let board = invest::leaderboard(
        ctx,
        actor,
        &invest::LeaderboardQuery {
            from: Some(from.to_string()),
            to: Some(to.to_string()),
            subject: Some("park".into()),
            category: f.category.map(|c| c.code().to_owned()),
            ..Default::default()
        },
    )
    .await?;
    Ok(InvestCharts { from, to, funnel, leaderboard: board.rows, monthly_signed })
}

/// One bar of a grouped chart; `label` is serialised under the group's own name (`chain`/`park`).
#[derive(Clone, Debug)]
pub struct NamedSums {
    pub id: Option<i64>,
    pub label: String,
    pub sales: f64,
    pub output: f64,
    pub yi_plus: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ChainSums {
    pub id: Option<i64>,
    pub chain: String,
    pub sales: f64,
    pub output: f64,
    pub yi_plus: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ParkSums {
    pub id: Option<i64>,
    pub park: String,
    pub sales: f64,
    pub output: f64,
    pub yi_plus: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MonthPoint {
    pub period: i32,
    pub sales: f64,
    pub output: f64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TierYearCounts {
    pub year: i32,
    pub yi_plus: i64,
    pub shiyi_plus: i64,
    pub baiyi_plus: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Charts {
    pub year: i32,
    pub by_chain: Vec<ChainSums>,
    pub by_park: Vec<ParkSums>,
    pub monthly: Vec<MonthPoint>,
    pub tiers_by_year: Vec<TierYearCounts>,
    pub goals: Vec<GoalView>,
}

fn yuan(v: Option<i128>) -> f64 {
    Money::sum_to_yuan_f64(v.unwrap_or(0))
}

pub async fn charts(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<Charts> {
    let (year, park) = resolve(ctx, actor, q).await?;
    let tiers = ctx.settings.tiers();
    let db = ctx.db.conn();
    let base = EnterpriseFilter { year, park, ..Default::default() };
    let named = |rows: Vec<repo::GroupSums>, dict: Vec<reference::DictRow>, none: &str| -> Vec<NamedSums> {
        let mut out: Vec<NamedSums> = rows
            .into_iter()
            .map(|g| NamedSums {
                id: g.key_id,
                label: g
                    .key_id
                    .and_then(|id| dict.iter().find(|d| d.id == id))
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| none.to_owned()),
                sales: yuan(g.sales()),
                output: yuan(g.output()),
                yi_plus: g.yi_plus.unwrap_or(0),
            })
            .collect();
        out.sort_by(|a, b| b.sales.total_cmp(&a.sales));
        out
    };
    let by_chain = named(
        repo::sums_by(db, &actor.scope, &base, "chain_id", &tiers).await?,
        reference::list_dict(db, actor.zone(), Dict::Chain).await?,
        "未归链",
    )
    .into_iter()
    .map(|n| ChainSums { id: n.id, chain: n.label, sales: n.sales, output: n.output, yi_plus: n.yi_plus })
    .collect();
    let by_park = named(
        repo::sums_by(db, &actor.scope, &base, "park_id", &tiers).await?,
        reference::list_dict(db, actor.zone(), Dict::Park).await?,
        "",
    )
    .into_iter()
    .map(|n| ParkSums { id: n.id, park: n.label, sales: n.sales, output: n.output, yi_plus: n.yi_plus })
    .collect();
    let monthly = indicator::monthly_sums(db, &actor.scope, &base)
        .await?
        .into_iter()
        .map(|m| MonthPoint { period: m.period, sales: yuan(m.sales()), output: yuan(m.output()) })
        .collect();
    let thresholds = [tiers.yi.fen(), tiers.shiyi.fen(), tiers.baiyi.fen()];
    let tiers_by_year = indicator::tier_counts_by_year(db, &actor.scope, park, &thresholds)
        .await?
        .into_iter()
        .map(|(year, c)| TierYearCounts {
            year,
            yi_plus: c.first().copied().unwrap_or(0),
            shiyi_plus: c.get(1).copied().unwrap_or(0),
            baiyi_plus: c.get(2).copied().unwrap_or(0),
        })
        .collect();
    let goals = if actor.can(Permission::GoalRead) { goal::list(ctx, actor).await? } else { Vec::new() };
    Ok(Charts { year, by_chain, by_park, monthly, tiers_by_year, goals })
}
