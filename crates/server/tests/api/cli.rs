//! The command line a zone's IT staff use: a real zone from an empty database, backup, check.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::json;

use crate::support::sqlite_template;

const BIN: &str = env!("CARGO_BIN_EXE_zoneops");

fn zoneops(args: &[&str], dir: &std::path::Path, password: Option<&str>) -> std::process::Output {
    let mut c = Command::new(BIN);
    c.args(args).arg("--data-dir").arg(dir).env_remove("ZONEOPS_PASSWORD");
    if let Some(p) = password {
        c.env("ZONEOPS_PASSWORD", p);
    }
    c.output().expect("run zoneops")
}

#[tokio::test]
async fn a_real_zone_starts_from_an_empty_database() {
    let dir = std::env::temp_dir().join(format!("zoneops-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // A weak password is refused with the policy's message.
    let weak = zoneops(
        &["user", "add", "root", "--role", "admin", "--zone", "gx", "--zone-name", "高新区"],
        &dir,
        Some("short"),
    );
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("密码"), "{}", String::from_utf8_lossy(&weak.stderr));
    let ok = zoneops(
        &["user", "add", "root", "--role", "admin", "--zone", "gx", "--zone-name", "高新区"],
        &dir,
        Some("Str0ng!pass"),
    );
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let dup = zoneops(&["user", "add", "root", "--role", "admin"], &dir, Some("Str0ng!pass"));
    assert!(!dup.status.success(), "the same username twice must fail");

    // The new admin logs in to a zone that has its roles and the industry table, and no demo.
    let cfg = zoneops_server::Config { listen: "127.0.0.1:0".into(), data_dir: dir.clone(), ..Default::default() };
    let db = zoneops_server::open_db(&cfg).await.unwrap();
    let ctx = zoneops_app::Ctx::new(db, cfg.settings.clone(), false);
    let running = zoneops_server::start(cfg, ctx).await.unwrap();
    let base = format!("http://{}", running.addr);
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "root", "password": "Str0ng!pass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    // A real zone enforces the second factor for administrators: enrol before anything else.
    let answer: serde_json::Value = login.json().await.unwrap();
    assert_eq!(answer, json!({"second_factor_required": true, "enrolment_required": true}));
    assert_eq!(client.get(format!("{base}/api/v1/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    enrol_over_http(&client, &base).await;
    let me: serde_json::Value = client.get(format!("{base}/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["zone"]["name"], "高新区");
    let divisions: serde_json::Value =
        client.get(format!("{base}/api/v1/industries?level=division")).send().await.unwrap().json().await.unwrap();
    assert_eq!(divisions["total"], 97);
    let demo: serde_json::Value =
        client.get(format!("{base}/api/v1/auth/demo-accounts")).send().await.unwrap().json().await.unwrap();
    assert_eq!(demo["demo"], false, "a real zone never lists demo accounts");
    let list: serde_json::Value =
        client.get(format!("{base}/api/v1/enterprises")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["total"], 0);
    // Lost phone and recovery codes: the command line removes the factor, and the next login
    // asks for a new enrolment.
    let reset = zoneops(&["user", "reset-second-factor", "root"], &dir, None);
    assert!(reset.status.success(), "{}", String::from_utf8_lossy(&reset.stderr));
    running.state.ctx.sessions.invalidate();
    assert_eq!(client.get(format!("{base}/api/v1/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let again: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "root", "password": "Str0ng!pass"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["enrolment_required"], true);
    running.task.abort();
}

async fn enrol_over_http(client: &reqwest::Client, base: &str) {
    use zoneops_domain::second_factor as totp;
    let e: serde_json::Value =
        client.post(format!("{base}/api/v1/me/second-factor")).send().await.unwrap().json().await.unwrap();
    let secret = totp::base32_decode(e["secret"].as_str().unwrap()).unwrap();
    let code = totp::code_at(&secret, chrono::Utc::now().timestamp());
    let res = client.post(format!("{base}/api/v1/me/second-factor/confirm")).json(&json!({"code": code})).send().await;
    assert_eq!(res.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn backup_is_a_consistent_copy_that_passes_check() {
    let dir = std::env::temp_dir().join(format!("zoneops-bak-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sqlite_template().await, dir.join("zoneops.db")).unwrap();
    let out = dir.join("copy.db");
    let backup = zoneops(&["backup", out.to_str().unwrap()], &dir, None);
    assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
    assert!(
        zoneops(&["backup", out.to_str().unwrap()], &dir, None).status.code() != Some(0),
        "an existing file is not overwritten"
    );

    // Restoring = using the copy as a data directory: it passes check and holds the same zone.
    let restored = dir.join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::rename(&out, restored.join("zoneops.db")).unwrap();
    let check = zoneops(&["check"], &restored, None);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success() && text.contains("integrity: ok"), "{text}");
    let a = zoneops_db::Db::open_data_dir(&dir, 1).await.unwrap();
    let b = zoneops_db::Db::open_data_dir(&restored, 1).await.unwrap();
    let scope = |db_zone| zoneops_db::Scope { zone: db_zone, user: 0, reach: zoneops_db::Reach::Zone };
    let za = zoneops_db::reference::zones(a.conn()).await.unwrap()[0].id;
    let zb = zoneops_db::reference::zones(b.conn()).await.unwrap()[0].id;
    let f = zoneops_db::enterprise::EnterpriseFilter { year: 2021, ..Default::default() };
    assert_eq!(
        zoneops_db::enterprise::count(a.conn(), &scope(za), &f).await.unwrap(),
        zoneops_db::enterprise::count(b.conn(), &scope(zb), &f).await.unwrap()
    );
}
