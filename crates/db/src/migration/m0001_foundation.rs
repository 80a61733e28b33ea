//! The foundation: zones, parks, industry chains, enterprises with their yearly and monthly
//! indicators, users, roles and sessions, the audit trail.

use sea_orm_migration::prelude::*;

use super::{big, big_null, fk, fk_cascade, flag, id, index, text, text_null, ts, ts_null};

pub struct M0001Foundation;

impl MigrationName for M0001Foundation {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
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
