//! Killing the server with SIGKILL in the middle of writes loses no acknowledged write, and the
//! database passes `zoneops check` afterwards.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use zoneops_domain::credit_code::CreditCode;

use crate::support::{PASSWORD, sqlite_template};

const BIN: &str = env!("CARGO_BIN_EXE_zoneops");

#[tokio::test]
async fn sigkill_during_writes_loses_no_acknowledged_write() {
    let dir = std::env::temp_dir().join(format!("zoneops-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sqlite_template().await, dir.join("zoneops.db")).unwrap();

    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        // Served without --demo, where administrators need a second factor: not this test's subject.
        .env("ZONEOPS_SETTINGS__SECOND_FACTOR_REQUIRED_PERMISSIONS", "[]")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start zoneops");
    let stdout = child.stdout.take().unwrap();
    let base = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("ZoneOps listening on ").map(str::to_owned))
        .expect("listening line");

    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let parks: serde_json::Value =
        client.get(format!("{base}/api/v1/parks")).send().await.unwrap().json().await.unwrap();
    let park = parks["items"][0]["id"].as_i64().unwrap();

    // Eight writers create enterprises until the server dies under them.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for w in 0..8u32 {
        let client = client.clone();
        let base = base.clone();
        let acknowledged = acknowledged.clone();
        writers.push(tokio::spawn(async move {
            for i in 0..100_000u32 {
                let body = format!("9132109177{w:02}{i:05}");
                let code = CreditCode::from_body(&body).unwrap().as_str().to_owned();
                let res = client
                    .post(format!("{base}/api/v1/enterprises"))
                    .json(&json!({"credit_code": code, "name": format!("耐久测试企业{w}-{i}"), "park_id": park, "industry_code": "3670"}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == StatusCode::CREATED => acknowledged.lock().unwrap().push(code),
                    Ok(r) => panic!("unexpected status {}", r.status()),
                    Err(_) => return, // the server is gone
                }
            }
        }));
    }
    let start = Instant::now();
    while acknowledged.lock().unwrap().len() < 40 && start.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
    child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    assert!(acked.len() >= 40, "only {} writes acknowledged before the kill", acked.len());

    let check = Command::new(BIN).args(["check", "--data-dir"]).arg(&dir).output().unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "zoneops check failed after SIGKILL:\n{out}");
    assert!(out.contains("integrity: ok"), "{out}");

    let db = zoneops_db::Db::open_data_dir(&dir, 1).await.unwrap();
    let zone = zoneops_db::reference::zones(db.conn()).await.unwrap()[0].id;
    for code in &acked {
        let found = zoneops_db::enterprise::id_by_credit_code(db.conn(), zone, code).await.unwrap();
        assert!(found.is_some(), "acknowledged enterprise {code} lost after SIGKILL");
    }
}
