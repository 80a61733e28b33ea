//! A project stage's dates: a PATCH changes what it sends and keeps the rest (`null` clears),
//! and an actual date after the zone's today — by the app's clock, which the test moves — is
//! refused on `actual_on` with a Chinese message (English for an English reader), never dropped.

use chrono::{Duration, TimeZone, Utc};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, Session, assert_invalid, error_of, park_id, spawn_app, zone_today};

fn stage<'a>(p: &'a Value, code: &str) -> &'a Value {
    p["stages"].as_array().unwrap().iter().find(|s| s["stage"] == code).unwrap()
}

async fn patch(s: &Session, url: &str, body: Value) -> reqwest::Response {
    s.patch(url, &body).await
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_stage_patch_keeps_what_it_does_not_send_and_a_future_actual_date_is_refused(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("park_auto").await;
    let auto = park_id(&s, "auto").await;
    let signed = zone_today() - Duration::days(10);
    let body = json!({"name": "阶段日期测试项目", "park_id": auto, "category": "advanced_manufacturing",
        "investment": 2.0e9, "signed_on": signed.to_string()});
    let res = s.post("/api/v1/projects", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let p: Value = res.json().await.unwrap();
    let id = p["id"].as_i64().unwrap();
    let planned = stage(&p, "prereview")["planned_on"].clone();
    assert!(planned.is_string(), "the template plans pre-review: {p}");
    let url = |st: &str| format!("/api/v1/projects/{id}/stages/{st}");

    // The zone's clock reads three days ahead, half past midnight in Yangzhou (16:30 UTC the
    // evening before): that zone-local day is "today", though UTC has not reached it.
    let day = zone_today() + Duration::days(3);
    let eve = day.pred_opt().unwrap().and_hms_opt(16, 30, 0).unwrap();
    app.state.ctx.clock.set(Utc.from_utc_datetime(&eve));

    // Only the actual date is sent: it is recorded and the planned date stays.
    let res = patch(&s, &url("prereview"), json!({"actual_on": day.to_string()})).await;
    assert_eq!(res.status(), StatusCode::OK, "today by the zone's clock is not the future");
    let p: Value = res.json().await.unwrap();
    assert_eq!(stage(&p, "prereview")["actual_on"], day.to_string());
    assert_eq!(stage(&p, "prereview")["planned_on"], planned, "the planned date was not sent: kept");

    // The day after that is the future: refused on actual_on, in Chinese, and nothing changes.
    let tomorrow = day + Duration::days(1);
    let before = s.get_json(&format!("/api/v1/projects/{id}")).await;
    let err =
        assert_invalid(patch(&s, &url("land"), json!({"actual_on": tomorrow.to_string()})).await, "actual_on").await;
    assert_eq!(err["code"], "DATE_IN_FUTURE");
    assert_eq!(err["message"], "拿地实际日期不能晚于今天");
    let res = s
        .client
        .patch(s.url(&url("land")))
        .header("accept-language", "en")
        .json(&json!({"actual_on": tomorrow.to_string()}))
        .send()
        .await
        .unwrap();
    let (status, code, field, err) = error_of(res).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, "DATE_IN_FUTURE", Some("actual_on"))
    );
    assert!(err["message"].as_str().unwrap().contains("cannot be later than today"), "{err}");
    // The replacing PUT refuses it the same way.
    let err = assert_invalid(
        s.put(
            &url("land"),
            &json!({"planned_on": stage(&before, "land")["planned_on"], "actual_on": tomorrow.to_string()}),
        )
        .await,
        "actual_on",
    )
    .await;
    assert_eq!(err["code"], "DATE_IN_FUTURE");
    assert_eq!(s.get_json(&format!("/api/v1/projects/{id}")).await["stages"], before["stages"], "nothing was written");

    // Only the planned date, sent as null: cleared; the actual date stays.
    let res = patch(&s, &url("prereview"), json!({"planned_on": null})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(stage(&p, "prereview")["planned_on"], Value::Null);
    assert_eq!(stage(&p, "prereview")["actual_on"], day.to_string());

    // A PUT still replaces the whole stage: a missing key is a 422, never a cleared date.
    let err = assert_invalid(s.put(&url("land"), &json!({"actual_on": null})).await, "planned_on").await;
    assert_eq!(err["code"], "FIELD_REQUIRED");
    let err = assert_invalid(patch(&s, &url("land"), json!({"actual": "2026-01-01"})).await, "actual").await;
    assert_eq!(err["code"], "FIELD_UNKNOWN");
    // The signing date cannot be cleared; a signing date left out is kept.
    let err = assert_invalid(patch(&s, &url("signed"), json!({"actual_on": null})).await, "actual_on").await;
    assert_eq!(err["code"], "REQUIRED");
    let res = patch(&s, &url("signed"), json!({"planned_on": signed.to_string()})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(stage(&p, "signed")["actual_on"], signed.to_string());
    assert_eq!(p["signed_on"], signed.to_string());
}
