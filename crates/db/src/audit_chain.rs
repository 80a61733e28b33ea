//! The audit trail's hash chain (decision 0022): each zone's audit rows form one chain. A row
//! carries its place (`seq`, 1, 2, 3 … per zone) and `hash` = H(previous row's hash, the row's
//! content), written in the same transaction as the change it records. The zone's head (last
//! `seq` and `hash`) and the checkpoint left by retention pruning (`base_seq`, `base_hash`) are in
//! `audit_chain`; on PostgreSQL its row is locked `FOR UPDATE` by the first audit write of a
//! transaction, so concurrent transactions queue on it instead of forking the chain.
//!
//! The hash text names its algorithm (`sm3:…` or `sha256:…`): verification needs no setting, and
//! a change of setting only affects rows written afterwards.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Value};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::{DbResult, WriteTx};

/// The digest of the audit chain: SM3 (GB/T 32905-2016, the national standard) by default,
/// SHA-256 where a deployment prefers it (`settings.audit_hash`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HashAlg {
    #[default]
    Sm3,
    Sha256,
}

impl HashAlg {
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sm3 => "sm3",
            HashAlg::Sha256 => "sha256",
        }
    }

    fn from_name(s: &str) -> Option<HashAlg> {
        match s {
            "sm3" => Some(HashAlg::Sm3),
            "sha256" => Some(HashAlg::Sha256),
            _ => None,
        }
    }

    pub(crate) fn code(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_code(c: u8) -> HashAlg {
        if c == HashAlg::Sha256 as u8 { HashAlg::Sha256 } else { HashAlg::Sm3 }
    }

    /// The 32-byte digest of `data`.
    pub fn digest(self, data: &[u8]) -> [u8; 32] {
        match self {
            HashAlg::Sm3 => sm3::Sm3::digest(data).into(),
            HashAlg::Sha256 => sha2::Sha256::digest(data).into(),
        }
    }
}

/// What a row's hash covers, in this fixed order. Its own id is not in it (the id is only known
/// after the insert); its place is, as `zone` and `seq`.
#[derive(Clone, Debug)]
pub struct Content<'a> {
    pub zone: i64,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub request_id: &'a str,
    pub ip: &'a str,
}

/// Appends one field: NULL as the single byte 0, a value as 1, its length (u32, big-endian) and
/// its bytes, so no two different rows encode alike ("" ≠ NULL, "ab"+"c" ≠ "a"+"bc").
fn field(buf: &mut Vec<u8>, v: Option<&[u8]>) {
    match v {
        None => buf.push(0),
        Some(b) => {
            buf.push(1);
            buf.extend_from_slice(&u32::try_from(b.len()).unwrap_or(u32::MAX).to_be_bytes());
            buf.extend_from_slice(b);
        }
    }
}

/// The bytes hashed for a row: a version tag, the previous row's hash text, then the content.
/// Integers are decimal text, the time is UTC with microseconds (`2026-12-07T10:19:28.123456Z`),
/// the same on both databases.
pub fn canonical(prev: &str, c: &Content<'_>) -> Vec<u8> {
    let mut b = Vec::with_capacity(256 + c.before.map_or(0, str::len) + c.after.map_or(0, str::len));
    let text = |s: &str| Some(s.as_bytes().to_vec());
    let at = c.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let actor_id = c.actor_id.map(|n| n.to_string());
    let parts: [Option<Vec<u8>>; 14] = [
        text("zoneops-audit-v1"),
        text(prev),
        text(&c.zone.to_string()),
        text(&c.seq.to_string()),
        text(&at),
        actor_id.map(String::into_bytes),
        text(c.actor),
        text(c.action),
        text(c.entity),
        text(c.entity_id),
        c.before.map(|s| s.as_bytes().to_vec()),
        c.after.map(|s| s.as_bytes().to_vec()),
        text(c.request_id),
        text(c.ip),
    ];
    for p in &parts {
        field(&mut b, p.as_deref());
    }
    b
}

/// The hash text of a row: `alg:hex`.
pub fn link(alg: HashAlg, prev: &str, c: &Content<'_>) -> String {
    format!("{}:{}", alg.name(), hex::encode(alg.digest(&canonical(prev, c))))
}

/// Whether `stored` is the hash of `c` after `prev`, with the algorithm the hash names.
pub fn matches(stored: &str, prev: &str, c: &Content<'_>) -> bool {
    match stored.split_once(':').and_then(|(a, _)| HashAlg::from_name(a)) {
        Some(alg) => link(alg, prev, c) == stored,
        None => false,
    }
}

/// A zone's chain head as a write transaction sees it; `dirty` heads are written back at commit.
#[derive(Clone, Debug)]
pub(crate) struct Head {
    pub seq: i64,
    pub hash: String,
    pub dirty: bool,
}

pub(crate) type Heads = HashMap<i64, Head>;

/// The head of `zone`'s chain: from this transaction's own memory after its first audit row,
/// else read (and on PostgreSQL locked until commit) from `audit_chain`, created when missing.
/// On SQLite the transaction already holds the only write lock (`BEGIN IMMEDIATE`).
pub(crate) async fn head(tx: &WriteTx, zone: i64) -> DbResult<(i64, String)> {
    if let Some(h) = tx.heads().get(&zone) {
        return Ok((h.seq, h.hash.clone()));
    }
    let select = || {
        Query::select()
            .columns(["seq", "hash"])
            .from("audit_chain")
            .and_where(Expr::col("zone_id").eq(zone))
            .lock(LockType::Update)
            .take()
    };
    let mut row = tx.query_one(&select()).await?;
    if row.is_none() {
        // The zone's first audit row. Two PostgreSQL transactions may get here together: one
        // inserts, the other waits for it and then does nothing, and both lock the same row.
        let create = Query::insert()
            .into_table("audit_chain")
            .columns(["zone_id", "seq", "hash", "base_seq", "base_hash"])
            .values_panic([zone.into(), 0i64.into(), "".into(), 0i64.into(), "".into()])
            .on_conflict(OnConflict::column("zone_id").do_nothing().to_owned())
            .take();
        tx.execute(&create).await?;
        row = tx.query_one(&select()).await?;
    }
    let Some(r) = row else {
        return Err(crate::DbError::Invalid(format!("audit chain of zone {zone} could not be created")));
    };
    let (seq, hash): (i64, String) = (r.try_get("", "seq")?, r.try_get("", "hash")?);
    tx.heads().insert(zone, Head { seq, hash: hash.clone(), dirty: false });
    Ok((seq, hash))
}

/// Writes the heads this transaction moved (SQLite: once per transaction, however many audit
/// rows a group commit holds; PostgreSQL moves the head in the audit row's own statement).
pub(crate) async fn flush(tx: &WriteTx) -> DbResult<()> {
    let dirty: Vec<(i64, Head)> = tx.heads().iter().filter(|(_, h)| h.dirty).map(|(z, h)| (*z, h.clone())).collect();
    for (zone, h) in dirty {
        let q = Query::update()
            .table("audit_chain")
            .values([("seq", h.seq.into()), ("hash", h.hash.clone().into())])
            .and_where(Expr::col("zone_id").eq(zone))
            .take();
        tx.execute(&q).await?;
    }
    Ok(())
}

/// One audit row chained after `prev`: its hash and the values of its insert, in the order of
/// `zone_id`, [`crate::audit::ENTRY_COLUMNS`], `seq`, `hash`.
fn chained(alg: HashAlg, prev: &str, seq: i64, at: DateTime<Utc>, a: &crate::audit::NewAudit) -> (String, Vec<Value>) {
    let content = Content {
        zone: a.zone,
        seq,
        at,
        actor_id: a.actor_id,
        actor: &a.actor,
        action: &a.action,
        entity: &a.entity,
        entity_id: &a.entity_id,
        before: a.before.as_deref(),
        after: a.after.as_deref(),
        request_id: &a.request_id,
        ip: &a.ip,
    };
    let hash = link(alg, prev, &content);
    let values = vec![
        a.zone.into(),
        at.into(),
        a.actor_id.into(),
        a.actor.clone().into(),
        a.action.clone().into(),
        a.entity.clone().into(),
        a.entity_id.clone().into(),
        a.before.clone().into(),
        a.after.clone().into(),
        a.request_id.clone().into(),
        a.ip.clone().into(),
        seq.into(),
        hash.clone().into(),
    ];
    (hash, values)
}

fn audit_columns() -> impl Iterator<Item = &'static str> {
    ["zone_id"].into_iter().chain(crate::audit::ENTRY_COLUMNS).chain(["seq", "hash"])
}

/// Appends a row to its zone's chain: its place, its hash, and the head moved along.
pub(crate) async fn append(tx: &WriteTx, a: &crate::audit::NewAudit) -> DbResult<()> {
    let (prev_seq, prev_hash) = head(tx, a.zone).await?;
    let seq = prev_seq + 1;
    let (hash, values) = chained(tx.audit_alg(), &prev_hash, seq, crate::now(), a);
    let postgres = tx.get_database_backend() == DbBackend::Postgres;
    if postgres {
        // One statement, one round trip: the row and the head it moves.
        let sql = "WITH head AS (UPDATE audit_chain SET seq = $12, hash = $13 WHERE zone_id = $1) \
                   INSERT INTO audit (zone_id, at, actor_id, actor, action, entity, entity_id, before, after, \
                   request_id, ip, seq, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
        tx.execute_raw(sea_orm::Statement::from_sql_and_values(DbBackend::Postgres, sql, values)).await?;
    } else {
        let q = Query::insert()
            .into_table("audit")
            .columns(audit_columns())
            .values_panic(values.into_iter().map(Into::into))
            .take();
        tx.execute(&q).await?;
    }
    tx.heads().insert(a.zone, Head { seq, hash, dirty: !postgres });
    Ok(())
}

/// Appends many rows of one zone (an import's changes): hashed along the chain in memory,
/// inserted 2,000 per statement, the head moved once.
pub(crate) async fn append_many(tx: &WriteTx, entries: &[crate::audit::NewAudit]) -> DbResult<()> {
    let Some(first) = entries.first() else { return Ok(()) };
    let zone = first.zone;
    if entries.iter().any(|a| a.zone != zone) {
        return Err(crate::DbError::Invalid("audit rows of one import belong to one zone".into()));
    }
    let (mut seq, mut prev) = head(tx, zone).await?;
    let at = crate::now();
    // 13 values a row.
    for slice in entries.chunks(2000) {
        let mut q = Query::insert();
        q.into_table("audit").columns(audit_columns());
        for a in slice {
            seq += 1;
            let (hash, values) = chained(tx.audit_alg(), &prev, seq, at, a);
            q.values_panic(values.into_iter().map(Into::into));
            prev = hash;
        }
        tx.execute(&q).await?;
    }
    let postgres = tx.get_database_backend() == DbBackend::Postgres;
    if postgres {
        // PostgreSQL moves the head with each row elsewhere; here once, for all of them.
        let q = Query::update()
            .table("audit_chain")
            .values([("seq", seq.into()), ("hash", prev.clone().into())])
            .and_where(Expr::col("zone_id").eq(zone))
            .take();
        tx.execute(&q).await?;
    }
    tx.heads().insert(zone, Head { seq, hash: prev, dirty: !postgres });
    Ok(())
}

/// A chained row as read back for verification.
#[derive(Clone, Debug, FromQueryResult)]
pub(crate) struct ChainedRow {
    pub id: i64,
    pub zone_id: i64,
    pub seq: Option<i64>,
    pub hash: Option<String>,
    pub at: DateTime<Utc>,
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

impl ChainedRow {
    pub fn content(&self, seq: i64) -> Content<'_> {
        Content {
            zone: self.zone_id,
            seq,
            at: self.at,
            actor_id: self.actor_id,
            actor: &self.actor,
            action: &self.action,
            entity: &self.entity,
            entity_id: &self.entity_id,
            before: self.before.as_deref(),
            after: self.after.as_deref(),
            request_id: &self.request_id,
            ip: &self.ip,
        }
    }
}

/// The columns a verification reads: the place in the chain and the entry.
pub(crate) fn row_columns() -> impl Iterator<Item = &'static str> {
    ["id", "zone_id", "seq", "hash"].into_iter().chain(crate::audit::ENTRY_COLUMNS)
}

/// Chains the rows written before the chain existed (the upgrade), zone by zone in id order,
/// after the zone's current head. Only the migration calls it: at any later time an unchained
/// row is one written around the application, and verification names it instead.
pub(crate) async fn seal_unchained(c: &impl ConnectionTrait, alg: HashAlg) -> DbResult<u64> {
    let zones = Query::select().distinct().column("zone_id").from("audit").and_where(Expr::col("seq").is_null()).take();
    let zones: Vec<i64> = c.query_all(&zones).await?.iter().map(|r| r.try_get_by_index(0)).collect::<Result<_, _>>()?;
    let mut sealed = 0;
    for zone in zones {
        let q = Query::select()
            .columns(["seq", "hash"])
            .from("audit_chain")
            .and_where(Expr::col("zone_id").eq(zone))
            .take();
        let (mut seq, mut prev) = match c.query_one(&q).await? {
            Some(r) => (r.try_get::<i64>("", "seq")?, r.try_get::<String>("", "hash")?),
            None => (0, String::new()),
        };
        let mut after_id = 0i64;
        loop {
            let page = Query::select()
                .columns(row_columns())
                .from("audit")
                .and_where(Expr::col("zone_id").eq(zone))
                .and_where(Expr::col("seq").is_null())
                .and_where(Expr::col("id").gt(after_id))
                .order_by("id", Order::Asc)
                .limit(300)
                .take();
            let rows = c
                .query_all(&page)
                .await?
                .iter()
                .map(|r| ChainedRow::from_query_result(r, ""))
                .collect::<Result<Vec<_>, _>>()?;
            let Some(last) = rows.last() else { break };
            after_id = last.id;
            // One UPDATE per page: `WITH v(id, seq, hash) AS (VALUES …) UPDATE … FROM v`.
            let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 3);
            let mut tuples = Vec::with_capacity(rows.len());
            for r in &rows {
                seq += 1;
                let hash = link(alg, &prev, &r.content(seq));
                let n = values.len();
                tuples.push(match c.get_database_backend() {
                    DbBackend::Postgres => format!("(${}::bigint, ${}::bigint, ${}::text)", n + 1, n + 2, n + 3),
                    _ => "(?, ?, ?)".to_owned(),
                });
                values.extend([r.id.into(), seq.into(), hash.clone().into()]);
                prev = hash;
            }
            sealed += rows.len() as u64;
            let sql = format!(
                "WITH v(id, seq, hash) AS (VALUES {}) UPDATE audit SET seq = v.seq, hash = v.hash FROM v WHERE audit.id = v.id",
                tuples.join(", ")
            );
            c.execute_raw(sea_orm::Statement::from_sql_and_values(c.get_database_backend(), sql, values)).await?;
        }
        let up = Query::insert()
            .into_table("audit_chain")
            .columns(["zone_id", "seq", "hash", "base_seq", "base_hash"])
            .values_panic([zone.into(), seq.into(), prev.into(), 0i64.into(), "".into()])
            .on_conflict(OnConflict::column("zone_id").update_columns(["seq", "hash"]).to_owned())
            .take();
        c.execute(&up).await?;
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_matches_the_gb_t_32905_example() {
        // GB/T 32905-2016, appendix A.1: "abc".
        assert_eq!(
            hex::encode(HashAlg::Sm3.digest(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            hex::encode(HashAlg::Sha256.digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn sample<'a>() -> Content<'a> {
        Content {
            zone: 1,
            seq: 7,
            at: DateTime::parse_from_rfc3339("2026-12-07T10:19:28.123456Z").unwrap().to_utc(),
            actor_id: Some(3),
            actor: "admin",
            action: "update",
            entity: "enterprise",
            entity_id: "42",
            before: None,
            after: Some("{}"),
            request_id: "r",
            ip: "127.0.0.1",
        }
    }

    #[test]
    fn null_and_empty_and_shifted_text_hash_differently() {
        let a = sample();
        let h = link(HashAlg::Sm3, "", &a);
        assert!(h.starts_with("sm3:") && h.len() == 4 + 64);
        assert!(matches(&h, "", &a));
        assert!(!matches(&h, "sm3:00", &a), "another predecessor");
        let empty = Content { before: Some(""), ..a.clone() };
        assert_ne!(link(HashAlg::Sm3, "", &empty), h, "NULL differs from empty");
        let shifted = Content { actor: "admi", action: "nupdate", ..a.clone() };
        assert_ne!(link(HashAlg::Sm3, "", &shifted), h, "field boundaries count");
        let later = Content { at: a.at + chrono::Duration::microseconds(1), ..a.clone() };
        assert_ne!(link(HashAlg::Sm3, "", &later), h);
        let sha = link(HashAlg::Sha256, "", &a);
        assert!(sha.starts_with("sha256:") && matches(&sha, "", &a));
        assert!(!matches("md5:abc", "", &a));
    }
}
