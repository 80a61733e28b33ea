//! Month grids (issue #16 part 4, decision 0039): a save through either grid is what the
//! indicator, year and tier routes read afterwards; a batch is all or nothing and names its bad
//! rows; scope holds through the grid; each changed enterprise gets its audit entry.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{
    Backend, Session, TestApp, assert_invalid, enterprise_input, enterprise_named, error_of, fen, park_id, spawn_app,
};

async fn new_enterprise(s: &Session, n: u32) -> i64 {
    let auto = park_id(s, "auto").await;
    let res = s.post("/api/v1/enterprises", &enterprise_input(n, auto)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn assert_summaries_exact(app: &TestApp) {
    let problems = zoneops_db::indicator::verify_summaries(app.db.conn()).await.expect("verify summaries");
    assert!(problems.is_empty(), "{:?}: {problems:?}", app.backend);
}

/// The stored values of one metric and period, as `GET …/indicators` reads them.
async fn stored(s: &Session, id: i64, metric: &str, period: i64) -> Vec<f64> {
    let v = s.get_json(&format!("/api/v1/enterprises/{id}/indicators?metric={metric}&from={period}&to={period}")).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["period"] == period)
        .map(|i| i["value"].as_f64().unwrap())
        .collect()
}

async fn year_figures(s: &Session, id: i64, year: i64) -> Value {
    let v = s.get_json(&format!("/api/v1/enterprises/{id}/years")).await;
    v["items"].as_array().unwrap().iter().find(|y| y["year"] == year).map_or(Value::Null, |y| y["figures"].clone())
}

async fn audit_actions(s: &Session, id: i64) -> Vec<Value> {
    s.get_json(&format!("/api/v1/enterprises/{id}/audit")).await["items"].as_array().unwrap().clone()
}

fn row<'a>(grid: &'a Value, metric: &str) -> &'a Value {
    grid["rows"].as_array().unwrap().iter().find(|r| r["metric"] == metric).expect("metric row")
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_enterprise_month_saved_is_what_indicators_years_and_tiers_read(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let id = new_enterprise(&s, 610).await;
    let indicators = format!("/api/v1/enterprises/{id}/indicators");
    // Neighbours: May 2021 and June 2020 through the existing route.
    let before = json!({"items": [
        {"metric": "sales", "period": 202105, "value": 40_000_000.0},
        {"metric": "sales", "period": 202006, "value": 30_000_000.0},
        {"metric": "tax", "period": 202106, "value": 500.0},
    ]});
    assert_eq!(s.put(&indicators, &before).await.status(), StatusCode::OK);
    let path = format!("/api/v1/enterprises/{id}/indicator-grid");
    let grid = s.get_json(&format!("{path}?month=2021-06")).await;
    assert_eq!(grid["month"], "2021-06");
    assert_eq!(grid["rows"].as_array().unwrap().len(), 8, "every metric has its row");
    let sales = row(&grid, "sales");
    assert_eq!((sales["value"].clone(), sales["previous"].clone()), (Value::Null, json!(40_000_000.0)));
    assert_eq!(sales["last_year"], 30_000_000.0);
    assert_eq!((sales["unit"].as_str(), sales["money"].as_bool()), (Some("元"), Some(true)));
    assert!(row(&grid, "rd")["value"].is_null(), "an unreported figure is null, not 0");

    // 6,543.21万元 of sales (exact cents), 88 people, tax cleared, energy unchanged-absent.
    let body = json!({"month": "2021-06", "items": [
        {"metric": "sales", "value": 65_432_100.01},
        {"metric": "employees", "value": 88},
        {"metric": "tax", "value": null},
    ]});
    let res = s.put(&path, &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!((saved["updated"].as_i64(), saved["cleared"].as_i64()), (Some(2), Some(1)));
    assert_eq!(row(&saved["grid"], "sales")["value"], 65_432_100.01);
    assert!(row(&saved["grid"], "tax")["value"].is_null());

    assert_eq!(stored(&s, id, "sales", 202106).await, vec![65_432_100.01]);
    assert_eq!(stored(&s, id, "employees", 202106).await, vec![88.0]);
    assert!(stored(&s, id, "tax", 202106).await.is_empty(), "a cleared cell removes the record");
    // The year follows: May + June of sales, the average headcount, no tax figure at all.
    let y = year_figures(&s, id, 2021).await;
    assert_eq!(fen(&y["sales"]), 4_000_000_000 + 6_543_210_001);
    assert_eq!(y["employees"], 88.0);
    assert!(y.get("tax").is_none(), "no tax left in 2021: {y}");
    let tiers = s.get_json(&format!("/api/v1/enterprises/{id}/tiers")).await;
    let t2021 = tiers["items"].as_array().unwrap().iter().find(|t| t["year"] == 2021).unwrap().clone();
    assert_eq!(t2021["tier"], "yi", "10,543万元 of sales is 亿元级");
    // One audit entry for the save, naming the figures before and after.
    let audit = audit_actions(&s, id).await;
    assert_eq!(audit[0]["action"], "update_indicators");
    let after = serde_json::to_string(&audit[0]).unwrap();
    assert!(after.contains("65432100.01") && after.contains("202106"), "{after}");
    // The same save again changes nothing and writes no audit entry.
    let again: Value = s.put(&path, &body).await.json().await.unwrap();
    assert_eq!((again["updated"].as_i64(), again["unchanged"].as_i64()), (Some(0), Some(3)));
    assert_eq!(audit_actions(&s, id).await.len(), audit.len());
    // Clearing the last figures of a year removes its summary.
    let clear = json!({"month": "2021-06", "items": [{"metric": "sales", "value": null}, {"metric": "employees", "value": null}]});
    assert_eq!(s.put(&path, &clear).await.status(), StatusCode::OK);
    let may = json!({"month": "2021-05", "items": [{"metric": "sales", "value": null}]});
    assert_eq!(s.put(&path, &may).await.status(), StatusCode::OK);
    assert!(year_figures(&s, id, 2021).await.is_null(), "2021 has no records left");
    assert_summaries_exact(&app).await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_grid_save_moves_each_enterprises_figures_with_one_audit_entry_each(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let grid = s.get_json("/api/v1/indicator-grid?metric=sales&month=2021-12").await;
    let rows = grid["items"].as_array().unwrap().clone();
    let total = s.get_json("/api/v1/enterprises?page_size=1").await["total"].clone();
    assert_eq!(grid["total"], total, "the park user's grid is its enterprise list");
    assert_eq!(rows.len() as u64, total.as_u64().unwrap());
    assert!(rows.iter().all(|r| r["park_id"] == auto));
    // 规上 first.
    let flags: Vec<bool> = rows.iter().map(|r| r["above_size"].as_bool().unwrap()).collect();
    assert!(flags.windows(2).all(|w| w[0] >= w[1]), "规上 enterprises come first");
    let above = s.get_json("/api/v1/indicator-grid?metric=sales&month=2021-12&above_size=true").await;
    assert!(above["items"].as_array().unwrap().iter().all(|r| r["above_size"] == true));
    // Two enterprises that reported December 2021.
    let picked: Vec<Value> = rows.iter().filter(|r| r["value"].is_number()).take(2).cloned().collect();
    assert_eq!(picked.len(), 2);
    let (a, b) = (picked[0]["enterprise_id"].as_i64().unwrap(), picked[1]["enterprise_id"].as_i64().unwrap());
    let year_a = fen(&year_figures(&s, a, 2021).await["sales"]);
    let old_a = fen(&picked[0]["value"]);
    let audit_before = (audit_actions(&s, a).await.len(), audit_actions(&s, b).await.len());
    let body = json!({"metric": "sales", "month": "2021-12", "items": [
        {"enterprise_id": a, "value": 12_345_678.9},
        {"enterprise_id": b, "value": null},
    ]});
    let res = s.put("/api/v1/indicator-grid", &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!((saved["updated"].as_i64(), saved["cleared"].as_i64()), (Some(1), Some(1)));
    assert_eq!(stored(&s, a, "sales", 202112).await, vec![12_345_678.9]);
    assert!(stored(&s, b, "sales", 202112).await.is_empty());
    // The year moves by exactly the difference, and the detail and tiers agree.
    let new_year_a = fen(&year_figures(&s, a, 2021).await["sales"]);
    assert_eq!(new_year_a, year_a - old_a + 1_234_567_890);
    let detail = s.get_json(&format!("/api/v1/enterprises/{a}?year=2021")).await;
    assert_eq!(fen(&detail["sales"]), new_year_a);
    let again = s.get_json("/api/v1/indicator-grid?metric=sales&month=2021-12").await;
    let ra = again["items"].as_array().unwrap().iter().find(|r| r["enterprise_id"] == a).unwrap().clone();
    assert_eq!(ra["value"], 12_345_678.9);
    // One entry per changed enterprise.
    assert_eq!(audit_actions(&s, a).await.len(), audit_before.0 + 1);
    let audit_b = audit_actions(&s, b).await;
    assert_eq!(audit_b.len(), audit_before.1 + 1);
    assert_eq!(audit_b[0]["action"], "update_indicators");
    assert_summaries_exact(&app).await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_batch_with_one_bad_row_stores_nothing_and_names_the_row(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let grid = s.get_json("/api/v1/indicator-grid?metric=employees&month=2021-06").await;
    let rows = grid["items"].as_array().unwrap();
    let ids: Vec<i64> = rows.iter().take(3).map(|r| r["enterprise_id"].as_i64().unwrap()).collect();
    let name1 = rows[1]["name"].as_str().unwrap().to_owned();
    let before: Vec<Vec<f64>> = headcounts(&s, &ids).await;
    let audit_before = audit_actions(&s, ids[0]).await.len();
    let body = json!({"metric": "employees", "month": "2021-06", "items": [
        {"enterprise_id": ids[0], "value": 321},
        {"enterprise_id": ids[1], "value": 12.5},
        {"enterprise_id": ids[2], "value": -3},
    ]});
    let err = assert_invalid(s.put("/api/v1/indicator-grid", &body).await, "items[1].value").await;
    assert_eq!(err["code"], "INDICATOR_VALUE_DECIMALS");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("第2行") && message.contains(&name1) && message.contains("用工人数"), "{message}");
    let errors = err["params"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "every bad row is listed: {err}");
    assert_eq!(errors[1]["field"], "items[2].value");
    assert_eq!(errors[1]["enterprise_id"], ids[2]);
    assert_eq!(errors[1]["code"], "INDICATOR_VALUE_NEGATIVE");
    // Nothing stored, not even the good first row; no audit entry.
    assert_eq!(headcounts(&s, &ids).await, before);
    assert_eq!(audit_actions(&s, ids[0]).await.len(), audit_before);
    // The request's own fields, each named.
    let one = |metric: &str, month: &str, items: Value| json!({"metric": metric, "month": month, "items": items});
    let ok_item = json!([{"enterprise_id": ids[0], "value": 1}]);
    let next_month = crate::support::zone_today() + chrono::Months::new(1);
    let future = next_month.format("%Y-%m").to_string();
    let cases: Vec<(Value, &str)> = vec![
        (one("revenue", "2021-06", ok_item.clone()), "metric"),
        (one("sales", "2021-6", ok_item.clone()), "month"),
        (one("sales", "202106", ok_item.clone()), "month"),
        (one("sales", "2021-13", ok_item.clone()), "month"),
        (one("sales", &future, ok_item.clone()), "month"),
        (one("sales", "2021-06", json!([])), "items"),
        (one("sales", "2021-06", json!([{"enterprise_id": ids[0]}])), "items[0].value"),
        (
            one(
                "sales",
                "2021-06",
                json!([{"enterprise_id": ids[0], "value": 1}, {"enterprise_id": ids[0], "value": 2}]),
            ),
            "items[1].enterprise_id",
        ),
    ];
    for (body, field) in cases {
        assert_invalid(s.put("/api/v1/indicator-grid", &body).await, field).await;
    }
    assert_invalid(s.get("/api/v1/indicator-grid?metric=sales&month=2021-00").await, "month").await;
    assert_invalid(s.get("/api/v1/indicator-grid?metric=bogus&month=2021-06").await, "metric").await;
    assert_invalid(s.get("/api/v1/indicator-grid?metric=sales").await, "month").await;
    let path = format!("/api/v1/enterprises/{}/indicator-grid", ids[0]);
    let dup = json!({"month": "2021-06", "items": [{"metric": "tax", "value": 1}, {"metric": "tax", "value": 2}]});
    assert_invalid(s.put(&path, &dup).await, "items[1].metric").await;
    let bad = json!({"month": "2021-06", "items": [{"metric": "tax", "value": 1.234}]});
    assert_invalid(s.put(&path, &bad).await, "items[0].value").await;
    assert_summaries_exact(&app).await;
}

/// Each enterprise's June 2021 headcount, as the indicator route reads it.
async fn headcounts(s: &Session, ids: &[i64]) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    for id in ids {
        out.push(stored(s, *id, "employees", 202106).await);
    }
    out
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_user_cannot_reach_another_parks_enterprise_through_the_grid(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let auto = park_id(&leader, "auto").await;
    let yapp = enterprise_named(&leader, "亚普").await["id"].as_i64().unwrap();
    let pv = app.login("park_pv").await;
    // Reading: the other park's grid is empty, the own grid has none of its enterprises.
    let other = pv.get_json(&format!("/api/v1/indicator-grid?metric=sales&month=2021-06&park={auto}")).await;
    assert_eq!(other["total"], 0);
    let mine = pv.get_json("/api/v1/indicator-grid?metric=sales&month=2021-06&q=亚普").await;
    assert_eq!(mine["total"], 0);
    let (status, ..) =
        error_of(pv.get(&format!("/api/v1/enterprises/{yapp}/indicator-grid?month=2021-06")).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Writing: refused like an enterprise that does not exist, and nothing stored.
    let before = stored(&leader, yapp, "sales", 202106).await;
    let body = |id: i64| json!({"metric": "sales", "month": "2021-06", "items": [{"enterprise_id": id, "value": 1.0}]});
    let hidden = assert_invalid(pv.put("/api/v1/indicator-grid", &body(yapp)).await, "items[0].enterprise_id").await;
    let missing =
        assert_invalid(pv.put("/api/v1/indicator-grid", &body(yapp + 1_000_000)).await, "items[0].enterprise_id").await;
    assert_eq!(hidden["code"], "ENTERPRISE_NOT_FOUND");
    let strip = |v: &Value| v["message"].as_str().unwrap().chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    assert_eq!(strip(&hidden), strip(&missing), "an out-of-scope enterprise reads like a missing one");
    let month_body = json!({"month": "2021-06", "items": [{"metric": "sales", "value": 1.0}]});
    let (status, ..) = error_of(pv.put(&format!("/api/v1/enterprises/{yapp}/indicator-grid"), &month_body).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(stored(&leader, yapp, "sales", 202106).await, before);
    // A zone-wide reader chooses the park; without indicator:write it cannot save.
    let zone = leader.get_json(&format!("/api/v1/indicator-grid?metric=sales&month=2021-06&park={auto}")).await;
    let auto_list = leader.get_json(&format!("/api/v1/enterprises?park={auto}&page_size=1")).await;
    assert_eq!(zone["total"], auto_list["total"]);
    assert!(zone["items"].as_array().unwrap().iter().any(|r| r["enterprise_id"] == yapp));
    let (status, code, ..) = error_of(leader.put("/api/v1/indicator-grid", &body(yapp)).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    // An enterprise account's grid is its own enterprise.
    let ent = app.login("ent_ja").await;
    let own = ent.get_json("/api/v1/indicator-grid?metric=sales&month=2021-06").await;
    assert_eq!(own["total"], 1);
    let ja = own["items"][0]["enterprise_id"].as_i64().unwrap();
    assert_eq!(ent.put("/api/v1/indicator-grid", &body(ja)).await.status(), StatusCode::OK);
    assert_invalid(ent.put("/api/v1/indicator-grid", &body(yapp)).await, "items[0].enterprise_id").await;
}
