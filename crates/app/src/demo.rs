//! Loading the demo zone and the zone's reference data.

use zoneops_db::Db;
use zoneops_db::demo::LoadReport;
pub use zoneops_db::demo_gen::{DemoOptions, generate};

use crate::AppResult;
use crate::auth::hash_password;

/// The GB/T 4754-2017 table shipped with the product (copied from the public data set).
pub const INDUSTRIES_CSV: &str = include_str!("../../../data/gbt4754-2017.csv");

pub const DEMO_PASSWORD: &str = "Demo@2022";

pub async fn load(db: &Db, opts: &DemoOptions, progress: impl FnMut(usize, usize)) -> AppResult<LoadReport> {
    let demo = generate(opts);
    let hash = hash_password(DEMO_PASSWORD).await?;
    let report = zoneops_db::demo::load(db, &demo, INDUSTRIES_CSV, &hash, progress).await?;
    // Statistics first: on PostgreSQL the SLA pass's reads of a million fresh tickets' histories
    // took a second per batch of 1,000 without them.
    db.analyze(false).await?;
    crate::ticket_sla::backfill(db).await?;
    // The demo's past escalations were announced in that past.
    let tx = db.begin_write().await?;
    zoneops_db::ticket_sla::mark_announced(&tx, report.zone_id, chrono::Utc::now()).await?;
    tx.commit().await?;
    db.settle_after_bulk_load().await?;
    Ok(report)
}

// ---- the demo's robot receiver ----------------------------------------------------------------

/// The demo robot's name: one per zone, pointed at the server's own receiver.
pub const DEMO_ROBOT_NAME: &str = "演示群机器人（本机接收）";

/// How many received messages the receiver keeps (the oldest go first).
pub const INBOX_KEEP: usize = 200;

/// A robot message as the demo's receiver got it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReceivedMessage {
    pub id: u64,
    pub received_at: chrono::DateTime<chrono::Utc>,
    /// `markdown` or `text`, as the robot sent it.
    pub msgtype: String,
    /// The first line (the robots put the title there, in bold).
    pub title: String,
    /// The whole text as sent.
    pub content: String,
}

/// What `serve --demo`'s robot posted to the server itself, in memory (a restart forgets it):
/// a demo shows the robots working without a WeCom or DingTalk group to post to.
#[derive(Debug, Default)]
pub struct RobotInbox {
    messages: std::sync::Mutex<std::collections::VecDeque<ReceivedMessage>>,
    next: std::sync::atomic::AtomicU64,
}

impl RobotInbox {
    /// Keeps one robot post (WeCom `{"msgtype", "markdown": {"content"}}`, DingTalk
    /// `{"msgtype", "markdown": {"title", "text"}}`, or `text` of either); the robot's answer.
    pub fn receive(&self, body: &serde_json::Value) -> serde_json::Value {
        let msgtype = body["msgtype"].as_str().unwrap_or("text").to_owned();
        let part = &body[msgtype.as_str()];
        let content = part["content"].as_str().or(part["text"].as_str()).unwrap_or_default().to_owned();
        let first = content.lines().next().unwrap_or_default().trim().trim_matches('*').trim().to_owned();
        let title = part["title"].as_str().map(str::to_owned).unwrap_or(first);
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let m = ReceivedMessage { id, received_at: chrono::Utc::now(), msgtype, title, content };
        let mut list = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        list.push_front(m);
        list.truncate(INBOX_KEEP);
        serde_json::json!({"errcode": 0, "errmsg": "ok"})
    }

    /// Newest first.
    pub fn list(&self) -> Vec<ReceivedMessage> {
        self.messages.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }
}

/// The receiver's page: whether this server has one (only `serve --demo`), and what it got.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RobotInboxView {
    /// The receiver is on (`serve --demo`): the demo robot posts here.
    pub enabled: bool,
    pub robot_name: &'static str,
    pub items: Vec<ReceivedMessage>,
}

/// Only on a demo server, for those who manage the robots (`ticket:dispatch`); 404 elsewhere.
pub fn inbox_view(ctx: &crate::Ctx, actor: &crate::Actor, inbox: &RobotInbox) -> AppResult<RobotInboxView> {
    if !ctx.demo {
        return Err(crate::AppError::NotFound);
    }
    actor.require(zoneops_domain::Permission::TicketDispatch)?;
    Ok(RobotInboxView {
        enabled: ctx.settings.demo_robot_receiver.get().is_some(),
        robot_name: DEMO_ROBOT_NAME,
        items: inbox.list(),
    })
}

/// Whether a post to the receiver's `token` is for this server's receiver (a demo server whose
/// receiver URL ends with that token): anything else is a 404.
pub fn receiver_token_ok(ctx: &crate::Ctx, token: &str) -> bool {
    ctx.demo
        && !token.is_empty()
        && ctx.settings.demo_robot_receiver.get().is_some_and(|u| u.rsplit('/').next() == Some(token))
}

/// Points the demo robot of every zone at `url` (the server's own receiver), creating it the
/// first time: the URL changes with the port and the token of each start.
pub async fn ensure_demo_robot(ctx: &crate::Ctx, url: &str) -> AppResult<()> {
    use zoneops_db::notify as repo;
    let tx = ctx.db.begin_write().await?;
    for zone in zoneops_db::reference::zones(&*tx).await? {
        let existing = repo::robots(&*tx, Some(zone.id)).await?.into_iter().find(|r| r.name == DEMO_ROBOT_NAME);
        let data = repo::RobotData {
            name: DEMO_ROBOT_NAME.to_owned(),
            kind: "wecom".to_owned(),
            department_id: None,
            park_id: None,
            url_enc: ctx.secrets.seal(url)?,
            secret_enc: None,
            // Scheme and host only, as for every robot: the path carries the token.
            url_hint: format!("{}/…", url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/")),
            enabled: true,
        };
        match existing {
            Some(r) => {
                repo::update_robot(&tx, zone.id, r.id, &data).await?;
            }
            None => {
                repo::insert_robot(&tx, zone.id, &data).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
