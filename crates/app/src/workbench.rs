//! Use cases of a person's own workbench (我的工作台): the lists a role works from every day, in
//! the caller's own terms rather than the leader's.

use chrono::Datelike;
use serde::Serialize;
use zoneops_db::workbench::{self as repo, LinkedEnterprise};
use zoneops_domain::permission::Permission;

use crate::{Actor, AppResult, Ctx};

/// 我的挂钩企业: the caller's linked enterprises with their visits this quarter.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MyLinked {
    /// The quarter's first day: `visits_since` counts from it.
    pub since: chrono::NaiveDate,
    /// Linked enterprises the caller has not visited this quarter.
    pub not_visited: i64,
    pub items: Vec<LinkedEnterprise>,
}

pub async fn my_linked(ctx: &Ctx, actor: &Actor) -> AppResult<MyLinked> {
    actor.require(Permission::EnterpriseRead)?;
    let today = ctx.today();
    let (since, _) = crate::visit::quarter_range(today.year(), today.month0() / 3 + 1);
    let items = repo::linked_enterprises(ctx.db.conn(), &actor.scope, since).await?;
    Ok(MyLinked { since, not_visited: items.iter().filter(|r| r.visits_since == 0).count() as i64, items })
}
