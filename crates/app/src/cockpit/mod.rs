//! The leader cockpit: figures computed from the records at request time, each with the API
//! path of the list behind it. A count's list is built from the very same filter, so the drill
//! list's total always equals the figure.
//!
//! The answer is in the caller's terms: it says whose figures they are (the zone, a park …), the
//! park filter takes only parks in the caller's reach, a figure says what it covers (the year,
//! the period, or today), and every year or period figure carries the same period of last year
//! (同比, `compare`). A rate or average with nothing behind it is null, never 0.

mod charts;
mod compare;

pub use charts::{
    ChainSums, Charts, FunnelStep, InvestCharts, MonthPoint, MonthSigned, ParkSums, TierYearCounts, charts,
    invest_charts,
};

use serde::{Deserialize, Serialize};
use zoneops_db::enterprise::{self as repo, EnterpriseFilter};
use zoneops_db::reference::{self, Dict};
use zoneops_domain::Permission;
use zoneops_domain::Reach;
use zoneops_domain::cockpit::{CockpitSubject, FigureBasis};
use zoneops_domain::money::Money;

use chrono::NaiveDate;
use zoneops_db::activity::{ActivityFilter, StatsGroup};
use zoneops_domain::invest::{ProjectCategory, days_inclusive};

use crate::check;
use crate::enterprise::{check_year, default_year};
use crate::project::{self, ProjectQuery};
use crate::{Actor, AppError, AppResult, Ctx};

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct CockpitQuery {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// One park of the caller's reach (`parks` of the answer lists them); another is refused.
    pub park: Option<i64>,
    /// Project category for the project figures (all categories when absent).
    pub category: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Figure {
    pub key: &'static str,
    /// The figure's name in the caller's terms (园区销售收入 for a park, 全区销售收入 for the zone).
    pub label: String,
    /// Null for a rate or average with nothing behind it (nothing resolved, nothing rated, no
    /// enterprise to cover).
    pub value: Option<f64>,
    pub unit: &'static str,
    pub drill: String,
    pub basis: FigureBasis,
    /// The dates the value covers (null for today's figures).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// 同比: the same figure over the same dates one year earlier. Null for today's figures, for
    /// a rate with nothing behind it then, and when the caller's records of that kind have no
    /// data in that period (no indicators of that year, no project, activity or visit then).
    pub last_year: Option<f64>,
    /// 同比 change: for counts and amounts the change in percent of last year's value (null when
    /// that is null or 0); for rates (`%`) and averages (`分`) the difference in the figure's unit.
    pub change: Option<f64>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Subject {
    pub kind: CockpitSubject,
    /// The zone's, park's or department's name (the parks' names for several parks).
    pub name: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ParkOption {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Cockpit {
    pub year: i32,
    pub park: Option<i64>,
    /// The period of the project, activity, visit and ticket figures.
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// The zone's name (a wall screen's title).
    pub zone: String,
    /// Whose figures these are.
    pub subject: Subject,
    /// The parks the caller may filter by (its own parks unless zone-wide).
    pub parks: Vec<ParkOption>,
    pub figures: Vec<Figure>,
    /// When the figures were computed (an answer may be reused for a few seconds while nothing
    /// was written: `answers`).
    pub as_of: chrono::DateTime<chrono::Utc>,
}

/// A checked question: the year, the park in reach, whose figures they are.
pub(crate) struct Resolved {
    pub year: i32,
    pub park: Option<i64>,
    pub subject: Subject,
}

/// Whether the caller may narrow its figures to `park`: a park user to its own parks; a
/// zone-wide, department or own-records caller to any park of the zone (its records there); an
/// enterprise account to none.
fn park_in_reach(actor: &Actor, park: i64) -> bool {
    match &actor.scope.reach {
        Reach::Zone | Reach::Own | Reach::Department { .. } => true,
        Reach::Parks { parks } => parks.contains(&park),
        Reach::Enterprise { .. } => false,
    }
}

pub(crate) async fn resolve(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<Resolved> {
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
    let db = ctx.db.conn();
    let park_row = match q.park {
        Some(p) => {
            let Some(row) = reference::get_dict(db, actor.zone(), Dict::Park, p).await? else {
                return Err(AppError::invalid("park", "PARK_UNKNOWN", "所选园区不存在"));
            };
            if !park_in_reach(actor, p) {
                return Err(AppError::invalid("park", "PARK_OUT_OF_SCOPE", "所选园区不在您的数据范围内"));
            }
            Some(row)
        }
        None => None,
    };
    let subject = match (park_row, &actor.scope.reach) {
        (Some(row), _) => Subject { kind: CockpitSubject::Park, name: row.name },
        (None, Reach::Zone) => Subject { kind: CockpitSubject::Zone, name: zone_name(ctx, actor).await? },
        (None, Reach::Parks { parks }) => {
            let names: Vec<String> = reference::list_dict(db, actor.zone(), Dict::Park)
                .await?
                .into_iter()
                .filter(|p| parks.contains(&p.id))
                .map(|p| p.name)
                .collect();
            let kind = if names.len() == 1 { CockpitSubject::Park } else { CockpitSubject::Parks };
            Subject { kind, name: names.join("、") }
        }
        (None, Reach::Department { department }) => Subject {
            kind: CockpitSubject::Department,
            name: reference::get_dict(db, actor.zone(), Dict::Department, *department)
                .await?
                .map(|d| d.name)
                .unwrap_or_default(),
        },
        (None, Reach::Own) => Subject { kind: CockpitSubject::Own, name: actor.display_name.clone() },
        (None, Reach::Enterprise { .. }) => Subject { kind: CockpitSubject::Enterprise, name: String::new() },
    };
    Ok(Resolved { year, park: q.park, subject })
}

async fn zone_name(ctx: &Ctx, actor: &Actor) -> AppResult<String> {
    Ok(reference::zone_by_id(ctx.db.conn(), actor.zone()).await?.map(|z| z.name).unwrap_or_default())
}

pub async fn figures(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<Cockpit> {
    actor.require(Permission::CockpitRead)?;
    let question = format!("{q:?}");
    ctx.cockpit_answers
        .get_or_load(actor.user_id, &question, ctx.db.write_version(), || compute_figures(ctx, actor, q))
        .await
}

/// What one computation of the period's figures needs besides the caller.
struct Period<'a> {
    year: i32,
    park: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
    category: Option<ProjectCategory>,
    /// 全区 / 园区 …: the word the sums' labels start with
    word: &'a str,
}

async fn compute_figures(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<Cockpit> {
    let r = resolve(ctx, actor, q).await?;
    let (from, to) = invest_period(ctx, q, r.year)?;
    let category = category(q)?;
    let word = r.subject.kind.label_zh();
    let now = Period { year: r.year, park: r.park, from, to, category, word };
    let (ly_from, ly_to) = (compare::year_before(from), compare::year_before(to));
    let before = Period { year: r.year - 1, from: ly_from, to: ly_to, ..now };
    let mut figures = period_figures(ctx, actor, &now).await?;
    let last = period_figures(ctx, actor, &before).await?;
    compare::same_period_last_year(&mut figures, &last);
    // Today's figures after the period's: the console shows them apart.
    figures.extend(today_figures(ctx, actor, r.park, category).await?);
    let parks = reference::list_dict(ctx.db.conn(), actor.zone(), Dict::Park)
        .await?
        .into_iter()
        .filter(|p| park_in_reach(actor, p.id))
        .map(|p| ParkOption { id: p.id, name: p.name })
        .collect();
    Ok(Cockpit {
        year: r.year,
        park: r.park,
        from,
        to,
        zone: zone_name(ctx, actor).await?,
        subject: r.subject,
        parks,
        figures,
        as_of: chrono::Utc::now(),
    })
}

/// A figure of the year or the period, its 同比 still to be filled in.
#[allow(clippy::too_many_arguments)]
fn figure(
    key: &'static str,
    label: impl Into<String>,
    unit: &'static str,
    value: Option<f64>,
    drill: String,
    basis: FigureBasis,
    from: NaiveDate,
    to: NaiveDate,
) -> Figure {
    let (from, to) = if basis == FigureBasis::Today { (None, None) } else { (Some(from), Some(to)) };
    Figure { key, label: label.into(), value, unit, drill, basis, from, to, last_year: None, change: None }
}

/// The enterprises' figures of the year and the period's investment, service and visit figures.
async fn period_figures(ctx: &Ctx, actor: &Actor, p: &Period<'_>) -> AppResult<Vec<Figure>> {
    let mut figures = enterprise_figures(ctx, actor, p).await?;
    figures.extend(invest_figures(ctx, actor, p).await?);
    if actor.can(Permission::TicketRead) {
        figures.extend(ticket_figures(ctx, actor, p).await?);
    }
    if actor.can(Permission::VisitRead) {
        figures.extend(visit_figures(ctx, actor, p).await?);
    }
    Ok(figures)
}

async fn enterprise_figures(ctx: &Ctx, actor: &Actor, p: &Period<'_>) -> AppResult<Vec<Figure>> {
    let (year, park) = (p.year, p.park);
    let tiers = ctx.settings.tiers();
    let base = EnterpriseFilter { year, park, ..Default::default() };
    let park_param = park.map(|p| format!("&park={p}")).unwrap_or_default();
    let drill = |tier: Option<&str>| match tier {
        Some(t) => format!("/api/v1/enterprises?year={year}&tier={t}{park_param}"),
        None => format!("/api/v1/enterprises?year={year}{park_param}"),
    };
    let (jan1, dec31) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
    );
    let c = repo::tier_counts(ctx.db.conn(), &actor.scope, &base, &tiers).await?;
    let count = |key, label: &str, value: i64, tier: Option<&str>| {
        figure(key, label, "家", Some(value as f64), drill(tier), FigureBasis::Year, jan1, dec31)
    };
    let money = |key, label: String, fen: Option<i128>| {
        figure(key, label, "元", Some(yuan(fen)), drill(None), FigureBasis::Year, jan1, dec31)
    };
    Ok(vec![
        count("enterprises.total", "企业总数", c.total, None),
        count("enterprises.yi_plus", "亿元以上企业", c.yi_plus.unwrap_or(0), Some("yi")),
        count("enterprises.shiyi_plus", "10亿元以上企业", c.shiyi_plus.unwrap_or(0), Some("shiyi")),
        count("enterprises.baiyi_plus", "百亿元以上企业", c.baiyi_plus.unwrap_or(0), Some("baiyi")),
        count("enterprises.double_baiyi", "双过百亿企业", c.double_baiyi.unwrap_or(0), Some("double_baiyi")),
        count("enterprises.new_shiyi", "新增10亿级企业", c.new_shiyi.unwrap_or(0), Some("new_shiyi")),
        count("enterprises.new_yi", "新增亿元级企业", c.new_yi.unwrap_or(0), Some("new_yi")),
        money("indicators.sales", format!("{}销售收入", p.word), c.sales()),
        money("indicators.output", format!("{}工业产值", p.word), c.output()),
    ])
}

/// The period of the project and activity figures: `from..=to` when given, else the year up to
/// today.
fn invest_period(ctx: &Ctx, q: &CockpitQuery, year: i32) -> AppResult<(NaiveDate, NaiveDate)> {
    let from = check::optional_date("from", "开始日期", q.from.as_deref())?;
    let to = check::optional_date("to", "结束日期", q.to.as_deref())?;
    let year_start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX).min(ctx.today().max(year_start));
    let (from, to) = (from.unwrap_or(year_start), to.unwrap_or(year_end));
    if to < from {
        return Err(AppError::invalid("to", "DATE_ORDER", "结束日期不能早于开始日期"));
    }
    Ok((from, to))
}

fn category(q: &CockpitQuery) -> AppResult<Option<ProjectCategory>> {
    check::optional_pick("category", "项目类别", &q.category)
}

fn project_params(park: Option<i64>, category: Option<ProjectCategory>) -> String {
    let mut s = String::new();
    if let Some(c) = category {
        s.push_str(&format!("&category={c}"));
    }
    if let Some(p) = park {
        s.push_str(&format!("&park={p}"));
    }
    s
}

/// Counts and sums the projects a drill query lists (`project::filter` parses that very query).
async fn count_projects(ctx: &Ctx, actor: &Actor, query: &str) -> AppResult<(f64, f64)> {
    let pq: ProjectQuery = serde_urlencoded::from_str(query).map_err(AppError::internal)?;
    let f = project::filter(ctx, &pq)?;
    let (n, sum) = zoneops_db::project::count_and_sum(ctx.db.conn(), &actor.scope, &f).await?;
    Ok((n as f64, Money::sum_to_yuan_f64(sum)))
}

fn project_drill(query: &str) -> String {
    format!("/api/v1/projects?{}", query.trim_start_matches('&'))
}

/// Signed projects, bands, stage events, trips and receptions of the period. Each count uses
/// the very filter its drill path encodes.
async fn invest_figures(ctx: &Ctx, actor: &Actor, p: &Period<'_>) -> AppResult<Vec<Figure>> {
    let mut out = Vec::new();
    let (from, to) = (p.from, p.to);
    let common = project_params(p.park, p.category);
    if actor.can(Permission::ProjectRead) {
        let fig = |key, label: &str, unit, value: f64, query: &str| {
            figure(key, label, unit, Some(value), project_drill(query), FigureBasis::Period, from, to)
        };
        let signed = format!("signed_from={from}&signed_to={to}{common}");
        let (n, sum) = count_projects(ctx, actor, &signed).await?;
        out.push(fig("projects.signed.count", "签约项目", "个", n, &signed));
        out.push(fig("projects.signed.investment", "签约项目总投资", "元", sum, &signed));
        let query = format!("{signed}&band=100yi");
        out.push(fig(
            "projects.signed.band_100yi",
            "100亿元以上项目",
            "个",
            count_projects(ctx, actor, &query).await?.0,
            &query,
        ));
        let query = format!("{signed}&band=50_100yi");
        out.push(fig(
            "projects.signed.band_50_100yi",
            "50–100亿元项目",
            "个",
            count_projects(ctx, actor, &query).await?.0,
            &query,
        ));
        let query = format!("started_from={from}&started_to={to}{common}");
        out.push(fig("projects.started", "开工项目", "个", count_projects(ctx, actor, &query).await?.0, &query));
        let query = format!("production_from={from}&production_to={to}{common}");
        out.push(fig("projects.in_production", "投产项目", "个", count_projects(ctx, actor, &query).await?.0, &query));
    }
    if actor.can(Permission::LeadRead) {
        let days = days_inclusive(from, to) as f64;
        let f = ActivityFilter { from: Some(from), to: Some(to), park: p.park, ..Default::default() };
        let db = ctx.db.conn();
        let k = zoneops_db::activity::stats(db, &actor.scope, &f, StatsGroup::Total).await?.pop().unwrap_or_default();
        let park = p.park.map(|p| format!("&park={p}")).unwrap_or_default();
        let drill = |kind: &str| format!("/api/v1/activities?kind={kind}&from={from}&to={to}{park}");
        let per_day = |n: i64| (n as f64 / days * 100.0).round() / 100.0;
        let fig = |key, label: &str, unit, value, kind| {
            figure(key, label, unit, Some(value), drill(kind), FigureBasis::Period, from, to)
        };
        out.push(fig("invest.trips", "外出招商", "次", k.trips as f64, "trip"));
        out.push(fig("invest.receptions", "接待客商", "次", k.receptions as f64, "reception"));
        out.push(fig("invest.trips_per_day", "日均外出招商", "次/天", per_day(k.trips), "trip"));
        out.push(fig("invest.receptions_per_day", "日均接待客商", "次/天", per_day(k.receptions), "reception"));
    }
    Ok(out)
}

/// Tickets resolved on time and satisfaction over the period (null when nothing was resolved or
/// rated).
async fn ticket_figures(ctx: &Ctx, actor: &Actor, p: &Period<'_>) -> AppResult<Vec<Figure>> {
    let (from, to) = (p.from, p.to);
    let t = crate::ticket::figures(ctx, actor, p.park, from, to).await?;
    let park_param = p.park.map(|p| format!("&park={p}")).unwrap_or_default();
    // The same query `ticket::resolutions_query` counts.
    let drill = format!("/api/v1/tickets?resolved_from={from}&resolved_to={to}{park_param}");
    let rate = (t.resolved > 0).then(|| (t.on_time as f64 / t.resolved as f64 * 1000.0).round() / 10.0);
    let f = |key, label, unit, value| figure(key, label, unit, value, drill.clone(), FigureBasis::Period, from, to);
    Ok(vec![
        f("tickets.resolved_on_time_rate", "按时办结率", "%", rate),
        f("tickets.satisfaction_avg", "满意度", "分", t.satisfaction_avg),
    ])
}

/// Visits made in the period, and the share of 四上 enterprises visited in the quarter the
/// period ends in (null when the scope has no 四上 enterprise); the drill lists that quarter.
async fn visit_figures(ctx: &Ctx, actor: &Actor, p: &Period<'_>) -> AppResult<Vec<Figure>> {
    let (from, to, park) = (p.from, p.to, p.park);
    let f = zoneops_db::visit::VisitFilter { from: Some(from), to: Some(to), park, ..Default::default() };
    let page = zoneops_db::PageQuery::new(Some(1), Some(1));
    let count = zoneops_db::visit::list(ctx.db.conn(), &actor.scope, &f, page).await?.total;
    let (year, quarter) = (chrono::Datelike::year(&to), (chrono::Datelike::month(&to) - 1) / 3 + 1);
    // Visits are recorded from 2000 on (the last year of a cockpit of 2000 has none).
    let (rate, (q_from, q_to)) = if (2000..=2100).contains(&year) {
        let q = crate::visit::CoverageQuery { year: Some(year), quarter: Some(quarter), park };
        let c = crate::visit::coverage(ctx, actor, &q).await?;
        let rate =
            (c.above_size > 0).then(|| (c.above_size_visited as f64 / c.above_size as f64 * 1000.0).round() / 10.0);
        (rate, (c.from, c.to))
    } else {
        (None, crate::visit::quarter_range(year, quarter))
    };
    let park_param = park.map(|p| format!("&park={p}")).unwrap_or_default();
    Ok(vec![
        figure(
            "visits.count",
            "走访企业",
            "次",
            Some(count as f64),
            format!("/api/v1/visits?from={from}&to={to}{park_param}"),
            FigureBasis::Period,
            from,
            to,
        ),
        figure(
            "visits.coverage_rate",
            format!("{year}年第{quarter}季度四上企业走访覆盖率"),
            "%",
            rate,
            format!("/api/v1/visits/coverage?year={year}&quarter={quarter}{park_param}"),
            FigureBasis::Period,
            q_from,
            q_to,
        ),
    ])
}

/// The state of things today, whatever the period: open and overdue tickets, tickets past the
/// dispatch limit, late projects.
async fn today_figures(
    ctx: &Ctx,
    actor: &Actor,
    park: Option<i64>,
    category: Option<ProjectCategory>,
) -> AppResult<Vec<Figure>> {
    let mut out = Vec::new();
    let today = ctx.today();
    let park_param = park.map(|p| format!("&park={p}")).unwrap_or_default();
    if actor.can(Permission::TicketRead) {
        // Only today's counts of these figures are used; the period's are the caller's own.
        let t = crate::ticket::figures(ctx, actor, park, today, today).await?;
        let f = |key, label, value: u64, query: &str| {
            let drill = format!("/api/v1/tickets?{query}{park_param}");
            figure(key, label, "件", Some(value as f64), drill, FigureBasis::Today, today, today)
        };
        out.push(f("tickets.open", "在办诉求", t.open, "open=true"));
        out.push(f("tickets.overdue", "超期诉求", t.overdue, "overdue=true"));
        out.push(f("tickets.dispatch_overdue", "超时未派单", t.dispatch_overdue, "dispatch_overdue=true"));
    }
    if actor.can(Permission::ProjectRead) {
        let query = format!("late=true{}", project_params(park, category));
        let (n, _) = count_projects(ctx, actor, &query).await?;
        out.push(figure(
            "projects.late",
            "逾期项目",
            "个",
            Some(n),
            project_drill(&query),
            FigureBasis::Today,
            today,
            today,
        ));
    }
    Ok(out)
}

fn yuan(v: Option<i128>) -> f64 {
    Money::sum_to_yuan_f64(v.unwrap_or(0))
}
