//! What the benchmark zone (100,000 enterprises, 1,000,000 tickets) asked for: the service-level
//! clock's instants stored on the ticket, kept in step with its history (decision 0012), so
//! "overdue", the escalation levels and the on-time rate are indexed conditions instead of a
//! replay of every open ticket (existing tickets get them when the server starts,
//! `ticket_sla::backfill`); a counter per day for tracking numbers; indexes that serve a park's
//! lists in their order.

use sea_orm_migration::prelude::*;

use super::{big, index, text, ts_null};

pub struct M0007Scale;

impl MigrationName for M0007Scale {
    fn name(&self) -> &str {
        "m0007_scale"
    }
}

/// What the benchmark zone (100,000 enterprises, 1,000,000 tickets) asked for: the service-level
/// clock's instants stored on the ticket, kept in step with its history (decision 0012), so
/// "overdue", the escalation levels and the on-time rate are indexed conditions instead of a
/// replay of every open ticket (existing tickets get them when the server starts,
/// `ticket_sla::backfill`); a counter per day for tracking numbers; indexes that serve a park's
/// lists in their order.
#[async_trait::async_trait]
impl MigrationTrait for M0007Scale {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE takes one change at a time.
        for col in ["sla_breach_at", "sla_remind_at", "sla_supervise_at", "sla_notice_at", "sla_at"] {
            m.alter_table(Table::alter().table("ticket").add_column(ts_null(col)).take()).await?;
        }
        // The cockpit's questions as index ranges (a park's, or the zone's): open and overdue
        // counts by state; resolutions of a period with what they are summed over (covering).
        // `created_at` last: a page of overdue tickets is sorted from the index alone.
        let by_state = ["state", "sla_breach_at", "created_at"];
        m.create_index(index("ticket", "ix_ticket_zone_state_breach", &[&["zone_id"][..], &by_state].concat())).await?;
        m.create_index(index(
            "ticket",
            "ix_ticket_park_state_breach",
            &[&["zone_id", "park_id"][..], &by_state].concat(),
        ))
        .await?;
        let resolved = ["resolved_at", "sla_breach_at", "satisfaction"];
        m.create_index(index("ticket", "ix_ticket_zone_resolved", &[&["zone_id"][..], &resolved].concat())).await?;
        m.create_index(index("ticket", "ix_ticket_park_resolved", &[&["zone_id", "park_id"][..], &resolved].concat()))
            .await?;
        // A park's list, newest first, without sorting the park's tickets.
        m.drop_index(Index::drop().name("ix_ticket_park").table("ticket").to_owned()).await?;
        m.create_index(index("ticket", "ix_ticket_park_created", &["zone_id", "park_id", "created_at"])).await?;
        // PostgreSQL's default histogram (100 buckets) put ~900 rows above the 亿元 threshold where
        // there were 72, and it then hashed a park's 15,000 enterprises for a tier list: a finer
        // one makes it start from the few rows above the threshold (13 ms → 0.2 ms).
        if m.get_database_backend() == sea_orm::DbBackend::Postgres {
            for col in ["sales", "output"] {
                let sql = format!("ALTER TABLE enterprise_year ALTER COLUMN {col} SET STATISTICS 1000");
                m.get_connection().execute_unprepared(&sql).await?;
            }
        }
        // A park's enterprises in id order (the list's default), read a page at a time.
        m.create_index(index("enterprise", "ix_enterprise_zone_park_id", &["zone_id", "park_id", "id"])).await?;
        // Only running clocks have level instants: the escalation scan reads a small index range.
        m.create_index(index("ticket", "ix_ticket_zone_remind", &["zone_id", "sla_remind_at"])).await?;
        m.create_table(
            Table::create()
                .table("ticket_day_seq")
                .col(big("zone_id"))
                .col(text("day"))
                .col(big("last"))
                .primary_key(Index::create().col("zone_id").col("day"))
                .take(),
        )
        .await?;
        m.get_connection().execute_unprepared(crate::ticket::REBUILD_DAY_SEQ_SQL).await?;
        // Started tickets whose columns are not computed yet: empty once the server has caught up,
        // so the check at every start costs nothing (same syntax on both databases).
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_ticket_sla_pending ON ticket (zone_id, id) \
                 WHERE sla_at IS NULL AND dispatched_at IS NOT NULL",
            )
            .await?;
        Ok(())
    }
}
