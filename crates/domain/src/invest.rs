//! Investment attraction rules: lead stages and the moves between them, the enumerations of
//! sources, kinds and activities, and target periods ("2022", "2022-H1", "2022-03").

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::scope::Reach;
use crate::vocabulary;
pub use crate::vocabulary::Labeled;

vocabulary! {
    pub enum LeadStage("lead stage") {
        Lead = "lead", "线索", "Lead";
        Contact = "contact", "接洽", "Contact";
        Negotiation = "negotiation", "洽谈", "Negotiation";
        Signed = "signed", "签约", "Signed";
        Lost = "lost", "已流失", "Lost";
    }
}

vocabulary! {
    pub enum LeadKind("lead kind") {
        New = "new", "新引进", "New investment";
        Expansion = "expansion", "增资扩产", "Expansion";
        Retention = "retention", "稳商留商", "Retention";
    }
}

vocabulary! {
    pub enum LeadSource("lead source") {
        Business = "business", "以商招商", "Through businesses";
        Agency = "agency", "中介招商", "Through agencies";
        Expo = "expo", "展会招商", "At expos";
        Online = "online", "网络招商", "Online";
        Visit = "visit", "主动来访", "Walk-in";
        Referral = "referral", "部门推荐", "Referral by a department";
        Other = "other", "其他", "Other";
    }
}

vocabulary! {
    pub enum ActivityKind("activity kind") {
        Trip = "trip", "外出招商", "Trip";
        Reception = "reception", "接待客商", "Reception";
        Online = "online", "云洽谈", "Online meeting";
        Promotion = "promotion", "推介会", "Promotion event";
    }
}

vocabulary! {
    pub enum ProjectCategory("project category") {
        AdvancedManufacturing = "advanced_manufacturing", "先进制造业", "Advanced manufacturing";
        ModernServices = "modern_services", "现代服务业", "Modern services";
        Infrastructure = "infrastructure", "基础设施", "Infrastructure";
        Other = "other", "其他", "Other";
    }
}

impl LeadStage {
    /// Lead, contact and negotiation; `signed` ends the pipeline, `lost` leaves it.
    pub const fn is_open(self) -> bool {
        match self {
            LeadStage::Lead | LeadStage::Contact | LeadStage::Negotiation => true,
            LeadStage::Signed | LeadStage::Lost => false,
        }
    }
}

/// The open stages in order.
const OPEN: [LeadStage; 3] = [LeadStage::Lead, LeadStage::Contact, LeadStage::Negotiation];
const FORWARD: [LeadStage; 4] = [LeadStage::Lead, LeadStage::Contact, LeadStage::Negotiation, LeadStage::Signed];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LeadMove {
    pub from: LeadStage,
    pub to: LeadStage,
    pub reason_required: bool,
}

/// Every allowed move: one step forward; one step back (with a reason); any open stage to lost
/// (with a reason); lost back to an open stage (with a reason). A signed lead stays signed: the
/// project carries it on.
pub fn lead_moves() -> Vec<LeadMove> {
    let mut moves = Vec::new();
    for w in FORWARD.windows(2) {
        moves.push(LeadMove { from: w[0], to: w[1], reason_required: false });
    }
    for w in OPEN.windows(2) {
        moves.push(LeadMove { from: w[1], to: w[0], reason_required: true });
    }
    for s in OPEN {
        moves.push(LeadMove { from: s, to: LeadStage::Lost, reason_required: true });
        moves.push(LeadMove { from: LeadStage::Lost, to: s, reason_required: true });
    }
    moves
}

pub fn lead_move(from: LeadStage, to: LeadStage) -> Option<LeadMove> {
    lead_moves().into_iter().find(|m| m.from == from && m.to == to)
}

/// Who creates a signed lead's project (decision 0035): people nearest the lead first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HandOffLevel {
    /// Project writers of the lead's park (or its owner, when they write projects themselves).
    Park,
    /// Zone-level project writers: no one at the park can create it.
    Zone,
}

/// What the hand-off rule needs of a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandOffLead {
    pub park: crate::ids::ParkId,
    pub owner: crate::ids::UserId,
    pub confidential: bool,
}

/// The people who will create a signed lead's project, among the zone's project writers (users
/// holding `project:write`, with their reach): those who may create it from the lead — who read
/// the lead unmasked and may name its park — nearest first.
///
/// - Park level: writers whose parks include the lead's park, and the lead's owner if they write
///   projects. A confidential lead is masked from park writers other than its owner, who could
///   not create a project from it, so only the owner counts then.
/// - Else zone level: the zone-wide writers (they read every lead unmasked).
///
/// The list may be empty (no zone-wide writer either); the caller says so.
pub fn project_creators(
    writers: &[(crate::ids::UserId, Reach)],
    lead: HandOffLead,
) -> (HandOffLevel, Vec<crate::ids::UserId>) {
    let near = |(id, reach): &(crate::ids::UserId, Reach)| {
        let owner = *id == lead.owner;
        match reach {
            Reach::Parks { parks } => parks.contains(&lead.park) && (!lead.confidential || owner),
            Reach::Own => owner,
            Reach::Zone | Reach::Department { .. } | Reach::Enterprise { .. } => false,
        }
    };
    let park: Vec<_> = writers.iter().filter(|w| near(w)).map(|w| w.0).collect();
    if !park.is_empty() {
        return (HandOffLevel::Park, park);
    }
    (HandOffLevel::Zone, writers.iter().filter(|w| matches!(w.1, Reach::Zone)).map(|w| w.0).collect())
}

/// A target period: a year, a half year or a month, with its first and last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetPeriod {
    Year(i32),
    Half(i32, u8),
    Month(i32, u32),
}

impl TargetPeriod {
    /// "2022", "2022-H1", "2022-H2", "2022-03".
    pub fn parse(s: &str) -> Option<TargetPeriod> {
        let s = s.trim();
        let year = |y: &str| y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y) && s.is_char_boundary(4));
        if s.len() == 4 {
            return year(s).map(TargetPeriod::Year);
        }
        let (y, rest) = s.split_once('-')?;
        let y = year(y)?;
        match rest {
            "H1" | "h1" => Some(TargetPeriod::Half(y, 1)),
            "H2" | "h2" => Some(TargetPeriod::Half(y, 2)),
            m if m.len() == 2 => {
                m.parse::<u32>().ok().filter(|m| (1..=12).contains(m)).map(|m| TargetPeriod::Month(y, m))
            }
            _ => None,
        }
    }

    pub fn key(self) -> String {
        match self {
            TargetPeriod::Year(y) => format!("{y}"),
            TargetPeriod::Half(y, h) => format!("{y}-H{h}"),
            TargetPeriod::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let (y, m) = match self {
            TargetPeriod::Year(y) | TargetPeriod::Half(y, 1) => (y, 1),
            TargetPeriod::Half(y, _) => (y, 7),
            TargetPeriod::Month(y, m) => (y, m),
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        let (y, m) = match self {
            TargetPeriod::Year(y) | TargetPeriod::Half(y, 2) => (y, 12),
            TargetPeriod::Half(y, _) => (y, 6),
            TargetPeriod::Month(y, m) => (y, m),
        };
        month_end(y, m)
    }
}

pub fn month_end(year: i32, month: u32) -> NaiveDate {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

/// The Monday of the week `d` falls in (weekly plans are keyed by it).
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Calendar days in `from..=to` (at least 1), the divisor of the per-day rates.
pub fn days_inclusive(from: NaiveDate, to: NaiveDate) -> i64 {
    ((to - from).num_days() + 1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_nearest_project_writers_create_a_signed_leads_project() {
        let lead = HandOffLead { park: 3, owner: 7, confidential: false };
        let writers = vec![
            (1, Reach::Zone),
            (2, Reach::Parks { parks: vec![3, 4] }),
            (5, Reach::Parks { parks: vec![4] }),
            (6, Reach::Own),
            (8, Reach::Department { department: 3 }),
        ];
        assert_eq!(project_creators(&writers, lead), (HandOffLevel::Park, vec![2]));
        // Another park's lead with no writer there: the zone's.
        assert_eq!(project_creators(&writers, HandOffLead { park: 9, ..lead }), (HandOffLevel::Zone, vec![1]));
        // Confidential: masked from the park's writer, so the zone's; unless its owner writes.
        let secret = HandOffLead { confidential: true, ..lead };
        assert_eq!(project_creators(&writers, secret), (HandOffLevel::Zone, vec![1]));
        assert_eq!(project_creators(&writers, HandOffLead { owner: 2, ..secret }), (HandOffLevel::Park, vec![2]));
        assert_eq!(project_creators(&writers, HandOffLead { owner: 6, ..lead }), (HandOffLevel::Park, vec![2, 6]));
        // Nobody at all: an empty list the caller shows as such.
        assert_eq!(project_creators(&[], lead), (HandOffLevel::Zone, vec![]));
    }

    #[test]
    fn vocabularies_are_well_formed() {
        use crate::vocabulary::assert_well_formed;
        assert_well_formed::<LeadStage>();
        assert_well_formed::<LeadKind>();
        assert_well_formed::<LeadSource>();
        assert_well_formed::<ActivityKind>();
        assert_well_formed::<ProjectCategory>();
    }

    #[test]
    fn moves_follow_the_pipeline() {
        use LeadStage::*;
        assert!(lead_move(Lead, Contact).is_some_and(|m| !m.reason_required));
        assert!(lead_move(Negotiation, Signed).is_some());
        assert!(lead_move(Lead, Signed).is_none(), "no skipping");
        assert!(lead_move(Lead, Negotiation).is_none());
        assert!(lead_move(Contact, Lead).is_some_and(|m| m.reason_required));
        assert!(lead_move(Signed, Negotiation).is_none(), "signed is final");
        assert!(lead_move(Signed, Lost).is_none());
        assert!(lead_move(Negotiation, Lost).is_some_and(|m| m.reason_required));
        assert!(lead_move(Lost, Contact).is_some_and(|m| m.reason_required));
        assert!(lead_move(Lost, Signed).is_none());
        assert!(lead_move(Lead, Lead).is_none());
        assert_eq!(
            serde_json::to_value(lead_moves()[0]).unwrap(),
            serde_json::json!({"from": "lead", "to": "contact", "reason_required": false})
        );
    }

    #[test]
    fn target_periods() {
        let h1 = TargetPeriod::parse("2022-H1").unwrap();
        assert_eq!((h1.first_day(), h1.last_day()), (d("2022-01-01"), d("2022-06-30")));
        let h2 = TargetPeriod::parse("2022-H2").unwrap();
        assert_eq!((h2.first_day(), h2.last_day()), (d("2022-07-01"), d("2022-12-31")));
        let feb = TargetPeriod::parse("2024-02").unwrap();
        assert_eq!((feb.first_day(), feb.last_day()), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(feb.key(), "2024-02");
        let y = TargetPeriod::parse("2023").unwrap();
        assert_eq!((y.first_day(), y.last_day(), y.key()), (d("2023-01-01"), d("2023-12-31"), "2023".into()));
        for bad in ["", "22", "2022-13", "2022-H3", "1999", "2022-1", "二〇二二", "2022-００", "abcd-H1"] {
            assert_eq!(TargetPeriod::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn weeks_and_days() {
        assert_eq!(week_start(d("2022-09-04")), d("2022-08-29")); // a Sunday
        assert_eq!(week_start(d("2022-08-29")), d("2022-08-29"));
        assert_eq!(days_inclusive(d("2021-09-01"), d("2022-08-31")), 365);
        assert_eq!(days_inclusive(d("2022-01-01"), d("2022-01-01")), 1);
    }
}
