//! Weekly work plans: what each person intends this week and what they did last week.

use crate::check::{self};
use crate::{Actor, AppError, AppResult, Ctx, input};
use serde::{Deserialize, Serialize};
use zoneops_db::target::{self as target_repo};
use zoneops_domain::Permission;
use zoneops_domain::invest::week_start;
use zoneops_domain::scope::{Reach, Scope};

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    #[schema(schema_with = input::schema::title)]
    #[serde(deserialize_with = "input::title")]
    pub text: String,
    pub done: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WeeklyPlan {
    #[serde(flatten)]
    pub row: target_repo::PlanRow,
    pub items: Vec<PlanItem>,
    pub done: usize,
    pub total: usize,
    pub rate: f64,
}

fn plan_view(row: target_repo::PlanRow) -> WeeklyPlan {
    let items: Vec<PlanItem> = serde_json::from_str(&row.items).unwrap_or_default();
    let done = items.iter().filter(|i| i.done).count();
    let total = items.len();
    let rate = if total == 0 { 0.0 } else { (done as f64 / total as f64 * 1000.0).round() / 1000.0 };
    WeeklyPlan { row, items, done, total, rate }
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PlanQuery {
    pub week: Option<String>,
    pub user: Option<i64>,
}

pub async fn list_plans(ctx: &Ctx, actor: &Actor, q: &PlanQuery) -> AppResult<Vec<WeeklyPlan>> {
    actor.require(Permission::LeadRead)?;
    let week = check::optional_date("week", "周", q.week.as_deref())?.map(week_start);
    let rows = target_repo::plans(ctx.db.conn(), &actor.scope, week, q.user).await?;
    Ok(rows.into_iter().map(plan_view).collect())
}

fn own_scope(actor: &Actor) -> Scope {
    Scope { reach: Reach::Own, ..actor.scope.clone() }
}

/// A week's plan, replaced whole: `items` is required.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub items: Vec<PlanItem>,
}

impl input::Replace for PlanInput {}

pub async fn save_plan(ctx: &Ctx, actor: &Actor, week: &str, input: PlanInput) -> AppResult<WeeklyPlan> {
    actor.require(Permission::LeadWrite)?;
    let week = week_start(check::date("week", "周", Some(week))?);
    let items = input.items;
    if items.is_empty() || items.len() > 50 {
        return Err(AppError::invalid("items", "PLAN_ITEMS_INVALID", "周计划应有1至50项"));
    }
    let mut clean = Vec::with_capacity(items.len());
    for (n, it) in items.into_iter().enumerate() {
        let text = it.text.trim().to_owned();
        if text.is_empty() || text.chars().count() > 200 {
            return Err(AppError::Invalid {
                field: "items".into(),
                code: "PLAN_ITEM_INVALID",
                message: format!("第{}项：内容应为1至200字", n + 1),
                params: serde_json::json!({"index": n}),
            });
        }
        clean.push(PlanItem { text, done: it.done });
    }
    // The plan belongs to the author's park: a park scope's first park, else the park of the
    // author's earlier plans (own-scope staff of a park).
    let park = match &actor.scope.reach {
        Reach::Parks { parks } => parks.first().copied(),
        _ => {
            let earlier = target_repo::plans(ctx.db.conn(), &own_scope(actor), None, Some(actor.user_id)).await?;
            earlier.first().and_then(|p| p.park_id)
        }
    };
    let json = serde_json::to_string(&clean).map_err(AppError::internal)?;
    let tx = ctx.db.begin_write().await?;
    let id = target_repo::upsert_plan(&tx, actor.zone(), actor.user_id, park, week, &json).await?;
    actor.audit(&tx, "save", "weekly_plan", id, None::<&()>, Some(&clean)).await?;
    tx.commit().await?;
    let row = target_repo::plans(ctx.db.conn(), &own_scope(actor), Some(week), Some(actor.user_id)).await?;
    row.into_iter().next().map(plan_view).ok_or(AppError::NotFound)
}
