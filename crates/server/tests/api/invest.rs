//! Investment attraction and projects through the HTTP API: the article's figures from the
//! records, scope, the lead pipeline's rules, stage dates, late flags, targets and the
//! leaderboard, on SQLite and PostgreSQL.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, assert_invalid, drill, error_of, fen, figure, list_all, park_id, spawn_app};

/// The server's day (China Standard Time), as the use cases compute it.
fn today() -> NaiveDate {
    crate::support::zone_today()
}

fn days_ago(n: i64) -> String {
    (today() - Duration::days(n)).to_string()
}

const YI: f64 = 100_000_000.0;

async fn new_lead(s: &Session, park: i64, company: &str) -> Value {
    let res = s
        .post(
            "/api/v1/leads",
            &json!({"company": company, "source": "expo", "kind": "new", "intended_investment": 12.5 * YI, "park_id": park}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "create lead");
    res.json().await.unwrap()
}

async fn move_to(s: &Session, id: i64, stage: &str, reason: Option<&str>) -> reqwest::Response {
    s.post(&format!("/api/v1/leads/{id}/move"), &json!({"stage": stage, "reason": reason})).await
}

async fn new_project(s: &Session, park: i64, body: Value) -> Value {
    let mut b = json!({"name": "测试新能源项目", "park_id": park, "category": "advanced_manufacturing",
        "investment": 20.0 * YI, "signed_on": days_ago(10)});
    for (k, v) in body.as_object().unwrap() {
        b[k] = v.clone();
    }
    let res = s.post("/api/v1/projects", &b).await;
    assert_eq!(res.status(), StatusCode::CREATED, "create project");
    res.json().await.unwrap()
}

fn ids(items: &[Value]) -> BTreeSet<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_article_figures_come_from_the_records(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let q = "from=2022-01-01&to=2022-08-31&category=advanced_manufacturing";
    let c = leader.get_json(&format!("/api/v1/cockpit?{q}")).await;
    assert_eq!(figure(&c, "projects.signed.count"), 51.0);
    assert_eq!(fen(&json!(figure(&c, "projects.signed.investment"))), 598 * 100_000_000 * 100);
    assert_eq!(figure(&c, "projects.signed.band_100yi"), 2.0);
    assert_eq!(figure(&c, "projects.signed.band_50_100yi"), 3.0);
    // Each count's drill lists exactly that many projects, and the amounts add up.
    for key in ["projects.signed.count", "projects.signed.band_100yi", "projects.signed.band_50_100yi"] {
        let list = list_all(&leader, &drill(&c, key)).await;
        assert_eq!(list.len() as f64, figure(&c, key), "drill of {key}");
        for p in &list {
            assert_eq!(p["category"], "advanced_manufacturing");
            let signed = p["signed_on"].as_str().unwrap();
            assert!(("2022-01-01"..="2022-08-31").contains(&signed), "{signed}");
        }
        if key == "projects.signed.count" {
            let sum: i64 = list.iter().map(|p| fen(&p["investment"])).sum();
            assert_eq!(sum, 598 * 100_000_000 * 100);
        }
    }
    // Trips and receptions over the year to 2022-08-31, with per-day rates over 365 days.
    let c = leader.get_json("/api/v1/cockpit?from=2021-09-01&to=2022-08-31").await;
    assert_eq!(figure(&c, "invest.trips"), 716.0);
    assert_eq!(figure(&c, "invest.receptions"), 1090.0);
    assert_eq!(figure(&c, "invest.trips_per_day"), 1.96);
    assert_eq!(figure(&c, "invest.receptions_per_day"), 2.99);
    let trips = leader.get_json(&drill(&c, "invest.trips")).await;
    assert_eq!(trips["total"], 716);
    let stats = leader.get_json("/api/v1/activities/stats?from=2021-09-01&to=2022-08-31&group=park").await;
    assert_eq!(stats["total"]["trips"], 716);
    assert_eq!(stats["days"], 365);
    let by_park: i64 = stats["rows"].as_array().unwrap().iter().map(|r| r["receptions"].as_i64().unwrap()).sum();
    assert_eq!(by_park, 1090, "the park rows add up to the total");
    // 晶澳: construction start to production in 6 months; 华鹏 and 领益 in one year (2021).
    let ja = leader.get_json("/api/v1/projects?q=晶澳").await;
    let ja = ja["items"].as_array().unwrap().iter().find(|p| p["gaps"]["started_to_production_months"] == 6);
    assert!(ja.is_some(), "晶澳's project shows a 6-month start-to-production gap");
    for name in ["华鹏", "领益"] {
        let list = leader.get_json(&format!("/api/v1/projects?q={name}")).await;
        let p = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["flags"].as_array().unwrap().contains(&json!("same_year")));
        let p = p.unwrap_or_else(|| panic!("{name} has a same-year project"));
        for st in ["signed", "started", "completed", "production"] {
            let s = p["stages"].as_array().unwrap().iter().find(|s| s["stage"] == st).unwrap();
            assert!(s["actual_on"].as_str().unwrap().starts_with("2021-"), "{name} {st}");
        }
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn another_parks_leads_and_projects_are_never_visible_or_counted(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let (auto, pv) = (park_id(&leader, "auto").await, park_id(&leader, "pv").await);
    let s = app.login("park_auto").await;
    let mine = list_all(&s, "/api/v1/projects").await;
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|p| p["park_id"] == auto));
    let pv_projects = list_all(&leader, &format!("/api/v1/projects?park={pv}")).await;
    assert!(!pv_projects.is_empty());
    assert!(ids(&mine).is_disjoint(&ids(&pv_projects)));
    let foreign = pv_projects[0]["id"].as_i64().unwrap();
    for path in [format!("/api/v1/projects/{foreign}"), format!("/api/v1/projects/{foreign}/progress")] {
        assert_eq!(s.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = s
        .put(&format!("/api/v1/projects/{foreign}/stages/land"), &json!({"planned_on": days_ago(1), "actual_on": null}))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Leads and activities likewise.
    let leads = list_all(&s, "/api/v1/leads").await;
    assert!(leads.iter().all(|l| l["park_id"] == auto));
    let pv_leads = list_all(&leader, &format!("/api/v1/leads?park={pv}")).await;
    assert!(!pv_leads.is_empty());
    let foreign_lead = pv_leads[0]["id"].as_i64().unwrap();
    assert_eq!(s.get(&format!("/api/v1/leads/{foreign_lead}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(move_to(&s, foreign_lead, "lost", Some("x")).await.status(), StatusCode::NOT_FOUND);
    let pipeline = s.get_json("/api/v1/leads/pipeline").await;
    for col in pipeline["columns"].as_array().unwrap() {
        for l in col["items"].as_array().unwrap() {
            assert_eq!(l["park_id"], auto);
        }
    }
    assert!(list_all(&s, "/api/v1/activities?kind=trip").await.iter().all(|a| a["park_id"] == auto));
    // The park's cockpit equals the leader's filtered to that park; pv's filter counts nothing.
    let q = "from=2021-01-01&to=2026-12-31";
    let mine = s.get_json(&format!("/api/v1/cockpit?{q}")).await;
    let theirs = leader.get_json(&format!("/api/v1/cockpit?{q}&park={auto}")).await;
    for key in
        ["projects.signed.count", "projects.signed.investment", "projects.late", "invest.trips", "invest.receptions"]
    {
        assert_eq!(figure(&mine, key), figure(&theirs, key), "{key}");
    }
    // pv's filter is refused: the park is not the caller's.
    assert_invalid(s.get(&format!("/api/v1/cockpit?{q}&park={pv}")).await, "park").await;
    // A project placed in another park is refused, naming the field.
    let res = s
        .post(
            "/api/v1/projects",
            &json!({"name": "越界项目", "park_id": pv, "category": "other", "investment": YI, "signed_on": days_ago(1)}),
        )
        .await;
    let e = assert_invalid(res, "park_id").await;
    assert_eq!(e["code"], "PARK_OUT_OF_SCOPE");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_pipeline_allows_only_its_moves_and_a_signed_lead_becomes_a_project(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let lead = new_lead(&s, auto, "测试新能源科技有限公司").await;
    let id = lead["id"].as_i64().unwrap();
    assert_eq!(lead["stage"], "lead");
    // No skipping, no reasonless step back, nothing after signing.
    let (status, code, field, e) = error_of(move_to(&s, id, "negotiation", None).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, "LEAD_MOVE_NOT_ALLOWED", Some("stage"))
    );
    assert_eq!((e["params"]["from"].as_str(), e["params"]["to"].as_str()), (Some("lead"), Some("negotiation")));
    assert!(e["message"].as_str().unwrap().contains("线索"));
    assert_eq!(move_to(&s, id, "contact", None).await.status(), StatusCode::OK);
    let e = assert_invalid(move_to(&s, id, "lead", None).await, "reason").await;
    assert_eq!(e["code"], "LEAD_REASON_REQUIRED");
    assert_eq!(move_to(&s, id, "lead", Some("对方暂缓")).await.status(), StatusCode::OK);
    for st in ["contact", "negotiation", "signed"] {
        assert_eq!(move_to(&s, id, st, None).await.status(), StatusCode::OK, "to {st}");
    }
    let (_, code, _, _) = error_of(move_to(&s, id, "lost", Some("x")).await).await;
    assert_eq!(code, "LEAD_MOVE_NOT_ALLOWED");
    let history = s.get_json(&format!("/api/v1/leads/{id}/history")).await;
    let steps: Vec<&str> = history["items"].as_array().unwrap().iter().map(|m| m["to"].as_str().unwrap()).collect();
    assert_eq!(steps, ["lead", "contact", "lead", "contact", "negotiation", "signed"]);
    assert_eq!(history["items"][2]["reason"], "对方暂缓");
    // A move dated in the future or before the last move is refused.
    let other = new_lead(&s, auto, "日期测试有限公司").await["id"].as_i64().unwrap();
    let res = s
        .post(
            &format!("/api/v1/leads/{other}/move"),
            &json!({"stage": "contact", "on": (today() + Duration::days(3)).to_string()}),
        )
        .await;
    assert_eq!(assert_invalid(res, "on").await["code"], "DATE_IN_FUTURE");
    let res = s.post(&format!("/api/v1/leads/{other}/move"), &json!({"stage": "contact", "on": days_ago(30)})).await;
    assert_eq!(assert_invalid(res, "on").await["code"], "DATE_ORDER");
    // An unsigned lead has no project; the signed one gets exactly one, with the lead's data.
    let res = s.post(&format!("/api/v1/leads/{other}/project"), &json!({})).await;
    assert_eq!(assert_invalid(res, "stage").await["code"], "LEAD_NOT_SIGNED");
    let res = s.post(&format!("/api/v1/leads/{id}/project"), &json!({"category": "advanced_manufacturing"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["lead_id"], id);
    assert_eq!(p["investment"], 12.5 * YI);
    assert_eq!(p["park_id"], auto);
    assert_eq!(p["signed_on"], today().to_string());
    assert_eq!(p["stage"], "signed");
    let res = s.post(&format!("/api/v1/leads/{id}/project"), &json!({"category": "advanced_manufacturing"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(s.get_json(&format!("/api/v1/leads/{id}")).await["project_id"], p["id"]);
    // A signed lead cannot be deleted; an open one can.
    assert_eq!(error_of(s.delete(&format!("/api/v1/leads/{id}")).await).await.1, "LEAD_SIGNED");
    assert_eq!(s.delete(&format!("/api/v1/leads/{other}")).await.status(), StatusCode::NO_CONTENT);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn bad_amounts_dates_and_choices_are_refused_at_their_field(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let base =
        json!({"company": "某公司", "source": "expo", "kind": "new", "intended_investment": YI, "park_id": auto});
    let cases = [
        ("intended_investment", json!(-5), "AMOUNT_INVALID"),
        ("intended_investment", json!(0), "AMOUNT_INVALID"),
        ("intended_investment", json!(5e12), "AMOUNT_ABSURD"),
        ("intended_investment", json!(1.234), "AMOUNT_INVALID"),
        ("company", json!("  "), "REQUIRED"),
        ("source", json!("rumour"), "CHOICE_INVALID"),
        ("contact_phone", json!("call me"), "PHONE_INVALID"),
        ("industry_code", json!("9999"), "INDUSTRY_UNKNOWN"),
    ];
    let before = s.get_json("/api/v1/leads").await["total"].clone();
    for (field, value, code) in cases {
        let mut body = base.clone();
        body[field] = value;
        let e = assert_invalid(s.post("/api/v1/leads", &body).await, field).await;
        assert_eq!(e["code"], code, "{field}");
        assert!(crate::support::has_cjk(e["message"].as_str().unwrap()));
    }
    let mut secret = base.clone();
    secret["confidential"] = json!(true);
    assert_eq!(assert_invalid(s.post("/api/v1/leads", &secret).await, "codename").await["code"], "CODENAME_REQUIRED");
    assert_eq!(s.get_json("/api/v1/leads").await["total"], before, "nothing partial was stored");
    // Activities: end before start, too long, bad kind.
    let act = json!({"kind": "trip", "title": "赴深圳招商", "start_on": "2022-05-10", "end_on": "2022-05-09", "park_id": auto});
    assert_eq!(assert_invalid(s.post("/api/v1/activities", &act).await, "end_on").await["code"], "DATE_ORDER");
    let mut long = act.clone();
    long["end_on"] = json!("2022-09-10");
    assert_eq!(assert_invalid(s.post("/api/v1/activities", &long).await, "end_on").await["code"], "ACTIVITY_TOO_LONG");
    let mut bad = act.clone();
    bad["kind"] = json!("party");
    bad["end_on"] = json!("2022-05-12");
    assert_invalid(s.post("/api/v1/activities", &bad).await, "kind").await;
    // Projects: signing in the future, absurd investment, planned dates out of order.
    let p = json!({"name": "项目", "park_id": auto, "category": "other", "investment": YI, "signed_on": (today() + Duration::days(1)).to_string()});
    assert_eq!(assert_invalid(s.post("/api/v1/projects", &p).await, "signed_on").await["code"], "DATE_IN_FUTURE");
    let mut p2 = p.clone();
    p2["signed_on"] = json!(days_ago(3));
    p2["investment"] = json!(2e12);
    assert_eq!(assert_invalid(s.post("/api/v1/projects", &p2).await, "investment").await["code"], "AMOUNT_ABSURD");
    p2["investment"] = json!(YI);
    p2["planned"] = json!({"started": days_ago(5)});
    let e = assert_invalid(s.post("/api/v1/projects", &p2).await, "planned.started").await;
    assert_eq!(e["code"], "STAGE_ORDER");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn stage_dates_keep_the_template_order_and_the_late_flag_follows_the_records(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let late_before = figure(&s.get_json("/api/v1/cockpit").await, "projects.late");
    // Pre-review was due two days ago and has no actual date: the project is late.
    let p = new_project(&s, auto, json!({"planned": {"prereview": days_ago(2)}})).await;
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["late"], true);
    assert_eq!(p["late_stages"], json!(["prereview"]));
    let land = p["stages"].as_array().unwrap().iter().find(|s| s["stage"] == "land").unwrap().clone();
    assert_eq!(
        land["planned_on"],
        (today() - Duration::days(10) + Duration::days(90)).to_string(),
        "template: land 90 days after signing"
    );
    assert_eq!(figure(&s.get_json("/api/v1/cockpit").await, "projects.late"), late_before + 1.0);
    let late_list = s.get_json("/api/v1/projects?late=true&page_size=500").await;
    assert!(late_list["items"].as_array().unwrap().iter().any(|x| x["id"] == id));
    // Construction cannot start before pre-review and land are done, nor in the future.
    let url = |st: &str| format!("/api/v1/projects/{id}/stages/{st}");
    let res = s.put(&url("started"), &json!({"planned_on": land["planned_on"], "actual_on": days_ago(1)})).await;
    let e = assert_invalid(res, "actual_on").await;
    assert_eq!(e["code"], "STAGE_ORDER");
    let res = s
        .put(
            &url("prereview"),
            &json!({"planned_on": days_ago(2), "actual_on": (today() + Duration::days(1)).to_string()}),
        )
        .await;
    assert_eq!(assert_invalid(res, "actual_on").await["code"], "DATE_IN_FUTURE");
    let res = s.put(&url("prereview"), &json!({"planned_on": days_ago(2), "actual_on": days_ago(20)})).await;
    let e = assert_invalid(res, "actual_on").await;
    assert_eq!((e["code"].as_str(), e["params"]["after"].as_str()), (Some("STAGE_ORDER"), Some("signed")));
    // Recording the actual date clears the flag, in the detail, the list and the cockpit.
    let res = s.put(&url("prereview"), &json!({"planned_on": days_ago(2), "actual_on": days_ago(1)})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["late"], false);
    assert_eq!(p["stage"], "prereview");
    assert_eq!(figure(&s.get_json("/api/v1/cockpit").await, "projects.late"), late_before);
    let late_list = s.get_json("/api/v1/projects?late=true&page_size=500").await;
    assert!(!late_list["items"].as_array().unwrap().iter().any(|x| x["id"] == id));
    // A stage due within the warning window is "due soon".
    let res =
        s.put(&url("land"), &json!({"planned_on": (today() + Duration::days(3)).to_string(), "actual_on": null})).await;
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["due_soon"], json!(["land"]));
    // Progress and problems.
    let res = s
        .post(
            &format!("/api/v1/projects/{id}/progress"),
            &json!({"done": "完成环评公示", "blockers": "用电指标待落实"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(s.get_json(&format!("/api/v1/projects/{id}/progress")).await["items"][0]["blockers"], "用电指标待落实");
    let res = s.post(&format!("/api/v1/projects/{id}/problems"), &json!({"title": "施工用电未接入"})).await;
    let pid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(s.get_json(&format!("/api/v1/projects/{id}")).await["open_problems"], 1);
    let res = s.put(&format!("/api/v1/projects/{id}/problems/{pid}"), &json!({"status": "solved"})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.get_json(&format!("/api/v1/projects/{id}")).await["open_problems"], 0);
    // Every change is audited.
    let audit = app.login("auditor").await.get_json(&format!("/api/v1/audit?entity=project&entity_id={id}")).await;
    assert!(audit["total"].as_u64().unwrap() >= 3, "{audit}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn targets_count_actuals_from_records_and_the_leaderboard_ranks_by_its_rule(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let (auto, pv) = (park_id(&leader, "auto").await, park_id(&leader, "pv").await);
    let s = app.login("park_auto").await;
    let month = today().format("%Y-%m").to_string();
    // The park sets its own target; another park's is refused.
    let body = json!({"subject": "park", "park_id": auto, "period": month, "signed_count": 4, "signed_amount": 40.0 * YI, "trips": 30, "receptions": 40});
    let res = s.post("/api/v1/invest/targets", &body).await;
    let res = if res.status() == StatusCode::CONFLICT {
        // The demo may already hold this month's target: change it instead.
        let t = s.get_json(&format!("/api/v1/invest/targets?period={month}&subject=park")).await;
        let tid = t["items"].as_array().unwrap().iter().find(|t| t["park_id"] == auto).unwrap()["id"].as_i64().unwrap();
        s.put(&format!("/api/v1/invest/targets/{tid}"), &body).await
    } else {
        res
    };
    assert!(res.status().is_success());
    let t: Value = res.json().await.unwrap();
    let mut other = body.clone();
    other["park_id"] = json!(pv);
    assert_eq!(
        assert_invalid(s.post("/api/v1/invest/targets", &other).await, "park_id").await["code"],
        "PARK_OUT_OF_SCOPE"
    );
    assert_eq!(s.post("/api/v1/invest/targets", &body).await.status(), StatusCode::CONFLICT);
    let bad = json!({"subject": "park", "park_id": auto, "period": "2022-13", "signed_count": 1, "signed_amount": 0, "trips": 0, "receptions": 0});
    assert_eq!(assert_invalid(s.post("/api/v1/invest/targets", &bad).await, "period").await["code"], "PERIOD_INVALID");
    // A project signed today raises the actuals by exactly its count and amount.
    let before = t["actual"].clone();
    new_project(&s, auto, json!({"signed_on": today().to_string(), "investment": 3.0 * YI})).await;
    let after = s.get_json(&format!("/api/v1/invest/targets?period={month}&subject=park")).await;
    let after = after["items"].as_array().unwrap().iter().find(|x| x["id"] == t["id"]).unwrap()["actual"].clone();
    assert_eq!(after["signed_count"].as_i64().unwrap(), before["signed_count"].as_i64().unwrap() + 1);
    assert_eq!(fen(&after["signed_amount"]), fen(&before["signed_amount"]) + 300_000_000 * 100);
    // The park scope sees only its park's targets; pv's are not listed.
    for t in s.get_json("/api/v1/invest/targets").await["items"].as_array().unwrap() {
        assert_eq!(t["park_id"], auto);
    }
    // The leaderboard lists every park ordered by the rule it states; the auto park's row
    // includes the new project.
    for by in ["amount", "count"] {
        let b = s.get_json(&format!("/api/v1/invest/leaderboard?month={month}&by={by}")).await;
        assert!(b["rule"].as_str().unwrap().contains(if by == "amount" { "金额" } else { "个数" }));
        let rows = b["rows"].as_array().unwrap();
        assert_eq!(rows.len(), leader.get_json("/api/v1/parks").await["items"].as_array().unwrap().len());
        let key = |r: &Value| {
            let (n, a) = (r["signed_count"].as_f64().unwrap(), r["signed_amount"].as_f64().unwrap());
            if by == "amount" { (a, n) } else { (n, a) }
        };
        for w in rows.windows(2) {
            assert!(key(&w[0]) >= key(&w[1]), "{by}: {} before {}", w[0], w[1]);
            assert!(w[0]["rank"].as_u64() <= w[1]["rank"].as_u64());
        }
        let mine = rows.iter().find(|r| r["id"] == auto).unwrap();
        assert!(mine["signed_count"].as_i64().unwrap() >= 1);
    }
    // The person board covers only the caller's scope.
    let people = s.get_json(&format!("/api/v1/invest/leaderboard?month={month}&subject=user")).await;
    let auto_projects = list_all(&s, &format!("/api/v1/projects?signed_from={month}-01&signed_to={}", today())).await;
    let counted: i64 = people["rows"].as_array().unwrap().iter().map(|r| r["signed_count"].as_i64().unwrap()).sum();
    assert_eq!(counted, auto_projects.len() as i64);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn weekly_plans_activities_and_confidential_leads(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    // A weekly plan: saved whole, its completion computed from the items.
    let week = today().to_string();
    let items = json!({"items": [{"text": "拜访宁德时代", "done": true}, {"text": "接待比亚迪考察团", "done": false}, {"text": "准备推介会材料", "done": true}]});
    let res = s.put(&format!("/api/v1/weekly-plans/{week}"), &items).await;
    assert_eq!(res.status(), StatusCode::OK);
    let plan: Value = res.json().await.unwrap();
    assert_eq!((plan["done"].as_i64(), plan["total"].as_i64(), plan["rate"].as_f64()), (Some(2), Some(3), Some(0.667)));
    let monday = plan["week"].as_str().unwrap().to_owned();
    assert_eq!(NaiveDate::parse_from_str(&monday, "%Y-%m-%d").unwrap().format("%u").to_string(), "1");
    let e = assert_invalid(s.put(&format!("/api/v1/weekly-plans/{week}"), &json!({"items": []})).await, "items").await;
    assert_eq!(e["code"], "PLAN_ITEMS_INVALID");
    let listed = s.get_json(&format!("/api/v1/weekly-plans?week={monday}")).await;
    assert!(listed["items"].as_array().unwrap().iter().any(|p| p["id"] == plan["id"]));
    // An activity linked to a lead, found by the lead filter and counted per day.
    let lead = new_lead(&s, auto, "活动关联测试有限公司").await;
    let day = days_ago(400);
    let before =
        s.get_json(&format!("/api/v1/activities/stats?from={day}&to={day}")).await["total"]["trips"].as_i64().unwrap();
    let act = json!({"kind": "trip", "title": "赴苏州对接", "start_on": day, "end_on": day, "park_id": auto,
        "participants": ["张三", "李四"], "lead_ids": [lead["id"]], "counterpart": "某电池企业"});
    let res = s.post("/api/v1/activities", &act).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["leads"][0]["id"], lead["id"]);
    assert_eq!(a["participants"], json!(["张三", "李四"]));
    let found = s.get_json(&format!("/api/v1/activities?lead={}", lead["id"])).await;
    assert_eq!(found["total"], 1);
    let stats = s.get_json(&format!("/api/v1/activities/stats?from={day}&to={day}")).await;
    assert_eq!(stats["total"]["trips"].as_i64().unwrap(), before + 1);
    assert_eq!(stats["total"]["trips_per_day"].as_f64().unwrap(), (before + 1) as f64);
    // A confidential lead shows only its codename to others in the park, full to its owner
    // and to zone-wide readers; searching by its company name does not reveal it.
    let res = s
        .post(
            "/api/v1/leads",
            &json!({"company": "绝密电池有限公司", "codename": "项目K-01", "confidential": true, "source": "business",
                "kind": "new", "intended_investment": 80.0 * YI, "park_id": auto, "contact_phone": "13800000000"}),
        )
        .await;
    let secret: Value = res.json().await.unwrap();
    assert_eq!(secret["company"], "绝密电池有限公司");
    let admin = app.login("admin").await;
    let (_, colleague) = {
        let res = admin
            .post(
                "/api/v1/users",
                &json!({"username": "auto_colleague", "display_name": "园区同事", "password": "Colleague@2022x",
                    "roles": ["park"], "scope": {"kind": "parks", "parks": [auto]}}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        ((), app.anonymous())
    };
    let res = colleague
        .post("/api/v1/auth/login", &json!({"username": "auto_colleague", "password": "Colleague@2022x"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let seen = colleague.get_json(&format!("/api/v1/leads/{}", secret["id"])).await;
    assert_eq!(
        (seen["masked"].as_bool(), seen["company"].as_str(), seen["codename"].as_str()),
        (Some(true), None, Some("项目K-01"))
    );
    assert!(seen["contact_phone"].is_null());
    assert_eq!(colleague.get_json("/api/v1/leads?q=绝密").await["total"], 0);
    assert_eq!(colleague.get_json("/api/v1/leads?q=K-01").await["total"], 1);
    let leader = app.login("leader").await;
    assert_eq!(leader.get_json(&format!("/api/v1/leads/{}", secret["id"])).await["company"], "绝密电池有限公司");
}

/// Every route answers each demo role by its permissions: 403 without, 2xx with.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_route_answers_each_role_by_its_permissions(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let routes: [(&str, &str); 10] = [
        ("/api/v1/invest/meta", "lead:read|project:read"),
        ("/api/v1/leads", "lead:read"),
        ("/api/v1/leads/pipeline", "lead:read"),
        ("/api/v1/activities", "lead:read"),
        ("/api/v1/activities/stats", "lead:read"),
        ("/api/v1/invest/targets", "lead:read"),
        ("/api/v1/weekly-plans", "lead:read"),
        ("/api/v1/invest/leaderboard", "lead:read|cockpit:read"),
        ("/api/v1/projects", "project:read"),
        ("/api/v1/cockpit/invest", "cockpit:read&project:read"),
    ];
    for user in ["admin", "leader", "park_auto", "dept_land", "investor", "cadre", "ent_ja"] {
        let s = app.login(user).await;
        let me = s.get_json("/api/v1/me").await;
        let perms: BTreeSet<String> =
            me["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect();
        let allowed = |rule: &str| {
            if let Some((a, b)) = rule.split_once('&') {
                perms.contains(a) && perms.contains(b)
            } else {
                rule.split('|').any(|p| perms.contains(p))
            }
        };
        for (path, rule) in routes {
            let status = s.get(path).await.status();
            if allowed(rule) {
                assert!(status.is_success(), "{user} GET {path}: {status}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{user} GET {path}");
            }
        }
        // Writes: a lead needs lead:write, a project project:write, a target target:write.
        let auto = park_id(&s, "auto").await;
        let lead = s
            .post(
                "/api/v1/leads",
                &json!({"company": format!("{user}的线索"), "intended_investment": YI, "park_id": auto}),
            )
            .await
            .status();
        assert_eq!(lead == StatusCode::FORBIDDEN, !perms.contains("lead:write"), "{user} POST /leads: {lead}");
        let project = s
            .post("/api/v1/projects", &json!({"name": "权限测试", "park_id": auto, "category": "other", "investment": YI, "signed_on": days_ago(1)}))
            .await
            .status();
        assert_eq!(
            project == StatusCode::FORBIDDEN,
            !perms.contains("project:write"),
            "{user} POST /projects: {project}"
        );
        let target = s
            .post("/api/v1/invest/targets", &json!({"subject": "park", "park_id": auto, "period": "2030", "signed_count": 1, "signed_amount": YI, "trips": 1, "receptions": 1}))
            .await
            .status();
        assert_eq!(
            target == StatusCode::FORBIDDEN,
            !perms.contains("target:write"),
            "{user} POST /invest/targets: {target}"
        );
        if target.is_success() {
            // Leave 2030 free for the next role.
            let t = s.get_json("/api/v1/invest/targets?period=2030").await;
            let id = t["items"][0]["id"].as_i64().unwrap();
            assert_eq!(s.delete(&format!("/api/v1/invest/targets/{id}")).await.status(), StatusCode::NO_CONTENT);
        }
    }
}

/// The audit entry of an edit shows money in 元 on both sides, like the API: an edit that leaves
/// the amount alone shows no change of it, and one that changes it shows the two amounts entered.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_edit_is_audited_in_the_units_entered(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let lead = json!({"company": "审计核对有限公司", "codename": null, "confidential": false, "park_id": auto,
        "intended_investment": 3.0 * YI, "source": null, "kind": null, "industry_code": null, "chain_id": null,
        "owner_id": null, "contact_name": null, "contact_phone": null, "notes": null});
    let res = s.post("/api/v1/leads", &lead).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let mut edit = lead.clone();
    edit["notes"] = json!("补充了对接记录");
    assert_eq!(s.put(&format!("/api/v1/leads/{id}"), &edit).await.status(), StatusCode::OK);

    let body = json!({"subject": "park", "park_id": auto, "period": "2031", "signed_count": 4,
        "signed_amount": 40.0 * YI, "trips": 30, "receptions": 40});
    let res = s.post("/api/v1/invest/targets", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let tid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let mut more = body.clone();
    more["signed_amount"] = json!(50.0 * YI);
    assert_eq!(s.put(&format!("/api/v1/invest/targets/{tid}"), &more).await.status(), StatusCode::OK);

    let auditor = app.login("auditor").await;
    let update_of = |entity: &str, id: i64| {
        let path = format!("/api/v1/audit?entity={entity}&entity_id={id}&action=update");
        let auditor = &auditor;
        async move {
            let v = auditor.get_json(&path).await;
            assert_eq!(v["total"], 1, "{v}");
            v["items"][0].clone()
        }
    };
    let e = update_of("lead", id).await;
    assert_eq!(
        (e["before"]["intended_investment"].as_f64(), e["after"]["intended_investment"].as_f64()),
        (Some(3.0 * YI), Some(3.0 * YI))
    );
    assert_eq!((e["before"]["notes"].as_str(), e["after"]["notes"].as_str()), (Some(""), Some("补充了对接记录")));
    let e = update_of("invest_target", tid).await;
    assert_eq!(
        (e["before"]["signed_amount"].as_f64(), e["after"]["signed_amount"].as_f64()),
        (Some(40.0 * YI), Some(50.0 * YI))
    );
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(keys(&e["before"]), keys(&e["after"]), "{e}");
}
