//! Notifications through real HTTP: a local receiver plays the WeCom and DingTalk robots.
//! Messages are queued with the ticket change, delivered, retried after a failure, throttled
//! to 20 a minute per robot, and the robots' credentials never come back out.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode as AxStatus;
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, assert_invalid, spawn_app, spawn_app_with, test_config};

#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(String, Value)>>>,
    fail: Arc<Mutex<bool>>,
}

async fn receive(State(r): State<Receiver>, req: Request) -> (AxStatus, String) {
    let uri = req.uri().to_string();
    let body = axum::body::to_bytes(req.into_body(), 1 << 20).await.unwrap_or_default();
    if *r.fail.lock().unwrap() {
        return (AxStatus::INTERNAL_SERVER_ERROR, "down".into());
    }
    r.got.lock().unwrap().push((uri, serde_json::from_slice(&body).unwrap_or(Value::Null)));
    (AxStatus::OK, r#"{"errcode":0,"errmsg":"ok"}"#.into())
}

async fn start_receiver() -> (String, Receiver) {
    let r = Receiver::default();
    let app = axum::Router::new().fallback(receive).with_state(r.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), r)
}

/// The local receiver plays a robot on the zone's intranet: its address is listed as allowed,
/// as a government intranet lists its own robot gateway.
async fn spawn_intranet(backend: Backend) -> Option<TestApp> {
    let mut config = test_config();
    config.settings.webhook_allowed_hosts = vec!["127.0.0.1".into()];
    spawn_app_with(backend, config).await
}

/// Delivers now (the test server runs no background notifier) until the receiver holds `n`.
async fn delivered(app: &TestApp, r: &Receiver, n: usize) -> Vec<(String, Value)> {
    for _ in 0..100 {
        zoneops_app::notify::deliver_due(&app.state.ctx).await.unwrap();
        if r.got.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    r.got.lock().unwrap().clone()
}

async fn dept_id(s: &Session, code: &str) -> i64 {
    let v = s.get_json("/api/v1/departments").await;
    v["items"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap()["id"].as_i64().unwrap()
}

async fn dispatch_new_ticket(app: &TestApp, service: &Session, dept: i64) -> String {
    let body = json!({"company": "某机械公司", "contact_name": "李", "contact_phone": "13900001111", "category": "land",
        "title": "用地报批", "detail": "请协调"});
    let res = app.anonymous().post("/api/v1/public/hotline", &body).await;
    let no = res.json::<Value>().await.unwrap()["no"].as_str().unwrap().to_owned();
    let t = service.get_json(&format!("/api/v1/tickets?q={no}")).await;
    let id = t["items"][0]["id"].as_i64().unwrap();
    let res = service.post(&format!("/api/v1/tickets/{id}/actions/dispatch"), &json!({"department_id": dept})).await;
    assert_eq!(res.status(), StatusCode::OK);
    no
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_dispatch_reaches_the_inbox_and_the_wecom_robot_and_credentials_stay_sealed(#[case] backend: Backend) {
    use sea_orm::ConnectionTrait;
    let Some(app) = spawn_intranet(backend).await else { return };
    let (base, rx) = start_receiver().await;
    let service = app.login("service").await;
    let land = dept_id(&service, "land").await;
    let url = format!("{base}/cgi-bin/webhook/send?key=SECRETKEY123");
    let res = service
        .post("/api/v1/robots", &json!({"name": "规划局工作群", "kind": "wecom", "department_id": land, "url": url}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let listed = service.get_json("/api/v1/robots").await.to_string();
    assert!(!listed.contains("SECRETKEY123") && listed.contains("127.0.0.1"), "{listed}");
    let stored = app
        .db
        .conn()
        .query_all_raw(sea_orm::Statement::from_string(app.db.backend(), "SELECT url_enc FROM robot".to_owned()))
        .await
        .unwrap();
    let enc: String = stored[0].try_get_by_index(0).unwrap();
    assert!(!enc.contains("SECRETKEY123") && !enc.contains("127.0.0.1"), "stored encrypted");
    let audit = app.login("auditor").await.get_json("/api/v1/audit?entity=robot").await.to_string();
    assert!(!audit.contains("SECRETKEY123"));
    assert_invalid(service.post("/api/v1/robots", &json!({"name": "x", "kind": "qq", "url": url})).await, "kind").await;

    let no = dispatch_new_ticket(&app, &service, land).await;
    // The land bureau's inbox has it.
    let land_user = app.login("dept_land").await;
    let inbox = land_user.get_json("/api/v1/notifications?unread=true").await;
    assert!(inbox["items"].as_array().unwrap().iter().any(|n| n["title"].as_str().unwrap().contains(&no)));
    assert!(land_user.post("/api/v1/notifications/read-all", &json!({})).await.status().is_success());
    assert_eq!(land_user.get_json("/api/v1/notifications?unread=true").await["items"].as_array().unwrap().len(), 0);
    // The robot gets one markdown message with the key in its own URL.
    let got = delivered(&app, &rx, 1).await;
    assert_eq!(got.len(), 1);
    assert!(got[0].0.contains("key=SECRETKEY123"));
    assert_eq!(got[0].1["msgtype"], "markdown");
    assert!(got[0].1["markdown"]["content"].as_str().unwrap().contains(&no));
    let log = service.get_json("/api/v1/outbox").await;
    assert!(log["items"][0]["sent_at"].is_string());
    // Only the dispatcher manages robots.
    assert_eq!(land_user.get("/api/v1/robots").await.status(), StatusCode::FORBIDDEN);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_failed_delivery_is_retried_and_dingtalk_messages_are_signed(#[case] backend: Backend) {
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let Some(app) = spawn_intranet(backend).await else { return };
    let (base, rx) = start_receiver().await;
    *rx.fail.lock().unwrap() = true;
    let service = app.login("service").await;
    let land = dept_id(&service, "land").await;
    let secret = "SEC0123456789abcdef";
    let url = format!("{base}/robot/send?access_token=TOKEN42");
    let res = service
        .post(
            "/api/v1/robots",
            &json!({"name": "钉钉群", "kind": "dingtalk", "department_id": land, "url": url, "secret": secret}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let no = dispatch_new_ticket(&app, &service, land).await;
    zoneops_app::notify::deliver_due(&app.state.ctx).await.unwrap();
    // Not lost: still queued with the failure logged, without the robot's address.
    let pending = service.get_json("/api/v1/outbox?pending=true").await;
    let row = pending["items"][0].clone();
    assert!(row["attempts"].as_i64().unwrap() >= 1, "{row}");
    let err = row["last_error"].as_str().unwrap();
    assert!(err.contains("500") && !err.contains("TOKEN42"), "{err}");
    // The robot is back; the retry time comes (moved forward here) and the message goes out.
    *rx.fail.lock().unwrap() = false;
    let q = Query::update()
        .table("outbox")
        .value("next_at", chrono::Utc::now() - chrono::Duration::seconds(1))
        .and_where(Expr::col("sent_at").is_null())
        .take();
    app.db.conn().execute(&q).await.unwrap();
    let got = delivered(&app, &rx, 1).await;
    assert_eq!(got.len(), 1);
    let (uri, body) = &got[0];
    assert_eq!(body["msgtype"], "markdown");
    assert!(body["markdown"]["text"].as_str().unwrap().contains(&no));
    // timestamp & sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))).
    let query: Vec<(String, String)> = serde_urlencoded::from_str(uri.split_once('?').unwrap().1).unwrap();
    let get = |k: &str| query.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(get("access_token"), "TOKEN42");
    let ts = get("timestamp");
    let key = openssl::pkey::PKey::hmac(secret.as_bytes()).unwrap();
    let mut signer = openssl::sign::Signer::new(openssl::hash::MessageDigest::sha256(), &key).unwrap();
    signer.update(format!("{ts}\n{secret}").as_bytes()).unwrap();
    assert_eq!(get("sign"), openssl::base64::encode_block(&signer.sign_to_vec().unwrap()));
    assert_eq!(service.get_json("/api/v1/outbox?pending=true").await["items"].as_array().unwrap().len(), 0);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn a_robot_gets_at_most_twenty_messages_a_minute_and_the_rest_as_one_digest(#[case] backend: Backend) {
    let Some(app) = spawn_intranet(backend).await else { return };
    let (base, rx) = start_receiver().await;
    let service = app.login("service").await;
    let res = service
        .post("/api/v1/robots", &json!({"name": "全区群", "kind": "wecom", "url": format!("{base}/hook?key=k")}))
        .await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    for _ in 0..25 {
        assert_eq!(service.post(&format!("/api/v1/robots/{id}/test"), &json!({})).await.status(), StatusCode::ACCEPTED);
    }
    let got = delivered(&app, &rx, 20).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got_after = rx.got.lock().unwrap().len();
    assert_eq!(got.len(), 20, "20 requests in the minute");
    assert_eq!(got_after, 20, "no 21st request within the minute");
    // Every message arrived once: alone, or inside the merged digest ("合并推送 N 条消息").
    let carried: usize = got
        .iter()
        .map(|(_, b)| {
            let text = b["markdown"]["content"].as_str().unwrap();
            match text.split("合并推送 ").nth(1).and_then(|r| r.split(' ').next()) {
                Some(n) => n.parse::<usize>().unwrap(),
                None => 1,
            }
        })
        .sum();
    assert_eq!(carried, 25);
    assert!(got.iter().any(|(_, b)| b["markdown"]["content"].as_str().unwrap().contains("合并推送")), "a digest");
    assert_eq!(
        service.get_json("/api/v1/outbox?pending=true").await["items"].as_array().unwrap().len(),
        0,
        "all 25 went out"
    );
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_daily_digest_gives_each_robot_its_open_and_overdue_counts_once_a_day(#[case] backend: Backend) {
    let Some(app) = spawn_intranet(backend).await else { return };
    let (base, rx) = start_receiver().await;
    let service = app.login("service").await;
    let land = dept_id(&service, "land").await;
    let res = service
        .post(
            "/api/v1/robots",
            &json!({"name": "自规局群", "kind": "wecom", "department_id": land,
            "url": format!("{base}/hook?key=land")}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let total = |q: String| {
        let s = &service;
        async move { s.get_json(&q).await["total"].as_u64().unwrap() }
    };
    let open = total(format!("/api/v1/tickets?department={land}&open=true")).await;
    let overdue = total(format!("/api/v1/tickets?department={land}&overdue=true")).await;
    assert!(open > 0, "the demo has open tickets at the land bureau");
    let today = crate::support::zone_today();
    let early = today.and_hms_opt(8, 0, 0).unwrap();
    assert_eq!(zoneops_app::notify::daily_digest_at(&app.state.ctx, early).await.unwrap(), 0, "not before 08:30");
    let nine = today.and_hms_opt(9, 0, 0).unwrap();
    assert_eq!(zoneops_app::notify::daily_digest_at(&app.state.ctx, nine).await.unwrap(), 1);
    assert_eq!(zoneops_app::notify::daily_digest_at(&app.state.ctx, nine).await.unwrap(), 0, "once a day");
    let got = delivered(&app, &rx, 1).await;
    let text = got[0].1.to_string();
    assert!(text.contains(&format!("在办诉求 {open} 件，其中超期 {overdue} 件")), "{text}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn robot_urls_to_internal_addresses_are_refused_at_save_and_at_delivery(#[case] backend: Backend) {
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    // No intranet host is listed here.
    let Some(app) = spawn_app(backend).await else { return };
    let (base, rx) = start_receiver().await;
    let port = base.rsplit(':').next().unwrap().to_owned();
    let service = app.login("service").await;
    let land = dept_id(&service, "land").await;
    for url in [
        format!("{base}/hook?key=k"),
        format!("http://localhost:{port}/hook"),
        format!("http://2130706433:{port}/hook"),
        format!("http://0x7f.1:{port}/hook"),
        format!("http://[::ffff:127.0.0.1]:{port}/hook"),
        "http://169.254.169.254/latest/meta-data".to_owned(),
        "http://10.1.2.3/hook".to_owned(),
        "http://[fd00::1]/hook".to_owned(),
    ] {
        let res = service.post("/api/v1/robots", &json!({"name": "内网群", "kind": "wecom", "url": url})).await;
        let e = assert_invalid(res, "url").await;
        assert_eq!(e["code"], "URL_INTERNAL_ADDRESS", "{url}: {e}");
    }
    let e = assert_invalid(
        service.post("/api/v1/robots", &json!({"name": "x", "kind": "wecom", "url": "ftp://example.com/x"})).await,
        "url",
    )
    .await;
    assert_eq!(e["code"], "URL_INVALID");
    assert_eq!(service.get_json("/api/v1/robots").await["total"], 0, "nothing saved");

    // A name that passed at save and now resolves to loopback (DNS rebinding) is refused when
    // the message goes out; the receiver on 127.0.0.1 hears nothing.
    let res = service
        .post(
            "/api/v1/robots",
            &json!({"name": "规划局工作群", "kind": "wecom", "department_id": land,
                "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY9"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let rebound = app.state.ctx.secrets.seal(&format!("http://localhost:{port}/hook?key=SECRETKEY9")).unwrap();
    let q = Query::update().table("robot").value("url_enc", rebound).and_where(Expr::col("id").gt(0)).take();
    app.db.conn().execute(&q).await.unwrap();
    dispatch_new_ticket(&app, &service, land).await;
    zoneops_app::notify::deliver_due(&app.state.ctx).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(rx.got.lock().unwrap().is_empty(), "no request reached the loopback receiver");
    let row = service.get_json("/api/v1/outbox?pending=true").await["items"][0].clone();
    let err = row["last_error"].as_str().unwrap();
    assert!(err.contains("loopback") && err.contains("webhook_allowed_hosts") && !err.contains("SECRETKEY9"), "{err}");

    // Listed, the same intranet address is allowed: saved, and delivered.
    let mut config = test_config();
    config.settings.webhook_allowed_hosts = vec!["127.0.0.1".into()];
    let Some(intranet) = spawn_app_with(backend, config).await else { return };
    let service = intranet.login("service").await;
    let res = service
        .post("/api/v1/robots", &json!({"name": "政务内网群", "kind": "wecom", "url": format!("{base}/hook?key=in")}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(service.post(&format!("/api/v1/robots/{id}/test"), &json!({})).await.status(), StatusCode::ACCEPTED);
    let got = delivered(&intranet, &rx, 1).await;
    assert_eq!(got.len(), 1);
    assert!(got[0].0.contains("key=in"));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn a_robot_that_redirects_is_not_followed(#[case] backend: Backend) {
    let Some(app) = spawn_intranet(backend).await else { return };
    // A robot address on the allowed host that answers with a redirect to another place.
    let (target, rx) = start_receiver().await;
    let hop = axum::Router::new().fallback(move || {
        let to = format!("{target}/followed");
        async move { (AxStatus::FOUND, [(axum::http::header::LOCATION, to)]) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hop_addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, hop).await.unwrap() });
    let service = app.login("service").await;
    let res = service
        .post("/api/v1/robots", &json!({"name": "跳转群", "kind": "wecom", "url": format!("http://{hop_addr}/hook")}))
        .await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    service.post(&format!("/api/v1/robots/{id}/test"), &json!({})).await;
    zoneops_app::notify::deliver_due(&app.state.ctx).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(rx.got.lock().unwrap().is_empty(), "the redirect was not followed");
    let row = service.get_json("/api/v1/outbox?pending=true").await["items"][0].clone();
    assert!(row["last_error"].as_str().unwrap().contains("302"), "{row}");
}
