//! Investment attraction: leads with their stage moves, activities, targets, weekly plans, and
//! projects with one row per template stage (planned and actual dates), progress and problems.

use sea_orm_migration::prelude::*;

use super::{big, big_null, date, date_null, fk, fk_cascade, fk_null, flag, id, index, text, text_null, ts};

pub struct M0002Investment;

impl MigrationName for M0002Investment {
    fn name(&self) -> &str {
        "m0002_investment"
    }
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
