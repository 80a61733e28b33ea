//! The leaks an independent tester found (issue #13), each shut and proven here on both
//! databases: meeting actions, masked leads, targets and their actuals, a ticket's park,
//! logout during requests in flight, an enterprise's audit trail, the investor's scope.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{
    Backend, Session, TestApp, enterprise_named, list_all, park_colleague, park_id, spawn_app, status_code_of,
};

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(app.db.conn().get_database_backend(), sql.to_owned()))
        .await
        .expect("query")
        .expect("row");
    row.try_get_by_index::<i64>(0).expect("integer")
}

async fn audit_rows(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) FROM audit").await
}

async fn dept_id(s: &Session, code: &str) -> i64 {
    let v = s.get_json("/api/v1/departments").await;
    v["items"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap()["id"].as_i64().unwrap()
}

async fn user_id(admin: &Session, username: &str) -> i64 {
    let v = admin.get_json(&format!("/api/v1/users?q={username}")).await;
    v["items"].as_array().unwrap().iter().find(|u| u["username"] == username).unwrap()["id"].as_i64().unwrap()
}

fn today() -> chrono::NaiveDate {
    crate::support::zone_today()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn meeting_actions_reach_only_their_readers_and_assignees(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let land = dept_id(&leader, "land").await;
    let held = (today() + chrono::Duration::days(2)).to_string();
    let res = leader.post("/api/v1/meetings", &json!({"kind": "coordination", "held_on": held})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let body = json!({"title": "协调晶澳扩产用地", "department_id": land, "due_on": held, "note": "涉及晶澳二期地块"});
    assert_eq!(leader.post(&format!("/api/v1/meetings/{mid}/actions"), &body).await.status(), StatusCode::CREATED);
    let all = leader.get_json("/api/v1/meeting-actions").await;
    let action = all["items"].as_array().unwrap().iter().find(|a| a["title"] == "协调晶澳扩产用地").unwrap().clone();
    let id = action["id"].as_i64().unwrap();
    assert_eq!(all["total"].as_i64().unwrap(), scalar(&app, "SELECT COUNT(*) FROM meeting_action").await);

    // The enterprise account and the cadre see none of it, whatever the query asks.
    for who in ["ent_ja", "cadre", "investor", "park_auto"] {
        let s = app.login(who).await;
        for q in ["", "?mine=false", "?mine=false&open=true", &format!("?meeting={mid}&mine=false")] {
            let v = s.get_json(&format!("/api/v1/meeting-actions{q}")).await;
            assert_eq!(v["total"], 0, "{who} {q}: {v}");
        }
        // Nor can it mark the action done: it is not there for them.
        let before = audit_rows(&app).await;
        let (status, _) =
            status_code_of(s.put(&format!("/api/v1/meeting-actions/{id}"), &json!({"status": "done"})).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(audit_rows(&app).await, before);
    }
    // The assignee (the land bureau) sees its own, and only its own.
    let dept = app.login("dept_land").await;
    let v = dept.get_json("/api/v1/meeting-actions?mine=false").await;
    let items = v["items"].as_array().unwrap();
    assert!(items.iter().any(|a| a["id"] == id));
    assert!(items.iter().all(|a| a["department_id"] == land), "{v}");
    assert_eq!(
        dept.put(&format!("/api/v1/meeting-actions/{id}"), &json!({"status": "done"})).await.status(),
        StatusCode::OK
    );
    // The meeting itself stays with meeting readers.
    let (status, _) = status_code_of(dept.get(&format!("/api/v1/meetings/{mid}")).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_masked_lead_names_nothing_and_takes_no_write(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let owner = app.login("park_auto").await;
    let auto = park_id(&owner, "auto").await;
    let ent = owner.get_json("/api/v1/enterprises?page_size=1").await["items"][0].clone();
    let res = owner
        .post(
            "/api/v1/leads",
            &json!({"company": "绝密增资有限公司", "codename": "项目M-07", "confidential": true, "kind": "expansion",
                "intended_investment": 500000000.0, "park_id": auto, "contact_name": "王总", "contact_phone": "13800000001",
                "enterprise_id": ent["id"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let lead: Value = res.json().await.unwrap();
    let id = lead["id"].as_i64().unwrap();
    for (stage, reason) in [("contact", ""), ("negotiation", ""), ("signed", "签约仪式，王总出席")] {
        let res = owner.post(&format!("/api/v1/leads/{id}/move"), &json!({"stage": stage, "reason": reason})).await;
        assert_eq!(res.status(), StatusCode::OK, "{stage}");
    }
    // A colleague of the same park who does not own it.
    let peer = park_colleague(&app, "auto_peer", auto).await;

    let seen = peer.get_json(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(seen["masked"], true);
    for field in ["company", "contact_name", "contact_phone", "enterprise_id", "project_id", "lost_reason"] {
        assert!(seen[field].is_null(), "{field} shown on a masked lead: {seen}");
    }
    let listed = list_all(&peer, "/api/v1/leads?stage=signed").await;
    let row = listed.iter().find(|l| l["id"] == id).expect("listed");
    assert!(row["enterprise_id"].is_null() && row["company"].is_null());
    let history = peer.get_json(&format!("/api/v1/leads/{id}/history")).await;
    assert!(history["items"].as_array().unwrap().iter().all(|m| m["reason"].is_null()), "{history}");

    // No write goes through it: edit, move, delete, a project named after the hidden company.
    let before = audit_rows(&app).await;
    let projects = scalar(&app, "SELECT COUNT(*) FROM project").await;
    let forbidden = |r: (StatusCode, String)| assert_eq!(r.0, StatusCode::FORBIDDEN, "{}", r.1);
    // A whole lead (a PUT names every field): refused for the mask, not for its shape.
    let edit = json!({"company": "x", "codename": "项目M-07", "confidential": false, "park_id": auto,
        "intended_investment": 1.0, "source": null, "kind": null, "industry_code": null, "chain_id": null,
        "owner_id": null, "contact_name": null, "contact_phone": null, "notes": null});
    forbidden(status_code_of(peer.put(&format!("/api/v1/leads/{id}"), &edit).await).await);
    forbidden(
        status_code_of(peer.post(&format!("/api/v1/leads/{id}/move"), &json!({"stage": "lost", "reason": "x"})).await)
            .await,
    );
    forbidden(status_code_of(peer.post(&format!("/api/v1/leads/{id}/project"), &json!({})).await).await);
    forbidden(status_code_of(peer.delete(&format!("/api/v1/leads/{id}")).await).await);
    assert_eq!(audit_rows(&app).await, before);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM project").await, projects);
    // Its owner still reads it whole.
    let own = owner.get_json(&format!("/api/v1/leads/{id}")).await;
    assert_eq!((own["masked"].as_bool(), own["enterprise_id"].as_i64()), (Some(false), ent["id"].as_i64()));
    // A lead that was still open: moving it to signed is refused to the peer as well.
    let res = owner
        .post(
            "/api/v1/leads",
            &json!({"company": "绝密新引进有限公司", "codename": "项目N-01", "confidential": true,
                "intended_investment": 100000000.0, "park_id": auto}),
        )
        .await;
    let open_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    forbidden(
        status_code_of(peer.post(&format!("/api/v1/leads/{open_id}/move"), &json!({"stage": "contact"})).await).await,
    );
    assert_eq!(owner.get_json(&format!("/api/v1/leads/{open_id}")).await["stage"], "lead");
}

/// Every key of a masked lead, whatever the lead embeds now or later: a key that names the
/// company or leads to it (company, contact, notes, enterprise, project, reason) carries nothing,
/// and no value anywhere in the answer holds a word of what was hidden.
fn assert_names_nothing(lead: &Value, hidden: &[&str]) {
    let map = lead.as_object().expect("a lead is an object");
    assert_eq!(lead["masked"], true, "{lead}");
    for (key, value) in map {
        let names = ["company", "contact", "notes", "enterprise", "project", "reason"].iter().any(|k| key.contains(k));
        let empty = value.is_null() || value.as_str() == Some("");
        assert!(!names || empty, "{key} shown on a masked lead: {lead}");
    }
    let text = lead.to_string();
    for word in hidden {
        assert!(!text.contains(word), "{word} shown on a masked lead: {lead}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn no_key_of_a_masked_lead_names_the_company(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let owner = app.login("park_auto").await;
    let auto = park_id(&owner, "auto").await;
    let ent = owner.get_json("/api/v1/enterprises?page_size=1").await["items"][0].clone();
    let hidden = ["密钥精工有限公司", "李董事长", "13900000002", "董事长偏好周三洽谈", "估值分歧"];
    let create = |extra: Value| {
        let mut body = json!({"company": hidden[0], "confidential": true, "kind": "expansion",
            "intended_investment": 300000000.0, "park_id": auto, "contact_name": hidden[1],
            "contact_phone": hidden[2], "notes": hidden[3]});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let owner = &owner;
        async move {
            let res = owner.post("/api/v1/leads", &body).await;
            assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
            res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
        }
    };
    // One signed, linked to an enterprise and made a project; one lost, with its reason.
    let signed = create(json!({"codename": "项目K-11", "enterprise_id": ent["id"]})).await;
    for stage in ["contact", "negotiation", "signed"] {
        let res = owner.post(&format!("/api/v1/leads/{signed}/move"), &json!({"stage": stage})).await;
        assert_eq!(res.status(), StatusCode::OK, "{stage}");
    }
    let body = json!({"category": "advanced_manufacturing"});
    let res = owner.post(&format!("/api/v1/leads/{signed}/project"), &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let lost = create(json!({"codename": "项目K-12"})).await;
    let res = owner.post(&format!("/api/v1/leads/{lost}/move"), &json!({"stage": "lost", "reason": hidden[4]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    // A codename is required now; a lead stored without one (before that rule) gets a generic one.
    let bare = create(json!({"codename": "项目K-13"})).await;
    let sql = format!("UPDATE lead SET codename = NULL WHERE id = {bare}");
    let conn = app.db.conn();
    conn.execute_raw(sea_orm::Statement::from_string(conn.get_database_backend(), sql)).await.expect("update");
    // The owner reads all of it.
    let own = owner.get_json(&format!("/api/v1/leads/{signed}")).await;
    assert!(own["project_id"].as_i64().is_some() && own["enterprise_id"] == ent["id"], "{own}");
    assert_eq!((own["company"].as_str(), own["notes"].as_str()), (Some(hidden[0]), Some(hidden[3])));
    assert_eq!(owner.get_json(&format!("/api/v1/leads/{lost}")).await["lost_reason"], hidden[4]);

    let peer = park_colleague(&app, "auto_peer2", auto).await;

    let listed = list_all(&peer, "/api/v1/leads").await;
    for id in [signed, lost, bare] {
        let seen = peer.get_json(&format!("/api/v1/leads/{id}")).await;
        assert_names_nothing(&seen, &hidden);
        assert_names_nothing(listed.iter().find(|l| l["id"] == id).expect("listed"), &hidden);
        // What is left: a codename, the stage, the figures.
        assert!(seen["codename"].as_str().is_some_and(|c| !c.is_empty()), "{seen}");
        assert_eq!(seen["intended_investment"].as_f64(), Some(300000000.0));
    }
    assert_eq!(peer.get_json(&format!("/api/v1/leads/{bare}")).await["codename"], "保密项目");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn targets_and_their_actuals_stay_in_the_callers_parks(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let pv_user = user_id(&admin, "park_pv").await;
    let leader = user_id(&admin, "leader").await;
    let investor = user_id(&admin, "investor").await;
    // Nobody outside the park is a person this park sets targets for.
    for (who, id) in [("park_pv", pv_user), ("leader", leader)] {
        let body = json!({"subject": "user", "user_id": id, "park_id": auto, "period": "2030",
            "signed_count": 1, "signed_amount": 100000000.0, "trips": 1, "receptions": 1});
        let before = audit_rows(&app).await;
        let res = s.post("/api/v1/invest/targets", &body).await;
        let (status, code) = status_code_of(res).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "USER_UNKNOWN"), "{who}");
        assert_eq!(audit_rows(&app).await, before);
    }
    // The zone-level promoter works in every park: its target here counts its records here only.
    let mut year = None;
    for y in 2021..=2026 {
        let here = scalar(
            &app,
            &format!(
                "SELECT COUNT(*) FROM project WHERE owner_id = {investor} AND park_id = {auto} \
                 AND signed_on BETWEEN '{y}-01-01' AND '{y}-12-31'"
            ),
        )
        .await;
        let everywhere = scalar(
            &app,
            &format!(
                "SELECT COUNT(*) FROM project WHERE owner_id = {investor} AND signed_on BETWEEN '{y}-01-01' AND '{y}-12-31'"
            ),
        )
        .await;
        if everywhere > here {
            year = Some((y, here));
            break;
        }
    }
    let (y, here) = year.expect("a year where the promoter signed outside the auto park");
    let body = json!({"subject": "user", "user_id": investor, "park_id": auto, "period": y.to_string(),
        "signed_count": 1, "signed_amount": 100000000.0, "trips": 1, "receptions": 1});
    let res = s.post("/api/v1/invest/targets", &body).await;
    let status = res.status();
    let t: Value = res.json().await.unwrap();
    let t = if status == StatusCode::CONFLICT {
        // The demo already set this person's target for the year in this park.
        let list = s.get_json(&format!("/api/v1/invest/targets?period={y}&subject=user")).await;
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["user_id"] == investor && t["park_id"] == auto)
            .unwrap()
            .clone()
    } else {
        assert_eq!(status, StatusCode::CREATED, "{t}");
        t
    };
    assert_eq!(t["actual"]["signed_count"].as_i64(), Some(here), "{t}");
    // Every target the park reads is of its park, with actuals of that park.
    for t in s.get_json("/api/v1/invest/targets").await["items"].as_array().unwrap() {
        assert_eq!(t["park_id"], auto, "{t}");
    }
}

async fn ticket_total(s: &Session) -> usize {
    s.get_json("/api/v1/tickets?page_size=1").await["total"].as_u64().unwrap() as usize
}

/// The fields of an enterprise's PUT, from its detail, with another park.
fn moved(detail: &Value, park: i64) -> Value {
    let mut v = json!({});
    for k in ["credit_code", "name", "chain_id", "industry_code", "above_size", "land_mu", "established_on", "address"]
    {
        v[k] = detail[k].clone();
    }
    v["entrepreneurs"] = detail["entrepreneurs"].clone();
    if v["entrepreneurs"].is_null() {
        v["entrepreneurs"] = json!([]);
    }
    v["park_id"] = json!(park);
    v["confirm_check_character"] = json!(true);
    v
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_tickets_park_is_its_enterprises_current_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let (auto, pv) = (park_id(&admin, "auto").await, park_id(&admin, "pv").await);
    let park_auto = app.login("park_auto").await;
    let park_pv = app.login("park_pv").await;
    // A ticket of an auto-park enterprise, with a contact phone.
    let ent = park_auto.get_json("/api/v1/enterprises?page_size=1").await["items"][0].clone();
    let eid = ent["id"].as_i64().unwrap();
    let res = park_auto
        .post(
            "/api/v1/tickets",
            &json!({"channel": "visit", "category": "land", "title": "厂房扩建用地", "detail": "走访发现",
                "enterprise_id": eid, "contact_name": "赵经理", "contact_phone": "13900002222"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let tid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(park_auto.get(&format!("/api/v1/tickets/{tid}")).await.status(), StatusCode::OK);
    assert_eq!(park_pv.get(&format!("/api/v1/tickets/{tid}")).await.status(), StatusCode::NOT_FOUND);

    // The enterprise moves to the pv park.
    let detail = admin.get_json(&format!("/api/v1/enterprises/{eid}")).await;
    let res = admin.put(&format!("/api/v1/enterprises/{eid}"), &moved(&detail, pv)).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());

    // The old park reads it nowhere; the new one everywhere, with the contact.
    for path in [
        format!("/api/v1/tickets/{tid}"),
        format!("/api/v1/tickets/{tid}/history"),
        format!("/api/v1/tickets/{tid}/attachments"),
    ] {
        assert_eq!(park_auto.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(park_pv.get(&path).await.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(park_pv.get_json(&format!("/api/v1/tickets/{tid}")).await["contact_phone"], "13900002222");
    let ids = |v: Vec<Value>| v.iter().map(|t| t["id"].as_i64().unwrap()).collect::<BTreeSet<_>>();
    let auto_list = ids(list_all(&park_auto, "/api/v1/tickets").await);
    let pv_list = ids(list_all(&park_pv, "/api/v1/tickets").await);
    assert!(!auto_list.contains(&tid) && pv_list.contains(&tid));
    // Every ticket a park lists is of an enterprise of that park now (or of one of its projects).
    let auto_enterprises = ids(list_all(&park_auto, "/api/v1/enterprises").await);
    for t in list_all(&park_auto, "/api/v1/tickets").await {
        if let Some(e) = t["enterprise_id"].as_i64()
            && t["project_id"].is_null()
        {
            assert!(auto_enterprises.contains(&e), "ticket {} of enterprise {e} outside the park", t["id"]);
        }
    }
    // Counts agree with the lists.
    assert_eq!(ticket_total(&park_auto).await, auto_list.len());
    assert_eq!(ticket_total(&park_pv).await, pv_list.len());

    // A ticket on an auto project of a pv enterprise: the auto park follows its project.
    let project = park_auto.get_json("/api/v1/projects?page_size=1").await["items"][0].clone();
    let ja = enterprise_named(&admin, "晶澳").await["id"].as_i64().unwrap();
    let res = admin
        .post(
            "/api/v1/tickets",
            &json!({"channel": "visit", "category": "land", "title": "项目配套用地", "detail": "项目推进中发现",
                "enterprise_id": ja, "project_id": project["id"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let on_project = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(park_auto.get(&format!("/api/v1/tickets/{on_project}")).await.status(), StatusCode::OK);
    assert_eq!(park_pv.get(&format!("/api/v1/tickets/{on_project}")).await.status(), StatusCode::OK);
    assert!(ids(list_all(&park_auto, "/api/v1/tickets").await).contains(&on_project));
    let _ = auto;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn after_logout_the_cookie_opens_nothing_even_with_requests_in_flight(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for round in 0..10 {
        let s = app.login("leader").await;
        let cookie = s.client.clone();
        let url = s.url("/api/v1/me");
        // Requests in flight while the logout runs.
        let mut flight = Vec::new();
        for _ in 0..16 {
            let (c, u) = (cookie.clone(), url.clone());
            flight.push(tokio::spawn(async move { c.get(u).send().await.map(|r| r.status()) }));
        }
        let res = s.post("/api/v1/auth/logout", &json!({})).await;
        assert!(res.status().is_success(), "logout: {}", res.status());
        for f in flight {
            let _ = f.await;
        }
        // Whatever those requests did, the cookie is dead from now on.
        for _ in 0..5 {
            assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED, "round {round}");
        }
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_enterprise_reads_its_audit_trail_without_staff_ips_or_snapshots(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let ja = enterprise_named(&admin, "晶澳").await;
    let id = ja["id"].as_i64().unwrap();
    let detail = admin.get_json(&format!("/api/v1/enterprises/{id}")).await;
    let pv = detail["park_id"].as_i64().unwrap();
    let res = admin.put(&format!("/api/v1/enterprises/{id}"), &moved(&detail, pv)).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Staff with audit:read see who, from where, and what changed.
    let full = app.login("leader").await.get_json(&format!("/api/v1/enterprises/{id}/audit")).await;
    let row = &full["items"][0];
    assert_eq!(row["actor"], "admin");
    assert!(!row["ip"].as_str().unwrap().is_empty() && !row["after"].is_null(), "{row}");
    // The enterprise sees that its record was changed, and when; not by whom, from where, or what.
    let ent = app.login("ent_ja").await;
    let trail = ent.get_json(&format!("/api/v1/enterprises/{id}/audit")).await;
    let items = trail["items"].as_array().unwrap();
    assert_eq!(items.len(), full["items"].as_array().unwrap().len());
    for r in items {
        assert_eq!(r["actor"], "园区工作人员", "{r}");
        assert!(r["actor_id"].is_null() && r["before"].is_null() && r["after"].is_null(), "{r}");
        assert_eq!((r["ip"].as_str(), r["request_id"].as_str()), (Some(""), Some("")), "{r}");
    }
    assert!(!trail.to_string().contains("\"admin\""));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_demo_investor_works_in_its_own_scope(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("investor").await;
    let me = s.get_json("/api/v1/me").await;
    assert_eq!(me["scope"], json!({"kind": "own"}));
    let uid = me["id"].as_i64().unwrap();
    // Its leads, activities, projects and targets: its own, all of them, and some.
    let leads = list_all(&s, "/api/v1/leads").await;
    assert!(!leads.is_empty());
    assert!(leads.iter().all(|l| l["owner_id"] == uid));
    assert_eq!(leads.len() as i64, scalar(&app, &format!("SELECT COUNT(*) FROM lead WHERE owner_id = {uid}")).await);
    let acts = list_all(&s, "/api/v1/activities").await;
    assert!(!acts.is_empty() && acts.iter().all(|a| a["owner_id"] == uid));
    let projects = list_all(&s, "/api/v1/projects").await;
    assert!(!projects.is_empty() && projects.iter().all(|p| p["owner_id"] == uid));
    let targets = s.get_json("/api/v1/invest/targets").await;
    let targets = targets["items"].as_array().unwrap();
    assert!(!targets.is_empty() && targets.iter().all(|t| t["user_id"] == uid), "{targets:?}");
    // Its pages answer in that scope.
    let pipeline = s.get_json("/api/v1/leads/pipeline").await;
    let in_pipeline: i64 = pipeline["columns"].as_array().unwrap().iter().map(|c| c["count"].as_i64().unwrap()).sum();
    assert_eq!(in_pipeline, leads.len() as i64);
    for path in [
        "/api/v1/activities/stats",
        "/api/v1/weekly-plans",
        "/api/v1/invest/leaderboard?subject=user",
        "/api/v1/cockpit?year=2022",
    ] {
        assert_eq!(s.get(path).await.status(), StatusCode::OK, "{path}");
    }
    // Another promoter's lead is not there.
    let other = scalar(&app, &format!("SELECT MIN(id) FROM lead WHERE owner_id <> {uid}")).await;
    assert_eq!(s.get(&format!("/api/v1/leads/{other}")).await.status(), StatusCode::NOT_FOUND);
}
