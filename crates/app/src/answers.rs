//! Reuse of read answers (the cockpit; a zone's latest year): an answer is served again only for
//! the same key (a user, or a zone) and question, while no write has been committed since it was computed
//! (`Db::write_version`) and for at most [`MAX_AGE`] — figures that move with the clock alone
//! (overdue tickets, late projects) are at most that old, and say when they were computed.
//! A second server process writing to the same PostgreSQL database is not seen by this one's
//! counter; MAX_AGE bounds that case too.
//!
//! Callers that miss together wait for one load instead of each loading: when the cockpit's
//! answer lapsed under 64 concurrent requests, 64 computations of 1.6 s each (PostgreSQL) left
//! nobody answered for 10 s.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const MAX_AGE: Duration = Duration::from_secs(10);
/// Distinct (user, question) pairs kept; beyond it the oldest half is dropped.
const CAPACITY: usize = 1024;

struct Entry<T> {
    version: u64,
    at: Instant,
    value: T,
}

type Key = (i64, String);

pub struct Answers<T> {
    entries: Mutex<HashMap<Key, Entry<T>>>,
    /// One gate per key being loaded: the first caller loads, the others wait for its answer.
    loading: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

impl<T: Clone> Default for Answers<T> {
    fn default() -> Self {
        Answers { entries: Mutex::new(HashMap::new()), loading: Mutex::new(HashMap::new()) }
    }
}

impl<T: Clone> Answers<T> {
    /// The answer kept for `user` and `question` if still exact at `version`.
    pub fn get(&self, user: i64, question: &str, version: u64) -> Option<T> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(&(user, question.to_owned()))?;
        (e.version == version && e.at.elapsed() < MAX_AGE).then(|| e.value.clone())
    }

    /// The answer kept for `key` and `question` at `version`, or else `load`'s, kept for the next
    /// caller. `version` is read by the caller before this runs, so a write committed while
    /// `load` reads makes the next call load again.
    pub async fn get_or_load<E, F>(
        &self,
        key: i64,
        question: &str,
        version: u64,
        load: impl FnOnce() -> F,
    ) -> Result<T, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        if let Some(v) = self.get(key, question, version) {
            return Ok(v);
        }
        let id = (key, question.to_owned());
        let gate = match self.loading.lock() {
            Ok(mut loading) => loading.entry(id.clone()).or_default().clone(),
            // A poisoned map only loses the sharing: load alone.
            Err(_) => Arc::default(),
        };
        let result = async {
            let _turn = gate.lock().await;
            // The caller before us may have loaded it while we waited.
            if let Some(v) = self.get(key, question, version) {
                return Ok(v);
            }
            let v = load().await?;
            self.put(key, question.to_owned(), version, v.clone());
            Ok(v)
        }
        .await;
        if let Ok(mut loading) = self.loading.lock() {
            // Ours and the map's: nobody else waits on this gate.
            if Arc::strong_count(&gate) <= 2 {
                loading.remove(&id);
            }
        }
        result
    }

    /// Keeps an answer computed at `version` (read before computing it).
    pub fn put(&self, user: i64, question: String, version: u64, value: T) {
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= CAPACITY {
            let mut ages: Vec<Instant> = entries.values().map(|e| e.at).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            entries.retain(|_, e| e.at > cut);
        }
        entries.insert((user, question), Entry { version, at: Instant::now(), value });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_reused_only_for_the_same_user_question_and_version() {
        let a: Answers<u32> = Answers::default();
        a.put(1, "year=2021".into(), 7, 42);
        assert_eq!(a.get(1, "year=2021", 7), Some(42));
        assert_eq!(a.get(1, "year=2021", 8), None, "a write since");
        assert_eq!(a.get(2, "year=2021", 7), None, "another user");
        assert_eq!(a.get(1, "year=2022", 7), None, "another question");
    }

    #[tokio::test]
    async fn callers_that_miss_together_share_one_load() {
        let a: Arc<Answers<u32>> = Arc::default();
        let loads = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let callers = (0..16).map(|_| {
            let (a, loads) = (a.clone(), loads.clone());
            tokio::spawn(async move {
                a.get_or_load(1, "year=2021", 7, || async {
                    loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok::<_, ()>(42)
                })
                .await
            })
        });
        for c in callers.collect::<Vec<_>>() {
            assert_eq!(c.await.unwrap(), Ok(42));
        }
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1, "one load for sixteen callers");
        assert!(a.loading.lock().unwrap().is_empty(), "no gate left behind");
        // A write since: the next caller loads again.
        assert_eq!(a.get_or_load(1, "year=2021", 8, || async { Ok::<_, ()>(43) }).await, Ok(43));
    }

    #[tokio::test]
    async fn a_failed_load_is_not_kept_and_the_next_caller_tries_again() {
        let a: Answers<u32> = Answers::default();
        assert_eq!(a.get_or_load(1, "q", 1, || async { Err::<u32, _>("down") }).await, Err("down"));
        assert_eq!(a.get_or_load(1, "q", 1, || async { Ok::<_, &str>(5) }).await, Ok(5));
    }

    #[test]
    fn the_cache_stays_bounded() {
        let a: Answers<usize> = Answers::default();
        for i in 0..3 * CAPACITY {
            a.put(1, i.to_string(), 0, i);
        }
        assert!(a.entries.lock().unwrap().len() <= CAPACITY);
        assert_eq!(a.get(1, &(3 * CAPACITY - 1).to_string(), 0), Some(3 * CAPACITY - 1));
    }
}
