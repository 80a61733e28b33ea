//! Indicator records: exact round trips, upserts, yearly summaries and the cockpit following them,
//! validation of every item, and who may write.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{
    Backend, Session, TestApp, assert_invalid, enterprise_input, enterprise_named, fen, figure, list_all, park_id,
    spawn_app, status_code_of,
};

async fn new_enterprise(s: &Session, n: u32) -> i64 {
    let auto = park_id(s, "auto").await;
    let res = s.post("/api/v1/enterprises", &enterprise_input(n, auto)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// Every yearly summary still equals what the records give (the server keeps them in step).
async fn assert_summaries_exact(app: &TestApp) {
    let problems = zoneops_db::indicator::verify_summaries(app.db.conn()).await.expect("verify summaries");
    assert!(problems.is_empty(), "{:?}: {problems:?}", app.backend);
}

fn value_of(items: &Value, metric: &str, period: i64) -> Vec<f64> {
    items["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["metric"] == metric && i["period"] == period)
        .map(|i| i["value"].as_f64().unwrap())
        .collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn values_round_trip_exactly_and_upserts_replace(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let id = new_enterprise(&s, 200).await;
    let path = format!("/api/v1/enterprises/{id}/indicators");
    let items = json!({"items": [
        {"metric": "sales", "period": 202101, "value": 1234567.89},
        {"metric": "output", "period": 202101, "value": 98765432109.99},
        {"metric": "tax", "period": 202101, "value": 0.01},
        {"metric": "employees", "period": 202101, "value": 150},
        {"metric": "energy", "period": 202101, "value": 12.34},
    ]});
    let res = s.put(&path, &items).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["updated"], 5);
    let got = s.get_json(&path).await;
    assert_eq!(got["items"].as_array().unwrap().len(), 5);
    for sent in items["items"].as_array().unwrap() {
        let period = sent["period"].as_i64().unwrap();
        let metric = sent["metric"].as_str().unwrap();
        assert_eq!(value_of(&got, metric, period), vec![sent["value"].as_f64().unwrap()], "{metric}");
    }
    // Upserting the same key replaces the value: still one record.
    let again = json!({"items": [{"metric": "sales", "period": 202101, "value": 7654321.98}]});
    let res = s.put(&path, &again).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["updated"], 1);
    let got = s.get_json(&path).await;
    assert_eq!(value_of(&got, "sales", 202101), vec![7654321.98]);
    assert_eq!(got["items"].as_array().unwrap().len(), 5);
    // The write is in the record's audit trail.
    let audit = s.get_json(&format!("/api/v1/enterprises/{id}/audit")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["update_indicators", "update_indicators", "create"]);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn monthly_records_add_up_to_the_years_figure(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let id = new_enterprise(&s, 210).await;
    let path = format!("/api/v1/enterprises/{id}/indicators");
    // Twelve months with cents that binary floating point cannot hold exactly.
    let months: Vec<i64> = (1..=12).map(|m| 1_000_000_000 * m + 11 * m + 7).collect();
    let items: Vec<Value> = months
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"metric": "sales", "period": 202000 + i as i64 + 1, "value": *f as f64 / 100.0}))
        .collect();
    assert_eq!(s.put(&path, &json!({"items": items})).await.status(), StatusCode::OK);
    let tiers = s.get_json(&format!("/api/v1/enterprises/{id}/tiers")).await;
    let y2020 = tiers["items"].as_array().unwrap().iter().find(|t| t["year"] == 2020).unwrap().clone();
    assert_eq!(fen(&y2020["sales"]), months.iter().sum::<i64>());
    assert_eq!(y2020["tier"], "yi");
    // The list and the detail show the same yearly figure.
    let detail = s.get_json(&format!("/api/v1/enterprises/{id}?year=2020")).await;
    assert_eq!(detail["sales"], y2020["sales"]);
    // Period bounds on reading.
    let half = s.get_json(&format!("{path}?metric=sales&from=202001&to=202006")).await;
    assert_eq!(half["items"].as_array().unwrap().len(), 6);
    assert_eq!(s.get_json(&format!("{path}?metric=output")).await["items"].as_array().unwrap().len(), 0);
    // Changing one month moves the year by exactly the difference.
    let one = json!({"items": [{"metric": "sales", "period": 202006, "value": 0.5}]});
    assert_eq!(s.put(&path, &one).await.status(), StatusCode::OK);
    let tiers = s.get_json(&format!("/api/v1/enterprises/{id}/tiers")).await;
    let y2020 = tiers["items"].as_array().unwrap().iter().find(|t| t["year"] == 2020).unwrap().clone();
    assert_eq!(fen(&y2020["sales"]), months.iter().sum::<i64>() - months[5] + 50);
    assert_summaries_exact(&app).await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn crossing_one_yi_moves_the_cockpit_by_one(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let before = leader.get_json("/api/v1/cockpit?year=2021").await;
    let mine_before = s.get_json("/api/v1/cockpit?year=2021").await;
    // The auto park's largest enterprise still under 1亿 in 2021.
    let list = list_all(&s, "/api/v1/enterprises?year=2021&sort=sales&order=desc").await;
    let small =
        list.iter().find(|e| e["sales"].as_f64().is_some_and(|v| v > 0.0 && v < 1e8)).expect("a small one").clone();
    let id = small["id"].as_i64().unwrap();
    let path = format!("/api/v1/enterprises/{id}/indicators");
    let dec = s.get_json(&format!("{path}?metric=sales&from=202112&to=202112")).await;
    let dec_fen = fen(&dec["items"][0]["value"]);
    let target = 10_000_000_000 + 12_345; // 1亿 and 123.45元, in fen
    let new_dec = dec_fen + target - fen(&small["sales"]);
    let items = json!({"items": [{"metric": "sales", "period": 202112, "value": new_dec as f64 / 100.0}]});
    assert_eq!(s.put(&path, &items).await.status(), StatusCode::OK);

    let tiers = s.get_json(&format!("/api/v1/enterprises/{id}/tiers")).await;
    let y2021 = tiers["items"].as_array().unwrap().iter().find(|t| t["year"] == 2021).unwrap().clone();
    assert_eq!(fen(&y2021["sales"]), target);
    assert_eq!(y2021["tier"], "yi");
    let after = leader.get_json("/api/v1/cockpit?year=2021").await;
    assert_eq!(figure(&after, "enterprises.yi_plus"), figure(&before, "enterprises.yi_plus") + 1.0);
    assert_eq!(figure(&after, "enterprises.shiyi_plus"), figure(&before, "enterprises.shiyi_plus"));
    assert_eq!(
        fen(&json!(figure(&after, "indicators.sales"))) - fen(&json!(figure(&before, "indicators.sales"))),
        target - fen(&small["sales"])
    );
    let drill = list_all(&leader, crate::support::drill(&after, "enterprises.yi_plus").as_str()).await;
    assert!(drill.iter().any(|e| e["id"] == id), "the drill list includes the enterprise");
    assert_eq!(drill.len() as f64, figure(&after, "enterprises.yi_plus"));
    let mine = s.get_json("/api/v1/cockpit?year=2021").await;
    assert_eq!(figure(&mine, "enterprises.yi_plus"), figure(&mine_before, "enterprises.yi_plus") + 1.0);
    let zone_auto = leader.get_json(&format!("/api/v1/cockpit?year=2021&park={auto}")).await;
    assert_eq!(figure(&zone_auto, "enterprises.yi_plus"), figure(&mine, "enterprises.yi_plus"));
    // And it is a tier event of 2021.
    let events = leader.get_json("/api/v1/tier-events?year=2021").await;
    let ev = events["items"].as_array().unwrap().iter().find(|e| e["enterprise_id"] == id).expect("event").clone();
    assert_eq!(ev["to"], "yi");
    assert_eq!(fen(&ev["sales"]), target);
    assert_summaries_exact(&app).await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_item_is_validated_and_nothing_is_half_stored(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let id = new_enterprise(&s, 220).await;
    let path = format!("/api/v1/enterprises/{id}/indicators");
    let one = |metric: &str, period: Value, value: Value| json!({"items": [{"metric": metric, "period": period, "value": value}]});
    let cases: Vec<(Value, &str)> = vec![
        (one("sales", json!(202101), json!(-1)), "items[0].value"),
        (one("sales", json!(202101), json!(1.234)), "items[0].value"),
        (one("sales", json!(202101), json!(1e20)), "items[0].value"),
        (one("employees", json!(202101), json!(1.5)), "items[0].value"),
        (one("sales", json!(202113), json!(1)), "items[0].period"),
        (one("sales", json!(202100), json!(1)), "items[0].period"),
        (one("sales", json!(0), json!(1)), "items[0].period"),
        (one("sales", json!(1989), json!(1)), "items[0].period"),
        (one("sales", json!("abc"), json!(1)), "items[0].period"),
        (one("revenue", json!(202101), json!(1)), "items[0].metric"),
        (one("sales", json!(202101), json!("1e3")), "items[0].value"),
        (json!({"items": []}), "items"),
        (
            json!({"items": [{"metric": "sales", "period": 202101, "value": 5}, {"metric": "sales", "period": 202199, "value": 5}]}),
            "items[1].period",
        ),
    ];
    for (body, field) in cases {
        assert_invalid(s.put(&path, &body).await, field).await;
    }
    let stored = s.get_json(&path).await;
    assert!(stored["items"].as_array().unwrap().is_empty(), "nothing stored: {stored}");
    let tiers = s.get_json(&format!("/api/v1/enterprises/{id}/tiers")).await;
    assert!(tiers["items"].as_array().unwrap().is_empty());
    assert_invalid(s.get(&format!("{path}?metric=revenue")).await, "metric").await;
    assert_invalid(s.get(&format!("{path}?from=202113")).await, "from").await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn who_may_write_indicators(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let yapp = enterprise_named(&leader, "亚普").await["id"].as_i64().unwrap();
    let ja = enterprise_named(&leader, "晶澳").await["id"].as_i64().unwrap();
    let items = json!({"items": [{"metric": "tax", "period": 202101, "value": 4321.5}]});
    // Another park's enterprise: not found.
    let pv = app.login("park_pv").await;
    let (status, _) = status_code_of(pv.put(&format!("/api/v1/enterprises/{yapp}/indicators"), &items).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // No indicator:write: forbidden, whatever the scope.
    for who in ["investor", "leader", "cadre"] {
        let s = app.login(who).await;
        let (status, code) =
            status_code_of(s.put(&format!("/api/v1/enterprises/{yapp}/indicators"), &items).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"), "{who}");
    }
    let jan = leader.get_json(&format!("/api/v1/enterprises/{yapp}/indicators?metric=tax&from=202101&to=202101")).await;
    assert_ne!(value_of(&jan, "tax", 202101), vec![4321.5], "nothing was written");
    // An enterprise account reports its own figures, and only its own.
    let ent = app.login("ent_ja").await;
    assert_eq!(ent.put(&format!("/api/v1/enterprises/{ja}/indicators"), &items).await.status(), StatusCode::OK);
    let (status, _) = status_code_of(ent.put(&format!("/api/v1/enterprises/{yapp}/indicators"), &items).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mine = leader.get_json(&format!("/api/v1/enterprises/{ja}/indicators?metric=tax&from=202101&to=202101")).await;
    assert_eq!(value_of(&mine, "tax", 202101), vec![4321.5]);
    // The park writes its own enterprise's.
    let auto = app.login("park_auto").await;
    assert_eq!(auto.put(&format!("/api/v1/enterprises/{yapp}/indicators"), &items).await.status(), StatusCode::OK);
    assert_summaries_exact(&app).await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_same_key_twice_in_one_request_is_not_a_server_error(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let id = new_enterprise(&s, 230).await;
    let path = format!("/api/v1/enterprises/{id}/indicators");
    let items = json!({"items": [
        {"metric": "sales", "period": 202101, "value": 100.0},
        {"metric": "sales", "period": 202101, "value": 200.0},
    ]});
    let res = s.put(&path, &items).await;
    let status = res.status();
    assert!(status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY, "got {status}");
    let got = s.get_json(&path).await;
    let values = value_of(&got, "sales", 202101);
    if status == StatusCode::OK {
        assert_eq!(values.len(), 1, "one record per key");
        let tiers = s.get_json(&format!("/api/v1/enterprises/{id}/tiers")).await;
        assert_eq!(tiers["items"][0]["sales"].as_f64().unwrap(), values[0], "the summary agrees with the record");
    } else {
        assert!(values.is_empty());
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn one_enterprise_reporting_a_future_month_does_not_move_the_zones_default_year(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let ja = enterprise_named(&leader, "晶澳").await["id"].as_i64().unwrap();
    let before = leader.get_json("/api/v1/cockpit").await;
    let ent = app.login("ent_ja").await;
    let items = json!({"items": [{"metric": "sales", "period": 209912, "value": 1.0}]});
    let res = ent.put(&format!("/api/v1/enterprises/{ja}/indicators"), &items).await;
    if res.status() == StatusCode::OK {
        let after = leader.get_json("/api/v1/cockpit").await;
        assert_eq!(after["year"], before["year"], "the whole zone's cockpit jumped to an empty year");
        assert_eq!(figure(&after, "enterprises.yi_plus"), figure(&before, "enterprises.yi_plus"));
    } else {
        assert_invalid(res, "items[0].period").await;
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_years_figures_follow_each_metrics_rule(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let id = new_enterprise(&s, 260).await;
    let items = json!({"items": [
        {"metric": "sales", "period": 202201, "value": 100.5},
        {"metric": "sales", "period": 202202, "value": 200.25},
        {"metric": "employees", "period": 202201, "value": 120},
        {"metric": "employees", "period": 202202, "value": 130},
        {"metric": "employees", "period": 202203, "value": 131},
        {"metric": "land_mu", "period": 202203, "value": 80.5},
        {"metric": "land_mu", "period": 202201, "value": 60},
        {"metric": "tax", "period": 2023, "value": 9.99},
        {"metric": "tax", "period": 202301, "value": 1000},
    ]});
    assert_eq!(s.put(&format!("/api/v1/enterprises/{id}/indicators"), &items).await.status(), StatusCode::OK);
    let years = s.get_json(&format!("/api/v1/enterprises/{id}/years")).await;
    let y2022 = years["items"].as_array().unwrap().iter().find(|y| y["year"] == 2022).unwrap();
    assert_eq!(y2022["figures"]["sales"], 300.75, "flows add up");
    assert_eq!(y2022["figures"]["employees"], 127.0, "headcount is the yearly average");
    assert_eq!(y2022["figures"]["land_mu"], 80.5, "land area is the latest month's");
    assert!(y2022["figures"].get("rd").is_none(), "an unreported metric is absent, not 0");
    let y2023 = years["items"].as_array().unwrap().iter().find(|y| y["year"] == 2023).unwrap();
    assert_eq!(y2023["figures"]["tax"], 9.99, "a reported yearly value wins over the months");
    assert_summaries_exact(&app).await;
    // Outside the caller's scope the years are as invisible as the enterprise.
    let pv = app.login("park_pv").await;
    assert_eq!(pv.get(&format!("/api/v1/enterprises/{id}/years")).await.status(), StatusCode::NOT_FOUND);
}

/// A write whose client gives up while it waits halfway (here behind a lock another transaction
/// holds) is still finished whole, value and audit row, once the lock is released.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_write_whose_client_went_away_is_finished_whole(#[case] backend: Backend) {
    use sea_orm::ConnectionTrait;
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let id = new_enterprise(&s, 201).await;
    let path = format!("/api/v1/enterprises/{id}/indicators");
    // SQLite: the write waits for this writer; PostgreSQL: it stores the value, then waits to
    // write its audit row.
    let blocker = app.db.begin_write().await.unwrap();
    if backend == Backend::Postgres {
        blocker.execute_unprepared("LOCK TABLE audit IN EXCLUSIVE MODE").await.unwrap();
    }
    let body = json!({"items": [{"metric": "energy", "period": 202103, "value": 42.5}]});
    let gave_up = s.client.put(s.url(&path)).json(&body).timeout(std::time::Duration::from_millis(700)).send().await;
    assert!(gave_up.is_err(), "the client gave up while the write waited");
    blocker.commit().await.unwrap();

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let stored = value_of(&s.get_json(&path).await, "energy", 202103);
        let audit = s.get_json(&format!("/api/v1/enterprises/{id}/audit")).await;
        let audited = audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "update_indicators");
        if stored == vec![42.5] && audited {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "write not finished: value {stored:?}, audited {audited}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The connections are clean: the next write goes through and is answered.
    let res = s.put(&path, &json!({"items": [{"metric": "energy", "period": 202104, "value": 1.5}]})).await;
    assert_eq!(res.status(), StatusCode::OK);
}
