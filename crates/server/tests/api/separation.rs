//! Separation of duties (三员分立) as shipped, and the session list with forced logout.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, PASSWORD, Session, TestApp, spawn_app, status_code_of};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn system_audit_and_security_administrators_hold_separate_keys(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let auditor = app.login("auditor").await;
    let sec = app.login("secadmin").await;
    // The system administrator cannot read the audit log; the auditor can; the security one not.
    assert_eq!(status_code_of(admin.get("/api/v1/audit").await).await, (StatusCode::FORBIDDEN, "FORBIDDEN".into()));
    assert_eq!(auditor.get("/api/v1/audit").await.status(), StatusCode::OK);
    assert_eq!(sec.get("/api/v1/audit").await.status(), StatusCode::FORBIDDEN);
    // The auditor changes nothing.
    let id = admin.get_json("/api/v1/users?q=investor").await["items"][0]["id"].as_i64().unwrap();
    for res in [
        auditor.post("/api/v1/parks", &json!({"code": "x", "name": "X园"})).await,
        auditor.post("/api/v1/users", &json!({"username": "x1", "display_name": "X", "password": "Abcd@2022x", "roles": ["admin"], "scope": {"kind": "zone"}})).await,
        auditor.post(&format!("/api/v1/users/{id}/unlock"), &json!({})).await,
        auditor.post(&format!("/api/v1/users/{id}/second-factor/reset"), &json!({})).await,
        auditor.delete(&format!("/api/v1/users/{id}/sessions")).await,
    ] {
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    // The security administrator sees the user list but edits no user; the system
    // administrator edits users but handles no lockout, second factor or session of others.
    assert_eq!(sec.get("/api/v1/users").await.status(), StatusCode::OK);
    let body = json!({"display_name": "改名", "roles": ["admin"], "scope": {"kind": "zone"}, "disabled": false});
    assert_eq!(sec.put(&format!("/api/v1/users/{id}"), &body).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(admin.post(&format!("/api/v1/users/{id}/unlock"), &json!({})).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(admin.get(&format!("/api/v1/users/{id}/sessions")).await.status(), StatusCode::FORBIDDEN);
    let me = admin.get_json("/api/v1/me").await;
    let perms: Vec<&str> = me["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(perms.contains(&"user:admin") && !perms.contains(&"audit:read") && !perms.contains(&"security:admin"));
    // The login page lists the two new demo accounts.
    let demo = app.anonymous().get_json("/api/v1/auth/demo-accounts").await;
    let names: Vec<&str> =
        demo["accounts"].as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert!(names.contains(&"auditor") && names.contains(&"secadmin"), "{names:?}");
}

async fn login_with_agent(app: &TestApp, username: &str, agent: &str) -> Session {
    let client = reqwest::Client::builder().cookie_store(true).user_agent(agent).build().unwrap();
    let s = Session { client, base: app.base.clone() };
    let res = s.post("/api/v1/auth/login", &json!({"username": username, "password": PASSWORD})).await;
    assert_eq!(res.status(), StatusCode::OK);
    s
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_user_sees_and_ends_their_sessions_and_the_security_administrator_anyones(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let laptop = login_with_agent(&app, "investor", "Laptop/1.0").await;
    let phone = login_with_agent(&app, "investor", "Phone/2.0").await;
    let list = laptop.get_json("/api/v1/me/sessions").await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let mine: Vec<&Value> = items.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["user_agent"], "Laptop/1.0");
    assert_eq!(mine[0]["ip"], "127.0.0.1");
    assert!(mine[0]["created_at"].is_string() && mine[0]["last_seen_at"].is_string());
    let other = items.iter().find(|s| s["current"] == false).unwrap();
    assert_eq!(other["user_agent"], "Phone/2.0");
    // Ending the phone's session signs the phone out, not the laptop.
    let sid = other["id"].as_str().unwrap();
    assert_eq!(laptop.delete(&format!("/api/v1/me/sessions/{sid}")).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(phone.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(laptop.get("/api/v1/me").await.status(), StatusCode::OK);
    assert_eq!(laptop.delete(&format!("/api/v1/me/sessions/{sid}")).await.status(), StatusCode::NOT_FOUND);
    // Another user's session id is not found through /me.
    let cadre = app.login("cadre").await;
    let cadre_sid = cadre.get_json("/api/v1/me/sessions").await["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(laptop.delete(&format!("/api/v1/me/sessions/{cadre_sid}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(cadre.get("/api/v1/me").await.status(), StatusCode::OK);

    // The security administrator lists the investor's sessions and signs them out everywhere.
    let sec = app.login("secadmin").await;
    let id = sec.get_json("/api/v1/users?q=investor").await["items"][0]["id"].as_i64().unwrap();
    let theirs = sec.get_json(&format!("/api/v1/users/{id}/sessions")).await;
    assert_eq!(theirs["total"], 1);
    assert_eq!(theirs["items"][0]["current"], false);
    assert_eq!(sec.delete(&format!("/api/v1/users/{id}/sessions")).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(laptop.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sec.get_json(&format!("/api/v1/users/{id}/sessions")).await["total"], 0);
    // One session of another user, by id.
    let cadre_id = sec.get_json("/api/v1/users?q=cadre").await["items"][0]["id"].as_i64().unwrap();
    let res = sec.delete(&format!("/api/v1/users/{cadre_id}/sessions/{cadre_sid}")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(cadre.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    // Others may not look.
    let park = app.login("park_auto").await;
    assert_eq!(park.get(&format!("/api/v1/users/{id}/sessions")).await.status(), StatusCode::FORBIDDEN);
    let audit = app.login("auditor").await.get_json("/api/v1/audit?action=logout_everywhere").await;
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["items"][0]["actor"], "secadmin");
}
