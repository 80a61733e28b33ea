//! Enterprise input validation: every refusal is a 422 naming the field, with a Chinese message;
//! the credit code follows GB 32100-2015 as PRODUCT.md states it.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, assert_invalid, enterprise_input, park_id, spawn_app, uscc};

async fn setup(backend: Backend) -> Option<(crate::support::TestApp, Session, i64)> {
    let app = spawn_app(backend).await?;
    let s = app.login("admin").await;
    let auto = park_id(&s, "auto").await;
    Some((app, s, auto))
}

fn with(mut input: Value, key: &str, v: Value) -> Value {
    input[key] = v;
    input
}

async fn total(s: &Session) -> u64 {
    s.get_json("/api/v1/enterprises").await["total"].as_u64().unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn documented_credit_codes_are_accepted(#[case] backend: Backend) {
    let Some((_app, s, auto)) = setup(backend).await else { return };
    for (n, code) in ["91310110666007217T", "91310115591693856A", "91110108551385082Q"].into_iter().enumerate() {
        let input = with(enterprise_input(100 + n as u32, auto), "credit_code", json!(code));
        let res = s.post("/api/v1/enterprises", &input).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{code}");
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["credit_code"], code);
        assert_eq!(e["credit_code_warning"], false, "{code}");
    }
    // The harness computes check characters by the same rule.
    assert_eq!(uscc("91310110666007217"), "91310110666007217T");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_wrong_check_character_is_a_warning_the_user_can_confirm(#[case] backend: Backend) {
    let Some((_app, s, auto)) = setup(backend).await else { return };
    let before = total(&s).await;
    let input = with(enterprise_input(110, auto), "credit_code", json!("91350100M0001TGQXM"));
    let err = assert_invalid(s.post("/api/v1/enterprises", &input).await, "credit_code").await;
    assert_eq!(err["code"], "ENTERPRISE_CREDIT_CODE_CHECK");
    assert_eq!(err["params"]["warning"], true);
    assert_eq!(total(&s).await, before, "nothing stored before confirmation");
    let confirmed = with(input, "confirm_check_character", json!(true));
    let res = s.post("/api/v1/enterprises", &confirmed).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["credit_code"], "91350100M0001TGQXM");
    assert_eq!(e["credit_code_warning"], true);
    let got = s.get_json(&format!("/api/v1/enterprises/{}", e["id"])).await;
    assert_eq!(got["credit_code_warning"], true);
    // Confirmation does not excuse hard errors.
    let bad = with(
        with(enterprise_input(111, auto), "credit_code", json!("91350100M0001TGQX")),
        "confirm_check_character",
        json!(true),
    );
    let err = assert_invalid(s.post("/api/v1/enterprises", &bad).await, "credit_code").await;
    assert_eq!(err["code"], "ENTERPRISE_CREDIT_CODE_LENGTH");
    assert_ne!(err["params"]["warning"], true);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn credit_code_length_and_alphabet_are_errors(#[case] backend: Backend) {
    let Some((_app, s, auto)) = setup(backend).await else { return };
    let before = total(&s).await;
    for code in ["91310110666007217", "91310110666007217TT", "9131", ""] {
        let input = with(enterprise_input(120, auto), "credit_code", json!(code));
        let err = assert_invalid(s.post("/api/v1/enterprises", &input).await, "credit_code").await;
        if !code.is_empty() {
            assert_eq!(err["code"], "ENTERPRISE_CREDIT_CODE_LENGTH", "{code}");
        }
    }
    // I, O, S, V, Z are not in the alphabet (placed before the check character).
    for letter in ['I', 'O', 'S', 'V', 'Z'] {
        let code = format!("9131011066600721{letter}T");
        let input = with(enterprise_input(121, auto), "credit_code", json!(code));
        let err = assert_invalid(s.post("/api/v1/enterprises", &input).await, "credit_code").await;
        assert_eq!(err["code"], "ENTERPRISE_CREDIT_CODE_ALPHABET", "{code}");
        // Not even with confirmation.
        let input = with(input, "confirm_check_character", json!(true));
        assert_invalid(s.post("/api/v1/enterprises", &input).await, "credit_code").await;
    }
    let missing = enterprise_input(122, auto)
        .as_object()
        .unwrap()
        .clone()
        .into_iter()
        .filter(|(k, _)| k != "credit_code")
        .collect();
    assert_invalid(s.post("/api/v1/enterprises", &Value::Object(missing)).await, "credit_code").await;
    assert_eq!(total(&s).await, before);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn credit_code_input_is_normalised(#[case] backend: Backend) {
    let Some((_app, s, auto)) = setup(backend).await else { return };
    let input = with(enterprise_input(130, auto), "credit_code", json!(" 91310115591693856a "));
    let res = s.post("/api/v1/enterprises", &input).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["credit_code"], "91310115591693856A");
    let found = s.get_json("/api/v1/enterprises?q=91310115591693856A").await;
    assert_eq!(found["total"], 1);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_field_is_checked_and_named(#[case] backend: Backend) {
    let Some((_app, s, auto)) = setup(backend).await else { return };
    let before = total(&s).await;
    let base = enterprise_input(140, auto);
    let cases: Vec<(Value, &str)> = vec![
        (with(base.clone(), "name", json!("")), "name"),
        (with(base.clone(), "name", json!("   ")), "name"),
        (with(base.clone(), "name", json!("企".repeat(101))), "name"),
        (with(base.clone(), "park_id", json!(999_999)), "park_id"),
        (with(base.clone(), "park_id", Value::Null), "park_id"),
        (with(base.clone(), "chain_id", json!(999_999)), "chain_id"),
        (with(base.clone(), "industry_code", json!("9999")), "industry_code"),
        (with(base.clone(), "industry_code", json!("C")), "industry_code"),
        (with(base.clone(), "industry_code", json!("")), "industry_code"),
        (with(base.clone(), "land_mu", json!(-1.5)), "land_mu"),
        (with(base.clone(), "land_mu", json!(1.234)), "land_mu"),
        (with(base.clone(), "established_on", json!("2999-01-01")), "established_on"),
        (with(base.clone(), "established_on", json!("2021-02-30")), "established_on"),
        (with(base.clone(), "established_on", json!("20210101")), "established_on"),
        (with(base.clone(), "established_on", json!("1899-12-31")), "established_on"),
        (with(base.clone(), "address", json!("路".repeat(201))), "address"),
        (with(base.clone(), "entrepreneurs", json!([{"name": "李四", "mobile": "12345"}])), "entrepreneurs[0].mobile"),
        (
            with(base.clone(), "entrepreneurs", json!([{"name": "李四", "mobile": "1380013800a"}])),
            "entrepreneurs[0].mobile",
        ),
        (
            with(
                base.clone(),
                "entrepreneurs",
                json!([{"name": "李四", "mobile": "13800138000"}, {"name": "王五", "mobile": "23800138000"}]),
            ),
            "entrepreneurs[1].mobile",
        ),
        (with(base.clone(), "entrepreneurs", json!([{"name": " "}])), "entrepreneurs[0].name"),
    ];
    for (input, field) in cases {
        assert_invalid(s.post("/api/v1/enterprises", &input).await, field).await;
    }
    assert_eq!(total(&s).await, before, "no invalid input was stored");
    // An update is checked the same way and leaves the record as it was.
    let created = s.post("/api/v1/enterprises", &base).await.json::<Value>().await.unwrap();
    let id = &created["id"];
    assert_invalid(s.put(&format!("/api/v1/enterprises/{id}"), &with(base.clone(), "name", json!(""))).await, "name")
        .await;
    assert_eq!(s.get_json(&format!("/api/v1/enterprises/{id}")).await["name"], base["name"]);
    // Optional fields may be left out; an empty mobile is allowed.
    let minimal = json!({"credit_code": crate::support::fresh_code(141), "name": "最小企业", "park_id": auto, "industry_code": "38",
        "entrepreneurs": [{"name": "赵六", "mobile": ""}]});
    let res = s.post("/api/v1/enterprises", &minimal).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["above_size"], false);
    assert!(e["chain_id"].is_null());
    assert!(e["land_mu"].is_null());
}
