//! The service-desk ticket ("马上就办"): one model for every channel, its states and the actions
//! that move between them. Which side may act (the dispatcher, the handling department, the
//! requester) is part of each action, so the use cases only look it up.

use serde::Serialize;

use crate::vocabulary;
use crate::vocabulary::Labeled;

const fn l(code: &'static str, label: &'static str) -> Labeled {
    Labeled { code, label }
}

vocabulary! {
    /// Where a ticket came from.
    pub enum Channel("ticket channel") {
        Hotline = "hotline", "办不成事热线", "Hotline";
        Enterprise = "enterprise", "企业自主提交", "Filed by the enterprise";
        Visit = "visit", "走访发现", "Found on a visit";
        Meeting = "meeting", "会议交办", "Assigned by a meeting";
        Project = "project", "项目问题", "Project problem";
        Phone = "phone", "电话来电", "Phone call";
        Wechat = "wechat", "企业家群", "Entrepreneurs' group";
    }
}

/// Default categories; the zone edits its own list (stored as a dictionary), so they stay data.
pub const DEFAULT_CATEGORIES: &[Labeled] = &[
    l("land", "用地"),
    l("housing", "三房（厂房、住房、商务用房）"),
    l("staffing", "用工"),
    l("schooling", "子女入学"),
    l("approval", "审批"),
    l("finance", "融资"),
    l("other", "其他"),
];

vocabulary! {
    pub enum Priority("ticket priority") {
        Urgent = "urgent", "紧急", "Urgent";
        High = "high", "较急", "High";
        Normal = "normal", "一般", "Normal";
    }
}

vocabulary! {
    pub enum TicketState("ticket state") {
        New = "new", "待派单", "New";
        Dispatched = "dispatched", "已派单", "Dispatched";
        Accepted = "accepted", "已签收", "Accepted";
        InProgress = "in_progress", "办理中", "In progress";
        Paused = "paused", "已暂停", "Paused";
        Returned = "returned", "已退单", "Returned";
        Resolved = "resolved", "已办结", "Resolved";
        Closed = "closed", "已关闭", "Closed";
        ClosedUnresolved = "closed_unresolved", "未解决关闭", "Closed unresolved";
    }
}

impl TicketState {
    /// Whether the ticket is still open (counts as open, can be overdue); the clock has stopped
    /// in the others.
    pub const fn is_open(self) -> bool {
        match self {
            TicketState::New
            | TicketState::Dispatched
            | TicketState::Accepted
            | TicketState::InProgress
            | TicketState::Paused
            | TicketState::Returned => true,
            TicketState::Resolved | TicketState::Closed | TicketState::ClosedUnresolved => false,
        }
    }

    /// Whether the requester may rate the handling (a closed ticket only while no rating said
    /// "solved": the call-back after a close the dispatcher made, which may still reopen it).
    pub const fn can_rate(self) -> bool {
        matches!(self, TicketState::Resolved | TicketState::Closed)
    }

    /// Whether files may still be added: not once the ticket is closed either way.
    pub const fn takes_attachments(self) -> bool {
        !matches!(self, TicketState::Closed | TicketState::ClosedUnresolved)
    }
}

/// The states in which the ticket's clock has stopped (it no longer counts as open).
pub fn stopped_states() -> impl Iterator<Item = TicketState> {
    TicketState::ALL.iter().copied().filter(|s| !s.is_open())
}

/// The states in which a ticket is still open, by stored code (an unknown code counts as open,
/// as it did before states were typed).
pub fn is_open(state: &str) -> bool {
    TicketState::parse(state).is_none_or(TicketState::is_open)
}

/// The open states, in declaration order.
pub fn open_states() -> impl Iterator<Item = TicketState> {
    TicketState::ALL.iter().copied().filter(|s| s.is_open())
}

/// Who may take an action: the dispatching centre (`ticket:dispatch`), the department the ticket
/// is routed to (`ticket:write` within its department scope), or the requester (the enterprise,
/// or staff who filed it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Dispatcher,
    Department,
    Requester,
}

vocabulary! {
    /// The moves of the ticket's state machine ([`TicketAction::rule`] says where each goes).
    pub enum TicketAction("ticket action") {
        Dispatch = "dispatch", "派单", "Dispatch";
        /// 退单 review: the dispatcher re-routes to another department or insists on the same one.
        Reroute = "reroute", "改派", "Re-route";
        Insist = "insist", "坚持派单", "Insist";
        Accept = "accept", "签收", "Accept";
        Return = "return", "退单", "Return";
        Start = "start", "开始办理", "Start";
        Pause = "pause", "暂停", "Pause";
        Resume = "resume", "恢复办理", "Resume";
        Resolve = "resolve", "办结", "Resolve";
        Close = "close", "确认关闭", "Close";
        Reopen = "reopen", "重新办理", "Reopen";
        CloseUnresolved = "close_unresolved", "未解决关闭", "Close unresolved";
    }
}

vocabulary! {
    /// The events in a ticket's history that are not moves of the state machine.
    pub enum TicketEvent("ticket event") {
        File = "file", "提交", "Filed";
        Rate = "rate", "评价", "Rated";
        Attach = "attach", "上传附件", "Attachment added";
    }
}

/// The label of a history entry's action code: a move of the state machine or another event
/// ("" for an unknown one).
pub fn history_label(code: &str) -> &'static str {
    match (TicketAction::parse(code), TicketEvent::parse(code)) {
        (Some(a), _) => a.label_zh(),
        (None, Some(e)) => e.label_zh(),
        (None, None) => "",
    }
}

/// One action's rule. Serialised for the console as `{code, label, from, to, by, …}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = TicketActionRule)]
pub struct Action {
    pub code: TicketAction,
    pub label: &'static str,
    pub from: &'static [TicketState],
    pub to: TicketState,
    pub by: &'static [Side],
    pub reason_required: bool,
    /// Needs a department to route to (dispatch, re-route).
    pub needs_department: bool,
}

use Side::{Department, Dispatcher, Requester};
use TicketState as S;

impl TicketAction {
    /// From which states, to which state, by whom, and what it needs.
    pub const fn rule(self) -> Action {
        #[rustfmt::skip]
        let (from, to, by, reason_required, needs_department): (&'static [TicketState], _, &'static [Side], _, _) = match self {
            TicketAction::Dispatch => (&[S::New], S::Dispatched, &[Dispatcher], false, true),
            TicketAction::Reroute => (&[S::Returned], S::Dispatched, &[Dispatcher], false, true),
            TicketAction::Insist => (&[S::Returned], S::Dispatched, &[Dispatcher], true, false),
            TicketAction::Accept => (&[S::Dispatched], S::Accepted, &[Department], false, false),
            TicketAction::Return => (&[S::Dispatched, S::Accepted], S::Returned, &[Department], true, false),
            TicketAction::Start => (&[S::Accepted], S::InProgress, &[Department], false, false),
            TicketAction::Pause => (&[S::Accepted, S::InProgress], S::Paused, &[Department], true, false),
            TicketAction::Resume => (&[S::Paused], S::InProgress, &[Department], false, false),
            TicketAction::Resolve => (&[S::Accepted, S::InProgress], S::Resolved, &[Department], true, false),
            TicketAction::Close => (&[S::Resolved], S::Closed, &[Dispatcher, Requester], false, false),
            // A closed ticket is final: the confirmation was given; a new problem is a new ticket.
            TicketAction::Reopen => (&[S::Resolved], S::InProgress, &[Dispatcher, Requester], true, false),
            TicketAction::CloseUnresolved => (
                &[S::New, S::Dispatched, S::Accepted, S::InProgress, S::Paused, S::Returned],
                S::ClosedUnresolved,
                &[Dispatcher],
                true,
                false,
            ),
        };
        Action { code: self, label: self.label_zh(), from, to, by, reason_required, needs_department }
    }
}

/// Every action's rule, in declaration order (the console's table).
pub const ACTIONS: [Action; TicketAction::ALL.len()] = {
    let mut out = [TicketAction::Dispatch.rule(); TicketAction::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = TicketAction::ALL[i].rule();
        i += 1;
    }
    out
};

pub fn action(code: &str) -> Option<Action> {
    TicketAction::parse(code).map(TicketAction::rule)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// Not allowed from the ticket's state.
    WrongState { state: TicketState, action: TicketAction },
    /// The caller is not on a side that may take it.
    NotYours { action: TicketAction },
}

impl TransitionError {
    pub fn message_zh(&self) -> String {
        match self {
            TransitionError::WrongState { state, action } => {
                format!("工单处于“{}”状态，不能“{}”", state.label_zh(), action.label_zh())
            }
            TransitionError::NotYours { action } => format!("无权对该工单执行“{}”", action.label_zh()),
        }
    }
}

/// The action's rule, if `sides` (what the caller is to this ticket) may take it now.
pub fn transition(state: TicketState, act: TicketAction, sides: &[Side]) -> Result<Action, TransitionError> {
    let rule = act.rule();
    if !rule.from.contains(&state) {
        return Err(TransitionError::WrongState { state, action: act });
    }
    if !rule.by.iter().any(|s| sides.contains(s)) {
        return Err(TransitionError::NotYours { action: act });
    }
    Ok(rule)
}

/// The actions `sides` may take on a ticket in `state` (the buttons the console shows).
pub fn allowed(state: TicketState, sides: &[Side]) -> Vec<Action> {
    ACTIONS.iter().filter(|a| a.from.contains(&state) && a.by.iter().any(|s| sides.contains(s))).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;
    use TicketAction as A;

    #[test]
    fn vocabularies_are_well_formed() {
        assert_well_formed::<Channel>();
        assert_well_formed::<Priority>();
        assert_well_formed::<TicketState>();
        assert_well_formed::<TicketAction>();
        assert_well_formed::<TicketEvent>();
        for e in TicketEvent::ALL {
            assert!(TicketAction::parse(e.code()).is_none(), "{e} is also an action");
        }
        assert_eq!((history_label("rate"), history_label("dispatch"), history_label("x")), ("评价", "派单", ""));
        let codes: Vec<&str> = ACTIONS.iter().map(|a| a.code.code()).collect();
        assert_eq!(codes, TicketAction::ALL.iter().map(|a| a.code()).collect::<Vec<_>>());
    }

    #[test]
    fn the_console_table_keeps_its_shape() {
        let json = serde_json::to_value(ACTIONS[4]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "return", "label": "退单", "from": ["dispatched", "accepted"],
                "to": "returned", "by": ["department"], "reason_required": true, "needs_department": false})
        );
    }

    #[test]
    fn the_lifecycle() {
        assert_eq!(transition(S::New, A::Dispatch, &[Dispatcher]).unwrap().to, S::Dispatched);
        assert_eq!(
            transition(S::New, A::Accept, &[Department]),
            Err(TransitionError::WrongState { state: S::New, action: A::Accept })
        );
        assert_eq!(
            transition(S::Dispatched, A::Accept, &[Dispatcher]),
            Err(TransitionError::NotYours { action: A::Accept })
        );
        assert!(transition(S::Dispatched, A::Return, &[Department]).unwrap().reason_required);
        assert_eq!(transition(S::Returned, A::Reroute, &[Dispatcher]).unwrap().to, S::Dispatched);
        assert_eq!(transition(S::Returned, A::Insist, &[Dispatcher]).unwrap().to, S::Dispatched);
        assert_eq!(transition(S::InProgress, A::Pause, &[Department]).unwrap().to, S::Paused);
        assert_eq!(transition(S::Paused, A::Resume, &[Department]).unwrap().to, S::InProgress);
        assert!(transition(S::Paused, A::Resolve, &[Department]).is_err(), "resume first");
        assert_eq!(transition(S::Resolved, A::Close, &[Requester]).unwrap().to, S::Closed);
        assert_eq!(transition(S::Resolved, A::Reopen, &[Requester]).unwrap().to, S::InProgress);
        assert!(transition(S::Closed, A::Reopen, &[Requester]).is_err(), "a closed ticket is final");
        assert!(transition(S::ClosedUnresolved, A::Reopen, &[Dispatcher]).is_err());
        assert!(transition(S::Resolved, A::CloseUnresolved, &[Dispatcher]).is_err());
        assert!(TransitionError::WrongState { state: S::New, action: A::Accept }.message_zh().contains("待派单"));
        let codes: Vec<&str> = allowed(S::Dispatched, &[Department]).iter().map(|a| a.code.code()).collect();
        assert_eq!(codes, ["accept", "return"]);
        assert!(is_open("paused") && !is_open("resolved") && !is_open("closed_unresolved"));
        assert_eq!(stopped_states().count(), 3);
        assert_eq!(open_states().count() + 3, TicketState::ALL.len());
    }
}
