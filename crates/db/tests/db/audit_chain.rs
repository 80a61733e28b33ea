//! The audit trail's hash chain (issue #13): an intact chain verifies; a row altered, deleted or
//! forged by SQL is named; pruning and upgrades leave it verifiable; concurrent writers never
//! fork it — on SQLite and PostgreSQL.

use rstest::rstest;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm_migration::MigratorTrait;
use zoneops_db::audit::{self, HashAlg, NewAudit, Problem, ProblemKind};
use zoneops_db::{Db, reference};

use super::{Backend, blank, fresh};

fn entry(zone: i64, i: i64) -> NewAudit {
    NewAudit {
        zone,
        actor_id: (i % 3 != 0).then_some(i),
        actor: format!("user{i}"),
        action: "update".into(),
        entity: "enterprise".into(),
        entity_id: i.to_string(),
        // Odd rows have no `before` (NULL), even rows an empty object.
        before: (i % 2 == 0).then(|| "{}".to_owned()),
        after: Some(format!("{{\"n\":{i}}}")),
        request_id: format!("req-{i}"),
        ip: "127.0.0.1".into(),
    }
}

async fn new_zone(db: &Db, code: &str) -> i64 {
    let tx = db.begin_write().await.unwrap();
    let zone = reference::insert_zone(&tx, code, "审计区").await.unwrap();
    tx.commit().await.unwrap();
    zone
}

/// `n` changes, each in its own transaction, numbered from `from`.
async fn write(db: &Db, zone: i64, from: i64, n: i64) {
    for i in from..from + n {
        let tx = db.begin_write().await.unwrap();
        audit::insert(&tx, &entry(zone, i)).await.unwrap();
        tx.commit().await.unwrap();
    }
}

/// (id, seq, hash) of the zone's rows in chain order.
async fn rows(db: &Db, zone: i64) -> Vec<(i64, i64, String)> {
    let q = Query::select()
        .columns(["id", "seq", "hash"])
        .from("audit")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("seq", Order::Asc)
        .take();
    let all = db.conn().query_all(&q).await.unwrap();
    all.iter()
        .map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(1).unwrap(), r.try_get_by_index(2).unwrap()))
        .collect()
}

async fn sql(db: &Db, statement: &str) {
    db.conn().execute_unprepared(statement).await.unwrap();
}

async fn problems(db: &Db, zone: i64) -> Vec<Problem> {
    audit::verify(db.conn(), zone, "t").await.unwrap().problems
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_intact_chain_verifies_and_an_altered_row_is_named(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let zone = new_zone(&db, "t").await;
    write(&db, zone, 1, 10).await;
    let report = audit::verify(db.conn(), zone, "t").await.unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!((report.rows, report.head_seq), (10, 10));
    let chain = rows(&db, zone).await;
    assert_eq!(chain.iter().map(|r| r.1).collect::<Vec<_>>(), (1..=10).collect::<Vec<_>>());
    assert!(chain.iter().all(|r| r.2.starts_with("sm3:") && r.2.len() == 68), "SM3 by default");
    assert_eq!(report.head_hash, chain[9].2);

    // SHA-256 by setting: new rows name it, and the mixed chain verifies.
    db.set_audit_hash(HashAlg::Sha256);
    write(&db, zone, 11, 2).await;
    let chain = rows(&db, zone).await;
    assert!(chain[10].2.starts_with("sha256:") && chain[11].2.starts_with("sha256:"));
    assert!(problems(&db, zone).await.is_empty());

    // A field changed by SQL: that row, and only it, is named.
    let (id4, id5) = (chain[3].0, chain[4].0);
    sql(&db, &format!("UPDATE audit SET after = '{{\"n\":999}}' WHERE id = {id4}")).await;
    let p = problems(&db, zone).await;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].row_id, p[0].seq, p[0].kind), (Some(id4), Some(4), ProblemKind::Altered));
    assert!(p[0].message.contains("被改动"), "{}", p[0].message);
    sql(&db, &format!("UPDATE audit SET after = '{{\"n\":4}}' WHERE id = {id4}")).await;
    assert!(problems(&db, zone).await.is_empty(), "put back, it verifies again");

    // NULL and "" are different contents: a NULL `before` emptied is a change.
    sql(&db, &format!("UPDATE audit SET before = '' WHERE id = {id5}")).await;
    let p = problems(&db, zone).await;
    assert_eq!((p[0].row_id, p[0].kind), (Some(id5), ProblemKind::Altered));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_deleted_row_is_named(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let zone = new_zone(&db, "t").await;
    write(&db, zone, 1, 10).await;
    let chain = rows(&db, zone).await;
    sql(&db, &format!("DELETE FROM audit WHERE id = {}", chain[5].0)).await;
    let p = problems(&db, zone).await;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].row_id, p[0].seq, p[0].kind), (Some(chain[6].0), Some(7), ProblemKind::Deleted));
    assert!(p[0].message.contains("第6号"), "{}", p[0].message);

    // The last row deleted too: the head still says 10.
    sql(&db, &format!("DELETE FROM audit WHERE id = {}", chain[9].0)).await;
    let p = problems(&db, zone).await;
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!((p[1].row_id, p[1].seq, p[1].kind), (None, Some(10), ProblemKind::Deleted));
    assert!(p[1].message.contains("第10至10号"), "{}", p[1].message);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_forged_row_is_named(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let zone = new_zone(&db, "t").await;
    write(&db, zone, 1, 5).await;
    let forge = |seq: &str, hash: &str| {
        format!(
            "INSERT INTO audit (zone_id, at, actor_id, actor, action, entity, entity_id, before, after, request_id, \
             ip, seq, hash) VALUES ({zone}, '2026-01-01T00:00:00+00:00', 1, 'admin', 'delete', 'enterprise', '9', \
             NULL, NULL, 'x', '10.0.0.1', {seq}, {hash})"
        )
    };
    // Written around the application: no place in the chain.
    sql(&db, &forge("NULL", "NULL")).await;
    let p = problems(&db, zone).await;
    assert_eq!(p.len(), 1, "{p:?}");
    let forged: i64 = {
        let q = Query::select().column("id").from("audit").and_where(Expr::col("seq").is_null()).take();
        db.conn().query_one(&q).await.unwrap().unwrap().try_get_by_index(0).unwrap()
    };
    assert_eq!((p[0].row_id, p[0].seq, p[0].kind), (Some(forged), None, ProblemKind::Inserted));
    sql(&db, &format!("DELETE FROM audit WHERE id = {forged}")).await;

    // Given the next place but not moving the head: past the head.
    sql(&db, &forge("6", "'sm3:00'")).await;
    let p = problems(&db, zone).await;
    assert_eq!((p[0].seq, p[0].kind), (Some(6), ProblemKind::Inserted), "{p:?}");

    // Head moved along too: its hash does not follow from the row before.
    sql(&db, &format!("UPDATE audit_chain SET seq = 6, hash = 'sm3:00' WHERE zone_id = {zone}")).await;
    let p = problems(&db, zone).await;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].seq, p[0].kind), (Some(6), ProblemKind::Altered));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn pruning_leaves_a_chain_that_verifies_from_its_checkpoint(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let zone = new_zone(&db, "t").await;
    write(&db, zone, 1, 5).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let cutoff = chrono::Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    write(&db, zone, 6, 5).await;
    let fifth = rows(&db, zone).await[4].2.clone();

    let tx = db.begin_write().await.unwrap();
    assert_eq!(audit::purge(&tx, cutoff).await.unwrap(), 5);
    tx.commit().await.unwrap();
    let report = audit::verify(db.conn(), zone, "t").await.unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!((report.rows, report.base_seq, report.head_seq), (5, 5, 10));
    assert_eq!(audit::chain_head(db.conn(), zone).await.unwrap().base_hash, fifth, "checkpoint: the last pruned row");

    // The chain goes on from there, and a deletion after the checkpoint is still named.
    write(&db, zone, 11, 1).await;
    assert!(problems(&db, zone).await.is_empty());
    let first_left = rows(&db, zone).await[0].0;
    sql(&db, &format!("DELETE FROM audit WHERE id = {first_left}")).await;
    let p = problems(&db, zone).await;
    assert_eq!((p[0].seq, p[0].kind), (Some(7), ProblemKind::Deleted), "{p:?}");

    // Everything pruned: an empty chain at its checkpoint verifies.
    let fresh_zone = new_zone(&db, "u").await;
    write(&db, fresh_zone, 1, 3).await;
    let tx = db.begin_write().await.unwrap();
    audit::purge(&tx, chrono::Utc::now() + chrono::Duration::seconds(1)).await.unwrap();
    tx.commit().await.unwrap();
    let report = audit::verify(db.conn(), fresh_zone, "u").await.unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!((report.rows, report.base_seq, report.head_seq), (0, 3, 3));
}

/// Many writers at once — plain transactions and group commits, some of which roll back —
/// leave one unbroken chain: no place taken twice, none skipped.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_fork_the_chain(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let zone = new_zone(&db, "t").await;
    let mut tasks = Vec::new();
    for t in 0..8i64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let tx = db.begin_write().await?;
                audit::insert(&tx, &entry(zone, t * 1000 + i)).await?;
                tx.commit().await?;
            }
            Ok::<u64, zoneops_db::DbError>(25)
        }));
    }
    for g in 0..100i64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let r = db
                .write_grouped(move |tx| {
                    Box::pin(async move {
                        audit::insert(tx, &entry(zone, 50_000 + g)).await?;
                        // Every 5th fails after its audit row: the row and its place go back.
                        if g % 5 == 0 {
                            return Err(zoneops_db::DbError::Invalid("refused".into()));
                        }
                        Ok(())
                    })
                })
                .await;
            Ok(u64::from(r.is_ok()))
        }));
    }
    let mut written = 0;
    for t in tasks {
        written += t.await.unwrap().expect("writes commit");
    }
    assert_eq!(written, 200 + 80);
    let report = audit::verify(db.conn(), zone, "t").await.unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!((report.rows, report.head_seq), (280, 280));
    let seqs: Vec<i64> = rows(&db, zone).await.iter().map(|r| r.1).collect();
    assert_eq!(seqs, (1..=280).collect::<Vec<_>>());
}

/// A database from before the chain: the upgrade chains its rows in id order.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_upgraded_database_verifies(#[case] backend: Backend) {
    let Some(db) = blank(backend).await else { return };
    let all = zoneops_db::migration::Migrator::migrations();
    let before = all.iter().position(|m| m.name() == "m0013_audit_chain").expect("the chain's migration");
    zoneops_db::migration::Migrator::up(db.conn(), Some(before as u32)).await.unwrap();
    let zone = new_zone(&db, "t").await;
    let other = new_zone(&db, "o").await;
    for i in 0..6i64 {
        let z = if i % 3 == 2 { other } else { zone };
        let q = Query::insert()
            .into_table("audit")
            .columns([
                "zone_id",
                "at",
                "actor_id",
                "actor",
                "action",
                "entity",
                "entity_id",
                "before",
                "after",
                "request_id",
                "ip",
            ])
            .values_panic([
                z.into(),
                zoneops_db::now().into(),
                Some(i).into(),
                "admin".into(),
                "create".into(),
                "park".into(),
                i.to_string().into(),
                None::<String>.into(),
                Some("{}".to_owned()).into(),
                "r".into(),
                "::1".into(),
            ])
            .take();
        db.conn().execute(&q).await.unwrap();
    }
    db.migrate().await.unwrap();
    let report = audit::verify(db.conn(), zone, "t").await.unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!((report.rows, report.head_seq), (4, 4));
    let chain = rows(&db, zone).await;
    assert!(chain.windows(2).all(|w| w[0].0 < w[1].0), "chained in id order");
    assert!(audit::verify(db.conn(), other, "o").await.unwrap().intact());

    // New writes continue the upgraded chain.
    write(&db, zone, 100, 2).await;
    let report = audit::verify(db.conn(), zone, "t").await.unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!(report.head_seq, 6);
}
