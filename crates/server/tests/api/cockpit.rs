//! The leader cockpit, its charts and the cultivation goals: every figure is computed from the
//! records at request time, counted within the caller's scope, and its drill list agrees with it.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, assert_invalid, drill, fen, figure, list_all, park_id, spawn_app, status_code_of};

const COUNTS: [&str; 7] = [
    "enterprises.total",
    "enterprises.yi_plus",
    "enterprises.shiyi_plus",
    "enterprises.baiyi_plus",
    "enterprises.double_baiyi",
    "enterprises.new_shiyi",
    "enterprises.new_yi",
];

fn values(c: &Value) -> Vec<(String, f64)> {
    c["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_owned(), f["value"].as_f64().unwrap()))
        .collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_cockpit_counts_only_its_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let (auto, pv) = (park_id(&leader, "auto").await, park_id(&leader, "pv").await);
    let s = app.login("park_auto").await;
    let mine = s.get_json("/api/v1/cockpit?year=2021").await;
    let zone = leader.get_json("/api/v1/cockpit?year=2021").await;
    let zone_auto = leader.get_json(&format!("/api/v1/cockpit?year=2021&park={auto}")).await;
    assert_eq!(values(&mine), values(&zone_auto), "the park's own cockpit is the leader's filtered to that park");
    assert!(figure(&mine, "enterprises.yi_plus") > 0.0);
    assert!(figure(&mine, "enterprises.yi_plus") <= figure(&zone, "enterprises.yi_plus"));
    assert!(figure(&mine, "enterprises.total") < figure(&zone, "enterprises.total"));
    // 晶澳 (pv park) is the zone's only 双过百亿: not counted for the auto park.
    assert_eq!(figure(&mine, "enterprises.double_baiyi"), 0.0);
    for key in COUNTS {
        let list = s.get_json(&drill(&mine, key)).await;
        assert_eq!(list["total"].as_f64().unwrap(), figure(&mine, key), "drill of {key}");
    }
    // The sales figure is the sum of the sales of the very enterprises the park sees.
    let all = list_all(&s, "/api/v1/enterprises?year=2021").await;
    assert_eq!(all.len() as f64, figure(&mine, "enterprises.total"));
    let sales: i64 = all.iter().map(|e| fen(&e["sales"])).sum();
    let output: i64 = all.iter().map(|e| fen(&e["output"])).sum();
    assert_eq!(fen(&json!(figure(&mine, "indicators.sales"))), sales);
    assert_eq!(fen(&json!(figure(&mine, "indicators.output"))), output);
    // Asking for another park through the filter shows nothing of it.
    let other = s.get_json(&format!("/api/v1/cockpit?year=2021&park={pv}")).await;
    for (key, v) in values(&other) {
        assert_eq!(v, 0.0, "{key} of the pv park seen by park_auto");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn zone_cockpit_figures_agree_with_lists_and_charts(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let c = s.get_json("/api/v1/cockpit?year=2021").await;
    assert_eq!(c["year"], 2021);
    for key in COUNTS {
        let list = s.get_json(&drill(&c, key)).await;
        assert_eq!(list["total"].as_f64().unwrap(), figure(&c, key), "drill of {key}");
    }
    let new_yi: Vec<String> = list_all(&s, &drill(&c, "enterprises.new_yi"))
        .await
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    for n in ["意得", "通扬", "盈德"] {
        assert!(new_yi.iter().any(|x| x.contains(n)), "{n} in {new_yi:?}");
    }
    let power2 = s.get_json("/api/v1/enterprises?q=第二发电&year=2021").await;
    assert_eq!(power2["items"][0]["sales"].as_f64().unwrap(), 7_170_000_000.0);
    // `to` picks the year as `year` does.
    let by_dates = s.get_json("/api/v1/cockpit?from=2021-01-01&to=2021-12-31").await;
    assert_eq!(values(&by_dates), values(&c));
    // Charts: chain and park sums, monthly points and the tier history add up to the figures.
    let ch = s.get_json("/api/v1/cockpit/charts?year=2021").await;
    let total_sales = fen(&json!(figure(&c, "indicators.sales")));
    for series in ["by_chain", "by_park", "monthly"] {
        let sum: i64 = ch[series].as_array().unwrap().iter().map(|r| fen(&r["sales"])).sum();
        assert_eq!(sum, total_sales, "{series} sales add up to the cockpit's");
    }
    let yi: i64 = ch["by_park"].as_array().unwrap().iter().map(|r| r["yi_plus"].as_i64().unwrap()).sum();
    assert_eq!(yi as f64, figure(&c, "enterprises.yi_plus"));
    let y2021 = ch["tiers_by_year"].as_array().unwrap().iter().find(|t| t["year"] == 2021).unwrap().clone();
    assert_eq!(y2021["yi_plus"].as_f64().unwrap(), figure(&c, "enterprises.yi_plus"));
    assert_eq!(y2021["shiyi_plus"].as_f64().unwrap(), figure(&c, "enterprises.shiyi_plus"));
    assert_eq!(y2021["baiyi_plus"].as_f64().unwrap(), figure(&c, "enterprises.baiyi_plus"));
    assert_eq!(ch["monthly"].as_array().unwrap().len(), 12);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn park_charts_show_only_the_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let auto = park_id(&leader, "auto").await;
    let s = app.login("park_auto").await;
    let ch = s.get_json("/api/v1/cockpit/charts?year=2021").await;
    let parks = ch["by_park"].as_array().unwrap();
    assert_eq!(parks.len(), 1, "{parks:?}");
    assert_eq!(parks[0]["id"], auto);
    let c = s.get_json("/api/v1/cockpit?year=2021").await;
    let y2021 = ch["tiers_by_year"].as_array().unwrap().iter().find(|t| t["year"] == 2021).unwrap().clone();
    assert_eq!(y2021["yi_plus"].as_f64().unwrap(), figure(&c, "enterprises.yi_plus"));
    let monthly: i64 = ch["monthly"].as_array().unwrap().iter().map(|r| fen(&r["sales"])).sum();
    assert_eq!(monthly, fen(&json!(figure(&c, "indicators.sales"))));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn chart_rows_are_labelled_as_documented(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let ch = s.get_json("/api/v1/cockpit/charts?year=2021").await;
    for r in ch["by_chain"].as_array().unwrap() {
        assert!(r["chain"].is_string(), "by_chain row without `chain`: {r}");
    }
    for r in ch["by_park"].as_array().unwrap() {
        assert!(r["park"].is_string(), "by_park row without `park`: {r}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn cockpit_parameters_are_validated(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    assert_invalid(s.get("/api/v1/cockpit?year=99999").await, "year").await;
    assert_invalid(s.get("/api/v1/cockpit?to=2021-13-01").await, "to").await;
    assert_invalid(s.get("/api/v1/cockpit?year=2021&park=999999").await, "park").await;
    assert_invalid(s.get("/api/v1/cockpit/charts?year=1800").await, "year").await;
    let (status, code) = status_code_of(app.anonymous().get("/api/v1/cockpit").await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_REQUIRED"));
}

fn goal<'a>(goals: &'a Value, tier: &str) -> &'a Value {
    goals["items"].as_array().unwrap().iter().find(|g| g["tier"] == tier).unwrap_or_else(|| panic!("{tier} goal"))
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn demo_goals_progress_comes_from_the_records(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let goals = s.get_json("/api/v1/goals").await;
    assert_eq!(goals["items"].as_array().unwrap().len(), 2);
    let (baiyi, yi) = (goal(&goals, "baiyi"), goal(&goals, "yi"));
    assert_eq!((baiyi["target_count"].as_i64(), baiyi["deadline_year"].as_i64()), (Some(10), Some(2025)));
    assert_eq!((yi["target_count"].as_i64(), yi["deadline_year"].as_i64()), (Some(100), Some(2025)));
    for g in goals["items"].as_array().unwrap() {
        let list = s.get_json(g["drill"].as_str().unwrap()).await;
        assert_eq!(list["total"], g["current_count"], "drill of goal {}", g["name"]);
        let cockpit = s.get_json(&format!("/api/v1/cockpit?year={}", g["current_year"])).await;
        let key = if g["tier"] == "yi" { "enterprises.yi_plus" } else { "enterprises.baiyi_plus" };
        assert_eq!(g["current_count"].as_f64().unwrap(), figure(&cockpit, key));
        let progress = (g["current_count"].as_f64().unwrap() / g["target_count"].as_f64().unwrap()).min(1.0);
        assert!((g["progress"].as_f64().unwrap() - progress).abs() < 1e-9, "{g}");
        assert_eq!(g["on_track"].as_bool().unwrap(), g["forecast_count"].as_i64() >= g["target_count"].as_i64());
    }
    // The yi goal's base year is 2021: 72 enterprises at 亿元级 or above then.
    assert_eq!(yi["base_year"], 2021);
    assert_eq!(yi["base_count"], 72);
    // The charts carry the same goals.
    let ch = s.get_json("/api/v1/cockpit/charts").await;
    assert_eq!(ch["goals"], goals["items"]);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn leader_manages_goals_and_a_park_cannot(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let body = json!({"name": "三年培育20家10亿级企业", "tier": "shiyi", "target_count": 20, "base_year": 2021, "deadline_year": 2024});
    let res = s.post("/api/v1/goals", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["name"], body["name"]);
    assert_eq!(created["current_year"], 2024);
    let drill_total = s.get_json(created["drill"].as_str().unwrap()).await["total"].clone();
    assert_eq!(created["current_count"], drill_total);
    assert_eq!(s.get_json("/api/v1/goals").await["items"].as_array().unwrap().len(), 3);

    let mut changed = body.clone();
    changed["target_count"] = json!(25);
    let res = s.put(&format!("/api/v1/goals/{id}"), &changed).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["target_count"], 25);

    let park = app.login("park_auto").await;
    assert_eq!(park.get("/api/v1/goals").await.status(), StatusCode::OK, "parks read the goals");
    for res in [
        park.post("/api/v1/goals", &body).await,
        park.put(&format!("/api/v1/goals/{id}"), &body).await,
        park.delete(&format!("/api/v1/goals/{id}")).await,
    ] {
        let (status, code) = status_code_of(res).await;
        assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    }
    assert_eq!(s.delete(&format!("/api/v1/goals/{id}")).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.get_json("/api/v1/goals").await["items"].as_array().unwrap().len(), 2);
    assert_eq!(s.delete(&format!("/api/v1/goals/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(s.put(&format!("/api/v1/goals/{id}"), &body).await.status(), StatusCode::NOT_FOUND);
    let audit = s.get_json(&format!("/api/v1/audit?entity=goal&entity_id={id}")).await;
    assert_eq!(audit["total"], 3, "create, update, delete");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn goal_input_is_validated(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let ok = json!({"name": "目标", "tier": "yi", "target_count": 10, "base_year": 2021, "deadline_year": 2025});
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b
    };
    assert_invalid(s.post("/api/v1/goals", &with("deadline_year", json!(2020))).await, "deadline_year").await;
    assert_invalid(s.post("/api/v1/goals", &with("tier", json!("gold"))).await, "tier").await;
    assert_invalid(s.post("/api/v1/goals", &with("target_count", json!(0))).await, "target_count").await;
    assert_invalid(s.post("/api/v1/goals", &with("name", json!("  "))).await, "name").await;
    assert_invalid(s.post("/api/v1/goals", &with("base_year", json!(1800))).await, "base_year").await;
    assert_eq!(s.get_json("/api/v1/goals").await["items"].as_array().unwrap().len(), 2, "nothing was stored");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_reused_cockpit_answer_never_hides_a_write(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let park = app.login("park_auto").await;
    let first = park.get_json("/api/v1/cockpit").await;
    let again = park.get_json("/api/v1/cockpit").await;
    assert_eq!(first["as_of"], again["as_of"], "nothing written: the same answer, computed once");
    // A ticket filed by the park: the next answer counts it, at once.
    let res = park
        .post(
            "/api/v1/tickets",
            &json!({"channel": "phone", "category": "land", "title": "厂房漏雨",
            "detail": "企业来电", "contact_name": "李", "contact_phone": "0514-87111111"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let after = park.get_json("/api/v1/cockpit").await;
    assert_eq!(figure(&after, "tickets.open"), figure(&first, "tickets.open") + 1.0);
    assert_ne!(after["as_of"], first["as_of"]);
    // Another user of the same scope gets an answer of their own, the same figures.
    let leader = app.login("leader").await;
    let zone = leader.get_json(&format!("/api/v1/cockpit?park={}", park_id(&leader, "auto").await)).await;
    assert_eq!(figure(&zone, "tickets.open"), figure(&after, "tickets.open"));
}
