//! The caller's data scope as query conditions: one function per scoped entity, used by every
//! list, detail, aggregate and export of that entity, so no read can forget it.

use sea_orm::sea_query::{Cond, Condition, Expr, ExprTrait, Query};
use zoneops_domain::scope::{Reach, Scope};

/// Which enterprises (aliased `e`) the scope may read.
pub fn enterprise(scope: &Scope) -> Condition {
    let zone = Expr::col(("e", "zone_id")).eq(scope.zone);
    let reach = match &scope.reach {
        Reach::Zone => Cond::all(),
        Reach::Parks { parks } => Cond::all().add(Expr::col(("e", "park_id")).is_in(parks.clone())),
        // A department reads the enterprises of the tickets routed to it.
        Reach::Department { department } => Cond::all().add(
            Expr::col(("e", "id")).in_subquery(
                Query::select()
                    .column("enterprise_id")
                    .from("ticket")
                    .and_where(Expr::col("zone_id").eq(scope.zone))
                    .and_where(Expr::col("department_id").eq(*department))
                    .and_where(Expr::col("enterprise_id").is_not_null())
                    .take(),
            ),
        ),
        Reach::Own => Cond::any().add(Expr::col(("e", "created_by")).eq(scope.user)).add(
            Expr::col(("e", "id")).in_subquery(
                Query::select()
                    .column("enterprise_id")
                    .from("linkage")
                    .and_where(Expr::col("user_id").eq(scope.user))
                    .take(),
            ),
        ),
        Reach::Enterprise { enterprise } => Cond::all().add(Expr::col(("e", "id")).eq(*enterprise)),
    };
    Cond::all().add(zone).add(reach)
}

/// Records that belong to a park and have an owner (leads, activities, projects, targets,
/// weekly plans): zone-wide sees all, a park scope its parks, an own scope what it owns, an
/// enterprise scope `enterprise_col`'s matches (projects only), a department nothing yet.
fn park_owned(scope: &Scope, alias: &'static str, owner: Condition, enterprise_col: Option<&'static str>) -> Condition {
    let zone = Expr::col((alias, "zone_id")).eq(scope.zone);
    let reach = match &scope.reach {
        Reach::Zone => Cond::all(),
        Reach::Parks { parks } => Cond::all().add(Expr::col((alias, "park_id")).is_in(parks.clone())),
        Reach::Own => {
            let mut c = Cond::any().add(owner);
            if let Some(col) = enterprise_col {
                // 三重挂钩: a cadre linked to an enterprise follows its projects too.
                c = c.add(
                    Expr::col((alias, col)).in_subquery(
                        Query::select()
                            .column("enterprise_id")
                            .from("linkage")
                            .and_where(Expr::col("user_id").eq(scope.user))
                            .take(),
                    ),
                );
            }
            c
        }
        Reach::Enterprise { enterprise } => match enterprise_col {
            Some(col) => Cond::all().add(Expr::col((alias, col)).eq(*enterprise)),
            None => Cond::all().add(Expr::cust("1 = 0")),
        },
        Reach::Department { .. } => Cond::all().add(Expr::cust("1 = 0")),
    };
    Cond::all().add(zone).add(reach)
}

/// Leads (aliased `l`).
pub fn lead(scope: &Scope) -> Condition {
    park_owned(scope, "l", Cond::all().add(Expr::col(("l", "owner_id")).eq(scope.user)), None)
}

/// Activities (aliased `a`); zone-level activities (no park) only zone-wide or to their owner.
pub fn activity(scope: &Scope) -> Condition {
    park_owned(scope, "a", Cond::all().add(Expr::col(("a", "owner_id")).eq(scope.user)), None)
}

/// Projects (aliased `p`).
pub fn project(scope: &Scope) -> Condition {
    park_owned(scope, "p", Cond::all().add(Expr::col(("p", "owner_id")).eq(scope.user)), Some("enterprise_id"))
}

/// Investment targets (aliased `t`): a person's own, a park's and its people's, or all.
pub fn target(scope: &Scope) -> Condition {
    let own =
        Cond::all().add(Expr::col(("t", "subject")).eq("user")).add(Expr::col(("t", "subject_id")).eq(scope.user));
    park_owned(scope, "t", own, None)
}

/// Weekly plans (aliased `w`).
pub fn weekly_plan(scope: &Scope) -> Condition {
    park_owned(scope, "w", Cond::all().add(Expr::col(("w", "user_id")).eq(scope.user)), None)
}

/// Tickets (aliased `t`): a department reads those routed to it now or before; a park scope
/// the tickets of its parks; an own scope what it filed or its linked enterprises'; an
/// enterprise its own. Whoever filed a ticket follows it: the zone, a park (its staff's
/// tickets carry their park), an enterprise and an own scope see what they file anyway, so only
/// a department needs the extra `requester_id` term — which keeps the others' conditions
/// index-friendly (an OR across columns made every park's ticket count scan the whole table).
pub fn ticket(scope: &Scope) -> Condition {
    let zone = Expr::col(("t", "zone_id")).eq(scope.zone);
    let reach = match &scope.reach {
        Reach::Zone => Cond::all(),
        // `park_id` is the enterprise's current park (kept in step when it moves), else the
        // park it was filed for; a ticket on one of the parks' projects is theirs as well.
        Reach::Parks { parks } => Cond::any().add(Expr::col(("t", "park_id")).is_in(parks.clone())).add(
            Expr::col(("t", "project_id")).in_subquery(
                Query::select()
                    .column("id")
                    .from("project")
                    .and_where(Expr::col("zone_id").eq(scope.zone))
                    .and_where(Expr::col("park_id").is_in(parks.clone()))
                    .take(),
            ),
        ),
        Reach::Department { department } => Cond::any().add(Expr::col(("t", "department_id")).eq(*department)).add(
            Expr::col(("t", "id")).in_subquery(
                Query::select()
                    .column("ticket_id")
                    .from("ticket_event")
                    .and_where(Expr::col("department_id").eq(*department))
                    .take(),
            ),
        ),
        Reach::Own => Cond::any().add(Expr::col(("t", "requester_id")).eq(scope.user)).add(
            Expr::col(("t", "enterprise_id")).in_subquery(
                Query::select()
                    .column("enterprise_id")
                    .from("linkage")
                    .and_where(Expr::col("user_id").eq(scope.user))
                    .take(),
            ),
        ),
        Reach::Enterprise { enterprise } => Cond::all().add(Expr::col(("t", "enterprise_id")).eq(*enterprise)),
    };
    let reach = match &scope.reach {
        Reach::Department { .. } => Cond::any().add(reach).add(Expr::col(("t", "requester_id")).eq(scope.user)),
        _ => reach,
    };
    Cond::all().add(zone).add(reach)
}
