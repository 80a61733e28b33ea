//! What a ticket looks like to its reader: the view, the sides the reader may act on.

use crate::check;
use crate::ticket_category::Categories;
use crate::{Actor, AppResult, Ctx};
use serde::Serialize;
use zoneops_db::ticket::{self as repo, EventRow, TicketRow};
use zoneops_domain::Permission;
use zoneops_domain::scope::Reach;
use zoneops_domain::sla::SlaState;
use zoneops_domain::ticket::{self as lifecycle, Channel, Priority, Side, TicketState};

use super::*;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ActionView {
    pub code: &'static str,
    pub label: &'static str,
    pub reason_required: bool,
    pub needs_department: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Ticket {
    #[serde(flatten)]
    pub row: TicketRow,
    pub state_label: &'static str,
    pub category_label: String,
    pub priority_label: &'static str,
    pub channel_label: &'static str,
    pub sla: SlaState,
    pub overdue: bool,
    /// Waiting for its first dispatch: working minutes since it was received (its receipt, or its
    /// filing); null once dispatched (or closed without it). Decision 0035.
    pub waiting_minutes: Option<i64>,
    /// When the dispatch limit of its policy runs out (zone-local, like the `sla` instants);
    /// null once dispatched.
    #[schema(value_type = Option<String>, example = "2026-12-03T17:26:00")]
    pub dispatch_due_at: Option<chrono::NaiveDateTime>,
    /// Past the dispatch limit and still not dispatched; null once dispatched.
    pub dispatch_overdue: Option<bool>,
    pub actions: Vec<ActionView>,
    /// The department a routing rule suggests for dispatch.
    pub suggested_department: Option<i64>,
    pub can_rate: bool,
    /// May add attachments: one of the ticket's sides.
    pub can_attach: bool,
}

/// What the caller is to this ticket.
pub(crate) fn sides(actor: &Actor, t: &TicketRow) -> Vec<Side> {
    let mut out = Vec::new();
    if actor.can(Permission::TicketDispatch) {
        out.push(Side::Dispatcher);
    }
    if actor.can(Permission::TicketWrite)
        && let Reach::Department { department } = actor.scope.reach
        && t.department_id == Some(department)
    {
        out.push(Side::Department);
    }
    let own_enterprise =
        matches!(actor.scope.reach, Reach::Enterprise { enterprise } if t.enterprise_id == Some(enterprise));
    if actor.can(Permission::TicketWrite) && (t.requester_id == Some(actor.user_id) || own_enterprise) {
        out.push(Side::Requester);
    }
    out
}

fn view(
    actor: &Actor,
    clock: &Clock,
    cats: &Categories,
    t: TicketRow,
    events: &[EventRow],
    routing: &[(String, i64)],
) -> Ticket {
    let sla = clock.state(&t, events);
    let wait = clock.dispatch_wait(&t);
    let s = sides(actor, &t);
    // Read-side: a state this version does not know offers no action rather than failing the list.
    let state = TicketState::parse(&t.state);
    let actions = state
        .map(|state| lifecycle::allowed(state, &s))
        .unwrap_or_default()
        .into_iter()
        .map(|a| ActionView {
            code: a.code.code(),
            label: a.code.label(actor.lang),
            reason_required: a.reason_required,
            needs_department: a.needs_department,
        })
        .collect();
    Ticket {
        state_label: check::label_of_code::<TicketState>(&t.state, actor.lang),
        category_label: cats.label(&t.category),
        priority_label: check::label_of_code::<Priority>(&t.priority, actor.lang),
        channel_label: check::label_of_code::<Channel>(&t.channel, actor.lang),
        overdue: sla.open && sla.resolve_breached,
        waiting_minutes: wait.map(|w| w.waiting_minutes),
        dispatch_due_at: wait.map(|w| w.due_at),
        dispatch_overdue: wait.map(|w| w.overdue),
        actions,
        suggested_department: routing.iter().find(|r| r.0 == t.category).map(|r| r.1),
        can_rate: state.is_some_and(TicketState::can_rate)
            && !(state == Some(TicketState::Closed) && t.solved == Some(true))
            && (s.contains(&Side::Requester) || s.contains(&Side::Dispatcher)),
        can_attach: !s.is_empty() && state.is_some_and(TicketState::takes_attachments),
        sla,
        row: t,
    }
}

pub(super) async fn views(ctx: &Ctx, actor: &Actor, rows: Vec<TicketRow>) -> AppResult<Vec<Ticket>> {
    let clock = Clock::load(ctx, actor.zone()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let events = repo::events(ctx.db.conn(), &ids).await?;
    let routing = routing_of(ctx, actor.zone()).await?;
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let grouped = crate::ticket_sla::by_ticket(&events);
    Ok(rows
        .into_iter()
        .map(|t| {
            let ev = grouped.get(&t.id).copied().unwrap_or_default();
            view(actor, &clock, &cats, t, ev, &routing)
        })
        .collect())
}
