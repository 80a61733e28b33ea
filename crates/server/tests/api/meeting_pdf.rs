//! The meeting's agenda and minutes as a PDF download: meeting readers get the file, named after
//! the meeting; others get 403, an unknown meeting 404. Needs the default `pdf` feature.
#![cfg(feature = "pdf")]

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, spawn_app, status_code_of, urlencode};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_meeting_downloads_as_a_pdf_for_its_readers(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let today = crate::support::zone_today();
    let title = "第12次周例会 #1 [纪要]";
    let body = json!({"kind": "weekly", "title": title, "held_on": today.to_string(), "location": "管委会第一会议室",
        "chair": "王主任", "status": "held", "minutes": "会议听取了汇报。\n会议要求按期办结。"});
    let res = leader.post("/api/v1/meetings", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let agenda = json!({"items": [
        {"kind": "custom", "ref_id": null, "title": "春季招商推介会筹备", "note": "招商局牵头"},
        {"kind": "late_project", "ref_id": null, "title": "新能源电池材料产业园项目", "note": "逾期阶段：开工"},
    ]});
    assert_eq!(leader.put(&format!("/api/v1/meetings/{id}/agenda"), &agenda).await.status(), StatusCode::OK);
    let depts = leader.get_json("/api/v1/departments").await;
    let dept = depts["items"][0]["id"].as_i64().unwrap();
    for (t, due) in [("协调电力接入方案", today - chrono::Duration::days(2)), ("报送重点项目清单", today)]
    {
        let a = json!({"title": t, "department_id": dept, "due_on": due.to_string()});
        assert_eq!(leader.post(&format!("/api/v1/meetings/{id}/actions"), &a).await.status(), StatusCode::CREATED);
    }

    let res = leader.get(&format!("/api/v1/meetings/{id}/pdf")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let encoded = urlencode(title).replace('+', "%20");
    assert!(disposition.contains(&format!("filename*=UTF-8''{encoded}.pdf")), "{disposition} vs {encoded}");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 1_000);

    let (status, code) =
        status_code_of(app.login("park_auto").await.get(&format!("/api/v1/meetings/{id}/pdf")).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"));
    assert_eq!(leader.get("/api/v1/meetings/999999/pdf").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.anonymous().get(&format!("/api/v1/meetings/{id}/pdf")).await.status(), StatusCode::UNAUTHORIZED);
}
