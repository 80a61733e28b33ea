//! Uploads waiting for their confirmation: the file as uploaded (re-read at commit and for the
//! annotated copy), the digest of the plan the preview showed, and the preview itself
//! (decision 0040).

use sea_orm_migration::prelude::*;

use super::{big, fk, fk_cascade, id, index, text, text_null, ts, ts_null};

pub struct M0020Import;

impl MigrationName for M0020Import {
    fn name(&self) -> &str {
        "m0020_import"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0020Import {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("import_batch")
                .col(id())
                .col(big("zone_id"))
                .col(big("user_id"))
                .col(text("kind"))
                .col(text("file_name"))
                // preview → committed; an expired preview is deleted, not marked.
                .col(text("status"))
                .col(ColumnDef::new("data").blob().not_null())
                .col(text("digest"))
                .col(text("preview"))
                .col(text_null("result"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .col(ts_null("committed_at"))
                .foreign_key(&mut fk("import_batch", "zone_id", "zone"))
                .foreign_key(&mut fk_cascade("import_batch", "user_id", "app_user"))
                .take(),
        )
        .await?;
        m.create_index(index("import_batch", "ix_import_batch_expires", &["expires_at"])).await?;
        Ok(())
    }
}
