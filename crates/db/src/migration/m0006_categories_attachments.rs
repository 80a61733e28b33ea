//! The zone's own ticket categories (seeded with the defaults for every zone already here; new
//! zones get them from `reference::insert_zone`), and ticket attachments kept in the database
//! (decision 0011) so a backup holds them and an acknowledged upload is as durable as a ticket.

use sea_orm_migration::prelude::*;

use super::{big, big_null, fk, fk_cascade, fk_null, id, index, text, ts};

pub struct M0006CategoriesAttachments;

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
