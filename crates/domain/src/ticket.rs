//! The service-desk ticket ("马上就办"): one model for every channel, its states and the actions
//! that move between them. Which side may act (the dispatcher, the handling department, the
//! requester) is part of each action, so the use cases only look it up.

use serde::Serialize;

use crate::invest::Labeled;

const fn l(code: &'static str, label: &'static str) -> Labeled {
    Labeled { code, label }
}

pub const CHANNELS: &[Labeled] = &[
    l("hotline", "办不成事热线"),
    l("enterprise", "企业自主提交"),
    l("visit", "走访发现"),
    l("meeting", "会议交办"),
    l("project", "项目问题"),
    l("phone", "电话来电"),
    l("wechat", "企业家群"),
];

/// Default categories; the zone edits its own list (stored as a dictionary).
pub const DEFAULT_CATEGORIES: &[Labeled] = &[
    l("land", "用地"),
    l("housing", "三房（厂房、住房、商务用房）"),
    l("staffing", "用工"),
    l("schooling", "子女入学"),
    l("approval", "审批"),
    l("finance", "融资"),
    l("other", "其他"),
];

pub const PRIORITIES: &[Labeled] = &[l("urgent", "紧急"), l("high", "较急"), l("normal", "一般")];

pub const STATES: &[Labeled] = &[
    l("new", "待派单"),
    l("dispatched", "已派单"),
    l("accepted", "已签收"),
    l("in_progress", "办理中"),
    l("paused", "已暂停"),
    l("returned", "已退单"),
    l("resolved", "已办结"),
    l("closed", "已关闭"),
    l("closed_unresolved", "未解决关闭"),
];

/// The states in which the ticket's clock has stopped (it no longer counts as open).
pub const STOPPED_STATES: [&str; 3] = ["resolved", "closed", "closed_unresolved"];

/// The states in which a ticket is still open (counts as open, can be overdue).
pub fn is_open(state: &str) -> bool {
    !STOPPED_STATES.contains(&state)
}

/// The open states, in the order of [`STATES`].
pub fn open_states() -> impl Iterator<Item = &'static str> {
    STATES.iter().map(|s| s.code).filter(|s| is_open(s))
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = TicketActionRule)]
pub struct Action {
    pub code: &'static str,
    pub label: &'static str,
    pub from: &'static [&'static str],
    pub to: &'static str,
    pub by: &'static [Side],
    pub reason_required: bool,
    /// Needs a department to route to (dispatch, re-route).
    pub needs_department: bool,
}

use Side::{Department, Dispatcher, Requester};

const fn a(
    code: &'static str,
    label: &'static str,
    from: &'static [&'static str],
    to: &'static str,
    by: &'static [Side],
    reason_required: bool,
    needs_department: bool,
) -> Action {
    Action { code, label, from, to, by, reason_required, needs_department }
}

pub const ACTIONS: &[Action] = &[
    a("dispatch", "派单", &["new"], "dispatched", &[Dispatcher], false, true),
    // 退单 review: the dispatcher re-routes to another department or insists on the same one.
    a("reroute", "改派", &["returned"], "dispatched", &[Dispatcher], false, true),
    a("insist", "坚持派单", &["returned"], "dispatched", &[Dispatcher], true, false),
    a("accept", "签收", &["dispatched"], "accepted", &[Department], false, false),
    a("return", "退单", &["dispatched", "accepted"], "returned", &[Department], true, false),
    a("start", "开始办理", &["accepted"], "in_progress", &[Department], false, false),
    a("pause", "暂停", &["accepted", "in_progress"], "paused", &[Department], true, false),
    a("resume", "恢复办理", &["paused"], "in_progress", &[Department], false, false),
    a("resolve", "办结", &["accepted", "in_progress"], "resolved", &[Department], true, false),
    a("close", "确认关闭", &["resolved"], "closed", &[Dispatcher, Requester], false, false),
    a("reopen", "重新办理", &["resolved", "closed"], "in_progress", &[Dispatcher, Requester], true, false),
    a(
        "close_unresolved",
        "未解决关闭",
        &["new", "dispatched", "accepted", "in_progress", "paused", "returned"],
        "closed_unresolved",
        &[Dispatcher],
        true,
        false,
    ),
];

pub fn action(code: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.code == code)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionError {
    UnknownAction,
    /// Not allowed from the ticket's state.
    WrongState {
        state: &'static str,
        action: &'static str,
    },
    /// The caller is not on a side that may take it.
    NotYours {
        action: &'static str,
    },
}

impl TransitionError {
    pub fn message_zh(&self) -> String {
        match self {
            TransitionError::UnknownAction => "未知的操作".into(),
            TransitionError::WrongState { state, action } => {
                format!("工单处于“{}”状态，不能“{}”", label(STATES, state), label_of_action(action))
            }
            TransitionError::NotYours { action } => format!("无权对该工单执行“{}”", label_of_action(action)),
        }
    }
}

fn label(table: &[Labeled], code: &str) -> &'static str {
    table.iter().find(|x| x.code == code).map(|x| x.label).unwrap_or("?")
}

fn label_of_action(code: &str) -> &'static str {
    action(code).map(|a| a.label).unwrap_or("?")
}

/// The state an action leads to, if `sides` (what the caller is to this ticket) may take it now.
pub fn transition(state: &str, code: &str, sides: &[Side]) -> Result<&'static Action, TransitionError> {
    let act = action(code).ok_or(TransitionError::UnknownAction)?;
    if !act.from.contains(&state) {
        let state = STATES.iter().find(|s| s.code == state).map(|s| s.code).unwrap_or("new");
        return Err(TransitionError::WrongState { state, action: act.code });
    }
    if !act.by.iter().any(|s| sides.contains(s)) {
        return Err(TransitionError::NotYours { action: act.code });
    }
    Ok(act)
}

/// The actions `sides` may take on a ticket in `state` (the buttons the console shows).
pub fn allowed(state: &str, sides: &[Side]) -> Vec<&'static Action> {
    ACTIONS.iter().filter(|a| a.from.contains(&state) && a.by.iter().any(|s| sides.contains(s))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_names_known_states() {
        for a in ACTIONS {
            assert!(STATES.iter().any(|s| s.code == a.to), "{}", a.code);
            for f in a.from {
                assert!(STATES.iter().any(|s| s.code == *f), "{} from {f}", a.code);
            }
        }
    }

    #[test]
    fn the_lifecycle() {
        assert_eq!(transition("new", "dispatch", &[Dispatcher]).unwrap().to, "dispatched");
        assert_eq!(
            transition("new", "accept", &[Department]),
            Err(TransitionError::WrongState { state: "new", action: "accept" })
        );
        assert_eq!(
            transition("dispatched", "accept", &[Dispatcher]),
            Err(TransitionError::NotYours { action: "accept" })
        );
        assert!(transition("dispatched", "return", &[Department]).unwrap().reason_required);
        assert_eq!(transition("returned", "reroute", &[Dispatcher]).unwrap().to, "dispatched");
        assert_eq!(transition("returned", "insist", &[Dispatcher]).unwrap().to, "dispatched");
        assert_eq!(transition("in_progress", "pause", &[Department]).unwrap().to, "paused");
        assert_eq!(transition("paused", "resume", &[Department]).unwrap().to, "in_progress");
        assert!(transition("paused", "resolve", &[Department]).is_err(), "resume first");
        assert_eq!(transition("resolved", "close", &[Requester]).unwrap().to, "closed");
        assert_eq!(transition("closed", "reopen", &[Requester]).unwrap().to, "in_progress");
        assert!(transition("closed_unresolved", "reopen", &[Dispatcher]).is_err());
        assert!(transition("resolved", "close_unresolved", &[Dispatcher]).is_err());
        assert!(TransitionError::WrongState { state: "new", action: "accept" }.message_zh().contains("待派单"));
        let codes: Vec<&str> = allowed("dispatched", &[Department]).iter().map(|a| a.code).collect();
        assert_eq!(codes, ["accept", "return"]);
        assert!(is_open("paused") && !is_open("resolved") && !is_open("closed_unresolved"));
    }
}
