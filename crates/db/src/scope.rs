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
        // A department reads what its tickets touch; the service desk adds those links.
        Reach::Department { .. } => Cond::all().add(Expr::cust("1 = 0")),
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
