//! Data scope, role by role: every read and write is filtered on the server, and a record outside
//! the caller's scope is indistinguishable from one that does not exist.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{
    Backend, Session, enterprise_input, enterprise_named, error_of, list_all, park_id, spawn_app, status_code_of,
};

/// An id no enterprise has: one past the largest the zone-wide reader sees.
async fn missing_id(leader: &Session) -> i64 {
    let v = leader.get_json("/api/v1/enterprises?sort=id&order=desc&page_size=1").await;
    v["items"][0]["id"].as_i64().unwrap() + 100_000
}

async fn body_of(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    (status, res.json().await.expect("json body"))
}

fn ids(items: &[Value]) -> BTreeSet<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn park_user_lists_only_its_own_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let (auto, pv) = (park_id(&leader, "auto").await, park_id(&leader, "pv").await);
    let s = app.login("park_auto").await;
    let mine = list_all(&s, "/api/v1/enterprises").await;
    assert!(!mine.is_empty());
    for e in &mine {
        assert_eq!(e["park_id"], auto, "{} is outside the auto park", e["name"]);
    }
    // Exactly the auto park's enterprises as the zone-wide reader sees them, and none of pv's.
    let auto_for_leader = list_all(&leader, &format!("/api/v1/enterprises?park={auto}")).await;
    assert_eq!(ids(&mine), ids(&auto_for_leader));
    let pv_for_leader = list_all(&leader, &format!("/api/v1/enterprises?park={pv}")).await;
    assert!(!pv_for_leader.is_empty());
    assert!(ids(&mine).is_disjoint(&ids(&pv_for_leader)));
    // Asking for the other park by filter, or by name, yields nothing.
    assert_eq!(s.get_json(&format!("/api/v1/enterprises?park={pv}")).await["total"], 0);
    assert_eq!(s.get_json("/api/v1/enterprises?q=晶澳").await["total"], 0);
    // Tier events are scoped too.
    let park_name = mine[0]["park_name"].as_str().unwrap().to_owned();
    let events = s.get_json("/api/v1/tier-events?year=2021").await;
    for e in events["items"].as_array().unwrap() {
        assert_eq!(e["park_name"], park_name.as_str(), "{e}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn another_parks_enterprise_looks_like_it_does_not_exist(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let pv = park_id(&leader, "pv").await;
    let ja = enterprise_named(&leader, "晶澳").await;
    let ja_id = ja["id"].as_i64().unwrap();
    let missing = missing_id(&leader).await;
    let s = app.login("park_auto").await;

    let (status, hidden) = body_of(s.get(&format!("/api/v1/enterprises/{ja_id}")).await).await;
    let (status_missing, absent) = body_of(s.get(&format!("/api/v1/enterprises/{missing}")).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(status_missing, StatusCode::NOT_FOUND);
    assert_eq!(hidden, absent, "an out-of-scope record answers exactly like a missing one");

    for path in ["", "/indicators", "/indicators?metric=sales", "/tiers", "/audit", "/indicator-grid?month=2021-06"] {
        let (a, body_a) = body_of(s.get(&format!("/api/v1/enterprises/{ja_id}{path}")).await).await;
        let (b, body_b) = body_of(s.get(&format!("/api/v1/enterprises/{missing}{path}")).await).await;
        assert_eq!((a, b), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND), "GET {path}");
        assert_eq!(body_a, body_b, "GET {path}");
    }
    // Writes: the update (even one keeping the record in its own park) and indicator upserts.
    let mut input = enterprise_input(1, pv);
    input["credit_code"] = ja["credit_code"].clone();
    let (status, _) = status_code_of(s.put(&format!("/api/v1/enterprises/{ja_id}"), &input).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let items = json!({"items": [{"metric": "sales", "period": 202101, "value": 1.0}]});
    let (a, body_a) = body_of(s.put(&format!("/api/v1/enterprises/{ja_id}/indicators"), &items).await).await;
    let (b, body_b) = body_of(s.put(&format!("/api/v1/enterprises/{missing}/indicators"), &items).await).await;
    assert_eq!((a, b), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(body_a, body_b);
    let grid = json!({"month": "2021-01", "items": [{"metric": "sales", "value": 1.0}]});
    let (a, body_a) = body_of(s.put(&format!("/api/v1/enterprises/{ja_id}/indicator-grid"), &grid).await).await;
    let (b, body_b) = body_of(s.put(&format!("/api/v1/enterprises/{missing}/indicator-grid"), &grid).await).await;
    assert_eq!((a, b), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND), "PUT /indicator-grid");
    assert_eq!(body_a, body_b);
    // Nothing changed for the zone.
    let after = leader.get_json(&format!("/api/v1/enterprises/{ja_id}?year=2021")).await;
    assert_eq!(after["name"], ja["name"]);
    assert_eq!(after["updated_at"], ja["updated_at"]);
    let jan =
        leader.get_json(&format!("/api/v1/enterprises/{ja_id}/indicators?metric=sales&from=202101&to=202101")).await;
    assert_ne!(jan["items"][0]["value"], 1.0);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn delete_is_scoped_as_well_as_permission_checked(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let ja_id = enterprise_named(&leader, "晶澳").await["id"].as_i64().unwrap();
    let missing = missing_id(&leader).await;
    let s = app.login("park_auto").await;
    let own = s.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    // Without enterprise:delete every id answers the same 403: nothing is learnt about existence.
    for id in [ja_id, missing, own] {
        let (status, code) = status_code_of(s.delete(&format!("/api/v1/enterprises/{id}")).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"), "DELETE {id}");
    }
    // Give the park role the permission: the other park's record is still "not found".
    let admin = app.login("admin").await;
    let roles = admin.get_json("/api/v1/roles").await;
    let park = roles["items"].as_array().unwrap().iter().find(|r| r["code"] == "park").unwrap().clone();
    let mut perms: Vec<Value> = park["permissions"].as_array().unwrap().clone();
    perms.push(json!("enterprise:delete"));
    let res = admin.put("/api/v1/roles/park", &json!({"name": park["name"], "permissions": perms})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (a, body_a) = body_of(s.delete(&format!("/api/v1/enterprises/{ja_id}")).await).await;
    let (b, body_b) = body_of(s.delete(&format!("/api/v1/enterprises/{missing}")).await).await;
    assert_eq!((a, b), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(body_a, body_b);
    assert_eq!(leader.get(&format!("/api/v1/enterprises/{ja_id}")).await.status(), StatusCode::OK);
    assert_eq!(s.delete(&format!("/api/v1/enterprises/{own}")).await.status(), StatusCode::NO_CONTENT);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn enterprise_account_sees_only_its_enterprise(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let ja = enterprise_named(&leader, "晶澳").await;
    let other = enterprise_named(&leader, "亚普").await["id"].as_i64().unwrap();
    let s = app.login("ent_ja").await;
    let me = s.get_json("/api/v1/me").await;
    assert_eq!(me["scope"], json!({"kind": "enterprise", "enterprise": ja["id"]}));
    let list = s.get_json("/api/v1/enterprises?page_size=500").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["id"], ja["id"]);
    assert!(list["items"][0]["name"].as_str().unwrap().contains("晶澳"));
    assert_eq!(s.get(&format!("/api/v1/enterprises/{}", ja["id"])).await.status(), StatusCode::OK);
    for path in ["", "/indicators", "/tiers", "/audit"] {
        let res = s.get(&format!("/api/v1/enterprises/{other}{path}")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // The leader's cockpit is not for an enterprise account.
    let (status, code) = status_code_of(s.get("/api/v1/cockpit?year=2021").await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_department_sees_the_enterprises_of_the_tickets_routed_to_it(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("dept_land").await;
    let land = s.get_json("/api/v1/me").await["scope"]["department"].as_i64().unwrap();
    let tickets = list_all(&s, "/api/v1/tickets").await;
    assert!(!tickets.is_empty(), "the demo routes tickets to the land bureau");
    let expected: BTreeSet<i64> =
        tickets.iter().filter(|t| t["department_id"] == land).filter_map(|t| t["enterprise_id"].as_i64()).collect();
    let list = list_all(&s, "/api/v1/enterprises").await;
    assert_eq!(ids(&list), expected, "exactly the enterprises of its tickets");
    // Nothing else: an enterprise none of its tickets names is 404.
    let leader = app.login("leader").await;
    let other = list_all(&leader, "/api/v1/enterprises")
        .await
        .into_iter()
        .find(|e| !expected.contains(&e["id"].as_i64().unwrap()))
        .unwrap();
    assert_eq!(s.get(&format!("/api/v1/enterprises/{}", other["id"])).await.status(), StatusCode::NOT_FOUND);
    // Its cockpit counts those enterprises only.
    let c = s.get_json("/api/v1/cockpit?year=2021").await;
    let total = c["figures"].as_array().unwrap().iter().find(|f| f["key"] == "enterprises.total").unwrap()["value"]
        .as_f64()
        .unwrap();
    assert_eq!(total as usize, expected.len());
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn cadre_sees_exactly_its_linked_enterprises(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let mut expected = BTreeSet::new();
    for name in ["潍柴", "亚普", "海信", "中集", "李尔"] {
        expected.insert(enterprise_named(&leader, name).await["id"].as_i64().unwrap());
    }
    let s = app.login("cadre").await;
    let list = list_all(&s, "/api/v1/enterprises").await;
    assert_eq!(ids(&list), expected);
    assert_eq!(s.get_json("/api/v1/enterprises").await["total"], 5);
    let ja_id = enterprise_named(&leader, "晶澳").await["id"].as_i64().unwrap();
    assert_eq!(s.get(&format!("/api/v1/enterprises/{ja_id}")).await.status(), StatusCode::NOT_FOUND);
    let first = *expected.iter().next().unwrap();
    assert_eq!(s.get(&format!("/api/v1/enterprises/{first}/tiers")).await.status(), StatusCode::OK);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn investor_reads_its_own_and_cannot_write_enterprises(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let auto = park_id(&leader, "auto").await;
    let all = leader.get_json("/api/v1/enterprises").await["total"].clone();
    let s = app.login("investor").await;
    // Promotion staff have an own scope: the enterprises they registered or are linked to.
    assert!(s.get_json("/api/v1/enterprises").await["total"].as_u64() < all.as_u64());
    let target = enterprise_named(&leader, "亚普").await;
    let id = target["id"].as_i64().unwrap();
    assert_eq!(s.get(&format!("/api/v1/enterprises/{id}")).await.status(), StatusCode::NOT_FOUND);
    let mut input = enterprise_input(2, auto);
    let forbidden = |r: (StatusCode, String)| assert_eq!((r.0, r.1.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    forbidden(status_code_of(s.post("/api/v1/enterprises", &input).await).await);
    input["credit_code"] = target["credit_code"].clone();
    forbidden(status_code_of(s.put(&format!("/api/v1/enterprises/{id}"), &input).await).await);
    forbidden(status_code_of(s.delete(&format!("/api/v1/enterprises/{id}")).await).await);
    let items = json!({"items": [{"metric": "sales", "period": 202101, "value": 1.0}]});
    forbidden(status_code_of(s.put(&format!("/api/v1/enterprises/{id}/indicators"), &items).await).await);
    // Nothing was created.
    assert_eq!(leader.get_json("/api/v1/enterprises").await["total"], all);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn leader_reads_everything_but_cannot_delete_or_edit(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let admin = app.login("admin").await;
    assert_eq!(
        leader.get_json("/api/v1/enterprises").await["total"],
        admin.get_json("/api/v1/enterprises").await["total"]
    );
    let id = enterprise_named(&leader, "亚普").await["id"].as_i64().unwrap();
    let (status, code, _, _) = error_of(leader.delete(&format!("/api/v1/enterprises/{id}")).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    assert_eq!(leader.get(&format!("/api/v1/enterprises/{id}")).await.status(), StatusCode::OK);
    let auto = park_id(&leader, "auto").await;
    let (status, _) = status_code_of(leader.post("/api/v1/enterprises", &enterprise_input(3, auto)).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Each list's total is what the caller can page through: the same on every page, the last
/// page partial, a page past the end empty with the same total, no record twice. (The total
/// rides on the page's rows; past the end it is counted on its own.)
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_list_total_matches_what_pages_hold(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for user in ["leader", "park_auto"] {
        let s = app.login(user).await;
        for path in [
            "/api/v1/enterprises?year=2021",
            "/api/v1/projects?",
            "/api/v1/leads?",
            "/api/v1/activities?",
            "/api/v1/tickets?",
        ] {
            let total = s.get_json(&format!("{path}&page_size=1")).await["total"].as_u64().unwrap();
            assert!(total >= 2, "{user} {path}: the demo zone holds records ({total})");
            // About three pages (at most 500 a page), the last one short, then one past the end.
            let size = (total / 3 + 1).min(500);
            let mut seen = BTreeSet::new();
            for page in 1..=total.div_ceil(size) + 1 {
                let v = s.get_json(&format!("{path}&page={page}&page_size={size}")).await;
                assert_eq!(v["total"].as_u64(), Some(total), "{user} {path} page {page}");
                let items = v["items"].as_array().unwrap();
                let expected = total.saturating_sub((page - 1) * size).min(size);
                assert_eq!(items.len() as u64, expected, "{user} {path} page {page} of size {size}");
                for i in items {
                    assert!(seen.insert(i["id"].as_i64().unwrap()), "{user} {path}: {} twice", i["id"]);
                }
            }
            assert_eq!(seen.len() as u64, total, "{user} {path}");
            let past = s.get_json(&format!("{path}&page=1000&page_size={size}")).await;
            assert!(past["items"].as_array().unwrap().is_empty());
            assert_eq!(past["total"].as_u64(), Some(total), "{user} {path} past the end");
        }
    }
    // A filter that matches nothing: total 0 on the first page.
    let s = app.login("leader").await;
    let none = s.get_json("/api/v1/enterprises?q=没有这样的企业名称").await;
    assert_eq!(none["total"], 0);
    assert!(none["items"].as_array().unwrap().is_empty());
}
