//! Notifications: the in-app inbox, and the WeCom (企业微信) and DingTalk group robots. A message
//! is written to the outbox in the transaction of the change it announces; a worker delivers it,
//! at most 20 a minute per robot (more are merged into one digest), retrying with back-off and
//! logging failures without the robot's address. Robot URLs and secrets are credentials: stored
//! encrypted (AES-256-GCM), never logged, never shown back.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};
use zoneops_domain::Permission;
use zoneops_domain::text::TextKind;
use zoneops_domain::ticket::TicketAction;

use chrono::{Duration, Utc};
use openssl::symm::{Cipher, decrypt_aead, encrypt_aead};
use serde::Deserialize;
use zoneops_db::WriteTx;
use zoneops_db::notify::{self as repo, NewNotification, NotificationRow, OutboxRow, RobotData, RobotRow};
use zoneops_db::ticket::TicketRow;
use zoneops_domain::scope::Reach;

use crate::check;
use crate::{Actor, AppError, AppResult, Ctx, input};

// ---- secrets --------------------------------------------------------------------------------------

/// Encrypts the robots' URLs and secrets with the installation's key.
pub struct SecretBox {
    key: [u8; 32],
}

impl SecretBox {
    pub fn new(key: [u8; 32]) -> SecretBox {
        SecretBox { key }
    }

    pub fn random() -> SecretBox {
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
        SecretBox { key }
    }

    /// base64(nonce ‖ ciphertext ‖ tag).
    pub fn seal(&self, plain: &str) -> AppResult<String> {
        let mut nonce = [0u8; 12];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut nonce);
        let mut tag = [0u8; 16];
        let ct = encrypt_aead(Cipher::aes_256_gcm(), &self.key, Some(&nonce), b"zoneops", plain.as_bytes(), &mut tag)
            .map_err(AppError::internal)?;
        let mut all = nonce.to_vec();
        all.extend_from_slice(&ct);
        all.extend_from_slice(&tag);
        Ok(openssl::base64::encode_block(&all))
    }

    pub fn open(&self, sealed: &str) -> AppResult<String> {
        let all = openssl::base64::decode_block(sealed).map_err(AppError::internal)?;
        if all.len() < 28 {
            return Err(AppError::internal("sealed value too short"));
        }
        let (nonce, rest) = all.split_at(12);
        let (ct, tag) = rest.split_at(rest.len() - 16);
        let plain = decrypt_aead(Cipher::aes_256_gcm(), &self.key, Some(nonce), b"zoneops", ct, tag)
            .map_err(|_| AppError::internal("a robot credential does not decrypt with this installation's key"))?;
        String::from_utf8(plain).map_err(AppError::internal)
    }
}

// ---- inbox ----------------------------------------------------------------------------------------

fn department_of(actor: &Actor) -> Option<i64> {
    match actor.scope.reach {
        Reach::Department { department } => Some(department),
        _ => None,
    }
}

pub async fn inbox(ctx: &Ctx, actor: &Actor, unread_only: bool) -> AppResult<Vec<NotificationRow>> {
    Ok(repo::inbox(ctx.db.conn(), actor.zone(), actor.user_id, department_of(actor), unread_only).await?)
}

pub async fn mark_read(ctx: &Ctx, actor: &Actor, id: Option<i64>) -> AppResult<u64> {
    let tx = ctx.db.begin_write().await?;
    let n = repo::mark_read(&tx, actor.zone(), actor.user_id, department_of(actor), id).await?;
    tx.commit().await?;
    // Someone else's notification is not there for this caller (an already read one of theirs is).
    if let Some(id) = id
        && n == 0
        && !repo::in_inbox(ctx.db.conn(), actor.zone(), actor.user_id, department_of(actor), id).await?
    {
        return Err(AppError::NotFound);
    }
    Ok(n)
}

// ---- announcing ticket changes --------------------------------------------------------------------

/// Robots that hear about a ticket: its department's, its park's, and zone-wide ones.
fn robots_for(robots: &[RobotRow], department: Option<i64>, park: Option<i64>) -> impl Iterator<Item = &RobotRow> {
    robots.iter().filter(move |r| {
        r.enabled
            && match (r.department_id, r.park_id) {
                (Some(d), _) => Some(d) == department,
                (None, Some(p)) => Some(p) == park,
                (None, None) => true,
            }
    })
}

/// A new ticket waits for dispatch: every dispatcher of the zone hears of it at once, in the
/// filing's transaction (a ticket filed on Friday evening is in their inbox on Monday morning, not
/// found by chance).
pub async fn on_ticket_filed(tx: &WriteTx, zone: i64, id: i64, no: &str, title: &str, category: &str) -> AppResult<()> {
    let dispatchers = zoneops_db::user::holding(&**tx, zone, Permission::TicketDispatch.code()).await?;
    if dispatchers.is_empty() {
        return Ok(());
    }
    let title = format!("新诉求待派单 {no}：{title}");
    let body = format!("类别：{}", crate::ticket_category::Categories::load(&**tx, zone).await?.label(category));
    for u in dispatchers {
        let n = NewNotification {
            zone,
            user: Some(u),
            department: None,
            kind: "filed",
            title: &title,
            body: &body,
            ticket: Some(id),
        };
        repo::notify(tx, &n).await?;
    }
    Ok(())
}

/// Inbox entries and robot messages for a ticket action, in the action's transaction.
pub async fn on_ticket_action(
    tx: &WriteTx,
    zone: i64,
    t: &TicketRow,
    action: TicketAction,
    department: Option<i64>,
    reason: Option<&str>,
) -> AppResult<()> {
    use TicketAction as A;
    // Who hears of each action: a new action does not compile until this is decided.
    let routed = matches!(action, A::Dispatch | A::Reroute | A::Insist);
    let (title, to_department) = match action {
        A::Dispatch | A::Reroute | A::Insist => {
            (format!("新派诉求工单 {}：{}", t.no, t.title), department.or(t.department_id))
        }
        A::Return => (format!("工单被退回 {}：{}", t.no, t.title), None),
        A::Resolve => (format!("工单已办结 {}：{}", t.no, t.title), None),
        A::Accept | A::Start | A::Pause | A::Resume | A::Close | A::Reopen | A::CloseUnresolved => return Ok(()),
    };
    let body = format!(
        "类别：{}；紧急程度：{}{}",
        crate::ticket_category::Categories::load(&**tx, zone).await?.label(&t.category),
        crate::check::label_of_code::<zoneops_domain::ticket::Priority>(&t.priority, zoneops_domain::Lang::ZhCn),
        reason.map(|r| format!("；说明：{r}")).unwrap_or_default()
    );
    let n = NewNotification {
        zone,
        user: None,
        department: to_department,
        kind: action.code(),
        title: &title,
        body: &body,
        ticket: Some(t.id),
    };
    if to_department.is_some() {
        repo::notify(tx, &n).await?;
    }
    if action == A::Resolve
        && let Some(u) = t.requester_id
    {
        repo::notify(tx, &NewNotification { user: Some(u), department: None, ..n }).await?;
    }
    if routed {
        let robots = repo::robots(&**tx, Some(zone)).await?;
        for r in robots_for(&robots, to_department, t.park_id) {
            repo::enqueue(tx, zone, r.id, &title, &body).await?;
        }
    }
    Ok(())
}

// ---- escalation scan and daily digest -------------------------------------------------------------

/// Announces each escalation level (催办, 督办, 通报) once per ticket: inbox of the department and
/// robot messages. Run periodically by the server; returns how many announcements were made.
pub async fn scan_escalations(ctx: &Ctx) -> AppResult<usize> {
    let mut made = 0;
    let now = Utc::now();
    for zone in zoneops_db::reference::zones(ctx.db.conn()).await? {
        let everyone = zoneops_domain::scope::Scope { zone: zone.id, user: 0, reach: Reach::Zone };
        // The SLA columns say which open tickets reached a level not yet announced (an indexed
        // range); a long backlog is worked off 500 at a time, one scan after the other.
        let due = zoneops_db::ticket_sla::unannounced(ctx.db.conn(), zone.id, now, 500).await?;
        if due.is_empty() {
            continue;
        }
        let f = zoneops_db::ticket::TicketFilter { ids: Some(due.iter().map(|d| d.0).collect()), ..Default::default() };
        let rows = zoneops_db::ticket::list(ctx.db.conn(), &everyone, &f, false, false, None).await?.items;
        let robots = repo::robots(ctx.db.conn(), Some(zone.id)).await?;
        for (id, code) in &due {
            let Some(t) = rows.iter().find(|t| t.id == *id) else { continue };
            let word = match code.as_str() {
                "public_notice" => "通报",
                "supervision" => "督办",
                _ => "催办",
            };
            let tx = ctx.db.begin_write().await?;
            if !repo::record_escalation(&tx, t.id, code).await? {
                continue;
            }
            let title = format!("【{word}】诉求工单 {}：{}", t.no, t.title);
            let body = format!("承办部门：{}；请抓紧办理。", t.department.clone().unwrap_or_else(|| "未派单".into()));
            let n = NewNotification {
                zone: zone.id,
                user: None,
                department: t.department_id,
                kind: code,
                title: &title,
                body: &body,
                ticket: Some(t.id),
            };
            repo::notify(&tx, &n).await?;
            for r in robots_for(&robots, t.department_id, t.park_id) {
                repo::enqueue(&tx, zone.id, r.id, &title, &body).await?;
            }
            tx.commit().await?;
            made += 1;
        }
    }
    Ok(made)
}

/// Once a day from 08:30 (zone time): each robot gets the open and overdue counts of its tickets.
pub async fn daily_digest(ctx: &Ctx) -> AppResult<usize> {
    daily_digest_at(ctx, zoneops_domain::zone_time::local(ctx.clock.now())).await
}

/// The digest as of zone time `now_local` (tests choose the hour).
pub async fn daily_digest_at(ctx: &Ctx, now_local: chrono::NaiveDateTime) -> AppResult<usize> {
    if now_local.time() < chrono::NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default() {
        return Ok(0);
    }
    let mut sent = 0;
    for zone in zoneops_db::reference::zones(ctx.db.conn()).await? {
        let robots = repo::robots(ctx.db.conn(), Some(zone.id)).await?;
        if robots.iter().all(|r| !r.enabled) {
            continue;
        }
        let tx = ctx.db.begin_write().await?;
        if !repo::claim_job(&tx, zone.id, "daily_digest", now_local.date()).await? {
            continue;
        }
        let counts = zoneops_db::ticket_sla::open_counts(ctx.db.conn(), zone.id, Utc::now()).await?;
        for r in robots.iter().filter(|r| r.enabled) {
            let mine = counts
                .iter()
                .filter(|c| robots_for(std::slice::from_ref(r), c.department_id, c.park_id).next().is_some());
            let (open, late) = mine.fold((0, 0), |(o, l), c| (o + c.open, l + c.overdue.unwrap_or(0)));
            let title = format!("每日诉求简报（{}）", now_local.date());
            let body = format!("在办诉求 {open} 件，其中超期 {late} 件。");
            repo::enqueue(&tx, zone.id, r.id, &title, &body).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

// ---- delivery -------------------------------------------------------------------------------------

/// Each robot takes at most 20 messages a minute.
pub const ROBOT_PER_MINUTE: usize = 20;

/// Sends per robot in the current minute (in memory: a restart forgets, erring towards sending).
#[derive(Default)]
pub struct Throttle {
    sent: Mutex<HashMap<i64, Vec<Instant>>>,
}

impl Throttle {
    fn room(&self, robot: i64) -> usize {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        let list = sent.entry(robot).or_default();
        list.retain(|t| t.elapsed() < StdDuration::from_secs(60));
        ROBOT_PER_MINUTE.saturating_sub(list.len())
    }

    fn record(&self, robot: i64) {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        sent.entry(robot).or_default().push(Instant::now());
    }
}

/// Back-off after `attempts` failures: 30 s, 2 min, 10 min, 1 h, then every 6 h.
pub fn backoff(attempts: i64) -> Duration {
    match attempts {
        0 => Duration::seconds(30),
        1 => Duration::minutes(2),
        2 => Duration::minutes(10),
        3 => Duration::hours(1),
        _ => Duration::hours(6),
    }
}

/// The JSON a robot takes. WeCom: markdown ≤ 4096 bytes; DingTalk: markdown with a title.
pub fn payload(kind: &str, title: &str, body: &str) -> serde_json::Value {
    let text = truncate_bytes(&format!("**{title}**\n{body}"), 4000);
    match kind {
        "dingtalk" => {
            serde_json::json!({"msgtype": "markdown", "markdown": {"title": truncate_bytes(title, 200), "text": text}})
        }
        _ => serde_json::json!({"msgtype": "markdown", "markdown": {"content": text}}),
    }
}

fn truncate_bytes(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

/// DingTalk signing: `&timestamp=T&sign=urlencode(base64(HMAC-SHA256(secret, T + "\n" + secret)))`.
pub fn dingtalk_signed_url(url: &str, secret: &str, timestamp_ms: i64) -> AppResult<String> {
    use openssl::hash::MessageDigest;
    use openssl::pkey::PKey;
    use openssl::sign::Signer;
    let key = PKey::hmac(secret.as_bytes()).map_err(AppError::internal)?;
    let mut signer = Signer::new(MessageDigest::sha256(), &key).map_err(AppError::internal)?;
    signer.update(format!("{timestamp_ms}\n{secret}").as_bytes()).map_err(AppError::internal)?;
    let sign = openssl::base64::encode_block(&signer.sign_to_vec().map_err(AppError::internal)?);
    let sign: String = serde_urlencoded::to_string([("sign", sign)]).map_err(AppError::internal)?;
    let sep = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{sep}timestamp={timestamp_ms}&{sign}"))
}

/// Delivers due outbox messages; returns (sent, failed). Messages beyond a robot's minute
/// allowance are merged into one digest message.
pub async fn deliver_due(ctx: &Ctx) -> AppResult<(usize, usize)> {
    let due = repo::due(ctx.db.conn(), Utc::now(), 500).await?;
    if due.is_empty() {
        return Ok((0, 0));
    }
    let robots = repo::robots(ctx.db.conn(), None).await?;
    let mut by_robot: Vec<(i64, Vec<OutboxRow>)> = Vec::new();
    for m in due {
        match by_robot.iter_mut().find(|(r, _)| *r == m.robot_id) {
            Some((_, list)) => list.push(m),
            None => by_robot.push((m.robot_id, vec![m])),
        }
    }
    let client = crate::outbound::client(&ctx.settings)?;
    let (mut sent, mut failed) = (0, 0);
    for (robot_id, messages) in by_robot {
        let Some(robot) = robots.iter().find(|r| r.id == robot_id) else { continue };
        let room = ctx.throttle.room(robot_id);
        if room == 0 {
            continue;
        }
        // Keep one slot for a digest of whatever does not fit.
        let batches: Vec<Vec<&OutboxRow>> = if messages.len() <= room {
            messages.iter().map(|m| vec![m]).collect()
        } else {
            let mut b: Vec<Vec<&OutboxRow>> = messages.iter().take(room - 1).map(|m| vec![m]).collect();
            b.push(messages.iter().skip(room - 1).collect());
            b
        };
        for batch in batches {
            let (title, body) = if batch.len() == 1 {
                (batch[0].title.clone(), batch[0].body.clone())
            } else {
                let lines: Vec<String> = batch.iter().map(|m| format!("- {}", m.title)).collect();
                (format!("合并推送 {} 条消息", batch.len()), lines.join("\n"))
            };
            let ids: Vec<i64> = batch.iter().map(|m| m.id).collect();
            let result = send(ctx, &client, robot, &title, &body).await;
            ctx.throttle.record(robot_id);
            let tx = ctx.db.begin_write().await?;
            match result {
                Ok(()) => {
                    repo::mark_sent(&tx, &ids).await?;
                    sent += ids.len();
                }
                Err(e) => {
                    let attempts = batch.iter().map(|m| m.attempts).max().unwrap_or(0);
                    repo::mark_failed(&tx, &ids, Utc::now() + backoff(attempts), &e).await?;
                    tracing::warn!(robot = robot.id, name = %robot.name, error = %e, "robot delivery failed; will retry");
                    failed += ids.len();
                }
            }
            tx.commit().await?;
        }
    }
    Ok((sent, failed))
}

/// One POST to a robot. The error text never contains the URL (it carries the key).
async fn send(ctx: &Ctx, client: &reqwest::Client, robot: &RobotRow, title: &str, body: &str) -> Result<(), String> {
    let url = ctx.secrets.open(&robot.url_enc).map_err(|e| e.to_string())?;
    let url = match (&robot.kind[..], &robot.secret_enc) {
        ("dingtalk", Some(s)) => {
            let secret = ctx.secrets.open(s).map_err(|e| e.to_string())?;
            dingtalk_signed_url(&url, &secret, Utc::now().timestamp_millis()).map_err(|e| e.to_string())?
        }
        _ => url,
    };
    crate::outbound::check_before_send(&ctx.settings, &url)?;
    let res =
        client.post(&url).json(&payload(&robot.kind, title, body)).send().await.map_err(crate::outbound::describe)?;
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    // Both robots answer {"errcode": 0, "errmsg": "ok"} on success.
    match serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v["errcode"].as_i64()) {
        Some(0) | None => Ok(()),
        Some(code) => Err(format!("机器人返回错误码 {code}")),
    }
}

// ---- robot administration -------------------------------------------------------------------------

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RobotInput {
    #[schema(schema_with = input::schema::opt::label)]
    #[serde(default, deserialize_with = "input::opt::label")]
    pub name: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub kind: Option<String>,
    pub department_id: Option<i64>,
    pub park_id: Option<i64>,
    /// Absent on update: keep the stored one.
    #[schema(schema_with = input::schema::opt::url)]
    #[serde(default, deserialize_with = "input::opt::url")]
    pub url: Option<String>,
    #[schema(schema_with = input::schema::opt::secret)]
    #[serde(default, deserialize_with = "input::opt::secret")]
    pub secret: Option<String>,
    pub enabled: Option<bool>,
}

/// The address and secret are never shown, so a PUT may leave them out (kept).
impl input::Replace for RobotInput {
    const MAY_OMIT: &'static [&'static str] = &["url", "secret"];
}

fn url_hint(url: &str) -> String {
    // Scheme and host only: the path and query carry the key.
    let host = url.split("://").nth(1).and_then(|r| r.split(['/', '?']).next()).unwrap_or("");
    format!("{}://{host}/…", url.split("://").next().unwrap_or("https"))
}

async fn robot_data(ctx: &Ctx, actor: &Actor, i: &RobotInput, before: Option<&RobotRow>) -> AppResult<RobotData> {
    let kind = match i.kind.as_deref() {
        Some(k @ ("wecom" | "dingtalk")) => k.to_owned(),
        _ => {
            return Err(AppError::invalid(
                "kind",
                "ROBOT_KIND_INVALID",
                "机器人类型应为 wecom（企业微信）或 dingtalk（钉钉）",
            ));
        }
    };
    let (url_enc, url_hint) = match (i.url.as_deref().map(str::trim).filter(|u| !u.is_empty()), before) {
        (Some(u), _) => {
            if !(u.starts_with("https://") || u.starts_with("http://")) || u.len() > 1000 {
                return Err(AppError::invalid("url", "URL_INVALID", "Webhook地址应以 https:// 开头"));
            }
            crate::outbound::check_saved_url(&ctx.settings, "url", u)?;
            (ctx.secrets.seal(u)?, url_hint(u))
        }
        (None, Some(b)) => (b.url_enc.clone(), b.url_hint.clone()),
        (None, None) => return Err(AppError::invalid("url", "REQUIRED", "请填写Webhook地址")),
    };
    let secret_enc = match (i.secret.as_deref().map(str::trim), before) {
        (Some(""), _) => None,
        (Some(s), _) => Some(ctx.secrets.seal(s)?),
        (None, Some(b)) => b.secret_enc.clone(),
        (None, None) => None,
    };
    if let Some(d) = i.department_id
        && zoneops_db::reference::get_dict(ctx.db.conn(), actor.zone(), zoneops_db::reference::Dict::Department, d)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("department_id", "DEPARTMENT_UNKNOWN", "所选部门不存在"));
    }
    if let Some(p) = i.park_id
        && zoneops_db::reference::get_dict(ctx.db.conn(), actor.zone(), zoneops_db::reference::Dict::Park, p)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("park_id", "PARK_UNKNOWN", "所选园区不存在"));
    }
    Ok(RobotData {
        name: check::text("name", "机器人名称", i.name.as_deref(), TextKind::Label)?,
        kind,
        department_id: i.department_id,
        park_id: i.park_id,
        url_enc,
        secret_enc,
        url_hint,
        enabled: i.enabled.unwrap_or(true),
    })
}

pub async fn list_robots(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<RobotRow>> {
    actor.require(Permission::TicketDispatch)?;
    Ok(repo::robots(ctx.db.conn(), Some(actor.zone())).await?)
}

pub async fn create_robot(ctx: &Ctx, actor: &Actor, i: RobotInput) -> AppResult<RobotRow> {
    actor.require(Permission::TicketDispatch)?;
    let data = robot_data(ctx, actor, &i, None).await?;
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert_robot(&tx, actor.zone(), &data).await?;
    // The audit row names the robot, never its address or secret.
    let after = serde_json::json!({"name": data.name, "kind": data.kind, "department_id": data.department_id, "park_id": data.park_id, "url": data.url_hint});
    actor.audit(&tx, "create", "robot", id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    find_robot(ctx, actor, id).await
}

async fn find_robot(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<RobotRow> {
    repo::robots(ctx.db.conn(), Some(actor.zone())).await?.into_iter().find(|r| r.id == id).ok_or(AppError::NotFound)
}

pub async fn update_robot(ctx: &Ctx, actor: &Actor, id: i64, i: RobotInput) -> AppResult<RobotRow> {
    actor.require(Permission::TicketDispatch)?;
    let before = find_robot(ctx, actor, id).await?;
    let data = robot_data(ctx, actor, &i, Some(&before)).await?;
    let tx = ctx.db.begin_write().await?;
    repo::update_robot(&tx, actor.zone(), id, &data).await?;
    let after =
        serde_json::json!({"name": data.name, "kind": data.kind, "enabled": data.enabled, "url": data.url_hint});
    actor.audit(&tx, "update", "robot", id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    find_robot(ctx, actor, id).await
}

pub async fn delete_robot(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::TicketDispatch)?;
    let tx = ctx.db.begin_write().await?;
    if !repo::delete_robot(&tx, actor.zone(), id).await? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "delete", "robot", id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

/// Queues a test message to a robot.
pub async fn test_robot(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::TicketDispatch)?;
    find_robot(ctx, actor, id).await?;
    let tx = ctx.db.begin_write().await?;
    repo::enqueue(&tx, actor.zone(), id, "ZoneOps 测试消息", "机器人配置成功。").await?;
    tx.commit().await?;
    Ok(())
}

pub async fn outbox_log(ctx: &Ctx, actor: &Actor, pending_only: bool) -> AppResult<Vec<OutboxRow>> {
    actor.require(Permission::TicketDispatch)?;
    Ok(repo::log(ctx.db.conn(), actor.zone(), pending_only).await?)
}

// ---- announcing a signed lead ---------------------------------------------------------------------

/// A lead reached 签约: the people who will create its project (`invest::project_owner`, decision
/// 0035) hear of it in the move's transaction. A confidential lead is named by its codename, never
/// its company, in the title and the body alike (an inbox is read over shoulders and on screens).
pub async fn on_lead_signed(tx: &WriteTx, zone: i64, lead: &zoneops_db::lead::LeadRow, to: &[i64]) -> AppResult<usize> {
    if to.is_empty() {
        return Ok(0);
    }
    let name = match (lead.confidential, &lead.codename, &lead.company) {
        (true, Some(codename), _) => codename.clone(),
        (true, None, _) => "保密项目".to_owned(),
        (false, _, Some(company)) => company.clone(),
        (false, codename, None) => codename.clone().unwrap_or_default(),
    };
    let title = format!("线索已签约，待创建项目：{name}");
    let body = format!(
        "园区：{}；招商负责人：{}；签约日期：{}。请在“招商线索”中打开该线索，创建项目。",
        lead.park, lead.owner, lead.stage_since
    );
    for &u in to {
        let n = NewNotification {
            zone,
            user: Some(u),
            department: None,
            kind: "lead_signed",
            title: &title,
            body: &body,
            ticket: None,
        };
        repo::notify(tx, &n).await?;
    }
    Ok(to.len())
}
