//! A meeting's agenda as the meeting reads it: grouped by kind, ranked within a kind (most
//! severe and oldest first), each group showing at most five items and "及其他 N 项" for the rest.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, spawn_app};

const ORDER: [&str; 5] = ["late_project", "escalated_ticket", "overdue_ticket", "carried_action", "custom"];

/// Checks the groups against the flat agenda: the kinds in order, each group the first five of
/// its kind in agenda order, `more` the rest; returns the groups.
fn check_groups(m: &Value) -> Vec<Value> {
    let items = m["items"].as_array().unwrap();
    let groups = m["groups"].as_array().unwrap().clone();
    assert_eq!(m["group_cap"], 5);
    let kinds: Vec<&str> = groups.iter().map(|g| g["kind"].as_str().unwrap()).collect();
    let expected: Vec<&str> = ORDER.iter().copied().filter(|k| items.iter().any(|i| i["kind"] == *k)).collect();
    assert_eq!(kinds, expected, "groups in their order, none empty");
    let mut total = 0;
    for g in &groups {
        let of_kind: Vec<&Value> = items.iter().filter(|i| i["kind"] == g["kind"]).collect();
        let shown = g["items"].as_array().unwrap();
        assert_eq!(g["total"].as_u64().unwrap() as usize, of_kind.len());
        assert_eq!(shown.len(), of_kind.len().min(5), "{}", g["kind"]);
        for (a, b) in shown.iter().zip(&of_kind) {
            assert_eq!(a["id"], b["id"], "the group shows its kind's first items in agenda order");
        }
        let more = of_kind.len().saturating_sub(5);
        assert_eq!(g["more"].as_u64().unwrap() as usize, more);
        if more > 0 {
            assert_eq!(g["more_label"], format!("及其他 {more} 项"));
        } else {
            assert_eq!(g["more_label"], Value::Null);
        }
        total += of_kind.len();
    }
    assert_eq!(total, items.len());
    groups
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_drawn_agenda_is_grouped_ranked_and_capped_with_the_rest_counted(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let res = leader.post("/api/v1/meetings", &json!({"kind": "weekly", "held_on": "2026-11-30"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = leader.post(&format!("/api/v1/meetings/{id}/agenda/draw"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let m: Value = res.json().await.unwrap();
    let items = m["items"].as_array().unwrap().clone();
    assert!(items.len() > 5, "the demo's weekly meeting draws many items: {}", items.len());
    let groups = check_groups(&m);
    assert!(groups.len() >= 2, "{groups:?}");
    assert!(groups.iter().any(|g| g["more"].as_u64().unwrap() > 0), "some kind has more than five items");
    // The flat agenda is grouped too: no kind comes back after another kind began.
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for k in &kinds {
        if seen.last() != Some(k) {
            assert!(!seen.contains(k), "{k} split: {kinds:?}");
            seen.push(k);
        }
    }
    // Late projects: the longest late first (the note says by how many days).
    let days: Vec<i64> = items
        .iter()
        .filter(|i| i["kind"] == "late_project")
        .map(|i| {
            let note = i["note"].as_str().unwrap();
            let n = note.rsplit("已逾期").next().unwrap().trim_end_matches('天');
            n.parse().unwrap_or_else(|_| panic!("{note}"))
        })
        .collect();
    assert!(!days.is_empty());
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    // Tickets: within a kind, the earlier resolve deadline first.
    for kind in ["escalated_ticket", "overdue_ticket"] {
        let mut dues = Vec::new();
        for i in items.iter().filter(|i| i["kind"] == kind).take(8) {
            let t = leader.get_json(&format!("/api/v1/tickets/{}", i["ref_id"])).await;
            dues.push(t["sla"]["resolve_due"].as_str().unwrap_or("9999").to_owned());
        }
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{kind}: {dues:?}");
    }
    // Drawing again changes nothing; an English reader gets "and N more".
    let again: Value =
        leader.post(&format!("/api/v1/meetings/{id}/agenda/draw"), &json!({})).await.json().await.unwrap();
    let refs = |v: &Value| {
        v["items"].as_array().unwrap().iter().map(|i| (i["kind"].clone(), i["ref_id"].clone())).collect::<Vec<_>>()
    };
    assert_eq!(refs(&again), refs(&m));
    let res = leader
        .client
        .get(leader.url(&format!("/api/v1/meetings/{id}")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let en: Value = res.json().await.unwrap();
    let g = en["groups"].as_array().unwrap().iter().find(|g| g["more"].as_u64().unwrap() > 0).unwrap();
    assert_eq!(g["more_label"], format!("and {} more", g["more"]));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_edited_agenda_is_grouped_by_its_own_order(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let res = leader.post("/api/v1/meetings", &json!({"kind": "coordination", "held_on": "2026-12-01"})).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // Seven items of one's own, one carried action between them: two groups; the custom group
    // shows the first five as ordered and counts two more.
    let mut items: Vec<Value> =
        (1..=7).map(|n| json!({"kind": "custom", "ref_id": null, "title": format!("议题{n}"), "note": ""})).collect();
    items.insert(3, json!({"kind": "carried_action", "ref_id": null, "title": "上周交办事项", "note": ""}));
    let res = leader.put(&format!("/api/v1/meetings/{id}/agenda"), &json!({"items": items})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let m: Value = res.json().await.unwrap();
    let groups = check_groups(&m);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["kind"], "carried_action");
    let titles: Vec<&str> =
        groups[1]["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["议题1", "议题2", "议题3", "议题4", "议题5"]);
    assert_eq!(groups[1]["more_label"], "及其他 2 项");
}
