//! Reference data: parks, chains, departments, the GB/T 4754-2017 table, metrics and tier
//! thresholds; admins maintain the dictionaries.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, assert_invalid, enterprise_input, error_of, park_id, spawn_app, status_code_of};

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_demo_zone_dictionaries(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    // Park and chain names are not secret inside the zone: even an enterprise account reads them.
    let s = app.login("ent_ja").await;
    let parks = s.get_json("/api/v1/parks").await;
    assert_eq!(items(&parks).len(), 7);
    assert_eq!(parks["total"], 7);
    let names: Vec<&str> = items(&parks).iter().map(|p| p["name"].as_str().unwrap()).collect();
    for n in ["汽车及零部件", "绿色光电", "朴席"] {
        assert!(names.iter().any(|x| x.contains(n)), "{n} in {names:?}");
    }
    // The four parks the article does not name are marked as demo data.
    assert_eq!(items(&parks).iter().filter(|p| p["demo"] == true).count(), 4);

    let chains = s.get_json("/api/v1/chains").await;
    assert_eq!(items(&chains).len(), 8);
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in items(&chains) {
        groups.entry(c["group"].as_str().unwrap().into()).or_default().push(c["name"].as_str().unwrap().into());
    }
    assert_eq!(groups["leading"].len(), 3);
    assert_eq!(groups["emerging"].len(), 4);
    assert_eq!(groups["other"].len(), 1);
    for n in ["新能源", "绿色光电", "汽车及零部件"] {
        assert!(groups["leading"].iter().any(|x| x == n), "{n} leads");
    }
    for n in ["高档轻工", "医疗健康", "机械装备", "新一代信息技术"] {
        assert!(groups["emerging"].iter().any(|x| x == n), "{n} emerging");
    }
    let depts = s.get_json("/api/v1/departments").await;
    assert!(items(&depts).iter().any(|d| d["code"] == "land" && d["name"] == "自然资源和规划局"));

    let metrics = s.get_json("/api/v1/metrics").await;
    let codes: Vec<&str> = items(&metrics).iter().map(|m| m["code"].as_str().unwrap()).collect();
    for c in ["sales", "output", "tax", "employees", "rd", "energy", "fixed_investment"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let sales = items(&metrics).iter().find(|m| m["code"] == "sales").unwrap();
    assert_eq!((sales["money"].as_bool(), sales["decimals"].as_u64()), (Some(true), Some(2)));
    let staff = items(&metrics).iter().find(|m| m["code"] == "employees").unwrap();
    assert_eq!((staff["money"].as_bool(), staff["decimals"].as_u64()), (Some(false), Some(0)));

    let t = s.get_json("/api/v1/tier-thresholds").await;
    assert_eq!(t, json!({"yi": 100_000_000, "shiyi": 1_000_000_000, "baiyi": 10_000_000_000i64}));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_industry_table(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("investor").await;
    let sections = s.get_json("/api/v1/industries?level=section").await;
    assert_eq!(sections["total"], 20);
    let letters: String = items(&sections).iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(letters, "ABCDEFGHIJKLMNOPQRST");
    let divisions = s.get_json("/api/v1/industries?level=division").await;
    assert_eq!(divisions["total"], 97);
    let manufacturing = s.get_json("/api/v1/industries?level=division&parent=C").await;
    assert!(!items(&manufacturing).is_empty());
    for d in items(&manufacturing) {
        let n: u32 = d["code"].as_str().unwrap().parse().unwrap();
        assert!((13..=43).contains(&n), "{d}");
        assert_eq!(d["parent"], "C");
        assert_eq!(d["level"], "division");
    }
    assert_eq!(items(&manufacturing).len(), 31, "C has divisions 13–43");
    // Children of a division are groups; text search finds names.
    let groups = s.get_json("/api/v1/industries?parent=38").await;
    assert!(items(&groups).iter().all(|g| g["level"] == "group" && g["code"].as_str().unwrap().starts_with("38")));
    let pv = s.get_json("/api/v1/industries?q=%E5%85%89%E4%BC%8F").await; // 光伏
    assert!(items(&pv).iter().any(|i| i["code"] == "3825"), "{pv}");
    assert_invalid(s.get("/api/v1/industries?level=planet").await, "level").await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn admin_maintains_parks(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let res = s.post("/api/v1/parks", &json!({"code": "airport", "name": "空港产业园"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let park: Value = res.json().await.unwrap();
    let id = park["id"].as_i64().unwrap();
    assert_eq!((park["code"].as_str(), park["name"].as_str()), (Some("airport"), Some("空港产业园")));
    assert_eq!(items(&s.get_json("/api/v1/parks").await).len(), 8);

    let res = s.put(&format!("/api/v1/parks/{id}"), &json!({"code": "airport", "name": "临空经济产业园"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let listed = s.get_json("/api/v1/parks").await;
    assert!(items(&listed).iter().any(|p| p["id"] == id && p["name"] == "临空经济产业园"));

    // Codes are unique, on create and on rename.
    let (status, code, field, _) =
        error_of(s.post("/api/v1/parks", &json!({"code": "auto", "name": "重复"})).await).await;
    assert_eq!((status, field.as_deref()), (StatusCode::CONFLICT, Some("code")), "{code}");
    let (status, _, field, _) =
        error_of(s.put(&format!("/api/v1/parks/{id}"), &json!({"code": "pv", "name": "X"})).await).await;
    assert_eq!((status, field.as_deref()), (StatusCode::CONFLICT, Some("code")));
    assert_invalid(s.post("/api/v1/parks", &json!({"code": "a b", "name": "X"})).await, "code").await;
    assert_invalid(s.post("/api/v1/parks", &json!({"code": "x1", "name": ""})).await, "name").await;

    assert_eq!(s.delete(&format!("/api/v1/parks/{id}")).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(items(&s.get_json("/api/v1/parks").await).len(), 7);
    assert_eq!(s.delete(&format!("/api/v1/parks/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        s.put(&format!("/api/v1/parks/{id}"), &json!({"code": "z", "name": "Z"})).await.status(),
        StatusCode::NOT_FOUND
    );
    let audit = app.login("auditor").await.get_json(&format!("/api/v1/audit?entity=park&entity_id={id}")).await;
    let actions: Vec<&str> = items(&audit).iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn chains_in_use_cannot_be_deleted(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let res =
        s.post("/api/v1/chains", &json!({"code": "hydrogen", "name": "氢能", "group": "emerging", "sort": 9})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let chain: Value = res.json().await.unwrap();
    assert_eq!(chain["group"], "emerging");
    assert_invalid(s.post("/api/v1/chains", &json!({"code": "x", "name": "X", "group": "major"})).await, "group").await;
    assert_eq!(items(&s.get_json("/api/v1/chains").await).len(), 9);
    assert_eq!(s.delete(&format!("/api/v1/chains/{}", chain["id"])).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(items(&s.get_json("/api/v1/chains").await).len(), 8);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn parks_and_chains_in_use_cannot_be_deleted(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let res = s.post("/api/v1/parks", &json!({"code": "airport", "name": "空港产业园"})).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = s.post("/api/v1/enterprises", &enterprise_input(300, id)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let ent = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let (status, _, _, err) = error_of(s.delete(&format!("/api/v1/parks/{id}")).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(crate::support::has_cjk(err["message"].as_str().unwrap()));
    assert_eq!(s.get_json(&format!("/api/v1/enterprises/{ent}")).await["park_id"], id);
    let auto = park_id(&s, "auto").await;
    let (status, _, _, err) = error_of(s.delete(&format!("/api/v1/parks/{auto}")).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "a demo park with enterprises: {err}");
    let pv = crate::support::chain_id(&s, "pv").await;
    let (status, _, _, err) = error_of(s.delete(&format!("/api/v1/chains/{pv}")).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(items(&s.get_json("/api/v1/parks").await).len(), 8);
    assert_eq!(items(&s.get_json("/api/v1/chains").await).len(), 8);
    // Once empty, the park goes.
    assert_eq!(s.delete(&format!("/api/v1/enterprises/{ent}")).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.delete(&format!("/api/v1/parks/{id}")).await.status(), StatusCode::NO_CONTENT);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn only_admins_write_reference_data(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let auto = park_id(&admin, "auto").await;
    for who in ["leader", "park_auto", "investor", "ent_ja"] {
        let s = app.login(who).await;
        for res in [
            s.post("/api/v1/parks", &json!({"code": "x", "name": "X园"})).await,
            s.put(&format!("/api/v1/parks/{auto}"), &json!({"code": "auto", "name": "改名"})).await,
            s.delete(&format!("/api/v1/parks/{auto}")).await,
            s.post("/api/v1/chains", &json!({"code": "x", "name": "X"})).await,
            s.post("/api/v1/departments", &json!({"code": "x", "name": "X局"})).await,
        ] {
            let (status, code) = status_code_of(res).await;
            assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "FORBIDDEN"), "{who}");
        }
    }
    let parks = admin.get_json("/api/v1/parks").await;
    assert_eq!(items(&parks).len(), 7);
    assert!(items(&parks).iter().any(|p| p["id"] == auto && p["name"] == "汽车及零部件产业园"));
    // Reading reference data needs a login.
    for path in ["/api/v1/parks", "/api/v1/chains", "/api/v1/industries", "/api/v1/metrics", "/api/v1/tier-thresholds"]
    {
        let (status, code) = status_code_of(app.anonymous().get(path).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_REQUIRED"), "{path}");
    }
}
