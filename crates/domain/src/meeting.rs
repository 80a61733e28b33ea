//! Meetings of the zone's administration and what their agendas hold.

use crate::vocabulary;

vocabulary! {
    pub enum MeetingKind("meeting kind") {
        Weekly = "weekly", "周例会", "Weekly meeting";
        Coordination = "coordination", "问题集中会办", "Coordination meeting";
        Quarterly = "quarterly", "季度项目述职会", "Quarterly project review";
        Annual = "annual", "年度述职", "Annual review";
    }
}

impl MeetingKind {
    /// Whether the system suggests late projects for its agenda.
    pub const fn reviews_projects(self) -> bool {
        match self {
            MeetingKind::Weekly | MeetingKind::Quarterly | MeetingKind::Annual => true,
            MeetingKind::Coordination => false,
        }
    }

    /// Whether the system suggests overdue and escalated tickets for its agenda.
    pub const fn reviews_tickets(self) -> bool {
        match self {
            MeetingKind::Weekly | MeetingKind::Coordination => true,
            MeetingKind::Quarterly | MeetingKind::Annual => false,
        }
    }
}

vocabulary! {
    pub enum AgendaItemKind("agenda item kind") {
        LateProject = "late_project", "逾期项目", "Late project";
        OverdueTicket = "overdue_ticket", "超期诉求", "Overdue ticket";
        EscalatedTicket = "escalated_ticket", "督办诉求", "Escalated ticket";
        CarriedAction = "carried_action", "上次会议交办事项", "Action carried from the last meeting";
        Custom = "custom", "其他议题", "Other item";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_are_well_formed() {
        crate::vocabulary::assert_well_formed::<MeetingKind>();
        crate::vocabulary::assert_well_formed::<AgendaItemKind>();
        let projects: Vec<_> = MeetingKind::ALL.iter().filter(|k| k.reviews_projects()).map(|k| k.code()).collect();
        assert_eq!(projects, ["weekly", "quarterly", "annual"]);
    }
}
