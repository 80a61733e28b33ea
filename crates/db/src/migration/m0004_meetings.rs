//! Meetings with an agenda drawn from the system (late projects, overdue and escalated tickets,
//! actions carried over), minutes, and decisions as assigned actions tracked until done.

use sea_orm_migration::prelude::*;

use super::{big, big_null, date, date_null, fk, fk_cascade, fk_null, id, index, text, ts};

pub struct M0004Meetings;

impl MigrationName for M0004Meetings {
    fn name(&self) -> &str {
        "m0004_meetings"
    }
}

/// Meetings with an agenda drawn from the system (late projects, overdue and escalated tickets,
/// actions carried over), minutes, and decisions as assigned actions tracked until done.
#[async_trait::async_trait]
impl MigrationTrait for M0004Meetings {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("meeting")
                .col(id())
                .col(big("zone_id"))
                .col(text("kind"))
                .col(text("title"))
                .col(date("held_on"))
                .col(text("location"))
                .col(text("chair"))
                .col(text("status"))
                .col(text("minutes"))
                .col(big_null("created_by"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("meeting", "zone_id", "zone"))
                .take(),
        )
        .await?;
        m.create_index(index("meeting", "ix_meeting_zone_date", &["zone_id", "held_on"])).await?;
        m.create_table(
            Table::create()
                .table("meeting_item")
                .col(id())
                .col(big("zone_id"))
                .col(big("meeting_id"))
                .col(big("sort"))
                // late_project | overdue_ticket | escalated_ticket | carried_action | custom
                .col(text("kind"))
                .col(big_null("ref_id"))
                .col(text("title"))
                .col(text("note"))
                .foreign_key(&mut fk_cascade("meeting_item", "meeting_id", "meeting"))
                .take(),
        )
        .await?;
        m.create_index(index("meeting_item", "ix_meeting_item_meeting", &["meeting_id", "sort"])).await?;
        m.create_table(
            Table::create()
                .table("meeting_action")
                .col(id())
                .col(big("zone_id"))
                .col(big("meeting_id"))
                .col(text("title"))
                .col(big_null("assignee_id"))
                .col(big_null("department_id"))
                .col(date("due_on"))
                .col(text("status"))
                .col(date_null("done_on"))
                .col(text("note"))
                .col(ts("created_at"))
                .foreign_key(&mut fk_cascade("meeting_action", "meeting_id", "meeting"))
                .foreign_key(&mut fk_null("meeting_action", "assignee_id", "app_user"))
                .foreign_key(&mut fk("meeting_action", "department_id", "department"))
                .take(),
        )
        .await?;
        m.create_index(index("meeting_action", "ix_meeting_action_zone_status", &["zone_id", "status", "due_on"]))
            .await?;
        Ok(())
    }
}
