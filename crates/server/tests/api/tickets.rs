//! The service desk through the HTTP API: the public hotline and tracking page, every state
//! transition allowed and refused per side, department and enterprise scope, the SLA clock and
//! satisfaction, on SQLite and PostgreSQL.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{self, Backend, Session, TestApp, assert_invalid, error_of, figure, spawn_app, ticket_by_no};

async fn dept_id(s: &Session, code: &str) -> i64 {
    let v = s.get_json("/api/v1/departments").await;
    v["items"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap()["id"].as_i64().unwrap()
}

fn hotline_body() -> Value {
    support::hotline_body("0514-87654321")
}

async fn file(app: &TestApp) -> (String, String) {
    let res = app.anonymous().post("/api/v1/public/hotline", &hotline_body()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    (v["no"].as_str().unwrap().to_owned(), v["code"].as_str().unwrap().to_owned())
}

async fn act(s: &Session, id: i64, code: &str, body: Value) -> reqwest::Response {
    s.post(&format!("/api/v1/tickets/{id}/actions/{code}"), &body).await
}

async fn ok(s: &Session, id: i64, code: &str, body: Value) -> Value {
    let res = act(s, id, code, body).await;
    assert_eq!(res.status(), StatusCode::OK, "{code}");
    res.json().await.unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_hotline_ticket_goes_from_the_public_form_to_a_rated_close(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (no, code) = file(&app).await;
    // The public page follows it by number and code, without names or contact details.
    let public = app.anonymous().get_json(&format!("/api/v1/public/tickets/{no}?code={code}")).await;
    assert_eq!(public["state"], "new");
    assert!(!public.to_string().contains("王经理") && !public.to_string().contains("87654321"));
    assert_eq!(
        app.anonymous().get(&format!("/api/v1/public/tickets/{no}?code=WRONG")).await.status(),
        StatusCode::NOT_FOUND
    );

    let service = app.login("service").await;
    let land = dept_id(&service, "land").await;
    let hr = dept_id(&service, "hr").await;
    let t = ticket_by_no(&service, &no).await;
    let id = t["id"].as_i64().unwrap();
    assert_eq!(t["channel"], "hotline");
    assert_eq!(t["suggested_department"], land, "the routing rule suggests the land bureau");
    let codes = |t: &Value| {
        t["actions"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(codes(&t), ["dispatch", "close_unresolved"]);
    assert!(t["sla"]["started_at"].is_null(), "the clock starts at dispatch");
    assert_eq!(
        assert_invalid(act(&service, id, "dispatch", json!({})).await, "department_id").await["code"],
        "DEPARTMENT_REQUIRED"
    );
    let t = ok(&service, id, "dispatch", json!({"department_id": land})).await;
    assert_eq!(t["state"], "dispatched");
    assert!(t["sla"]["resolve_due"].is_string(), "the clock runs: {}", t["sla"]);

    // Another department does not see it; the land bureau does, with its own actions.
    let hr_user = department_user(&app, "dept_hr", hr).await;
    assert_eq!(hr_user.get(&format!("/api/v1/tickets/{id}")).await.status(), StatusCode::NOT_FOUND);
    let land_user = app.login("dept_land").await;
    let t = land_user.get_json(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(codes(&t), ["accept", "return"]);
    let queue = land_user.get_json("/api/v1/tickets/queue").await;
    assert!(queue["items"].as_array().unwrap().iter().any(|q| q["id"] == id));
    // The dispatcher cannot accept for the department; the department cannot dispatch.
    assert_eq!(act(&service, id, "accept", json!({})).await.status(), StatusCode::FORBIDDEN);
    let (status, err, _, _) = error_of(act(&land_user, id, "resolve", json!({"resolution": "x"})).await).await;
    assert_eq!((status, err.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "TICKET_TRANSITION"));
    // A return needs a reason; the dispatcher re-routes it to the HR bureau.
    assert_eq!(
        assert_invalid(act(&land_user, id, "return", json!({})).await, "reason").await["code"],
        "REASON_REQUIRED"
    );
    ok(&land_user, id, "return", json!({"reason": "属人社局职责"})).await;
    let e = assert_invalid(act(&service, id, "reroute", json!({"department_id": land})).await, "department_id").await;
    assert_eq!(e["code"], "DEPARTMENT_SAME");
    let t = ok(&service, id, "reroute", json!({"department_id": hr})).await;
    assert_eq!((t["state"].as_str(), t["department_id"].as_i64()), (Some("dispatched"), Some(hr)));
    // The land bureau keeps read access to a ticket once routed to it; only HR acts now.
    let t = land_user.get_json(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(codes(&t), Vec::<String>::new());
    ok(&hr_user, id, "accept", json!({})).await;
    assert_eq!(assert_invalid(act(&hr_user, id, "pause", json!({})).await, "reason").await["code"], "REASON_REQUIRED");
    let t = ok(&hr_user, id, "pause", json!({"reason": "等待企业补充材料"})).await;
    assert_eq!(t["sla"]["paused"], true);
    ok(&hr_user, id, "resume", json!({})).await;
    let e = assert_invalid(act(&hr_user, id, "resolve", json!({})).await, "resolution").await;
    assert_eq!(e["code"], "REASON_REQUIRED");
    let t = ok(&hr_user, id, "resolve", json!({"resolution": "已协调落实用工招聘专场"})).await;
    assert_eq!(t["state"], "resolved");
    assert_eq!(t["overdue"], false);
    // The call-back: not solved reopens; solved closes with the rating.
    let res = service.post(&format!("/api/v1/tickets/{id}/rating"), &json!({"solved": true, "satisfaction": 7})).await;
    assert_eq!(assert_invalid(res, "satisfaction").await["code"], "SATISFACTION_INVALID");
    let res = service.post(&format!("/api/v1/tickets/{id}/rating"), &json!({"solved": false, "satisfaction": 2})).await;
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["state"], "in_progress", "not solved reopens");
    assert!(t["sla"]["resolved_at"].is_null());
    ok(&hr_user, id, "resolve", json!({"resolution": "已解决"})).await;
    let res = service.post(&format!("/api/v1/tickets/{id}/rating"), &json!({"solved": true, "satisfaction": 5})).await;
    let t: Value = res.json().await.unwrap();
    assert_eq!(
        (t["state"].as_str(), t["satisfaction"].as_i64(), t["solved"].as_bool()),
        (Some("closed"), Some(5), Some(true))
    );
    // Closed and rated is final: nothing to press, no second rating, no more files.
    assert_eq!(codes(&t), Vec::<String>::new());
    assert_eq!((t["can_rate"].as_bool(), t["can_attach"].as_bool()), (Some(false), Some(false)));
    let (status, err, _, _) = error_of(act(&service, id, "reopen", json!({"reason": "再看看"})).await).await;
    assert_eq!((status, err.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "TICKET_TRANSITION"));
    let res = service.post(&format!("/api/v1/tickets/{id}/rating"), &json!({"solved": false, "satisfaction": 1})).await;
    assert_eq!(assert_invalid(res, "solved").await["code"], "TICKET_ALREADY_RATED");
    let (ct, body) = crate::ticket_attachments::multipart(&[("补充.pdf", &crate::ticket_attachments::pdf())]);
    let res = service
        .client
        .post(service.url(&format!("/api/v1/tickets/{id}/attachments")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_invalid(res, "file").await["code"], "ATTACHMENT_CLOSED");
    // Every step is in the history, and on the public page.
    let h = service.get_json(&format!("/api/v1/tickets/{id}/history")).await;
    let steps: Vec<&str> = h["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        steps,
        ["file", "dispatch", "return", "reroute", "accept", "pause", "resume", "resolve", "reopen", "resolve", "rate"]
    );
    assert_eq!(h["items"][2]["reason"], "属人社局职责");
    let public = app.anonymous().get_json(&format!("/api/v1/public/tickets/{no}?code={code}")).await;
    assert_eq!(public["state"], "closed");
    assert_eq!(public["history"].as_array().unwrap().len(), steps.len());
}

/// A department account made by the administrator.
async fn department_user(app: &TestApp, username: &str, dept: i64) -> Session {
    let admin = app.login("admin").await;
    let res = admin
        .post(
            "/api/v1/users",
            &json!({"username": username, "display_name": "人社局", "password": "Dept@2022x!",
                "roles": ["dept"], "scope": {"kind": "department", "department": dept}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let s = app.anonymous();
    let res = s.post("/api/v1/auth/login", &json!({"username": username, "password": "Dept@2022x!"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    s
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_hotline_refuses_bad_input_and_floods_and_stores_nothing_partial(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    let before = service.get_json("/api/v1/tickets").await["total"].as_u64().unwrap();
    let anon = app.anonymous();
    for (field, value, code) in [
        ("contact_phone", json!(""), "REQUIRED"),
        ("contact_phone", json!("12"), "PHONE_INVALID"),
        ("contact_name", json!(" "), "REQUIRED"),
        ("company", json!(null), "REQUIRED"),
        ("category", json!("gossip"), "CHOICE_INVALID"),
        ("title", json!("很".repeat(101)), "TEXT_TOO_LONG"),
    ] {
        let mut body = hotline_body();
        body[field] = value;
        let e = assert_invalid(anon.post("/api/v1/public/hotline", &body).await, field).await;
        assert_eq!(e["code"], code, "{field}");
    }
    assert_eq!(service.get_json("/api/v1/tickets").await["total"].as_u64().unwrap(), before, "nothing stored");
    // The form is limited per address: the flood is refused with 429 and a wait.
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(anon.post("/api/v1/public/hotline", &hotline_body()).await.status());
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    let stored = service.get_json("/api/v1/tickets").await["total"].as_u64().unwrap() - before;
    assert_eq!(stored as usize, statuses.iter().filter(|s| **s == StatusCode::CREATED).count());
    assert!(stored <= 10);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_enterprise_sees_only_its_own_tickets_and_a_park_its_parks(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let ja = app.login("ent_ja").await;
    let res = ja
        .post(
            "/api/v1/tickets",
            &json!({"category": "staffing", "title": "一线操作工缺口200人", "detail": "请协助组织专场招聘会。"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mine: Value = res.json().await.unwrap();
    assert_eq!(mine["channel"], "enterprise");
    assert!(mine["enterprise_id"].is_i64());
    // Filed by staff for another enterprise in the auto park.
    let park = app.login("park_auto").await;
    let ent = park.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    let res = park
        .post("/api/v1/tickets", &json!({"channel": "visit", "category": "approval", "priority": "high", "title": "环评审批进度", "detail": "走访发现", "enterprise_id": ent}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let theirs: Value = res.json().await.unwrap();
    // The enterprise sees its own only; the park its park's; the pv park neither.
    let list = ja.get_json("/api/v1/tickets").await;
    assert!(list["items"].as_array().unwrap().iter().all(|t| t["enterprise_id"] == mine["enterprise_id"]));
    assert_eq!(ja.get(&format!("/api/v1/tickets/{}", theirs["id"])).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        park.get(&format!("/api/v1/tickets/{}", mine["id"])).await.status(),
        StatusCode::NOT_FOUND,
        "晶澳 is in the pv park"
    );
    let pv = app.login("park_pv").await;
    assert_eq!(pv.get_json(&format!("/api/v1/tickets/{}", mine["id"])).await["id"], mine["id"]);
    assert_eq!(pv.get(&format!("/api/v1/tickets/{}", theirs["id"])).await.status(), StatusCode::NOT_FOUND);
    // Staff follow what they filed even when it names no enterprise of their park.
    let res = park
        .post(
            "/api/v1/tickets",
            &json!({"channel": "phone", "category": "other", "title": "来电咨询政策", "detail": "企业来电"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let own: Value = res.json().await.unwrap();
    assert_eq!(park.get_json(&format!("/api/v1/tickets/{}", own["id"])).await["id"], own["id"]);
    assert_eq!(pv.get(&format!("/api/v1/tickets/{}", own["id"])).await.status(), StatusCode::NOT_FOUND);
    // An enterprise cannot file for another, nor use the hotline channel as staff.
    let res = park
        .post("/api/v1/tickets", &json!({"channel": "hotline", "category": "land", "title": "x", "detail": "y"}))
        .await;
    assert_invalid(res, "channel").await;
    // The department sees the enterprise of a ticket routed to it, and nothing else.
    let service = app.login("service").await;
    let land = dept_id(&service, "land").await;
    let land_user = app.login("dept_land").await;
    let seen_ids =
        |v: Value| v["items"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let before = seen_ids(land_user.get_json("/api/v1/enterprises?page_size=500").await);
    ok(&service, theirs["id"].as_i64().unwrap(), "dispatch", json!({"department_id": land})).await;
    let after = seen_ids(land_user.get_json("/api/v1/enterprises?page_size=500").await);
    assert!(after.contains(&ent));
    assert!(
        before.contains(&ent) || after.len() == before.len() + 1,
        "the dispatch adds that enterprise and nothing else"
    );
    // The enterprise confirms its own resolved ticket.
    let id = mine["id"].as_i64().unwrap();
    let hr = dept_id(&service, "hr").await;
    ok(&service, id, "dispatch", json!({"department_id": hr})).await;
    let hr_user = department_user(&app, "dept_hr2", hr).await;
    ok(&hr_user, id, "accept", json!({})).await;
    ok(&hr_user, id, "resolve", json!({"resolution": "招聘会已举办"})).await;
    let queue = ja.get_json("/api/v1/tickets/queue").await;
    assert!(queue["items"].as_array().unwrap().iter().any(|t| t["id"] == id), "the requester confirms");
    let t: Value = ja
        .post(&format!("/api/v1/tickets/{id}/rating"), &json!({"solved": true, "satisfaction": 4}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["state"], "closed");
    // Satisfaction and open counts reach the cockpit (the leader sees the zone).
    let leader = app.login("leader").await;
    let c = leader.get_json("/api/v1/cockpit").await;
    assert!(figure(&c, "tickets.open") >= 1.0);
    assert!(figure(&c, "tickets.satisfaction_avg") >= 1.0);
    let drill = c["figures"].as_array().unwrap().iter().find(|f| f["key"] == "tickets.open").unwrap()["drill"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(leader.get_json(&drill).await["total"].as_f64().unwrap(), figure(&c, "tickets.open"));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_clock_follows_the_policy_and_the_calendar(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    // Policies: defaults until the zone sets its own; a change applies to running tickets.
    let p = service.get_json("/api/v1/sla-policies").await;
    let normal = p["items"].as_array().unwrap().iter().find(|r| r["priority"] == "normal").unwrap().clone();
    assert_eq!(normal["resolve"], json!({"amount": 13, "unit": "working_days"}));
    let (no, _) = file(&app).await;
    let id = ticket_by_no(&service, &no).await["id"].as_i64().unwrap();
    let land = dept_id(&service, "land").await;
    let t = ok(&service, id, "dispatch", json!({"department_id": land})).await;
    let due_13 = t["sla"]["resolve_due"].as_str().unwrap().to_owned();
    let body = json!({"items": [{"category": "*", "priority": "normal", "answer": {"amount": 1, "unit": "working_days"},
        "resolve": {"amount": 2, "unit": "working_days"}, "remind_before": {"amount": 1, "unit": "working_days"},
        "notice_after_working_days": 5}]});
    assert_eq!(service.put("/api/v1/sla-policies", &body).await.status(), StatusCode::OK);
    let t = service.get_json(&format!("/api/v1/tickets/{id}")).await;
    let due_2 = t["sla"]["resolve_due"].as_str().unwrap().to_owned();
    assert!(due_2 < due_13, "{due_2} before {due_13}");
    // The calendar: the zone's year replaces the public one and the deadline moves with it.
    let year: i32 = due_2[..4].parse().unwrap();
    let cal = service.get_json(&format!("/api/v1/calendar/{year}")).await;
    assert!(!cal["holidays"].as_array().unwrap().is_empty());
    let due_day = &due_2[..10];
    let mut holidays = cal["holidays"].as_array().unwrap().clone();
    holidays.push(json!(due_day));
    let res = service
        .put(&format!("/api/v1/calendar/{year}"), &json!({"holidays": holidays, "workdays": cal["workdays"]}))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let t = service.get_json(&format!("/api/v1/tickets/{id}")).await;
    assert!(t["sla"]["resolve_due"].as_str().unwrap() > due_2.as_str(), "a new holiday on the due day pushes it later");
    // Only the dispatcher changes the rules.
    let park = app.login("park_auto").await;
    assert_eq!(park.put("/api/v1/sla-policies", &body).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(park.put(&format!("/api/v1/calendar/{year}"), &cal).await.status(), StatusCode::FORBIDDEN);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_visit_records_what_was_found_and_files_the_problem_in_one_step(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let cadre = app.login("cadre").await;
    let linked = cadre.get_json("/api/v1/linkages").await;
    let linked = linked["items"].as_array().unwrap().clone();
    assert_eq!(linked.len(), 5, "the demo cadre follows five key enterprises");
    let ent = linked[0]["enterprise_id"].as_i64().unwrap();
    let today = crate::support::zone_today();
    let before = cadre.get_json("/api/v1/visits/coverage").await;
    let body = json!({"enterprise_id": ent, "visited_on": today.to_string(), "people_met": "总经理",
        "findings": "订单饱满，新产线缺技术工人", "problem": {"category": "staffing", "title": "新产线缺技术工人80名"}});
    let res = cadre.post("/api/v1/visits", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    let no = v["ticket_no"].as_str().expect("the problem became a ticket").to_owned();
    // the visits list names the ticket by its number, not its id
    let listed = cadre.get_json("/api/v1/visits?page_size=5").await;
    assert!(listed["items"].as_array().unwrap().iter().any(|r| r["ticket_no"] == no.as_str()), "{listed}");
    assert!(v["others_recently"].as_array().unwrap().is_empty());
    // The ticket is on the dispatcher's desk, from the visit, about that enterprise.
    let service = app.login("service").await;
    let t = ticket_by_no(&service, &no).await;
    assert_eq!(
        (t["channel"].as_str(), t["enterprise_id"].as_i64(), t["state"].as_str()),
        (Some("visit"), Some(ent), Some("new"))
    );
    // Coverage counts the visit for this quarter.
    let after = cadre.get_json("/api/v1/visits/coverage").await;
    assert_eq!(after["linked_visited"].as_i64().unwrap(), before["linked_visited"].as_i64().unwrap() + 1);
    assert!(after["not_visited"].as_array().unwrap().iter().all(|r| r["enterprise_id"] != ent));
    // A second cadre linked to the same enterprise is told of the recent visit.
    let admin = app.login("admin").await;
    let res = admin
        .post("/api/v1/users", &json!({"username": "cadre2", "display_name": "第二挂钩干部", "password": "Cadre@2022x!", "roles": ["cadre"], "scope": {"kind": "own"}}))
        .await;
    let uid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(
        admin.post("/api/v1/linkages", &json!({"user_id": uid, "enterprise_id": ent})).await.status(),
        StatusCode::CREATED
    );
    let cadre2 = app.anonymous();
    cadre2.post("/api/v1/auth/login", &json!({"username": "cadre2", "password": "Cadre@2022x!"})).await;
    let hint = cadre2.get_json(&format!("/api/v1/visits/hint?enterprise={ent}")).await;
    assert_eq!(hint["items"].as_array().unwrap().len(), 1);
    // Bad input: a future date, an enterprise outside the scope, no findings.
    let mut bad = body.clone();
    bad["visited_on"] = json!((today + chrono::Duration::days(2)).to_string());
    assert_eq!(assert_invalid(cadre.post("/api/v1/visits", &bad).await, "visited_on").await["code"], "DATE_IN_FUTURE");
    let leader = app.login("leader").await;
    let outside = leader.get_json("/api/v1/enterprises?q=晶澳").await["items"][0]["id"].as_i64().unwrap();
    let mut bad = body.clone();
    bad["enterprise_id"] = json!(outside);
    assert_invalid(cadre.post("/api/v1/visits", &bad).await, "enterprise_id").await;
    let mut bad = body.clone();
    bad["findings"] = json!("");
    assert_invalid(cadre.post("/api/v1/visits", &bad).await, "findings").await;
    // The cockpit counts the visit.
    let c = leader.get_json(&format!("/api/v1/cockpit?from={today}&to={today}")).await;
    assert!(figure(&c, "visits.count") >= 1.0);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn overdue_tickets_and_open_actions_go_onto_the_next_meetings_agenda(#[case] backend: Backend) {
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    let (no, _) = file(&app).await;
    let id = ticket_by_no(&service, &no).await["id"].as_i64().unwrap();
    let land = dept_id(&service, "land").await;
    ok(&service, id, "dispatch", json!({"department_id": land})).await;
    assert_eq!(service.get_json(&format!("/api/v1/tickets/{id}")).await["overdue"], false);
    // Its history says it was filed and dispatched 40 days ago: the derived clock makes it overdue.
    let past = chrono::Utc::now() - chrono::Duration::days(40);
    let q = Query::update().table("ticket_event").value("at", past).and_where(Expr::col("ticket_id").eq(id)).take();
    app.db.conn().execute(&q).await.unwrap();
    // Rewriting history behind the use cases leaves the stored SLA columns stale: the check
    // reports this ticket, and the repair recomputes them.
    let stale = zoneops_app::ticket_sla::verify(&app.db, chrono::Utc::now()).await.unwrap();
    assert!(stale.iter().any(|p| p.contains(&no)), "{stale:?}");
    zoneops_app::ticket_sla::rebuild(&app.db).await.unwrap();
    assert_eq!(zoneops_app::ticket_sla::verify(&app.db, chrono::Utc::now()).await.unwrap(), Vec::<String>::new());
    let t = service.get_json(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(t["overdue"], true, "{}", t["sla"]);
    assert_eq!(t["sla"]["level"], "public_notice", "40 days is past the 通报 point");
    let overdue = service.get_json("/api/v1/tickets?overdue=true").await;
    assert!(overdue["items"].as_array().unwrap().iter().any(|x| x["id"] == id));
    let level = service.get_json("/api/v1/tickets?level=supervision").await;
    assert!(level["items"].as_array().unwrap().iter().any(|x| x["id"] == id));
    // The leader's next coordination meeting draws it onto the agenda.
    let leader = app.login("leader").await;
    let today = crate::support::zone_today();
    let res = leader.post("/api/v1/meetings", &json!({"kind": "coordination", "held_on": (today + chrono::Duration::days(3)).to_string(), "chair": "主任"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let m: Value = res.json().await.unwrap();
    let mid = m["id"].as_i64().unwrap();
    let m: Value = leader.post(&format!("/api/v1/meetings/{mid}/agenda/draw"), &json!({})).await.json().await.unwrap();
    let item = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["ref_id"] == id)
        .expect("the overdue ticket is on the agenda")
        .clone();
    assert_eq!(item["kind"], "escalated_ticket");
    // Drawing again adds nothing twice.
    let again: Value =
        leader.post(&format!("/api/v1/meetings/{mid}/agenda/draw"), &json!({})).await.json().await.unwrap();
    assert_eq!(again["items"].as_array().unwrap().len(), m["items"].as_array().unwrap().len());
    // A decision assigned to the land bureau, due yesterday: in its queue, overdue, and carried
    // onto the next meeting until done.
    let body = json!({"title": "三日内答复用地指标", "department_id": land, "due_on": (today - chrono::Duration::days(1)).to_string()});
    assert_eq!(leader.post(&format!("/api/v1/meetings/{mid}/actions"), &body).await.status(), StatusCode::CREATED);
    let e = assert_invalid(
        leader
            .post(
                &format!("/api/v1/meetings/{mid}/actions"),
                &json!({"title": "无人负责", "due_on": today.to_string()}),
            )
            .await,
        "department_id",
    )
    .await;
    assert_eq!(e["code"], "ASSIGNEE_REQUIRED");
    let land_user = app.login("dept_land").await;
    let mine = land_user.get_json("/api/v1/meeting-actions?mine=true&open=true").await;
    let action = mine["items"].as_array().unwrap().iter().find(|a| a["title"] == "三日内答复用地指标").unwrap().clone();
    assert_eq!(action["overdue"], true);
    let res = leader
        .post(
            "/api/v1/meetings",
            &json!({"kind": "weekly", "held_on": (today + chrono::Duration::days(7)).to_string()}),
        )
        .await;
    let next: Value = res.json().await.unwrap();
    let nid = next["id"].as_i64().unwrap();
    let drawn: Value =
        leader.post(&format!("/api/v1/meetings/{nid}/agenda/draw"), &json!({})).await.json().await.unwrap();
    assert!(
        drawn["items"].as_array().unwrap().iter().any(|i| i["kind"] == "carried_action" && i["ref_id"] == action["id"])
    );
    assert!(
        drawn["items"].as_array().unwrap().iter().any(|i| i["kind"] == "late_project"),
        "the weekly meeting lists late projects"
    );
    // Done by the department: no longer carried.
    let res = land_user
        .put(&format!("/api/v1/meeting-actions/{}", action["id"]), &json!({"status": "done", "note": "已答复"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let sugg = leader.get_json(&format!("/api/v1/meetings/{nid}/agenda/suggestions")).await;
    assert!(
        !sugg["items"].as_array().unwrap().iter().any(|i| i["kind"] == "carried_action" && i["ref_id"] == action["id"])
    );
    // Only meeting organisers edit meetings.
    let park = app.login("park_auto").await;
    assert_eq!(
        park.post("/api/v1/meetings", &json!({"kind": "weekly", "held_on": today.to_string()})).await.status(),
        StatusCode::FORBIDDEN
    );
}
