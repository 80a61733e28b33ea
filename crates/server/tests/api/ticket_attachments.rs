//! Ticket attachments through the HTTP API: real PDF and PNG bytes come back byte-identical,
//! types are judged by content, size and count limits store nothing, and another park's or
//! enterprise's user cannot even see that the files exist — on SQLite and PostgreSQL.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{Backend, Session, TestApp, error_of, has_cjk, spawn_app};

/// A one-page PDF (header, catalog, pages, trailer) as a PDF reader accepts it.
pub fn pdf() -> Vec<u8> {
    let body = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n\
        2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n\
        3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n\
        trailer <</Root 1 0 R>>\n%%EOF\n";
    body.as_bytes().to_vec()
}

/// A 1×1 red PNG (signature, IHDR, IDAT, IEND with their CRCs).
pub const PNG: [u8; 69] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A multipart/form-data body of `files` (name, bytes) under the field `file`.
pub fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----zoneops-test-7f3a9c";
    let mut body = Vec::new();
    for (name, data) in files {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(s: &Session, ticket: i64, files: &[(&str, &[u8])]) -> reqwest::Response {
    let (ct, body) = multipart(files);
    s.client
        .post(s.url(&format!("/api/v1/tickets/{ticket}/attachments")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .expect("upload")
}

fn sha(data: &[u8]) -> String {
    hex_string(&Sha256::digest(data))
}

fn hex_string(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

async fn listed(s: &Session, ticket: i64) -> Vec<Value> {
    s.get_json(&format!("/api/v1/tickets/{ticket}/attachments")).await["items"].as_array().unwrap().clone()
}

/// 晶澳 (pv park) files a ticket from its enterprise account.
async fn ja_ticket(app: &TestApp) -> (Session, i64) {
    let ja = app.login("ent_ja").await;
    let res = ja
        .post(
            "/api/v1/tickets",
            &json!({"category": "land", "title": "二期用地红线图", "detail": "附红线图和申请书。"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    (ja, id)
}

async fn assert_refused(res: reqwest::Response, status: StatusCode, code: &str, names: &str) {
    let (st, c, field, err) = error_of(res).await;
    assert_eq!((st, c.as_str()), (status, code), "{err}");
    assert_eq!(field.as_deref(), Some("file"));
    let msg = err["message"].as_str().unwrap();
    assert!(has_cjk(msg) && msg.contains(names), "the message names the file: {msg}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn attachments_come_back_byte_identical_and_bad_files_store_nothing(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (ja, id) = ja_ticket(&app).await;
    let pdf = pdf();
    let res = upload(&ja, id, &[("用地申请书.pdf", &pdf), ("红线图.png", &PNG)]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let items = listed(&ja, id).await;
    assert_eq!(items.len(), 2);
    for (item, (name, data, ct)) in
        items.iter().zip([("用地申请书.pdf", &pdf[..], "application/pdf"), ("红线图.png", &PNG[..], "image/png")])
    {
        assert_eq!(item["file_name"], name);
        assert_eq!(item["content_type"], ct);
        assert_eq!(item["size"].as_u64().unwrap() as usize, data.len());
        assert_eq!(item["sha256"], sha(data));
        assert_eq!(item["uploader"], "晶澳（企业账号）");
        assert!(item.get("data").is_none(), "the list carries no bytes");
        let res = ja.get(&format!("/api/v1/tickets/{id}/attachments/{}", item["id"])).await;
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers().clone();
        assert_eq!(h["content-type"], ct);
        assert_eq!(h["x-content-type-options"], "nosniff");
        let cd = h["content-disposition"].to_str().unwrap();
        assert!(cd.starts_with("attachment;") && cd.contains("filename*=UTF-8''"), "{cd}");
        let got = res.bytes().await.unwrap();
        assert_eq!(&got[..], data, "byte-identical");
        assert_eq!(sha(&got), item["sha256"].as_str().unwrap());
    }
    // The upload is in the ticket's history: who, when, which file.
    let history = ja.get_json(&format!("/api/v1/tickets/{id}/history")).await;
    let attach: Vec<&Value> = history["items"].as_array().unwrap().iter().filter(|e| e["action"] == "attach").collect();
    assert_eq!(attach.len(), 2);
    assert_eq!(attach[0]["reason"], "用地申请书.pdf");
    assert_eq!(attach[0]["label"], "上传附件");
    assert_eq!(attach[0]["actor"], "晶澳（企业账号）");

    // A program renamed to .pdf and a text file: refused by their bytes, named in the message.
    let exe = [b"MZ\x90\x00\x03\x00\x00\x00".as_slice(), &[0u8; 64]].concat();
    assert_refused(
        upload(&ja, id, &[("报价单.pdf", &exe)]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_TYPE",
        "报价单.pdf",
    )
    .await;
    let txt = "这是一段纯文本，不是PDF。".as_bytes();
    assert_refused(
        upload(&ja, id, &[("说明.pdf", txt)]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_TYPE",
        "说明.pdf",
    )
    .await;
    // A zip under a .docx name would pass; under .zip it is refused.
    assert_refused(
        upload(&ja, id, &[("资料.zip", b"PK\x03\x04rest")]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_TYPE",
        "资料.zip",
    )
    .await;
    // One good file with one bad one: neither is stored.
    assert_refused(
        upload(&ja, id, &[("好的.png", &PNG), ("坏的.pdf", txt)]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_TYPE",
        "坏的.pdf",
    )
    .await;
    // One byte over 10 MB: refused with the limit in the message, nothing kept.
    let mut big = pdf.clone();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    assert_refused(
        upload(&ja, id, &[("扫描件.pdf", &big)]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_TOO_LARGE",
        "10 MB",
    )
    .await;
    // Far over: refused the same way as soon as the limit is passed, without reading the rest.
    let huge = [b"%PDF-1.4\n".as_slice(), &vec![b' '; 40 * 1024 * 1024]].concat();
    assert_refused(
        upload(&ja, id, &[("全部资料.pdf", &huge)]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_TOO_LARGE",
        "全部资料.pdf",
    )
    .await;
    assert_eq!(listed(&ja, id).await.len(), 2, "nothing of the refused uploads was stored");
    let history = ja.get_json(&format!("/api/v1/tickets/{id}/history")).await;
    assert_eq!(history["items"].as_array().unwrap().iter().filter(|e| e["action"] == "attach").count(), 2);

    // The body limit is raised for this route only: 9.5 MB is accepted here …
    let mut large = pdf.clone();
    large.resize(9 * 1024 * 1024 + 512 * 1024, b' ');
    assert_eq!(upload(&ja, id, &[("扫描件.pdf", &large)]).await.status(), StatusCode::CREATED);
    let items = listed(&ja, id).await;
    assert_eq!(items.len(), 3);
    let res = ja.get(&format!("/api/v1/tickets/{id}/attachments/{}", items[2]["id"])).await;
    assert_eq!(sha(&res.bytes().await.unwrap()), sha(&large));
    // … while a 3 MB JSON body elsewhere is still refused.
    let res = ja
        .post("/api/v1/tickets", &json!({"category": "land", "title": "大", "detail": "很".repeat(1024 * 1024)}))
        .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn only_the_tickets_scope_sees_its_files_and_only_its_sides_add_them(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (ja, id) = ja_ticket(&app).await;
    assert_eq!(upload(&ja, id, &[("红线图.png", &PNG)]).await.status(), StatusCode::CREATED);
    let att = listed(&ja, id).await[0]["id"].as_i64().unwrap();
    let list_url = format!("/api/v1/tickets/{id}/attachments");
    let file_url = format!("/api/v1/tickets/{id}/attachments/{att}");

    // Another park's user (晶澳 is in the pv park): 404 on list, download and upload.
    let auto = app.login("park_auto").await;
    assert_eq!(auto.get(&list_url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(auto.get(&file_url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(upload(&auto, id, &[("x.png", &PNG)]).await.status(), StatusCode::NOT_FOUND);
    // Another enterprise's account: 404 too.
    let admin = app.login("admin").await;
    let other = admin.get_json("/api/v1/enterprises?page_size=5").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| !e["name"].as_str().unwrap().contains("晶澳"))
        .unwrap()["id"]
        .clone();
    let res = admin
        .post(
            "/api/v1/users",
            &json!({"username": "ent_other", "display_name": "另一家企业", "password": "Ent@2022x!",
                "roles": ["enterprise"], "scope": {"kind": "enterprise", "enterprise": other}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let stranger = app.anonymous();
    let res = stranger.post("/api/v1/auth/login", &json!({"username": "ent_other", "password": "Ent@2022x!"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(stranger.get(&list_url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(stranger.get(&file_url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(upload(&stranger, id, &[("x.png", &PNG)]).await.status(), StatusCode::NOT_FOUND);
    // An attachment id of another ticket under this ticket's path: 404.
    let (_, other_ticket) = ja_ticket(&app).await;
    assert_eq!(
        ja.get(&format!("/api/v1/tickets/{other_ticket}/attachments/{att}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // The pv park sees the files; the leader reads the zone but is no side of the ticket.
    let pv = app.login("park_pv").await;
    assert_eq!(pv.get(&file_url).await.bytes().await.unwrap().as_ref(), PNG.as_slice());
    let leader = app.login("leader").await;
    assert_eq!(listed(&leader, id).await.len(), 1);
    assert_eq!(upload(&leader, id, &[("x.png", &PNG)]).await.status(), StatusCode::FORBIDDEN);
    // The dispatcher adds one; the audit trail names the file.
    let service = app.login("service").await;
    assert_eq!(upload(&service, id, &[("受理单.pdf", &pdf())]).await.status(), StatusCode::CREATED);
    let audit =
        app.login("auditor").await.get_json(&format!("/api/v1/audit?entity=ticket&entity_id={id}&action=attach")).await;
    assert_eq!(audit["total"], 2, "{audit}");
    assert!(audit.to_string().contains("受理单.pdf"));

    // At most ten files on a ticket: two here, eight more, then the eleventh is refused.
    for files in [
        &[("a.png", &PNG[..]), ("b.png", &PNG[..]), ("c.png", &PNG[..])][..],
        &[("d.png", &PNG[..]); 3][..],
        &[("e.png", &PNG[..]); 2][..],
    ] {
        assert_eq!(upload(&ja, id, files).await.status(), StatusCode::CREATED);
    }
    assert_eq!(listed(&ja, id).await.len(), 10);
    let (st, code, _, err) = error_of(upload(&ja, id, &[("f.png", &PNG)]).await).await;
    assert_eq!((st, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "ATTACHMENT_TOO_MANY"), "{err}");
    assert_eq!(listed(&ja, id).await.len(), 10);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_hotline_form_sends_up_to_three_files_with_its_tracking_code(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let public = app.anonymous();
    let res = public
        .post(
            "/api/v1/public/hotline",
            &json!({"company": "扬州某精密机械有限公司", "contact_name": "王经理", "contact_phone": "0514-87654321",
                "category": "land", "title": "用地红线与规划不符", "detail": "附红线图。"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let receipt: Value = res.json().await.unwrap();
    let (no, code) = (receipt["no"].as_str().unwrap(), receipt["code"].as_str().unwrap());
    let send = |code: String, files: Vec<(&'static str, Vec<u8>)>| {
        let public = &public;
        async move {
            let parts: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (*n, d.as_slice())).collect();
            let (ct, body) = multipart(&parts);
            public
                .client
                .post(public.url(&format!("/api/v1/public/tickets/{no}/attachments?code={code}")))
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    // A wrong code finds nothing; a bad file is refused by its bytes.
    assert_eq!(send("WRONG123".into(), vec![("红线图.png", PNG.to_vec())]).await.status(), StatusCode::NOT_FOUND);
    assert_refused(
        send(code.into(), vec![("红线图.pdf", b"not a pdf".to_vec())]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_TYPE",
        "红线图.pdf",
    )
    .await;
    // Two, then one more: three in all; a fourth is refused.
    let res = send(code.into(), vec![("红线图.png", PNG.to_vec()), ("申请书.pdf", pdf())]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let names: Value = res.json().await.unwrap();
    assert_eq!(names["items"], json!(["红线图.png", "申请书.pdf"]));
    assert_eq!(send(code.to_lowercase(), vec![("附图.png", PNG.to_vec())]).await.status(), StatusCode::CREATED);
    let (st, c, _, err) = error_of(send(code.into(), vec![("多余.png", PNG.to_vec())]).await).await;
    assert_eq!((st, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "ATTACHMENT_TOO_MANY"), "{err}");
    // The service centre sees them, from 热线来电, byte for byte; the upload is audited as the hotline.
    let service = app.login("service").await;
    let id = service.get_json(&format!("/api/v1/tickets?q={no}")).await["items"][0]["id"].as_i64().unwrap();
    let items = listed(&service, id).await;
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i["uploader"] == "热线来电" && i["uploaded_by"].is_null()));
    let got = service.get(&format!("/api/v1/tickets/{id}/attachments/{}", items[1]["id"])).await.bytes().await.unwrap();
    assert_eq!(&got[..], &pdf()[..]);
    let audit =
        app.login("auditor").await.get_json(&format!("/api/v1/audit?entity=ticket&entity_id={id}&action=attach")).await;
    assert_eq!(audit["total"], 3);
    assert!(audit["items"].as_array().unwrap().iter().all(|a| a["actor"] == "hotline"));
    // Staff may still add theirs up to the ticket's ten.
    assert_eq!(upload(&service, id, &[("受理单.pdf", &pdf())]).await.status(), StatusCode::CREATED);
    // Once closed, the public path is shut.
    let res =
        service.post(&format!("/api/v1/tickets/{id}/actions/close_unresolved"), &json!({"reason": "重复提交"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (st, c, _, _) = error_of(send(code.into(), vec![("晚到.png", PNG.to_vec())]).await).await;
    assert_eq!((st, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "ATTACHMENT_CLOSED"));
}
