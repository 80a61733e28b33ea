//! `?format=xlsx` on the lists beyond enterprises, projects and tickets: each workbook holds the
//! JSON list's rows in its order; a lead masked from the caller leaves its company nowhere in
//! the file; a park user's workbooks hold their park only.

use std::io::{Cursor, Read};

use calamine::Data;
use rstest::rstest;
use serde_json::{Value, json};

use crate::export::{column, text, workbook};
use crate::support::{Backend, Session, list_all, park_colleague, park_id, spawn_app};

/// The rows of `path` (the JSON list, every page) against its workbook: same count, same order,
/// the `header` column equal to `key` of each JSON row.
async fn same_rows(
    s: &Session,
    path: &str,
    json: &[Value],
    header: &str,
    key: impl Fn(&Value) -> String,
) -> Vec<Vec<Data>> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let rows = workbook(s, &format!("{path}{sep}format=xlsx")).await;
    let data = &rows[2..];
    assert_eq!(data.len(), json.len(), "{path}: one row per item of the list");
    let at = column(&rows, header);
    for (i, (row, item)) in data.iter().zip(json).enumerate() {
        assert_eq!(text(&row[at]), key(item), "{path}: row {i} in the list's order");
    }
    rows
}

fn items(v: &Value, key: &str) -> Vec<Value> {
    v[key].as_array().unwrap_or_else(|| panic!("{key} in {v}")).clone()
}

fn str_of(field: &'static str) -> impl Fn(&Value) -> String {
    move |v| v[field].as_str().unwrap_or_default().to_owned()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn each_list_workbook_is_its_json_list(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;

    // Paged lists: every page, with the page's sort.
    let leads = list_all(&leader, "/api/v1/leads?sort=intended_investment&order=desc").await;
    assert!(!leads.is_empty());
    let rows = same_rows(
        &leader,
        "/api/v1/leads?sort=intended_investment&order=desc&page=2&page_size=3",
        &leads,
        "企业/项目",
        |l| l["company"].as_str().or(l["codename"].as_str()).unwrap_or_default().to_owned(),
    )
    .await;
    let (amount, stage) = (column(&rows, "意向投资（亿元）"), column(&rows, "阶段"));
    for (row, l) in rows[2..].iter().zip(&leads) {
        let yuan = l["intended_investment"].as_f64().unwrap();
        assert_eq!(row[amount], Data::Float(yuan / 100_000_000.0), "intended investment in 亿元");
        assert!(!text(&row[stage]).is_ascii(), "the stage as its Chinese label: {:?}", row[stage]);
    }
    let activities = list_all(&leader, "/api/v1/activities").await;
    assert!(!activities.is_empty());
    same_rows(&leader, "/api/v1/activities", &activities, "活动标题", str_of("title")).await;
    let visits = list_all(&leader, "/api/v1/visits").await;
    assert!(!visits.is_empty());
    let rows = same_rows(&leader, "/api/v1/visits", &visits, "走访企业", str_of("enterprise")).await;
    let on = column(&rows, "走访日期");
    for (row, v) in rows[2..].iter().zip(&visits) {
        let Data::DateTime(d) = &row[on] else { panic!("a date: {:?}", row[on]) };
        assert_eq!(d.as_datetime().unwrap().date().to_string(), v["visited_on"].as_str().unwrap());
    }
    let auditor = app.login("auditor").await;
    let audit = list_all(&auditor, "/api/v1/audit?entity=enterprise").await;
    same_rows(&auditor, "/api/v1/audit?entity=enterprise", &audit, "对象编号", str_of("entity_id")).await;

    // Lists without pages.
    let tiers = items(&leader.get_json("/api/v1/tier-events").await, "items");
    same_rows(&leader, "/api/v1/tier-events", &tiers, "企业名称", str_of("name")).await;
    let enterprise =
        leader.get_json("/api/v1/enterprises?sort=sales&order=desc&page_size=1").await["items"][0]["id"].clone();
    let path = format!("/api/v1/enterprises/{enterprise}/indicators");
    let figures = items(&leader.get_json(&path).await, "items");
    assert!(!figures.is_empty(), "the largest enterprise has figures");
    let rows = same_rows(&leader, &path, &figures, "期间", |f| {
        let p = f["period"].as_i64().unwrap();
        if p >= 10_000 { format!("{}-{:02}", p / 100, p % 100) } else { format!("{p}年") }
    })
    .await;
    let (money, measure) = (column(&rows, "金额（万元）"), column(&rows, "数量"));
    for (row, f) in rows[2..].iter().zip(&figures) {
        let v = f["value"].as_f64().unwrap();
        match (&row[money], &row[measure]) {
            (Data::Float(wan), Data::Empty) => assert!((wan * 10_000.0 - v).abs() < 0.01, "{wan} 万元 vs {v} 元"),
            (Data::Empty, Data::Float(n)) => assert_eq!(*n, v),
            cells => panic!("{} {cells:?}", f["metric"]),
        }
    }
    let targets = items(&leader.get_json("/api/v1/invest/targets").await, "items");
    assert!(!targets.is_empty());
    same_rows(&leader, "/api/v1/invest/targets", &targets, "考核期", str_of("period")).await;
    let board = leader.get_json("/api/v1/invest/leaderboard?from=2020-01-01&to=2030-12-31").await;
    let ranked = items(&board, "rows");
    assert!(!ranked.is_empty());
    let rows =
        same_rows(&leader, "/api/v1/invest/leaderboard?from=2020-01-01&to=2030-12-31", &ranked, "园区", str_of("name"))
            .await;
    assert!(text(&rows[0][0]).contains(board["rule"].as_str().unwrap()), "the title says the rule: {:?}", rows[0]);
    let coverage = items(&leader.get_json("/api/v1/visits/coverage").await, "not_visited");
    same_rows(&leader, "/api/v1/visits/coverage", &coverage, "企业名称", str_of("enterprise")).await;
    let actions = items(&leader.get_json("/api/v1/meeting-actions").await, "items");
    assert!(!actions.is_empty());
    same_rows(&leader, "/api/v1/meeting-actions", &actions, "交办事项", str_of("title")).await;
    // A filter narrows the workbook as it narrows the list.
    let open = items(&leader.get_json("/api/v1/meeting-actions?open=true").await, "items");
    assert!(open.len() < actions.len());
    same_rows(&leader, "/api/v1/meeting-actions?open=true", &open, "交办事项", str_of("title")).await;
}

/// Every part of the .xlsx (sheet, workbook, styles, …) as text.
async fn every_part(s: &Session, path: &str) -> String {
    let res = s.get(path).await;
    assert_eq!(res.status(), reqwest::StatusCode::OK, "{path}");
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        all.push_str(&part.name().expect("a part name"));
        part.read_to_string(&mut all).expect("a text part");
    }
    all
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_lead_masked_from_the_caller_leaves_only_its_code_name_in_the_file(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let owner = app.login("park_auto").await;
    let auto = park_id(&owner, "auto").await;
    let secret = json!({"company": "绝密增资有限公司", "codename": "项目M-07", "confidential": true, "kind": "expansion",
        "intended_investment": 500000000.0, "park_id": auto, "contact_name": "王秘书", "contact_phone": "13800000071",
        "notes": "董事会尚未决议"});
    assert_eq!(owner.post("/api/v1/leads", &secret).await.status(), reqwest::StatusCode::CREATED);
    let peer = park_colleague(&app, "auto_peer", auto).await;

    let listed = list_all(&peer, "/api/v1/leads").await;
    let masked = listed.iter().find(|l| l["codename"] == "项目M-07").expect("the peer lists it");
    assert_eq!(masked["masked"], true);
    let file = every_part(&peer, "/api/v1/leads?format=xlsx").await;
    assert!(file.contains("项目M-07"), "the code name is there");
    for withheld in ["绝密增资", "王秘书", "13800000071", "董事会尚未决议"] {
        assert!(!file.contains(withheld), "{withheld} in the peer's workbook");
    }
    // The same search finds the company in its owner's file (the check above can fail).
    assert!(every_part(&owner, "/api/v1/leads?format=xlsx").await.contains("绝密增资有限公司"));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_users_paged_lists_hold_only_its_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let park_user = app.login("park_pv").await;
    let pv = park_id(&leader, "pv").await;
    let parks = leader.get_json("/api/v1/parks").await;
    let pv_name = items(&parks, "items").iter().find(|p| p["id"] == pv).unwrap()["name"].as_str().unwrap().to_owned();

    // Each row's park is the park (same_rows checks the column against it, row by row).
    for (path, header) in [("/api/v1/leads", "园区"), ("/api/v1/activities", "所属园区")] {
        let all = list_all(&leader, path).await;
        let mine = list_all(&park_user, path).await;
        let rows = same_rows(&park_user, path, &mine, header, |_| pv_name.clone()).await;
        assert!(rows.len() > 2 && rows.len() - 2 < all.len(), "{path}: the park's rows, not the zone's");
    }
    // A visit names its enterprise: each is one of the park's.
    let in_park: Vec<String> =
        list_all(&leader, &format!("/api/v1/enterprises?park={pv}")).await.iter().map(str_of("name")).collect();
    // One visit of the park's own (the demo may have none there).
    let ent = list_all(&park_user, "/api/v1/enterprises").await[0]["id"].clone();
    let body = json!({"enterprise_id": ent, "visited_on": crate::support::zone_today().to_string(), "people_met": "总经理",
        "findings": "生产正常"});
    let res = park_user.post("/api/v1/visits", &body).await;
    assert_eq!(res.status(), reqwest::StatusCode::CREATED, "{}", res.text().await.unwrap());
    let all = list_all(&leader, "/api/v1/visits").await;
    let mine = list_all(&park_user, "/api/v1/visits").await;
    let rows = same_rows(&park_user, "/api/v1/visits", &mine, "走访企业", str_of("enterprise")).await;
    assert!(rows.len() > 2 && rows.len() - 2 < all.len(), "the park's visits, not the zone's");
    let at = column(&rows, "走访企业");
    for row in &rows[2..] {
        assert!(in_park.contains(&text(&row[at])), "a visit outside the park: {:?}", row[at]);
    }
}
