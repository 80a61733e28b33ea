//! The leader cockpit: figures computed from the records at request time, each with the API
//! path of the list behind it. A count's list is built from the very same filter, so the drill
//! list's total always equals the figure.

use serde::{Deserialize, Serialize};
use zoneops_db::enterprise::{self as repo, EnterpriseFilter};
use zoneops_db::indicator;
use zoneops_db::reference::{self, Dict};
use zoneops_domain::money::Money;

use crate::enterprise::{check_year, default_year};
use crate::goal::{self, GoalView};
use crate::{Actor, AppError, AppResult, Ctx};

#[derive(Clone, Debug, Default, Deserialize)]
pub struct CockpitQuery {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub park: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    pub key: &'static str,
    pub label: &'static str,
    pub value: f64,
    pub unit: &'static str,
    pub drill: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cockpit {
    pub year: i32,
    pub park: Option<i64>,
    pub figures: Vec<Figure>,
}

async fn resolve(ctx: &Ctx, actor: &Actor, q: &CockpitQuery) -> AppResult<(i32, Option<i64>)> {
    actor.require("cockpit:read")?;
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
    let money = |key, label, fen: Option<i64>| Figure {
        key,
        label,
        value: Money::from_fen(fen.unwrap_or(0)).to_yuan_f64(),
        unit: "元",
        drill: drill(None),
    };
    let figures = vec![
        count("enterprises.total", "企业总数", c.total, None),
        count("enterprises.yi_plus", "亿元以上企业", c.yi_plus.unwrap_or(0), Some("yi")),
        count("enterprises.shiyi_plus", "10亿元以上企业", c.shiyi_plus.unwrap_or(0), Some("shiyi")),
        count("enterprises.baiyi_plus", "百亿元以上企业", c.baiyi_plus.unwrap_or(0), Some("baiyi")),
        count("enterprises.double_baiyi", "双过百亿企业", c.double_baiyi.unwrap_or(0), Some("double_baiyi")),
        count("enterprises.new_shiyi", "新增10亿级企业", c.new_shiyi.unwrap_or(0), Some("new_shiyi")),
        count("enterprises.new_yi", "新增亿元级企业", c.new_yi.unwrap_or(0), Some("new_yi")),
        money("indicators.sales", "销售收入", c.sales),
        money("indicators.output", "工业产值", c.output),
    ];
    Ok(Cockpit { year, park, figures })
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

#[derive(Clone, Debug, Serialize)]
pub struct ChainSums {
    pub id: Option<i64>,
    pub chain: String,
    pub sales: f64,
    pub output: f64,
    pub yi_plus: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ParkSums {
    pub id: Option<i64>,
    pub park: String,
    pub sales: f64,
    pub output: f64,
    pub yi_plus: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthPoint {
    pub period: i32,
    pub sales: f64,
    pub output: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TierYearCounts {
    pub year: i32,
    pub yi_plus: i64,
    pub shiyi_plus: i64,
    pub baiyi_plus: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Charts {
    pub year: i32,
    pub by_chain: Vec<ChainSums>,
    pub by_park: Vec<ParkSums>,
    pub monthly: Vec<MonthPoint>,
    pub tiers_by_year: Vec<TierYearCounts>,
    pub goals: Vec<GoalView>,
}

fn yuan(v: Option<i64>) -> f64 {
    Money::from_fen(v.unwrap_or(0)).to_yuan_f64()
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
                sales: yuan(g.sales),
                output: yuan(g.output),
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
        .map(|m| MonthPoint { period: m.period, sales: yuan(m.sales), output: yuan(m.output) })
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
    let goals = if actor.can("goal:read") { goal::list(ctx, actor).await? } else { Vec::new() };
    Ok(Charts { year, by_chain, by_park, monthly, tiers_by_year, goals })
}
