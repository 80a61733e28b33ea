//! The schema, one Rust source for SQLite and PostgreSQL. Money and indicator values are BIGINT
//! in hundredths (分 for money); periods are integer keys (202108, 2021); timestamps come from Rust.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_investment;
mod m0003_service_desk;
mod m0004_meetings;
mod m0005_notifications;
mod m0006_categories_attachments;
mod m0007_scale;
mod m0008_covering_tier_index;
mod m0009_scope_ticket_park;
mod m0011_idempotency;
mod m0012_second_factor;
mod m0013_audit_chain;
mod m0014_received_at;
mod m0015_search_initials;
mod m0016_urge;
mod m0017_dispatch_due;
mod m0018_preferences_photos;
mod m0019_document_issue;
mod m0020_import;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::M0001Foundation),
            Box::new(m0002_investment::M0002Investment),
            Box::new(m0003_service_desk::M0003ServiceDesk),
            Box::new(m0004_meetings::M0004Meetings),
            Box::new(m0005_notifications::M0005Notifications),
            Box::new(m0006_categories_attachments::M0006CategoriesAttachments),
            Box::new(m0007_scale::M0007Scale),
            Box::new(m0008_covering_tier_index::M0008CoveringTierIndex),
            Box::new(m0009_scope_ticket_park::M0009ScopeTicketPark),
            Box::new(m0011_idempotency::M0011Idempotency),
            Box::new(m0012_second_factor::M0012SecondFactor),
            Box::new(m0013_audit_chain::M0013AuditChain),
            Box::new(m0014_received_at::M0014ReceivedAt),
            Box::new(m0015_search_initials::M0015SearchInitials),
            Box::new(m0016_urge::M0016Urge),
            Box::new(m0017_dispatch_due::M0017DispatchDue),
            Box::new(m0018_preferences_photos::M0018PreferencesPhotos),
            Box::new(m0019_document_issue::M0019DocumentIssue),
            Box::new(m0020_import::M0020Import),
        ]
    }
}

// Column and key shorthands shared by the migrations.

pub(crate) fn id() -> ColumnDef {
    ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key().take()
}
pub(crate) fn big(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().take()
}
pub(crate) fn big_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().take()
}
pub(crate) fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().take()
}
pub(crate) fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().null().take()
}
pub(crate) fn flag(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).boolean().not_null().default(false).take()
}
pub(crate) fn ts(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().not_null().take()
}
pub(crate) fn ts_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().null().take()
}
pub(crate) fn fk(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, "id").on_delete(ForeignKeyAction::Restrict).take()
}
pub(crate) fn fk_cascade(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, "id").on_delete(ForeignKeyAction::Cascade).take()
}
pub(crate) fn index(table: &'static str, name: impl Into<String>, cols: &[&'static str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(*c);
    }
    i.take()
}
pub(crate) fn date(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().take()
}
pub(crate) fn date_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().null().take()
}
pub(crate) fn fk_null(table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, "id").on_delete(ForeignKeyAction::SetNull).take()
}
