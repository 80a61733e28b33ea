//! Hand-offs that hold (decision 0035): a filed ticket's wait for its dispatch is measured in
//! working time against the policy's dispatch limit — in the ticket's answer, the dispatch queue
//! and the cockpit — and a signed lead says who creates its project and tells them. Time is the
//! app's clock, set to chosen instants.

use chrono::{DateTime, TimeZone, Utc};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, drill, figure, park_id, spawn_app};

/// Zone time (UTC+8) of 2025: 11-14 is a Friday, 11-17 the Monday after; 10-01..08 are the
/// National Day holidays (10-09 a Thursday at work).
fn at(m: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2025, m, d, h, mi, s).unwrap().with_timezone(&Utc)
}

fn set(app: &TestApp, when: DateTime<Utc>) {
    app.state.ctx.clock.set(when);
}

async fn file(s: &Session, title: &str, priority: &str, received_at: Option<&str>) -> Value {
    let mut body = json!({"channel": "phone", "category": "land", "priority": priority, "title": title,
        "detail": "企业来电反映", "contact_name": "李", "contact_phone": "0514-87111111"});
    if let Some(r) = received_at {
        body["received_at"] = json!(r);
        body["late_reason"] = json!("接线员外出，返回补录");
    }
    let res = s.post("/api/v1/tickets", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn ticket(s: &Session, id: i64) -> Value {
    s.get_json(&format!("/api/v1/tickets/{id}")).await
}

/// (waiting_minutes, dispatch_due_at, dispatch_overdue) of a ticket's answer.
fn wait(t: &Value) -> (Value, Value, Value) {
    (t["waiting_minutes"].clone(), t["dispatch_due_at"].clone(), t["dispatch_overdue"].clone())
}

async fn ids(s: &Session, path: &str) -> Vec<i64> {
    let v = s.get_json(path).await;
    v["items"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

/// `zoneops check`: the stored columns agree with the replay (at the wall clock, as the columns
/// of the demo's tickets were written then; the dispatch deadline does not depend on it).
async fn agree(app: &TestApp) {
    let problems = zoneops_app::ticket_sla::verify(&app.db, Utc::now()).await.unwrap();
    assert!(problems.is_empty(), "{} tickets disagree, e.g. {:?}", problems.len(), problems.first());
}

async fn land(s: &Session) -> i64 {
    let deps = s.get_json("/api/v1/departments").await;
    deps["items"].as_array().unwrap().iter().find(|d| d["code"] == "land").unwrap()["id"].as_i64().unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_ticket_waits_for_dispatch_in_working_time_and_falls_past_the_limit(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;

    // Received on the afternoon before National Day: an hour counts that day, nothing over the
    // eight days of holiday; the four working hours of a normal ticket end on 10-09 at noon.
    set(&app, at(9, 30, 16, 30, 0));
    let before_holiday = file(&service, "国庆前来电：厂房漏雨", "normal", None).await;
    let b = before_holiday["id"].as_i64().unwrap();
    assert_eq!(wait(&before_holiday), (json!(0), json!("2025-10-09T12:00:00"), json!(false)));
    set(&app, at(10, 8, 17, 0, 0));
    assert_eq!(wait(&ticket(&service, b).await), (json!(60), json!("2025-10-09T12:00:00"), json!(false)));
    set(&app, at(10, 9, 12, 0, 0));
    assert_eq!(wait(&ticket(&service, b).await), (json!(240), json!("2025-10-09T12:00:00"), json!(false)));
    // Past noon: the lunch break adds no working time, yet the limit ran out at 12:00.
    set(&app, at(10, 9, 13, 0, 0));
    assert_eq!(wait(&ticket(&service, b).await), (json!(240), json!("2025-10-09T12:00:00"), json!(true)));

    // Filed on a Friday at 16:00: 90 minutes that day, the weekend not at all, due Monday 11:30.
    set(&app, at(11, 14, 16, 0, 0));
    let friday = file(&service, "周五来电：用地指标咨询", "normal", None).await;
    let id = friday["id"].as_i64().unwrap();
    assert_eq!(wait(&friday), (json!(0), json!("2025-11-17T11:30:00"), json!(false)));
    set(&app, at(11, 15, 11, 0, 0));
    assert_eq!(wait(&ticket(&service, id).await), (json!(90), json!("2025-11-17T11:30:00"), json!(false)));
    set(&app, at(11, 17, 10, 0, 0));
    assert_eq!(wait(&ticket(&service, id).await).0, json!(150));
    // The stored deadline (decision 0012's columns) agrees with the replay of every ticket.
    agree(&app).await;

    // Flips at the limit: not past it at 11:30:00, past it a second later — in the answer, the
    // list of tickets past the dispatch limit, and the cockpit's figure of now.
    set(&app, at(11, 17, 11, 30, 0));
    assert_eq!(wait(&ticket(&service, id).await), (json!(240), json!("2025-11-17T11:30:00"), json!(false)));
    let past = ids(&service, "/api/v1/tickets?dispatch_overdue=true&page_size=100").await;
    assert!(!past.contains(&id) && past.contains(&b), "{past:?}");
    set(&app, at(11, 17, 11, 30, 1));
    assert_eq!(wait(&ticket(&service, id).await), (json!(240), json!("2025-11-17T11:30:00"), json!(true)));
    let past = ids(&service, "/api/v1/tickets?dispatch_overdue=true&page_size=100").await;
    assert!(past.contains(&id) && past.contains(&b), "{past:?}");
    let leader = app.login("leader").await;
    let c = leader.get_json("/api/v1/cockpit").await;
    let fig = c["figures"].as_array().unwrap().iter().find(|f| f["key"] == "tickets.dispatch_overdue").unwrap();
    assert_eq!((fig["basis"].as_str(), fig["unit"].as_str()), (Some("today"), Some("件")), "{fig}");
    let listed = leader.get_json(&drill(&c, "tickets.dispatch_overdue")).await;
    assert_eq!(
        listed["total"].as_f64().unwrap(),
        figure(&c, "tickets.dispatch_overdue"),
        "the figure is its drill's total"
    );
    assert!(figure(&c, "tickets.dispatch_overdue") >= 2.0);
    assert!(listed["items"].as_array().unwrap().iter().all(|t| t["dispatch_overdue"] == true));

    // A stricter dispatch limit for normal tickets moves the stored deadline in the same save.
    let mut policies = service.get_json("/api/v1/sla-policies").await["items"].as_array().unwrap().clone();
    for p in policies.iter_mut().filter(|p| p["priority"] == "normal") {
        p["dispatch"] = json!({"amount": 1, "unit": "working_hours"});
    }
    let res = service.put("/api/v1/sla-policies", &json!({"items": policies})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let saved: Value = res.json().await.unwrap();
    assert!(saved["items"].as_array().unwrap().iter().any(|p| p["dispatch"]["amount"] == 1), "{saved}");
    assert_eq!(wait(&ticket(&service, id).await).1, json!("2025-11-14T17:00:00"));
    agree(&app).await;
    // Out of range: refused at its field like the other limits.
    let mut bad = policies.clone();
    bad[0]["dispatch"] = json!({"amount": 5000, "unit": "working_hours"});
    let res = service.put("/api/v1/sla-policies", &json!({"items": bad})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Dispatched: no longer waiting, so every dispatch field is null and it leaves the list.
    let land = land(&service).await;
    let res = service.post(&format!("/api/v1/tickets/{id}/actions/dispatch"), &json!({"department_id": land})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let dispatched: Value = res.json().await.unwrap();
    assert_eq!(wait(&dispatched), (Value::Null, Value::Null, Value::Null));
    assert_eq!(wait(&ticket(&service, id).await), (Value::Null, Value::Null, Value::Null));
    let past = ids(&service, "/api/v1/tickets?dispatch_overdue=true&page_size=100").await;
    assert!(!past.contains(&id) && past.contains(&b), "{past:?}");
    // Closed without a dispatch: not waiting either.
    let res = service
        .post(&format!("/api/v1/tickets/{b}/actions/close_unresolved"), &json!({"reason": "重复来电，已合并"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(wait(&res.json::<Value>().await.unwrap()), (Value::Null, Value::Null, Value::Null));
    assert!(!ids(&service, "/api/v1/tickets?dispatch_overdue=true&page_size=100").await.contains(&b));
    agree(&app).await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_dispatch_queue_puts_the_longest_waiting_first(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    // Monday 10:00: a call taken on Friday at 17:00 and entered now, an urgent one filed now,
    // and one taken at 09:00 today.
    set(&app, at(11, 17, 10, 0, 0));
    let friday = file(&service, "周五傍晚来电", "normal", Some("2025-11-14 17:00")).await["id"].as_i64().unwrap();
    let urgent = file(&service, "紧急：停电", "urgent", None).await["id"].as_i64().unwrap();
    let morning = file(&service, "今晨来电", "normal", Some("2025-11-17 09:00")).await["id"].as_i64().unwrap();

    let queue = service.get_json("/api/v1/tickets/queue?sort=waiting").await;
    let items = queue["items"].as_array().unwrap();
    let pos = |id: i64| items.iter().position(|t| t["id"] == id).unwrap_or_else(|| panic!("{id} not queued"));
    assert!(pos(friday) < pos(morning) && pos(morning) < pos(urgent), "oldest waiting first");
    let by_id = |id: i64| items[pos(id)].clone();
    assert_eq!(wait(&by_id(friday)).0, json!(90), "Friday's last half hour and Monday's first hour");
    assert_eq!(wait(&by_id(morning)).0, json!(60));
    assert_eq!(wait(&by_id(urgent)), (json!(0), json!("2025-11-17T11:00:00"), json!(false)), "an hour for urgent");
    // Every waiting ticket before the others, each waiting no less than the next.
    let waiting: Vec<&Value> = items.iter().take_while(|t| !t["waiting_minutes"].is_null()).collect();
    assert!(items[waiting.len()..].iter().all(|t| t["waiting_minutes"].is_null()));
    for pair in waiting.windows(2) {
        let (a, b) = (pair[0]["waiting_minutes"].as_i64().unwrap(), pair[1]["waiting_minutes"].as_i64().unwrap());
        assert!(a >= b, "{} waits {a}, then {} waits {b}", pair[0]["no"], pair[1]["no"]);
    }
    // The list sorts the same way; the default queue stays most urgent first.
    let listed = ids(&service, "/api/v1/tickets?state=new&sort=waiting&page_size=100").await;
    let lpos = |id: i64| listed.iter().position(|x| *x == id).unwrap();
    assert!(lpos(friday) < lpos(morning) && lpos(morning) < lpos(urgent), "{listed:?}");
    let default = ids(&service, "/api/v1/tickets/queue").await;
    let dpos = |id: i64| default.iter().position(|x| *x == id).unwrap();
    assert!(dpos(urgent) < dpos(friday), "{default:?}");
    let res = service.get("/api/v1/tickets/queue?sort=oldest").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn new_lead(s: &Session, park: i64, body: Value) -> i64 {
    let mut b = json!({"source": "expo", "kind": "new", "intended_investment": 800_000_000.0, "park_id": park});
    for (k, v) in body.as_object().unwrap() {
        b[k] = v.clone();
    }
    let res = s.post("/api/v1/leads", &b).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn sign(s: &Session, id: i64) -> Value {
    for stage in ["contact", "negotiation", "signed"] {
        let res = s.post(&format!("/api/v1/leads/{id}/move"), &json!({"stage": stage})).await;
        assert_eq!(res.status(), StatusCode::OK, "{stage}: {}", res.text().await.unwrap());
    }
    s.get_json(&format!("/api/v1/leads/{id}")).await
}

async fn inbox_titles(s: &Session) -> Vec<(String, String, String)> {
    let inbox = s.get_json("/api/v1/notifications").await;
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let text = |k: &str| n[k].as_str().unwrap_or_default().to_owned();
            (text("kind"), text("title"), text("body"))
        })
        .collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_signed_lead_says_who_creates_its_project_and_tells_them(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let investor = app.login("investor").await;
    let park = app.login("park_auto").await;
    let admin = app.login("admin").await;
    let auto = park_id(&investor, "auto").await;
    let park_me = park.get_json("/api/v1/me").await;
    let admin_me = admin.get_json("/api/v1/me").await;

    // Before signing there is nothing to hand off.
    let id = new_lead(&investor, auto, json!({"company": "交接测试新能源有限公司"})).await;
    assert!(investor.get_json(&format!("/api/v1/leads/{id}")).await["project_owner"].is_null());

    // Signed: the investor (who may not create projects) reads that the park creates it, and who.
    let lead = sign(&investor, id).await;
    let owner = &lead["project_owner"];
    assert_eq!(
        (owner["level"].as_str(), owner["unit"].clone(), owner["created"].as_bool()),
        (Some("park"), lead["park"].clone(), Some(false)),
        "{owner}"
    );
    assert!(owner["project_id"].is_null());
    let users = owner["users"].as_array().unwrap();
    assert!(users.iter().any(|u| u["id"] == park_me["id"] && u["name"] == park_me["display_name"]), "{owner}");
    assert!(users.iter().all(|u| u["id"] != admin_me["id"]), "the zone is not asked when the park can");
    assert_eq!(investor.post(&format!("/api/v1/leads/{id}/project"), &json!({})).await.status(), StatusCode::FORBIDDEN);
    // The park's project writer was told, by the company's name.
    let told = inbox_titles(&park).await;
    assert!(told.iter().any(|(k, t, _)| k == "lead_signed" && t.contains("交接测试新能源有限公司")), "{told:?}");

    // Created: the lead links the project for the investor.
    let res = park.post(&format!("/api/v1/leads/{id}/project"), &json!({"category": "advanced_manufacturing"})).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let project = res.json::<Value>().await.unwrap()["id"].clone();
    let owner = investor.get_json(&format!("/api/v1/leads/{id}")).await["project_owner"].clone();
    assert_eq!((owner["created"].as_bool(), owner["project_id"].clone()), (Some(true), project), "{owner}");

    // A confidential lead is masked from the park's writer, who could not create its project:
    // the zone's writers are named and told, by its codename only.
    let secret = new_lead(
        &investor,
        auto,
        json!({"company": "机密储能电池有限公司", "codename": "青鸾计划", "confidential": true}),
    )
    .await;
    let lead = sign(&investor, secret).await;
    let owner = &lead["project_owner"];
    assert_eq!(owner["level"], "zone", "{owner}");
    let users = owner["users"].as_array().unwrap();
    assert!(
        users.iter().any(|u| u["id"] == admin_me["id"]) && users.iter().all(|u| u["id"] != park_me["id"]),
        "{owner}"
    );
    let told = inbox_titles(&admin).await;
    let (_, title, body) = told
        .iter()
        .find(|(k, t, _)| k == "lead_signed" && t.contains("青鸾计划"))
        .unwrap_or_else(|| panic!("{told:?}"));
    assert!(!title.contains("机密储能") && !body.contains("机密储能"), "{title} / {body}");
    assert!(inbox_titles(&park).await.iter().all(|(_, t, _)| !t.contains("青鸾计划")), "the park is not asked");
    // The park's writer reads it masked: nothing about its project either.
    let masked = park.get_json(&format!("/api/v1/leads/{secret}")).await;
    assert_eq!(masked["masked"], true);
    assert!(masked["company"].is_null() && masked["project_owner"].is_null(), "{masked}");
    // The pipeline's signed column carries the hand-off too.
    let pipeline = investor.get_json("/api/v1/leads/pipeline").await;
    let signed = pipeline["columns"].as_array().unwrap().iter().find(|c| c["stage"] == "signed").unwrap().clone();
    let card = signed["items"].as_array().unwrap().iter().find(|l| l["id"] == secret).unwrap().clone();
    assert_eq!(card["project_owner"]["level"], "zone");
}
