//! The service desk: tickets from every channel with their event history (the SLA clock is
//! derived from it), routing rules, service-level policies and the zone's calendar overrides.

use sea_orm_migration::prelude::*;

use super::{big, big_null, date, fk, fk_cascade, fk_null, id, index, text, text_null, ts, ts_null};

pub struct M0003ServiceDesk;

impl MigrationName for M0003ServiceDesk {
    fn name(&self) -> &str {
        "m0003_service_desk"
    }
}

/// The service desk: tickets from every channel with their event history (the SLA clock is
/// derived from it), routing rules, service-level policies and the zone's calendar overrides.
#[async_trait::async_trait]
impl MigrationTrait for M0003ServiceDesk {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ticket")
                .col(id())
                .col(big("zone_id"))
                .col(text("no"))
                .col(text("access_code"))
                .col(text("channel"))
                .col(text("category"))
                .col(text("priority"))
                .col(text("title"))
                .col(text("detail"))
                .col(big_null("enterprise_id"))
                .col(big_null("project_id"))
                .col(big_null("park_id"))
                .col(big_null("requester_id"))
                .col(text("contact_name"))
                .col(text("contact_phone"))
                .col(text("contact_company"))
                .col(big_null("department_id"))
                .col(text("state"))
                .col(ts("created_at"))
                .col(ts_null("dispatched_at"))
                .col(ts_null("answered_at"))
                .col(ts_null("resolved_at"))
                .col(ts_null("closed_at"))
                .col(ts("updated_at"))
                .col(text("resolution"))
                .col(ColumnDef::new("solved").boolean().null())
                .col(ColumnDef::new("satisfaction").integer().null())
                .col(text("rating_comment"))
                .foreign_key(&mut fk("ticket", "zone_id", "zone"))
                .foreign_key(&mut fk_null("ticket", "enterprise_id", "enterprise"))
                .foreign_key(&mut fk_null("ticket", "project_id", "project"))
                .foreign_key(&mut fk_null("ticket", "requester_id", "app_user"))
                .foreign_key(&mut fk("ticket", "department_id", "department"))
                .take(),
        )
        .await?;
        m.create_index(index("ticket", "ux_ticket_no", &["zone_id", "no"]).unique().take()).await?;
        m.create_index(index("ticket", "ix_ticket_zone_state", &["zone_id", "state", "created_at"])).await?;
        m.create_index(index("ticket", "ix_ticket_zone_dept", &["zone_id", "department_id", "state"])).await?;
        m.create_index(index("ticket", "ix_ticket_zone_created", &["zone_id", "created_at"])).await?;
        m.create_index(index("ticket", "ix_ticket_enterprise", &["enterprise_id"])).await?;
        m.create_index(index("ticket", "ix_ticket_park", &["zone_id", "park_id"])).await?;
        m.create_table(
            Table::create()
                .table("ticket_event")
                .col(id())
                .col(big("zone_id"))
                .col(big("ticket_id"))
                .col(ts("at"))
                .col(text("action"))
                .col(text_null("from_state"))
                .col(text("to_state"))
                .col(big_null("actor_id"))
                .col(text("actor"))
                .col(big_null("department_id"))
                .col(text_null("reason"))
                .foreign_key(&mut fk_cascade("ticket_event", "ticket_id", "ticket"))
                .take(),
        )
        .await?;
        m.create_index(index("ticket_event", "ix_ticket_event_ticket", &["ticket_id", "id"])).await?;
        m.create_index(index("ticket_event", "ix_ticket_event_dept", &["department_id", "ticket_id"])).await?;
        m.create_table(
            Table::create()
                .table("ticket_routing")
                .col(big("zone_id"))
                .col(text("category"))
                .col(big("department_id"))
                .primary_key(Index::create().col("zone_id").col("category"))
                .foreign_key(&mut fk_cascade("ticket_routing", "department_id", "department"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sla_policy")
                .col(big("zone_id"))
                .col(text("category"))
                .col(text("priority"))
                // The policy as JSON (limits and units), read whole.
                .col(text("policy"))
                .primary_key(Index::create().col("zone_id").col("category").col("priority"))
                .take(),
        )
        .await?;
        // A year listed here replaces the shipped public calendar for that year.
        m.create_table(
            Table::create()
                .table("calendar_day")
                .col(big("zone_id"))
                .col(date("day"))
                .col(ColumnDef::new("year").integer().not_null())
                // "holiday" | "workday" (调休 make-up working day) | "edited" (on 1 January: the
                // year is the zone's own, even with no holiday left in it)
                .col(text("kind"))
                .primary_key(Index::create().col("zone_id").col("day").col("kind"))
                .take(),
        )
        .await?;
        m.create_index(index("calendar_day", "ix_calendar_day_year", &["zone_id", "year"])).await?;
        // 走访: a cadre's visit to an enterprise; a problem found becomes a ticket.
        m.create_table(
            Table::create()
                .table("visit")
                .col(id())
                .col(big("zone_id"))
                .col(big("cadre_id"))
                .col(big("enterprise_id"))
                .col(big_null("project_id"))
                .col(date("visited_on"))
                .col(text("people_met"))
                .col(text("findings"))
                .col(big_null("ticket_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("visit", "cadre_id", "app_user"))
                .foreign_key(&mut fk_cascade("visit", "enterprise_id", "enterprise"))
                .foreign_key(&mut fk_null("visit", "project_id", "project"))
                .foreign_key(&mut fk_null("visit", "ticket_id", "ticket"))
                .take(),
        )
        .await?;
        m.create_index(index("visit", "ix_visit_zone_date", &["zone_id", "visited_on"])).await?;
        m.create_index(index("visit", "ix_visit_enterprise_date", &["enterprise_id", "visited_on"])).await?;
        m.create_index(index("visit", "ix_visit_cadre_date", &["cadre_id", "visited_on"])).await?;
        Ok(())
    }
}
