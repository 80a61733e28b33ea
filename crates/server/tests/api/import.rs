//! Imports with real files: a filled-in sheet previewed then committed, all or nothing, the
//! 月报 and long layouts, a park user kept inside its park, and a corpus of hostile files each
//! with its refusal (decision 0040).

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::Value;
use zoneops_sheet::read::craft::{self, Sheet, Value as V};

use crate::support::{Backend, Session, TestApp, error_of, fresh_code, list_all, park_id, spawn_app};

fn t(s: &str) -> V {
    V::Text(s.into())
}

fn multipart(name: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----zoneops-import-5c1e";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(s: &Session, path: &str, name: &str, data: &[u8]) -> reqwest::Response {
    let (ct, body) = multipart(name, data);
    s.client.post(s.url(path)).header("content-type", ct).body(body).send().await.expect("upload")
}

async fn preview(s: &Session, path: &str, sheet: &Sheet) -> Value {
    let res = upload(s, path, "导入.xlsx", &craft::xlsx(sheet)).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
    res.json().await.expect("preview")
}

async fn commit(s: &Session, id: &Value) -> reqwest::Response {
    s.client.post(s.url(&format!("/api/v1/imports/batches/{id}/commit"))).send().await.expect("commit")
}

async fn audit_total(app: &TestApp) -> i64 {
    use sea_orm::ConnectionTrait;
    let q = sea_orm::Statement::from_string(app.db.backend(), "SELECT COUNT(*) FROM audit");
    let row = app.db.conn().query_one_raw(q).await.expect("count").expect("row");
    row.try_get_by_index::<i64>(0).expect("count")
}

/// An enterprise of `park` (code) as the admin sees it, with a valid stored credit code.
async fn enterprise_in(app: &TestApp, park: &str) -> Value {
    let admin = app.login("admin").await;
    let id = park_id(&admin, park).await;
    let all = list_all(&admin, &format!("/api/v1/enterprises?park={id}")).await;
    all.into_iter().find(|e| e["credit_code_warning"] == false).expect("an enterprise in the park")
}

async fn value_of(s: &Session, id: i64, metric: &str, period: i64) -> Option<f64> {
    let v = s.get_json(&format!("/api/v1/enterprises/{id}/indicators?from={period}&to={period}&metric={metric}")).await;
    let items = if v.is_array() { v } else { v["items"].clone() };
    items.as_array().expect("items").iter().find(|i| i["period"] == period).and_then(|i| i["value"].as_f64())
}

fn spaced(code: &str) -> String {
    // Full-width digits and letters, an ideographic space and stray spaces: normalised, then checked.
    let wide: String = code.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect();
    format!(" {}\u{3000}{} ", &wide[..6 * 3], &wide[6 * 3..])
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn enterprises_previewed_then_committed_once(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let known = enterprise_in(&app, "auto").await;
    let park = known["park_name"].as_str().unwrap().to_string();
    let code = fresh_code(4101);
    let sheet = Sheet {
        rows: vec![
            vec![t("企业名录导入"), V::Blank, V::Blank],
            vec![
                t("*统一社会信用代码"),
                t("*企业名称"),
                t("所属园区"),
                t("行业代码"),
                t("规上企业"),
                t("成立日期"),
                t("地址"),
            ],
            vec![
                t(&spaced(&code)),
                t("扬州导入测试机械有限公司"),
                t(&park),
                t("3484"),
                t("是"),
                t("2019年5月20日"),
                t("开发区导入路1号"),
            ],
            vec![
                t(known["credit_code"].as_str().unwrap()),
                V::Blank,
                V::Blank,
                V::Blank,
                V::Blank,
                V::Blank,
                t("开发区新地址9号"),
            ],
            vec![t(known["credit_code"].as_str().unwrap()).clone()],
        ],
        merged: vec!["A1:G1".into()],
        hidden: vec![],
    };
    // The same code twice is an error on the second row; first without it.
    let mut clean = sheet.clone();
    clean.rows.pop();
    let mut p = preview(&admin, "/api/v1/imports/enterprises", &sheet).await;
    assert_eq!(p["counts"]["error"], 1, "{p}");
    assert_eq!(p["errors"][0]["row"], 5);
    assert_eq!(p["errors"][0]["column"], "A");
    assert_eq!(p["errors"][0]["code"], "IMPORT_DUPLICATE_ROW");
    assert_eq!(commit(&admin, &p["id"]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    p = preview(&admin, "/api/v1/imports/enterprises", &clean).await;
    assert_eq!((p["counts"]["new"].as_i64(), p["counts"]["changed"].as_i64()), (Some(1), Some(1)), "{p}");
    assert_eq!(p["errors"].as_array().unwrap().len(), 0, "{p}");
    // Nothing is stored before the confirmation.
    assert_eq!(admin.get_json(&format!("/api/v1/enterprises?q={code}")).await["total"], 0);
    // Only the uploader may confirm.
    let other = app.login("leader").await;
    let audits = audit_total(&app).await;
    assert_eq!(commit(&other, &p["id"]).await.status(), StatusCode::NOT_FOUND);
    let res = commit(&admin, &p["id"]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let created = admin.get_json(&format!("/api/v1/enterprises?q={code}")).await;
    assert_eq!(created["total"], 1);
    assert_eq!(created["items"][0]["established_on"], "2019-05-20");
    let changed = admin.get_json(&format!("/api/v1/enterprises/{}", known["id"])).await;
    assert_eq!(changed["address"], "开发区新地址9号");
    // A blank cell kept the stored value.
    assert_eq!(changed["name"], known["name"]);
    assert_eq!(audit_total(&app).await, audits + 2, "one audit entry per record changed");
    // Twice is refused.
    let (status, code, ..) = error_of(commit(&admin, &p["id"]).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "IMPORT_ALREADY_COMMITTED"));
    let again = admin.get_json(&format!("/api/v1/imports/batches/{}", p["id"])).await;
    assert_eq!(again["status"], "committed");
}

fn monthly(code: &str, sales_wan: V, employees: V) -> Sheet {
    Sheet {
        rows: vec![
            vec![t("统一社会信用代码"), t("企业名称"), t("销售收入（万元）"), t("用工人数（人）"), t("税收（万元）")],
            vec![t(code), t("某企业"), sales_wan, employees, V::Blank],
        ],
        ..Default::default()
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn indicators_all_or_nothing_in_both_layouts(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let a = enterprise_in(&app, "auto").await;
    let b = enterprise_in(&app, "pv").await;
    let (ida, idb) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    let (ca, cb) = (a["credit_code"].as_str().unwrap(), b["credit_code"].as_str().unwrap());
    // The 月报: one month given with the upload, money in 万元, a formula's cached value read.
    let mut sheet = monthly(ca, V::Formula("1000+234.5".into(), 1234.5), 88.0.into());
    sheet.rows.push(vec![t(cb), t("另一家"), t("-5"), t("12.5"), t("abc")]);
    let p = preview(&admin, "/api/v1/imports/indicators?period=201510", &sheet).await;
    assert_eq!(p["layout"], "monthly");
    assert_eq!(p["counts"]["error"], 1, "{p}");
    let errors: Vec<(i64, String, String)> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap().into(), e["code"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (3, "C".into(), "INDICATOR_VALUE_NEGATIVE".into()),
            (3, "D".into(), "INDICATOR_VALUE_DECIMALS".into()),
            (3, "E".into(), "IMPORT_NUMBER".into()),
        ]
    );
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("销售收入"));
    // One bad row: nothing is stored.
    let (status, code, ..) = error_of(commit(&admin, &p["id"]).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "IMPORT_HAS_ERRORS"));
    assert_eq!(value_of(&admin, ida, "sales", 201510).await, None);
    // Fixed: both rows written in one go.
    sheet.rows[2] = vec![t(&spaced(cb)), t("另一家"), t("5"), t("12"), V::Blank];
    let p = preview(&admin, "/api/v1/imports/indicators?period=201510", &sheet).await;
    assert_eq!(p["counts"]["new"], 2, "{p}");
    let res = commit(&admin, &p["id"]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let r: Value = res.json().await.unwrap();
    assert_eq!((r["written"].as_i64(), r["audited"].as_i64()), (Some(4), Some(2)));
    assert_eq!(value_of(&admin, ida, "sales", 201510).await, Some(12_345_000.0));
    assert_eq!(value_of(&admin, ida, "employees", 201510).await, Some(88.0));
    assert_eq!(value_of(&admin, idb, "sales", 201510).await, Some(50_000.0));
    // The yearly summary moved with the records.
    let years = admin.get_json(&format!("/api/v1/enterprises/{ida}/years")).await;
    let years = if years.is_array() { years } else { years["items"].clone() };
    assert!(years.as_array().unwrap().iter().any(|y| y["year"] == 2015), "{years}");
    // The long layout: months as text, as a date and as a serial; same values are unchanged.
    let long = Sheet {
        rows: vec![
            vec![t("统一社会信用代码"), t("指标"), t("月份"), t("数值（万元）")],
            vec![t(ca), t("销售收入"), t("2015-10"), 1234.5.into()],
            vec![t(ca), t("税收"), t("2015年11月"), 10.0.into()],
            vec![t(ca), t("用工人数"), V::Date(42339.0), 90.0.into()],
            vec![t(ca), t("sales"), t("2015/12/01"), 1.0.into()],
        ],
        hidden: vec![5],
        ..Default::default()
    };
    let p = preview(&admin, "/api/v1/imports/indicators", &long).await;
    assert_eq!(p["layout"], "long");
    assert_eq!(
        (p["counts"]["new"].as_i64(), p["counts"]["unchanged"].as_i64(), p["counts"]["error"].as_i64()),
        (Some(3), Some(1), Some(0)),
        "{p}"
    );
    assert!(p["notices"][0].as_str().unwrap().contains("第5行"), "{p}");
    // The data moved after the preview: the commit refuses rather than write another plan.
    let res = admin
        .put(
            &format!("/api/v1/enterprises/{ida}/indicators"),
            &serde_json::json!({"items": [{"metric": "tax", "period": 201511, "value": 5.0}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (status, code, ..) = error_of(commit(&admin, &p["id"]).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "IMPORT_STALE"));
    assert_eq!(value_of(&admin, ida, "tax", 201511).await, Some(5.0));
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn park_user_imports_only_inside_its_park(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let other = enterprise_in(&app, "pv").await;
    let mine = enterprise_in(&app, "auto").await;
    let oc = other["credit_code"].as_str().unwrap();
    let sheet = monthly(oc, 1.0.into(), V::Blank);
    let p = preview(&s, "/api/v1/imports/indicators?period=201510", &sheet).await;
    assert_eq!(p["errors"][0]["code"], "IMPORT_ENTERPRISE_NOT_FOUND", "{p}");
    // The same message as for a code no enterprise has: nothing about the other park leaks.
    let unknown = fresh_code(4102);
    let p2 = preview(&s, "/api/v1/imports/indicators?period=201510", &monthly(&unknown, 1.0.into(), V::Blank)).await;
    assert_eq!(
        p["errors"][0]["message"].as_str().unwrap().replace(oc, "X"),
        p2["errors"][0]["message"].as_str().unwrap().replace(&unknown, "X")
    );
    let admin = app.login("admin").await;
    let pv_name =
        admin.get_json("/api/v1/parks").await["items"].as_array().unwrap().iter().find(|p| p["code"] == "pv").unwrap()
            ["name"]
            .as_str()
            .unwrap()
            .to_string();
    let sheet = Sheet {
        rows: vec![
            vec![t("统一社会信用代码"), t("企业名称"), t("所属园区"), t("行业代码")],
            vec![t(&fresh_code(4103)), t("园区外新企业有限公司"), t(&pv_name), t("3484")],
            vec![t(mine["credit_code"].as_str().unwrap()), V::Blank, t(&pv_name)],
            vec![t(oc), t("改名"), V::Blank, V::Blank],
        ],
        ..Default::default()
    };
    let p = preview(&s, "/api/v1/imports/enterprises", &sheet).await;
    let codes: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        vec!["ENTERPRISE_PARK_OUT_OF_SCOPE", "ENTERPRISE_PARK_OUT_OF_SCOPE", "ENTERPRISE_DUPLICATE"],
        "{p}"
    );
    // A role without the permission is refused before its file is read.
    let dept = app.login("dept_land").await;
    let res = upload(&dept, "/api/v1/imports/enterprises", "a.xlsx", b"not even a zip").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn hostile_files_get_a_clear_refusal(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/import");
    let mut cases: Vec<(String, Vec<u8>, StatusCode, &str)> = vec![
        ("csv-named.xlsx".into(), vec![], StatusCode::UNSUPPORTED_MEDIA_TYPE, "IMPORT_NOT_XLSX"),
        ("html-named.xlsx".into(), vec![], StatusCode::UNSUPPORTED_MEDIA_TYPE, "IMPORT_NOT_XLSX"),
        ("ole-header.xlsx".into(), vec![], StatusCode::UNSUPPORTED_MEDIA_TYPE, "IMPORT_XLS_OR_ENCRYPTED"),
    ];
    for c in &mut cases {
        c.1 = std::fs::read(corpus.join(&c.0)).expect("corpus file");
    }
    let mut bomb = craft::parts(&Sheet::default());
    bomb.push(("xl/media/bomb.xml".into(), vec![b' '; 64 * 1024 * 1024]));
    cases.push(("bomb.xlsx".into(), craft::zip(&bomb, None), StatusCode::PAYLOAD_TOO_LARGE, "IMPORT_FILE_INFLATES"));
    cases.push((
        "lie.xlsx".into(),
        craft::zip(&bomb, Some(("xl/media/bomb.xml", 1000))),
        StatusCode::UNPROCESSABLE_ENTITY,
        "IMPORT_FILE_DAMAGED",
    ));
    let mut lol = craft::parts(&Sheet::default());
    lol[5].1 = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><worksheet><sheetData/></worksheet>"#.to_vec();
    cases.push(("lol.xlsx".into(), craft::zip(&lol, None), StatusCode::UNPROCESSABLE_ENTITY, "IMPORT_XML_DOCTYPE"));
    let big = vec![b'x'; 21 * 1024 * 1024];
    cases.push(("big.xlsx".into(), big, StatusCode::PAYLOAD_TOO_LARGE, "IMPORT_FILE_TOO_LARGE"));
    let mut rows: Vec<Vec<V>> = vec![vec![t("统一社会信用代码"), t("销售收入")]];
    rows.extend((0..200_005).map(|i| vec![V::Number(i as f64)]));
    let many = craft::xlsx(&Sheet { rows, ..Default::default() });
    cases.push(("many.xlsx".into(), many, StatusCode::PAYLOAD_TOO_LARGE, "IMPORT_TOO_MANY_ROWS"));
    let no_header = craft::xlsx(&Sheet { rows: vec![vec![t("甲"), t("乙")]], ..Default::default() });
    cases.push(("header.xlsx".into(), no_header, StatusCode::UNPROCESSABLE_ENTITY, "IMPORT_HEADER_NOT_FOUND"));
    for (name, data, status, code) in cases {
        let res = upload(&admin, "/api/v1/imports/indicators?period=201510", &name, &data).await;
        let (got, got_code, field, _) = error_of(res).await;
        assert_eq!((got, got_code.as_str()), (status, code), "{name}");
        assert_eq!(field.as_deref(), Some("file"), "{name}");
    }
    // Nothing was staged for any of them.
    let n = zoneops_db::import::get_batch(app.db.conn(), 1, 1).await.unwrap();
    assert!(n.is_none());
}

/// The sheet's rows as text, read back with the guarded reader.
fn rows_of(bytes: &[u8]) -> Vec<Vec<String>> {
    let limits = zoneops_sheet::read::Limits::default();
    let mut wb = zoneops_sheet::read::Workbook::open(bytes, &limits).expect("a workbook");
    let mut out = Vec::new();
    wb.rows(|r| {
        out.push(r.cells.iter().map(|c| c.text()).collect());
        true
    })
    .expect("rows");
    out
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn template_filled_in_and_the_annotated_copy(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let res = s.get("/api/v1/imports/enterprises/template").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let template = res.bytes().await.unwrap();
    let rows = rows_of(&template);
    let header =
        rows.iter().find(|r| r.first().is_some_and(|c| c.starts_with("*统一社会信用代码"))).expect("header").clone();
    assert!(header.iter().any(|h| h.contains("所属园区")), "{header:?}");
    // The park's user is offered its own park only, in the template's dropdown list.
    let parks = s.get_json("/api/v1/parks").await;
    let auto = parks["items"].as_array().unwrap().iter().find(|p| p["code"] == "auto").unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    // Filled in as a user would: the template's rows above the header kept, one enterprise below.
    let mut sheet = Sheet { rows: Vec::new(), ..Default::default() };
    for r in rows.iter().take_while(|r| **r != header) {
        sheet.rows.push(r.iter().map(|c| t(c)).collect());
    }
    sheet.rows.push(header.iter().map(|c| t(c)).collect());
    let header_row = sheet.rows.len();
    let code = fresh_code(4104);
    let mut row = vec![V::Blank; header.len()];
    row[0] = t(&code);
    row[1] = t("模板填报测试有限公司");
    row[2] = t(&auto);
    row[4] = t("3484");
    row[7] = V::Date(43605.0);
    sheet.rows.push(row.clone());
    let mut bad = row;
    bad[0] = t("913210000000000000");
    sheet.rows.push(bad);
    let p = preview(&s, "/api/v1/imports/enterprises", &sheet).await;
    assert_eq!((p["counts"]["new"].as_i64(), p["counts"]["error"].as_i64()), (Some(1), Some(1)), "{p}");
    assert_eq!(p["header_row"].as_u64(), Some(header_row as u64));
    // The annotated copy: the rows from the header on, the error beside its row.
    let res = s.get(&format!("/api/v1/imports/batches/{}/annotated", p["id"])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let copy = rows_of(&res.bytes().await.unwrap());
    let cols = copy.iter().find(|r| r.iter().any(|c| c == "错误说明")).expect("error column").clone();
    let at = cols.iter().position(|c| c == "错误说明").unwrap();
    let flagged: Vec<&Vec<String>> = copy.iter().filter(|r| r.get(at).is_some_and(|c| c.contains("A列"))).collect();
    assert_eq!(flagged.len(), 1, "{copy:?}");
    assert_eq!(flagged[0][0], "913210000000000000");
    // Someone else's batch: not found.
    let admin = app.login("admin").await;
    assert_eq!(
        admin.get(&format!("/api/v1/imports/batches/{}/annotated", p["id"])).await.status(),
        StatusCode::NOT_FOUND
    );
}
