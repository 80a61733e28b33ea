//! Issue #13, parts 3 and 4: no input crashes a request, every error answers in the documented
//! JSON shape, sums cannot overflow, and text cannot hurt (length, control and direction
//! characters refused with the field named).

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{Backend, assert_invalid, error_of, figure, has_cjk, park_id, spawn_app};
use crate::ticket_attachments::{multipart, pdf};

/// The eight paginated lists.
const LISTS: [&str; 8] = [
    "/api/v1/enterprises",
    "/api/v1/enterprises/{e}/audit",
    "/api/v1/leads",
    "/api/v1/activities",
    "/api/v1/projects",
    "/api/v1/tickets",
    "/api/v1/visits",
    "/api/v1/audit",
];

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn page_numbers_past_any_offset_are_empty_pages(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    // The audit log is the audit administrator's to read (separation of duties).
    let auditor = app.login("auditor").await;
    let e = admin.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    for list in LISTS {
        let s = if list == "/api/v1/audit" { &auditor } else { &admin };
        let list = list.replace("{e}", &e.to_string());
        for page in ["18446744073709551615", "9223372036854775807", "36893488147419103"] {
            let res = s.get(&format!("{list}?page={page}&page_size=500")).await;
            assert_eq!(res.status(), StatusCode::OK, "{list} page {page}");
            let v: Value = res.json().await.unwrap();
            assert!(v["items"].as_array().unwrap().is_empty(), "{list}: {v}");
        }
        let res = s.get(&format!("{list}?page=99999999999999999999999")).await;
        assert_invalid(res, "page").await;
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn zone_sums_do_not_overflow_at_the_largest_accepted_values(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let e = s.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/enterprises/{e}/indicators");
    // The largest monthly sales accepted, every month of 2025; one more is refused.
    let months: Vec<Value> =
        (1..=12).map(|m| json!({"metric": "sales", "period": 202500 + m, "value": 1e13})).collect();
    assert_eq!(s.put(&path, &json!({ "items": months })).await.status(), StatusCode::OK);
    let over = json!({"items": [{"metric": "sales", "period": 202501, "value": 1.00000000000001e13}]});
    assert_invalid(s.put(&path, &over).await, "items[0].value").await;
    // 800 enterprises with that year (the demo has 200: three copies more), each
    // 1.2e16 分 — their sum, 9.6e18, is past SQLite's and PostgreSQL's BIGINT.
    let conn = app.db.conn();
    for k in 1..=3 {
        conn.execute_unprepared(&format!(
            "INSERT INTO enterprise (zone_id, credit_code, credit_code_warning, name, search, park_id, chain_id, \
             industry_code, above_size, land_mu, established_on, address, created_by, created_at, updated_at) \
             SELECT zone_id, credit_code || '-{k}', credit_code_warning, name || '{k}', search, park_id, chain_id, \
             industry_code, above_size, land_mu, established_on, address, created_by, created_at, updated_at \
             FROM enterprise WHERE credit_code NOT LIKE '%-%'"
        ))
        .await
        .unwrap();
    }
    conn.execute_unprepared("DELETE FROM enterprise_year WHERE year = 2025").await.unwrap();
    conn.execute_unprepared(
        "INSERT INTO enterprise_year (enterprise_id, year, zone_id, sales, output) \
         SELECT id, 2025, zone_id, 12000000000000000, 12000000000000000 FROM enterprise",
    )
    .await
    .unwrap();
    let n = s.get_json("/api/v1/enterprises?year=2025&page_size=1").await["total"].as_f64().unwrap();
    assert!(n >= 800.0, "{n}");
    let cockpit = s.get_json("/api/v1/cockpit?year=2025").await;
    let expected = n * 1.2e14;
    let sales = figure(&cockpit, "indicators.sales");
    assert!((sales - expected).abs() / expected < 1e-12, "{sales} vs {expected}");
    let charts = s.get_json("/api/v1/cockpit/charts?year=2025").await;
    let by_park: f64 = charts["by_park"].as_array().unwrap().iter().map(|p| p["sales"].as_f64().unwrap()).sum();
    assert!((by_park - expected).abs() / expected < 1e-9, "{by_park} vs {expected}");
    let park = park_id(&s, "auto").await;
    assert_eq!(s.get(&format!("/api/v1/cockpit?year=2025&park={park}")).await.status(), StatusCode::OK);
}

/// Every error is `{"error": {code, message, field, params}}` with a Chinese message.
async fn assert_error_shape(res: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(ct.starts_with("application/json"), "JSON error, got {ct}");
    let v: Value = res.json().await.unwrap();
    let e = &v["error"];
    assert!(e["code"].as_str().is_some_and(|c| !c.is_empty()), "{v}");
    assert!(has_cjk(e["message"].as_str().unwrap_or_default()), "{v}");
    assert!(e.as_object().unwrap().contains_key("field") && e.as_object().unwrap().contains_key("params"), "{v}");
    assert_ne!(e["field"], "", "never an empty field: {v}");
    e.clone()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_kind_of_route_answers_errors_in_the_documented_shape(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let e = s.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    let ticket = s.get_json("/api/v1/tickets?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    // A body that is JSON but not an object, to a create, a replace, an upsert, an action, a login.
    let writes = [
        ("POST", "/api/v1/enterprises".to_owned()),
        ("PUT", format!("/api/v1/enterprises/{e}")),
        ("PATCH", format!("/api/v1/enterprises/{e}")),
        ("PUT", format!("/api/v1/enterprises/{e}/indicators")),
        ("PUT", "/api/v1/ticket-routing".to_owned()),
        ("POST", format!("/api/v1/tickets/{ticket}/actions/remind")),
        ("POST", "/api/v1/public/hotline".to_owned()),
        ("POST", "/api/v1/auth/login".to_owned()),
    ];
    for (method, path) in &writes {
        for body in ["[]", "null", "1", "\"x\"", "true"] {
            let res = s
                .client
                .request(method.parse().unwrap(), s.url(path))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let err = assert_error_shape(res, StatusCode::BAD_REQUEST).await;
            assert_eq!(err["code"], "BODY_NOT_OBJECT", "{method} {path} {body}");
        }
    }
    // Unknown route, wrong method, non-JSON content type, multipart that is not multipart.
    assert_error_shape(s.get("/api/v1/no-such-thing").await, StatusCode::NOT_FOUND).await;
    assert_error_shape(s.get("/api/v1/enterprises/1/no-such-thing").await, StatusCode::NOT_FOUND).await;
    let res = s.client.delete(s.url("/api/v1/cockpit")).send().await.unwrap();
    assert!(res.headers().contains_key("allow"), "405 keeps its Allow header");
    assert_eq!(assert_error_shape(res, StatusCode::METHOD_NOT_ALLOWED).await["code"], "METHOD_NOT_ALLOWED");
    let res =
        s.client.post(s.url("/api/v1/leads")).header("content-type", "text/plain").body("x").send().await.unwrap();
    assert_error_shape(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let upload = format!("/api/v1/tickets/{ticket}/attachments");
    let res = s.client.post(s.url(&upload)).header("content-type", "application/json").body("{}").send().await.unwrap();
    assert!(res.status().is_client_error());
    assert_error_shape(res, StatusCode::BAD_REQUEST).await;
    let res = s
        .client
        .post(s.url(&upload))
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--y\r\nbroken")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    let status = res.status();
    assert_error_shape(res, status).await;
    // A wrong type deep in a body names its path; a missing one names the key.
    let res = s.put(&format!("/api/v1/enterprises/{e}/indicators"), &json!({"items": [{"metric": "sales"}]})).await;
    assert_eq!(assert_invalid(res, "items[0].period").await["code"], "FIELD_REQUIRED");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn text_fields_have_limits_and_refuse_control_and_direction_characters(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let auto = park_id(&s, "auto").await;
    // A display name of a megabyte and a robot secret of a thousand characters: refused.
    let users = s.get_json("/api/v1/users").await;
    let user = users["items"][0]["id"].as_i64().unwrap();
    let res = s
        .client
        .patch(s.url(&format!("/api/v1/users/{user}")))
        .json(&json!({"display_name": "名".repeat(300_000)}))
        .send()
        .await
        .unwrap();
    let err = assert_invalid(res, "display_name").await;
    assert_eq!((err["code"].as_str(), err["params"]["max"].as_u64()), (Some("TEXT_TOO_LONG"), Some(50)));
    let robot = json!({"name": "值班群", "kind": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "secret": "s".repeat(1000)});
    assert_eq!(assert_invalid(s.post("/api/v1/robots", &robot).await, "secret").await["code"], "TEXT_TOO_LONG");
    // Names: a direction override, a NUL, a newline.
    for (bad, code) in [
        ("\u{202e}gnp.exe公司", "TEXT_BIDI_CONTROL"),
        ("晶澳\u{0}公司", "TEXT_CONTROL_CHAR"),
        ("晶澳\n公司", "TEXT_CONTROL_CHAR"),
    ] {
        let mut input = crate::support::enterprise_input(710, auto);
        input["name"] = json!(bad);
        assert_eq!(assert_invalid(s.post("/api/v1/enterprises", &input).await, "name").await["code"], code);
    }
    let mut input = crate::support::enterprise_input(711, auto);
    input["entrepreneurs"][0]["name"] = json!("张".repeat(51));
    assert_invalid(s.post("/api/v1/enterprises", &input).await, "entrepreneurs[0].name").await;
    input["entrepreneurs"][0]["name"] = json!("张三");
    input["entrepreneurs"][0]["honors"] = json!(["\u{2067}优秀\u{2069}"]);
    assert_invalid(s.post("/api/v1/enterprises", &input).await, "entrepreneurs[0].honors[0]").await;
    // Multi-line text keeps its lines and tabs; a title does not take them.
    let ticket = |title: &str, detail: &str| {
        json!({"channel": "phone", "category": "land", "priority": "normal", "title": title, "detail": detail,
               "contact_name": "李四", "contact_phone": "13900139000"})
    };
    let res = s.post("/api/v1/tickets", &ticket("扶持政策咨询", "第一行\n\t第二行")).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    assert_invalid(s.post("/api/v1/tickets", &ticket("扶持\r政策", "说明")).await, "title").await;
    assert_invalid(s.post("/api/v1/tickets", &ticket("扶持政策", "说明\u{202d}")).await, "detail").await;
    assert_invalid(s.post("/api/v1/tickets", &ticket("扶持政策", &"很".repeat(4001))).await, "detail").await;
    // An attachment whose name would display as "exe.pdf".
    let id = s.get_json("/api/v1/tickets?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    let before = s.get_json(&format!("/api/v1/tickets/{id}/attachments")).await["total"].clone();
    let (ct, body) = multipart(&[("\u{202e}fdp.exe", &pdf())]);
    let res = s
        .client
        .post(s.url(&format!("/api/v1/tickets/{id}/attachments")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_invalid(res, "file").await["code"], "TEXT_BIDI_CONTROL");
    assert_eq!(s.get_json(&format!("/api/v1/tickets/{id}/attachments")).await["total"], before, "nothing stored");
    // A login name or password past its limit is a 422, not a hash of a megabyte.
    let anon = app.anonymous();
    let res = anon.post("/api/v1/auth/login", &json!({"username": "admin", "password": "x".repeat(10_000)})).await;
    assert_invalid(res, "password").await;
    let (status, ..) = error_of(anon.get("/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
