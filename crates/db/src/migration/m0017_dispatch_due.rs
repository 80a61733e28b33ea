//! The dispatch limit (decision 0035): each ticket still waiting for its first dispatch stores
//! when its dispatch limit runs out, beside the other SLA columns (decision 0012), so "past the
//! dispatch limit" is an indexed condition like "overdue". The waiting tickets' columns are
//! marked not computed, in a partial index of their own: the server computes them when it starts
//! (`ticket_sla::backfill`).

use sea_orm_migration::prelude::*;

use super::ts_null;

pub struct M0017DispatchDue;

impl MigrationName for M0017DispatchDue {
    fn name(&self) -> &str {
        "m0017_dispatch_due"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0017DispatchDue {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("ticket").add_column(ts_null("sla_dispatch_due_at")).take()).await?;
        // Waiting tickets: served by the (zone_id, state, …) indexes of m0007 — they are few.
        let q = Query::update()
            .table("ticket")
            .value("sla_at", Option::<chrono::DateTime<chrono::Utc>>::None)
            .and_where(Expr::col("state").eq("new"))
            .take();
        m.get_connection().execute(&q).await?;
        // Like m0007's `ix_ticket_sla_pending` for dispatched tickets: waiting tickets whose
        // columns are not computed yet, empty once the server has caught up, so the check at every
        // start costs nothing (the predicate is `ticket_sla::WAITING_LITERAL`).
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_ticket_sla_pending_new ON ticket (zone_id, id) WHERE sla_at IS NULL AND state = 'new'",
            )
            .await?;
        Ok(())
    }
}
