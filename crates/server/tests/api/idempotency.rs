//! `Idempotency-Key`: a retried create answers the first result and writes nothing more; the
//! same key with another body is refused; keys are per user (per address on the hotline); two
//! requests racing with one key make one record.

use reqwest::{Response, StatusCode};
use rstest::rstest;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, enterprise_input, error_of, has_cjk, park_id, spawn_app};

async fn post_keyed(s: &Session, path: &str, key: &str, body: &Value) -> Response {
    s.client.post(s.url(path)).header("Idempotency-Key", key).json(body).send().await.expect("POST")
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let row = app
        .db
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(app.db.backend(), format!("SELECT COUNT(*) FROM {table}")))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

fn today() -> String {
    crate::support::zone_today().to_string()
}

/// Sends `body` twice with one key: both answers equal, the second a replay, one row more.
async fn twice(app: &TestApp, s: &Session, path: &str, table: &str, body: Value) -> Value {
    let key = format!("k-{path}-{}", app.backend as u8);
    let before = count(app, table).await;
    let first = post_keyed(s, path, &key, &body).await;
    assert_eq!(first.status(), StatusCode::CREATED, "{path}");
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = post_keyed(s, path, &key, &body).await;
    assert_eq!(again.status(), StatusCode::CREATED, "{path} replayed");
    assert_eq!(again.headers().get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    assert_eq!(again.json::<Value>().await.unwrap(), first, "{path}: the first answer, unchanged");
    assert_eq!(count(app, table).await, before + 1, "{path}: one record");
    // The same key with another body is refused, and writes nothing.
    let mut other = body.clone();
    other["idempotency_probe"] = json!(1);
    let (status, code, field, err) = error_of(post_keyed(s, path, &key, &other).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED"), "{path}");
    assert_eq!(field.as_deref(), Some("Idempotency-Key"));
    assert!(has_cjk(err["message"].as_str().unwrap()), "{err}");
    assert_eq!(count(app, table).await, before + 1, "{path}: still one record");
    first
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_retried_create_answers_the_first_result_and_writes_once(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let park = app.login("park_auto").await;
    let auto = park_id(&park, "auto").await;
    twice(&app, &park, "/api/v1/enterprises", "enterprise", enterprise_input(77, auto)).await;
    let lead = json!({"company": "幂等测试公司", "source": "expo", "kind": "new", "intended_investment": 1.0e9, "park_id": auto});
    twice(&app, &park, "/api/v1/leads", "lead", lead).await;
    let project = json!({"name": "幂等测试项目", "park_id": auto, "category": "advanced_manufacturing",
        "investment": 2.0e9, "signed_on": "2026-01-05"});
    twice(&app, &park, "/api/v1/projects", "project", project).await;
    let activity = json!({"kind": "trip", "title": "赴深圳招商", "start_on": "2026-05-10", "end_on": "2026-05-12", "park_id": auto});
    twice(&app, &park, "/api/v1/activities", "activity", activity).await;
    let ent = park.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    let ticket = json!({"channel": "visit", "category": "approval", "title": "环评审批进度", "detail": "走访发现", "enterprise_id": ent});
    twice(&app, &park, "/api/v1/tickets", "ticket", ticket).await;
    let cadre = app.login("cadre").await;
    let linked = cadre.get_json("/api/v1/linkages").await["items"][0]["enterprise_id"].as_i64().unwrap();
    let visit = json!({"enterprise_id": linked, "visited_on": today(), "people_met": "总经理", "findings": "订单饱满"});
    twice(&app, &cadre, "/api/v1/visits", "visit", visit).await;
    // The public hotline: keyed by the client's address.
    let hotline = json!({"company": "某机械公司", "contact_name": "李", "contact_phone": "13900001111", "category": "land",
        "title": "用地报批", "detail": "请协调"});
    let receipt = twice(&app, &app.anonymous(), "/api/v1/public/hotline", "ticket", hotline).await;
    assert!(receipt["no"].is_string());

    // Keys are per user: another user's same key is another request.
    let before = count(&app, "lead").await;
    let body = json!({"company": "另一家公司", "source": "expo", "kind": "new", "intended_investment": 1.0e9, "park_id": auto});
    let admin = app.login("admin").await;
    let a = post_keyed(&park, "/api/v1/leads", "shared-key", &body).await.json::<Value>().await.unwrap();
    let b = post_keyed(&admin, "/api/v1/leads", "shared-key", &body).await.json::<Value>().await.unwrap();
    assert_ne!(a["id"], b["id"]);
    assert_eq!(count(&app, "lead").await, before + 2);
    // A key that is not one is refused before anything runs.
    let (status, code, _, _) = error_of(post_keyed(&park, "/api/v1/leads", &"x".repeat(300), &body).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "IDEMPOTENCY_KEY_INVALID"));
    // A refused create keeps no key: corrected and sent again with the same key, it is written.
    let mut bad = body.clone();
    bad["intended_investment"] = json!(-1);
    assert_eq!(post_keyed(&park, "/api/v1/leads", "fix-me", &bad).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let before = count(&app, "lead").await;
    // (a corrected body under the same key is another body: a new key is the console's way)
    assert_eq!(post_keyed(&park, "/api/v1/leads", "fix-me", &bad).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(post_keyed(&park, "/api/v1/leads", "fix-me-2", &body).await.status(), StatusCode::CREATED);
    assert_eq!(count(&app, "lead").await, before + 1);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn concurrent_requests_with_one_key_make_one_record(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let park = app.login("park_auto").await;
    let auto = park_id(&park, "auto").await;
    let before = count(&app, "enterprise").await;
    let body = enterprise_input(88, auto);
    let sends: Vec<_> = (0..8)
        .map(|_| {
            let (client, url, body) = (park.client.clone(), park.url("/api/v1/enterprises"), body.clone());
            tokio::spawn(async move { client.post(url).header("Idempotency-Key", "race-1").json(&body).send().await })
        })
        .collect();
    let mut bodies = Vec::new();
    for send in sends {
        let res = send.await.unwrap().unwrap();
        let status = res.status();
        let v: Value = res.json().await.unwrap();
        // Each either waited for the first and got its answer, or was told to come back.
        assert!(
            status == StatusCode::CREATED
                || (status == StatusCode::CONFLICT && v["error"]["code"] == "IDEMPOTENCY_KEY_IN_PROGRESS"),
            "{status} {v}"
        );
        if status == StatusCode::CREATED {
            bodies.push(v);
        }
    }
    assert!(!bodies.is_empty());
    assert!(bodies.iter().all(|b| b["id"] == bodies[0]["id"]), "one record answered to all");
    assert_eq!(count(&app, "enterprise").await, before + 1, "no duplicate");
    assert_eq!(count(&app, "idempotency_key").await, 1);

    // Two servers on one database (a second process): the unique key stops the second write.
    let second = crate::support::second_server(&app).await;
    let other = Session { client: park.client.clone(), base: second };
    let body = enterprise_input(89, auto);
    let (a, b) = tokio::join!(
        post_keyed(&park, "/api/v1/enterprises", "race-2", &body),
        post_keyed(&other, "/api/v1/enterprises", "race-2", &body)
    );
    let (sa, sb) = (a.status(), b.status());
    let (va, vb): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert!(sa == StatusCode::CREATED || sb == StatusCode::CREATED, "{sa} {va} / {sb} {vb}");
    for (s, v) in [(sa, &va), (sb, &vb)] {
        assert!(s == StatusCode::CREATED || v["error"]["code"] == "IDEMPOTENCY_KEY_IN_PROGRESS", "{s} {v}");
    }
    assert_eq!(count(&app, "enterprise").await, before + 2, "no duplicate across servers");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn keys_are_forgotten_after_a_day_by_the_housekeeping_round(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let park = app.login("park_auto").await;
    let auto = park_id(&park, "auto").await;
    let body =
        json!({"company": "隔日公司", "source": "expo", "kind": "new", "intended_investment": 1.0e9, "park_id": auto});
    let first = post_keyed(&park, "/api/v1/leads", "day-old", &body).await.json::<Value>().await.unwrap();
    let stale = chrono::Utc::now() - chrono::Duration::hours(25);
    let q = sea_orm::sea_query::Query::update().table("idempotency_key").value("created_at", stale).take();
    app.db.conn().execute(&q).await.unwrap();
    zoneops_app::auth::purge_expired(&app.state.ctx).await.unwrap();
    assert_eq!(count(&app, "idempotency_key").await, 0, "purged");
    let again = post_keyed(&park, "/api/v1/leads", "day-old", &body).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_ne!(again.json::<Value>().await.unwrap()["id"], first["id"], "a new request after 24 h");
}
