//! The enterprise registry: create, read, update (with its audit trail), delete, duplicates, and
//! the list's filters, sorting and pagination.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{
    Backend, Session, assert_invalid, chain_id, enterprise_input, enterprise_named, error_of, fresh_code, list_all,
    park_id, spawn_app, urlencode,
};

fn ids(items: &[Value]) -> BTreeSet<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

/// The `before`/`after` of an audit entry as JSON, whether the API sends an object or its text.
fn snapshot(v: &Value) -> Value {
    match v {
        Value::String(s) => serde_json::from_str(s).expect("audit snapshot is JSON"),
        other => other.clone(),
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn create_read_update_delete_with_an_audit_trail(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let chain = chain_id(&s, "auto").await;
    let mut input = enterprise_input(10, auto);
    input["chain_id"] = json!(chain);
    // Several people, in the form's order (not by name), one with quotes and no honours: the
    // detail reads them back as they were given.
    input["entrepreneurs"] = json!([
        {"name": "赵六", "title": "总经理", "mobile": "13900139000", "honors": ["省级劳模", "\"专精特新\"带头人"]},
        {"name": "\"Anna\" O'Neil", "title": "CTO", "mobile": "", "honors": []},
        {"name": "张三", "title": "董事长", "mobile": "13800138000", "honors": ["十大优秀企业家"]}
    ]);
    let res = s.post("/api/v1/enterprises", &input).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["credit_code"], input["credit_code"]);
    assert_eq!(created["credit_code_warning"], false);
    assert_eq!(created["name"], input["name"]);
    assert_eq!(created["park_id"], auto);
    assert_eq!(created["park_name"], "汽车及零部件产业园");
    assert_eq!(created["chain_id"], chain);
    assert_eq!(created["chain_name"], "汽车及零部件");
    assert_eq!(created["industry_code"], "3484");
    assert_eq!(created["industry_name"], "机械零部件加工");
    assert_eq!(created["above_size"], true);
    assert_eq!(created["land_mu"], 12.5);
    assert_eq!(created["established_on"], "2019-05-20");
    assert_eq!(created["address"], input["address"]);
    assert_eq!(created["entrepreneurs"], input["entrepreneurs"]);
    assert!(created["sales"].is_null(), "a new enterprise has no sales yet");

    let got = s.get_json(&format!("/api/v1/enterprises/{id}")).await;
    assert_eq!(got["name"], input["name"]);
    assert_eq!(got["entrepreneurs"], input["entrepreneurs"]);
    let found = s.get_json(&format!("/api/v1/enterprises?q={}", urlencode("测试精密机械10"))).await;
    assert_eq!(found["total"], 1);

    let mut changed = input.clone();
    changed["name"] = json!("测试精密机械（扬州）有限公司");
    changed["above_size"] = json!(false);
    changed["entrepreneurs"] = json!([]);
    let res = s.put(&format!("/api/v1/enterprises/{id}"), &changed).await;
    assert_eq!(res.status(), StatusCode::OK);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["name"], changed["name"]);
    assert_eq!(updated["above_size"], false);
    assert_eq!(updated["entrepreneurs"], json!([]));
    assert_eq!(s.get_json(&format!("/api/v1/enterprises/{id}")).await["name"], changed["name"]);

    // The record's audit trail, newest first: the update (before → after), then the creation.
    let audit = s.get_json(&format!("/api/v1/enterprises/{id}/audit")).await;
    assert_eq!(audit["total"], 2);
    let (upd, cre) = (&audit["items"][0], &audit["items"][1]);
    assert_eq!((upd["action"].as_str(), cre["action"].as_str()), (Some("update"), Some("create")));
    for e in [upd, cre] {
        assert_eq!(e["actor"], "park_auto");
        assert_eq!(e["entity"], "enterprise");
        assert_eq!(e["entity_id"], id.to_string());
    }
    assert!(cre["before"].is_null());
    assert_eq!(snapshot(&cre["after"])["name"], input["name"]);
    assert_eq!(snapshot(&upd["before"])["name"], input["name"]);
    assert_eq!(snapshot(&upd["before"])["above_size"], true);
    assert_eq!(snapshot(&upd["after"])["name"], changed["name"]);
    assert_eq!(snapshot(&upd["after"])["above_size"], false);

    // Deleting needs enterprise:delete (an admin has it).
    let admin = app.login("admin").await;
    assert_eq!(admin.delete(&format!("/api/v1/enterprises/{id}")).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(admin.get(&format!("/api/v1/enterprises/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(s.get(&format!("/api/v1/enterprises/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(admin.delete(&format!("/api/v1/enterprises/{id}")).await.status(), StatusCode::NOT_FOUND);
    let trail = app
        .login("auditor")
        .await
        .get_json(&format!("/api/v1/audit?entity=enterprise&entity_id={id}&action=delete"))
        .await;
    assert_eq!(trail["total"], 1);
    assert_eq!(trail["items"][0]["actor"], "admin");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[tokio::test]
async fn audit_snapshots_are_json_objects(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let res = s.post("/api/v1/enterprises", &enterprise_input(11, auto)).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let audit = s.get_json(&format!("/api/v1/enterprises/{id}/audit")).await;
    assert!(audit["items"][0]["after"].is_object(), "{}", audit["items"][0]["after"]);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn one_credit_code_one_enterprise(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let first = enterprise_input(20, auto);
    assert_eq!(s.post("/api/v1/enterprises", &first).await.status(), StatusCode::CREATED);
    let mut again = enterprise_input(21, auto);
    again["credit_code"] = first["credit_code"].clone();
    let (status, code, field, err) = error_of(s.post("/api/v1/enterprises", &again).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (StatusCode::CONFLICT, "ENTERPRISE_DUPLICATE", Some("credit_code"))
    );
    assert!(crate::support::has_cjk(err["message"].as_str().unwrap()));
    // The same code typed in lower case is the same code.
    again["credit_code"] = json!(first["credit_code"].as_str().unwrap().to_lowercase());
    let (status, code, _, _) = error_of(s.post("/api/v1/enterprises", &again).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "ENTERPRISE_DUPLICATE"));
    // A code held by an enterprise of another park is a duplicate too.
    let leader = app.login("leader").await;
    again["credit_code"] = enterprise_named(&leader, "晶澳").await["credit_code"].clone();
    let (status, code, _, _) = error_of(s.post("/api/v1/enterprises", &again).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "ENTERPRISE_DUPLICATE"));
    // Changing an enterprise to another's code is refused as well.
    let second = s.post("/api/v1/enterprises", &enterprise_input(22, auto)).await.json::<Value>().await.unwrap();
    let mut steal = enterprise_input(22, auto);
    steal["credit_code"] = first["credit_code"].clone();
    let (status, code, field, _) =
        error_of(s.put(&format!("/api/v1/enterprises/{}", second["id"]), &steal).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (StatusCode::CONFLICT, "ENTERPRISE_DUPLICATE", Some("credit_code"))
    );
    // Keeping one's own code on update is no duplicate.
    let res = s.put(&format!("/api/v1/enterprises/{}", second["id"]), &enterprise_input(22, auto)).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_park_cannot_place_an_enterprise_in_another_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let (auto, pv) = (park_id(&s, "auto").await, park_id(&s, "pv").await);
    assert_invalid(s.post("/api/v1/enterprises", &enterprise_input(30, pv)).await, "park_id").await;
    // Nor move one of its own there.
    let created = s.post("/api/v1/enterprises", &enterprise_input(31, auto)).await.json::<Value>().await.unwrap();
    assert_invalid(
        s.put(&format!("/api/v1/enterprises/{}", created["id"]), &enterprise_input(31, pv)).await,
        "park_id",
    )
    .await;
    let leader = app.login("leader").await;
    assert_eq!(leader.get_json(&format!("/api/v1/enterprises?park={pv}&q={}", fresh_code(30))).await["total"], 0);
    assert_eq!(leader.get_json(&format!("/api/v1/enterprises/{}", created["id"])).await["park_id"], auto);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn list_filters_select_what_they_say(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let all = list_all(&s, "/api/v1/enterprises?year=2021").await;
    assert_eq!(all.len() as u64, s.get_json("/api/v1/enterprises").await["total"].as_u64().unwrap());
    let select = |pred: &dyn Fn(&Value) -> bool| -> BTreeSet<i64> {
        ids(&all.iter().filter(|e| pred(e)).cloned().collect::<Vec<_>>())
    };
    let check = |path: String, want: BTreeSet<i64>| {
        let s = &s;
        async move {
            let got = ids(&list_all(s, &path).await);
            assert!(!want.is_empty(), "{path}: the demo has matching enterprises");
            assert_eq!(got, want, "{path}");
        }
    };
    // q: part of a name, part of a credit code (any case).
    let ja = all.iter().find(|e| e["name"].as_str().unwrap().contains("晶澳")).unwrap().clone();
    check(
        format!("/api/v1/enterprises?q={}", urlencode("太阳能")),
        select(&|e| e["name"].as_str().unwrap().contains("太阳能")),
    )
    .await;
    let code = ja["credit_code"].as_str().unwrap();
    let part = code[4..14].to_lowercase();
    check(
        format!("/api/v1/enterprises?q={part}"),
        select(&|e| e["credit_code"].as_str().unwrap().to_lowercase().contains(&part)),
    )
    .await;
    // park and chain.
    let auto = park_id(&s, "auto").await;
    check(format!("/api/v1/enterprises?park={auto}"), select(&|e| e["park_id"] == auto)).await;
    let pv_chain = chain_id(&s, "pv").await;
    check(format!("/api/v1/enterprises?chain={pv_chain}"), select(&|e| e["chain_id"] == pv_chain)).await;
    // industry: section letter (C = divisions 13–43), division, class.
    let division = |e: &Value| e["industry_code"].as_str().unwrap()[..2].parse::<u32>().unwrap();
    check("/api/v1/enterprises?industry=C".into(), select(&|e| (13..=43).contains(&division(e)))).await;
    check(
        "/api/v1/enterprises?industry=38".into(),
        select(&|e| e["industry_code"].as_str().unwrap().starts_with("38")),
    )
    .await;
    check(
        "/api/v1/enterprises?industry=3825".into(),
        select(&|e| e["industry_code"].as_str().unwrap().starts_with("3825")),
    )
    .await;
    // tier in a year, above_size.
    let yi = select(&|e| e["sales"].as_f64().unwrap_or(0.0) >= 1e8);
    assert_eq!(yi.len(), 72);
    check("/api/v1/enterprises?year=2021&tier=yi".into(), yi).await;
    check("/api/v1/enterprises?year=2021&tier=baiyi".into(), select(&|e| e["sales"].as_f64().unwrap_or(0.0) >= 1e10))
        .await;
    check("/api/v1/enterprises?above_size=true".into(), select(&|e| e["above_size"] == true)).await;
    check("/api/v1/enterprises?above_size=false".into(), select(&|e| e["above_size"] == false)).await;
    // Filters combine.
    check(
        format!("/api/v1/enterprises?year=2021&tier=shiyi&park={auto}"),
        select(&|e| e["park_id"] == auto && e["sales"].as_f64().unwrap_or(0.0) >= 1e9),
    )
    .await;
    let new_shiyi: Vec<String> = list_all(&s, "/api/v1/enterprises?year=2021&tier=new_shiyi")
        .await
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(new_shiyi.len(), 3);
    for n in ["宝胜", "李尔", "保来得"] {
        assert!(new_shiyi.iter().any(|x| x.contains(n)), "{n} in {new_shiyi:?}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn year_chooses_the_figures_shown(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let ja = enterprise_named(&s, "晶澳").await;
    let id = ja["id"].as_i64().unwrap();
    let tiers = s.get_json(&format!("/api/v1/enterprises/{id}/tiers")).await;
    for year in [2020, 2021] {
        let t = tiers["items"].as_array().unwrap().iter().find(|t| t["year"] == year).unwrap().clone();
        let listed = s.get_json(&format!("/api/v1/enterprises?q={}&year={year}", urlencode("晶澳"))).await;
        assert_eq!(listed["items"][0]["year"], year);
        assert_eq!(listed["items"][0]["sales"], t["sales"], "{year}");
        let detail = s.get_json(&format!("/api/v1/enterprises/{id}?year={year}")).await;
        assert_eq!(detail["sales"], t["sales"], "{year}");
        assert_eq!(detail["output"], t["output"], "{year}");
    }
    let y2021 = s.get_json(&format!("/api/v1/enterprises/{id}?year=2021")).await;
    assert_eq!(y2021["output"].as_f64().unwrap(), 10_800_000_000.0);
    assert_eq!(y2021["tier"], "baiyi");
    assert_eq!(y2021["double_baiyi"], true);
}

async fn sorted_values(s: &Session, key: &str, order: &str) -> Vec<f64> {
    list_all(s, &format!("/api/v1/enterprises?year=2021&sort={key}&order={order}"))
        .await
        .iter()
        .map(|e| e[key].as_f64().unwrap_or(-1.0))
        .collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn sorting_and_paging_are_stable_and_complete(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let desc = sorted_values(&s, "sales", "desc").await;
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "sales desc is non-increasing");
    assert!(desc[0] >= 1e10, "晶澳 first");
    let asc = sorted_values(&s, "output", "asc").await;
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "output asc is non-decreasing");
    let names: Vec<String> = list_all(&s, "/api/v1/enterprises?sort=name")
        .await
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names.len(), desc.len());
    // Small pages of a sort with ties (many enterprises share above_size and null figures) still
    // cover every record exactly once.
    let total = s.get_json("/api/v1/enterprises").await["total"].as_u64().unwrap() as usize;
    for sort in ["sales", "established_on", "name", "id"] {
        let mut seen = Vec::new();
        let mut page = 1;
        loop {
            let v = s
                .get_json(&format!("/api/v1/enterprises?year=2021&sort={sort}&order=desc&page={page}&page_size=7"))
                .await;
            assert_eq!(v["page"], page);
            assert_eq!(v["page_size"], 7);
            let items = v["items"].as_array().unwrap();
            if items.is_empty() {
                break;
            }
            assert!(items.len() <= 7);
            seen.extend(items.iter().map(|e| e["id"].as_i64().unwrap()));
            page += 1;
        }
        let unique: BTreeSet<i64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "no duplicates across pages sorted by {sort}");
        assert_eq!(seen.len(), total, "every record once sorted by {sort}");
    }
    let ids = s.all_ids("/api/v1/enterprises").await;
    assert_eq!(ids.len(), total);
    assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>().len(), total);
    // A page past the end is empty, with the right total.
    let past = s.get_json("/api/v1/enterprises?page=1000").await;
    assert!(past["items"].as_array().unwrap().is_empty());
    assert_eq!(past["total"].as_u64().unwrap() as usize, total);
}
