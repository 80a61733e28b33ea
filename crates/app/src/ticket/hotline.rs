//! The public hotline: filing a ticket without an account and tracking it by number and code.

use crate::check;
use crate::ticket_category::Categories;
use crate::{AppError, AppResult, Ctx, RequestMeta};
use chrono::{DateTime, Utc};
use serde::Serialize;
use zoneops_db::ticket::{self as repo, NewTicket};
use zoneops_domain::Lang;
use zoneops_domain::text::TextKind;
use zoneops_domain::ticket::{Channel, Priority, TicketState, history_label};

use super::*;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Receipt {
    pub no: String,
    pub code: String,
}

/// The public 办不成事 hotline: no login; contact details required; nothing stored on an error.
pub async fn file_hotline(ctx: &Ctx, zone: i64, meta: &RequestMeta, i: TicketInput) -> AppResult<Receipt> {
    // The public form files what happens now; a receipt time is for staff entering a call.
    if i.received_at.is_some() || i.late_reason.is_some() {
        return Err(AppError::invalid("received_at", "RECEIVED_AT_STAFF_ONLY", "受理时间由工作人员填写"));
    }
    let cats = Categories::of_zone(ctx, zone).await?;
    let t = NewTicket {
        channel: Channel::Hotline,
        category: cats.choose("category", "问题类别", i.category.as_deref())?,
        priority: Priority::Normal,
        title: check::text("title", "问题标题", i.title.as_deref(), TextKind::Name)?,
        detail: check::text("detail", "问题描述", i.detail.as_deref(), TextKind::Detail)?,
        enterprise_id: None,
        project_id: None,
        park_id: None,
        requester_id: None,
        contact_name: check::text("contact_name", "联系人", i.contact_name.as_deref(), TextKind::Label)?,
        contact_phone: phone("contact_phone", i.contact_phone.as_deref(), true)?,
        contact_company: check::text("company", "企业名称", i.company.as_deref(), TextKind::Name)?,
        received_at: None,
        late_reason: None,
    };
    let audit = AuditBy { zone, actor: None, meta: Some(meta.clone()) };
    let (_, no, code) = insert(ctx, t, (None, "热线来电".to_owned()), audit).await?;
    Ok(Receipt { no, code })
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicView {
    pub no: String,
    pub title: String,
    pub category: String,
    #[schema(value_type = zoneops_domain::ticket::TicketState)]
    pub state: String,
    pub state_label: &'static str,
    pub created_at: DateTime<Utc>,
    pub history: Vec<PublicStep>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStep {
    pub at: DateTime<Utc>,
    pub label: &'static str,
    pub state_label: &'static str,
}

/// The public tracking page: state and steps, no names or contact details.
pub async fn track(ctx: &Ctx, no: &str, code: &str) -> AppResult<PublicView> {
    let t = repo::by_tracking(ctx.db.conn(), no.trim(), code.trim().to_uppercase().as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let history = repo::events(ctx.db.conn(), &[t.id])
        .await?
        .into_iter()
        .map(|e| PublicStep {
            at: e.at,
            label: history_label(&e.action),
            state_label: check::label_of_code::<TicketState>(&e.to_state, Lang::ZhCn),
        })
        .collect();
    Ok(PublicView {
        no: t.no,
        title: t.title,
        category: Categories::of_zone(ctx, t.zone_id).await?.label(&t.category),
        state_label: check::label_of_code::<TicketState>(&t.state, Lang::ZhCn),
        state: t.state,
        created_at: t.created_at,
        history,
    })
}
