//! The cockpit's vocabularies: what a figure's value covers, and whose figures they are.

use crate::vocabulary;

vocabulary! {
    /// What a cockpit figure's value covers. Only `year` and `period` figures have a 同比.
    pub enum FigureBasis("cockpit figure basis") {
        /// The enterprises' annual figures of the chosen year.
        Year = "year", "年度", "Year";
        /// Events in the chosen period (`from..=to`).
        Period = "period", "统计区间", "Period";
        /// The state of things now (open and overdue tickets, late projects), whatever period
        /// is chosen.
        Today = "today", "截至今日", "As of today";
    }
}

vocabulary! {
    /// Whose figures a cockpit answer holds: the whole zone, one park, several parks, or the
    /// narrower reach of a department, a user's own records or an enterprise.
    pub enum CockpitSubject("cockpit subject") {
        Zone = "zone", "全区", "the zone";
        Park = "park", "园区", "the park";
        Parks = "parks", "所辖园区", "your parks";
        Department = "department", "本部门", "your department";
        Own = "own", "本人", "your records";
        Enterprise = "enterprise", "本企业", "the enterprise";
    }
}
