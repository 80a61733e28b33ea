//! Taking a problem in: phone numbers that can be called back (one rule for every path that
//! takes one), and when a call was received or a visit made when it is entered afterwards — the
//! SLA clock counts from then. Time is the app's clock, set to chosen instants.

use chrono::{DateTime, TimeZone, Utc};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{
    Backend, TestApp, assert_invalid, enterprise_input, error_of, hotline_body as hotline, park_id, spawn_app,
    spawn_app_with, test_config, ticket_by_no,
};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_hotline_takes_numbers_it_can_call_back(#[case] backend: Backend) {
    // More filings from one address than the hourly limit allows.
    let mut config = test_config();
    config.hotline_rate_per_hour = 1000;
    let Some(app) = spawn_app_with(backend, config).await else { return };
    let public = app.anonymous();
    // Refused, each with a Chinese message naming the field; nothing is filed.
    for (phone, code) in [
        ("8765432", "PHONE_NO_AREA_CODE"),
        ("87654321", "PHONE_NO_AREA_CODE"),
        ("1381234567", "PHONE_INVALID"),
        ("12345678901", "PHONE_INVALID"),
        ("0514-876543", "PHONE_INVALID"),
        ("call me", "PHONE_INVALID"),
    ] {
        let err = assert_invalid(public.post("/api/v1/public/hotline", &hotline(phone)).await, "contact_phone").await;
        assert_eq!(err["code"], code, "{phone}: {err}");
        assert!(err["message"].as_str().unwrap().contains("联系电话"), "{phone}: {err}");
    }
    let err = assert_invalid(public.post("/api/v1/public/hotline", &hotline("8765432")).await, "contact_phone").await;
    assert!(err["message"].as_str().unwrap().contains("区号"), "{err}");
    // The same refusal in English for an English reader.
    let res = public
        .client
        .post(public.url("/api/v1/public/hotline"))
        .header("accept-language", "en")
        .json(&hotline("8765432"))
        .send()
        .await
        .unwrap();
    let (status, _, field, err) = error_of(res).await;
    assert_eq!((status, field.as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("contact_phone")));
    assert!(err["message"].as_str().unwrap().contains("area code"), "{err}");
    // Accepted as typed, stored in one form the call-back can dial.
    let service = app.login("service").await;
    for (typed, stored) in [
        ("138 1234 5678", "13812345678"),
        ("+86 139-0000-1111", "13900001111"),
        ("0514 8765 4321", "0514-87654321"),
        ("025-86543210 转 8001", "025-86543210-8001"),
    ] {
        let res = public.post("/api/v1/public/hotline", &hotline(typed)).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{typed}");
        let no = res.json::<Value>().await.unwrap()["no"].as_str().unwrap().to_owned();
        assert_eq!(ticket_by_no(&service, &no).await["contact_phone"], stored, "{typed}");
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_other_phone_field_follows_the_same_rule(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    // A staff-entered ticket.
    let service = app.login("service").await;
    let body = |phone: &str| {
        json!({"channel": "phone", "category": "land", "title": "用地指标咨询", "detail": "企业来电",
            "contact_name": "王", "contact_phone": phone})
    };
    let err = assert_invalid(service.post("/api/v1/tickets", &body("8765432")).await, "contact_phone").await;
    assert_eq!(err["code"], "PHONE_NO_AREA_CODE");
    let res = service.post("/api/v1/tickets", &body("0514 87000000")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<Value>().await.unwrap()["contact_phone"], "0514-87000000");
    // A lead's contact.
    let owner = app.login("park_auto").await;
    let auto = park_id(&owner, "auto").await;
    let lead = |phone: &str| {
        json!({"company": "某新能源有限公司", "kind": "new", "intended_investment": 500000000.0, "park_id": auto,
            "contact_name": "王总", "contact_phone": phone})
    };
    let err = assert_invalid(owner.post("/api/v1/leads", &lead("8765432")).await, "contact_phone").await;
    assert_eq!(err["code"], "PHONE_NO_AREA_CODE");
    let res = owner.post("/api/v1/leads", &lead("138-0000-0001")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<Value>().await.unwrap()["contact_phone"], "13800000001");
    // An entrepreneur's mobile takes mobiles only.
    let admin = app.login("admin").await;
    let mut e = enterprise_input(7301, auto);
    e["entrepreneurs"] = json!([{"name": "李四", "mobile": "0514-87654321"}]);
    let err = assert_invalid(admin.post("/api/v1/enterprises", &e).await, "entrepreneurs[0].mobile").await;
    assert!(err["message"].as_str().unwrap().starts_with("手机号码"), "{err}");
    e["entrepreneurs"] = json!([{"name": "李四", "mobile": "139 0013 9000"}]);
    let res = admin.post("/api/v1/enterprises", &e).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let created: Value = res.json().await.unwrap();
    let got = admin.get_json(&format!("/api/v1/enterprises/{}", created["id"])).await;
    assert_eq!(got["entrepreneurs"][0]["mobile"], "13900139000", "{got}");
}

/// 2025-11-17 is a Monday; 2025-11-14 the Friday before (no holidays around).
fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2025, 11, d, h, m, 0).unwrap().with_timezone(&Utc)
}

fn phone_ticket(received_at: &str, reason: Option<&str>) -> Value {
    json!({"channel": "phone", "category": "land", "title": "厂房漏雨", "detail": "周五下班前企业来电",
        "contact_name": "李", "contact_phone": "0514-87111111", "received_at": received_at, "late_reason": reason})
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_call_taken_on_friday_and_entered_on_monday_runs_its_clock_from_friday(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let TestApp { state, .. } = &app;
    state.ctx.clock.set(at(17, 10, 0));
    let service = app.login("service").await;
    let res = service.post("/api/v1/tickets", &phone_ticket("2025-11-14 17:00", None)).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["received_at"], "2025-11-14T09:00:00Z");
    assert_eq!(t["created_at"].as_str().unwrap()[..16], *"2025-11-17T02:00");
    assert!(t["no"].as_str().unwrap().starts_with("20251117-"));
    // The clock runs from Friday 17:00: Friday's last half hour and Monday's first hour used;
    // answered by three working days after Friday (Wednesday), not after Monday (Thursday).
    let sla = &t["sla"];
    assert_eq!(sla["started_at"], "2025-11-14T17:00:00", "{sla}");
    assert_eq!(sla["resolve_elapsed_minutes"], 90, "{sla}");
    assert_eq!(sla["answer_due"], "2025-11-19T17:30:00", "{sla}");
    assert_eq!(sla["resolve_due"], "2025-12-03T17:30:00", "{sla}");
    // Dispatched at once, the clock runs on with the same deadlines (to the second the dispatch
    // took); on Thursday morning the answer is overdue, and the list of overdue tickets says so.
    let id = t["id"].as_i64().unwrap();
    let land = service.get_json("/api/v1/departments").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "land")
        .unwrap()["id"]
        .clone();
    let res = service.post(&format!("/api/v1/tickets/{id}/actions/dispatch"), &json!({"department_id": land})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let sla = res.json::<Value>().await.unwrap()["sla"].clone();
    assert_eq!(sla["answer_due"].as_str().unwrap()[..16], *"2025-11-19T17:30", "{sla}");
    state.ctx.clock.set(at(20, 9, 0));
    let later = service.get_json(&format!("/api/v1/tickets/{id}")).await;
    assert_eq!(
        (later["sla"]["answer_breached"].as_bool(), later["overdue"].as_bool()),
        (Some(true), Some(false)),
        "{}",
        later["sla"]
    );
    // Without a receipt time (received as it is entered): the clock waits for the dispatch.
    state.ctx.clock.set(at(17, 10, 0));
    let mut body = phone_ticket("", None);
    body.as_object_mut().unwrap().remove("received_at");
    let res = service.post("/api/v1/tickets", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let t: Value = res.json().await.unwrap();
    assert!(t["received_at"].is_null() && t["sla"]["started_at"].is_null(), "{t}");
    // In the future: refused.
    let err =
        assert_invalid(service.post("/api/v1/tickets", &phone_ticket("2025-11-17 11:00", None)).await, "received_at")
            .await;
    assert_eq!(err["code"], "DATETIME_IN_FUTURE");
    // Older than three calendar days: only with the reason it is entered late.
    let err =
        assert_invalid(service.post("/api/v1/tickets", &phone_ticket("2025-11-13 17:00", None)).await, "late_reason")
            .await;
    assert_eq!(err["code"], "LATE_REASON_REQUIRED");
    assert!(err["message"].as_str().unwrap().contains("受理时间"), "{err}");
    let res = service.post("/api/v1/tickets", &phone_ticket("2025-11-13 17:00", Some("接线员病假，周一补录"))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let t: Value = res.json().await.unwrap();
    assert_eq!(
        (t["late_reason"].as_str(), t["sla"]["started_at"].as_str()),
        (Some("接线员病假，周一补录"), Some("2025-11-13T17:00:00"))
    );
    // Malformed: named.
    let err = assert_invalid(service.post("/api/v1/tickets", &phone_ticket("上周五", None)).await, "received_at").await;
    assert_eq!(err["code"], "DATETIME_INVALID");
    // The public form files what happens now.
    let mut body = hotline("13812345678");
    body["received_at"] = json!("2025-11-14 17:00");
    assert_invalid(app.anonymous().post("/api/v1/public/hotline", &body).await, "received_at").await;
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_visit_entered_afterwards_records_when_it_was_made(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.state.ctx.clock.set(at(17, 10, 0));
    let cadre = app.login("cadre").await;
    let ent = cadre.get_json("/api/v1/linkages").await["items"][0]["enterprise_id"].as_i64().unwrap();
    let visit = |when: &str, reason: Option<&str>| {
        json!({"enterprise_id": ent, "visited_at": when, "late_reason": reason, "people_met": "总经理",
            "findings": "新产线缺技术工人", "problem": {"category": "staffing", "title": "新产线缺技术工人80名"}})
    };
    let err = assert_invalid(cadre.post("/api/v1/visits", &visit("2025-11-17 15:00", None)).await, "visited_at").await;
    assert_eq!(err["code"], "DATETIME_IN_FUTURE");
    let err = assert_invalid(cadre.post("/api/v1/visits", &visit("2025-11-12 15:00", None)).await, "late_reason").await;
    assert!(err["message"].as_str().unwrap().contains("走访时间"), "{err}");
    // A date alone follows the same rule.
    let mut by_day = visit("", None);
    by_day["visited_on"] = json!("2025-11-12");
    assert_invalid(cadre.post("/api/v1/visits", &by_day).await, "late_reason").await;
    let res = cadre.post("/api/v1/visits", &visit("2025-11-12 15:00", Some("走访后出差，返回补录"))).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["visit"]["visited_on"], "2025-11-12");
    assert_eq!(v["visit"]["visited_at"], "2025-11-12T07:00:00Z");
    assert_eq!(v["visit"]["late_reason"], "走访后出差，返回补录");
    // The problem found counts its clock from the visit.
    let service = app.login("service").await;
    let t = ticket_by_no(&service, v["ticket_no"].as_str().unwrap()).await;
    let t = service.get_json(&format!("/api/v1/tickets/{}", t["id"])).await;
    assert_eq!(t["sla"]["started_at"], "2025-11-12T15:00:00", "{}", t["sla"]);
    // Three days back needs no reason (Friday, entered Monday).
    let res = cadre.post("/api/v1/visits", &visit("2025-11-14 16:00", None)).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
}
