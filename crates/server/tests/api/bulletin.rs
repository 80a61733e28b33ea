//! The printed documents (decision 0038): the weekly bulletin holds the cockpit's figures for the
//! same caller and week, its 期号 stays on reprint and counts up for the next period, a park's
//! bulletin names no other park's projects or tickets, the contest report ranks as the
//! leaderboard does, the meeting PDF has the letterhead, 期号 and participants, and a ticket's
//! 回执 is for those who may read the ticket (404 for others). Needs the default `pdf` feature
//! and poppler's `pdftotext`.
#![cfg(feature = "pdf")]

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, assert_invalid, spawn_app, status_code_of, zone_today};

/// The PDF's text without white space (line breaks are layout), in content order.
async fn pdf_text(s: &Session, path: &str) -> String {
    let res = s.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "GET {path}");
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(ct, "application/pdf");
    let disposition =
        res.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''"), "{disposition}");
    let pdf = res.bytes().await.expect("body");
    assert!(pdf.starts_with(b"%PDF-"));
    let file = std::env::temp_dir().join(format!("zoneops-bulletin-{}-{}.pdf", std::process::id(), rand_suffix()));
    std::fs::write(&file, &pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext: install poppler-utils (scripts/setup-machine)");
    std::fs::remove_file(&file).ok();
    String::from_utf8(out.stdout).expect("utf-8").chars().filter(|c| !c.is_whitespace()).collect()
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// A count as the documents print it: digits grouped by thousands, then the unit.
fn count(v: f64, unit: &str) -> String {
    let digits = format!("{}", v.round() as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}{unit}")
}

/// The last full ISO week before today: (its `YYYY-Www`, Monday, Sunday).
fn last_week() -> (String, NaiveDate, NaiveDate) {
    let monday = zone_today().week(Weekday::Mon).first_day() - Duration::days(7);
    let iso = monday.iso_week();
    (format!("{}-W{:02}", iso.year(), iso.week()), monday, monday + Duration::days(6))
}

async fn issued(app: &TestApp) -> (i64, i64) {
    let conn = app.db.conn();
    let n = |sql: &str| {
        let stmt = sea_orm::Statement::from_string(conn.get_database_backend(), sql.to_owned());
        async move { conn.query_one_raw(stmt).await.expect("count").expect("row").try_get_by_index::<i64>(0).expect("n") }
    };
    (
        n("SELECT COUNT(*) FROM document_issue").await,
        n("SELECT COUNT(*) FROM audit WHERE entity = 'document_issue' AND action = 'issue'").await,
    )
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_weekly_bulletin_prints_the_cockpits_figures_under_a_stable_number(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let (week, monday, sunday) = last_week();
    let cockpit = leader.get_json(&format!("/api/v1/cockpit?from={monday}&to={sunday}")).await;
    let text = pdf_text(&leader, &format!("/api/v1/bulletins/weekly?week={week}")).await;
    let year = monday.iso_week().year();
    for expected in [
        "周通报",
        &format!("〔{year}〕第1期"),
        "管委会办公室",
        "一、主要指标",
        "二、园区招商竞赛",
        "三、逾期项目",
        "四、超期及督办诉求",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // Every count of the cockpit, beside its label, as the same caller's cockpit gives it.
    let mut checked = 0;
    for f in cockpit["figures"].as_array().expect("figures") {
        let (Some(v), Some(unit)) = (f["value"].as_f64(), f["unit"].as_str()) else { continue };
        if !matches!(unit, "家" | "个" | "件") || v.fract() != 0.0 {
            continue;
        }
        let label: String = f["label"].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).collect();
        let shown = format!("{label}{}", count(v, unit));
        assert!(text.contains(&shown), "missing {shown:?} ({}) in {text}", f["key"]);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} figures checked");
    // Reprinted: the same number; the week before: the next one; the first again: still 1.
    assert!(
        pdf_text(&leader, &format!("/api/v1/bulletins/weekly?week={week}")).await.contains(&format!("〔{year}〕第1期"))
    );
    let before = monday - Duration::days(7);
    let iso = before.iso_week();
    let text = pdf_text(&leader, &format!("/api/v1/bulletins/weekly?week={}-W{:02}", iso.year(), iso.week())).await;
    if iso.year() == year {
        assert!(text.contains(&format!("〔{year}〕第2期")), "{text}");
    }
    // Default: the last full week, the same number as when it was named.
    assert!(pdf_text(&leader, "/api/v1/bulletins/weekly").await.contains(&format!("〔{year}〕第1期")));
    assert_eq!(issued(&app).await, (2, 2), "one number and one audit row per period");

    assert_invalid(leader.get("/api/v1/bulletins/weekly?week=2026-49").await, "week").await;
    assert_invalid(leader.get("/api/v1/bulletins/weekly?week=2099-W01").await, "week").await;
    assert_invalid(leader.get("/api/v1/bulletins/contest?month=2026-13").await, "month").await;
    assert_eq!(app.anonymous().get("/api/v1/bulletins/weekly").await.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = status_code_of(app.login("ent_ja").await.get("/api/v1/bulletins/weekly").await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(issued(&app).await, (2, 2), "a refused print numbers nothing");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_parks_bulletin_holds_only_its_own_projects_and_tickets(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let park = app.login("park_auto").await;
    let mine = park.get_json("/api/v1/projects?late=true&page_size=500").await;
    let mine: Vec<String> =
        mine["items"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
    let all = leader.get_json("/api/v1/projects?late=true&page_size=500").await;
    let others: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .filter(|n| !mine.contains(n))
        .collect();
    let tickets = leader.get_json("/api/v1/tickets?overdue=true&page_size=500").await;
    let own_tickets = park.get_json("/api/v1/tickets?overdue=true&page_size=500").await;
    let own_nos: Vec<&str> = own_tickets["items"].as_array().unwrap().iter().filter_map(|t| t["no"].as_str()).collect();
    let other_nos: Vec<&str> = tickets["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["no"].as_str())
        .filter(|n| !own_nos.contains(n))
        .collect();
    assert!(!others.is_empty() || !other_nos.is_empty(), "the demo has late projects or overdue tickets elsewhere");

    let (week, ..) = last_week();
    let text = pdf_text(&park, &format!("/api/v1/bulletins/weekly?week={week}")).await;
    let park_name = park.get_json("/api/v1/cockpit").await["subject"]["name"].as_str().unwrap().to_owned();
    assert!(text.contains(&format!("{park_name}{}", week_title(&week))), "the park's own bulletin: {text}");
    for name in &others {
        let squeezed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(!text.contains(&squeezed), "another park's project {name} in {text}");
    }
    for no in &other_nos {
        assert!(!text.contains(no), "another park's ticket {no}");
    }
    if let Some(first) = mine.first() {
        let squeezed: String = first.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&squeezed), "its own late project {first}");
    }
    // Its own number sequence: the park's first bulletin is its 第1期 whatever the zone printed.
    assert!(text.contains("第1期"));
}

fn week_title(week: &str) -> String {
    let (y, w) = week.split_once("-W").unwrap();
    format!("{y}年第{}周", w.trim_start_matches('0'))
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_contest_report_ranks_as_the_leaderboard_does(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let park = app.login("park_pv").await;
    let today = zone_today();
    let (y, m) = if today.month() == 1 { (today.year() - 1, 12) } else { (today.year(), today.month() - 1) };
    let month = format!("{y}-{m:02}");
    let board = park.get_json(&format!("/api/v1/invest/leaderboard?month={month}&subject=park")).await;
    let text = pdf_text(&park, &format!("/api/v1/bulletins/contest?month={month}")).await;
    assert!(text.contains("竞赛月报") && text.contains(&format!("〔{y}〕第1期")), "{text}");
    let rows = board["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        let line = format!("{}{}{}", r["rank"], r["name"].as_str().unwrap(), r["signed_count"]);
        assert!(text.contains(&line), "missing {line:?} in {text}");
    }
    // The default month is the last full one: the same document, the same number.
    assert!(pdf_text(&park, "/api/v1/bulletins/contest").await.contains(&format!("〔{y}〕第1期")));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_receipt_is_for_those_who_may_read_the_ticket(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let ja = app.login("ent_ja").await;
    let body =
        json!({"category": "staffing", "title": "一线操作工缺口200人 #[急]", "detail": "请协助组织专场招聘会。"});
    let res = ja.post("/api/v1/tickets", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let t: Value = res.json().await.unwrap();
    let (id, no) = (t["id"].as_i64().unwrap(), t["no"].as_str().unwrap().to_owned());

    let text = pdf_text(&ja, &format!("/api/v1/tickets/{id}/receipt")).await;
    for expected in [
        "诉求受理回执",
        &format!("诉求编号：{no}"),
        "一线操作工缺口200人#[急]",
        "请协助组织专场招聘会。",
        t["category_label"].as_str().unwrap(),
        t["state_label"].as_str().unwrap(),
        "工作日内答复",
        "三、办理记录",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(!text.contains("期〕") && !text.contains("〕第"), "a receipt has no 期号");
    // The zone's dispatcher reads it; the auto park (晶澳 is in the pv park) and another
    // enterprise get 404; a role without ticket rights 403.
    assert_eq!(app.login("service").await.get(&format!("/api/v1/tickets/{id}/receipt")).await.status(), StatusCode::OK);
    let res = app.login("park_auto").await.get(&format!("/api/v1/tickets/{id}/receipt")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(ja.get("/api/v1/tickets/999999/receipt").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.anonymous().get(&format!("/api/v1/tickets/{id}/receipt")).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(issued(&app).await, (0, 0), "a receipt takes no number");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_meeting_pdf_has_the_letterhead_its_number_and_participants(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let today = zone_today();
    let mut ids = Vec::new();
    for title in ["第1次周例会", "第2次周例会"] {
        let body = json!({"kind": "weekly", "title": title, "held_on": today.to_string(), "chair": "王主任"});
        let res = leader.post("/api/v1/meetings", &body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let depts = leader.get_json("/api/v1/departments").await;
    let dept = depts["items"][0]["name"].as_str().unwrap().to_owned();
    let a = json!({"title": "协调电力接入", "department_id": depts["items"][0]["id"], "due_on": today.to_string()});
    assert_eq!(leader.post(&format!("/api/v1/meetings/{}/actions", ids[1]), &a).await.status(), StatusCode::CREATED);
    let y = today.year();
    // Printed second first: it takes number 1 and keeps it.
    let second = pdf_text(&leader, &format!("/api/v1/meetings/{}/pdf", ids[1])).await;
    for expected in ["会议纪要", &format!("〔{y}〕第1期"), "管委会办公室", &format!("参会人员王主任、{dept}")]
    {
        assert!(second.contains(expected), "missing {expected:?} in {second}");
    }
    assert!(pdf_text(&leader, &format!("/api/v1/meetings/{}/pdf", ids[0])).await.contains(&format!("〔{y}〕第2期")));
    assert!(pdf_text(&leader, &format!("/api/v1/meetings/{}/pdf", ids[1])).await.contains(&format!("〔{y}〕第1期")));
    assert_eq!(issued(&app).await, (2, 2));
}
