//! The cockpit's charts: the enterprises' sums by chain, park and month, the tier history with
//! the zone's goals, and the period's project funnel, park leaderboard and monthly signings.

use chrono::NaiveDate;
use serde::Serialize;
use zoneops_db::enterprise::{self as repo, EnterpriseFilter};
use zoneops_db::indicator;
use zoneops_db::project::ProjectFilter;
use zoneops_db::reference::{self, Dict};
use zoneops_domain::Permission;
use zoneops_domain::cockpit::CockpitSubject;
use zoneops_domain::money::Money;
use zoneops_domain::project::STAGES;

use super::{CockpitQuery, Subject, category, invest_period, resolve, yuan};
use crate::goal::{self, GoalView};
use crate::invest;
use crate::{Actor, AppResult, Ctx};

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
    let r = resolve(ctx, actor, q).await?;
    let (year, park) = (r.year, r.park);
    actor.require(Permission::ProjectRead)?;
    let (from, to) = invest_period(ctx, q, year)?;
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
    /// Whose figures these are (as in the cockpit's answer).
    pub subject: Subject,
    pub by_chain: Vec<ChainSums>,
    pub by_park: Vec<ParkSums>,
    pub monthly: Vec<MonthPoint>,
    pub tiers_by_year: Vec<TierYearCounts>,
    /// The zone's cultivation goals, when the charts are the zone's (empty for a park or a
    /// narrower reach: a zone goal is not drawn against a part of the zone).
    pub goals: Vec<GoalView>,
}

pub async fn charts(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<Charts> {
    let r = resolve(ctx, actor, q).await?;
    let (year, park) = (r.year, r.park);
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
    // The goals are the zone's: drawn against the zone's figures only, never against a park's.
    let goals = if r.subject.kind == CockpitSubject::Zone && actor.can(Permission::GoalRead) {
        goal::list(ctx, actor).await?
    } else {
        Vec::new()
    };
    Ok(Charts { year, subject: r.subject, by_chain, by_park, monthly, tiers_by_year, goals })
}
