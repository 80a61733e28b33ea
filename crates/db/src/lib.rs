//! Storage: the only crate that knows SeaORM. Every read takes the caller's [`Scope`] and adds it
//! to the query; every write goes through a [`WriteTx`] from [`Db::begin_write`].

pub mod activity;
pub mod attachment;
pub mod audit;
pub mod audit_chain;
mod audit_verify;
pub mod demo;
pub mod demo_life;
pub mod document_issue;
pub use zoneops_demo as demo_gen;
pub mod enterprise;
pub mod goal;
mod group;
pub mod idempotency;
pub mod import;
pub mod indicator;
pub mod lead;
pub mod meeting;
pub mod migration;
pub mod notify;
pub mod project;
pub mod reference;
pub mod scope;
pub mod second_factor;
pub mod session;
pub mod shown;
pub mod target;
pub mod ticket;
pub mod ticket_category;
pub mod ticket_sla;
pub mod urge;
pub mod user;
mod util;
pub mod visit;
pub mod visit_photo;
pub mod workbench;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqlErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

/// Reads that work on the pool or inside a write transaction alike.
pub use sea_orm::ConnectionTrait;
pub use sea_orm::DbBackend as Backend;
pub use util::{Page, PageQuery, bulk, item_schema, now, pinyin_sort_key};
pub use zoneops_domain::scope::{Reach, Scope};

/// A storage failure in the kinds the use cases act on. Every driver error becomes one through
/// `From<DbErr>`, which classifies it, so a plain `?` at a call site cannot forget to (a
/// duplicate that reached the use case as `Other` answered 500 instead of 409).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("duplicate value for {constraint}")]
    Duplicate { constraint: String },
    #[error("referenced record missing: {0}")]
    ForeignKey(String),
    #[error("database error: {0}")]
    Other(#[source] DbErr),
    #[error("{0}")]
    Invalid(String),
}

impl From<DbErr> for DbError {
    /// Driver errors mapped to the portable kinds (duplicate → 409, still referenced → 409 …).
    fn from(e: DbErr) -> DbError {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(msg)) => DbError::Duplicate { constraint: msg },
            Some(SqlErr::ForeignKeyConstraintViolation(msg)) => DbError::ForeignKey(msg),
            // SQLite reports ON DELETE RESTRICT with an extended code SeaORM does not map.
            _ if e.to_string().contains("FOREIGN KEY constraint failed") => DbError::ForeignKey(e.to_string()),
            _ => DbError::Other(e),
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// The database: an embedded SQLite file or a PostgreSQL server, same schema, same code.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite has one writer at a time: writers queue here, holding no pool connection, instead
    /// of each taking a connection and waiting on the file lock (which starves readers).
    write_gate: Option<Arc<tokio::sync::Mutex<()>>>,
    /// SQLite group commit: small writes from many callers share one transaction (one fsync).
    group: Arc<std::sync::OnceLock<group::Sender>>,
    /// Committed write transactions since the process started: a cached answer computed at
    /// version N is still exact while the version is N (see [`Db::write_version`]).
    writes: Arc<std::sync::atomic::AtomicU64>,
    /// The digest new audit rows are chained with (`settings.audit_hash`), shared by the clones.
    audit_alg: Arc<std::sync::atomic::AtomicU8>,
}

/// A write transaction. The only way to get one is [`Db::begin_write`], which on SQLite issues
/// `BEGIN IMMEDIATE` so that a read-then-write transaction never fails with SQLITE_BUSY_SNAPSHOT.
pub struct WriteTx {
    // Field order matters: the transaction ends (rollback on drop) before the gate opens.
    tx: DatabaseTransaction,
    /// Bumped on commit, unless [`WriteTx::no_data_change`].
    writes: Option<Arc<std::sync::atomic::AtomicU64>>,
    /// The audit chains' heads this transaction has read or moved (`audit_chain::head`).
    heads: std::sync::Mutex<audit_chain::Heads>,
    audit_alg: audit_chain::HashAlg,
    _gate: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

impl WriteTx {
    pub async fn commit(self) -> DbResult<()> {
        audit_chain::flush(&self).await?;
        let writes = self.writes.clone();
        self.tx.commit().await?;
        if let Some(w) = writes {
            w.fetch_add(1, std::sync::atomic::Ordering::Release);
        }
        Ok(())
    }

    /// This transaction changes no data an answer is computed from (a session's sliding expiry,
    /// planner statistics), so it leaves [`Db::write_version`] alone: otherwise every user's
    /// session touch would drop every cached cockpit every few minutes.
    pub fn no_data_change(mut self) -> WriteTx {
        self.writes = None;
        self
    }

    pub(crate) fn heads(&self) -> std::sync::MutexGuard<'_, audit_chain::Heads> {
        // A panic while the lock was held left no half-made change: the map is replaced whole.
        self.heads.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn audit_alg(&self) -> audit_chain::HashAlg {
        self.audit_alg
    }

    /// The chain heads before a savepoint, to put back if it is rolled back (group commit).
    pub(crate) fn heads_snapshot(&self) -> audit_chain::Heads {
        self.heads().clone()
    }

    pub(crate) fn heads_restore(&self, saved: audit_chain::Heads) {
        *self.heads() = saved;
    }
}

/// SQLite's query planner stability guarantee (`SQLITE_DBCONFIG_ENABLE_QPSG`) on one connection;
/// `enable` false only reads it back. Returns whether it is on.
///
/// Without it, a statement whose plan could depend on a bound value — `LIMIT ?`, and any
/// parameter compared with an indexed column that has STAT4 samples, which is nearly every
/// query here — is marked for re-preparation whenever a value is bound: each execution parsed
/// and planned its SQL again, a third of the list's CPU (decision 0014). With it, a cached
/// statement runs as prepared; plans come from the statistics and the `likelihood()` hints, not
/// from the values of one request.
pub fn stable_plans(
    handle: &mut sea_orm::sqlx::sqlite::LockedSqliteHandle<'_>,
    enable: bool,
) -> Result<bool, sea_orm::sqlx::Error> {
    use std::ffi::c_int;
    let mut on: c_int = 0;
    // SAFETY: the handle is locked, so the connection's worker thread makes no call on it
    // meanwhile, and it outlives this call. ENABLE_QPSG takes an int (1 on, 0 off, -1 leave) and
    // a pointer to an int that receives the setting.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            handle.as_raw_handle().as_ptr(),
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            if enable { 1 } else { -1 } as c_int,
            &mut on as *mut c_int,
        )
    };
    if rc != libsqlite3_sys::SQLITE_OK {
        return Err(sea_orm::sqlx::Error::Configuration(
            format!("sqlite3_db_config(ENABLE_QPSG) returned {rc}").into(),
        ));
    }
    Ok(on != 0)
}

impl Db {
    /// `sqlite://path` / a data directory (SQLite file `zoneops.db` inside) or `postgres://…`.
    pub async fn connect(url: &str, max_connections: u32) -> DbResult<Db> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .max_connections(max_connections)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30));
        // No ping each time a pooled connection is handed out (decision 0014): it doubled every
        // query's round trips. An SQLite file has no other end to hang up; a PostgreSQL
        // connection is checked once it has sat idle long enough for a restart or a firewall
        // to have dropped it.
        let sqlite = url.starts_with("sqlite:");
        if !sqlite {
            opts.test_before_acquire_if_idle_for(Duration::from_secs(60));
        } else {
            opts.test_before_acquire(false);
            // WAL for concurrent readers; FULL sync so no acknowledged write is lost on power
            // loss; foreign keys on; wait instead of failing when another writer holds the lock.
            opts.map_sqlx_sqlite_opts(|o: SqliteConnectOptions| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // 2 MB of page cache per connection (32 MB × 8 connections showed 297 MB
                    // resident on a 100 000-enterprise zone, 8 MB still 80 MB idle after the
                    // first scans); the OS page cache does the rest.
                    .pragma("cache_size", "-2000")
                    .pragma("temp_store", "memory")
            });
            opts.map_sqlx_sqlite_pool_opts(|pool| {
                pool.after_connect(|conn, _| {
                    Box::pin(async move {
                        let mut handle = conn.lock_handle().await?;
                        stable_plans(&mut handle, true).map(|_| ())
                    })
                })
            });
        }
        let conn = sea_orm::Database::connect(opts).await?;
        Ok(Db {
            conn,
            write_gate: sqlite.then(|| Arc::new(tokio::sync::Mutex::new(()))),
            group: Default::default(),
            writes: Default::default(),
            audit_alg: Default::default(),
        })
    }

    pub async fn open_data_dir(dir: &Path, max_connections: u32) -> DbResult<Db> {
        std::fs::create_dir_all(dir).map_err(|e| DbError::Invalid(format!("cannot create {}: {e}", dir.display())))?;
        let file = dir.join("zoneops.db");
        Db::connect(&format!("sqlite://{}", file.display()), max_connections).await
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub async fn begin_write(&self) -> DbResult<WriteTx> {
        let gate = match &self.write_gate {
            Some(g) => Some(g.clone().lock_owned().await),
            None => None,
        };
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        let tx = self.conn.begin_with_options(opts).await?;
        Ok(WriteTx {
            tx,
            writes: Some(self.writes.clone()),
            heads: Default::default(),
            audit_alg: self.audit_hash(),
            _gate: gate,
        })
    }

    /// The digest of audit rows written from now on (rows already written keep theirs).
    pub fn set_audit_hash(&self, alg: audit_chain::HashAlg) {
        self.audit_alg.store(alg.code(), std::sync::atomic::Ordering::Relaxed);
    }

    pub fn audit_hash(&self) -> audit_chain::HashAlg {
        audit_chain::HashAlg::from_code(self.audit_alg.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// How many write transactions this process has committed. Every write goes through
    /// [`WriteTx`], so an answer read at one version is unchanged while the version is (other
    /// processes writing to the same PostgreSQL database are not seen: see the answer cache).
    pub fn write_version(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Runs a small write in a transaction shared with other callers' writes (one fsync for
    /// all of them on SQLite), each in its own savepoint, and answers only once that transaction
    /// is durable. On PostgreSQL, whose server groups commits itself, it is a plain transaction.
    /// The job must not open another write (it would wait on itself).
    pub async fn write_grouped<T: Send + 'static>(
        &self,
        job: impl for<'a> FnOnce(&'a WriteTx) -> group::JobFuture<'a, T> + Send + 'static,
    ) -> DbResult<T> {
        if self.write_gate.is_none() {
            let tx = self.begin_write().await?;
            let out = job(&tx).await?;
            tx.commit().await?;
            return Ok(out);
        }
        let sender = self.group.get_or_init(|| group::spawn(self.clone()));
        group::submit(sender, job).await
    }

    pub async fn migrate(&self) -> DbResult<()> {
        migration::Migrator::up(&self.conn, None).await?;
        Ok(())
    }

    /// Applied and pending migrations, for `zoneops check`.
    pub async fn schema_status(&self) -> DbResult<(Vec<String>, Vec<String>)> {
        let applied = migration::Migrator::get_applied_migrations(&self.conn).await?;
        let pending = migration::Migrator::get_pending_migrations(&self.conn).await?;
        Ok((
            applied.iter().map(|m| m.name().to_owned()).collect(),
            pending.iter().map(|m| m.name().to_owned()).collect(),
        ))
    }

    /// Refreshes the planner's statistics (`ANALYZE`). `only_if_missing`: only when there are
    /// none yet (at start, after an upgrade). Without them SQLite picks indexes by rule of thumb,
    /// which on the benchmark zone sorted a park's 112,000 resolved tickets for one page. Full,
    /// not sampled: `analysis_limit` sampling estimated 401 rows for the one zone of a
    /// million-ticket table and led to a plan that read a park's tickets one by one to find its
    /// overdue ones. A full pass over a 3 GB file took 2 s. PostgreSQL's autovacuum keeps its
    /// own statistics; a bulk load asks for them at once.
    pub async fn analyze(&self, only_if_missing: bool) -> DbResult<()> {
        if only_if_missing {
            if self.backend() != DbBackend::Sqlite {
                return Ok(());
            }
            let q = stmt(self.backend(), "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'");
            let has_table = self.conn.query_one_raw(q).await?.is_some();
            let has_rows = has_table
                && self.conn.query_one_raw(stmt(self.backend(), "SELECT 1 FROM sqlite_stat1 LIMIT 1")).await?.is_some();
            if has_rows {
                return Ok(());
            }
        }
        let tx = self.begin_write().await?.no_data_change();
        tx.execute_unprepared("ANALYZE").await?;
        tx.commit().await
    }

    /// Empties the page caches of the pooled SQLite connections nobody is using (`PRAGMA
    /// shrink_memory`): up to 2 MB each, copies of pages the OS keeps cached anyway. For an idle
    /// server; a busy one has few idle connections, and their caches refill from the OS's.
    pub async fn release_memory(&self) -> DbResult<()> {
        if self.backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let pool = self.conn.get_sqlite_connection_pool();
        // Held together, so each is a different connection.
        let idle: Vec<_> = (0..pool.num_idle()).map_while(|_| pool.try_acquire()).collect();
        for mut conn in idle {
            sea_orm::sqlx::query("PRAGMA shrink_memory")
                .execute(&mut *conn)
                .await
                .map_err(|e| DbError::Other(DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e.into()))))?;
        }
        Ok(())
    }

    /// After a bulk load: fresh statistics, and on PostgreSQL the visibility map too
    /// (`VACUUM (ANALYZE)`, which cannot run in a transaction). Without it index-only scans
    /// fetch heap pages to check visibility until autovacuum first passes over the new rows.
    pub async fn settle_after_bulk_load(&self) -> DbResult<()> {
        if self.backend() == DbBackend::Sqlite {
            return self.analyze(false).await;
        }
        self.conn.execute_unprepared("VACUUM (ANALYZE)").await?;
        Ok(())
    }

    /// Storage-level integrity: SQLite's `integrity_check` + `foreign_key_check`; on PostgreSQL
    /// a round trip (the server guards its own pages).
    pub async fn integrity(&self) -> DbResult<Vec<String>> {
        let mut problems = Vec::new();
        if self.backend() == DbBackend::Sqlite {
            for row in self.conn.query_all_raw(stmt(self.backend(), "PRAGMA integrity_check")).await? {
                let line: String = row.try_get_by_index(0)?;
                if line != "ok" {
                    problems.push(line);
                }
            }
            let fk = self.conn.query_all_raw(stmt(self.backend(), "PRAGMA foreign_key_check")).await?;
            if !fk.is_empty() {
                problems.push(format!("{} rows violate foreign keys", fk.len()));
            }
        } else {
            self.conn.execute_unprepared("SELECT 1").await?;
        }
        Ok(problems)
    }

    /// A consistent online copy of a SQLite database (`VACUUM INTO`).
    pub async fn backup_sqlite(&self, out: &Path) -> DbResult<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(DbError::Invalid("PostgreSQL: use pg_dump for a consistent online copy".into()));
        }
        if out.exists() {
            return Err(DbError::Invalid(format!("{} already exists", out.display())));
        }
        let path = out.display().to_string().replace('\'', "''");
        self.conn.execute_unprepared(&format!("VACUUM INTO '{path}'")).await?;
        Ok(())
    }

    pub async fn close(self) -> DbResult<()> {
        self.conn.close().await?;
        Ok(())
    }
}

fn stmt(backend: DbBackend, sql: &str) -> sea_orm::Statement {
    sea_orm::Statement::from_string(backend, sql.to_owned())
}
