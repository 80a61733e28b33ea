//! Investment attraction: leads and their pipeline, activities with per-day rates, targets with
//! actuals computed from the records, weekly plans and the monthly leaderboard.

mod activity;
mod lead;
mod leaderboard;
mod plan;
mod target;

pub use activity::*;
pub use lead::*;
pub use leaderboard::*;
pub use plan::*;
pub use target::*;

use serde::Serialize;
use zoneops_domain::Permission;
use zoneops_domain::invest::{ActivityKind, LeadKind, LeadSource, LeadStage, ProjectCategory, lead_moves};
use zoneops_domain::money::Money;
use zoneops_domain::project::STAGES;
use zoneops_domain::vocabulary::Vocabulary;

use crate::{Actor, AppError, AppResult, Ctx};

fn yuan(fen: i64) -> f64 {
    Money::from_fen(fen).to_yuan_f64()
}

/// A sum of many amounts from the database (exact, i128 分) in 元.
fn yuan_sum(fen: i128) -> f64 {
    Money::sum_to_yuan_f64(fen)
}

pub const RANKING_RULE_AMOUNT: &str = "按签约金额从高到低排名；金额相同按签约个数从多到少，再相同按名称拼音顺序";
pub const RANKING_RULE_COUNT: &str = "按签约个数从多到少排名；个数相同按签约金额从高到低，再相同按名称拼音顺序";

// ---------------------------------------------------------------------------------------------
// Meta

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = InvestMeta)]
pub struct Meta {
    pub lead_stages: Vec<zoneops_domain::invest::Labeled>,
    pub lead_moves: Vec<zoneops_domain::invest::LeadMove>,
    pub lead_kinds: Vec<zoneops_domain::invest::Labeled>,
    pub lead_sources: Vec<zoneops_domain::invest::Labeled>,
    pub activity_kinds: Vec<zoneops_domain::invest::Labeled>,
    pub project_categories: Vec<zoneops_domain::invest::Labeled>,
    pub project_stages: &'static [zoneops_domain::project::StageDef],
    pub bands: Vec<Band>,
    pub warn_days: i64,
    pub ranking_rule: &'static str,
}

/// A major-project band (重大项目档次): investment from `min` up to `max` 元 (none above).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Band {
    pub code: &'static str,
    pub label: String,
    pub min: f64,
    pub max: Option<f64>,
}

pub fn meta(ctx: &Ctx, actor: &Actor) -> AppResult<Meta> {
    if !actor.can(Permission::LeadRead) && !actor.can(Permission::ProjectRead) {
        return Err(AppError::Forbidden);
    }
    let b = ctx.settings.projects.bands();
    Ok(Meta {
        lead_stages: LeadStage::labeled(actor.lang),
        lead_moves: lead_moves(),
        lead_kinds: LeadKind::labeled(actor.lang),
        lead_sources: LeadSource::labeled(actor.lang),
        activity_kinds: ActivityKind::labeled(actor.lang),
        project_categories: ProjectCategory::labeled(actor.lang),
        project_stages: &STAGES,
        bands: vec![
            Band {
                code: "100yi",
                label: format!("{}以上", Money::from_fen(b.top_fen).format_cn()),
                min: yuan(b.top_fen),
                max: None,
            },
            Band {
                code: "50_100yi",
                label: format!(
                    "{}–{}",
                    Money::from_fen(b.major_fen).format_cn(),
                    Money::from_fen(b.top_fen).format_cn()
                ),
                min: yuan(b.major_fen),
                max: Some(yuan(b.top_fen)),
            },
        ],
        warn_days: ctx.settings.projects.warn_days,
        ranking_rule: RANKING_RULE_AMOUNT,
    })
}

/// People who can own leads and projects (id and name only; names are not secret in a zone).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub display_name: String,
}

pub async fn people(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<Person>> {
    if !actor.can(Permission::LeadRead) && !actor.can(Permission::ProjectRead) {
        return Err(AppError::Forbidden);
    }
    Ok(zoneops_db::user::list(ctx.db.conn(), actor.zone(), None)
        .await?
        .into_iter()
        .filter(|u| !u.disabled)
        .map(|u| Person { id: u.id, display_name: u.display_name })
        .collect())
}
