//! 一企一档 (`GET /enterprises/{id}/dossier`): the enterprise through the caller's scope, each
//! section only with its read permission, and every figure what the list filtered by the
//! enterprise says.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{
    Backend, Session, enterprise_named, list_all, park_colleague, park_id, spawn_app, status_code_of, zone_today,
};

fn dossier_path(id: i64) -> String {
    format!("/api/v1/enterprises/{id}/dossier")
}

async fn dossier(s: &Session, id: i64) -> Value {
    s.get_json(&dossier_path(id)).await
}

async fn total(s: &Session, path: &str) -> u64 {
    s.get_json(path).await["total"].as_u64().unwrap_or_else(|| panic!("total of {path}"))
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array().expect("items").iter().map(|i| i["id"].as_i64().expect("id")).collect()
}

/// The section's key and the permission that shows it.
const SECTIONS: &[(&str, &str)] = &[
    ("tickets", "ticket:read"),
    ("projects", "project:read"),
    ("visits", "visit:read"),
    ("cadres", "visit:read"),
    ("leads", "lead:read"),
];

/// 晶澳 with a linked cadre who has visited it (the demo's 晶澳 has 诉求, a project and a lead
/// but no linkage): every section has something to show. Answers its id.
async fn ja_with_a_cadre(app: &crate::support::TestApp) -> i64 {
    let leader = app.login("leader").await;
    let ja = enterprise_named(&leader, "晶澳").await["id"].as_i64().unwrap();
    let cadre = app.login("cadre").await;
    let cadre_id = cadre.get_json("/api/v1/me").await["id"].as_i64().unwrap();
    let admin = app.login("admin").await;
    let res = admin.post("/api/v1/linkages", &json!({"user_id": cadre_id, "enterprise_id": ja})).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let body = json!({"enterprise_id": ja, "visited_on": zone_today().to_string(), "people_met": "总经理",
        "findings": "新产线调试顺利"});
    let res = cadre.post("/api/v1/visits", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    ja
}

/// Every figure of the dossier is the list filtered by the enterprise (and the figure's
/// condition), as `s` reads them.
async fn assert_figures_match_the_lists(s: &Session, id: i64) -> Value {
    let d = dossier(s, id).await;
    let year_start = format!("{}-01-01", zone_today().format("%Y"));
    let today = zone_today().to_string();

    let t = &d["tickets"];
    let base = format!("/api/v1/tickets?enterprise={id}");
    assert_eq!(t["total"].as_u64().unwrap(), total(s, &base).await, "tickets total: {t}");
    assert_eq!(t["open"].as_u64().unwrap(), total(s, &format!("{base}&open=true")).await);
    assert_eq!(t["overdue"].as_u64().unwrap(), total(s, &format!("{base}&overdue=true")).await);
    let resolved = list_all(s, &format!("{base}&resolved_from={year_start}&resolved_to={today}")).await;
    assert_eq!(t["resolved_this_year"].as_u64().unwrap(), resolved.len() as u64);
    let rated: Vec<f64> = resolved.iter().filter_map(|r| r["satisfaction"].as_f64()).collect();
    if rated.is_empty() {
        assert!(t["satisfaction_avg"].is_null(), "no rating: null, not 0: {t}");
    } else {
        let avg = rated.iter().sum::<f64>() / rated.len() as f64;
        assert!((t["satisfaction_avg"].as_f64().unwrap() - avg).abs() < 0.01, "{t}");
    }
    if resolved.is_empty() {
        assert!(t["on_time_rate"].is_null(), "{t}");
    }
    let listed = s.get_json(&format!("{base}&page_size=10")).await;
    assert_eq!(ids(&t["items"]), ids(&listed["items"]), "the latest tickets, newest first");
    for (item, row) in t["items"].as_array().unwrap().iter().zip(listed["items"].as_array().unwrap()) {
        assert_eq!(item["no"], row["no"], "the number people quote");
        assert_eq!(item["state_label"], row["state_label"]);
    }

    let p = &d["projects"];
    let base = format!("/api/v1/projects?enterprise={id}");
    let all = list_all(s, &base).await;
    assert_eq!(p["total"].as_u64().unwrap(), all.len() as u64, "projects total: {p}");
    assert_eq!(p["late"].as_u64().unwrap(), total(s, &format!("{base}&late=true")).await);
    if all.is_empty() {
        assert!(p["investment"].is_null(), "{p}");
    } else {
        let sum: f64 = all.iter().map(|r| r["investment"].as_f64().unwrap()).sum();
        assert!((p["investment"].as_f64().unwrap() - sum).abs() < 0.01, "{p}");
    }
    let by_stage = p["by_stage"].as_array().unwrap();
    let mut counted = 0;
    for st in by_stage {
        let stage = st["stage"].as_str().unwrap();
        let rows = list_all(s, &format!("{base}&stage={stage}")).await;
        assert_eq!(st["count"].as_u64().unwrap(), rows.len() as u64, "{stage}");
        let sum: f64 = rows.iter().map(|r| r["investment"].as_f64().unwrap()).sum();
        assert!((st["investment"].as_f64().unwrap() - sum).abs() < 0.01, "{stage}");
        assert!(rows.iter().all(|r| r["stage"] == stage));
        counted += rows.len() as u64;
    }
    assert_eq!(counted, p["total"].as_u64().unwrap(), "every project in one stage");
    let listed = s.get_json(&format!("{base}&page_size=10")).await;
    assert_eq!(ids(&p["items"]), ids(&listed["items"]));

    let v = &d["visits"];
    if !v.is_null() {
        let base = format!("/api/v1/visits?enterprise={id}");
        let listed = s.get_json(&format!("{base}&page_size=10")).await;
        assert_eq!(v["total"], listed["total"], "visits total: {v}");
        assert_eq!(ids(&v["items"]), ids(&listed["items"]));
        assert_eq!(v["last_visited_on"], listed["items"][0]["visited_on"], "null when never visited");
        assert_eq!(v["this_year"].as_u64().unwrap(), total(s, &format!("{base}&from={year_start}")).await);

        let links = s.get_json(&format!("/api/v1/linkages?enterprise={id}")).await;
        let c = &d["cadres"];
        let linked: Vec<i64> =
            links["items"].as_array().unwrap().iter().map(|l| l["user_id"].as_i64().unwrap()).collect();
        let shown: Vec<i64> = c["items"].as_array().unwrap().iter().map(|l| l["user_id"].as_i64().unwrap()).collect();
        assert_eq!(shown, linked, "{c}");
        assert_eq!(c["total"].as_u64().unwrap(), linked.len() as u64);
        for k in c["items"].as_array().unwrap() {
            let theirs = s.get_json(&format!("{base}&cadre={}&page_size=1", k["user_id"])).await;
            assert_eq!(k["visits"], theirs["total"]);
            assert_eq!(k["last_visited_on"], theirs["items"][0]["visited_on"]);
        }
    }

    let l = &d["leads"];
    if !l.is_null() {
        let all = list_all(s, &format!("/api/v1/leads?enterprise={id}")).await;
        assert_eq!(l["total"].as_u64().unwrap(), all.len() as u64, "leads total: {l}");
        if all.is_empty() {
            assert!(l["intended_investment"].is_null());
        } else {
            let sum: f64 = all.iter().map(|r| r["intended_investment"].as_f64().unwrap()).sum();
            assert!((l["intended_investment"].as_f64().unwrap() - sum).abs() < 0.01, "{l}");
        }
    }
    d
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_dossier_gathers_what_the_lists_say_about_one_enterprise(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let id = ja_with_a_cadre(&app).await;
    let leader = app.login("leader").await;
    let e = leader.get_json(&format!("/api/v1/enterprises/{id}")).await;
    // A second lead that became this enterprise (the demo has one).
    let admin = app.login("admin").await;
    let res = admin
        .post(
            "/api/v1/leads",
            &json!({"company": e["name"], "kind": "expansion", "intended_investment": 300000000.0,
                "park_id": e["park_id"], "contact_name": "李总", "contact_phone": "13800000002", "enterprise_id": id}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());

    let d = assert_figures_match_the_lists(&leader, id).await;
    assert_eq!(d["enterprise"]["id"], id);
    assert_eq!(d["enterprise"]["name"], e["name"]);
    assert_eq!(d["this_year"].as_i64().unwrap().to_string(), zone_today().format("%Y").to_string());
    for (key, _) in SECTIONS {
        assert!(d[key]["total"].as_u64().unwrap() > 0, "the leader sees {key} of 晶澳: {d}");
    }
    assert!(!d["tiers"].as_array().unwrap().is_empty(), "its tier by year");
    let cadre = &d["cadres"]["items"][0];
    assert_eq!(cadre["name"], "挂钩干部");
    assert_eq!(cadre["visits_this_year"], 1);
    assert_eq!(cadre["last_visited_on"].as_str(), Some(zone_today().to_string().as_str()));
    assert_eq!(d["visits"]["items"][0]["findings"], "新产线调试顺利", "the latest visit first");
    assert!(d["projects"]["investment"].as_f64().unwrap() > 0.0);

    // The same for the manager of its park, within what the park reads.
    assert_eq!(d["enterprise"]["park_id"].as_i64().unwrap(), park_id(&leader, "pv").await);
    let pv = app.login("park_pv").await;
    let d = assert_figures_match_the_lists(&pv, id).await;
    assert!(d["tickets"]["total"].as_u64().unwrap() > 0 && d["visits"]["total"].as_u64().unwrap() > 0, "{d}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_dossier_is_read_through_the_enterprise_scope(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let leader = app.login("leader").await;
    let pv = park_id(&leader, "pv").await;
    let auto = park_id(&leader, "auto").await;
    let in_park = |p: i64| {
        let leader = &leader;
        async move {
            leader.get_json(&format!("/api/v1/enterprises?park={p}&page_size=1")).await["items"][0]["id"]
                .as_i64()
                .unwrap()
        }
    };
    let (pv_one, auto_one) = (in_park(pv).await, in_park(auto).await);

    // The enterprise account: its own dossier (its 诉求 and projects), no other.
    let ent = app.login("ent_ja").await;
    let own = ent.get_json("/api/v1/enterprises").await;
    assert_eq!(own["total"], 1);
    let ja = own["items"][0]["id"].as_i64().unwrap();
    let d = assert_figures_match_the_lists(&ent, ja).await;
    assert!(d["tickets"]["total"].as_u64().unwrap() > 0, "晶澳 has 诉求 in the demo: {d}");
    assert!(d["visits"].is_null() && d["cadres"].is_null() && d["leads"].is_null(), "{d}");
    let other = if pv_one == ja { auto_one } else { pv_one };
    let (status, _) = status_code_of(ent.get(&dossier_path(other)).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another enterprise's dossier is not found");
    // What the leader reads of 晶澳's 诉求 is more than the account's own only where the scope says.
    let led = dossier(&leader, ja).await;
    assert!(led["tickets"]["total"].as_u64().unwrap() >= d["tickets"]["total"].as_u64().unwrap());

    // A park manager: an enterprise of its park, not one outside.
    let pa = app.login("park_auto").await;
    assert_eq!(dossier(&pa, auto_one).await["enterprise"]["id"], auto_one);
    let (status, _) = status_code_of(pa.get(&dossier_path(pv_one)).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = status_code_of(pa.get(&dossier_path(i64::MAX)).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such enterprise: the same answer");

    // Without enterprise:read there is no dossier at all.
    let auditor = app.login("auditor").await;
    let (status, _) = status_code_of(auditor.get(&dossier_path(auto_one)).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Each role sees a section exactly when it holds that section's read permission; a section it
/// may not read is null, not empty.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_section_is_there_only_with_its_read_permission(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    // (The investor's own scope reads no enterprise of the demo.)
    for user in ["leader", "park_auto", "dept_land", "service", "cadre", "ent_ja", "admin"] {
        let s = app.login(user).await;
        let me = s.get_json("/api/v1/me").await;
        let perms: Vec<&str> = me["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
        let Some(id) = s.get_json("/api/v1/enterprises?page_size=1").await["items"][0]["id"].as_i64() else {
            panic!("{user} reads some enterprise")
        };
        let d = dossier(&s, id).await;
        for (key, perm) in SECTIONS {
            assert_eq!(d[key].is_object(), perms.contains(perm), "{user}: {key} with {perm}? {d}");
        }
    }
    // The cadre (no ticket:read) gets no 诉求 section even on a linked enterprise with 诉求.
    let cadre = app.login("cadre").await;
    let linked = cadre.get_json("/api/v1/my/linked-enterprises").await["items"][0]["enterprise_id"].as_i64().unwrap();
    let d = dossier(&cadre, linked).await;
    assert!(d["tickets"].is_null() && d["projects"].is_null() && d["leads"].is_null(), "{d}");
    assert!(d["visits"]["total"].as_u64().unwrap() > 0, "the cadre's visits there: {d}");
    assert!(d["cadres"]["items"].as_array().unwrap().iter().any(|c| c["name"] == "挂钩干部"), "{d}");
}

/// A confidential lead names its company to its owner and zone-wide readers only: listed under
/// the enterprise it became, it would name the company to anyone else, so for them it is not
/// among the enterprise's leads (the lead list still shows it, masked).
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_confidential_lead_does_not_name_its_enterprise_to_an_unprivileged_reader(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let owner = app.login("park_auto").await;
    let auto = park_id(&owner, "auto").await;
    let id = owner.get_json(&format!("/api/v1/enterprises?park={auto}&page_size=1")).await["items"][0]["id"]
        .as_i64()
        .unwrap();
    let lead = |company: &str, codename: Option<&str>| {
        json!({"company": company, "codename": codename, "confidential": codename.is_some(), "kind": "expansion",
            "intended_investment": 800000000.0, "park_id": auto, "contact_name": "赵总",
            "contact_phone": "13800000003", "enterprise_id": id})
    };
    let res = owner.post("/api/v1/leads", &lead("绝密增资扩产有限公司", Some("项目K-19"))).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let secret = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = owner.post("/api/v1/leads", &lead("公开增资有限公司", None)).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let open = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // The owner and the leader read both, by company.
    for s in [&owner, &app.login("leader").await] {
        let d = assert_figures_match_the_lists(s, id).await;
        let items = d["leads"]["items"].as_array().unwrap();
        let row = items.iter().find(|l| l["id"] == secret).expect("the confidential lead");
        assert_eq!(row["company"], "绝密增资扩产有限公司");
        assert_eq!(row["masked"], false);
        assert!(items.iter().any(|l| l["id"] == open));
    }

    // A colleague of the same park reads the park's leads, this one masked; under the
    // enterprise they find the open lead only, and nothing of the confidential one.
    let peer = park_colleague(&app, "auto_peer", auto).await;
    let masked = peer.get_json(&format!("/api/v1/leads/{secret}")).await;
    assert_eq!(masked["masked"], true);
    assert!(masked["company"].is_null() && masked["enterprise_id"].is_null(), "{masked}");
    let d = assert_figures_match_the_lists(&peer, id).await;
    let items = d["leads"]["items"].as_array().unwrap();
    assert!(items.iter().any(|l| l["id"] == open), "{d}");
    assert!(items.iter().all(|l| l["id"] != secret && l["masked"] == false), "{d}");
    let text = d.to_string();
    assert!(!text.contains("绝密增资") && !text.contains("K-19"), "the dossier names the confidential lead: {text}");
    let listed = peer.get_json(&format!("/api/v1/leads?enterprise={id}")).await;
    assert!(ids(&listed["items"]).iter().all(|l| *l != secret), "nor does the list filtered by the enterprise");
}
