//! Use cases: validation, permission checks, one write transaction with its audit row.
//! Knows neither HTTP nor SQL.

pub mod admin;
pub mod answers;
pub mod attachment;
pub mod audit_shown;
pub mod auth;
pub mod bulletin;
pub mod calendar_check;
pub mod check;
pub mod cockpit;
pub mod demo;
pub mod enterprise;
mod error;
pub mod goal;
pub mod idempotency;
pub mod import;
pub mod input;
pub mod invest;
pub mod meeting;
pub mod notify;
pub mod outbound;
pub mod preferences;
pub mod project;
pub mod reference;
pub mod search;
pub mod second_factor;
pub mod sessions;
pub mod setup;
pub mod ticket;
pub mod ticket_category;
pub mod ticket_sla;
pub mod urge;
pub mod visit;
pub mod visit_photo;
#[cfg(test)]
mod vocabulary_check;
pub mod workbench;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use zoneops_db::audit::NewAudit;
use zoneops_db::{Db, Scope, WriteTx};
use zoneops_domain::Permission;
use zoneops_domain::password::PasswordPolicy;
use zoneops_domain::tier::TierThresholds;

pub use error::{AppError, AppResult};
pub use zoneops_db as db;
pub use zoneops_domain as domain;

/// Settings the use cases obey; the server reads them from `zoneops.toml` / `ZONEOPS_*`.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Settings {
    /// Idle session timeout in seconds (default 30 min).
    pub session_idle_secs: u64,
    /// Absolute session lifetime in seconds (default 12 h).
    pub session_absolute_secs: u64,
    /// Failed logins before the account locks.
    pub lockout_attempts: i64,
    /// How long a lock lasts, in seconds.
    pub lockout_secs: u64,
    pub password: PasswordPolicy,
    /// Tier thresholds in 元.
    pub tiers_yuan: TierYuan,
    /// Audit entries are kept this many days (≥ 180).
    pub audit_retention_days: u32,
    /// Digest of the audit chain for rows written from now on: `sm3` (GB/T 32905) or `sha256`.
    pub audit_hash: zoneops_db::audit::HashAlg,
    pub projects: ProjectSettings,
    /// Intranet hosts robot webhooks may call although their addresses are private: host names,
    /// IP addresses or networks (`10.1.2.0/24`). Empty: only public addresses.
    pub webhook_allowed_hosts: Vec<String>,
    /// Users holding any of these permissions must have a second factor. Unset: the shipped
    /// list (`permission::SECOND_FACTOR_PERMISSIONS`), except on a `--demo` zone, where it is
    /// optional for everyone; `[]` makes it optional everywhere (decision 0021).
    pub second_factor_required_permissions: Option<Vec<String>>,
    /// How printed documents name their issuer (decision 0038).
    pub documents: bulletin::DocumentSettings,
    /// The demo's own robot receiver, set by `serve --demo` once it listens: the one URL on
    /// this machine the robots may call (decision 0037). Never read from the configuration.
    #[serde(skip)]
    pub demo_robot_receiver: std::sync::Arc<std::sync::OnceLock<String>>,
}

/// Major-project bands and the early warning of the project lifecycle.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProjectSettings {
    /// Lower bound of the 50–100亿 band, in 元.
    pub band_major_yuan: i64,
    /// Lower bound of the ≥ 100亿 band, in 元.
    pub band_top_yuan: i64,
    /// A stage is "due soon" this many days before its planned date.
    pub warn_days: i64,
}

impl Default for ProjectSettings {
    fn default() -> Self {
        ProjectSettings { band_major_yuan: 5_000_000_000, band_top_yuan: 10_000_000_000, warn_days: 7 }
    }
}

impl ProjectSettings {
    pub fn bands(&self) -> zoneops_domain::project::Bands {
        zoneops_domain::project::Bands { major_fen: self.band_major_yuan * 100, top_fen: self.band_top_yuan * 100 }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = TierThresholds)]
pub struct TierYuan {
    pub yi: i64,
    pub shiyi: i64,
    pub baiyi: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 3600,
            lockout_attempts: 5,
            lockout_secs: 600,
            password: PasswordPolicy::default(),
            tiers_yuan: TierYuan { yi: 100_000_000, shiyi: 1_000_000_000, baiyi: 10_000_000_000 },
            audit_retention_days: 400,
            audit_hash: Default::default(),
            projects: ProjectSettings::default(),
            webhook_allowed_hosts: Vec::new(),
            second_factor_required_permissions: None,
            documents: Default::default(),
            demo_robot_receiver: Default::default(),
        }
    }
}

impl Settings {
    pub fn tiers(&self) -> TierThresholds {
        use zoneops_domain::money::Money;
        TierThresholds {
            yi: Money::from_yuan(self.tiers_yuan.yi),
            shiyi: Money::from_yuan(self.tiers_yuan.shiyi),
            baiyi: Money::from_yuan(self.tiers_yuan.baiyi),
        }
    }
}

/// What every use case gets: the database and the settings.
#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub settings: Settings,
    /// True when the zone was loaded by `--demo`: the login page may list the demo accounts.
    pub demo: bool,
    pub sessions: std::sync::Arc<auth::SessionCache>,
    /// Seals the robots' credentials; the server gives it the installation's key.
    pub secrets: std::sync::Arc<notify::SecretBox>,
    pub throttle: std::sync::Arc<notify::Throttle>,
    /// Cockpit answers reused while no write has happened (`answers`).
    pub cockpit_answers: std::sync::Arc<answers::Answers<cockpit::Cockpit>>,
    /// Each zone's latest year with records, until the next write (`enterprise::default_year`).
    pub latest_years: std::sync::Arc<answers::Answers<Option<i32>>>,
    /// The zones' service-desk rules, reused until they are saved (`ticket::RulesMemo`).
    pub service_rules: std::sync::Arc<ticket::RulesMemo>,
    /// The time one-time codes, pending login steps, filings and the SLA clock are judged by
    /// (tests move it).
    pub clock: std::sync::Arc<Clock>,
}

/// Wall-clock time plus an offset tests can move, so no test waits for a TOTP step to pass.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: std::sync::atomic::AtomicI64,
}

impl Clock {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        zoneops_db::now() + chrono::Duration::seconds(self.offset_secs.load(std::sync::atomic::Ordering::Relaxed))
    }
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, std::sync::atomic::Ordering::Relaxed);
    }
    /// Moves the clock so that it reads `at` now (tests at chosen instants).
    pub fn set(&self, at: chrono::DateTime<chrono::Utc>) {
        let offset = (at - zoneops_db::now()).num_seconds();
        self.offset_secs.store(offset, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Ctx {
    /// A context with a random secret key (tests); see [`Ctx::with_secret_key`].
    pub fn new(db: Db, settings: Settings, demo: bool) -> Ctx {
        db.set_audit_hash(settings.audit_hash);
        Ctx {
            db,
            settings,
            demo,
            sessions: Default::default(),
            secrets: std::sync::Arc::new(notify::SecretBox::random()),
            throttle: Default::default(),
            cockpit_answers: Default::default(),
            latest_years: Default::default(),
            service_rules: Default::default(),
            clock: Default::default(),
        }
    }

    /// The zone's calendar day by this context's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        zoneops_domain::zone_time::day(self.clock.now())
    }

    pub fn with_secret_key(mut self, key: [u8; 32]) -> Ctx {
        self.secrets = std::sync::Arc::new(notify::SecretBox::new(key));
        self
    }
}

/// The authenticated caller of a use case.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub scope: Scope,
    pub roles: Vec<String>,
    pub permissions: BTreeSet<String>,
    pub request_id: String,
    pub ip: String,
    /// The request's `Idempotency-Key`, written with the first audit row of its write.
    pub idempotency: Option<std::sync::Arc<idempotency::Claim>>,
    /// The language the caller reads (`Accept-Language`): labels in answers follow it.
    pub lang: zoneops_domain::Lang,
}

impl Actor {
    pub fn zone(&self) -> i64 {
        self.scope.zone
    }

    /// Whether one of the actor's roles grants `permission` (roles are data: they hold codes).
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(permission.code())
    }

    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.can(permission) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// Writes the audit row of a change inside the change's transaction.
    pub async fn audit(
        &self,
        tx: &WriteTx,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        before: Option<&impl Serialize>,
        after: Option<&impl Serialize>,
    ) -> AppResult<()> {
        let entry = NewAudit {
            zone: self.zone(),
            actor_id: Some(self.user_id),
            actor: self.username.clone(),
            action: action.into(),
            entity: entity.into(),
            entity_id: entity_id.to_string(),
            before: before.map(serde_json::to_string).transpose().map_err(AppError::internal)?,
            after: after.map(serde_json::to_string).transpose().map_err(AppError::internal)?,
            request_id: self.request_id.clone(),
            ip: self.ip.clone(),
        };
        // The key before the audit row: on PostgreSQL the audit row locks the zone's chain head
        // until commit, and must stay the write's last statement (decision 0022).
        idempotency::stamp(tx, self.idempotency.as_deref(), self.zone(), Some(self.user_id)).await?;
        zoneops_db::audit::insert(tx, &entry).await?;
        Ok(())
    }
}

/// Request facts for audit rows written before there is an actor (login).
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub request_id: String,
    pub ip: String,
    pub idempotency: Option<std::sync::Arc<idempotency::Claim>>,
    /// The browser's `User-Agent` (shortened), shown in the session list.
    pub user_agent: String,
    /// The language the caller reads, from `Accept-Language` (zh-CN unless English is preferred).
    pub lang: zoneops_domain::Lang,
}

impl RequestMeta {
    /// An audit row for a write by the public 办不成事 hotline (no signed-in user).
    pub async fn audit_hotline(
        &self,
        tx: &WriteTx,
        zone: i64,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        after: &impl Serialize,
    ) -> AppResult<()> {
        let entry = NewAudit {
            zone,
            actor_id: None,
            actor: "hotline".into(),
            action: action.into(),
            entity: entity.into(),
            entity_id: entity_id.to_string(),
            before: None,
            after: Some(serde_json::to_string(after).map_err(AppError::internal)?),
            request_id: self.request_id.clone(),
            ip: self.ip.clone(),
        };
        idempotency::stamp(tx, self.idempotency.as_deref(), zone, None).await?;
        zoneops_db::audit::insert(tx, &entry).await?;
        Ok(())
    }
}
