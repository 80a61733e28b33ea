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

fn values(c: &Value) -> Vec<(String, Option<f64>)> {
    c["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_owned(), f["value"].as_f64()))
        .collect()
}

fn fig<'a>(c: &'a Value, key: &str) -> &'a Value {
    c["figures"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap_or_else(|| panic!("figure {key}"))
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
    // Asking for another park through the filter is refused, naming the filter (never zeros).
    for path in ["/api/v1/cockpit", "/api/v1/cockpit/charts", "/api/v1/cockpit/invest"] {
        let e = assert_invalid(s.get(&format!("{path}?year=2021&park={pv}")).await, "park").await;
        assert_eq!(e["code"], "PARK_OUT_OF_SCOPE", "{path}");
        assert!(e["message"].as_str().unwrap().contains("园区"), "{e}");
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
    // The demo's goals on its load date: each five-year period's that has begun.
    let demo_goals = zoneops_db::demo_gen::goals_on(crate::support::demo_options().today).len();
    assert_eq!(goals["items"].as_array().unwrap().len(), demo_goals);
    assert!(demo_goals >= 2);
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
    let demo_goals = zoneops_db::demo_gen::goals_on(crate::support::demo_options().today).len();
    assert_eq!(s.get_json("/api/v1/goals").await["items"].as_array().unwrap().len(), demo_goals + 1);

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
    assert_eq!(s.get_json("/api/v1/goals").await["items"].as_array().unwrap().len(), demo_goals);
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
    let demo_goals = zoneops_db::demo_gen::goals_on(crate::support::demo_options().today).len();
    assert_eq!(s.get_json("/api/v1/goals").await["items"].as_array().unwrap().len(), demo_goals, "nothing was stored");
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

/// A park of its own with a park user of its own: figures there are exactly what a test puts in.
async fn fresh_park(app: &crate::support::TestApp, code: &str) -> (i64, crate::support::Session) {
    let admin = app.login("admin").await;
    let res = admin.post("/api/v1/parks", &json!({"code": code, "name": format!("{code}测试园")})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let park = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let user = json!({"username": format!("park_{code}"), "display_name": "测试园区", "password": "Park@2022xx!",
        "roles": ["park"], "scope": {"kind": "parks", "parks": [park]}});
    assert_eq!(admin.post("/api/v1/users", &user).await.status(), StatusCode::CREATED);
    let s = app.anonymous();
    let res =
        s.post("/api/v1/auth/login", &json!({"username": format!("park_{code}"), "password": "Park@2022xx!"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    (park, s)
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_rate_with_nothing_to_rate_is_null(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    // A quarter before the zone's records: nothing resolved, nothing rated.
    let c = leader.get_json("/api/v1/cockpit?from=2005-01-01&to=2005-03-31").await;
    for key in ["tickets.resolved_on_time_rate", "tickets.satisfaction_avg"] {
        let f = fig(&c, key);
        assert!(f["value"].is_null(), "{key}: {f}");
        assert!(f["last_year"].is_null() && f["change"].is_null(), "{key}: {f}");
    }
    assert_eq!(figure(&c, "projects.signed.count"), 0.0, "a count of nothing is 0, not null");
    // A park without enterprises: no 四上 enterprise to cover.
    let (park, _) = fresh_park(&app, "empty").await;
    let c = leader.get_json(&format!("/api/v1/cockpit?park={park}")).await;
    assert!(fig(&c, "visits.coverage_rate")["value"].is_null(), "{}", fig(&c, "visits.coverage_rate"));
    assert_eq!(figure(&c, "enterprises.total"), 0.0);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_user_reads_its_park_in_its_own_terms(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let parks = leader.get_json("/api/v1/parks").await;
    let auto = parks["items"].as_array().unwrap().iter().find(|p| p["code"] == "auto").unwrap().clone();
    let zone = leader.get_json("/api/v1/cockpit?year=2021").await;
    assert_eq!(zone["subject"]["kind"], "zone");
    assert_eq!(zone["subject"]["name"], zone["zone"]);
    assert!(crate::support::has_cjk(zone["zone"].as_str().unwrap()));
    assert_eq!(fig(&zone, "indicators.sales")["label"], "全区销售收入");
    assert_eq!(zone["parks"].as_array().unwrap().len(), parks["items"].as_array().unwrap().len());

    let s = app.login("park_auto").await;
    let mine = s.get_json("/api/v1/cockpit?year=2021").await;
    assert_eq!(mine["subject"]["kind"], "park");
    assert_eq!(mine["subject"]["name"], auto["name"]);
    assert_eq!(mine["zone"], zone["zone"], "the zone's name, for the screen's title");
    assert_eq!(fig(&mine, "indicators.sales")["label"], "园区销售收入");
    assert_eq!(fig(&mine, "indicators.output")["label"], "园区工业产值");
    for f in mine["figures"].as_array().unwrap() {
        assert!(!f["label"].as_str().unwrap().contains("全区"), "{f}");
    }
    // The filter offers its own park only.
    assert_eq!(mine["parks"], json!([{"id": auto["id"], "name": auto["name"]}]));
    // No zone goal drawn against the park's figures; the zone's charts keep them.
    let charts = s.get_json("/api/v1/cockpit/charts?year=2021").await;
    assert_eq!(charts["goals"], json!([]));
    assert_eq!(charts["subject"]["kind"], "park");
    let zone_auto = leader.get_json(&format!("/api/v1/cockpit/charts?year=2021&park={}", auto["id"])).await;
    assert_eq!(zone_auto["goals"], json!([]), "the leader's view of one park has no zone goal either");
    assert!(!leader.get_json("/api/v1/cockpit/charts?year=2021").await["goals"].as_array().unwrap().is_empty());
    // Today's figures are apart from the period's, and have no 同比.
    for key in ["tickets.open", "tickets.overdue", "projects.late"] {
        let f = fig(&mine, key);
        assert_eq!(f["basis"], "today", "{f}");
        assert!(f["last_year"].is_null() && f["from"].is_null(), "{f}");
    }
    assert_eq!(fig(&mine, "projects.signed.count")["basis"], "period");
    assert_eq!(fig(&mine, "enterprises.yi_plus")["basis"], "year");
    // The coverage follows the period: 2021's figures cover its fourth quarter, and so does the drill.
    let cov = fig(&mine, "visits.coverage_rate");
    assert_eq!((cov["from"].as_str(), cov["to"].as_str()), (Some("2021-10-01"), Some("2021-12-31")));
    let list = s.get_json(cov["drill"].as_str().unwrap()).await;
    assert_eq!((list["year"].as_i64(), list["quarter"].as_i64()), (Some(2021), Some(4)));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn same_period_last_year_comes_from_the_records(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (park, s) = fresh_park(&app, "yoy").await;
    // An enterprise with March sales of 1亿 in 2024 and 1.5亿 in 2025.
    let res = s.post("/api/v1/enterprises", &crate::support::enterprise_input(901, park)).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let items = json!({"items": [{"metric": "sales", "period": 202403, "value": 1.0e8},
        {"metric": "sales", "period": 202503, "value": 1.5e8}]});
    assert_eq!(s.put(&format!("/api/v1/enterprises/{id}/indicators"), &items).await.status(), StatusCode::OK);
    // Two trips in March 2024; three trips and a reception in March 2025.
    let act = |kind: &str, day: &str| json!({"kind": kind, "title": "招商活动", "start_on": day, "end_on": day, "park_id": park});
    for (kind, day) in [
        ("trip", "2024-03-05"),
        ("trip", "2024-03-20"),
        ("trip", "2025-03-03"),
        ("trip", "2025-03-10"),
        ("trip", "2025-03-24"),
        ("reception", "2025-03-12"),
    ] {
        let res = s.post("/api/v1/activities", &act(kind, day)).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    }
    // A project signed in March 2025; none a year earlier.
    let project = json!({"name": "同比测试项目", "park_id": park, "category": "advanced_manufacturing",
        "investment": 2.0e8, "signed_on": "2025-03-18"});
    let res = s.post("/api/v1/projects", &project).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());

    let c = s.get_json("/api/v1/cockpit?from=2025-03-01&to=2025-03-31").await;
    let yoy = |key: &str| {
        let f = fig(&c, key);
        (f["value"].as_f64(), f["last_year"].as_f64(), f["change"].as_f64())
    };
    assert_eq!(yoy("indicators.sales"), (Some(1.5e8), Some(1.0e8), Some(50.0)));
    assert_eq!(yoy("enterprises.yi_plus"), (Some(1.0), Some(1.0), Some(0.0)));
    assert_eq!(yoy("invest.trips"), (Some(3.0), Some(2.0), Some(50.0)));
    assert_eq!(yoy("invest.receptions"), (Some(1.0), Some(0.0), None), "a real zero last year: no percent of it");
    assert_eq!(yoy("projects.signed.count"), (Some(1.0), None, None), "no project last year: no data, not 0");
    assert_eq!(yoy("projects.signed.investment"), (Some(2.0e8), None, None));
    assert_eq!(yoy("tickets.resolved_on_time_rate"), (None, None, None));
    let sales = fig(&c, "indicators.sales");
    assert_eq!((sales["from"].as_str(), sales["to"].as_str()), (Some("2025-01-01"), Some("2025-12-31")));
    // The leader's view of that park is the same, figure for figure.
    let leader = app.login("leader").await;
    let theirs = leader.get_json(&format!("/api/v1/cockpit?from=2025-03-01&to=2025-03-31&park={park}")).await;
    for key in ["indicators.sales", "invest.trips", "invest.receptions", "projects.signed.count"] {
        assert_eq!(fig(&theirs, key)["last_year"], fig(&c, key)["last_year"], "{key}");
        assert_eq!(fig(&theirs, key)["change"], fig(&c, key)["change"], "{key}");
    }
}
