//! Cultivation goals ("5年培育10个过百亿、100家亿元以上") with progress and a straight-line forecast.

use serde::{Deserialize, Serialize};
use zoneops_db::enterprise::{self as repo, EnterpriseFilter};
use zoneops_db::goal::{self as goal_repo, GoalData};
use zoneops_domain::Permission;
use zoneops_domain::tier::Tier;

use crate::enterprise::{check_year, default_year, tier_filter};
use crate::{Actor, AppError, AppResult, Ctx, input};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct GoalView {
    pub id: i64,
    pub name: String,
    pub tier: String,
    pub target_count: i64,
    pub base_year: i32,
    pub deadline_year: i32,
    pub base_count: u64,
    pub current_year: i32,
    pub current_count: u64,
    pub progress: f64,
    pub forecast_count: i64,
    pub on_track: bool,
    pub drill: String,
}

pub async fn list(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<GoalView>> {
    actor.require(Permission::GoalRead)?;
    let latest = default_year(ctx, actor).await?;
    let tiers = ctx.settings.tiers();
    let mut out = Vec::new();
    for g in goal_repo::list(ctx.db.conn(), actor.zone()).await? {
        let filter = tier_filter(&g.tier, &tiers)?;
        let current_year = latest.min(g.deadline_year).max(g.base_year);
        let count_in = |year: i32| {
            let f = EnterpriseFilter { year, tier: Some(filter), ..Default::default() };
            async move { repo::count(ctx.db.conn(), &actor.scope, &f).await }
        };
        let base_count = count_in(g.base_year).await?;
        let current_count = count_in(current_year).await?;
        // Straight line from the base year through this year, carried to the deadline.
        let elapsed = (current_year - g.base_year) as i64;
        let remaining = (g.deadline_year - current_year) as i64;
        let forecast = if elapsed > 0 {
            let slope = (current_count as i64 - base_count as i64) as f64 / elapsed as f64;
            (current_count as f64 + slope.max(0.0) * remaining as f64).round() as i64
        } else {
            current_count as i64
        };
        out.push(GoalView {
            id: g.id,
            progress: if g.target_count > 0 { (current_count as f64 / g.target_count as f64).min(1.0) } else { 1.0 },
            on_track: forecast >= g.target_count,
            forecast_count: forecast,
            drill: format!("/api/v1/enterprises?year={current_year}&tier={}", g.tier),
            name: g.name,
            tier: g.tier,
            target_count: g.target_count,
            base_year: g.base_year,
            deadline_year: g.deadline_year,
            base_count,
            current_year,
            current_count,
        });
    }
    Ok(out)
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalInput {
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub name: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub tier: Option<String>,
    pub target_count: Option<i64>,
    pub base_year: Option<i32>,
    pub deadline_year: Option<i32>,
}

impl input::Replace for GoalInput {}

fn validate(input: &GoalInput) -> AppResult<GoalData> {
    let name = input.name.as_deref().map(str::trim).unwrap_or("");
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid("name", "GOAL_NAME_INVALID", "请填写目标名称（不超过100字）"));
    }
    let tier = input.tier.as_deref().unwrap_or("");
    if !matches!(Tier::parse(tier), Some(Tier::Yi | Tier::Shiyi | Tier::Baiyi)) && tier != "double_baiyi" {
        return Err(AppError::invalid("tier", "GOAL_TIER_INVALID", "梯队应为 yi、shiyi、baiyi 或 double_baiyi"));
    }
    let target = input.target_count.unwrap_or(0);
    if !(1..=1_000_000).contains(&target) {
        return Err(AppError::invalid("target_count", "GOAL_TARGET_INVALID", "目标数量应为1至1000000之间的整数"));
    }
    let base = check_year(input.base_year.unwrap_or(0))
        .map_err(|_| AppError::invalid("base_year", "YEAR_OUT_OF_RANGE", "基准年份应在1990–2100之间"))?;
    let deadline = check_year(input.deadline_year.unwrap_or(0))
        .map_err(|_| AppError::invalid("deadline_year", "YEAR_OUT_OF_RANGE", "目标年份应在1990–2100之间"))?;
    if deadline < base {
        return Err(AppError::invalid("deadline_year", "GOAL_YEARS_ORDER", "目标年份不能早于基准年份"));
    }
    Ok(GoalData {
        name: name.into(),
        tier: tier.into(),
        target_count: target,
        base_year: base,
        deadline_year: deadline,
    })
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: GoalInput) -> AppResult<i64> {
    actor.require(Permission::GoalWrite)?;
    let data = validate(&input)?;
    let tx = ctx.db.begin_write().await?;
    let id = goal_repo::insert(&tx, actor.zone(), &data).await?;
    actor.audit(&tx, "create", "goal", id, None::<&()>, Some(&goal_json(&data))).await?;
    tx.commit().await?;
    Ok(id)
}

fn goal_json(g: &GoalData) -> serde_json::Value {
    serde_json::json!({"name": g.name, "tier": g.tier, "target_count": g.target_count, "base_year": g.base_year, "deadline_year": g.deadline_year})
}

pub async fn update(ctx: &Ctx, actor: &Actor, id: i64, input: GoalInput) -> AppResult<()> {
    actor.require(Permission::GoalWrite)?;
    let data = validate(&input)?;
    let before = goal_repo::get(ctx.db.conn(), actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    if !goal_repo::update(&tx, actor.zone(), id, &data).await? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "update", "goal", id, Some(&before), Some(&goal_json(&data))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::GoalWrite)?;
    let before = goal_repo::get(ctx.db.conn(), actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    goal_repo::delete(&tx, actor.zone(), id).await?;
    actor.audit(&tx, "delete", "goal", id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}
