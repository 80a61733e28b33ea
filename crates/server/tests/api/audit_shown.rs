//! The audit log as its readers see it: after real writes of several modules (an enterprise
//! moved to another park, a lead moved on, a ticket filed and dispatched), every entry names its
//! actor, action and record in words, and every changed field has a label, with ids shown as
//! names and codes as words — on SQLite and PostgreSQL.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, enterprise_input, has_cjk, hotline_body, park_id, spawn_app, ticket_by_no};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_change_reads_in_words(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let (auto, pv) = (park_id(&admin, "auto").await, park_id(&admin, "pv").await);

    // An enterprise created in one park, then moved to another.
    let res = admin.post("/api/v1/enterprises", &enterprise_input(901, auto)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let ent: Value = res.json().await.unwrap();
    let mut moved = enterprise_input(901, pv);
    moved["address"] = json!("扬州市开发区新址路9号");
    let res = admin.put(&format!("/api/v1/enterprises/{}", ent["id"]), &moved).await;
    assert_eq!(res.status(), StatusCode::OK);

    // A lead moved on by its investor.
    let investor = app.login("investor").await;
    let res = investor
        .post(
            "/api/v1/leads",
            &json!({"company": "审计词语测试公司", "source": "expo", "kind": "new", "intended_investment": 3.0e8, "park_id": pv}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let lead: Value = res.json().await.unwrap();
    let res = investor.post(&format!("/api/v1/leads/{}/move", lead["id"]), &json!({"stage": "contact"})).await;
    assert_eq!(res.status(), StatusCode::OK);

    // A hotline ticket dispatched to a department.
    let res = app.anonymous().post("/api/v1/public/hotline", &hotline_body("13912345678")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let no = res.json::<Value>().await.unwrap()["no"].as_str().unwrap().to_owned();
    let service = app.login("service").await;
    let t = ticket_by_no(&service, &no).await;
    let departments = service.get_json("/api/v1/departments").await;
    let land = departments["items"].as_array().unwrap().iter().find(|d| d["code"] == "land").unwrap()["id"].clone();
    let res =
        service.post(&format!("/api/v1/tickets/{}/actions/dispatch", t["id"]), &json!({"department_id": land})).await;
    assert_eq!(res.status(), StatusCode::OK);

    let auditor = app.login("auditor").await;
    let log = auditor.get_json("/api/v1/audit?page_size=100").await;
    let items = log["items"].as_array().unwrap();
    assert!(items.len() >= 5, "the writes are logged");
    let mut raw = std::collections::BTreeSet::new();
    for e in items {
        for (label, code) in [("action_label", "action"), ("entity_label", "entity")] {
            if !has_cjk(e[label].as_str().unwrap()) {
                raw.insert(format!("{code} {}", e[code]));
            }
        }
        for c in e["changes"].as_array().unwrap() {
            let (field, label) = (c["field"].as_str().unwrap(), c["label"].as_str().unwrap());
            if !has_cjk(label) {
                raw.insert(format!("label of {}.{field}", e["entity"]));
            }
            let ids = field.ends_with("_id") || field.ends_with("_ids");
            for v in ["before", "after"].iter().filter_map(|side| c[side].as_str()) {
                if ids && v.chars().all(|ch| ch.is_ascii_digit() || ch == '、') {
                    raw.insert(format!("id shown for {}.{field}", e["entity"]));
                }
            }
        }
    }
    assert!(raw.is_empty(), "the log shows codes: {raw:?}");

    let entry = |entity: &str, action: &str| {
        items
            .iter()
            .find(|e| e["entity"] == entity && e["action"] == action)
            .unwrap_or_else(|| panic!("{entity} {action} logged"))
            .clone()
    };
    let change =
        |e: &Value, field: &str| e["changes"].as_array().unwrap().iter().find(|c| c["field"] == field).cloned();

    // The move names both parks; the person is named with the account.
    let update = entry("enterprise", "update");
    let park = change(&update, "park_id").expect("the park changed");
    assert_eq!((park["label"].as_str(), park["before"].as_str()), (Some("所属园区"), Some("汽车及零部件产业园")));
    assert_eq!(park["after"], "绿色光电产业园");
    assert_eq!(update["action_label"], "修改");
    assert_eq!(update["entity_label"], "企业");
    assert!(update["actor_label"].as_str().unwrap().contains("（admin）"), "{}", update["actor_label"]);
    assert!(change(&update, "updated_at").is_none(), "bookkeeping fields stay out");

    // The lead's stage and the ticket's state and department read as words.
    let moved = entry("lead", "move");
    assert!(moved["changes"].as_array().unwrap().iter().any(|c| c["after"] == "接洽"), "{moved}");
    let dispatch = entry("ticket", "dispatch");
    assert_eq!(dispatch["action_label"], "派单");
    assert_eq!(change(&dispatch, "state").unwrap()["after"], "已派单");
    assert_eq!(change(&dispatch, "department_id").unwrap()["after"], "自然资源和规划局");
    let filed = entry("ticket", "create");
    assert_eq!(filed["actor_label"], "热线来电（公众）");

    // English readers get English words.
    let en = auditor
        .client
        .get(auditor.url("/api/v1/audit?page_size=100&entity=enterprise&action=update"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(en["items"][0]["action_label"], "Updated");
    let park = en["items"][0]["changes"].as_array().unwrap().iter().find(|c| c["field"] == "park_id").unwrap().clone();
    assert_eq!(park["label"], "Park");
}
