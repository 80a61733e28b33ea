//! `serve --demo`'s group robot posts to a receiver inside the same server (机器人消息（演示）):
//! that one URL is allowed, every other address on this machine stays refused, and a server not
//! started with `--demo` refuses 127.0.0.1 as before (decision 0019).

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};
use zoneops_app::Ctx;
use zoneops_db::Db;

use crate::support::{Backend, Session, assert_invalid, spawn_app};

fn robot_body(url: &str) -> Value {
    json!({"name": "本机测试机器人", "kind": "wecom", "department_id": null, "park_id": null, "url": url, "secret": null, "enabled": true})
}

async fn robot_id(s: &Session, name: &str) -> i64 {
    let robots = s.get_json("/api/v1/robots").await;
    robots["items"].as_array().unwrap().iter().find(|r| r["name"] == name).expect("robot")["id"].as_i64().unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_demo_robot_posts_to_the_servers_own_receiver_and_nowhere_else_local(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    // What `serve --demo` does once it listens.
    let url = format!("{}/api/v1/demo/robot-inbox/t0ken42", app.base);
    app.state.ctx.settings.demo_robot_receiver.set(url.clone()).unwrap();
    zoneops_app::demo::ensure_demo_robot(&app.state.ctx, &url).await.unwrap();
    let service = app.login("service").await;
    let inbox = service.get_json("/api/v1/demo/robot-inbox").await;
    assert_eq!((inbox["enabled"].as_bool(), inbox["items"].as_array().map(Vec::len)), (Some(true), Some(0)));

    // The demo robot's test message goes out and arrives in the receiver.
    let id = robot_id(&service, zoneops_app::demo::DEMO_ROBOT_NAME).await;
    let res = service.post(&format!("/api/v1/robots/{id}/test"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let (sent, failed) = zoneops_app::notify::deliver_due(&app.state.ctx).await.unwrap();
    assert_eq!((sent, failed), (1, 0));
    let inbox = service.get_json("/api/v1/demo/robot-inbox").await;
    let items = inbox["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{inbox}");
    assert_eq!(items[0]["title"], "ZoneOps 测试消息");
    assert!(items[0]["content"].as_str().unwrap().contains("机器人配置成功"));
    // Others on this machine stay refused, even on the demo server: another path of this
    // server, another port, another loopback spelling of a wrong token.
    let port = app.base.rsplit(':').next().unwrap();
    for other in [
        format!("{}/api/v1/auth/login", app.base),
        format!("{}/api/v1/demo/robot-inbox/other", app.base),
        "http://127.0.0.1:5432/api/v1/demo/robot-inbox/t0ken42".to_string(),
        format!("http://2130706433:{port}/api/v1/demo/robot-inbox/t0ken4"),
    ] {
        let e = assert_invalid(service.post("/api/v1/robots", &robot_body(&other)).await, "url").await;
        assert_eq!(e["code"], "URL_INTERNAL_ADDRESS", "{other}");
    }
    // A post with another token is not received; readers without robot rights get nothing.
    let anon = app.anonymous();
    let res = anon.post("/api/v1/demo/robot-inbox/wrong", &json!({"msgtype": "text", "text": {"content": "x"}})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.login("leader").await.get("/api/v1/demo/robot-inbox").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(service.get_json("/api/v1/demo/robot-inbox").await["items"].as_array().unwrap().len(), 1);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_server_not_in_demo_mode_still_refuses_this_machine(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    // The same database behind a server started without --demo.
    let mut config = (*app.state.config).clone();
    config.listen = "127.0.0.1:0".into();
    config.settings.demo_robot_receiver = Default::default();
    let db = match &config.database_url {
        Some(url) => Db::connect(url, 8).await.unwrap(),
        None => Db::open_data_dir(&config.data_dir, 8).await.unwrap(),
    };
    let ctx = Ctx::new(db, config.settings.clone(), false);
    let running = zoneops_server::start(config, ctx).await.unwrap();
    let base = format!("http://{}", running.addr);
    let service =
        Session { client: reqwest::Client::builder().cookie_store(true).build().unwrap(), base: base.clone() };
    let res =
        service.post("/api/v1/auth/login", &json!({"username": "service", "password": crate::support::PASSWORD})).await;
    assert_eq!(res.status(), StatusCode::OK);
    for url in [format!("{base}/api/v1/demo/robot-inbox/t0ken42"), "http://127.0.0.1/hook".to_owned()] {
        let e = assert_invalid(service.post("/api/v1/robots", &robot_body(&url)).await, "url").await;
        assert_eq!(e["code"], "URL_INTERNAL_ADDRESS", "{url}");
    }
    // No receiver and no page.
    assert_eq!(service.get("/api/v1/demo/robot-inbox").await.status(), StatusCode::NOT_FOUND);
    let res =
        service.post("/api/v1/demo/robot-inbox/t0ken42", &json!({"msgtype": "text", "text": {"content": "x"}})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
