//! Each user's choice of which notices reach their inbox, and the photos taken on a visit
//! (bytes in the database, as ticket attachments are: decisions 0011 and 0036).

use sea_orm_migration::prelude::*;

use super::{big, big_null, fk, fk_cascade, fk_null, id, index, text, ts};

pub struct M0018PreferencesPhotos;

impl MigrationName for M0018PreferencesPhotos {
    fn name(&self) -> &str {
        "m0018_preferences_photos"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0018PreferencesPhotos {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One row per (user, kind) the user has chosen for; a kind without a row is on, so a
        // kind added later reaches everyone until they turn it off.
        m.create_table(
            Table::create()
                .table("notification_preference")
                .col(big("zone_id"))
                .col(big("user_id"))
                .col(text("kind"))
                .col(ColumnDef::new("inbox").boolean().not_null().default(true))
                .col(ts("updated_at"))
                .primary_key(Index::create().col("user_id").col("kind"))
                .foreign_key(&mut fk("notification_preference", "zone_id", "zone"))
                .foreign_key(&mut fk_cascade("notification_preference", "user_id", "app_user"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("visit_photo")
                .col(id())
                .col(big("zone_id"))
                .col(big("visit_id"))
                .col(text("file_name"))
                .col(text("content_type"))
                .col(big("size"))
                .col(text("sha256"))
                .col(ColumnDef::new("data").blob().not_null())
                .col(big_null("uploaded_by"))
                .col(text("uploader"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("visit_photo", "zone_id", "zone"))
                .foreign_key(&mut fk_cascade("visit_photo", "visit_id", "visit"))
                .foreign_key(&mut fk_null("visit_photo", "uploaded_by", "app_user"))
                .take(),
        )
        .await?;
        m.create_index(index("visit_photo", "ix_visit_photo_visit", &["visit_id", "id"])).await?;
        Ok(())
    }
}
