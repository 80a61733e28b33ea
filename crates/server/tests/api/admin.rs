//! Administration: users with roles and scopes, password resets, disabling, role permissions,
//! and the audit log with its filters.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, assert_invalid, error_of, park_id, spawn_app, status_code_of};

const NEW_PASSWORD: &str = "Park#2024ok";

async fn login_as(app: &TestApp, username: &str, password: &str) -> (Session, StatusCode) {
    let s = app.anonymous();
    let res = s.post("/api/v1/auth/login", &json!({"username": username, "password": password})).await;
    let status = res.status();
    (s, status)
}

async fn create_pv_user(admin: &Session, pv: i64) -> i64 {
    let body = json!({"username": "pv_staff", "display_name": "光电园区专员", "password": NEW_PASSWORD,
        "roles": ["park"], "scope": {"kind": "parks", "parks": [pv]}});
    let res = admin.post("/api/v1/users", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["username"], "pv_staff");
    assert_eq!(u["roles"], json!(["park"]));
    assert_eq!(u["scope"], json!({"kind": "parks", "parks": [pv]}));
    assert_eq!(u["disabled"], false);
    u["id"].as_i64().unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_new_park_user_sees_only_that_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let pv = park_id(&admin, "pv").await;
    let id = create_pv_user(&admin, pv).await;
    let (s, status) = login_as(&app, "pv_staff", NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let me = s.get_json("/api/v1/me").await;
    assert_eq!(me["id"], id);
    assert_eq!(me["scope"], json!({"kind": "parks", "parks": [pv]}));
    let list = s.get_json("/api/v1/enterprises?page_size=500").await;
    let everyone_in_pv = admin.get_json(&format!("/api/v1/enterprises?park={pv}")).await;
    assert_eq!(list["total"], everyone_in_pv["total"]);
    assert!(list["items"].as_array().unwrap().iter().all(|e| e["park_id"] == pv));
    assert!(list["items"].as_array().unwrap().iter().any(|e| e["name"].as_str().unwrap().contains("晶澳")));
    let listed = admin.get_json("/api/v1/users").await;
    let user = listed["items"].as_array().unwrap().iter().find(|u| u["id"] == id).expect("listed").clone();
    assert_eq!(user["username"], "pv_staff");
    assert!(user["last_login_at"].is_string());
    let by_name = admin.get_json("/api/v1/users?q=%E5%85%89%E7%94%B5%E5%9B%AD%E5%8C%BA").await; // 光电园区
    assert!(by_name["items"].as_array().unwrap().iter().any(|u| u["id"] == id));
    let by_role = admin.get_json("/api/v1/users?role=park").await;
    let names: Vec<&str> =
        by_role["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // Usernames are unique.
    let again = json!({"username": "pv_staff", "password": NEW_PASSWORD, "roles": ["park"], "scope": {"kind": "zone"}});
    let (status, _, field, _) = error_of(admin.post("/api/v1/users", &again).await).await;
    assert_eq!((status, field.as_deref()), (StatusCode::CONFLICT, Some("username")));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn users_are_found_by_their_username(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let found = admin.get_json("/api/v1/users?q=park_auto").await;
    let names: Vec<&str> = found["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["park_auto"]);
}

/// An account as the administration API answers it: these keys and no other (never the
/// password hash, the failure count or the zone), the scope read.
fn assert_user_keys(u: &Value) {
    let keys: Vec<&str> = u.as_object().expect("object").keys().map(String::as_str).collect();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "disabled",
            "display_name",
            "id",
            "last_login_at",
            "locked_until",
            "roles",
            "scope",
            "second_factor",
            "username"
        ],
        "{u}"
    );
    assert!(u["scope"]["kind"].is_string(), "{u}");
    let text = u.to_string();
    for secret in ["password", "argon", "failed_logins", "zone_id"] {
        assert!(!text.contains(secret), "{secret} in {u}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_user_answer_carries_no_secret(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    for u in admin.get_json("/api/v1/users").await["items"].as_array().unwrap() {
        assert_user_keys(u);
    }
    let res = admin
        .post(
            "/api/v1/users",
            &json!({"username": "keys_check", "password": NEW_PASSWORD, "roles": ["park"], "scope": {"kind": "zone"}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_user_keys(&created);
    assert_eq!((created["disabled"].as_bool(), created["second_factor"].as_bool()), (Some(false), Some(false)));
    let id = created["id"].as_i64().unwrap();
    let res = admin.patch(&format!("/api/v1/users/{id}"), &json!({"display_name": "核对员"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let updated: Value = res.json().await.unwrap();
    assert_user_keys(&updated);
    assert_eq!(updated["display_name"], "核对员");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn user_input_is_validated(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let ok =
        json!({"username": "new_user", "password": NEW_PASSWORD, "roles": ["investor"], "scope": {"kind": "zone"}});
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b
    };
    for weak in ["short1A", "alllowercase1", "ALLUPPER99", ""] {
        assert_invalid(admin.post("/api/v1/users", &with("password", json!(weak))).await, "password").await;
    }
    assert_invalid(admin.post("/api/v1/users", &with("username", json!("a"))).await, "username").await;
    assert_invalid(admin.post("/api/v1/users", &with("username", json!("张三"))).await, "username").await;
    assert_invalid(admin.post("/api/v1/users", &with("roles", json!([]))).await, "roles").await;
    assert_invalid(admin.post("/api/v1/users", &with("roles", json!(["superuser"]))).await, "roles").await;
    assert_invalid(
        admin.post("/api/v1/users", &with("scope", json!({"kind": "parks", "parks": [999_999]}))).await,
        "scope",
    )
    .await;
    assert_invalid(admin.post("/api/v1/users", &with("scope", json!({"kind": "parks", "parks": []}))).await, "scope")
        .await;
    let users = admin.get_json("/api/v1/users").await;
    assert!(users["items"].as_array().unwrap().iter().all(|u| u["username"] != "new_user"), "nothing was stored");
    // Only user admins manage users.
    let leader = app.login("leader").await;
    let (status, code) = status_code_of(leader.post("/api/v1/users", &ok).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    assert_eq!(leader.get("/api/v1/users").await.status(), StatusCode::FORBIDDEN);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_password_reset_ends_the_users_sessions(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let pv = park_id(&admin, "pv").await;
    let id = create_pv_user(&admin, pv).await;
    let (s, _) = login_as(&app, "pv_staff", NEW_PASSWORD).await;
    assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::OK);
    assert_invalid(admin.post(&format!("/api/v1/users/{id}/password"), &json!({"password": "weak"})).await, "password")
        .await;
    assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::OK, "a refused reset changes nothing");
    let res = admin.post(&format!("/api/v1/users/{id}/password"), &json!({"password": "Fresh$Start9"})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, code) = status_code_of(s.get("/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(code.starts_with("AUTH_"), "{code}");
    assert_eq!(login_as(&app, "pv_staff", NEW_PASSWORD).await.1, StatusCode::UNAUTHORIZED);
    assert_eq!(login_as(&app, "pv_staff", "Fresh$Start9").await.1, StatusCode::OK);
    let audit = app
        .login("auditor")
        .await
        .get_json(&format!("/api/v1/audit?entity=user&entity_id={id}&action=reset_password"))
        .await;
    assert_eq!(audit["total"], 1);
    assert_eq!(
        admin.post("/api/v1/users/999999/password", &json!({"password": "Fresh$Start9"})).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_disabled_user_is_logged_out_and_cannot_log_in(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let pv = park_id(&admin, "pv").await;
    let id = create_pv_user(&admin, pv).await;
    let (s, _) = login_as(&app, "pv_staff", NEW_PASSWORD).await;
    assert_eq!(s.get("/api/v1/enterprises").await.status(), StatusCode::OK);
    let res = admin.patch(&format!("/api/v1/users/{id}"), &json!({"disabled": true})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["disabled"], true);
    assert_eq!(u["scope"], json!({"kind": "parks", "parks": [pv]}), "an update keeps what it does not name");
    let (status, _) = status_code_of(s.get("/api/v1/enterprises").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (s2, status) = login_as(&app, "pv_staff", NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(s2.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    // Enabled again, the same password works.
    assert_eq!(admin.patch(&format!("/api/v1/users/{id}"), &json!({"disabled": false})).await.status(), StatusCode::OK);
    assert_eq!(login_as(&app, "pv_staff", NEW_PASSWORD).await.1, StatusCode::OK);
    // An admin cannot lock themselves out.
    let me = admin.get_json("/api/v1/me").await;
    assert_invalid(admin.patch(&format!("/api/v1/users/{}", me["id"]), &json!({"disabled": true})).await, "disabled")
        .await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn role_permissions_take_effect_at_once(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let roles = admin.get_json("/api/v1/roles").await;
    let codes: Vec<&str> = roles["items"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["admin", "auditor", "cadre", "dept", "enterprise", "investor", "leader", "park", "security", "service"]
    );
    let investor = roles["items"].as_array().unwrap().iter().find(|r| r["code"] == "investor").unwrap().clone();
    let perms: Vec<Value> = investor["permissions"].as_array().unwrap().clone();
    assert!(perms.contains(&json!("enterprise:read")));

    let s = app.login("investor").await;
    assert_eq!(s.get("/api/v1/enterprises").await.status(), StatusCode::OK);
    let without: Vec<Value> = perms.iter().filter(|p| *p != "enterprise:read").cloned().collect();
    let res = admin.put("/api/v1/roles/investor", &json!({"name": investor["name"], "permissions": without})).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The investor's running session loses access straight away.
    let (status, code) = status_code_of(s.get("/api/v1/enterprises").await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    assert!(!s.get_json("/api/v1/me").await["permissions"].as_array().unwrap().contains(&json!("enterprise:read")));
    // Given back, plus a new one.
    let mut with: Vec<Value> = perms.clone();
    with.push(json!("goal:read"));
    let res = admin.put("/api/v1/roles/investor", &json!({"name": "招商人员", "permissions": with})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(s.get("/api/v1/enterprises").await.status(), StatusCode::OK);
    assert_eq!(s.get("/api/v1/goals").await.status(), StatusCode::OK);

    assert_invalid(
        admin.patch("/api/v1/roles/investor", &json!({"permissions": ["enterprise:read", "world:domination"]})).await,
        "permissions",
    )
    .await;
    assert_invalid(admin.patch("/api/v1/roles/admin", &json!({"permissions": ["user:admin"]})).await, "permissions")
        .await;
    assert_eq!(admin.patch("/api/v1/roles/nobody", &json!({"permissions": []})).await.status(), StatusCode::NOT_FOUND);
    let leader = app.login("leader").await;
    let (status, _) = status_code_of(leader.patch("/api/v1/roles/investor", &json!({"permissions": []})).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(s.get("/api/v1/enterprises").await.status(), StatusCode::OK, "the refused change did nothing");
    let perms = admin.get_json("/api/v1/permissions").await;
    assert!(perms["items"].as_array().unwrap().iter().any(|p| p["code"] == "audit:read"));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_audit_log_filters_and_is_for_auditors_only(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let park = app.login("park_auto").await;
    assert_eq!(park.post("/api/v1/auth/logout", &json!({})).await.status(), StatusCode::NO_CONTENT);
    let _ = login_as(&app, "park_auto", "wrong-password").await;
    let park = app.login("park_auto").await;
    let (status, code) = status_code_of(park.get("/api/v1/audit").await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    let auto = park_id(&park, "auto").await;
    let created = park.post("/api/v1/enterprises", &crate::support::enterprise_input(400, auto)).await;
    let ent = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let leader = app.login("leader").await;
    let all = |q: &str| {
        let leader = &leader;
        let path = format!("/api/v1/audit?{q}");
        async move { leader.get_json(&path).await }
    };
    let logins = all("actor=park_auto&action=login").await;
    assert_eq!(logins["total"], 2);
    for e in logins["items"].as_array().unwrap() {
        assert_eq!((e["actor"].as_str(), e["entity"].as_str()), (Some("park_auto"), Some("user")));
        assert!(e["at"].is_string() && e["request_id"].is_string());
    }
    assert_eq!(all("actor=park_auto&action=logout").await["total"], 1);
    assert_eq!(all("actor=park_auto&action=login_failed").await["total"], 1);
    let created = all("entity=enterprise&action=create").await;
    assert_eq!(created["total"], 1);
    assert_eq!(created["items"][0]["entity_id"], ent.to_string());
    assert_eq!(created["items"][0]["actor"], "park_auto");
    assert_eq!(all(&format!("entity=enterprise&entity_id={ent}")).await["total"], 1);
    assert_eq!(all("actor=nobody").await["total"], 0);
    // Dates are inclusive days (UTC).
    let today = chrono::Utc::now().date_naive();
    let yesterday = today.pred_opt().unwrap();
    let everything = all("").await["total"].as_u64().unwrap();
    assert!(everything >= 5);
    assert_eq!(all(&format!("from={today}&to={today}")).await["total"].as_u64().unwrap(), everything);
    assert_eq!(all(&format!("to={yesterday}")).await["total"], 0);
    assert_eq!(all(&format!("from={}", today.succ_opt().unwrap())).await["total"], 0);
    assert_invalid(leader.get("/api/v1/audit?from=yesterday").await, "from").await;
    // Newest first, paged.
    let page = all("page_size=2").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items[0]["id"].as_i64() > items[1]["id"].as_i64());
}
