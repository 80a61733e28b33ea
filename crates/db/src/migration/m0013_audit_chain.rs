//! M0013: the audit trail becomes a hash chain (`audit_chain`, decision 0022).

use sea_orm_migration::prelude::*;

use crate::audit_chain::{HashAlg, seal_unchained};

pub(crate) struct M0013AuditChain;

impl MigrationName for M0013AuditChain {
    fn name(&self) -> &str {
        "m0013_audit_chain"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0013AuditChain {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Nullable: rows written before the upgrade get theirs below, and a row written around
        // the application later is found by verification instead of refused.
        for col in [ColumnDef::new("seq").big_integer().null().take(), ColumnDef::new("hash").text().null().take()] {
            m.alter_table(Table::alter().table("audit").add_column(col).take()).await?;
        }
        m.create_table(
            Table::create()
                .table("audit_chain")
                .col(ColumnDef::new("zone_id").big_integer().not_null().primary_key())
                // The head: the zone's last row.
                .col(ColumnDef::new("seq").big_integer().not_null())
                .col(ColumnDef::new("hash").text().not_null())
                // The checkpoint: the last row retention pruning removed.
                .col(ColumnDef::new("base_seq").big_integer().not_null())
                .col(ColumnDef::new("base_hash").text().not_null())
                .take(),
        )
        .await?;
        // One row per place: a second writer cannot fork the chain, and verification reads in
        // chain order from the index.
        m.create_index(
            Index::create().name("ux_audit_zone_seq").table("audit").col("zone_id").col("seq").unique().take(),
        )
        .await?;
        // The upgrade: existing rows chained in id order, so an upgraded database verifies.
        let sealed =
            seal_unchained(m.get_connection(), HashAlg::Sm3).await.map_err(|e| DbErr::Migration(e.to_string()))?;
        if sealed > 0 {
            tracing::info!(rows = sealed, "audit rows written before the upgrade chained (SM3)");
        }
        Ok(())
    }
}
