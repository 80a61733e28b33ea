use reqwest::StatusCode;
use rstest::rstest;
use serde_json::json;

use crate::support::{Backend, PASSWORD, error_of, spawn_app};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn login_me_logout(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let me = s.get_json("/api/v1/me").await;
    assert_eq!(me["username"], "park_auto");
    assert_eq!(me["scope"]["kind"], "parks");
    assert!(me["permissions"].as_array().unwrap().iter().any(|p| p == "enterprise:write"));
    assert_eq!(s.post("/api/v1/auth/logout", &json!({})).await.status(), StatusCode::NO_CONTENT);
    let (status, code, _, _) = error_of(s.get("/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(code.starts_with("AUTH_"), "{code}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn five_failures_lock_the_account_even_for_the_right_password(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.anonymous();
    for i in 1..=4 {
        let (status, code, _, err) =
            error_of(s.post("/api/v1/auth/login", &json!({"username": "investor", "password": "wrong"})).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(code, "AUTH_INVALID_CREDENTIALS");
        assert_eq!(err["params"]["remaining"], 5 - i);
    }
    let (status, code, _, err) =
        error_of(s.post("/api/v1/auth/login", &json!({"username": "investor", "password": "wrong"})).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::LOCKED, "AUTH_LOCKED"));
    assert!(err["params"]["until"].is_string());
    let (status, _, _, _) =
        error_of(s.post("/api/v1/auth/login", &json!({"username": "investor", "password": PASSWORD})).await).await;
    assert_eq!(status, StatusCode::LOCKED, "a locked account refuses even the right password");
    // The lock is in the audit log, and the security administrator can clear it.
    let admin = app.login("secadmin").await;
    let audit = app.login("auditor").await.get_json("/api/v1/audit?action=lock").await;
    assert_eq!(audit["total"], 1);
    let users = admin.get_json("/api/v1/users?q=investor").await;
    let id = users["items"][0]["id"].as_i64().unwrap();
    assert!(users["items"][0]["locked_until"].is_string());
    assert_eq!(admin.post(&format!("/api/v1/users/{id}/unlock"), &json!({})).await.status(), StatusCode::NO_CONTENT);
    app.login("investor").await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn cross_site_writes_are_rejected(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let res = s
        .client
        .post(s.url("/api/v1/parks"))
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"code": "x", "name": "X园"}))
        .send()
        .await
        .unwrap();
    let (status, code, _, _) = error_of(res).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "CSRF_REJECTED"));
    // The same write from the console's own origin goes through.
    let res = s
        .client
        .post(s.url("/api/v1/parks"))
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({"code": "x", "name": "X园"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}
