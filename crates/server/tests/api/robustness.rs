//! Bad input never makes a 500: malformed bodies, wrong types, oversized bodies, odd query
//! strings, unknown routes, missing or forged cookies; sessions expire; logins are rate limited.

use std::time::Duration;

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, PASSWORD, assert_invalid, error_of, park_id, spawn_app, spawn_app_with, test_config};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn broken_bodies_are_client_errors(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let auto = park_id(&s, "auto").await;
    let raw = |body: &'static str, ctype: &'static str| {
        let s = &s;
        async move {
            s.client.post(s.url("/api/v1/enterprises")).header("content-type", ctype).body(body).send().await.unwrap()
        }
    };
    for body in ["{\"name\": ", "not json", "{\"name\": \"x\",}", ""] {
        let (status, code, _, _) = error_of(raw(body, "application/json").await).await;
        assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "MALFORMED_JSON"), "{body:?}");
    }
    let (status, _, _, _) = error_of(raw("{\"name\": \"x\"}", "text/plain").await).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, _, _, _) =
        error_of(s.client.post(s.url("/api/v1/enterprises")).body("credit_code=1").send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "no content type");
    // Wrong JSON types name the field.
    let mut input = crate::support::enterprise_input(500, auto);
    input["park_id"] = json!("abc");
    let err = assert_invalid(s.post("/api/v1/enterprises", &input).await, "park_id").await;
    assert_eq!(err["code"], "FIELD_TYPE");
    let mut input = crate::support::enterprise_input(501, auto);
    input["entrepreneurs"] = json!([{"name": "张三", "honors": "not a list"}]);
    assert_invalid(s.post("/api/v1/enterprises", &input).await, "entrepreneurs[0].honors").await;
    let (status, code, _, _) = error_of(s.post("/api/v1/enterprises", &json!([1, 2, 3])).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "BODY_NOT_OBJECT"));
    // Deep nesting is refused, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let res = s
        .client
        .post(s.url("/api/v1/parks"))
        .header("content-type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_eq!(s.get_json("/api/v1/enterprises?q=测试").await["total"], 0, "nothing was stored");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_oversized_body_is_refused(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let auto = park_id(&s, "auto").await;
    let mut input = crate::support::enterprise_input(510, auto);
    input["address"] = json!("x".repeat(3 * 1024 * 1024));
    let res = s.post("/api/v1/enterprises", &input).await;
    let (status, code, _, _) = error_of(res).await;
    assert_eq!((status, code.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "BODY_TOO_LARGE"));
    assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::OK, "the server carries on");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn query_strings_are_checked_and_bounded(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let plain = s.get_json("/api/v1/enterprises?year=2021").await;
    let extra = s.get_json("/api/v1/enterprises?year=2021&utm_source=wechat&foo[]=bar").await;
    assert_eq!(extra["total"], plain["total"], "unknown parameters are ignored");
    assert_eq!(extra["items"], plain["items"]);
    // Empty values mean "no filter", as forms send them.
    assert_eq!(s.get_json("/api/v1/enterprises?year=2021&park=&tier=&q=").await["total"], plain["total"]);
    for (query, field) in [
        ("page=abc", "page"),
        ("page_size=-1", "page_size"),
        ("year=99999", "year"),
        ("year=abc", "year"),
        ("tier=xyz", "tier"),
        ("sort=evil", "sort"),
        ("sort=name;drop", "sort"),
        ("order=sideways", "order"),
        ("park=abc", "park"),
        ("above_size=maybe", "above_size"),
    ] {
        assert_invalid(s.get(&format!("/api/v1/enterprises?{query}")).await, field).await;
    }
    let long = "长".repeat(101);
    assert_invalid(s.get(&format!("/api/v1/enterprises?q={}", crate::support::urlencode(&long))).await, "q").await;
    let big = s.get_json("/api/v1/enterprises?page_size=100000").await;
    assert_eq!(big["page_size"], 500);
    assert_eq!(big["items"].as_array().unwrap().len() as u64, big["total"].as_u64().unwrap().min(500));
    let zero = s.get_json("/api/v1/enterprises?page=0&page_size=0").await;
    assert_eq!((zero["page"].as_u64(), zero["page_size"].as_u64()), (Some(1), Some(1)));
    // Search text is data, never SQL; LIKE wildcards are literal.
    for q in ["%' OR 1=1 --", "'; DROP TABLE enterprise; --", "%", "_", "\\"] {
        let v = s.get_json(&format!("/api/v1/enterprises?q={}", crate::support::urlencode(q))).await;
        assert_eq!(v["total"], 0, "{q}");
    }
    assert_eq!(s.get_json("/api/v1/enterprises?year=2021").await["total"], plain["total"]);
    let tier_events = s.get("/api/v1/tier-events?year=abc").await;
    assert_invalid(tier_events, "year").await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn unknown_routes_and_missing_logins_answer_in_json(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let anon = app.anonymous();
    for path in ["/api/v1/nope", "/api/v2/enterprises", "/api/v1/enterprises/1/nope"] {
        let (status, code, _, _) = error_of(anon.get(path).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!code.is_empty(), "{path}");
    }
    assert_eq!(anon.get_json("/api/v1/health").await, json!({"status": "ok"}));
    for path in ["/api/v1/me", "/api/v1/enterprises", "/api/v1/cockpit", "/api/v1/audit", "/api/v1/goals"] {
        let (status, code, _, err) = error_of(anon.get(path).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_REQUIRED"), "{path}");
        assert!(crate::support::has_cjk(err["message"].as_str().unwrap()));
    }
    let (status, _, _, _) = error_of(anon.post("/api/v1/enterprises", &json!({})).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for cookie in ["zoneops_session=garbage", "zoneops_session=", &format!("zoneops_session={}", "a".repeat(64))] {
        let res = anon.client.get(anon.url("/api/v1/me")).header("cookie", cookie).send().await.unwrap();
        let (status, code, _, _) = error_of(res).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{cookie}");
        assert!(code.starts_with("AUTH_"), "{code}");
    }
    let long = format!("zoneops_session={}", "b".repeat(5000));
    let res = anon.client.get(anon.url("/api/v1/me")).header("cookie", long).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The login itself: empty fields are named, an unknown user is just "wrong credentials".
    let empty = anon.post("/api/v1/auth/login", &json!({"username": "", "password": "x"})).await;
    assert_invalid(empty, "username").await;
    let (status, code, _, _) =
        error_of(anon.post("/api/v1/auth/login", &json!({"username": "ghost", "password": PASSWORD})).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_INVALID_CREDENTIALS"));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn a_bad_id_in_the_path_answers_in_json(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    for path in ["/api/v1/enterprises/abc", "/api/v1/enterprises/99999999999999999999", "/api/v1/parks/x"] {
        let res = if path.contains("parks") { s.delete(path).await } else { s.get(path).await };
        let status = res.status();
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST, "{path}: {status}");
        let body: Result<Value, _> = res.json().await;
        let body = body.unwrap_or_else(|e| panic!("{path}: not JSON ({e})"));
        assert!(body["error"]["code"].is_string(), "{path}: {body}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_idle_session_expires(#[case] backend: Backend) {
    let mut config = test_config();
    config.settings.session_idle_secs = 1;
    let Some(app) = spawn_app_with(backend, config).await else { return };
    assert_eq!(app.state.ctx.settings.session_idle_secs, 1);
    let s = app.login("leader").await;
    assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (status, code, _, err) = error_of(s.get("/api/v1/me").await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SESSION_EXPIRED"));
    assert!(crate::support::has_cjk(err["message"].as_str().unwrap()));
    // It stays expired, and a fresh login works.
    assert_eq!(s.get("/api/v1/enterprises").await.status(), StatusCode::UNAUTHORIZED);
    let again = app.login("leader").await;
    assert_eq!(again.get("/api/v1/me").await.status(), StatusCode::OK);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn logins_are_rate_limited_per_client(#[case] backend: Backend) {
    let mut config = test_config();
    config.login_rate_per_minute = 3;
    let Some(app) = spawn_app_with(backend, config).await else { return };
    let s = app.anonymous();
    // Failed and successful attempts both count.
    for password in ["wrong", "wrong", PASSWORD] {
        let res = s.post("/api/v1/auth/login", &json!({"username": "leader", "password": password})).await;
        assert_ne!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let res = s.post("/api/v1/auth/login", &json!({"username": "leader", "password": PASSWORD})).await;
    let retry: u64 = res.headers().get("retry-after").expect("Retry-After").to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let (status, code, _, err) = error_of(res).await;
    assert_eq!((status, code.as_str()), (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED"));
    assert!(crate::support::has_cjk(err["message"].as_str().unwrap()));
    // The limit is on logging in, not on using a session.
    assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::OK);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn concurrent_creates_all_succeed(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let before = s.get_json("/api/v1/enterprises").await["total"].as_u64().unwrap();
    // More simultaneous writers than the server has database connections (8 in the harness).
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for n in 0..16u32 {
        let (client, url) = (s.client.clone(), s.url("/api/v1/enterprises"));
        let body = crate::support::enterprise_input(600 + n, auto);
        tasks.push(tokio::spawn(async move { client.post(url).json(&body).send().await.unwrap().status() }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED), "{statuses:?} after {:?}", started.elapsed());
    assert_eq!(s.get_json("/api/v1/enterprises").await["total"].as_u64().unwrap(), before + 16);
}
