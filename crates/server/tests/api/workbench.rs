//! The caller's own workbench lists.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, spawn_app, zone_today};

/// 我的挂钩企业: the cadre's linked enterprises (and only theirs), never-visited first, a visit
/// this quarter moves the enterprise down and counts, open tickets counted per enterprise.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_cadre_sees_their_linked_enterprises_longest_unvisited_first(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let cadre = app.login("cadre").await;
    let linkages = cadre.get_json("/api/v1/linkages").await["items"].as_array().unwrap().clone();
    let mine = cadre.get_json("/api/v1/my/linked-enterprises").await;
    let items = mine["items"].as_array().unwrap().clone();
    let mut linked: Vec<i64> = linkages.iter().map(|l| l["enterprise_id"].as_i64().unwrap()).collect();
    let mut listed: Vec<i64> = items.iter().map(|r| r["enterprise_id"].as_i64().unwrap()).collect();
    linked.sort();
    listed.sort();
    assert_eq!(listed, linked, "exactly the cadre's linked enterprises");
    let order: Vec<Option<&str>> = items.iter().map(|r| r["last_visited_on"].as_str()).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "never visited first, then the longest ago");
    let unvisited = |v: &Value| v["items"].as_array().unwrap().iter().filter(|r| r["visits_since"] == 0).count() as i64;
    assert_eq!(mine["not_visited"].as_i64().unwrap(), unvisited(&mine));

    // A visit today: that enterprise is now the most recently visited, counted this quarter.
    let target = items[0]["enterprise_id"].as_i64().unwrap();
    let before = items[0]["visits_since"].as_i64().unwrap();
    let body = json!({"enterprise_id": target, "visited_on": zone_today().to_string(), "people_met": "总经理",
        "findings": "生产正常"});
    assert_eq!(cadre.post("/api/v1/visits", &body).await.status(), StatusCode::CREATED);
    let after = cadre.get_json("/api/v1/my/linked-enterprises").await;
    let row = after["items"].as_array().unwrap().iter().find(|r| r["enterprise_id"] == target).unwrap().clone();
    assert_eq!(row["last_visited_on"].as_str(), Some(zone_today().to_string().as_str()));
    assert_eq!(row["visits_since"].as_i64().unwrap(), before + 1);
    assert_eq!(after["items"].as_array().unwrap().last().unwrap()["enterprise_id"], target);

    // The open tickets of that enterprise: one filed by the cadre counts.
    let open_before = row["open_tickets"].as_i64().unwrap();
    let res = cadre
        .post(
            "/api/v1/tickets",
            &json!({"channel": "visit", "category": "staffing", "title": "缺技术工人",
            "detail": "新产线缺技术工人", "enterprise_id": target}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let again = cadre.get_json("/api/v1/my/linked-enterprises").await;
    let row = again["items"].as_array().unwrap().iter().find(|r| r["enterprise_id"] == target).unwrap().clone();
    assert_eq!(row["open_tickets"].as_i64().unwrap(), open_before + 1);

    // A leader has no linkages: an empty list, not someone else's.
    let leader = app.login("leader").await;
    let theirs = leader.get_json("/api/v1/my/linked-enterprises").await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
    assert_eq!(theirs["not_visited"], 0);
}

/// 修改密码 in 个人中心: the current password is checked (a wrong one counts toward the lockout),
/// the policy applies to the new one, the change ends the user's other sessions but not this one,
/// and the new password signs in while the old one does not.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_user_changes_their_own_password_and_their_other_sessions_end(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let here = app.login("investor").await;
    let elsewhere = app.login("investor").await;
    let old = zoneops_app::demo::DEMO_PASSWORD;
    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    let res = here.post("/api/v1/me/password", &change("not-the-password", "Better#Pass2026")).await;
    assert_eq!(crate::support::assert_invalid(res, "current_password").await["code"], "PASSWORD_CURRENT_WRONG");
    let res = here.post("/api/v1/me/password", &change(old, "short")).await;
    assert_eq!(crate::support::assert_invalid(res, "new_password").await["code"], "PASSWORD_POLICY");
    let res = here.post("/api/v1/me/password", &change(old, old)).await;
    assert_eq!(crate::support::assert_invalid(res, "new_password").await["code"], "PASSWORD_UNCHANGED");
    // nothing changed so far: the other session still works
    assert_eq!(elsewhere.get("/api/v1/me").await.status(), StatusCode::OK);

    let res = here.post("/api/v1/me/password", &change(old, "Better#Pass2026")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "{}", res.text().await.unwrap());
    assert_eq!(here.get("/api/v1/me").await.status(), StatusCode::OK, "this session stays");
    assert_eq!(elsewhere.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED, "the others end");
    let anon = app.anonymous();
    let res = anon.post("/api/v1/auth/login", &json!({"username": "investor", "password": old})).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = anon.post("/api/v1/auth/login", &json!({"username": "investor", "password": "Better#Pass2026"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    // the audit log tells who changed it
    let auditor = app.login("auditor").await;
    let log = auditor.get_json("/api/v1/audit?action=change_password").await;
    assert!(log["items"].as_array().unwrap().iter().any(|e| e["actor"] == "investor"), "{log}");
}

/// Guessing the current password from a stolen session locks the account like guessing at login.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn wrong_current_passwords_lock_the_account(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("cadre").await;
    let mut last = StatusCode::OK;
    for _ in 0..10 {
        last = s
            .post("/api/v1/me/password", &json!({"current_password": "guess", "new_password": "Better#Pass2026"}))
            .await
            .status();
        if last == StatusCode::LOCKED {
            break;
        }
    }
    assert_eq!(last, StatusCode::LOCKED);
    assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED, "the locked account's sessions end");
}
