//! Memory goes back to the system once a burst of work is over: the page caches of idle SQLite
//! connections (up to 2 MB each, 8 connections, copies of pages the OS caches anyway) and the
//! heap glibc keeps in its per-thread arenas (sqlx runs a thread per SQLite connection). The
//! idle server on the benchmark zone measured 26–36 MB resident depending on what the start-up
//! scans had just read.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Requests being answered, and answered so far, across the process.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static ANSWERED: AtomicU64 = AtomicU64::new(0);

struct Busy;

impl Busy {
    fn enter() -> Busy {
        IN_FLIGHT.fetch_add(1, Ordering::Relaxed);
        Busy
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        ANSWERED.fetch_add(1, Ordering::Relaxed);
        IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Counts the requests in flight (a dropped request counts as finished).
pub async fn count_requests(req: Request, next: Next) -> Response {
    let _busy = Busy::enter();
    next.run(req).await
}

/// Once a second: if no request is in flight and some were answered since the last release,
/// releases the idle connections' caches and the free heap (so the start-up scans' leftovers go
/// after the first answer). Under load some request is always in flight, so it stays out of the
/// way; an idle server does nothing.
pub fn spawn_release_when_idle(db: zoneops_db::Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut released_at = 0;
        loop {
            tick.tick().await;
            let answered = ANSWERED.load(Ordering::Relaxed);
            if IN_FLIGHT.load(Ordering::Relaxed) > 0 || released_at == answered {
                continue;
            }
            if let Err(e) = db.release_memory().await {
                tracing::warn!(error = %e, "releasing idle connections' caches failed");
            }
            release_free_heap();
            released_at = answered;
        }
    });
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_free_heap() {
    // SAFETY: malloc_trim only reads and adjusts glibc's own heap bookkeeping under its locks;
    // it takes no pointers from us.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_heap() {}
