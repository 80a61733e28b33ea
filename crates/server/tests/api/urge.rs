//! 催办: logged, told to whoever must act, counted on the record.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, assert_invalid, hotline_body, spawn_app};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_leader_urges_a_ticket_and_a_project_and_the_handlers_hear_of_it(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let dept = app.login("dept_land").await;

    // An open ticket the land bureau handles.
    let open = dept.get_json("/api/v1/tickets?open=true&page_size=50").await;
    let me_dept = dept.get_json("/api/v1/me").await["scope"]["department"].as_i64().unwrap();
    let t = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["department_id"] == me_dept)
        .expect("an open land ticket")
        .clone();
    let id = t["id"].as_i64().unwrap();
    let before = dept.get_json("/api/v1/notifications").await["items"].as_array().unwrap().len();

    let res = leader.post(&format!("/api/v1/tickets/{id}/urges"), &json!({"note": "请本周内给企业书面答复"})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let urges: Value = res.json().await.unwrap();
    assert_eq!(urges["count"], 1);
    assert_eq!(urges["items"][0]["by_name"], "管委会领导");
    assert_eq!(urges["items"][0]["note"], "请本周内给企业书面答复");
    leader.post(&format!("/api/v1/tickets/{id}/urges"), &json!({})).await;
    assert_eq!(
        dept.get_json(&format!("/api/v1/tickets/{id}/urges")).await["count"],
        2,
        "counted, and the handler sees it"
    );

    let inbox = dept.get_json("/api/v1/notifications").await["items"].as_array().unwrap().clone();
    assert_eq!(inbox.len(), before + 2);
    let told: Vec<&Value> = inbox.iter().filter(|n| n["kind"] == "urge" && n["ticket_id"] == id).collect();
    assert_eq!(told.len(), 2, "the department is told each time");
    assert!(told.iter().all(|n| n["title"].as_str().unwrap().contains(t["no"].as_str().unwrap())));
    assert!(told.iter().any(|n| n["body"] == "请本周内给企业书面答复"), "with what the leader asked");

    // Audited.
    let auditor = app.login("auditor").await;
    let log = auditor.get_json(&format!("/api/v1/audit?entity=ticket&entity_id={id}&action=urge")).await;
    assert_eq!(log["total"], 2, "{log}");

    // Who may not: a park has no 催办; a finished ticket has nothing to urge; a note too long.
    let park = app.login("park_auto").await;
    let theirs = park.get_json("/api/v1/tickets?page_size=1").await["items"][0]["id"].as_i64().unwrap();
    assert_eq!(park.post(&format!("/api/v1/tickets/{theirs}/urges"), &json!({})).await.status(), StatusCode::FORBIDDEN);
    let closed = leader.get_json("/api/v1/tickets?open=false&page_size=1").await["items"][0]["id"].as_i64().unwrap();
    let res = leader.post(&format!("/api/v1/tickets/{closed}/urges"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(leader.get_json(&format!("/api/v1/tickets/{closed}/urges")).await["count"], 0, "nothing stored");
    assert_invalid(
        leader.post(&format!("/api/v1/tickets/{id}/urges"), &json!({"note": "催".repeat(1001)})).await,
        "note",
    )
    .await;

    // A project: its owner is told.
    let investor = app.login("investor").await;
    let me_inv = investor.get_json("/api/v1/me").await["id"].as_i64().unwrap();
    let p = investor.get_json("/api/v1/projects?page_size=50").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["owner_id"] == me_inv)
        .expect("a project of the investor")
        .clone();
    let pid = p["id"].as_i64().unwrap();
    let res = leader.post(&format!("/api/v1/projects/{pid}/urges"), &json!({"note": "抓紧开工"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let inbox = investor.get_json("/api/v1/notifications").await["items"].as_array().unwrap().clone();
    assert!(
        inbox.iter().any(|n| n["kind"] == "urge" && n["title"].as_str().unwrap().contains(p["name"].as_str().unwrap()))
    );
    assert_eq!(investor.get_json(&format!("/api/v1/projects/{pid}/urges")).await["count"], 1);
}

/// A new ticket, from any door (the public hotline, an enterprise's own account), reaches every
/// dispatcher's inbox at once; nobody else's.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_new_ticket_tells_the_dispatchers(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    let admin = app.login("admin").await;
    let leader = app.login("leader").await;
    let filed = |s: Value| -> Vec<i64> {
        s["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "filed")
            .map(|n| n["ticket_id"].as_i64().unwrap())
            .collect()
    };
    let leader_before = filed(leader.get_json("/api/v1/notifications").await).len();

    let res = app.anonymous().post("/api/v1/public/hotline", &hotline_body("0514-87654321")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let no = res.json::<Value>().await.unwrap()["no"].as_str().unwrap().to_owned();
    let id = service.get_json(&format!("/api/v1/tickets?q={no}")).await["items"][0]["id"].as_i64().unwrap();

    let ent = app.login("ent_ja").await;
    let res = ent
        .post("/api/v1/tickets", &json!({"category": "approval", "title": "环评批复进度", "detail": "请告知预计时间"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let own = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    for dispatcher in [&service, &admin] {
        let got = filed(dispatcher.get_json("/api/v1/notifications").await);
        assert!(got.contains(&id) && got.contains(&own), "{got:?}");
    }
    let inbox = service.get_json("/api/v1/notifications").await;
    let n = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["ticket_id"] == id && n["kind"] == "filed")
        .unwrap()
        .clone();
    assert!(n["title"].as_str().unwrap().contains(&no), "{n}");
    // the leader does not dispatch: nothing new for them
    assert_eq!(filed(leader.get_json("/api/v1/notifications").await).len(), leader_before);
}
