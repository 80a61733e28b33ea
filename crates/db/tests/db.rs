//! Repository tests, each on SQLite and on PostgreSQL (`TEST_PG_URL`; required under `CI=true`).

use std::sync::atomic::{AtomicU64, Ordering};

use rstest::rstest;
use sea_orm::ConnectionTrait;
use zoneops_db::enterprise::{self, EnterpriseData, EnterpriseFilter, TierFilter};
use zoneops_db::reference::{Dict, DictInput};
use zoneops_db::{Db, Reach, Scope, indicator, reference};
use zoneops_domain::credit_code::CreditCode;
use zoneops_domain::metric::Metric;
use zoneops_domain::period::Period;

#[path = "db/audit_chain.rs"]
mod audit_chain;
#[path = "db/errors.rs"]
mod errors;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

static SEQ: AtomicU64 = AtomicU64::new(0);

async fn fresh(backend: Backend) -> Option<Db> {
    let db = blank(backend).await?;
    db.migrate().await.expect("migrate");
    Some(db)
}

/// An empty database without its schema.
async fn blank(backend: Backend) -> Option<Db> {
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let db = match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("zoneops-db-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            Db::open_data_dir(&dir, 8).await.expect("sqlite")
        }
        Backend::Postgres => {
            let base = match std::env::var("TEST_PG_URL") {
                Ok(u) if !u.is_empty() => u,
                _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!("CI=true needs TEST_PG_URL"),
                _ => return None,
            };
            let admin = Db::connect(&base, 1).await.expect("pg");
            let name = format!("zoneops_db_{}_{n}", std::process::id());
            admin.conn().execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\"")).await.expect("drop");
            admin.conn().execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create");
            admin.close().await.expect("close");
            let url = format!("{}/{name}", &base[..base.rfind('/').expect("db in url")]);
            Db::connect(&url, 8).await.expect("connect")
        }
    };
    Some(db)
}

/// A zone with two parks and `per_park` enterprises in each.
async fn zone_with_parks(db: &Db, per_park: usize) -> (i64, [i64; 2], Vec<i64>) {
    let tx = db.begin_write().await.unwrap();
    let zone = reference::insert_zone(&tx, "t", "测试区").await.unwrap();
    let mut parks = [0; 2];
    for (i, p) in parks.iter_mut().enumerate() {
        let d = DictInput { code: format!("p{i}"), name: format!("园区{i}"), sort: i as i64, demo: false, grp: None };
        *p = reference::insert_dict(&tx, zone, Dict::Park, &d).await.unwrap();
    }
    let mut ids = Vec::new();
    for i in 0..per_park * 2 {
        let code = CreditCode::from_body(&format!("91321091MA{i:07}")).unwrap();
        let d = EnterpriseData {
            credit_code: code.as_str().into(),
            credit_code_warning: false,
            name: format!("测试企业{i}"),
            park_id: parks[i % 2],
            chain_id: None,
            industry_code: "3670".into(),
            above_size: false,
            land_mu: None,
            established_on: None,
            address: String::new(),
        };
        ids.push(enterprise::insert(&tx, zone, None, &d).await.unwrap());
    }
    tx.commit().await.unwrap();
    (zone, parks, ids)
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn yearly_summaries_stay_exact_through_upserts(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let (zone, _, ids) = zone_with_parks(&db, 3).await;
    // A deterministic pseudo-random sequence of monthly and yearly upserts, overwrites included.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..40 {
        let ent = ids[(next() % ids.len() as u64) as usize];
        let mut items = Vec::new();
        for _ in 0..(1 + next() % 12) {
            let metric = [Metric::Sales, Metric::Output, Metric::Employees, Metric::Tax][(next() % 4) as usize];
            let year = 2020 + (next() % 3) as i32;
            let period =
                if next() % 6 == 0 { Period::Year(year) } else { Period::Month(year, 1 + (next() % 12) as u32) };
            let value = if metric == Metric::Employees {
                (next() % 5000) as i64 * 100
            } else {
                (next() % 10_000_000_000) as i64
            };
            items.push((metric, period, value));
        }
        let tx = db.begin_write().await.unwrap();
        indicator::upsert(&tx, zone, ent, &items).await.unwrap();
        tx.commit().await.unwrap();
    }
    let problems = indicator::verify_summaries(db.conn()).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_scope_reads_only_its_park(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let (zone, parks, ids) = zone_with_parks(&db, 5).await;
    let tx = db.begin_write().await.unwrap();
    for (i, id) in ids.iter().enumerate() {
        indicator::upsert(&tx, zone, *id, &[(Metric::Sales, Period::Month(2021, 3), (i as i64 + 1) * 5_000_000_000)])
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let scope = Scope { zone, user: 1, reach: Reach::Parks { parks: vec![parks[0]] } };
    let all = EnterpriseFilter { year: 2021, ..Default::default() };
    let page = enterprise::list(
        db.conn(),
        &scope,
        &all,
        enterprise::SortKey::Id,
        false,
        zoneops_db::PageQuery::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(page.total, 5);
    assert!(page.items.iter().all(|e| e.park_id == parks[0]));
    let other = ids.iter().find(|id| !page.items.iter().any(|e| e.id == **id)).unwrap();
    assert!(enterprise::get(db.conn(), &scope, *other, 2021).await.unwrap().is_none());
    // Sums and counts over the scope agree with the rows the scope can list.
    let thresholds = zoneops_domain::tier::TierThresholds::default();
    let counts = enterprise::tier_counts(db.conn(), &scope, &all, &thresholds).await.unwrap();
    let listed: i64 = page.items.iter().map(|e| e.sales.unwrap_or(0)).sum();
    assert_eq!(counts.sales(), Some(i128::from(listed)));
    assert_eq!(counts.total, 5);
    let yi = EnterpriseFilter { tier: Some(TierFilter::AtLeast(10_000_000_000)), ..all.clone() };
    let expected = page.items.iter().filter(|e| e.sales.unwrap_or(0) >= 10_000_000_000).count() as u64;
    assert_eq!(enterprise::count(db.conn(), &scope, &yi).await.unwrap(), expected);
    assert_eq!(counts.yi_plus, Some(expected as i64), "the cockpit's count equals the list's");
    // Another zone's scope sees nothing of this zone.
    let stranger = Scope { zone: zone + 1, user: 1, reach: Reach::Zone };
    assert_eq!(enterprise::count(db.conn(), &stranger, &all).await.unwrap(), 0);
}

#[tokio::test]
async fn concurrent_read_then_write_transactions_all_commit_on_sqlite() {
    let Some(db) = fresh(Backend::Sqlite).await else { return };
    let (zone, _, ids) = zone_with_parks(&db, 1).await;
    let ent = ids[0];
    // 40 writers each read the current value and write it + 1: with BEGIN IMMEDIATE none fails
    // with SQLITE_BUSY_SNAPSHOT and no increment is lost.
    let mut tasks = Vec::new();
    for _ in 0..40 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let tx = db.begin_write().await?;
            let rows = indicator::list(&*tx, ent, None, None, Some(Metric::Employees)).await?;
            let current = rows.first().map_or(0, |r| r.value);
            indicator::upsert(&tx, zone, ent, &[(Metric::Employees, Period::Month(2022, 1), current + 100)]).await?;
            tx.commit().await
        }));
    }
    for t in tasks {
        t.await.unwrap().expect("transaction committed");
    }
    let rows = indicator::list(db.conn(), ent, None, None, Some(Metric::Employees)).await.unwrap();
    assert_eq!(rows[0].value, 40 * 100);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn concurrent_upserts_of_one_enterprise_keep_its_summary_exact(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let (zone, _, ids) = zone_with_parks(&db, 1).await;
    let ent = ids[0];
    // Twelve writers, one month each, of the same enterprise and year at once.
    let mut tasks = Vec::new();
    for month in 1..=12u32 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let tx = db.begin_write().await?;
            indicator::upsert(
                &tx,
                zone,
                ent,
                &[(Metric::Sales, Period::Month(2022, month), i64::from(month) * 1_000_000)],
            )
            .await?;
            tx.commit().await
        }));
    }
    for t in tasks {
        t.await.unwrap().expect("transaction committed");
    }
    let years = indicator::years(db.conn(), ent).await.unwrap();
    assert_eq!(years[0].sales, Some((1..=12).sum::<i64>() * 1_000_000));
    assert!(indicator::verify_summaries(db.conn()).await.unwrap().is_empty());
}

/// Grouped writes: many callers share a commit, each in its own savepoint — a failing write
/// leaves the others in, and every caller is answered with its own result.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn grouped_writes_commit_together_and_fail_alone(#[case] backend: Backend) {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let Some(db) = fresh(backend).await else { return };
    let tx = db.begin_write().await.unwrap();
    let zone = reference::insert_zone(&tx, "g", "分组提交区").await.unwrap();
    tx.commit().await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..200i64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.write_grouped(move |tx| {
                Box::pin(async move {
                    let d =
                        DictInput {
                            code: format!("d{i}"), name: format!("部门{i}"), sort: i, demo: false, grp: None
                        };
                    let id = reference::insert_dict(tx, zone, Dict::Department, &d).await?;
                    // Every 10th write fails after inserting: its savepoint must roll back.
                    if i % 10 == 0 {
                        return Err(zoneops_db::DbError::Invalid(format!("job {i} refuses")));
                    }
                    Ok(id)
                })
            })
            .await
        }));
    }
    let mut ok = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert!(e.to_string().contains(&format!("job {i} refuses")), "{e}"),
        }
    }
    assert_eq!(ok, 180);
    let q = Query::select()
        .expr(Expr::col("id").count())
        .from("department")
        .and_where(Expr::col("zone_id").eq(zone))
        .take();
    let n: i64 = db.conn().query_one(&q).await.unwrap().unwrap().try_get_by_index(0).unwrap();
    assert_eq!(n, 180, "exactly the successful writes are stored");
}

/// Every pooled SQLite connection has the planner's stability guarantee on (decision 0014):
/// without it each execution of a cached statement with `LIMIT ?` or an indexed parameter was
/// parsed and planned again.
#[tokio::test]
async fn every_sqlite_connection_keeps_its_plans() {
    let db = fresh(Backend::Sqlite).await.unwrap();
    let pool = db.conn().get_sqlite_connection_pool();
    // Hold several at once so that more than the first connection is opened and checked.
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut conn = pool.acquire().await.expect("acquire");
        {
            let mut handle = conn.lock_handle().await.expect("lock");
            assert!(zoneops_db::stable_plans(&mut handle, false).expect("read QPSG"), "QPSG off on a connection");
        }
        held.push(conn);
    }
    // Pages of one cached statement with different LIMIT/OFFSET values still hold the right rows.
    let (zone, _, ids) = zone_with_parks(&db, 5).await;
    let scope = Scope { zone, user: 0, reach: Reach::Zone };
    drop(held);
    let filter = EnterpriseFilter { year: 2021, ..Default::default() };
    let mut seen = Vec::new();
    for (page, size) in [(1, 3), (2, 3), (3, 3), (4, 3)] {
        let p = enterprise::list(
            db.conn(),
            &scope,
            &filter,
            enterprise::SortKey::Id,
            false,
            zoneops_db::PageQuery::new(Some(page), Some(size)),
        )
        .await
        .unwrap();
        assert_eq!(p.total, ids.len() as u64);
        seen.extend(p.items.iter().map(|e| e.id));
    }
    assert_eq!(seen, ids, "every enterprise once, in id order");
}

/// Releasing an idle server's memory (the idle connections' page caches) leaves every pooled
/// connection answering as before, and skips connections in use.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn releasing_idle_memory_keeps_connections_answering(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let (zone, _, ids) = zone_with_parks(&db, 4).await;
    let scope = Scope { zone, user: 0, reach: Reach::Zone };
    let filter = EnterpriseFilter { year: 2021, ..Default::default() };
    let page = || {
        enterprise::list(
            db.conn(),
            &scope,
            &filter,
            enterprise::SortKey::Id,
            false,
            zoneops_db::PageQuery::new(None, None),
        )
    };
    let before: Vec<i64> = page().await.unwrap().items.iter().map(|r| r.id).collect();
    assert_eq!(before.len(), ids.len());
    if backend == Backend::Sqlite {
        // One connection in use while the others are released.
        let pool = db.conn().get_sqlite_connection_pool();
        let busy = pool.acquire().await.unwrap();
        db.release_memory().await.unwrap();
        drop(busy);
    } else {
        db.release_memory().await.unwrap();
    }
    db.release_memory().await.unwrap();
    let after: Vec<i64> = page().await.unwrap().items.iter().map(|r| r.id).collect();
    assert_eq!(after, before);
}
