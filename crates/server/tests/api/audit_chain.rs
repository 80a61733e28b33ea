//! `zoneops audit verify` / `audit head` / `check` against a running zone's database: exit 0 with
//! a count while the chain is intact, exit 1 naming the row once it is altered by SQL — on SQLite
//! and PostgreSQL.

use std::process::{Command, Output};

use rstest::rstest;
use sea_orm::ConnectionTrait;

use crate::support::{Backend, TestApp, spawn_app};

fn zoneops(app: &TestApp, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zoneops"));
    c.args(args);
    match &app.state.config.database_url {
        Some(url) => c.arg("--database-url").arg(url),
        None => c.arg("--data-dir").arg(&app.state.config.data_dir),
    };
    c.env_remove("ZONEOPS_DATABASE_URL").output().expect("run zoneops")
}

/// What the command printed, standard output then error.
fn printed(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn audit_verify_exits_1_naming_an_altered_row(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    // Audited writes through the API: two logins and a department created.
    let admin = app.login("admin").await;
    app.login("leader").await;
    let res =
        admin.post("/api/v1/departments", &serde_json::json!({"code": "sjk", "name": "审计科", "sort": 90})).await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let zone = zoneops_db::reference::zones(app.db.conn()).await.unwrap().remove(0);

    let ok = zoneops(&app, &["audit", "verify"]);
    let text = printed(&ok);
    assert_eq!(ok.status.code(), Some(0), "{text}");
    assert!(text.contains("audit chain intact: 3 rows in 1 zones"), "{text}");

    // The head, to be kept elsewhere, is the one the database holds.
    let head = zoneops(&app, &["audit", "head", "--zone", &zone.code]);
    let stored = zoneops_db::audit::chain_head(app.db.conn(), zone.id).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&head.stdout).trim(), format!("{}\t3\t{}", zone.code, stored.hash));
    assert!(stored.hash.starts_with("sm3:"));

    // Someone with database access rewrites who created the department.
    let q = "SELECT id FROM audit WHERE entity = 'department'";
    let row = app.db.conn().query_one_raw(sea_orm::Statement::from_string(app.db.backend(), q)).await.unwrap();
    let id: i64 = row.unwrap().try_get_by_index(0).unwrap();
    app.db.conn().execute_unprepared(&format!("UPDATE audit SET actor = 'leader' WHERE id = {id}")).await.unwrap();
    let broken = zoneops(&app, &["audit", "verify", "--zone", &zone.code]);
    let text = printed(&broken);
    assert_eq!(broken.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("first problem: row {id} (sequence 3) altered")), "{text}");
    let check = zoneops(&app, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", printed(&check));
    assert!(printed(&check).contains(&format!("audit chain of zone {}: row {id}", zone.code)), "{}", printed(&check));

    let unknown = zoneops(&app, &["audit", "verify", "--zone", "no-such-zone"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(printed(&unknown).contains("no zone with code no-such-zone"));
}
