//! Settings from `zoneops.toml` and `ZONEOPS_*` environment variables (nested keys with `__`,
//! e.g. `ZONEOPS_SETTINGS__LOCKOUT_ATTEMPTS=3`). Command-line flags override both.

use std::path::PathBuf;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use zoneops_app::Settings;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub listen: String,
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; when absent, SQLite in `data_dir`.
    pub database_url: Option<String>,
    pub max_connections: u32,
    pub body_limit_bytes: usize,
    /// Largest ticket attachment (default 10 MB); an upload request may carry up to three.
    pub attachment_max_bytes: usize,
    /// Login attempts per client address per minute.
    pub login_rate_per_minute: u32,
    /// Public hotline tickets per client address per hour (the form needs no login).
    pub hotline_rate_per_hour: u32,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_proxy: bool,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookie: bool,
    /// 64 hex digits sealing the robots' credentials; when absent, `<data_dir>/secret.key`
    /// (created on first start). Keep it with the backups: without it robots must be re-entered.
    pub secret_key: Option<String>,
    /// Run the background notifier (robot delivery, escalation scan, daily digest).
    pub notifier: bool,
    pub settings: Settings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data-dir"),
            database_url: None,
            max_connections: 8,
            body_limit_bytes: 2 * 1024 * 1024,
            attachment_max_bytes: zoneops_domain::attachment::DEFAULT_MAX_BYTES,
            login_rate_per_minute: 30,
            hotline_rate_per_hour: 10,
            trust_proxy: false,
            secure_cookie: false,
            secret_key: None,
            notifier: true,
            settings: Settings::default(),
        }
    }
}

impl Config {
    pub fn load(file: Option<&std::path::Path>) -> Result<Config, Box<figment::Error>> {
        let path = file.map(PathBuf::from).unwrap_or_else(|| PathBuf::from("zoneops.toml"));
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(path))
            .merge(Env::prefixed("ZONEOPS_").split("__").ignore(&["password"]))
            .extract()
            .map_err(Box::new)
    }

    /// What the logs may show: the database URL without its password.
    pub fn redacted_database(&self) -> String {
        match &self.database_url {
            None => format!("sqlite {}", self.data_dir.join("zoneops.db").display()),
            Some(url) => match (url.find("://"), url.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let creds = &url[s + 3..at];
                    let user = creds.split(':').next().unwrap_or("");
                    format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
                }
                _ => url.clone(),
            },
        }
    }
}

impl Config {
    /// The key that seals stored credentials: from the configuration, or the data directory's
    /// key file (created with a random key, readable by the owner only, on first use).
    pub fn secret_key(&self) -> anyhow::Result<[u8; 32]> {
        let hex_key = match &self.secret_key {
            Some(k) => k.trim().to_owned(),
            None => {
                let path = self.data_dir.join("secret.key");
                if !path.exists() {
                    std::fs::create_dir_all(&self.data_dir)?;
                    let mut key = [0u8; 32];
                    rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
                    std::fs::write(&path, hex::encode(key))?;
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt;
                        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
                    }
                }
                std::fs::read_to_string(&path)?.trim().to_owned()
            }
        };
        let bytes = hex::decode(&hex_key).map_err(|_| anyhow::anyhow!("secret_key must be 64 hex digits"))?;
        bytes.try_into().map_err(|_| anyhow::anyhow!("secret_key must be 64 hex digits (32 bytes)"))
    }
}
