//! Outbound calls (the group robots) under control: a robot URL is checked when it is saved and
//! again when a message is delivered, after DNS resolution, so that a name which resolved to a
//! public address on Monday and to 127.0.0.1 on Tuesday (DNS rebinding) is still refused. The
//! connection goes to the addresses that were checked, redirects are not followed, and no proxy
//! from the environment is used (decision 0019).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use zoneops_domain::outbound::{self, AllowList, OutboundError};

use crate::{AppError, AppResult, Settings};

/// The installation's list, plus the demo's own receiver when `serve --demo` set one (that URL
/// only: every other loopback or private address stays refused).
pub fn allow_list(settings: &Settings) -> AllowList {
    let list = AllowList::new(&settings.webhook_allowed_hosts);
    match settings.demo_robot_receiver.get() {
        Some(url) => list.with_endpoint(url),
        None => list,
    }
}

/// The save-time check of a robot URL: 422 naming `field`.
pub fn check_saved_url(settings: &Settings, field: &str, url: &str) -> AppResult<()> {
    match outbound::check_url(url, &allow_list(settings)) {
        Ok(_) => Ok(()),
        Err(OutboundError::Internal(ip, kind)) => Err(AppError::invalid(
            field,
            "URL_INTERNAL_ADDRESS",
            format!(
                "Webhook地址指向内网或保留地址（{ip}，{kind}），不允许调用；政务内网机器人须由管理员在配置 webhook_allowed_hosts 中列出"
            ),
        )),
        Err(OutboundError::LocalName(name)) => {
            Err(AppError::invalid(field, "URL_INTERNAL_ADDRESS", format!("Webhook地址指向本机（{name}），不允许调用")))
        }
        Err(OutboundError::Credentials) => {
            Err(AppError::invalid(field, "URL_INVALID", "Webhook地址不能包含用户名或密码"))
        }
        Err(_) => Err(AppError::invalid(field, "URL_INVALID", "Webhook地址应以 https:// 或 http:// 开头")),
    }
}

/// Resolves names and refuses the lookup when any address is internal and not listed: the HTTP
/// client then connects only to addresses this resolver returned.
struct GuardedResolver {
    allow: AllowList,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(resolve_checked(name.as_str().to_owned(), self.allow.clone()))
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn resolve_checked(host: String, allow: AllowList) -> Result<reqwest::dns::Addrs, BoxError> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
    if !allow.allows_name(&host) {
        for a in &addrs {
            outbound::check_ip(a.ip(), &allow)?;
        }
    }
    Ok(Box::new(addrs.into_iter()))
}

/// The HTTP client robots are called with.
pub fn client(settings: &Settings) -> AppResult<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(GuardedResolver { allow: allow_list(settings) }))
        .build()
        .map_err(AppError::internal)
}

/// The delivery-time check before a request leaves: scheme and IP literals. Names, `localhost`
/// included, are checked by the resolver on the addresses they resolve to now.
pub fn check_before_send(settings: &Settings, url: &str) -> Result<(), String> {
    match outbound::check_url(url, &allow_list(settings)) {
        Ok(_) | Err(OutboundError::LocalName(_)) => Ok(()),
        Err(e) => Err(refusal(&e)),
    }
}

fn refusal(e: &OutboundError) -> String {
    match e {
        OutboundError::Internal(ip, kind) => {
            format!("拒绝调用内网或保留地址 {ip}（{kind}），该地址未列入 webhook_allowed_hosts")
        }
        _ => "Webhook地址无效".to_owned(),
    }
}

/// The reason a request failed, without its URL (it carries the robot's key): a refused
/// address is named as such.
pub fn describe(e: reqwest::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
    while let Some(s) = source {
        if let Some(o) = s.downcast_ref::<OutboundError>() {
            return refusal(o);
        }
        source = s.source();
    }
    format!("无法连接机器人：{}", e.without_url())
}
