//! The second factor: enrolment, the login's second step, replay and lockout, recovery codes,
//! the pending step's limits and expiry, the security administrator's reset, and enforcement.
//! Time moves with the app's clock (`ctx.clock.advance`): no test waits for a TOTP step.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};
use zoneops_domain::second_factor as totp;

use crate::support::{Backend, PASSWORD, Session, TestApp, error_of, spawn_app, spawn_app_with, test_config};

/// The code an authenticator app shows now, by the server's clock.
pub fn code_now(app: &TestApp, secret: &[u8]) -> String {
    totp::code_at(secret, app.state.ctx.clock.now().timestamp())
}

/// A code no step of the window accepts.
pub fn wrong_code(app: &TestApp, secret: &[u8]) -> String {
    let now = totp::step_of(app.state.ctx.clock.now().timestamp());
    let window: Vec<String> = (now - 2..=now + 2).map(|s| totp::code_for_step(secret, s)).collect();
    ["000000", "111111", "222222"].into_iter().find(|c| !window.iter().any(|w| w == c)).unwrap().to_owned()
}

/// Enrols the session's user; returns the secret's bytes and the recovery codes.
pub async fn enrol(app: &TestApp, s: &Session) -> (Vec<u8>, Vec<String>) {
    let res = s.post("/api/v1/me/second-factor", &json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let e: Value = res.json().await.unwrap();
    let secret = totp::base32_decode(e["secret"].as_str().unwrap()).unwrap();
    let res = s.post("/api/v1/me/second-factor/confirm", &json!({ "code": code_now(app, &secret) })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    let codes = v["recovery_codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    (secret, codes)
}

/// Password step for a user with a factor: the answer asks for the code.
async fn password_step(app: &TestApp, username: &str) -> Session {
    let s = app.anonymous();
    let res = s.post("/api/v1/auth/login", &json!({"username": username, "password": PASSWORD})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v, json!({"second_factor_required": true, "enrolment_required": false}));
    s
}

async fn second_step(s: &Session, code: &str) -> reqwest::Response {
    s.post("/api/v1/auth/login/second-factor", &json!({ "code": code })).await
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    let sec = app.login("secadmin").await;
    sec.get_json(&format!("/api/v1/users?q={username}")).await["items"][0]["id"].as_i64().unwrap()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn an_administrator_enrols_by_qr_code_and_then_signs_in_with_a_code(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("admin").await;
    let st = s.get_json("/api/v1/me/second-factor").await;
    assert_eq!(
        (st["enrolled"].as_bool(), st["required"].as_bool()),
        (Some(false), Some(false)),
        "optional on the demo"
    );
    let res = s.post("/api/v1/me/second-factor", &json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let e: Value = res.json().await.unwrap();
    let b32 = e["secret"].as_str().unwrap();
    assert_eq!(
        e["otpauth_uri"].as_str().unwrap().split("&algorithm").next().unwrap(),
        format!("otpauth://totp/ZoneOps:admin?secret={b32}&issuer=ZoneOps")
    );
    assert!(e["qr_svg"].as_str().unwrap().contains("<svg"), "the QR code is drawn by the server");
    let secret = totp::base32_decode(b32).unwrap();
    assert_eq!(secret.len(), 20);
    // A wrong code does not confirm; the right one does and hands out ten recovery codes once.
    let (status, code, field, _) =
        error_of(s.post("/api/v1/me/second-factor/confirm", &json!({"code": wrong_code(&app, &secret)})).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, "SECOND_FACTOR_CODE_INVALID", Some("code"))
    );
    let enrol_code = code_now(&app, &secret);
    let res = s.post("/api/v1/me/second-factor/confirm", &json!({"code": enrol_code})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let codes: Value = res.json().await.unwrap();
    let codes = codes["recovery_codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    let distinct: std::collections::BTreeSet<_> = codes.iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(distinct.len(), 10);
    let st = s.get_json("/api/v1/me/second-factor").await;
    assert_eq!((st["enrolled"].as_bool(), st["recovery_codes_left"].as_i64()), (Some(true), Some(10)));
    // A confirmed factor is not swapped from a session (a stolen one must not replace it).
    assert_eq!(s.post("/api/v1/me/second-factor", &json!({})).await.status(), StatusCode::CONFLICT);
    assert_eq!(s.post("/api/v1/auth/logout", &json!({})).await.status(), StatusCode::NO_CONTENT);

    let s = password_step(&app, "admin").await;
    // The code used at enrolment is spent: replaying it in its window is refused.
    let (status, code, _, _) = error_of(second_step(&s, &enrol_code).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_INVALID"));
    app.state.ctx.clock.advance(totp::STEP_SECS);
    let code = code_now(&app, &secret);
    let res = second_step(&s, &code).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["username"], "admin");
    assert_eq!(s.get_json("/api/v1/me").await["username"], "admin");
    // The same code again, on another login within its window: refused.
    let other = password_step(&app, "admin").await;
    let (status, code_err, _, _) = error_of(second_step(&other, &code).await).await;
    assert_eq!((status, code_err.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_INVALID"));
    // The audit administrator sees the enrolment and the login that used the factor.
    let auditor = app.login("auditor").await;
    let audit = auditor.get_json("/api/v1/audit?action=second_factor_enrol").await;
    assert_eq!(audit["total"], 1);
    let logins = auditor.get_json("/api/v1/audit?action=login&actor=admin").await.to_string();
    assert!(logins.contains("totp"), "{logins}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn wrong_codes_count_toward_the_lockout_and_the_password_does_not_reset_them(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (secret, _) = enrol(&app, &app.login("admin").await).await;
    let s = password_step(&app, "admin").await;
    for remaining in [4, 3] {
        let (status, code, _, err) = error_of(second_step(&s, &wrong_code(&app, &secret)).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_INVALID"));
        assert_eq!(err["params"]["remaining"], remaining);
    }
    // Giving the password again does not buy fresh attempts at the code.
    let s = password_step(&app, "admin").await;
    for remaining in [2, 1] {
        let (_, _, _, err) = error_of(second_step(&s, &wrong_code(&app, &secret)).await).await;
        assert_eq!(err["params"]["remaining"], remaining);
    }
    let (status, code, _, _) = error_of(second_step(&s, &wrong_code(&app, &secret)).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::LOCKED, "AUTH_LOCKED"));
    // The pending session died with the lock, and the password is refused until unlocked.
    app.state.ctx.clock.advance(totp::STEP_SECS);
    let (status, _, _, _) = error_of(second_step(&s, &code_now(&app, &secret)).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let res = app.anonymous().post("/api/v1/auth/login", &json!({"username": "admin", "password": PASSWORD})).await;
    assert_eq!(res.status(), StatusCode::LOCKED);
    // Lockouts are cleared by the security administrator only.
    let id = user_id(&app, "admin").await;
    let park = app.login("park_auto").await;
    assert_eq!(park.post(&format!("/api/v1/users/{id}/unlock"), &json!({})).await.status(), StatusCode::FORBIDDEN);
    let sec = app.login("secadmin").await;
    assert_eq!(sec.post(&format!("/api/v1/users/{id}/unlock"), &json!({})).await.status(), StatusCode::NO_CONTENT);
    let s = password_step(&app, "admin").await;
    assert_eq!(second_step(&s, &code_now(&app, &secret)).await.status(), StatusCode::OK);
    let audit = app.login("auditor").await.get_json("/api/v1/audit?action=second_factor_failed").await;
    assert_eq!(audit["total"], 4, "four failures before the fifth locked");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_recovery_code_signs_in_once(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (_, codes) = enrol(&app, &app.login("admin").await).await;
    // Typed in lower case without dashes: still the same code.
    let typed = codes[3].replace('-', "").to_lowercase();
    let s = password_step(&app, "admin").await;
    let res = second_step(&s, &typed).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(s.get_json("/api/v1/me/second-factor").await["recovery_codes_left"], 9);
    let again = password_step(&app, "admin").await;
    let (status, code, _, _) = error_of(second_step(&again, &codes[3]).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_INVALID"));
    assert_eq!(second_step(&again, &codes[4]).await.status(), StatusCode::OK);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_pending_login_opens_nothing_else_and_expires(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (secret, _) = enrol(&app, &app.login("admin").await).await;
    let s = password_step(&app, "admin").await;
    for path in ["/api/v1/me", "/api/v1/enterprises", "/api/v1/users", "/api/v1/me/sessions", "/api/v1/cockpit"] {
        let (status, code, _, _) = error_of(s.get(path).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_PENDING"), "{path}");
    }
    let (status, _, _, _) = error_of(s.post("/api/v1/parks", &json!({"code": "x", "name": "X园"})).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Nor the enrolment routes (only a login waiting for its enrolment may use those).
    for res in [
        s.get("/api/v1/me/second-factor").await,
        s.post("/api/v1/me/second-factor", &json!({})).await,
        s.post("/api/v1/me/second-factor/confirm", &json!({"code": code_now(&app, &secret)})).await,
    ] {
        let (status, code, _, _) = error_of(res).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_PENDING"));
    }
    // Five minutes later the step has expired, even with a right code.
    app.state.ctx.clock.advance(5 * 60 + 1);
    let (status, code, _, _) = error_of(second_step(&s, &code_now(&app, &secret)).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "AUTH_SECOND_FACTOR_EXPIRED"));
    // Logout works from a pending session.
    let s = password_step(&app, "admin").await;
    assert_eq!(s.post("/api/v1/auth/logout", &json!({})).await.status(), StatusCode::NO_CONTENT);
    let (_, code, _, _) = error_of(second_step(&s, &code_now(&app, &secret)).await).await;
    assert_eq!(code, "AUTH_SECOND_FACTOR_EXPIRED");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_security_administrator_resets_a_factor_audited(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    enrol(&app, &admin).await;
    let id = user_id(&app, "admin").await;
    let sec = app.login("secadmin").await;
    let listed = sec.get_json("/api/v1/users?q=admin").await;
    assert_eq!(listed["items"][0]["second_factor"], true);
    // Neither the system nor the audit administrator may reset it.
    let auditor = app.login("auditor").await;
    for (who, s) in [("admin", &admin), ("auditor", &auditor)] {
        let res = s.post(&format!("/api/v1/users/{id}/second-factor/reset"), &json!({})).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(
        sec.post(&format!("/api/v1/users/{id}/second-factor/reset"), &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    // The user's sessions ended; the next login has no factor to ask for (optional here).
    assert_eq!(admin.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    let again = app.login("admin").await;
    assert_eq!(again.get_json("/api/v1/me").await["username"], "admin");
    assert_eq!(again.get_json("/api/v1/me/second-factor").await["enrolled"], false);
    let audit = app.login("auditor").await.get_json("/api/v1/audit?action=second_factor_reset").await;
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["items"][0]["actor"], "secadmin");
    assert_eq!(audit["items"][0]["entity_id"], id.to_string());
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn when_enforced_key_holders_must_enrol_before_anything_else(#[case] backend: Backend) {
    let mut config = test_config();
    config.settings.second_factor_required_permissions =
        Some(zoneops_domain::permission::SECOND_FACTOR_PERMISSIONS.iter().map(|p| p.code().to_owned()).collect());
    let Some(app) = spawn_app_with(backend, config).await else { return };
    let s = app.anonymous();
    let res = s.post("/api/v1/auth/login", &json!({"username": "auditor", "password": PASSWORD})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"second_factor_required": true, "enrolment_required": true}));
    for path in ["/api/v1/me", "/api/v1/audit", "/api/v1/me/sessions"] {
        assert_eq!(s.get(path).await.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(s.get_json("/api/v1/me/second-factor").await["required"], true);
    let (_, codes) = enrol(&app, &s).await;
    assert_eq!(codes.len(), 10);
    // Enrolment completed the login.
    assert_eq!(s.get_json("/api/v1/me").await["username"], "auditor");
    assert_eq!(s.get("/api/v1/audit").await.status(), StatusCode::OK);
    // A user without such a permission signs in with the password alone.
    assert_eq!(app.login("park_auto").await.get_json("/api/v1/me").await["username"], "park_auto");
}
