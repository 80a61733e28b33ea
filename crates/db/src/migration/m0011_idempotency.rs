//! `Idempotency-Key` of the creating POSTs (decision 0019): one row per owner (`user:<id>`, or
//! `addr:<client address>` for the public hotline) and key, written in the transaction of the
//! write it guards; the answer (status and JSON body) is added when the request ends. Purged
//! after 24 hours by the housekeeping round.

use sea_orm_migration::prelude::*;

use super::{big_null, id, index, text, text_null, ts};

pub struct M0011Idempotency;

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
