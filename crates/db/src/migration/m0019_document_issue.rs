//! 期号 of the printed documents (周通报, 竞赛月报, 会议纪要): one row per document and period, so
//! printing the same period again shows the same number, and the next period counts up per kind
//! and year (decision 0038).

use sea_orm_migration::prelude::*;

use super::{big, big_null, fk, fk_null, id, index, text, ts};

pub struct M0019DocumentIssue;

impl MigrationName for M0019DocumentIssue {
    fn name(&self) -> &str {
        "m0019_document_issue"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0019DocumentIssue {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("document_issue")
                .col(id())
                .col(big("zone_id"))
                .col(text("kind"))
                .col(ColumnDef::new("year").integer().not_null())
                .col(ColumnDef::new("number").integer().not_null())
                .col(text("period_key"))
                .col(ts("issued_at"))
                .col(big_null("issued_by"))
                .foreign_key(&mut fk("document_issue", "zone_id", "zone"))
                .foreign_key(&mut fk_null("document_issue", "issued_by", "app_user"))
                .take(),
        )
        .await?;
        // One number per period; and no number twice in a kind's year (two printers racing for
        // the next number: one of them fails and reads again).
        m.create_index(
            index("document_issue", "ux_document_issue_period", &["zone_id", "kind", "period_key"]).unique().take(),
        )
        .await?;
        m.create_index(
            index("document_issue", "ux_document_issue_number", &["zone_id", "kind", "year", "number"]).unique().take(),
        )
        .await?;
        Ok(())
    }
}
