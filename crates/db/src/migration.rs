//! The schema, one Rust source for SQLite and PostgreSQL. Money and indicator values are BIGINT
//! in hundredths (分 for money); periods are integer keys (202108, 2021); timestamps come from Rust.

use sea_orm_migration::prelude::*;

mod m0012_second_factor;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M0001Foundation),
            Box::new(M0002Investment),
            Box::new(M0003ServiceDesk),
            Box::new(M0004Meetings),
            Box::new(M0005Notifications),
            Box::new(M0006CategoriesAttachments),
            Box::new(M0007Scale),
            Box::new(M0008CoveringTierIndex),
            Box::new(M0009ScopeTicketPark),
            Box::new(M0011Idempotency),
            Box::new(m0012_second_factor::M0012SecondFactor),
            Box::new(crate::audit_migration::M0013AuditChain),
        ]
    }
}

struct M0001Foundation;

impl MigrationName for M0001Foundation {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

fn id() -> ColumnDef {
    ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key().take()
}
fn big(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().take()
}
fn big_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().take()
}
fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().take()
}
fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().null().take()
}
fn flag(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).boolean().not_null().default(false).take()
}
fn ts(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().not_null().take()
}
fn ts_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().null().take()
}
fn fk(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, "id").on_delete(ForeignKeyAction::Restrict).take()
}
fn fk_cascade(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, "id").on_delete(ForeignKeyAction::Cascade).take()
}
fn index(table: &'static str, name: impl Into<String>, cols: &[&'static str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(*c);
    }
    i.take()
}

#[async_trait::async_trait]
impl MigrationTrait for M0001Foundation {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("zone")
                .col(id())
                .col(text("code").unique_key())
                .col(text("name"))
                .col(ts("created_at"))
                .take(),
        )
        .await?;
        for (table, extra) in [("park", true), ("department", false), ("chain", true)] {
            let mut t = Table::create();
            t.table(table).col(id()).col(big("zone_id")).col(text("code")).col(text("name")).col(big("sort"));
            if extra {
                t.col(flag("demo"));
            }
            if table == "chain" {
                t.col(text("grp"));
            }
            t.foreign_key(&mut fk(table, "zone_id", "zone"));
            m.create_table(t.take()).await?;
            m.create_index(index(table, format!("ux_{table}_zone_code"), &["zone_id", "code"]).unique().take()).await?;
        }
        m.create_table(
            Table::create()
                .table("industry")
                .col(text("version"))
                .col(text("code"))
                .col(text("level"))
                .col(text("name"))
                .col(text_null("parent"))
                .primary_key(Index::create().col("version").col("code"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("role")
                .col(id())
                .col(big("zone_id"))
                .col(text("code"))
                .col(text("name"))
                .col(text("permissions"))
                .foreign_key(&mut fk("role", "zone_id", "zone"))
                .take(),
        )
        .await?;
        m.create_index(index("role", "ux_role_zone_code", &["zone_id", "code"]).unique().take()).await?;
        m.create_table(
            Table::create()
                .table("app_user")
                .col(id())
                .col(big("zone_id"))
                .col(text("username").unique_key())
                .col(text("display_name"))
                .col(text("password_hash"))
                .col(text("scope"))
                .col(flag("disabled"))
                .col(big("failed_logins"))
                .col(ts_null("locked_until"))
                .col(ts_null("last_login_at"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("app_user", "zone_id", "zone"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("user_role")
                .col(big("user_id"))
                .col(big("role_id"))
                .primary_key(Index::create().col("user_id").col("role_id"))
                .foreign_key(&mut fk_cascade("user_role", "user_id", "app_user"))
                .foreign_key(&mut fk_cascade("user_role", "role_id", "role"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("session")
                .col(text("token_hash").primary_key())
                .col(big("user_id"))
                .col(ts("created_at"))
                .col(ts("last_seen_at"))
                .foreign_key(&mut fk_cascade("session", "user_id", "app_user"))
                .take(),
        )
        .await?;
        m.create_index(index("session", "ix_session_user", &["user_id"])).await?;
        m.create_table(
            Table::create()
                .table("enterprise")
                .col(id())
                .col(big("zone_id"))
                .col(text("credit_code"))
                .col(flag("credit_code_warning"))
                .col(text("name"))
                .col(text("search"))
                .col(big("park_id"))
                .col(big_null("chain_id"))
                .col(text("industry_code"))
                .col(flag("above_size"))
                .col(big_null("land_mu"))
                .col(ColumnDef::new("established_on").date().null())
                .col(text("address"))
                .col(big_null("created_by"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("enterprise", "zone_id", "zone"))
                .foreign_key(&mut fk("enterprise", "park_id", "park"))
                .foreign_key(&mut fk("enterprise", "chain_id", "chain"))
                .take(),
        )
        .await?;
        m.create_index(index("enterprise", "ux_enterprise_zone_code", &["zone_id", "credit_code"]).unique().take())
            .await?;
        m.create_index(index("enterprise", "ix_enterprise_zone_park", &["zone_id", "park_id", "name"])).await?;
        m.create_index(index("enterprise", "ix_enterprise_zone_name", &["zone_id", "name"])).await?;
        m.create_table(
            Table::create()
                .table("entrepreneur")
                .col(id())
                .col(big("zone_id"))
                .col(big("enterprise_id"))
                .col(text("name"))
                .col(text("title"))
                .col(text("mobile"))
                .col(text("honors"))
                .col(big("sort"))
                .foreign_key(&mut fk_cascade("entrepreneur", "enterprise_id", "enterprise"))
                .take(),
        )
        .await?;
        m.create_index(index("entrepreneur", "ix_entrepreneur_enterprise", &["enterprise_id"])).await?;
        // Indicator records as reported: one row per (enterprise, metric, period).
        m.create_table(
            Table::create()
                .table("indicator")
                .col(big("enterprise_id"))
                .col(text("metric"))
                .col(ColumnDef::new("period").integer().not_null())
                .col(big("zone_id"))
                .col(big("value"))
                .col(ts("updated_at"))
                .primary_key(Index::create().col("enterprise_id").col("metric").col("period"))
                .foreign_key(&mut fk_cascade("indicator", "enterprise_id", "enterprise"))
                .take(),
        )
        .await?;
        // The yearly figures of each enterprise, recomputed from `indicator` in the same
        // transaction as every indicator write: what tiers, lists and the cockpit read.
        m.create_table(
            Table::create()
                .table("enterprise_year")
                .col(big("enterprise_id"))
                .col(ColumnDef::new("year").integer().not_null())
                .col(big("zone_id"))
                // NULL: nothing reported for that metric in that year (not the same as 0).
                .col(big_null("sales"))
                .col(big_null("output"))
                .col(big_null("tax"))
                .col(big_null("employees"))
                .col(big_null("rd"))
                .col(big_null("energy"))
                .col(big_null("land_mu"))
                .col(big_null("fixed_investment"))
                .primary_key(Index::create().col("enterprise_id").col("year"))
                .foreign_key(&mut fk_cascade("enterprise_year", "enterprise_id", "enterprise"))
                .take(),
        )
        .await?;
        m.create_index(index("enterprise_year", "ix_ey_zone_year_sales", &["zone_id", "year", "sales"])).await?;
        m.create_table(
            Table::create()
                .table("goal")
                .col(id())
                .col(big("zone_id"))
                .col(text("name"))
                .col(text("tier"))
                .col(big("target_count"))
                .col(ColumnDef::new("base_year").integer().not_null())
                .col(ColumnDef::new("deadline_year").integer().not_null())
                .col(ts("created_at"))
                .foreign_key(&mut fk("goal", "zone_id", "zone"))
                .take(),
        )
        .await?;
        // 三重挂钩: a cadre linked to an enterprise; the "own" data scope reads through it.
        m.create_table(
            Table::create()
                .table("linkage")
                .col(id())
                .col(big("zone_id"))
                .col(big("user_id"))
                .col(big("enterprise_id"))
                .foreign_key(&mut fk_cascade("linkage", "user_id", "app_user"))
                .foreign_key(&mut fk_cascade("linkage", "enterprise_id", "enterprise"))
                .take(),
        )
        .await?;
        m.create_index(index("linkage", "ux_linkage_user_ent", &["user_id", "enterprise_id"]).unique().take()).await?;
        m.create_table(
            Table::create()
                .table("audit")
                .col(id())
                .col(big("zone_id"))
                .col(ts("at"))
                .col(big_null("actor_id"))
                .col(text("actor"))
                .col(text("action"))
                .col(text("entity"))
                .col(text("entity_id"))
                .col(text_null("before"))
                .col(text_null("after"))
                .col(text("request_id"))
                .col(text("ip"))
                .take(),
        )
        .await?;
        m.create_index(index("audit", "ix_audit_zone_at", &["zone_id", "at"])).await?;
        m.create_index(index("audit", "ix_audit_entity", &["zone_id", "entity", "entity_id"])).await?;
        Ok(())
    }
}

struct M0002Investment;

impl MigrationName for M0002Investment {
    fn name(&self) -> &str {
        "m0002_investment"
    }
}

fn date(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().take()
}
fn date_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().null().take()
}
fn fk_null(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, "id").on_delete(ForeignKeyAction::SetNull).take()
}

/// Investment attraction: leads with their stage moves, activities, targets, weekly plans, and
/// projects with one row per template stage (planned and actual dates), progress and problems.
#[async_trait::async_trait]
impl MigrationTrait for M0002Investment {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("lead")
                .col(id())
                .col(big("zone_id"))
                .col(text("company"))
                .col(text_null("codename"))
                .col(flag("confidential"))
                .col(text("source"))
                .col(text("kind"))
                .col(text_null("industry_code"))
                .col(big_null("chain_id"))
                .col(big("intended_investment"))
                .col(big("owner_id"))
                .col(big("park_id"))
                .col(text("stage"))
                .col(date("stage_since"))
                .col(text_null("lost_reason"))
                .col(text("contact_name"))
                .col(text("contact_phone"))
                .col(text("notes"))
                .col(big_null("enterprise_id"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("lead", "zone_id", "zone"))
                .foreign_key(&mut fk("lead", "chain_id", "chain"))
                .foreign_key(&mut fk("lead", "owner_id", "app_user"))
                .foreign_key(&mut fk("lead", "park_id", "park"))
                .foreign_key(&mut fk_null("lead", "enterprise_id", "enterprise"))
                .take(),
        )
        .await?;
        m.create_index(index("lead", "ix_lead_zone_park_stage", &["zone_id", "park_id", "stage"])).await?;
        m.create_index(index("lead", "ix_lead_zone_owner", &["zone_id", "owner_id"])).await?;
        m.create_table(
            Table::create()
                .table("lead_move")
                .col(id())
                .col(big("zone_id"))
                .col(big("lead_id"))
                .col(text_null("from_stage"))
                .col(text("to_stage"))
                .col(date("on_date"))
                .col(text_null("reason"))
                .col(text("actor"))
                .col(ts("at"))
                .foreign_key(&mut fk_cascade("lead_move", "lead_id", "lead"))
                .take(),
        )
        .await?;
        m.create_index(index("lead_move", "ix_lead_move_lead", &["lead_id", "id"])).await?;
        m.create_table(
            Table::create()
                .table("activity")
                .col(id())
                .col(big("zone_id"))
                .col(text("kind"))
                .col(text("title"))
                .col(date("start_on"))
                .col(date("end_on"))
                .col(text("location"))
                .col(text("counterpart"))
                .col(text("participants"))
                .col(big("owner_id"))
                .col(big_null("park_id"))
                .col(text("outcome"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("activity", "zone_id", "zone"))
                .foreign_key(&mut fk("activity", "owner_id", "app_user"))
                .foreign_key(&mut fk("activity", "park_id", "park"))
                .take(),
        )
        .await?;
        m.create_index(index("activity", "ix_activity_zone_kind_start", &["zone_id", "kind", "start_on"])).await?;
        m.create_index(index("activity", "ix_activity_zone_park_start", &["zone_id", "park_id", "start_on"])).await?;
        m.create_table(
            Table::create()
                .table("activity_link")
                .col(big("activity_id"))
                .col(big_null("lead_id"))
                .col(big_null("enterprise_id"))
                .foreign_key(&mut fk_cascade("activity_link", "activity_id", "activity"))
                .foreign_key(&mut fk_cascade("activity_link", "lead_id", "lead"))
                .foreign_key(&mut fk_cascade("activity_link", "enterprise_id", "enterprise"))
                .take(),
        )
        .await?;
        m.create_index(index("activity_link", "ix_activity_link_activity", &["activity_id"])).await?;
        m.create_index(index("activity_link", "ix_activity_link_lead", &["lead_id"])).await?;
        m.create_table(
            Table::create()
                .table("invest_target")
                .col(id())
                .col(big("zone_id"))
                // "park" | "user"; subject_id is the park's or the user's id.
                .col(text("subject"))
                .col(big("subject_id"))
                // The park the target belongs to (a person's park), for the scope.
                .col(big_null("park_id"))
                .col(text("period"))
                .col(date("period_from"))
                .col(date("period_to"))
                .col(big("signed_count"))
                .col(big("signed_amount"))
                .col(big("trips"))
                .col(big("receptions"))
                .foreign_key(&mut fk("invest_target", "zone_id", "zone"))
                .foreign_key(&mut fk("invest_target", "park_id", "park"))
                .take(),
        )
        .await?;
        m.create_index(
            index("invest_target", "ux_invest_target_subject", &["zone_id", "subject", "subject_id", "period"])
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("weekly_plan")
                .col(id())
                .col(big("zone_id"))
                .col(big("user_id"))
                .col(big_null("park_id"))
                .col(date("week"))
                // [{"text", "done"}]: a plan is read and written whole.
                .col(text("items"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk_cascade("weekly_plan", "user_id", "app_user"))
                .take(),
        )
        .await?;
        m.create_index(index("weekly_plan", "ux_weekly_plan_user_week", &["user_id", "week"]).unique().take()).await?;
        m.create_index(index("weekly_plan", "ix_weekly_plan_zone_week", &["zone_id", "week"])).await?;
        m.create_table(
            Table::create()
                .table("project")
                .col(id())
                .col(big("zone_id"))
                .col(text("name"))
                .col(big_null("lead_id"))
                .col(big_null("enterprise_id"))
                .col(big("park_id"))
                .col(big_null("owner_id"))
                .col(big_null("chain_id"))
                .col(text("category"))
                .col(big("investment"))
                .col(date("signed_on"))
                .col(text("notes"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("project", "zone_id", "zone"))
                .foreign_key(&mut fk_null("project", "lead_id", "lead"))
                .foreign_key(&mut fk_null("project", "enterprise_id", "enterprise"))
                .foreign_key(&mut fk("project", "park_id", "park"))
                .foreign_key(&mut fk_null("project", "owner_id", "app_user"))
                .foreign_key(&mut fk("project", "chain_id", "chain"))
                .take(),
        )
        .await?;
        m.create_index(index("project", "ux_project_lead", &["lead_id"]).unique().take()).await?;
        m.create_index(index("project", "ix_project_zone_signed", &["zone_id", "signed_on"])).await?;
        m.create_index(index("project", "ix_project_zone_park_signed", &["zone_id", "park_id", "signed_on"])).await?;
        m.create_index(index("project", "ix_project_enterprise", &["enterprise_id"])).await?;
        m.create_table(
            Table::create()
                .table("project_stage")
                .col(big("project_id"))
                .col(text("stage"))
                .col(big("zone_id"))
                .col(date_null("planned_on"))
                .col(date_null("actual_on"))
                .primary_key(Index::create().col("project_id").col("stage"))
                .foreign_key(&mut fk_cascade("project_stage", "project_id", "project"))
                .take(),
        )
        .await?;
        m.create_index(index("project_stage", "ix_project_stage_actual", &["zone_id", "stage", "actual_on"])).await?;
        m.create_index(index("project_stage", "ix_project_stage_planned", &["zone_id", "planned_on"])).await?;
        for (table, cols) in [
            ("project_progress", &["week", "done", "blockers"][..]),
            ("project_problem", &["title", "detail", "status"][..]),
        ] {
            let mut t = Table::create();
            t.table(table).col(id()).col(big("zone_id")).col(big("project_id"));
            for c in cols {
                if *c == "week" {
                    t.col(date("week"))
                } else {
                    t.col(text(c))
                };
            }
            if table == "project_problem" {
                t.col(date("raised_on")).col(date_null("solved_on"));
            }
            t.col(big_null("author_id")).col(text("author")).col(ts("at"));
            t.foreign_key(&mut fk_cascade(table, "project_id", "project"));
            m.create_table(t.take()).await?;
            m.create_index(index(table, format!("ix_{table}_project"), &["project_id", "id"])).await?;
        }
        Ok(())
    }
}

struct M0003ServiceDesk;

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

struct M0004Meetings;

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

struct M0005Notifications;

impl MigrationName for M0005Notifications {
    fn name(&self) -> &str {
        "m0005_notifications"
    }
}

/// The in-app inbox, the group robots (WeCom / DingTalk webhooks, stored encrypted), the outbox
/// of messages to deliver (written in the transaction of the change they announce), the
/// escalation levels already announced, and the days a daily job ran.
#[async_trait::async_trait]
impl MigrationTrait for M0005Notifications {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("notification")
                .col(id())
                .col(big("zone_id"))
                .col(big_null("user_id"))
                .col(big_null("department_id"))
                .col(text("kind"))
                .col(text("title"))
                .col(text("body"))
                .col(big_null("ticket_id"))
                .col(ts("created_at"))
                .col(ts_null("read_at"))
                .take(),
        )
        .await?;
        m.create_index(index("notification", "ix_notification_user", &["zone_id", "user_id", "id"])).await?;
        m.create_index(index("notification", "ix_notification_dept", &["zone_id", "department_id", "id"])).await?;
        m.create_table(
            Table::create()
                .table("robot")
                .col(id())
                .col(big("zone_id"))
                .col(text("name"))
                // "wecom" | "dingtalk"
                .col(text("kind"))
                .col(big_null("department_id"))
                .col(big_null("park_id"))
                // AES-256-GCM, base64(nonce ‖ ciphertext ‖ tag); never returned by the API.
                .col(text("url_enc"))
                .col(text_null("secret_enc"))
                .col(text("url_hint"))
                .col(flag("enabled"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("robot", "zone_id", "zone"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("outbox")
                .col(id())
                .col(big("zone_id"))
                .col(big("robot_id"))
                .col(text("title"))
                .col(text("body"))
                .col(big("attempts"))
                .col(ts("next_at"))
                .col(ts_null("sent_at"))
                .col(text_null("last_error"))
                .col(ts("created_at"))
                .foreign_key(&mut fk_cascade("outbox", "robot_id", "robot"))
                .take(),
        )
        .await?;
        m.create_index(index("outbox", "ix_outbox_due", &["sent_at", "next_at"])).await?;
        m.create_table(
            Table::create()
                .table("ticket_escalation")
                .col(big("ticket_id"))
                .col(text("level"))
                .col(ts("at"))
                .primary_key(Index::create().col("ticket_id").col("level"))
                .foreign_key(&mut fk_cascade("ticket_escalation", "ticket_id", "ticket"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("job_run")
                .col(big("zone_id"))
                .col(text("job"))
                .col(date("day"))
                .primary_key(Index::create().col("zone_id").col("job").col("day"))
                .take(),
        )
        .await?;
        Ok(())
    }
}

struct M0006CategoriesAttachments;

impl MigrationName for M0006CategoriesAttachments {
    fn name(&self) -> &str {
        "m0006_categories_attachments"
    }
}

/// The zone's own ticket categories (seeded with the defaults for every zone already here; new
/// zones get them from `reference::insert_zone`), and ticket attachments kept in the database
/// (decision 0011) so a backup holds them and an acknowledged upload is as durable as a ticket.
#[async_trait::async_trait]
impl MigrationTrait for M0006CategoriesAttachments {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ticket_category")
                .col(id())
                .col(big("zone_id"))
                .col(text("code"))
                .col(text("label"))
                .col(big("sort"))
                .col(ColumnDef::new("active").boolean().not_null().default(true))
                .foreign_key(&mut fk("ticket_category", "zone_id", "zone"))
                .take(),
        )
        .await?;
        m.create_index(index("ticket_category", "ux_ticket_category_zone_code", &["zone_id", "code"]).unique().take())
            .await?;
        for (i, c) in zoneops_domain::ticket::DEFAULT_CATEGORIES.iter().enumerate() {
            let select = Query::select()
                .column("id")
                .expr(Expr::val(c.code))
                .expr(Expr::val(c.label))
                .expr(Expr::val((i as i64 + 1) * 10))
                .expr(Expr::val(true))
                .from("zone")
                .take();
            let insert = Query::insert()
                .into_table("ticket_category")
                .columns(["zone_id", "code", "label", "sort", "active"])
                .select_from(select)
                .map_err(|e| DbErr::Migration(e.to_string()))?
                .take();
            m.exec_stmt(insert).await?;
        }
        m.create_table(
            Table::create()
                .table("ticket_attachment")
                .col(id())
                .col(big("zone_id"))
                .col(big("ticket_id"))
                .col(text("file_name"))
                .col(text("content_type"))
                .col(big("size"))
                .col(text("sha256"))
                .col(ColumnDef::new("data").blob().not_null())
                .col(big_null("uploaded_by"))
                .col(text("uploader"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("ticket_attachment", "zone_id", "zone"))
                .foreign_key(&mut fk_cascade("ticket_attachment", "ticket_id", "ticket"))
                .foreign_key(&mut fk_null("ticket_attachment", "uploaded_by", "app_user"))
                .take(),
        )
        .await?;
        m.create_index(index("ticket_attachment", "ix_ticket_attachment_ticket", &["ticket_id", "id"])).await?;
        Ok(())
    }
}

struct M0007Scale;

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

struct M0008CoveringTierIndex;

impl MigrationName for M0008CoveringTierIndex {
    fn name(&self) -> &str {
        "m0008_covering_tier_index"
    }
}

/// A tier list (and its count, and the cockpit's tier figures) starts from the enterprises of a
/// year above a sales threshold and joins them to their enterprise. With the enterprise's id and
/// the output in the index, that start reads the index alone: on SQLite the summary is a rowid
/// table, and the old index sent every candidate to the table for its `enterprise_id` (on the
/// benchmark's tier list, 144 of some 320 b-tree searches per request).
#[async_trait::async_trait]
impl MigrationTrait for M0008CoveringTierIndex {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_ey_zone_year_sales").table("enterprise_year").to_owned()).await?;
        m.create_index(index(
            "enterprise_year",
            "ix_ey_zone_year_sales_enterprise",
            &["zone_id", "year", "sales", "enterprise_id", "output"],
        ))
        .await?;
        // SQLite plans with per-index statistics: the new index gets its own at once instead of
        // waiting for the nightly ANALYZE (PostgreSQL's come from the table's).
        if m.get_database_backend() == sea_orm::DbBackend::Sqlite {
            m.get_connection().execute_unprepared("ANALYZE ix_ey_zone_year_sales_enterprise").await?;
        }
        Ok(())
    }
}

struct M0011Idempotency;

impl MigrationName for M0011Idempotency {
    fn name(&self) -> &str {
        "m0011_idempotency"
    }
}

/// `Idempotency-Key` of the creating POSTs (decision 0019): one row per owner (`user:<id>`, or
/// `addr:<client address>` for the public hotline) and key, written in the transaction of the
/// write it guards; the answer (status and JSON body) is added when the request ends. Purged
/// after 24 hours by the housekeeping round.
#[async_trait::async_trait]
impl MigrationTrait for M0011Idempotency {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("idempotency_key")
                .col(id())
                .col(big_null("zone_id"))
                .col(big_null("user_id"))
                .col(text("owner"))
                .col(text("idem_key"))
                // SHA-256 of method, path and body, hex.
                .col(text("request_hash"))
                .col(text("request_id"))
                .col(ColumnDef::new("status").integer().null())
                .col(text_null("response"))
                .col(ts("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index("idempotency_key", "ux_idempotency_owner_key", &["owner", "idem_key"]).unique().take())
            .await?;
        m.create_index(index("idempotency_key", "ix_idempotency_created", &["created_at"])).await?;
        Ok(())
    }
}

struct M0009ScopeTicketPark;

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
