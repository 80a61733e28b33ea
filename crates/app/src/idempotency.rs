//! `Idempotency-Key` on the writing POSTs (decision 0019). The server's middleware hashes the
//! request and hands a [`Claim`] to the use case through the request's [`crate::RequestMeta`];
//! the key row is written where every write already writes its audit row — in the same
//! transaction — so a created record without its key (or a key without its record) cannot be
//! left behind by a crash. The middleware adds the answer once the request ends.

use chrono::{Duration, Utc};
use zoneops_db::WriteTx;
use zoneops_db::idempotency::{self as repo, KeyRow, NewKey};

use crate::{AppResult, Ctx};

/// How long a key is remembered.
pub const LIFETIME_HOURS: i64 = 24;

/// The key of the request being served.
#[derive(Clone, Debug)]
pub struct Claim {
    /// `user:<id>`, or `addr:<client address>` without a session.
    pub owner: String,
    pub key: String,
    /// SHA-256 of method, path and body, hex.
    pub request_hash: String,
    /// Unique to this request (its request id and a random suffix): a row with it is its own.
    pub request_id: String,
}

/// What identifies a request under its key: SHA-256 of its path (with the query) and body, hex.
pub fn request_hash(path: &str, body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

fn expired_before() -> chrono::DateTime<Utc> {
    Utc::now() - Duration::hours(LIFETIME_HOURS)
}

/// Writes the key row in the write's transaction (called with its audit row).
pub async fn stamp(tx: &WriteTx, claim: Option<&Claim>, zone: i64, user: Option<i64>) -> AppResult<()> {
    let Some(c) = claim else { return Ok(()) };
    let k = NewKey {
        zone: Some(zone),
        user,
        owner: &c.owner,
        key: &c.key,
        request_hash: &c.request_hash,
        request_id: &c.request_id,
        expired_before: expired_before(),
    };
    repo::claim(tx, &k).await?;
    Ok(())
}

/// The live row of a key.
pub async fn lookup(ctx: &Ctx, owner: &str, key: &str) -> AppResult<Option<KeyRow>> {
    Ok(repo::get(ctx.db.conn(), owner, key, expired_before()).await?)
}

/// Stores the answer of the request that claimed the key; false when it claimed none.
pub async fn finish(ctx: &Ctx, c: &Claim, status: u16, body: &str) -> AppResult<bool> {
    let tx = ctx.db.begin_write().await?.no_data_change();
    let done = repo::finish(&tx, &c.owner, &c.key, &c.request_id, i32::from(status), body).await?;
    tx.commit().await?;
    Ok(done)
}

/// Forgets keys older than their lifetime (the housekeeping round).
pub async fn purge(tx: &WriteTx) -> AppResult<u64> {
    Ok(repo::purge(tx, expired_before()).await?)
}
