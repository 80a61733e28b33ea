//! The project lifecycle: the stage template (签约 → 预审 ∥ 拿地 → 开工 → 竣工 → 交付 → 投产 → 达效),
//! planned dates from the template, the order rules for dates, late / due-soon states, the gaps
//! between stages and the investment bands.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::vocabulary;

vocabulary! {
    /// The stages of the template, in order (a project's stage rows are keyed by these codes).
    pub enum ProjectStage("project stage") {
        Signed = "signed", "签约", "Signed";
        Prereview = "prereview", "预审", "Pre-review";
        Land = "land", "拿地", "Land acquired";
        Started = "started", "开工", "Construction started";
        Completed = "completed", "竣工", "Construction completed";
        Handover = "handover", "交付", "Handed over";
        Production = "production", "投产", "In production";
        Capacity = "capacity", "达效", "At capacity";
    }
}

impl ProjectStage {
    /// Its position in the template (and in a project's `[StageDates; 8]`).
    pub const fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StageDef {
    pub code: ProjectStage,
    pub label: &'static str,
    /// Stages that must be reached first; the time limit counts from the latest of them.
    pub after: &'static [ProjectStage],
    /// Days allowed after the prerequisites, for the default planned date.
    pub limit_days: i64,
}

const fn s(code: ProjectStage, after: &'static [ProjectStage], limit_days: i64) -> StageDef {
    StageDef { code, label: code.label_zh(), after, limit_days }
}

use ProjectStage as P;

/// The default template. Pre-review and land acquisition run in parallel after signing.
pub const STAGES: [StageDef; 8] = [
    s(P::Signed, &[], 0),
    s(P::Prereview, &[P::Signed], 30),
    s(P::Land, &[P::Signed], 90),
    s(P::Started, &[P::Prereview, P::Land], 30),
    s(P::Completed, &[P::Started], 365),
    s(P::Handover, &[P::Completed], 30),
    s(P::Production, &[P::Handover], 60),
    s(P::Capacity, &[P::Production], 365),
];

pub fn stage_index(code: &str) -> Option<usize> {
    ProjectStage::parse(code).map(ProjectStage::index)
}

/// Planned and actual date of each stage, in template order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageDates {
    pub planned: Option<NaiveDate>,
    pub actual: Option<NaiveDate>,
}

/// Planned dates from the template for a project signed on `signed`, keeping the ones given.
pub fn plan_from_template(signed: NaiveDate, given: &[Option<NaiveDate>; 8]) -> [NaiveDate; 8] {
    let mut out = [signed; 8];
    for (i, st) in STAGES.iter().enumerate() {
        let base = st.after.iter().map(|a| out[a.index()]).max().unwrap_or(signed);
        out[i] = given[i].unwrap_or(base + Duration::days(st.limit_days));
    }
    out[0] = signed;
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageOrderError {
    /// `stage`'s date is before the date of its prerequisite `other`.
    BeforePrerequisite { stage: ProjectStage, other: ProjectStage },
    /// `stage`'s date is after the date of a stage that depends on it.
    AfterDependent { stage: ProjectStage, other: ProjectStage },
    /// An actual date for a stage whose prerequisite has none.
    PrerequisiteMissing { stage: ProjectStage, other: ProjectStage },
    /// An actual date after today.
    InFuture { stage: ProjectStage },
}

impl StageOrderError {
    pub fn message_zh(&self) -> String {
        let lbl = |s: &ProjectStage| s.label_zh();
        match self {
            StageOrderError::BeforePrerequisite { stage, other } => {
                format!("{}日期不能早于{}日期", lbl(stage), lbl(other))
            }
            StageOrderError::AfterDependent { stage, other } => format!("{}日期不能晚于{}日期", lbl(stage), lbl(other)),
            StageOrderError::PrerequisiteMissing { stage, other } => {
                format!("{}尚未完成，不能填写{}实际日期", lbl(other), lbl(stage))
            }
            StageOrderError::InFuture { stage } => format!("{}实际日期不能晚于今天", lbl(stage)),
        }
    }

    /// The stage whose date is wrong (the field to point at).
    pub fn stage(&self) -> ProjectStage {
        match self {
            StageOrderError::BeforePrerequisite { stage, .. }
            | StageOrderError::AfterDependent { stage, .. }
            | StageOrderError::PrerequisiteMissing { stage, .. }
            | StageOrderError::InFuture { stage } => *stage,
        }
    }

    pub fn other(&self) -> Option<ProjectStage> {
        match self {
            StageOrderError::BeforePrerequisite { other, .. }
            | StageOrderError::AfterDependent { other, .. }
            | StageOrderError::PrerequisiteMissing { other, .. } => Some(*other),
            StageOrderError::InFuture { .. } => None,
        }
    }
}

/// Checks the order of one kind of dates (planned or actual) across the template: no stage
/// before its prerequisites. For actual dates also: none after `today`, and none without the
/// prerequisites' actual dates. `changed` names the stage being edited so that the error says
/// which side of it is wrong.
pub fn check_order(
    dates: &[Option<NaiveDate>; 8],
    actual: bool,
    today: NaiveDate,
    changed: usize,
) -> Result<(), StageOrderError> {
    if actual
        && let Some(d) = dates[changed]
        && d > today
    {
        return Err(StageOrderError::InFuture { stage: STAGES[changed].code });
    }
    for (i, st) in STAGES.iter().enumerate() {
        let Some(d) = dates[i] else { continue };
        for a in st.after {
            let j = a.index();
            match dates[j] {
                Some(p) if d < p => {
                    return Err(if i == changed {
                        StageOrderError::BeforePrerequisite { stage: st.code, other: STAGES[j].code }
                    } else {
                        StageOrderError::AfterDependent { stage: STAGES[j].code, other: st.code }
                    });
                }
                // Also hit when a prerequisite is cleared under a recorded dependent.
                None if actual => {
                    return Err(StageOrderError::PrerequisiteMissing { stage: st.code, other: STAGES[j].code });
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageState {
    Done,
    Late,
    DueSoon,
    Pending,
}

/// Late: the planned date has passed without an actual date. Due soon: planned within
/// `warn_days` from today.
pub fn stage_state(d: &StageDates, today: NaiveDate, warn_days: i64) -> StageState {
    match (d.actual, d.planned) {
        (Some(_), _) => StageState::Done,
        (None, Some(p)) if p < today => StageState::Late,
        (None, Some(p)) if p <= today + Duration::days(warn_days) => StageState::DueSoon,
        _ => StageState::Pending,
    }
}

/// The furthest stage (in template order) with an actual date.
pub fn current_stage(stages: &[StageDates; 8]) -> ProjectStage {
    STAGES.iter().zip(stages).rev().find(|(_, d)| d.actual.is_some()).map(|(s, _)| s.code).unwrap_or(P::Signed)
}

/// Whole calendar months from `a` to `b` (2021-03-18 → 2021-09-18 is 6; → 09-17 is 5).
pub fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let m = i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month());
    if b.day() < a.day() { m - 1 } else { m }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Gaps {
    pub signed_to_started_days: Option<i64>,
    pub started_to_production_days: Option<i64>,
    pub started_to_production_months: Option<i64>,
}

pub fn gaps(stages: &[StageDates; 8]) -> Gaps {
    let at = |s: ProjectStage| stages[s.index()].actual;
    let (signed, started, production) = (at(P::Signed), at(P::Started), at(P::Production));
    Gaps {
        signed_to_started_days: signed.zip(started).map(|(a, b)| (b - a).num_days()),
        started_to_production_days: started.zip(production).map(|(a, b)| (b - a).num_days()),
        started_to_production_months: started.zip(production).map(|(a, b)| months_between(a, b)),
    }
}

/// "当年签约、当年开工、当年竣工、当年投产": signed, started, completed and producing in one
/// calendar year.
pub fn same_year(stages: &[StageDates; 8]) -> bool {
    let years: Vec<Option<i32>> = [P::Signed, P::Started, P::Completed, P::Production]
        .iter()
        .map(|s| stages[s.index()].actual.map(|d| d.year()))
        .collect();
    years.iter().all(|y| y.is_some() && *y == years[0])
}

/// Investment bands (元 thresholds from configuration): ≥ `top` is "100yi", `major..top` is
/// "50_100yi".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Bands {
    pub major_fen: i64,
    pub top_fen: i64,
}

impl Bands {
    pub fn band(&self, investment_fen: i64) -> Option<&'static str> {
        if investment_fen >= self.top_fen {
            Some("100yi")
        } else if investment_fen >= self.major_fen {
            Some("50_100yi")
        } else {
            None
        }
    }

    /// The half-open range of a band code, `[min, max)` in 分.
    pub fn range(&self, code: &str) -> Option<(i64, Option<i64>)> {
        match code {
            "100yi" => Some((self.top_fen, None)),
            "50_100yi" => Some((self.major_fen, Some(self.top_fen))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn stages_are_well_formed_and_in_template_order() {
        crate::vocabulary::assert_well_formed::<ProjectStage>();
        for (i, (st, p)) in STAGES.iter().zip(ProjectStage::ALL).enumerate() {
            assert_eq!((st.code, st.code.index(), st.label), (*p, i, p.label_zh()));
            assert!(st.after.iter().all(|a| a.index() < i), "{p:?} after a later stage");
        }
        assert_eq!(
            serde_json::to_value(STAGES[3]).unwrap(),
            serde_json::json!({"code": "started", "label": "开工", "after": ["prereview", "land"], "limit_days": 30})
        );
    }

    #[test]
    fn template_plan_runs_prereview_and_land_in_parallel() {
        let plan = plan_from_template(d("2022-01-10"), &[None; 8]);
        assert_eq!(plan[1], d("2022-02-09")); // prereview +30
        assert_eq!(plan[2], d("2022-04-10")); // land +90
        assert_eq!(plan[3], d("2022-05-10")); // started 30 after the later of the two
        assert_eq!(plan[4], d("2023-05-10"));
        let mut given = [None; 8];
        given[2] = Some(d("2022-02-01"));
        let plan = plan_from_template(d("2022-01-10"), &given);
        assert_eq!(plan[2], d("2022-02-01"));
        assert_eq!(plan[3], d("2022-03-11"), "started follows prereview when land is earlier");
    }

    #[test]
    fn order_rules() {
        let today = d("2022-09-01");
        let mut a = [None; 8];
        a[0] = Some(d("2022-01-10"));
        a[3] = Some(d("2022-03-01"));
        assert_eq!(
            check_order(&a, true, today, 3),
            Err(StageOrderError::PrerequisiteMissing { stage: P::Started, other: P::Prereview })
        );
        a[1] = Some(d("2022-01-20"));
        a[2] = Some(d("2022-03-05"));
        assert_eq!(
            check_order(&a, true, today, 3),
            Err(StageOrderError::BeforePrerequisite { stage: P::Started, other: P::Land })
        );
        assert_eq!(
            check_order(&a, true, today, 2),
            Err(StageOrderError::AfterDependent { stage: P::Land, other: P::Started })
        );
        a[2] = Some(d("2022-02-20"));
        assert_eq!(check_order(&a, true, today, 3), Ok(()));
        a[4] = Some(d("2022-09-02"));
        assert_eq!(check_order(&a, true, today, 4), Err(StageOrderError::InFuture { stage: P::Completed }));
        // Planned dates may lie in the future and need no prerequisite.
        let mut p = [None; 8];
        p[0] = Some(d("2022-01-10"));
        p[5] = Some(d("2030-01-01"));
        assert_eq!(check_order(&p, false, today, 5), Ok(()));
        assert!(
            StageOrderError::BeforePrerequisite { stage: P::Started, other: P::Land }.message_zh().contains("开工")
        );
    }

    #[test]
    fn states_gaps_and_flags() {
        let today = d("2022-09-01");
        let st = |p: Option<&str>, a: Option<&str>| StageDates { planned: p.map(d), actual: a.map(d) };
        assert_eq!(stage_state(&st(Some("2022-08-31"), None), today, 7), StageState::Late);
        assert_eq!(stage_state(&st(Some("2022-09-01"), None), today, 7), StageState::DueSoon);
        assert_eq!(stage_state(&st(Some("2022-09-08"), None), today, 7), StageState::DueSoon);
        assert_eq!(stage_state(&st(Some("2022-09-09"), None), today, 7), StageState::Pending);
        assert_eq!(stage_state(&st(Some("2022-08-01"), Some("2022-08-20")), today, 7), StageState::Done);
        assert_eq!(stage_state(&st(None, None), today, 7), StageState::Pending);

        let mut s = [StageDates::default(); 8];
        for (i, a) in
            ["2021-02-01", "2021-02-10", "2021-02-20", "2021-03-18", "2021-08-01", "2021-08-20"].iter().enumerate()
        {
            s[i].actual = Some(d(a));
        }
        assert_eq!(current_stage(&s), P::Handover);
        assert!(!same_year(&s));
        s[6].actual = Some(d("2021-09-18"));
        assert_eq!(current_stage(&s), P::Production);
        let g = gaps(&s);
        assert_eq!(g.signed_to_started_days, Some(45));
        assert_eq!(g.started_to_production_months, Some(6));
        assert_eq!(g.started_to_production_days, Some(184));
        assert!(same_year(&s));
        s[6].actual = Some(d("2022-01-05"));
        assert!(!same_year(&s));
        assert_eq!(months_between(d("2021-03-18"), d("2021-09-17")), 5);
        assert_eq!(months_between(d("2021-01-31"), d("2021-02-28")), 0);
    }

    #[test]
    fn bands() {
        let b = Bands { major_fen: 50 * 100_000_000 * 100, top_fen: 100 * 100_000_000 * 100 };
        assert_eq!(b.band(b.top_fen), Some("100yi"));
        assert_eq!(b.band(b.top_fen - 1), Some("50_100yi"));
        assert_eq!(b.band(b.major_fen), Some("50_100yi"));
        assert_eq!(b.band(b.major_fen - 1), None);
        assert_eq!(b.range("50_100yi"), Some((b.major_fen, Some(b.top_fen))));
        assert_eq!(b.range("x"), None);
    }

    proptest! {
        /// Dates built by walking the template forward never break the order rules, and moving
        /// any one of them before a prerequisite always does.
        #[test]
        fn template_walks_are_in_order(gaps in proptest::collection::vec(0i64..400, 8), cut in 1usize..8) {
            let signed = d("2021-01-01");
            let mut dates = [None; 8];
            for (i, st) in STAGES.iter().enumerate() {
                let base = st.after.iter().filter_map(|a| dates[a.index()]).max().unwrap_or(signed);
                dates[i] = Some(base + Duration::days(gaps[i]));
            }
            dates[0] = Some(signed);
            let today = d("2040-01-01");
            for i in 0..8 {
                prop_assert!(check_order(&dates, true, today, i).is_ok());
            }
            let j = STAGES[cut].after[0].index();
            let mut broken = dates;
            broken[cut] = Some(dates[j].unwrap() - Duration::days(1));
            prop_assert!(check_order(&broken, true, today, cut).is_err());
        }
    }
}
