//! A ticket's park follows its enterprise's current park from now on (the enterprise update
//! moves its tickets); tickets of enterprises that moved before that carry the park they were
//! filed in, which the old park could still read and the new one could not.

use sea_orm_migration::prelude::*;

use super::index;

pub struct M0009ScopeTicketPark;

impl MigrationName for M0009ScopeTicketPark {
    fn name(&self) -> &str {
        "m0009_scope_ticket_park"
    }
}

/// A ticket's park follows its enterprise's current park from now on (the enterprise update
/// moves its tickets); tickets of enterprises that moved before that carry the park they were
/// filed in, which the old park could still read and the new one could not.
#[async_trait::async_trait]
impl MigrationTrait for M0009ScopeTicketPark {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "UPDATE ticket SET park_id = (SELECT e.park_id FROM enterprise e WHERE e.id = ticket.enterprise_id) \
                 WHERE enterprise_id IS NOT NULL AND (park_id IS NULL OR park_id <> \
                 (SELECT e.park_id FROM enterprise e WHERE e.id = ticket.enterprise_id))",
            )
            .await?;
        // The park scope also reads the tickets of its parks' projects (see `scope::ticket`).
        m.create_index(index("ticket", "ix_ticket_project", &["project_id"])).await?;
        Ok(())
    }
}
