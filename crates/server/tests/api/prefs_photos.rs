//! 个人中心 › 消息设置 and photos on a visit (decision 0036), through real HTTP on SQLite and
//! PostgreSQL: a kind a user turns off is no longer written to their inbox (and a department's
//! notice of that kind no longer shows to them), other users keep theirs, mandatory kinds cannot
//! be turned off; a cadre's visit photos come back byte-identical to whoever may read the visit
//! and are 404 to anyone else, and only JPEG or PNG bytes are taken.

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, assert_invalid, error_of, hotline_body, spawn_app, ticket_by_no};
use crate::ticket_attachments::{PNG as PHOTO, multipart, pdf};

const PREFS: &str = "/api/v1/me/notification-preferences";

/// A JPEG's first bytes (SOI, APP0 JFIF): enough for the type check, which reads the bytes.
const JPEG_HEAD: [u8; 20] = [
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00,
];

fn kind<'a>(prefs: &'a Value, code: &str) -> &'a Value {
    prefs["items"].as_array().expect("items").iter().find(|p| p["kind"] == code).unwrap_or_else(|| panic!("{code}"))
}

/// A user made by the administrator and signed in.
async fn new_user(app: &TestApp, username: &str, role: &str, scope: Value) -> Session {
    let admin = app.login("admin").await;
    let password = "Prefs@2022xy";
    let body =
        json!({"username": username, "display_name": username, "password": password, "roles": [role], "scope": scope});
    let res = admin.post("/api/v1/users", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
    let s = app.anonymous();
    let res = s.post("/api/v1/auth/login", &json!({"username": username, "password": password})).await;
    assert_eq!(res.status(), StatusCode::OK);
    s
}

async fn my_id(s: &Session) -> i64 {
    s.get_json("/api/v1/me").await["id"].as_i64().expect("id")
}

/// Rows written for `user` of `kind` (what "not inserted" means).
async fn rows_for(app: &TestApp, user: i64, kind: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM notification WHERE user_id = {user} AND kind = '{kind}'");
    let row = app
        .db
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(app.db.conn().get_database_backend(), sql))
        .await
        .expect("count")
        .expect("row");
    row.try_get_by_index::<i64>(0).expect("count")
}

async fn inbox_titles(s: &Session) -> Vec<String> {
    let v = s.get_json("/api/v1/notifications").await;
    v["items"].as_array().expect("items").iter().map(|n| n["title"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn file_hotline_ticket(app: &TestApp, phone: &str) -> String {
    let res = app.anonymous().post("/api/v1/public/hotline", &hotline_body(phone)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.expect("json")["no"].as_str().expect("no").to_owned()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_muted_kind_is_not_written_for_that_user_and_others_keep_theirs(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    let other = new_user(&app, "dispatcher2", "service", json!({"kind": "zone"})).await;
    let (me, them) = (my_id(&service).await, my_id(&other).await);

    // Everything is on until chosen; the mandatory kinds say why they stay on.
    let prefs = service.get_json(PREFS).await;
    assert!(prefs["items"].as_array().unwrap().iter().all(|p| p["inbox"] == true), "{prefs}");
    assert_eq!(kind(&prefs, "filed")["mandatory"], false);
    assert_eq!(kind(&prefs, "supervision")["mandatory"], true);
    assert!(kind(&prefs, "supervision")["reason"].as_str().unwrap().contains("不能关闭"));

    let res = service.put(PREFS, &json!({"items": [{"kind": "filed", "inbox": false}]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(kind(&saved, "filed")["inbox"], false);
    // Read back: it stays; the other dispatcher's choice is untouched.
    assert_eq!(kind(&service.get_json(PREFS).await, "filed")["inbox"], false);
    assert_eq!(kind(&other.get_json(PREFS).await, "filed")["inbox"], true, "preferences are per user");

    let (mine_before, theirs_before) = (rows_for(&app, me, "filed").await, rows_for(&app, them, "filed").await);
    let no = file_hotline_ticket(&app, "13900002222").await;
    assert_eq!(rows_for(&app, me, "filed").await, mine_before, "a muted kind is not written for its user");
    assert_eq!(rows_for(&app, them, "filed").await, theirs_before + 1, "the other dispatcher still hears of it");
    assert!(!inbox_titles(&service).await.iter().any(|t| t.contains(&no)));
    assert!(inbox_titles(&other).await.iter().any(|t| t.contains(&no)));

    // Left out of the next PUT, the kind is on again.
    let res = service.put(PREFS, &json!({"items": []})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let no2 = file_hotline_ticket(&app, "13900003333").await;
    assert!(inbox_titles(&service).await.iter().any(|t| t.contains(&no2)));

    // A department's notice of a muted kind no longer shows to that member; a colleague sees it.
    let land = app.login("dept_land").await;
    let dept = ticket_department(&service, "land").await;
    let colleague = new_user(&app, "land2", "dept", json!({"kind": "department", "department": dept})).await;
    let res = land.put(PREFS, &json!({"items": [{"kind": "dispatch", "inbox": false}]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let t = ticket_by_no(&service, &no2).await;
    let res =
        service.post(&format!("/api/v1/tickets/{}/actions/dispatch", t["id"]), &json!({"department_id": dept})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!inbox_titles(&land).await.iter().any(|t| t.contains(&no2)), "muted for this member");
    assert!(inbox_titles(&colleague).await.iter().any(|t| t.contains(&no2)), "the department still hears of it");
}

async fn ticket_department(s: &Session, code: &str) -> i64 {
    let v = s.get_json("/api/v1/departments").await;
    v["items"].as_array().unwrap().iter().find(|d| d["code"] == code).expect("department")["id"].as_i64().unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn mandatory_and_unknown_kinds_are_refused_naming_the_item(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let land = app.login("dept_land").await;
    let before = land.get_json(PREFS).await;

    let res = land
        .put(PREFS, &json!({"items": [{"kind": "filed", "inbox": false}, {"kind": "supervision", "inbox": false}]}))
        .await;
    let err = assert_invalid(res, "items[1].inbox").await;
    assert_eq!(err["code"], "NOTIFICATION_KIND_MANDATORY");
    assert!(err["message"].as_str().unwrap().contains("超期督办"), "{err}");

    let res = land.put(PREFS, &json!({"items": [{"kind": "no_such_kind", "inbox": false}]})).await;
    let err = assert_invalid(res, "items[0].kind").await;
    assert_eq!(err["code"], "NOTIFICATION_KIND_UNKNOWN");
    assert!(err["message"].as_str().unwrap().contains("no_such_kind"));

    // The same in English for a reader who asks for it.
    let res = land
        .client
        .put(land.url(PREFS))
        .header("accept-language", "en")
        .json(&json!({"items": [{"kind": "no_such_kind", "inbox": false}]}))
        .send()
        .await
        .unwrap();
    let (status, _, field, err) = error_of(res).await;
    assert_eq!((status, field.as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("items[0].kind")));
    assert_eq!(err["message"], "There is no notification kind “no_such_kind”");

    let res = land.put(PREFS, &json!({"items": [{"kind": "urge", "inbox": false}]})).await;
    assert_invalid(res, "items[0].inbox").await;
    let twice = json!({"items": [{"kind": "filed", "inbox": false}, {"kind": "filed", "inbox": true}]});
    assert_invalid(land.put(PREFS, &twice).await, "items[1].kind").await;
    // A PUT replaces: the list is required, not emptied because the key was missing.
    assert_invalid(land.put(PREFS, &json!({})).await, "items").await;

    // Nothing refused was stored; a mandatory kind left on is accepted and stays on.
    assert_eq!(land.get_json(PREFS).await, before);
    let res = land.put(PREFS, &json!({"items": [{"kind": "public_notice", "inbox": true}]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(kind(&res.json::<Value>().await.unwrap(), "public_notice")["inbox"], true);
    assert_eq!(app.anonymous().get(PREFS).await.status(), StatusCode::UNAUTHORIZED);
}

// ---- visit photos ---------------------------------------------------------------------------------

async fn upload(s: &Session, visit: i64, files: &[(&str, &[u8])]) -> reqwest::Response {
    let (ct, body) = multipart(files);
    s.client
        .post(s.url(&format!("/api/v1/visits/{visit}/photos")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .expect("upload")
}

/// The cadre records a visit to one of their linked enterprises (潍柴, in the 汽车 park).
async fn cadre_visit(app: &TestApp) -> (Session, i64) {
    let cadre = app.login("cadre").await;
    let links = cadre.get_json("/api/v1/linkages").await;
    let weichai = links["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["enterprise"].as_str().unwrap().contains("潍柴"))
        .expect("潍柴 linkage")["enterprise_id"]
        .as_i64()
        .unwrap();
    let today = crate::support::zone_today().to_string();
    let body = json!({"enterprise_id": weichai, "visited_on": today, "findings": "二期车间已封顶，拍照留存。"});
    let res = cadre.post("/api/v1/visits", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["visit"]["photos"], json!([]));
    (cadre, v["visit"]["id"].as_i64().unwrap())
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn visit_photos_follow_the_visits_scope(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (cadre, visit) = cadre_visit(&app).await;

    let res = upload(&cadre, visit, &[("IMG_2041.png", &PHOTO)]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let items = res.json::<Value>().await.unwrap()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["content_type"], "image/png");
    assert_eq!(items[0]["uploader"], "挂钩干部");
    let photo = items[0]["id"].as_i64().unwrap();
    let url = format!("/api/v1/visits/{visit}/photos/{photo}");

    // The list carries the photos, so thumbnails need no request per row.
    let list = cadre.get_json("/api/v1/visits?page_size=50").await;
    let row = list["items"].as_array().unwrap().iter().find(|v| v["id"] == visit).expect("visit listed").clone();
    assert_eq!(row["photos"][0]["id"], photo);

    // The cadre, the park that holds the enterprise and the leader get the same bytes, inline.
    for who in ["cadre", "park_auto", "leader"] {
        let s = app.login(who).await;
        let res = s.get(&url).await;
        assert_eq!(res.status(), StatusCode::OK, "{who}");
        let h = res.headers().clone();
        assert_eq!(h["content-type"], "image/png");
        assert!(h["content-disposition"].to_str().unwrap().starts_with("inline;"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(res.bytes().await.unwrap().as_ref(), PHOTO.as_slice(), "{who}");
        assert_eq!(s.get_json(&format!("/api/v1/visits/{visit}/photos")).await["total"], 1, "{who}");
    }
    // Shown again: the thumbnail is revalidated, not resent.
    let first = cadre.get(&url).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = cadre.client.get(cadre.url(&url)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // Another park cannot see the visit: its photos do not exist for it, with or without a tag.
    let pv = app.login("park_pv").await;
    assert_eq!(pv.get(&format!("/api/v1/visits/{visit}/photos")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(pv.get(&url).await.status(), StatusCode::NOT_FOUND);
    let tagged = pv.client.get(pv.url(&url)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(tagged.status(), StatusCode::NOT_FOUND);
    assert_eq!(upload(&pv, visit, &[("x.png", &PHOTO)]).await.status(), StatusCode::NOT_FOUND, "outside its scope");
    // Nor is the photo reachable through another visit's id.
    let other_visit = visit + 1_000_000;
    assert_eq!(
        cadre.get(&format!("/api/v1/visits/{other_visit}/photos/{photo}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // An enterprise account has no visits at all.
    assert_eq!(app.login("ent_ja").await.get(&url).await.status(), StatusCode::FORBIDDEN);

    // A cadre who may see the visit but did not make it cannot add to it.
    let peer = new_user(&app, "cadre2", "cadre", json!({"kind": "zone"})).await;
    assert_eq!(peer.get(&url).await.status(), StatusCode::OK);
    assert_eq!(upload(&peer, visit, &[("mine.png", &PHOTO)]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(cadre.get_json(&format!("/api/v1/visits/{visit}/photos")).await["total"], 1);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn only_jpeg_or_png_photos_and_at_most_nine(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (cadre, visit) = cadre_visit(&app).await;

    // Judged by the bytes: a PDF named .jpg, a text file, a PDF as itself are all refused.
    for (name, data) in [("scan.jpg", pdf()), ("note.png", "现场记录".as_bytes().to_vec()), ("a.pdf", pdf())] {
        let err = assert_invalid(upload(&cadre, visit, &[(name, &data)]).await, "file").await;
        assert_eq!(err["code"], "ATTACHMENT_TYPE", "{name}");
        assert!(err["message"].as_str().unwrap().contains("JPEG或PNG"), "{err}");
    }
    // One bad file in a batch stores none of them.
    let err = assert_invalid(upload(&cadre, visit, &[("ok.png", &PHOTO), ("bad.jpg", &pdf())]).await, "file").await;
    assert!(err["message"].as_str().unwrap().contains("bad.jpg"));
    assert_eq!(cadre.get_json(&format!("/api/v1/visits/{visit}/photos")).await["total"], 0);

    // JPEG is taken as JPEG; nine photos per visit, the tenth is refused with the count.
    let res = upload(&cadre, visit, &[("现场1.jpg", &JPEG_HEAD), ("现场2.png", &PHOTO), ("现场3.png", &PHOTO)]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let items = res.json::<Value>().await.unwrap()["items"].as_array().unwrap().clone();
    assert_eq!(items[0]["content_type"], "image/jpeg");
    for _ in 0..2 {
        let res = upload(&cadre, visit, &[("a.png", &PHOTO), ("b.png", &PHOTO), ("c.png", &PHOTO)]).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let err = assert_invalid(upload(&cadre, visit, &[("d.png", &PHOTO)]).await, "file").await;
    assert_eq!(err["code"], "VISIT_PHOTO_TOO_MANY");
    assert!(err["message"].as_str().unwrap().contains("已有9张"), "{err}");
    assert_eq!(cadre.get_json(&format!("/api/v1/visits/{visit}/photos")).await["total"], 9);
}
