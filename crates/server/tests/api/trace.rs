//! Failures that can be traced: every answer names its request, a 5xx carries the id in its body
//! too, and the one log line about the failure carries the request's span (id, method, route,
//! user) and the cause the caller never sees. Error messages follow `Accept-Language`.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, has_cjk, spawn_app};

/// Error and warning lines logged by every server in this test binary.
fn captured() -> &'static Arc<Mutex<Vec<String>>> {
    static LINES: OnceLock<Arc<Mutex<Vec<String>>>> = OnceLock::new();
    LINES.get_or_init(|| {
        let lines: Arc<Mutex<Vec<String>>> = Default::default();
        let sink = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("info,sqlx=warn")
            .with_ansi(false)
            .with_writer(move || Capture(sink.clone()))
            .finish();
        // Another test may have set one first: then this one's lines are not seen, and says so.
        tracing::subscriber::set_global_default(subscriber).expect("the test log is the only subscriber");
        lines
    })
}

/// Keeps the lines of errors and warnings (each event is written in one call).
struct Capture(Arc<Mutex<Vec<String>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let line = String::from_utf8_lossy(buf);
        if line.contains("ERROR") || line.contains("WARN") {
            self.0.lock().unwrap().push(line.trim_end().to_owned());
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lines_with(needle: &str) -> Vec<String> {
    captured().lock().unwrap().iter().filter(|l| l.contains(needle)).cloned().collect()
}

/// The meetings table moved away under the running server: its list can only fail inside.
async fn break_meetings(app: &TestApp) {
    app.db.conn().execute_unprepared("ALTER TABLE meeting RENAME TO meeting_moved_away").await.expect("rename");
}

async fn get_with(s: &Session, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = s.client.get(s.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("GET")
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_server_error_names_its_request_and_is_logged_once_with_its_cause(#[case] backend: Backend) {
    captured();
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let me = leader.get_json("/api/v1/me").await;
    let user = me["id"].as_i64().unwrap();
    // Every answer, a success too, names its request.
    let ok = leader.get("/api/v1/meetings").await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.headers().get("x-request-id").is_some_and(|v| !v.is_empty()));
    break_meetings(&app).await;

    let id = format!("trace-{}-{user}", backend as u8);
    let res = get_with(&leader, "/api/v1/meetings", &[("x-request-id", &id)]).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.headers()["x-request-id"], id.as_str(), "the client's own id comes back");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "INTERNAL");
    assert_eq!(body["error"]["request_id"], id.as_str(), "{body}");
    assert!(body["error"].get("params").is_some() && body["error"].get("field").is_some(), "{body}");
    assert!(
        !body.to_string().contains("meeting_moved") && !body.to_string().contains("meeting"),
        "no cause shown: {body}"
    );

    let lines = lines_with(&format!("id={id}"));
    assert_eq!(lines.len(), 1, "one line about the failure: {lines:#?}");
    let line = &lines[0];
    for part in ["ERROR", "method=GET", "route=/api/v1/meetings", &format!("user={user}"), "request failed"] {
        assert!(line.contains(part), "{part:?} missing in {line}");
    }
    // The cause, from the database driver, is in the line.
    assert!(line.contains("no such table: meeting") || line.contains("\"meeting\" does not exist"), "{line}");

    // Without an id of its own (or with one that is not sane) the client gets the server's.
    for sent in [None, Some("bad id with spaces"), Some(&*"x".repeat(65))] {
        let headers: Vec<(&str, &str)> = sent.map(|s| ("x-request-id", s)).into_iter().collect();
        let res = get_with(&leader, "/api/v1/meetings", &headers).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let header = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(Some(header.as_str()) != sent && !header.is_empty());
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["request_id"], header.as_str());
        assert_eq!(lines_with(&format!("id={header} ")).len(), 1, "{header}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn error_messages_follow_accept_language(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let anon = app.anonymous();
    let login = |lang: Option<&'static str>| {
        let mut req = anon.client.post(anon.url("/api/v1/auth/login")).json(&json!({"username": "", "password": "x"}));
        if let Some(l) = lang {
            req = req.header("accept-language", l);
        }
        req.send()
    };
    for (lang, english) in [
        (None, false),
        (Some("zh-CN,zh;q=0.9,en;q=0.8"), false),
        (Some("en-US,en;q=0.9"), true),
        (Some("en"), true),
        (Some("fr, en;q=0.3"), true),
        (Some("fr"), false),
    ] {
        let res = login(lang).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = res.json().await.unwrap();
        let e = &body["error"];
        // Code, field and params do not depend on the language.
        assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("AUTH_USERNAME_REQUIRED"), Some("username")));
        let message = e["message"].as_str().unwrap();
        if english {
            assert_eq!(message, "Please enter the username", "{lang:?}");
        } else {
            assert_eq!(message, "请输入用户名", "{lang:?}");
        }
    }

    // A field error with a value in it, from the body reader (before any use case runs).
    let leader = app.login("leader").await;
    let res = leader
        .client
        .post(leader.url("/api/v1/meetings"))
        .header("accept-language", "en")
        .json(&json!({"kind": "weekly", "colour": "red"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.headers()["content-language"], "en");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["message"], "Unknown field “colour”; please check the spelling", "{body}");

    // An answer written by a layer (the router's 405) is translated too.
    let res = leader.client.delete(leader.url("/api/v1/me")).header("accept-language", "en").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = res.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(!has_cjk(message), "{message}");

    // A 500 in English still carries its request id.
    break_meetings(&app).await;
    let res = get_with(&leader, "/api/v1/meetings", &[("accept-language", "en")]).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["request_id"], id.as_str());
    assert_eq!(body["error"]["message"], "Internal error; please try again later or contact the administrator");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn labels_follow_accept_language(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let labels = |v: &Value, key: &str| -> Vec<(String, String)> {
        v[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} missing in {v}"))
            .iter()
            .map(|l| (l["code"].as_str().unwrap().to_owned(), l["label"].as_str().unwrap().to_owned()))
            .collect()
    };
    for (path, keys) in [
        ("/api/v1/tickets/meta", &["states", "priorities", "channels"][..]),
        (
            "/api/v1/invest/meta",
            &["lead_stages", "lead_kinds", "lead_sources", "activity_kinds", "project_categories"][..],
        ),
        ("/api/v1/meetings/meta", &["kinds", "item_kinds"][..]),
    ] {
        let zh: Value = get_with(&leader, path, &[]).await.json().await.unwrap();
        let en: Value = get_with(&leader, path, &[("accept-language", "en-US,en;q=0.9")]).await.json().await.unwrap();
        for key in keys {
            let (zh, en) = (labels(&zh, key), labels(&en, key));
            // The same codes in the same order; only the words change.
            let codes = |l: &[(String, String)]| l.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
            assert_eq!(codes(&zh), codes(&en), "{path} {key}");
            assert!(zh.iter().all(|x| has_cjk(&x.1)), "{path} {key}: {zh:?}");
            assert!(en.iter().all(|x| !x.1.is_empty() && !has_cjk(&x.1)), "{path} {key}: {en:?}");
        }
    }
    // A ticket read in English names its state, priority, channel and actions in English.
    let page: Value =
        get_with(&leader, "/api/v1/tickets?page_size=5", &[("accept-language", "en")]).await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for t in items {
        for key in ["state_label", "priority_label", "channel_label"] {
            let label = t[key].as_str().unwrap();
            assert!(!label.is_empty() && !has_cjk(label), "{key}: {label}");
        }
        for a in t["actions"].as_array().unwrap() {
            assert!(!has_cjk(a["label"].as_str().unwrap()), "{a}");
        }
    }
}
