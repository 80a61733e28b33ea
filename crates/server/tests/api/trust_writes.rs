//! Issue #13, part 2: nothing is lost on a malformed write. A PUT replaces a record, so every
//! field it needs is required: `{}` or a misspelt key is a 422 naming the field and the record
//! stays as it was. A PATCH changes only the keys it carries.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, assert_invalid, error_of, park_id, spawn_app};

/// The first id of a list.
async fn first_id(s: &Session, path: &str) -> i64 {
    let v = s.get_json(path).await;
    v["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("no record in {path}: {v}"))
}

/// A meeting to write to (the demo zone has none).
async fn a_meeting(s: &Session) -> i64 {
    let body = json!({"kind": "weekly", "title": "周例会", "held_on": "2026-11-20", "location": "管委会第一会议室",
        "chair": "王主任", "status": "held", "minutes": "会议听取了汇报。"});
    let res = s.post("/api/v1/meetings", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// Every PUT route with the GET that shows what it writes (routes that need a record take the
/// first one of the demo zone).
async fn put_routes(s: &Session) -> Vec<(String, String)> {
    let enterprise = first_id(s, "/api/v1/enterprises?page_size=1").await;
    let lead = first_id(s, "/api/v1/leads?page_size=1").await;
    let project = first_id(s, "/api/v1/projects?page_size=1").await;
    let activity = first_id(s, "/api/v1/activities?page_size=1").await;
    let meeting = a_meeting(s).await;
    let goal = first_id(s, "/api/v1/goals").await;
    let park = first_id(s, "/api/v1/parks").await;
    let user = first_id(s, "/api/v1/users").await;
    let target = first_id(s, "/api/v1/invest/targets").await;
    let category = s.get_json("/api/v1/ticket-categories").await["items"][0]["code"].as_str().unwrap().to_owned();
    let res = s.post(&format!("/api/v1/projects/{project}/problems"), &json!({"title": "用地指标未落实"})).await;
    let problem = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let dept = first_id(s, "/api/v1/departments").await;
    let res = s
        .post(
            &format!("/api/v1/meetings/{meeting}/actions"),
            &json!({"title": "协调用地", "department_id": dept, "due_on": "2026-12-31"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "action added");
    let action = res.json::<Value>().await.unwrap()["actions"][0]["id"].as_i64().unwrap();
    vec![
        ("/api/v1/ticket-routing".into(), "/api/v1/ticket-routing".into()),
        ("/api/v1/sla-policies".into(), "/api/v1/sla-policies".into()),
        (format!("/api/v1/meetings/{meeting}/agenda"), format!("/api/v1/meetings/{meeting}")),
        (format!("/api/v1/meetings/{meeting}"), format!("/api/v1/meetings/{meeting}")),
        (format!("/api/v1/enterprises/{enterprise}"), format!("/api/v1/enterprises/{enterprise}")),
        (
            format!("/api/v1/enterprises/{enterprise}/indicators"),
            format!("/api/v1/enterprises/{enterprise}/indicators"),
        ),
        (format!("/api/v1/leads/{lead}"), format!("/api/v1/leads/{lead}")),
        (format!("/api/v1/projects/{project}"), format!("/api/v1/projects/{project}")),
        (format!("/api/v1/projects/{project}/stages/land"), format!("/api/v1/projects/{project}")),
        (format!("/api/v1/projects/{project}/problems/{problem}"), format!("/api/v1/projects/{project}/problems")),
        (format!("/api/v1/meeting-actions/{action}"), format!("/api/v1/meetings/{meeting}")),
        (format!("/api/v1/activities/{activity}"), format!("/api/v1/activities/{activity}")),
        (format!("/api/v1/goals/{goal}"), "/api/v1/goals".into()),
        (format!("/api/v1/parks/{park}"), "/api/v1/parks".into()),
        (format!("/api/v1/users/{user}"), "/api/v1/users".into()),
        ("/api/v1/roles/cadre".into(), "/api/v1/roles".into()),
        (format!("/api/v1/invest/targets/{target}"), "/api/v1/invest/targets".into()),
        ("/api/v1/weekly-plans/2026-11-23".into(), "/api/v1/weekly-plans?week=2026-11-23".into()),
        ("/api/v1/calendar/2026".into(), "/api/v1/calendar/2026".into()),
        ("/api/v1/ticket-categories/order".into(), "/api/v1/ticket-categories".into()),
        (format!("/api/v1/ticket-categories/{category}"), "/api/v1/ticket-categories".into()),
    ]
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_put_missing_or_misspelling_a_field_changes_nothing(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    for (put, get) in put_routes(&s).await {
        let before = s.get_json(&get).await;
        // `{}`: the first required field is named (the indicators' PUT is an upsert, also
        // refused without its `items`).
        let (status, code, field, err) = error_of(s.put(&put, &json!({})).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "FIELD_REQUIRED"), "{put}: {err}");
        let field = field.unwrap_or_default();
        assert!(!field.is_empty(), "{put}: the missing field is named: {err}");
        // The same field misspelt: still the field the body lacks, never an emptied value.
        let misspelt = format!("{field}x");
        let body = json!({ misspelt.clone(): [] });
        let (status, code, named, err) = error_of(s.put(&put, &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{put}: {err}");
        assert!(
            (code == "FIELD_REQUIRED" && named.as_deref() == Some(field.as_str()))
                || (code == "FIELD_UNKNOWN" && named.as_deref() == Some(misspelt.as_str())),
            "{put}: {err}"
        );
        assert_eq!(s.get_json(&get).await, before, "{put} left the record as it was");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn rule_lists_and_agendas_are_never_emptied_by_a_missing_key(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let routing = s.get_json("/api/v1/ticket-routing").await;
    assert!(!routing["items"].as_array().unwrap().is_empty(), "the demo routes its categories");
    for body in [json!({}), json!({"item": []}), json!({"Items": routing["items"]})] {
        assert_invalid(s.put("/api/v1/ticket-routing", &body).await, "items").await;
        assert_invalid(s.put("/api/v1/sla-policies", &body).await, "items").await;
    }
    // A misspelt key inside an item is named with its path.
    let mut items = routing["items"].clone();
    items[0]["departmentid"] = items[0]["department_id"].take();
    items[0].as_object_mut().unwrap().remove("department_id");
    let err = error_of(s.put("/api/v1/ticket-routing", &json!({ "items": items })).await).await;
    assert_eq!(err.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", err.3);
    assert!(err.2.unwrap_or_default().starts_with("items[0]"), "{}", err.3);
    assert_eq!(s.get_json("/api/v1/ticket-routing").await, routing);
    // An agenda: `{}` is refused, `[]` clears it on purpose.
    let meeting = a_meeting(&s).await;
    let path = format!("/api/v1/meetings/{meeting}/agenda");
    let agenda = json!({"items": [{"kind": "custom", "title": "园区用地协调", "note": "第一行\n第二行"}]});
    assert_eq!(s.put(&path, &agenda).await.status(), StatusCode::OK);
    assert_invalid(s.put(&path, &json!({})).await, "items").await;
    assert_invalid(s.put(&path, &json!({"itmes": []})).await, "items").await;
    let kept = s.get_json(&format!("/api/v1/meetings/{meeting}")).await;
    assert_eq!(kept["items"].as_array().unwrap().len(), 1, "{kept}");
    assert_eq!(s.put(&path, &json!({"items": []})).await.status(), StatusCode::OK);
    assert!(s.get_json(&format!("/api/v1/meetings/{meeting}")).await["items"].as_array().unwrap().is_empty());
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_enterprise_put_needs_every_field_and_a_patch_changes_only_its_keys(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let auto = park_id(&s, "auto").await;
    let mut input = crate::support::enterprise_input(700, auto);
    input["chain_id"] = Value::Null;
    let created: Value = s.post("/api/v1/enterprises", &input).await.json().await.unwrap();
    let path = format!("/api/v1/enterprises/{}", created["id"]);
    for missing in ["entrepreneurs", "address", "chain_id", "land_mu"] {
        let mut body = input.clone();
        body.as_object_mut().unwrap().remove(missing);
        assert_invalid(s.put(&path, &body).await, missing).await;
    }
    let mut body = input.clone();
    body["adress"] = body["address"].take();
    body.as_object_mut().unwrap().remove("address");
    assert_invalid(s.put(&path, &body).await, "address").await;
    let mut body = input.clone();
    body["nickname"] = json!("x");
    let err = assert_invalid(s.put(&path, &body).await, "nickname").await;
    assert_eq!(err["code"], "FIELD_UNKNOWN");
    let stored = s.get_json(&path).await;
    assert_eq!(stored["address"], input["address"]);
    assert_eq!(stored["entrepreneurs"].as_array().unwrap().len(), 1);

    // PATCH: one key changes, the rest stays.
    let res = s.client.patch(s.url(&path)).json(&json!({"name": "测试精密机械改名有限公司"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let after = s.get_json(&path).await;
    assert_eq!(after["name"], "测试精密机械改名有限公司");
    for key in ["credit_code", "address", "entrepreneurs", "land_mu", "established_on", "park_id", "industry_code"] {
        assert_eq!(after[key], stored[key], "{key} kept by the PATCH");
    }
    let res = s.client.patch(s.url(&path)).json(&json!({"adress": "x"})).send().await.unwrap();
    assert_eq!(assert_invalid(res, "adress").await["code"], "FIELD_UNKNOWN");
    let res = s.client.patch(s.url(&path)).json(&json!({"address": null})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "null clears on purpose");
    assert_eq!(s.get_json(&path).await["address"], "");
    assert_eq!(s.get_json(&path).await["entrepreneurs"], stored["entrepreneurs"]);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn users_and_roles_have_a_patch_and_a_strict_put(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let users = s.get_json("/api/v1/users").await;
    let cadre = users["items"].as_array().unwrap().iter().find(|u| u["username"] == "cadre").unwrap().clone();
    let path = format!("/api/v1/users/{}", cadre["id"]);
    let res = s.client.patch(s.url(&path)).json(&json!({"display_name": "王干部"})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let after: Value = res.json().await.unwrap();
    assert_eq!(after["display_name"], "王干部");
    assert_eq!((&after["roles"], &after["scope"]), (&cadre["roles"], &cadre["scope"]), "kept");
    // A PUT without roles would have kept them silently before; now it names the field.
    assert_invalid(s.put(&path, &json!({"display_name": "王干部", "scope": cadre["scope"]})).await, "roles").await;
    let body =
        json!({"display_name": "王干部", "roles": cadre["roles"], "scope": cadre["scope"], "password": "Xx@12345678"});
    assert_eq!(assert_invalid(s.put(&path, &body).await, "password").await["code"], "PASSWORD_SEPARATE");
    let role = s.client.patch(s.url("/api/v1/roles/cadre")).json(&json!({"name": "挂钩干部"})).send().await.unwrap();
    assert_eq!(role.status(), StatusCode::OK);
    let role: Value = role.json().await.unwrap();
    assert_eq!(role["name"], "挂钩干部");
    assert!(!role["permissions"].as_array().unwrap().is_empty(), "permissions kept");
}
