//! 个人中心 › 消息设置: which kinds of notice reach the caller's console inbox (decision 0036).
//! The inbox is the only channel addressed to a person: the group robots and their daily digest
//! go to a department's or park's chat group, set up by the dispatchers, so they are not a
//! personal choice. Mandatory kinds (escalations of overdue tickets, a leader's urge) stay on.

use serde::{Deserialize, Serialize};
use zoneops_db::notify as repo;
use zoneops_domain::notification::NotificationKind;

use crate::ticket::Items;
use crate::{Actor, AppError, AppResult, Ctx, input};

/// One kind of notice and the caller's choice for it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NotificationPreference {
    /// The kind's code, as notices in the inbox carry it.
    pub kind: &'static str,
    pub label: &'static str,
    /// How the settings page groups the kinds (`ticket`, `escalation`, `urge`).
    pub group: &'static str,
    pub group_label: &'static str,
    /// Whether notices of this kind reach the caller's console inbox.
    pub inbox: bool,
    /// True when the kind cannot be turned off; `reason` says why.
    pub mandatory: bool,
    pub reason: Option<&'static str>,
}

/// One choice as a PUT writes it.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferenceInput {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub kind: String,
    pub inbox: bool,
}

/// Every kind with the caller's choice (a kind never chosen is on).
pub async fn get(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<NotificationPreference>> {
    let chosen = repo::preferences(ctx.db.conn(), actor.user_id).await?;
    Ok(NotificationKind::ALL
        .iter()
        .map(|&k| {
            let mandatory = k.mandatory();
            let choice = chosen.iter().find(|(c, _)| c == k.code()).map(|(_, on)| *on);
            NotificationPreference {
                kind: k.code(),
                label: k.label(actor.lang),
                group: k.group().code(),
                group_label: k.group().label(actor.lang),
                inbox: mandatory.is_some() || choice.unwrap_or(true),
                mandatory: mandatory.is_some(),
                reason: mandatory.map(|m| m.text(actor.lang)),
            }
        })
        .collect())
}

/// Replaces the caller's choices. A kind left out is on again; an unknown kind, a kind named
/// twice or a mandatory kind turned off is a 422 naming the item.
pub async fn set(ctx: &Ctx, actor: &Actor, input: Items<PreferenceInput>) -> AppResult<Vec<NotificationPreference>> {
    let mut choices: Vec<(&'static str, bool)> = Vec::new();
    for (i, p) in input.items.iter().enumerate() {
        let Some(kind) = NotificationKind::parse(&p.kind) else {
            return Err(AppError::invalid(
                format!("items[{i}].kind"),
                "NOTIFICATION_KIND_UNKNOWN",
                format!("没有“{}”这种通知类型", p.kind),
            ));
        };
        if choices.iter().any(|(c, _)| *c == kind.code()) {
            return Err(AppError::invalid(
                format!("items[{i}].kind"),
                "NOTIFICATION_KIND_DUPLICATE",
                format!("通知类型“{}”重复出现", kind.label_zh()),
            ));
        }
        if kind.mandatory().is_some() && !p.inbox {
            return Err(AppError::invalid(
                format!("items[{i}].inbox"),
                "NOTIFICATION_KIND_MANDATORY",
                format!("“{}”是必收通知，不能关闭", kind.label_zh()),
            ));
        }
        choices.push((kind.code(), p.inbox));
    }
    // Only choices a user can make are kept: a mandatory kind is on whatever is stored.
    choices.retain(|(c, _)| NotificationKind::may_mute(c));
    let before = repo::preferences(ctx.db.conn(), actor.user_id).await?;
    let tx = ctx.db.begin_write().await?;
    repo::set_preferences(&tx, actor.zone(), actor.user_id, &choices).await?;
    let as_map =
        |list: &[(String, bool)]| serde_json::Map::from_iter(list.iter().map(|(k, v)| (k.clone(), (*v).into())));
    let after: Vec<(String, bool)> = choices.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    actor
        .audit(&tx, "update", "notification_preference", actor.user_id, Some(&as_map(&before)), Some(&as_map(&after)))
        .await?;
    tx.commit().await?;
    get(ctx, actor).await
}
