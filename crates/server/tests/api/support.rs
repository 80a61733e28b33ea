//! The test harness: the real server on 127.0.0.1:0 over a fresh database per test, on SQLite
//! and on PostgreSQL (`TEST_PG_URL`; under `CI=true` a missing PostgreSQL fails the run).
//! The demo zone is generated once per run into a template that each test copies.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::{Client, Response, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::Value;
use tokio::sync::OnceCell;
use zoneops_app::Ctx;
use zoneops_db::Db;
use zoneops_server::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "Demo@2022";
static SEQ: AtomicU64 = AtomicU64::new(0);
static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();

pub fn demo_options() -> zoneops_app::demo::DemoOptions {
    zoneops_app::demo::DemoOptions {
        seed: 2022,
        enterprises: 200,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
        ..Default::default()
    }
}

fn pg_base() -> Option<String> {
    match std::env::var("TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but TEST_PG_URL is not set: the PostgreSQL half of the tests must run");
            }
            None
        }
    }
}

fn with_db(base: &str, db: &str) -> String {
    match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").map_or(0, |p| p + 2) => {
            format!("{}/{db}", &base[..i])
        }
        _ => format!("{}/{db}", base.trim_end_matches('/')),
    }
}

async fn admin_pg(base: &str) -> Db {
    Db::connect(base, 2).await.expect("connect to TEST_PG_URL")
}

pub async fn sqlite_template() -> PathBuf {
    SQLITE_TEMPLATE
        .get_or_init(|| async {
            let dir = std::env::temp_dir().join(format!("zoneops-api-tpl-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let db = Db::open_data_dir(&dir, 2).await.expect("template db");
            db.migrate().await.expect("migrate");
            zoneops_app::demo::load(&db, &demo_options(), |_, _| {}).await.expect("demo");
            db.conn().execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
            db.close().await.expect("close");
            dir.join("zoneops.db")
        })
        .await
        .clone()
}

async fn pg_template(base: &str) -> String {
    PG_TEMPLATE
        .get_or_init(|| async {
            let name = format!("zoneops_api_tpl_{}", std::process::id());
            let admin = admin_pg(base).await;
            // Databases left by earlier runs of this test binary.
            let old = admin
                .conn()
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'zoneops_api_%'".to_owned(),
                ))
                .await
                .expect("list databases");
            for row in old {
                let n: String = row.try_get_by_index(0).expect("name");
                // Only those of runs that have ended: another run of this binary may be going on.
                if owner_is_alive(&n) {
                    continue;
                }
                let _ = admin.conn().execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{n}\" WITH (FORCE)")).await;
            }
            admin.conn().execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create template");
            let db = Db::connect(&with_db(base, &name), 2).await.expect("template");
            db.migrate().await.expect("migrate");
            zoneops_app::demo::load(&db, &demo_options(), |_, _| {}).await.expect("demo");
            db.close().await.expect("close");
            admin.close().await.expect("close admin");
            name
        })
        .await
        .clone()
}

/// Whether the test process that named a database (`zoneops_api_tpl_PID`, `zoneops_api_PID_N`)
/// still runs.
fn owner_is_alive(name: &str) -> bool {
    let rest = name.trim_start_matches("zoneops_api_").trim_start_matches("tpl_");
    let pid = rest.split('_').next().and_then(|p| p.parse::<u32>().ok());
    pid.is_some_and(|p| p != std::process::id() && std::path::Path::new(&format!("/proc/{p}")).exists())
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub backend: Backend,
    pub state: zoneops_server::AppState,
}

/// Settings a test may change before the server starts.
pub fn test_config() -> Config {
    // Tests drive delivery themselves (zoneops_app::notify::deliver_due), so no background round
    // races them.
    let mut c =
        Config { listen: "127.0.0.1:0".into(), login_rate_per_minute: 10_000, notifier: false, ..Config::default() };
    c.settings.lockout_attempts = 5;
    c
}

/// A fresh demo zone behind a running server; `None` when PostgreSQL is not configured here.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, test_config()).await
}

pub async fn spawn_app_with(backend: Backend, mut config: Config) -> Option<TestApp> {
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let db = match backend {
        Backend::Sqlite => {
            let template = sqlite_template().await;
            let dir = std::env::temp_dir().join(format!("zoneops-api-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("dir");
            std::fs::copy(&template, dir.join("zoneops.db")).expect("copy template");
            config.data_dir = dir.clone();
            Db::open_data_dir(&dir, 8).await.expect("open")
        }
        Backend::Postgres => {
            let base = pg_base()?;
            let template = pg_template(&base).await;
            let name = format!("zoneops_api_{}_{n}", std::process::id());
            let admin = admin_pg(&base).await;
            admin
                .conn()
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""))
                .await
                .expect("create test database");
            admin.close().await.expect("close");
            let url = with_db(&base, &name);
            config.database_url = Some(url.clone());
            Db::connect(&url, 8).await.expect("connect")
        }
    };
    db.migrate().await.expect("migrate");
    let ctx = Ctx::new(db.clone(), config.settings.clone(), true);
    let running = zoneops_server::start(config, ctx).await.expect("start");
    Some(TestApp { base: format!("http://{}", running.addr), db, backend, state: running.state })
}

/// Another server (another process, as far as the database can tell) on the test's database;
/// answers its base URL.
pub async fn second_server(app: &TestApp) -> String {
    let mut config = (*app.state.config).clone();
    config.listen = "127.0.0.1:0".into();
    let db = match &config.database_url {
        Some(url) => Db::connect(url, 8).await.expect("connect"),
        None => Db::open_data_dir(&config.data_dir, 8).await.expect("open"),
    };
    let ctx = Ctx::new(db, config.settings.clone(), true);
    let running = zoneops_server::start(config, ctx).await.expect("start");
    format!("http://{}", running.addr)
}

pub struct Session {
    pub client: Client,
    pub base: String,
}

impl TestApp {
    pub fn anonymous(&self) -> Session {
        let client = Client::builder().cookie_store(true).build().expect("client");
        Session { client, base: self.base.clone() }
    }

    pub async fn login(&self, username: &str) -> Session {
        let s = self.anonymous();
        let res = s.post("/api/v1/auth/login", &serde_json::json!({"username": username, "password": PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK, "login as {username}");
        s
    }
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }
    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.expect("json")
    }
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client.post(self.url(path)).json(body).send().await.expect("POST")
    }
    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.client.put(self.url(path)).json(body).send().await.expect("PUT")
    }
    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.client.patch(self.url(path)).json(body).send().await.expect("PATCH")
    }
    pub async fn delete(&self, path: &str) -> Response {
        self.client.delete(self.url(path)).send().await.expect("DELETE")
    }
    /// Every id of a list, across all pages.
    pub async fn all_ids(&self, path: &str) -> Vec<i64> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut ids = Vec::new();
        let mut page = 1;
        loop {
            let v = self.get_json(&format!("{path}{sep}page={page}&page_size=500")).await;
            let items = v["items"].as_array().expect("items").clone();
            ids.extend(items.iter().map(|i| i["id"].as_i64().expect("id")));
            if ids.len() as u64 >= v["total"].as_u64().expect("total") || items.is_empty() {
                break;
            }
            page += 1;
        }
        ids
    }
}

/// The error body's code and field.
pub async fn error_of(res: Response) -> (StatusCode, String, Option<String>, Value) {
    let status = res.status();
    let v: Value = res.json().await.expect("error json");
    let e = &v["error"];
    (status, e["code"].as_str().unwrap_or_default().to_owned(), e["field"].as_str().map(str::to_owned), e.clone())
}

pub fn figure(cockpit: &Value, key: &str) -> f64 {
    cockpit["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("figure {key} missing"))["value"]
        .as_f64()
        .expect("value")
}

pub fn drill(cockpit: &Value, key: &str) -> String {
    let f = cockpit["figures"].as_array().expect("figures").iter().find(|f| f["key"] == key).expect("figure");
    f["drill"].as_str().expect("drill").to_owned()
}

// ---- Helpers shared by the API tests ----------------------------------------------------------

/// True when the text has at least one CJK ideograph (messages shown to users are Chinese).
/// The zone's calendar day, as the use cases compute it.
pub fn zone_today() -> chrono::NaiveDate {
    zoneops_domain::zone_time::day(chrono::Utc::now())
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A 422 naming `field` with a Chinese message; returns the error object.
pub async fn assert_invalid(res: Response, field: &str) -> Value {
    let (status, code, f, err) = error_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "expected 422 on {field}: {err}");
    assert_eq!(f.as_deref(), Some(field), "field of {code}: {err}");
    assert!(has_cjk(err["message"].as_str().unwrap_or_default()), "Chinese message expected: {err}");
    err
}

/// Status and error code of a failed request, for the common "403 FORBIDDEN" / "404" checks.
pub async fn status_code_of(res: Response) -> (StatusCode, String) {
    let (status, code, _, _) = error_of(res).await;
    (status, code)
}

/// The id of a park by its code (`auto`, `pv`, …).
pub async fn park_id(s: &Session, code: &str) -> i64 {
    dict_id(s, "/api/v1/parks", code).await
}

/// The id of an industry chain by its code.
pub async fn chain_id(s: &Session, code: &str) -> i64 {
    dict_id(s, "/api/v1/chains", code).await
}

async fn dict_id(s: &Session, path: &str, code: &str) -> i64 {
    let v = s.get_json(path).await;
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["code"] == code)
        .unwrap_or_else(|| panic!("{code} in {path}"))["id"]
        .as_i64()
        .expect("id")
}

/// The only enterprise whose name contains `part` (as the caller sees it).
pub async fn enterprise_named(s: &Session, part: &str) -> Value {
    let v = s.get_json(&format!("/api/v1/enterprises?q={}", urlencode(part))).await;
    assert_eq!(v["total"], 1, "exactly one enterprise named like {part}: {v}");
    v["items"][0].clone()
}

/// Every item of a list, across all pages.
pub async fn list_all(s: &Session, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    for page in 1.. {
        let v = s.get_json(&format!("{path}{sep}page={page}&page_size=500")).await;
        let items = v["items"].as_array().expect("items").clone();
        let done = items.is_empty() || out.len() + items.len() >= v["total"].as_u64().expect("total") as usize;
        out.extend(items);
        if done {
            break;
        }
    }
    out
}

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Money in 元 (at most two decimals) as exact fen.
pub fn fen(v: &Value) -> i64 {
    (v.as_f64().unwrap_or(0.0) * 100.0).round() as i64
}

const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A unified social credit code from its first 17 characters, with the check character of
/// GB 32100-2015 as PRODUCT.md states it.
pub fn uscc(first17: &str) -> String {
    assert_eq!(first17.len(), 17);
    let sum: u32 = first17
        .bytes()
        .zip(USCC_WEIGHTS)
        .map(|(c, w)| USCC_ALPHABET.iter().position(|&a| a == c).expect("alphabet") as u32 * w)
        .sum();
    format!("{first17}{}", USCC_ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

/// A fresh, valid credit code (a region the demo does not use, so never a duplicate).
pub fn fresh_code(n: u32) -> String {
    uscc(&format!("91440300QA{n:07}"))
}

/// A park manager of `park` other than the demo's own (`username`, made by the admin and signed
/// in): a colleague who reads the park's records without owning them.
pub async fn park_colleague(app: &TestApp, username: &str, park: i64) -> Session {
    let admin = app.login("admin").await;
    let res = admin
        .post(
            "/api/v1/users",
            &serde_json::json!({"username": username, "display_name": "园区同事", "password": "Colleague@2022x",
                "roles": ["park"], "scope": {"kind": "parks", "parks": [park]}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap_or_default());
    let peer = app.anonymous();
    let res = peer
        .post("/api/v1/auth/login", &serde_json::json!({"username": username, "password": "Colleague@2022x"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    peer
}

/// A public hotline report that passes every check, with `phone` to call back.
pub fn hotline_body(phone: &str) -> Value {
    serde_json::json!({"company": "扬州某精密机械有限公司", "contact_name": "王经理", "contact_phone": phone,
        "category": "land", "title": "厂房扩建用地指标迟迟未落实", "detail": "已申请三个月，仍未答复。"})
}

/// The one ticket numbered `no` the session can read.
pub async fn ticket_by_no(s: &Session, no: &str) -> Value {
    let v = s.get_json(&format!("/api/v1/tickets?q={no}")).await;
    assert_eq!(v["total"], 1, "{no}");
    v["items"][0].clone()
}

/// A valid enterprise input in `park`.
pub fn enterprise_input(n: u32, park: i64) -> Value {
    serde_json::json!({
        "credit_code": fresh_code(n),
        "name": format!("测试精密机械{n}有限公司"),
        "park_id": park,
        "chain_id": null,
        "industry_code": "3484",
        "above_size": true,
        "land_mu": 12.5,
        "established_on": "2019-05-20",
        "address": "扬州市开发区测试路1号",
        "entrepreneurs": [{"name": "张三", "title": "董事长", "mobile": "13800138000", "honors": ["十大优秀企业家"]}]
    })
}
