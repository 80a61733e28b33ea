//! The working calendar of the coming year: from 1 November (the zone's day, by the app's clock)
//! those who load it see a warning in `/me` while it is missing; a year refused names the entry
//! that is wrong, in Chinese.

use chrono::{NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, TestApp, assert_invalid, error_of, spawn_app};

/// Sets the app's clock to `hh:mm` of `day` in Yangzhou (UTC+8).
fn set_local(app: &TestApp, day: NaiveDate, hh: u32, mm: u32) {
    let local = day.and_hms_opt(hh, mm, 0).unwrap() - chrono::Duration::hours(8);
    app.state.ctx.clock.set(Utc.from_utc_datetime(&local));
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn calendar_warnings(me: &Value) -> Vec<Value> {
    me["warnings"].as_array().unwrap().iter().filter(|w| w["code"] == "CALENDAR_YEAR_MISSING").cloned().collect()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_missing_next_year_calendar_is_announced_from_november_to_those_who_load_it(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let service = app.login("service").await;
    let admin = app.login("admin").await;
    let leader = app.login("leader").await;

    // 31 October, late evening in Yangzhou (already 1 November nowhere that matters): no warning.
    set_local(&app, day(2026, 10, 31), 23, 30);
    assert_eq!(calendar_warnings(&service.get_json("/api/v1/me").await), Vec::<Value>::new());
    // Half past midnight on 1 November in Yangzhou (still 31 October in UTC): 2027 is missing.
    set_local(&app, day(2026, 11, 1), 0, 30);
    for s in [&service, &admin] {
        let w = calendar_warnings(&s.get_json("/api/v1/me").await);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0]["year"], 2027);
        assert_eq!(w[0]["link"], "/service/rules?tab=calendar&year=2027");
        let text = w[0]["message"].as_str().unwrap();
        assert!(text.contains("2027年") && text.contains("元旦"), "{text}");
    }
    // Those who cannot load a calendar are not told.
    assert_eq!(leader.get_json("/api/v1/me").await["warnings"], json!([]));
    // In English for an English reader.
    let res = service.client.get(service.url("/api/v1/me")).header("accept-language", "en").send().await.unwrap();
    let me: Value = res.json().await.unwrap();
    assert!(calendar_warnings(&me)[0]["message"].as_str().unwrap().contains("New Year's Day"), "{me}");

    // A refused year names the wrong entry, in Chinese: 2027-01-04 is a Monday, not a make-up day.
    let body = json!({"holidays": ["2027-01-01"], "workdays": ["2026-12-26", "2027-01-04"]});
    let err = assert_invalid(service.put("/api/v1/calendar/2027", &body).await, "workdays[1]").await;
    assert_eq!(err["code"], "CALENDAR_INVALID");
    assert_eq!(err["message"], "调休上班日2027-01-04不是星期六或星期日：只有周末才能调休上班");
    let body = json!({"holidays": ["2027-01-01", "2027-01-01"], "workdays": []});
    let err = assert_invalid(service.put("/api/v1/calendar/2027", &body).await, "holidays[1]").await;
    assert_eq!(err["message"], "2027-01-01重复列出");
    let body = json!({"holidays": ["2027-01-02"], "workdays": ["2027-01-02"]});
    let err = assert_invalid(service.put("/api/v1/calendar/2027", &body).await, "workdays[0]").await;
    assert_eq!(err["message"], "2027-01-02不能既是节假日又是调休上班日");
    let body = json!({"holidays": ["2029-05-01"], "workdays": []});
    let err = assert_invalid(service.put("/api/v1/calendar/2027", &body).await, "holidays[0]").await;
    assert!(err["message"].as_str().unwrap().starts_with("2029-05-01不属于2027年的日历"), "{err}");
    // The English answer translates the whole message.
    let res = service
        .client
        .put(service.url("/api/v1/calendar/2027"))
        .header("accept-language", "en")
        .json(&json!({"holidays": [], "workdays": ["2027-01-04"]}))
        .send()
        .await
        .unwrap();
    let (status, _, field, err) = error_of(res).await;
    assert_eq!((status, field.as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("workdays[0]")));
    assert_eq!(
        err["message"],
        "Make-up working day 2027-01-04 is not a Saturday or Sunday: only a weekend day can be a make-up working day"
    );

    // Once the year is loaded, the warning is gone.
    let body = json!({"holidays": ["2027-01-01"], "workdays": []});
    assert_eq!(service.put("/api/v1/calendar/2027", &body).await.status(), StatusCode::OK);
    assert_eq!(calendar_warnings(&service.get_json("/api/v1/me").await), Vec::<Value>::new());
}
