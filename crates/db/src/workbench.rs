//! What a person's own workbench lists: the enterprises a cadre is linked to (三重挂钩), with when
//! they last visited each and what is still open there.

use chrono::NaiveDate;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, JoinType, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::scope::Scope;
use zoneops_domain::ticket::open_states;

use crate::{DbResult, scope};

/// One linked enterprise of the caller. `last_visited_on` is the caller's own last visit (null
/// when never visited); `open_tickets` counts the enterprise's unfinished 诉求 of anyone.
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct LinkedEnterprise {
    pub enterprise_id: i64,
    pub enterprise: String,
    pub credit_code: String,
    pub park_id: i64,
    pub park: String,
    pub above_size: bool,
    pub last_visited_on: Option<NaiveDate>,
    /// The caller's visits on or after `since` (the quarter's first day).
    pub visits_since: i64,
    pub open_tickets: i64,
}

/// The enterprises linked to the scope's user, the longest unvisited first.
pub async fn linked_enterprises(
    db: &impl ConnectionTrait,
    scope: &Scope,
    since: NaiveDate,
) -> DbResult<Vec<LinkedEnterprise>> {
    let last = Query::select()
        .expr(Expr::col(("v", "visited_on")).max())
        .from_as("visit", "v")
        .and_where(Expr::col(("v", "enterprise_id")).equals(("k", "enterprise_id")))
        .and_where(Expr::col(("v", "cadre_id")).equals(("k", "user_id")))
        .take();
    let visits = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from_as("visit", "v")
        .and_where(Expr::col(("v", "enterprise_id")).equals(("k", "enterprise_id")))
        .and_where(Expr::col(("v", "cadre_id")).equals(("k", "user_id")))
        .and_where(Expr::col(("v", "visited_on")).gte(since))
        .take();
    let open = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from_as("ticket", "t")
        .and_where(Expr::col(("t", "enterprise_id")).equals(("k", "enterprise_id")))
        .and_where(Expr::col(("t", "state")).is_in(open_states().map(|s| s.code())))
        .take();
    let q = Query::select()
        .expr_as(Expr::col(("e", "id")), "enterprise_id")
        .expr_as(Expr::col(("e", "name")), "enterprise")
        .column(("e", "credit_code"))
        .column(("e", "park_id"))
        .expr_as(Expr::col(("p", "name")), "park")
        .column(("e", "above_size"))
        .expr_as(Expr::SubQuery(None, Box::new(last.into())), "last_visited_on")
        .expr_as(Expr::SubQuery(None, Box::new(visits.into())), "visits_since")
        .expr_as(Expr::SubQuery(None, Box::new(open.into())), "open_tickets")
        .from_as("linkage", "k")
        .join_as(JoinType::InnerJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("k", "enterprise_id")))
        .join_as(JoinType::InnerJoin, "park", "p", Expr::col(("p", "id")).equals(("e", "park_id")))
        .and_where(Expr::col(("k", "zone_id")).eq(scope.zone))
        .and_where(Expr::col(("k", "user_id")).eq(scope.user))
        // a linkage to an enterprise the caller may no longer read shows nothing of it
        .cond_where(scope::enterprise(scope))
        .order_by(("e", "name"), Order::Asc)
        .take();
    let mut rows = db
        .query_all(&q)
        .await?
        .iter()
        .map(|r| LinkedEnterprise::from_query_result(r, ""))
        .collect::<Result<Vec<_>, _>>()?;
    // Never visited first, then the longest ago; the name (above) breaks ties.
    rows.sort_by_key(|r| r.last_visited_on);
    Ok(rows)
}
