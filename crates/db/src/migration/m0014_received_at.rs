//! When it happened: a ticket taken by phone (or found on a visit) and entered afterwards records
//! when it was received, and a visit when it was made; entries older than a few days carry the
//! reason they were late. The SLA clock of such a ticket runs from its receipt.

use sea_orm_migration::prelude::*;

use super::{text_null, ts_null};

pub struct M0014ReceivedAt;

impl MigrationName for M0014ReceivedAt {
    fn name(&self) -> &str {
        "m0014_received_at"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0014ReceivedAt {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Nullable: a ticket filed when it was received, a visit recorded by its date only.
        // SQLite takes one column per ALTER TABLE.
        for col in [ts_null("received_at"), text_null("late_reason")] {
            m.alter_table(Table::alter().table("ticket").add_column(col).take()).await?;
        }
        for col in [ts_null("visited_at"), text_null("late_reason")] {
            m.alter_table(Table::alter().table("visit").add_column(col).take()).await?;
        }
        Ok(())
    }
}
