//! Group commit for SQLite: one writer task takes the writes queued by many callers, runs each
//! in its own savepoint inside one transaction, commits once (one fsync), then answers every
//! caller. A failing write rolls back only its savepoint; a failed commit fails them all. No
//! caller hears "done" before the shared commit is durable.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use futures_util::FutureExt;
use sea_orm::ConnectionTrait;
use tokio::sync::{mpsc, oneshot};

use crate::{Db, DbError, DbResult, WriteTx};

pub type JobFuture<'a, T> = Pin<Box<dyn Future<Output = DbResult<T>> + Send + 'a>>;
type AnyResult = DbResult<Box<dyn Any + Send>>;
type Job = Box<dyn for<'a> FnOnce(&'a WriteTx) -> JobFuture<'a, Box<dyn Any + Send>> + Send>;
pub type Sender = mpsc::UnboundedSender<(Job, oneshot::Sender<AnyResult>)>;

/// Writes per shared transaction: enough to amortise the fsync, few enough to keep latency low.
const MAX_BATCH: usize = 256;

pub fn spawn(db: Db) -> Sender {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Job, oneshot::Sender<AnyResult>)>();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(j) => batch.push(j),
                    Err(_) => break,
                }
            }
            run_batch(&db, batch).await;
        }
    });
    tx
}

async fn run_batch(db: &Db, batch: Vec<(Job, oneshot::Sender<AnyResult>)>) {
    let tx = match db.begin_write().await {
        Ok(tx) => tx,
        Err(e) => {
            let msg = e.to_string();
            for (_, reply) in batch {
                let _ = reply.send(Err(DbError::Invalid(msg.clone())));
            }
            return;
        }
    };
    let mut results = Vec::with_capacity(batch.len());
    for (job, reply) in batch {
        let result = match tx.execute_unprepared("SAVEPOINT zoneops_group").await {
            Err(e) => Err(DbError::from(e)),
            Ok(_) => {
                let heads = tx.heads_snapshot();
                // A panicking job must not take the writer (and every later write) down.
                let r = AssertUnwindSafe(job(&tx))
                    .catch_unwind()
                    .await
                    .unwrap_or_else(|_| Err(DbError::Invalid("a grouped write panicked".into())));
                let end = if r.is_ok() {
                    "RELEASE SAVEPOINT zoneops_group"
                } else {
                    // Its audit rows are rolled back with it: so is the chain's head.
                    tx.heads_restore(heads);
                    "ROLLBACK TO SAVEPOINT zoneops_group; RELEASE SAVEPOINT zoneops_group"
                };
                match tx.execute_unprepared(end).await {
                    Ok(_) => r,
                    Err(e) => Err(DbError::from(e)),
                }
            }
        };
        results.push((result, reply));
    }
    match tx.commit().await {
        Ok(()) => {
            for (r, reply) in results {
                let _ = reply.send(r);
            }
        }
        Err(e) => {
            let msg = e.to_string();
            for (_, reply) in results {
                let _ = reply.send(Err(DbError::Invalid(format!("group commit failed: {msg}"))));
            }
        }
    }
}

pub async fn submit<T: Send + 'static>(
    sender: &Sender,
    job: impl for<'a> FnOnce(&'a WriteTx) -> JobFuture<'a, T> + Send + 'static,
) -> DbResult<T> {
    let boxed: Job = Box::new(move |tx: &WriteTx| {
        let fut = job(tx);
        Box::pin(async move { fut.await.map(|v| Box::new(v) as Box<dyn Any + Send>) })
    });
    let (reply, answer) = oneshot::channel();
    sender.send((boxed, reply)).map_err(|_| DbError::Invalid("the group writer has stopped".into()))?;
    let out = answer.await.map_err(|_| DbError::Invalid("the group writer has stopped".into()))??;
    out.downcast::<T>().map(|b| *b).map_err(|_| DbError::Invalid("group write returned another type".into()))
}
