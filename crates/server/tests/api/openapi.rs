//! The OpenAPI document: one operation for every served route and no other, served at
//! `/api/v1/openapi.json` as the binary prints it, with the text limits the server enforces, and
//! the browsable UI at `/api/docs` from files inside the binary.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;
use zoneops_domain::text::TextKind;

use crate::support::{Backend, spawn_app};

fn document() -> Value {
    serde_json::to_value(zoneops_server::routes::openapi()).expect("document as JSON")
}

#[test]
fn every_served_route_has_exactly_one_operation() {
    let served: BTreeSet<String> = zoneops_server::routes::catalogue().into_iter().collect();
    let doc = document();
    let mut documented = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let path = path.strip_prefix("/api/v1").expect("paths under /api/v1");
        for (method, op) in item.as_object().expect("path item") {
            assert!(documented.insert(format!("{} {path}", method.to_uppercase())), "{method} {path} twice");
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            assert!(ids.insert(id.clone()), "operationId {id} twice");
        }
    }
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(undocumented.is_empty(), "served routes without an operation: {undocumented:?}");
    assert!(unserved.is_empty(), "operations for routes not served: {unserved:?}");
}

#[test]
fn every_path_parameter_is_declared() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let named: BTreeSet<&str> =
            path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).collect();
        for (method, op) in item.as_object().expect("path item") {
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            assert_eq!(declared, named, "{method} {path}");
        }
    }
}

#[test]
fn text_limits_come_from_the_text_kinds() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let max = |schema: &str, field: &str| schemas[schema]["properties"][field]["maxLength"].as_u64();
    assert_eq!(max("EnterpriseInput", "name"), Some(TextKind::Name.max_chars() as u64));
    assert_eq!(max("EnterpriseInput", "address"), Some(TextKind::Address.max_chars() as u64));
    assert_eq!(max("LeadInput", "company"), Some(TextKind::Name.max_chars() as u64));
    assert_eq!(max("LeadInput", "contact_phone"), Some(TextKind::Phone.max_chars() as u64));
}

#[tokio::test]
async fn the_document_and_its_ui_are_served_without_login() {
    let Some(app) = spawn_app(Backend::Sqlite).await else { return };
    let anon = app.anonymous();
    let res = anon.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let served: Value = res.json().await.expect("json");
    assert_eq!(served, document(), "the served document is the one the binary prints");
    assert_eq!(served["openapi"], "3.1.0");

    let res = anon.get("/api/docs/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "the UI page");
    assert!(!html.contains("cdn") && !html.contains("unpkg"), "no CDN");
    let res = anon.get("/api/docs/swagger-initializer.js").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("js").contains("/api/v1/openapi.json"), "the UI reads our document");
}
