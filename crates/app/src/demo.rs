//! Loading the demo zone and the zone's reference data.

use zoneops_db::Db;
use zoneops_db::demo::LoadReport;
pub use zoneops_db::demo_gen::{DemoOptions, generate};

use crate::AppResult;
use crate::auth::hash_password;

/// The GB/T 4754-2017 table shipped with the product (copied from the public data set).
pub const INDUSTRIES_CSV: &str = include_str!("../../../data/gbt4754-2017.csv");

pub const DEMO_PASSWORD: &str = "Demo@2022";

pub async fn load(db: &Db, opts: &DemoOptions, progress: impl FnMut(usize, usize)) -> AppResult<LoadReport> {
    let demo = generate(opts);
    let hash = hash_password(DEMO_PASSWORD).await?;
    let report = zoneops_db::demo::load(db, &demo, INDUSTRIES_CSV, &hash, progress).await?;
    // Statistics first: on PostgreSQL the SLA pass's reads of a million fresh tickets' histories
    // took a second per batch of 1,000 without them.
    db.analyze(false).await?;
    crate::ticket_sla::backfill(db).await?;
    // The demo's past escalations were announced in that past.
    let tx = db.begin_write().await?;
    zoneops_db::ticket_sla::mark_announced(&tx, report.zone_id, chrono::Utc::now()).await?;
    tx.commit().await?;
    db.settle_after_bulk_load().await?;
    Ok(report)
}
