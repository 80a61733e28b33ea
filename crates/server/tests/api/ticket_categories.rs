//! The zone's own ticket categories through the HTTP API: added, renamed, reordered,
//! deactivated and reactivated by whoever sets the service rules; a deactivated category still
//! labels its old tickets but cannot be chosen again; every change audited — on SQLite and
//! PostgreSQL.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, assert_invalid, error_of, spawn_app};

fn codes(v: &Value, key: &str) -> Vec<String> {
    v[key].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect()
}

async fn file(s: &Session, category: &str) -> reqwest::Response {
    s.post(
        "/api/v1/tickets",
        &json!({"channel": "phone", "category": category, "title": "园区停水三天", "detail": "企业来电反映停水。"}),
    )
    .await
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_zone_edits_its_categories_and_old_tickets_keep_their_label(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    // Seeded with the defaults, in order.
    let list = service.get_json("/api/v1/ticket-categories").await;
    assert_eq!(codes(&list, "items"), ["land", "housing", "staffing", "schooling", "approval", "finance", "other"]);
    assert!(list["items"].as_array().unwrap().iter().all(|c| c["active"] == true));

    // Added by the dispatcher (the permission that guards routing rules and policies).
    let res = service.post("/api/v1/ticket-categories", &json!({"code": "utilities", "label": "水电气"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let added: Value = res.json().await.unwrap();
    assert_eq!(
        (added["code"].as_str(), added["label"].as_str(), added["active"].as_bool()),
        (Some("utilities"), Some("水电气"), Some(true))
    );
    let meta = service.get_json("/api/v1/tickets/meta").await;
    assert_eq!(codes(&meta, "categories").last().map(String::as_str), Some("utilities"));
    // A ticket takes it; a routing rule and a policy name it.
    let res = file(&service, "utilities").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let old: Value = res.json().await.unwrap();
    assert_eq!(old["category_label"], "水电气");
    let land = service.get_json("/api/v1/departments").await["items"].as_array().unwrap()[0]["id"].clone();
    let res = service
        .put("/api/v1/ticket-routing", &json!({"items": [{"category": "utilities", "department_id": land}]}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Refused: a taken code (409), a malformed code, an empty or too long label (422).
    let (st, code, field, _) =
        error_of(service.post("/api/v1/ticket-categories", &json!({"code": "land", "label": "土地"})).await).await;
    assert_eq!((st, code.as_str(), field.as_deref()), (StatusCode::CONFLICT, "CATEGORY_CODE_TAKEN", Some("code")));
    assert_invalid(
        service.post("/api/v1/ticket-categories", &json!({"code": "Water-1", "label": "供水"})).await,
        "code",
    )
    .await;
    assert_invalid(service.post("/api/v1/ticket-categories", &json!({"code": "water", "label": ""})).await, "label")
        .await;
    assert_invalid(
        service.post("/api/v1/ticket-categories", &json!({"code": "water", "label": "很".repeat(21)})).await,
        "label",
    )
    .await;
    assert_invalid(
        service.post("/api/v1/ticket-categories", &json!({"code": "water", "label": "用地"})).await,
        "label",
    )
    .await;

    // Renamed: the old ticket reads the new label.
    let res = service
        .client
        .patch(service.url("/api/v1/ticket-categories/utilities"))
        .json(&json!({"label": "水电气暖"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let id = old["id"].as_i64().unwrap();
    assert_eq!(service.get_json(&format!("/api/v1/tickets/{id}")).await["category_label"], "水电气暖");

    // Deactivated: refused for a new ticket (422 naming the category field, in Chinese) …
    let res = service
        .client
        .patch(service.url("/api/v1/ticket-categories/utilities"))
        .json(&json!({"active": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let err = assert_invalid(file(&service, "utilities").await, "category").await;
    let msg = err["message"].as_str().unwrap();
    assert!(msg.contains("类别") && msg.contains("水电气暖") && msg.contains("停用"), "{msg}");
    let ja = app.login("ent_ja").await;
    assert_invalid(file(&ja, "utilities").await, "category").await;
    let res = app
        .anonymous()
        .post(
            "/api/v1/public/hotline",
            &json!({"company": "扬州某公司", "contact_name": "王经理", "contact_phone": "0514-87654321",
                "category": "utilities", "title": "停水", "detail": "停水三天"}),
        )
        .await;
    assert_invalid(res, "category").await;
    // … not offered by the form, but still labelling the old ticket and filterable.
    let meta = service.get_json("/api/v1/tickets/meta").await;
    assert!(!codes(&meta, "categories").contains(&"utilities".to_owned()));
    assert!(codes(&meta, "all_categories").contains(&"utilities".to_owned()));
    let public = app.anonymous().get_json("/api/v1/public/ticket-categories").await;
    assert!(!codes(&public, "items").contains(&"utilities".to_owned()));
    assert_eq!(service.get_json(&format!("/api/v1/tickets/{id}")).await["category_label"], "水电气暖");
    let filtered = service.get_json("/api/v1/tickets?category=utilities").await;
    assert_eq!(filtered["total"], 1);
    assert_eq!(filtered["items"][0]["category_label"], "水电气暖");
    assert_invalid(service.get("/api/v1/tickets?category=nonesuch").await, "category").await;

    // Reactivated: chosen again.
    let res = service
        .client
        .patch(service.url("/api/v1/ticket-categories/utilities"))
        .json(&json!({"active": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(file(&service, "utilities").await.status(), StatusCode::CREATED);

    // Reordered: the whole list, each code once.
    let mut order = codes(&service.get_json("/api/v1/ticket-categories").await, "items");
    order.reverse();
    let res = service.put("/api/v1/ticket-categories/order", &json!({"codes": order})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(codes(&service.get_json("/api/v1/ticket-categories").await, "items"), order);
    assert_eq!(codes(&service.get_json("/api/v1/tickets/meta").await, "categories"), order);
    let res = service.put("/api/v1/ticket-categories/order", &json!({"codes": ["land", "other"]})).await;
    assert_invalid(res, "codes").await;

    // Every change is in the audit trail.
    let audit = app.login("auditor").await.get_json("/api/v1/audit?entity=ticket_category&page_size=50").await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    for a in ["create", "update", "deactivate", "activate", "reorder"] {
        assert!(actions.contains(&a), "{a} audited: {actions:?}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn only_who_sets_the_service_rules_edits_categories(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for user in ["dept_land", "leader", "park_auto", "ent_ja"] {
        let s = app.login(user).await;
        let (st, _, _, _) =
            error_of(s.post("/api/v1/ticket-categories", &json!({"code": "water", "label": "供水"})).await).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{user} adds");
        let res = s
            .client
            .patch(s.url("/api/v1/ticket-categories/land"))
            .json(&json!({"active": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} deactivates");
        let res = s.put("/api/v1/ticket-categories/order", &json!({"codes": []})).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user} reorders");
    }
    // Nothing changed; the list itself is readable by the service desk's users.
    let land = app.login("dept_land").await;
    let list = land.get_json("/api/v1/ticket-categories").await;
    assert_eq!(list["total"], 7);
    assert!(list["items"].as_array().unwrap().iter().all(|c| c["active"] == true));
    // An unknown code: 404.
    let service = app.login("service").await;
    let res = service
        .client
        .patch(service.url("/api/v1/ticket-categories/nonesuch"))
        .json(&json!({"label": "无"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
