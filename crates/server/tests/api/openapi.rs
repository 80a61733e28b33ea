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

/// Every `$ref` names a component of the document (a dangling one fails the console's type
/// generation: the `format` parameter of the exporting lists once referred to a missing `Format`).
#[test]
fn every_reference_resolves() {
    fn walk(doc: &Value, v: &Value, at: &str, dangling: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if let Some(name) =
                    o.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
                    && doc["components"]["schemas"].get(name).is_none()
                {
                    dangling.push(format!("{at}: {name}"));
                }
                o.iter().for_each(|(k, v)| walk(doc, v, &format!("{at}/{k}"), dangling));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(doc, v, at, dangling)),
            _ => {}
        }
    }
    let doc = document();
    let mut dangling = Vec::new();
    walk(&doc, &doc, "", &mut dangling);
    assert!(dangling.is_empty(), "references to missing components: {dangling:#?}");
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

/// The untyped places a JSON answer may have, each with its reason.
const FREE_FORM: &[(&str, &str)] = &[
    // the audited row before and after the change, whatever entity it is
    ("AuditRow", "before"),
    ("AuditRow", "after"),
];

/// Answers that are not JSON: files, and this document itself.
const NOT_JSON: &[&str] = &[
    "GET /meetings/{id}/pdf",
    "GET /bulletins/weekly",
    "GET /bulletins/contest",
    "GET /tickets/{id}/receipt",
    "GET /tickets/{id}/attachments/{att}",
    "GET /visits/{id}/photos/{photo}",
    "GET /imports/{kind}/template",
    "GET /imports/batches/{id}/annotated",
    "GET /openapi.json",
];

/// Where a schema leaves a JSON answer untyped: `{}` (a `serde_json::Value`) or an object
/// without properties. `at` names the place (`Component.field[]`).
fn untyped(doc: &Value, schema: &Value, at: &str, seen: &mut BTreeSet<String>, found: &mut Vec<String>) {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        if seen.insert(name.to_owned()) {
            untyped(doc, &doc["components"]["schemas"][name], name, seen, found);
        }
        return;
    }
    let Some(object) = schema.as_object() else { return };
    let (component, field) = at.split_once('.').unwrap_or((at, ""));
    if FREE_FORM.contains(&(component, field.trim_end_matches("[]"))) {
        return;
    }
    let composite = ["oneOf", "allOf", "anyOf"].iter().any(|k| object.contains_key(*k));
    let is_object =
        schema["type"] == "object" || schema["type"].as_array().is_some_and(|t| t.contains(&"object".into()));
    let described = ["type", "enum", "const"].iter().any(|k| object.contains_key(*k));
    if !composite
        && (!described
            || (is_object && !object.contains_key("properties") && !object.contains_key("additionalProperties")))
    {
        found.push(at.to_owned());
        return;
    }
    for (name, p) in schema["properties"].as_object().into_iter().flatten() {
        untyped(doc, p, &format!("{component}.{name}"), seen, found);
    }
    for k in ["oneOf", "allOf", "anyOf"] {
        for s in schema[k].as_array().into_iter().flatten() {
            untyped(doc, s, at, seen, found);
        }
    }
    for k in ["items", "additionalProperties"] {
        if schema[k].is_object() {
            untyped(doc, &schema[k], &format!("{at}[]"), seen, found);
        }
    }
}

/// The JSON answers of `doc` a client cannot type, as `"METHOD /path status: where"`.
fn untyped_answers(doc: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let path = path.strip_prefix("/api/v1").expect("paths under /api/v1");
        for (method, op) in item.as_object().expect("path item") {
            let route = format!("{} {path}", method.to_uppercase());
            for (status, response) in op["responses"].as_object().expect("responses") {
                if !status.starts_with('2') {
                    continue;
                }
                let Some(schema) = response["content"]["application/json"].get("schema") else {
                    if status != "2XX" && !NOT_JSON.contains(&route.as_str()) {
                        found.push(format!("{route} {status}: a body without a schema"));
                    }
                    continue;
                };
                let mut places = Vec::new();
                untyped(doc, schema, "the answer", &mut BTreeSet::new(), &mut places);
                found.extend(places.into_iter().map(|at| format!("{route} {status}: untyped at `{at}`")));
            }
        }
    }
    found
}

#[test]
fn every_json_answer_has_a_typed_schema() {
    let found = untyped_answers(&document());
    assert!(found.is_empty(), "JSON answers the console cannot type (answer a ToSchema struct): {found:#?}");
}

/// A property of a component — in its own properties or in a part of its `allOf` (an answer
/// that embeds its row) — with whether that part requires it.
fn property<'a>(schemas: &'a Value, schema: &'a Value, field: &str) -> Option<(&'a Value, bool)> {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        return property(schemas, &schemas[name], field);
    }
    if let Some(p) = schema["properties"].get(field) {
        let required = schema["required"].as_array().is_some_and(|r| r.contains(&Value::from(field)));
        // a reference to another component: return that component's schema
        let p = match p["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(name) => &schemas[name],
            None => p,
        };
        return Some((p, required));
    }
    schema["allOf"].as_array().into_iter().flatten().find_map(|part| property(schemas, part, field))
}

#[test]
fn what_the_server_sends_has_its_null_fields() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let prop = |schema: &str, field: &str| {
        property(schemas, &schemas[schema], field).unwrap_or_else(|| panic!("{schema}.{field} not documented"))
    };
    // only sent: an Option is null, never absent (also through an embedded row)
    assert!(prop("Lead", "company").1, "Lead.company is always sent");
    assert!(prop("TicketRow", "department_id").1, "TicketRow.department_id is always sent");
    // left out when empty: optional and not null
    assert!(!prop("EnterpriseView", "entrepreneurs").1);
    assert_eq!(prop("EnterpriseView", "entrepreneurs").0["type"], "array");
    // read too: a client may leave it out
    assert!(!prop("PersonView", "title").1);
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
