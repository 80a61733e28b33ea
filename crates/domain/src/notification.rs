//! The kinds of notice the console inbox receives, and which of them a user may turn off
//! (decision 0036). A kind nobody listed here is delivered: new kinds are on by default.

use crate::lang::Lang;
use crate::vocabulary;

vocabulary! {
    /// What a notice in the inbox is about (the `kind` column of `notification`).
    pub enum NotificationKind("notification kind") {
        /// A new ticket waits for dispatch (each dispatcher).
        Filed = "filed", "新诉求待派单", "New ticket to dispatch";
        /// A ticket was dispatched to the department.
        Dispatch = "dispatch", "新派诉求工单", "Ticket dispatched to your department";
        /// A returned ticket was re-routed to the department.
        Reroute = "reroute", "改派诉求工单", "Ticket re-routed to your department";
        /// The dispatcher upheld the dispatch after a return.
        Insist = "insist", "坚持派单", "Dispatch upheld after a return";
        /// A ticket the user filed was resolved.
        Resolve = "resolve", "诉求已办结", "Your ticket was resolved";
        /// 催办: the resolve deadline is near.
        Reminder = "reminder", "临期催办", "Deadline reminder";
        /// 督办: the deadline has passed.
        Supervision = "supervision", "超期督办", "Overdue: supervision";
        /// 通报: long overdue.
        PublicNotice = "public_notice", "超期通报", "Overdue: public notice";
        /// A leader pressed on a ticket or project (催办).
        Urge = "urge", "领导催办", "Urged by a leader";
        /// A lead was signed and its project is the addressee's to create.
        LeadSigned = "lead_signed", "线索已签约待建项目", "Lead signed: project to create";
    }
}

vocabulary! {
    /// How the settings page groups the kinds.
    pub enum NotificationGroup("notification group") {
        Ticket = "ticket", "诉求工单", "Tickets";
        Escalation = "escalation", "超期升级", "Escalations";
        Urge = "urge", "催办", "Urges";
        Invest = "invest", "招商项目", "Investment";
    }
}

/// Why a kind cannot be turned off, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mandatory {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Mandatory {
    pub const fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhCn => self.zh,
            Lang::En => self.en,
        }
    }
}

const ESCALATION: Mandatory = Mandatory {
    zh: "超期升级通知发给承办责任人，须知悉，不能关闭",
    en: "Escalations of overdue tickets go to the people responsible for them and cannot be turned off",
};
const URGED: Mandatory = Mandatory {
    zh: "领导催办须由承办人知悉，不能关闭",
    en: "A leader's urge must reach the people who act on it and cannot be turned off",
};

impl NotificationKind {
    /// `Some(reason)` when every addressee receives the kind whatever they chose.
    pub const fn mandatory(self) -> Option<Mandatory> {
        use NotificationKind as K;
        match self {
            K::Filed | K::Dispatch | K::Reroute | K::Insist | K::Resolve | K::LeadSigned => None,
            K::Reminder | K::Supervision | K::PublicNotice => Some(ESCALATION),
            K::Urge => Some(URGED),
        }
    }

    pub const fn group(self) -> NotificationGroup {
        use NotificationKind as K;
        match self {
            K::Filed | K::Dispatch | K::Reroute | K::Insist | K::Resolve => NotificationGroup::Ticket,
            K::Reminder | K::Supervision | K::PublicNotice => NotificationGroup::Escalation,
            K::Urge => NotificationGroup::Urge,
            K::LeadSigned => NotificationGroup::Invest,
        }
    }

    /// Whether a stored kind code may be held back by a user's choice: a known kind that is not
    /// mandatory. An unknown code is never held back (new kinds are on).
    pub fn may_mute(code: &str) -> bool {
        NotificationKind::parse(code).is_some_and(|k| k.mandatory().is_none())
    }

    /// The codes every addressee receives.
    pub fn mandatory_codes() -> Vec<&'static str> {
        NotificationKind::ALL.iter().filter(|k| k.mandatory().is_some()).map(|k| k.code()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::Escalation;
    use crate::ticket::TicketAction;
    use crate::vocabulary::assert_well_formed;

    #[test]
    fn vocabularies_are_well_formed() {
        assert_well_formed::<NotificationKind>();
        assert_well_formed::<NotificationGroup>();
    }

    #[test]
    fn the_ticket_notices_use_the_action_and_escalation_codes() {
        // notify.rs writes `action.code()` and the escalation level's code as the kind.
        for a in [TicketAction::Dispatch, TicketAction::Reroute, TicketAction::Insist, TicketAction::Resolve] {
            assert!(NotificationKind::parse(a.code()).is_some(), "{a:?}");
        }
        for e in [Escalation::Reminder, Escalation::Supervision, Escalation::PublicNotice] {
            let code = serde_json::to_value(e).unwrap();
            assert!(NotificationKind::parse(code.as_str().unwrap()).is_some(), "{e:?}");
        }
    }

    #[test]
    fn escalations_and_urges_cannot_be_muted_new_kinds_are_on() {
        assert!(NotificationKind::may_mute("filed"));
        assert!(NotificationKind::may_mute("dispatch"));
        assert!(!NotificationKind::may_mute("supervision"));
        assert!(!NotificationKind::may_mute("public_notice"));
        assert!(!NotificationKind::may_mute("reminder"));
        assert!(!NotificationKind::may_mute("urge"));
        assert!(!NotificationKind::may_mute("a_kind_added_later"), "an unknown kind is delivered");
        assert_eq!(NotificationKind::mandatory_codes(), ["reminder", "supervision", "public_notice", "urge"]);
        assert!(NotificationKind::Urge.mandatory().unwrap().text(Lang::En).contains("cannot be turned off"));
    }
}
