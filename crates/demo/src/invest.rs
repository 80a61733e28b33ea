//! Investment attraction and projects of the demo zone: investors, leads, activities, projects,
//! targets and weekly plans. The article's facts come from fixed records; the rest is plausible
//! generated data continuing up to the load date.
//!
//! The facts hold by construction for any seed, size and `today` ≥ 2022-09-01:
//! - 2022-01..08 advanced manufacturing: exactly 51 fixed signings whose amounts are split to sum to
//!   598亿 (2 ≥ 100亿, 3 in 50–100亿, 46 in 1–32亿); generated projects signed in that window are
//!   drawn from the other categories only.
//! - 2021-09-01..=2022-08-31: exactly 716 trips and 1090 receptions sampled over its days; other
//!   periods follow yearly rates.
//! - 晶澳's production is its construction start plus six calendar months (day ≤ 28); 华鹏 and
//!   领益 (and 科霸, 大食品) have fixed 2021 dates with a little seeded jitter.
//! - One project is due within the week and one is late at `today`, whatever the random ones do.
//!
//! Every record draws from its own stream (seed, purpose, index), so the output is deterministic.

mod activities;
mod leads;
mod plans;
mod projects;
mod text;
pub(crate) mod util;

use chrono::NaiveDate;

use crate::EnterpriseSeed;
use crate::names::Names;
use crate::rng::Rng;
use crate::zone::PARKS;

/// The stage codes in template order (the domain's project stage template has the same order).
pub const PROJECT_STAGES: [&str; 8] =
    ["signed", "prereview", "land", "started", "completed", "handover", "production", "capacity"];

/// A promotion-staff account (招商人员). Index 0 is the demo account `investor` (own scope: its
/// own leads, activities, projects and targets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvestorSeed {
    pub username: String,
    pub display_name: String,
    /// Index into `Demo::parks`; None for zone-level staff.
    pub park: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadSeed {
    pub company: String,
    pub codename: Option<String>,
    pub confidential: bool,
    /// "business" | "agency" | "expo" | "online" | "visit" | "referral" | "other"
    pub source: &'static str,
    /// "new" | "expansion" | "retention"
    pub kind: &'static str,
    pub industry_code: Option<&'static str>,
    pub chain: Option<usize>,
    /// 分
    pub intended_investment: i64,
    /// Index into `Demo::investors`.
    pub owner: usize,
    pub park: usize,
    pub created: NaiveDate,
    /// Stage moves after creation (stage `lead` on `created`), oldest first: (date, to-stage,
    /// reason). The last one is the current stage.
    pub moves: Vec<(NaiveDate, &'static str, Option<String>)>,
    /// Index into `Demo::projects` when the lead was signed and became a project.
    pub project: Option<usize>,
    pub contact_name: String,
    pub contact_phone: String,
    /// Index into `Demo::enterprises` for expansion/retention leads.
    pub enterprise: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivitySeed {
    /// "trip" | "reception" | "online" | "promotion"
    pub kind: &'static str,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub location: String,
    pub counterpart: String,
    pub participants: Vec<String>,
    /// Index into `Demo::investors`.
    pub owner: usize,
    pub park: Option<usize>,
    pub outcome: String,
    /// Indexes into `Demo::leads`.
    pub leads: Vec<usize>,
    /// Indexes into `Demo::enterprises`.
    pub enterprises: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageSeed {
    pub planned: Option<NaiveDate>,
    pub actual: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSeed {
    /// "ja", "huapeng", "lingyi" for the article's projects.
    pub key: Option<&'static str>,
    pub name: String,
    pub enterprise: Option<usize>,
    pub park: usize,
    /// Index into `Demo::investors`.
    pub owner: usize,
    pub chain: Option<usize>,
    /// "advanced_manufacturing" | "modern_services" | "infrastructure" | "other"
    pub category: &'static str,
    /// 分
    pub investment: i64,
    /// In `PROJECT_STAGES` order; `stages[0].actual` is the signing date.
    pub stages: [StageSeed; 8],
    pub progress: Vec<ProgressSeed>,
    pub problems: Vec<ProblemSeed>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressSeed {
    /// A Monday.
    pub week: NaiveDate,
    pub done: String,
    pub blockers: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemSeed {
    pub title: String,
    pub detail: String,
    pub raised: NaiveDate,
    pub solved: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSubject {
    Park(usize),
    /// Index into `Demo::investors`.
    Investor(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSeed {
    pub subject: TargetSubject,
    /// "2022", "2022-H1" or "2022-03".
    pub period: String,
    pub signed_count: i64,
    /// 分
    pub signed_amount: i64,
    pub trips: i64,
    pub receptions: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyPlanSeed {
    /// Index into `Demo::investors`.
    pub investor: usize,
    /// A Monday.
    pub week: NaiveDate,
    pub items: Vec<(String, bool)>,
}

/// Everything the investment generator produces, in `Demo` field order.
pub(crate) struct Invest {
    pub investors: Vec<InvestorSeed>,
    pub leads: Vec<LeadSeed>,
    pub activities: Vec<ActivitySeed>,
    pub projects: Vec<ProjectSeed>,
    pub targets: Vec<TargetSeed>,
    pub weekly_plans: Vec<WeeklyPlanSeed>,
}

/// Shared inputs of the generators.
pub(crate) struct Ctx<'a> {
    pub seed: u64,
    pub today: NaiveDate,
    /// The last day that can carry an actual date.
    pub yesterday: NaiveDate,
    pub enterprises: &'a [EnterpriseSeed],
    pub investors: &'a [InvestorSeed],
    /// Investor indexes per park.
    pub by_park: Vec<Vec<usize>>,
    pub names: &'a Names,
}

impl Ctx<'_> {
    /// An owner for a record of `park`: mostly one of the park's investors, sometimes the
    /// zone-level account.
    pub fn owner(&self, rng: &mut Rng, park: usize) -> usize {
        match self.by_park.get(park) {
            Some(list) if !list.is_empty() && !rng.chance(120) => list[rng.index(list.len())],
            _ => 0,
        }
    }
}

/// Investors: index 0 is the demo account, then `inv_<park>_<n>` round-robin over the parks.
fn investors(seed: u64, count: usize, names: &Names) -> Vec<InvestorSeed> {
    let count = if count == 0 { 1 + 3 * PARKS.len() } else { count };
    let mut out = Vec::with_capacity(count);
    out.push(InvestorSeed { username: "investor".to_string(), display_name: "招商人员".to_string(), park: None });
    let mut seen = std::collections::HashSet::with_capacity(count);
    for i in 1..count {
        let park = (i - 1) % PARKS.len();
        let mut rng = Rng::from_parts(seed ^ 0x1BE5_7000, i as u64);
        // Distinct display names while the name space allows it.
        let mut name = names.person(&mut rng);
        for _ in 0..8 {
            if !seen.contains(&name) {
                break;
            }
            name = names.person(&mut rng);
        }
        seen.insert(name.clone());
        out.push(InvestorSeed {
            username: format!("inv_{}_{}", PARKS[park].code, (i - 1) / PARKS.len() + 1),
            display_name: name,
            park: Some(park),
        });
    }
    out
}

pub(crate) fn build(
    seed: u64,
    today: NaiveDate,
    enterprises: &[EnterpriseSeed],
    n_investors: usize,
    n_projects: usize,
) -> Invest {
    let names = Names::new(seed ^ 0x001A_7E57);
    let investors = investors(seed, n_investors, &names);
    let mut by_park = vec![Vec::new(); PARKS.len()];
    for (i, inv) in investors.iter().enumerate() {
        if let Some(p) = inv.park {
            by_park[p].push(i);
        }
    }
    let cx = Ctx {
        seed,
        today,
        yesterday: util::add_days(today, -1),
        enterprises,
        investors: &investors,
        by_park,
        names: &names,
    };
    let (generated, rate) = projects::sizing(&cx, n_projects, enterprises.len());
    let (projects, metas) = projects::build(&cx, generated);
    let built_leads = leads::build(&cx, &projects, &metas, rate);
    let mut activities = activities::build(&cx);
    activities::link(&cx, &mut activities, &built_leads);
    let targets = plans::targets(&cx, &projects, &activities);
    let weekly_plans = plans::weekly_plans(&cx, &built_leads, &projects);
    let leads = built_leads.into_iter().map(|b| b.lead).collect();
    Invest { investors, leads, activities, projects, targets, weekly_plans }
}
