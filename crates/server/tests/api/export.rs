//! `?format=xlsx` on list routes: the workbook holds the same rows as the JSON list (every page,
//! the filters, sort and scope of the caller), typed as Excel should see them; and every route
//! documented with the `format` parameter answers a workbook (the class, not one route).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::Value;

use crate::support::{Backend, Session, assert_invalid, park_id, spawn_app};

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The first sheet's rows: the title, the header, then the data.
pub(crate) async fn workbook(s: &Session, path: &str) -> Vec<Vec<Data>> {
    let res = s.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "GET {path}");
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("content-type"), XLSX, "{path}");
    assert!(header("content-disposition").starts_with("attachment;"), "{path}");
    let bytes = res.bytes().await.expect("body");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap_or_else(|e| panic!("{path}: {e}"));
    let first = book.sheet_names()[0].clone();
    book.worksheet_range(&first).expect("sheet").rows().map(|r| r.to_vec()).collect()
}

pub(crate) fn column(rows: &[Vec<Data>], header: &str) -> usize {
    rows[1]
        .iter()
        .position(|c| *c == Data::String(header.into()))
        .unwrap_or_else(|| panic!("a column {header}: {:?}", rows[1]))
}

pub(crate) fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("text expected, got {other:?}"),
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_enterprise_workbook_is_the_whole_filtered_sorted_list(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let all = crate::support::list_all(&leader, "/api/v1/enterprises?sort=sales&order=desc").await;
    let rows = workbook(&leader, "/api/v1/enterprises?sort=sales&order=desc&page=3&page_size=7&format=xlsx").await;
    assert!(text(&rows[0][0]).starts_with("企业名录"), "a title row says what: {:?}", rows[0]);
    assert!(text(&rows[0][0]).contains("导出于"), "and when");
    let data = &rows[2..];
    assert_eq!(data.len(), all.len(), "every row of every page, not the page asked for");

    let (name, code, sales) =
        (column(&rows, "企业名称"), column(&rows, "统一社会信用代码"), column(&rows, "营业收入（万元）"));
    for (row, e) in data.iter().zip(&all) {
        assert_eq!(text(&row[name]), e["name"].as_str().unwrap(), "the list's order");
        // Credit codes stay text (an all-digit one would turn into 9.13E+17 as a number).
        assert_eq!(row[code], Data::String(e["credit_code"].as_str().unwrap().into()));
        match (&row[sales], e["sales"].as_f64()) {
            (Data::Float(wan), Some(yuan)) => assert!((wan * 10_000.0 - yuan).abs() < 0.01, "{wan} 万元 vs {yuan} 元"),
            (Data::Empty, None) => {}
            (cell, json) => panic!("sales cell {cell:?} for {json:?}"),
        }
    }

    // A filter narrows the workbook as it narrows the list.
    let pv = park_id(&leader, "pv").await;
    let in_park = crate::support::list_all(&leader, &format!("/api/v1/enterprises?park={pv}")).await;
    let rows = workbook(&leader, &format!("/api/v1/enterprises?park={pv}&format=xlsx")).await;
    assert_eq!(rows.len() - 2, in_park.len());
    assert!(in_park.len() < all.len());
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_users_workbook_holds_only_its_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let pv = park_id(&leader, "pv").await;
    let park_user = app.login("park_pv").await;
    let pv_name = leader.get_json("/api/v1/parks").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pv)
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in ["/api/v1/enterprises?format=xlsx", "/api/v1/projects?format=xlsx"] {
        let rows = workbook(&park_user, path).await;
        let park = column(&rows, "园区");
        assert!(rows.len() > 2, "{path}: the park has rows");
        for row in &rows[2..] {
            assert_eq!(text(&row[park]), pv_name, "{path}: another park's row leaked");
        }
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn bad_requests_fail_before_any_file_starts(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    assert_invalid(leader.get("/api/v1/enterprises?format=pdf").await, "format").await;
    assert_invalid(leader.get("/api/v1/enterprises?sort=nonsense&format=xlsx").await, "sort").await;
    assert_eq!(app.anonymous().get("/api/v1/enterprises?format=xlsx").await.status(), StatusCode::UNAUTHORIZED);
    // Someone without the permission gets the list's own refusal.
    let enterprise_user = app.login("ent_ja").await;
    let status = enterprise_user.get("/api/v1/tickets?format=xlsx").await.status();
    assert!(status == StatusCode::OK || status == StatusCode::FORBIDDEN, "{status}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn projects_carry_stage_dates_and_tickets_their_deadlines(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let projects = crate::support::list_all(&leader, "/api/v1/projects").await;
    let rows = workbook(&leader, "/api/v1/projects?format=xlsx").await;
    assert_eq!(rows.len() - 2, projects.len());
    let signed = column(&rows, "签约·实际");
    let (name, investment) = (column(&rows, "项目名称"), column(&rows, "总投资（亿元）"));
    for (row, p) in rows[2..].iter().zip(&projects) {
        assert_eq!(text(&row[name]), p["name"].as_str().unwrap());
        let yuan = p["investment"].as_f64().unwrap();
        assert_eq!(row[investment], Data::Float(yuan / 100_000_000.0), "investment in 亿元");
        let stage = p["stages"].as_array().unwrap().iter().find(|s| s["stage"] == "signed").unwrap();
        match (&row[signed], stage["actual_on"].as_str()) {
            (Data::DateTime(d), Some(day)) => assert_eq!(d.as_datetime().unwrap().date().to_string(), day),
            (Data::Empty, None) => {}
            (cell, json) => panic!("signed date {cell:?} for {json:?}"),
        }
    }

    let tickets = crate::support::list_all(&leader, "/api/v1/tickets").await;
    let rows = workbook(&leader, "/api/v1/tickets?format=xlsx").await;
    assert_eq!(rows.len() - 2, tickets.len());
    let (no, overdue) = (column(&rows, "工单号"), column(&rows, "已超时"));
    for (row, t) in rows[2..].iter().zip(&tickets) {
        assert_eq!(text(&row[no]), t["no"].as_str().unwrap());
        assert_eq!(text(&row[overdue]), if t["overdue"] == Value::Bool(true) { "是" } else { "否" });
    }
}

/// Every GET the OpenAPI document gives a `format` parameter answers a workbook that opens: the
/// leader's lists, the audit log as the auditor, a route under an enterprise with one of its ids.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_route_with_a_format_parameter_answers_a_workbook(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let auditor = app.login("auditor").await;
    let enterprise = leader.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    let doc = leader.get_json("/api/v1/openapi.json").await;
    let mut exported = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let Some(get) = ops.get("get") else { continue };
        let takes_format = get["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["name"] == "format" && p["in"] == "query"));
        if !takes_format {
            continue;
        }
        // A path parameter gets a value here; a new kind of one fails until it has its case.
        let url = path.replace("/enterprises/{id}/", &format!("/enterprises/{enterprise}/"));
        assert!(!url.contains('{'), "{path}: a list route with a path parameter needs its case here");
        let who = if path == "/api/v1/audit" { &auditor } else { &leader };
        let rows = workbook(who, &format!("{url}?format=xlsx")).await;
        assert!(rows.len() >= 2, "{path}: a title and a header at least");
        exported.push(path.clone());
    }
    // The 13 lists: enterprises, projects, tickets, tier events, indicators, leads, activities,
    // targets, the leaderboard, visits, coverage, meeting actions, the audit log.
    assert!(exported.len() >= 13, "the list routes export: {exported:?}");
}
