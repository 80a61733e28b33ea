//! 催办 (urging a ticket or a project): one row per press. The zones' 系统管理员, 区领导 and
//! 企业服务中心 roles get the new `urge:write` permission unless they hold it already.

use sea_orm_migration::prelude::*;

use super::{big, id, index, text, ts};

pub struct M0016Urge;

impl MigrationName for M0016Urge {
    fn name(&self) -> &str {
        "m0016_urge"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0016Urge {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("urge")
                .col(id())
                .col(big("zone_id"))
                .col(text("entity"))
                .col(big("entity_id"))
                .col(big("by_id"))
                .col(text("by_name"))
                .col(text("note"))
                .col(ts("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index("urge", "ix_urge_entity", &["zone_id", "entity", "entity_id"])).await?;
        let conn = m.get_connection();
        let roles = conn
            .query_all(
                &Query::select()
                    .columns(["id", "permissions"])
                    .from("role")
                    .and_where(Expr::col("code").is_in(["admin", "leader", "service"]))
                    .take(),
            )
            .await?;
        for r in roles {
            let role: i64 = r.try_get("", "id")?;
            let text: String = r.try_get("", "permissions")?;
            let mut perms: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
            if perms.iter().any(|p| p == "urge:write") {
                continue;
            }
            perms.push("urge:write".into());
            let json = serde_json::to_string(&perms).map_err(|e| DbErr::Custom(e.to_string()))?;
            conn.execute(
                &Query::update().table("role").value("permissions", json).and_where(Expr::col("id").eq(role)).take(),
            )
            .await?;
        }
        Ok(())
    }
}
