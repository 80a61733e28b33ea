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

async fn sqlite_template() -> PathBuf {
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

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub backend: Backend,
    pub state: zoneops_server::AppState,
}

/// Settings a test may change before the server starts.
pub fn test_config() -> Config {
    let mut c = Config { listen: "127.0.0.1:0".into(), login_rate_per_minute: 10_000, ..Config::default() };
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
    let ctx = Ctx { db: db.clone(), settings: config.settings.clone(), demo: true };
    let running = zoneops_server::start(config, ctx).await.expect("start");
    Some(TestApp { base: format!("http://{}", running.addr), db, backend, state: running.state })
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
