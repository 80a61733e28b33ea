//! The in-app inbox, the group robots (WeCom / DingTalk webhooks, stored encrypted), the outbox
//! of messages to deliver (written in the transaction of the change they announce), the
//! escalation levels already announced, and the days a daily job ran.

use sea_orm_migration::prelude::*;

use super::{big, big_null, date, fk, fk_cascade, flag, id, index, text, text_null, ts, ts_null};

pub struct M0005Notifications;

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
