//! The audit log: one row per write, inside the write's own transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::{DbResult, Page, PageQuery, WriteTx};

pub use crate::audit_chain::HashAlg;
pub use crate::audit_verify::{ChainHead, ChainReport, Problem, ProblemKind, chain_head, verify};

#[derive(Clone, Debug, Default)]
pub struct NewAudit {
    pub zone: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub request_id: String,
    pub ip: String,
}

/// Writes the audit row of a change inside the change's transaction, chained to the zone's
/// previous row (`audit_chain`).
pub async fn insert(tx: &WriteTx, a: &NewAudit) -> DbResult<()> {
    crate::audit_chain::append(tx, a).await
}

/// Writes many audit rows of one zone at once (an import), chained as [`insert`] chains one.
pub async fn insert_many(tx: &WriteTx, entries: &[NewAudit]) -> DbResult<()> {
    crate::audit_chain::append_many(tx, entries).await
}

/// What an audit entry says, as columns: written by the insert, read by the list and hashed by
/// the chain (which adds `zone_id`, `seq` and `hash`).
pub(crate) const ENTRY_COLUMNS: [&str; 10] =
    ["at", "actor_id", "actor", "action", "entity", "entity_id", "before", "after", "request_id", "ip"];

/// An audit entry as stored and as the API shows it (the answer embeds it): the snapshots are
/// kept as JSON text and shown as the JSON they hold.
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    #[serde(serialize_with = "crate::shown::opt_json_text")]
    #[schema(value_type = Option<serde_json::Value>)]
    pub before: Option<String>,
    #[serde(serialize_with = "crate::shown::opt_json_text")]
    #[schema(value_type = Option<serde_json::Value>)]
    pub after: Option<String>,
    pub request_id: String,
    pub ip: String,
}

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

fn filtered(zone: i64, f: &AuditFilter) -> SelectStatement {
    let mut q = Query::select();
    q.from("audit").and_where(Expr::col("zone_id").eq(zone));
    if let Some(e) = &f.entity {
        q.and_where(Expr::col("entity").eq(e.clone()));
    }
    if let Some(id) = &f.entity_id {
        q.and_where(Expr::col("entity_id").eq(id.clone()));
    }
    if let Some(a) = &f.actor {
        q.and_where(Expr::col("actor").eq(a.clone()));
    }
    if let Some(a) = &f.action {
        q.and_where(Expr::col("action").eq(a.clone()));
    }
    if let Some(t) = f.from {
        q.and_where(Expr::col("at").gte(t));
    }
    if let Some(t) = f.to {
        q.and_where(Expr::col("at").lt(t));
    }
    q
}

pub async fn list(db: &impl ConnectionTrait, zone: i64, f: &AuditFilter, page: PageQuery) -> DbResult<Page<AuditRow>> {
    let mut c = filtered(zone, f);
    c.expr(Expr::col(Asterisk).count());
    let total = db
        .query_one(&c)
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .map_or(0, |n| u64::try_from(n).unwrap_or(0));
    let mut q = filtered(zone, f);
    q.column("id").columns(ENTRY_COLUMNS).order_by("id", Order::Desc).limit(page.page_size).offset(page.offset());
    let items = db.query_all(&q).await?.iter().map(|r| AuditRow::from_query_result(r, "")).collect::<Result<_, _>>()?;
    Ok(Page { items, total, page: page.page, page_size: page.page_size })
}

/// Drops entries older than `before` (retention; the default keeps 400 days ≥ the 180 required).
/// Each zone loses a prefix of its chain, up to its last row older than `before`, and keeps that
/// row's place and hash as the checkpoint verification starts from (`audit_chain.base_*`).
pub async fn purge(tx: &WriteTx, before: DateTime<Utc>) -> DbResult<u64> {
    let last = Query::select()
        .column("zone_id")
        .expr(Expr::col("seq").max())
        .from("audit")
        .and_where(Expr::col("at").lt(before))
        .and_where(Expr::col("seq").is_not_null())
        .group_by_col("zone_id")
        .take();
    let mut purged = 0;
    for r in tx.query_all(&last).await? {
        let (zone, seq): (i64, i64) = (r.try_get_by_index(0)?, r.try_get_by_index(1)?);
        let row = Query::select()
            .column("hash")
            .from("audit")
            .and_where(Expr::col("zone_id").eq(zone))
            .and_where(Expr::col("seq").eq(seq))
            .take();
        let Some(hash) = tx.query_one(&row).await?.map(|r| r.try_get_by_index::<String>(0)).transpose()? else {
            continue;
        };
        let checkpoint = Query::update()
            .table("audit_chain")
            .values([("base_seq", seq.into()), ("base_hash", hash.into())])
            .and_where(Expr::col("zone_id").eq(zone))
            .and_where(Expr::col("base_seq").lt(seq))
            .take();
        tx.execute(&checkpoint).await?;
        let q = Query::delete()
            .from_table("audit")
            .and_where(Expr::col("zone_id").eq(zone))
            .and_where(Expr::col("seq").lte(seq))
            .take();
        purged += tx.execute(&q).await?.rows_affected();
    }
    Ok(purged)
}

/// Verifies the chains of every zone, or of the one whose code is `zone_code`; `None` when no
/// zone has that code.
pub async fn verify_zones(db: &impl ConnectionTrait, zone_code: Option<&str>) -> DbResult<Option<Vec<ChainReport>>> {
    let zones = crate::reference::zones(db).await?;
    let chosen: Vec<_> = zones.iter().filter(|z| zone_code.is_none_or(|c| z.code == c)).collect();
    if chosen.is_empty() && zone_code.is_some() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(chosen.len());
    for z in chosen {
        out.push(verify(db, z.id, &z.code).await?);
    }
    Ok(Some(out))
}

/// What an id in an audit snapshot refers to, so the log can name it instead of showing a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Named {
    Park,
    Department,
    Chain,
    User,
    Enterprise,
    Project,
}

impl Named {
    fn table_and_column(self) -> (&'static str, &'static str) {
        match self {
            Named::Park => ("park", "name"),
            Named::Department => ("department", "name"),
            Named::Chain => ("chain", "name"),
            Named::User => ("app_user", "display_name"),
            Named::Enterprise => ("enterprise", "name"),
            Named::Project => ("project", "name"),
        }
    }
}

/// The names of `ids` of one kind within the zone, in one statement (ids of deleted rows are
/// simply absent).
pub async fn names(
    db: &impl ConnectionTrait,
    zone: i64,
    kind: Named,
    ids: &[i64],
) -> DbResult<std::collections::HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let (table, column) = kind.table_and_column();
    let q = Query::select()
        .column("id")
        .expr_as(Expr::col(column), "name")
        .from(table)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").is_in(ids.iter().copied()))
        .to_owned();
    let mut out = std::collections::HashMap::with_capacity(ids.len());
    for r in db.query_all(&q).await? {
        out.insert(r.try_get::<i64>("", "id")?, r.try_get::<String>("", "name")?);
    }
    Ok(out)
}
