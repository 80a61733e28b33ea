//! The header's search box: each section finds what its list would, within the caller's scope.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{
    Backend, Session, assert_invalid, enterprise_input, park_colleague, park_id, spawn_app, urlencode,
};

async fn search(s: &Session, q: &str) -> Value {
    s.get_json(&format!("/api/v1/search?q={}", urlencode(q))).await
}

fn titles(v: &Value, section: &str) -> Vec<String> {
    v[section]["items"]
        .as_array()
        .map_or_else(Vec::new, |a| a.iter().map(|h| h["title"].as_str().unwrap().to_owned()).collect())
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_search_box_finds_by_name_pinyin_initials_and_number_within_the_scope(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let auto = park_id(&admin, "auto").await;
    let mut input = enterprise_input(4711, auto);
    input["name"] = json!("绿能动力科技有限公司");
    let res = admin.post("/api/v1/enterprises", &input).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());

    // By name, by the 拼音 initials (any case) and by the credit code; the list's keyword too.
    let leader = app.login("leader").await;
    for q in ["绿能动力", "lndl", "LNDLKJ", "dlkj", &input["credit_code"].as_str().unwrap()[..12]] {
        let v = search(&leader, q).await;
        assert_eq!(titles(&v, "enterprises"), vec!["绿能动力科技有限公司"], "{q}: {v}");
    }
    assert_eq!(leader.get_json("/api/v1/enterprises?q=lndl").await["total"], 1);
    // Initials never match across the name and the code.
    assert!(titles(&search(&leader, "司9").await, "enterprises").iter().all(|t| t != "绿能动力科技有限公司"));

    // A ticket by its number.
    let ticket = leader.get_json("/api/v1/tickets?page_size=1").await["items"][0].clone();
    let no = ticket["no"].as_str().unwrap();
    let v = search(&leader, no).await;
    let ids: Vec<i64> = v["tickets"]["items"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&ticket["id"].as_i64().unwrap()), "{v}");
    assert!(v["tickets"]["items"][0]["subtitle"].as_str().unwrap().contains(no));

    // Another park does not find the auto park's enterprise; sections the role may not read are
    // null, not empty.
    let pv = app.login("park_pv").await;
    let v = search(&pv, "lndl").await;
    assert_eq!(v["enterprises"]["total"], 0, "{v}");
    let cadre = app.login("cadre").await;
    let v = search(&cadre, "扬州").await;
    assert!(v["tickets"].is_null() && v["leads"].is_null() && v["projects"].is_null(), "{v}");
    assert!(v["enterprises"].is_object());

    // Empty words find nothing; too many are refused with the field named.
    let v = search(&leader, "  ").await;
    assert_eq!(v["enterprises"]["total"], 0);
    assert_invalid(leader.get(&format!("/api/v1/search?q={}", "扬".repeat(101))).await, "q").await;
}

/// A confidential lead of someone else is found by its code name only, and shows no company.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_confidential_lead_is_not_found_by_its_company(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let owner = app.login("park_auto").await;
    let auto = park_id(&owner, "auto").await;
    let res = owner
        .post(
            "/api/v1/leads",
            &json!({"company": "绝密增资有限公司", "codename": "项目M-07", "confidential": true, "kind": "new",
                "intended_investment": 500000000.0, "park_id": auto, "contact_name": "王总", "contact_phone": "13800000001"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    assert_eq!(titles(&search(&owner, "绝密增资").await, "leads"), vec!["绝密增资有限公司"]);
    // A colleague of the same park reads the lead but not its company.
    let peer = park_colleague(&app, "auto_peer", auto).await;
    assert!(titles(&search(&peer, "绝密增资").await, "leads").is_empty());
    let v = search(&peer, "M-07").await;
    assert_eq!(titles(&v, "leads"), vec!["项目M-07"], "found by its code name, shown by it: {v}");
}
