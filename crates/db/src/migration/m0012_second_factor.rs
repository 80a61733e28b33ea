//! M0012: second factors (TOTP secret, recovery codes), what a session list shows (address,
//! browser) and the pending login step; the audit and security administrators' roles for zones
//! created before they shipped.

use sea_orm_migration::prelude::*;

use super::{big, fk_cascade, id, index, text, text_null, ts, ts_null};

pub struct M0012SecondFactor;

impl MigrationName for M0012SecondFactor {
    fn name(&self) -> &str {
        "m0012_second_factor"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0012SecondFactor {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One factor per user. `secret` is sealed with the installation key; `confirmed_at` is
        // null while the user has scanned but not yet proved a code; `last_step` refuses replays.
        m.create_table(
            Table::create()
                .table("second_factor")
                .col(big("user_id").primary_key())
                .col(text("secret"))
                .col(ts("created_at"))
                .col(ts_null("confirmed_at"))
                .col(ColumnDef::new("last_step").big_integer().null())
                .foreign_key(&mut fk_cascade("second_factor", "user_id", "app_user"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("recovery_code")
                .col(id())
                .col(big("user_id"))
                .col(text("code_hash"))
                .col(ts_null("used_at"))
                .foreign_key(&mut fk_cascade("recovery_code", "user_id", "app_user"))
                .take(),
        )
        .await?;
        m.create_index(index("recovery_code", "ix_recovery_code_user", &["user_id"])).await?;
        // SQLite takes one column per ALTER TABLE.
        for col in [text_null("pending"), ts_null("pending_until"), text_null("ip"), text_null("user_agent")] {
            m.alter_table(Table::alter().table("session").add_column(col).take()).await?;
        }
        // Zones created earlier get the two new roles; their admin role keeps what it had (an
        // administrator removes audit:read from it on the roles page: see CHANGELOG).
        let conn = m.get_connection();
        let zones = conn.query_all(&Query::select().column("id").from("zone").take()).await?;
        for z in zones {
            let zone: i64 = z.try_get("", "id")?;
            for (code, name, perms) in
                [("auditor", "审计管理员", r#"["audit:read"]"#), ("security", "安全管理员", r#"["security:admin"]"#)]
            {
                let exists = conn
                    .query_one(
                        &Query::select()
                            .column("id")
                            .from("role")
                            .and_where(Expr::col("zone_id").eq(zone))
                            .and_where(Expr::col("code").eq(code))
                            .take(),
                    )
                    .await?
                    .is_some();
                if !exists {
                    let q = Query::insert()
                        .into_table("role")
                        .columns(["zone_id", "code", "name", "permissions"])
                        .values_panic([zone.into(), code.into(), name.into(), perms.into()])
                        .take();
                    conn.execute(&q).await?;
                }
            }
        }
        Ok(())
    }
}
