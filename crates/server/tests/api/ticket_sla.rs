//! The SLA columns stored on each ticket (decision 0012) agree with the clock replayed from its
//! history — after the demo load, a policy change, a calendar change and actions — and the
//! overdue list, the level filter and the cockpit figures they answer agree with the live view.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};
use zoneops_app::ticket_sla::verify;

use crate::support::*;

async fn total(s: &Session, path: &str) -> u64 {
    s.get_json(path).await["total"].as_u64().unwrap()
}

async fn agree(app: &TestApp) {
    let problems = verify(&app.db, chrono::Utc::now()).await.unwrap();
    assert!(problems.is_empty(), "{} tickets disagree, e.g. {:?}", problems.len(), problems.first());
}

/// Every ticket the filter lists is what the live view says, and so is every open ticket not
/// listed (first page of each).
async fn list_matches_live_view(s: &Session, filter: &str, live: impl Fn(&Value) -> bool) {
    let listed = s.get_json(&format!("/api/v1/tickets?{filter}&page_size=100")).await;
    let listed = listed["items"].as_array().unwrap();
    for t in listed {
        assert!(live(t), "listed by {filter} but the live clock says {}", t["sla"]);
    }
    let open = s.get_json("/api/v1/tickets?open=true&page_size=100").await;
    for t in open["items"].as_array().unwrap() {
        if !listed.iter().any(|x| x["id"] == t["id"]) && listed.len() < 100 {
            assert!(!live(t), "ticket {} is {} live but not listed by {filter}", t["no"], t["sla"]);
        }
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_stored_sla_columns_follow_actions_policies_and_the_calendar(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    // The demo's tickets, in every state and some overdue, were loaded with their columns.
    agree(&app).await;
    let overdue = |t: &Value| t["overdue"] == true;
    list_matches_live_view(&service, "overdue=true", overdue).await;
    list_matches_live_view(&service, "level=supervision", |t| {
        matches!(t["sla"]["level"].as_str(), Some("supervision" | "public_notice"))
    })
    .await;
    let before = total(&service, "/api/v1/tickets?overdue=true").await;

    // A much stricter policy for every category: running tickets fall overdue at once.
    let limit = |n: u32| json!({"amount": n, "unit": "working_hours"});
    let items: Vec<Value> = ["urgent", "high", "normal"]
        .iter()
        .map(|p| {
            json!({"category": "*", "priority": p, "answer": limit(1), "resolve": limit(1),
            "remind_before": limit(1), "notice_after_working_days": 1})
        })
        .collect();
    let res = service.put("/api/v1/sla-policies", &json!({"items": items})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    agree(&app).await;
    let after = total(&service, "/api/v1/tickets?overdue=true").await;
    assert!(after > before, "one working hour makes more tickets overdue ({before} → {after})");
    list_matches_live_view(&service, "overdue=true", overdue).await;

    // The escalation scan announces each level reached once: a second scan finds nothing new,
    // and the land bureau's inbox has the notices of its tickets.
    let made = zoneops_app::notify::scan_escalations(&app.state.ctx).await.unwrap();
    assert!(made > 0, "overdue tickets reached 催办 or beyond");
    let mut again = zoneops_app::notify::scan_escalations(&app.state.ctx).await.unwrap();
    while again == 500 {
        again = zoneops_app::notify::scan_escalations(&app.state.ctx).await.unwrap(); // a backlog, 500 a scan
    }
    assert_eq!(zoneops_app::notify::scan_escalations(&app.state.ctx).await.unwrap(), 0, "announced once");
    let inbox = app.login("dept_land").await.get_json("/api/v1/notifications").await;
    let titles: Vec<&str> = inbox["items"].as_array().unwrap().iter().filter_map(|n| n["title"].as_str()).collect();
    assert!(
        titles.iter().any(|t| t.starts_with("【催办】") || t.starts_with("【督办】") || t.starts_with("【通报】")),
        "{titles:?}"
    );

    // The cockpit's overdue figure is its drill's total.
    let leader = app.login("leader").await;
    let c = leader.get_json("/api/v1/cockpit").await;
    let fig = c["figures"].as_array().unwrap().iter().find(|f| f["key"] == "tickets.overdue").unwrap().clone();
    assert_eq!(total(&leader, fig["drill"].as_str().unwrap()).await as f64, fig["value"].as_f64().unwrap());
    let rate = c["figures"].as_array().unwrap().iter().find(|f| f["key"] == "tickets.resolved_on_time_rate").unwrap();
    assert!(
        total(&leader, rate["drill"].as_str().unwrap()).await > 0,
        "the rate's drill lists the period's resolutions"
    );

    // A calendar year made all holidays on weekdays of this year's last months: clocks that ran
    // then are recomputed in the same transaction.
    let year = crate::support::zone_today().format("%Y").to_string();
    let cal = service.get_json(&format!("/api/v1/calendar/{year}")).await;
    let mut holidays = cal["holidays"].as_array().unwrap().clone();
    let mut d = chrono::NaiveDate::parse_from_str(&format!("{year}-10-01"), "%Y-%m-%d").unwrap();
    while d.format("%Y").to_string() == year {
        if chrono::Datelike::weekday(&d).number_from_monday() <= 5 && !holidays.contains(&json!(d.to_string())) {
            holidays.push(json!(d.to_string()));
        }
        d = d.succ_opt().unwrap();
    }
    let res = service.put(&format!("/api/v1/calendar/{year}"), &json!({"holidays": holidays, "workdays": []})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    agree(&app).await;
    list_matches_live_view(&service, "overdue=true", overdue).await;

    // Actions move the columns with the history: a new ticket dispatched, paused, resumed, resolved.
    let res = service
        .post(
            "/api/v1/tickets",
            &json!({"channel": "phone", "category": "land", "title": "用地指标咨询",
            "detail": "企业来电", "contact_name": "王", "contact_phone": "0514-87000000"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let land = service.get_json("/api/v1/departments").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "land")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let dept = app.login("dept_land").await;
    for (who, code, body) in [
        (&service, "dispatch", json!({"department_id": land})),
        (&dept, "accept", json!({})),
        (&dept, "start", json!({})),
        (&dept, "pause", json!({"reason": "等待企业补充材料"})),
        (&dept, "resume", json!({})),
        (&dept, "resolve", json!({"resolution": "已答复"})),
    ] {
        let res = who.post(&format!("/api/v1/tickets/{id}/actions/{code}"), &body).await;
        assert_eq!(res.status(), StatusCode::OK, "{code}: {}", res.text().await.unwrap());
        agree(&app).await;
    }
    // Resolved: off the overdue list whatever its clock said.
    let listed = service.get_json("/api/v1/tickets?overdue=true&page_size=100").await;
    assert!(listed["items"].as_array().unwrap().iter().all(|t| t["id"] != id));
}
