//! 回执: what the enterprise gets back for its request — the ticket as received, where it stands,
//! how it was handled and the service level it was promised. Readable by whoever may read the
//! ticket (its own enterprise's account too): read through `ticket::get`, so another scope gets 404.

use serde::Serialize;
use zoneops_domain::sla::{Limit, LimitUnit};

use super::{Letterhead, chinese_time, letterhead};
use crate::ticket::{self, Clock};
use crate::{Actor, AppResult, Ctx};

#[derive(Clone, Debug, Serialize)]
pub struct ReceiptStep {
    pub at: String,
    pub step: String,
    /// The department it went to or came from; the reason given (退回, 暂停 …).
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TicketReceipt {
    pub head: Letterhead,
    pub no: String,
    pub enterprise: String,
    pub contact: String,
    pub category: String,
    pub priority: String,
    pub channel: String,
    pub received_at: String,
    pub title: String,
    pub detail: String,
    pub state: String,
    pub department: String,
    /// "3个工作日内答复，13个工作日内办结"
    pub promise: String,
    pub answer_due: String,
    pub resolve_due: String,
    pub steps: Vec<ReceiptStep>,
    pub resolution: String,
    pub solved: String,
    pub satisfaction: String,
    pub generated_at: String,
}

fn limit(l: Limit) -> String {
    match (l.unit, l.amount) {
        (LimitUnit::WorkingDays, 0) => "当日".into(),
        (LimitUnit::WorkingDays, n) => format!("{n}个工作日内"),
        (LimitUnit::WorkingHours, n) => format!("{n}个工作小时内"),
    }
}

/// A phone number with its middle hidden: a printed sheet travels.
fn masked(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return phone.to_owned();
    }
    let (head, tail) = (&chars[..3], &chars[chars.len() - 4..]);
    format!("{}****{}", head.iter().collect::<String>(), tail.iter().collect::<String>())
}

pub async fn receipt(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<TicketReceipt> {
    let t = ticket::get(ctx, actor, id).await?;
    let history = ticket::history(ctx, actor, id).await?;
    let policy = Clock::load(ctx, actor.zone()).await?.policy(&t.row.category, &t.row.priority);
    let local = |at| chinese_time(zoneops_domain::zone_time::local(at));
    let due = |d: Option<chrono::NaiveDateTime>| {
        d.map(|d| format!("{}前", chinese_time(d))).unwrap_or_else(|| "派单后起算".into())
    };
    let contact = match (t.row.contact_name.trim(), t.row.contact_phone.trim()) {
        ("", "") => "—".to_owned(),
        (n, "") => n.to_owned(),
        (n, p) => format!("{n} {}", masked(p)).trim().to_owned(),
    };
    let steps = history
        .into_iter()
        .map(|h| ReceiptStep {
            at: local(h.at),
            step: if h.label.is_empty() { h.action } else { h.label.to_owned() },
            note: [h.department, h.reason]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("；"),
        })
        .collect();
    Ok(TicketReceipt {
        head: letterhead(ctx, actor, "诉求受理回执", None).await?,
        enterprise: t.row.enterprise.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| {
            if t.row.contact_company.is_empty() { "—".into() } else { t.row.contact_company.clone() }
        }),
        contact,
        category: t.category_label.clone(),
        priority: t.priority_label.to_owned(),
        channel: t.channel_label.to_owned(),
        received_at: local(t.row.received_at.unwrap_or(t.row.created_at)),
        state: t.state_label.to_owned(),
        department: t.row.department.clone().unwrap_or_else(|| "待派单".into()),
        promise: format!("{}答复，{}办结", limit(policy.answer), limit(policy.resolve)),
        answer_due: due(t.sla.answer_due),
        resolve_due: due(t.sla.resolve_due),
        steps,
        resolution: t.row.resolution.clone(),
        solved: match t.row.solved {
            Some(true) => "已解决",
            Some(false) => "未解决",
            None => "—",
        }
        .into(),
        satisfaction: t.row.satisfaction.map(|s| format!("{s}分（满分5分）")).unwrap_or_else(|| "—".into()),
        generated_at: chinese_time(zoneops_domain::zone_time::local(ctx.clock.now())),
        no: t.row.no,
        title: t.row.title,
        detail: t.row.detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promises_and_phones_read_as_printed() {
        assert_eq!(limit(Limit::working_days(3)), "3个工作日内");
        assert_eq!(limit(Limit::working_days(0)), "当日");
        assert_eq!(limit(Limit::working_hours(2)), "2个工作小时内");
        assert_eq!(masked("13812345678"), "138****5678");
        assert_eq!(masked("12345"), "12345");
    }
}
