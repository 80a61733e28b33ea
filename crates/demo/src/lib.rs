//! ZoneOps demo data: a pure, deterministic generator of the demo zone
//! (扬州经济技术开发区) as plain structs. No I/O; the loader inserts them.
//!
//! The 2020–2021 figures reproduce the article (晶澳 双过百亿, 二电厂 71.7亿,
//! 72 enterprises ≥ 1亿, the new 10亿级 and 亿元级 enterprises); everything
//! else is plausible invented data. Money is in 分, every other value in
//! hundredths of its unit. Investment attraction (investors, leads,
//! activities, projects, targets, weekly plans) reproduces the 2022 figures
//! and runs up to the day before `today`. Service-desk tickets run from 2021
//! to the eve of `today`, with today's queues alive (see [`TicketSeed`]).

mod credit;
mod enterprises;
mod indicators;
mod invest;
mod names;
mod plan;
mod rng;
mod tickets;
mod zone;

use chrono::{Datelike, NaiveDate};

pub use credit::{check_char as credit_code_check_char, is_valid as is_valid_credit_code};
pub use enterprises::CORE_COUNT as MIN_ENTERPRISES;
pub use indicators::METRICS;
pub use invest::{
    ActivitySeed, InvestorSeed, LeadSeed, PROJECT_STAGES, ProblemSeed, ProgressSeed, ProjectSeed, StageSeed,
    TargetSeed, TargetSubject, WeeklyPlanSeed,
};
pub use tickets::{TICKET_ROUTING, TicketEventSeed, TicketSeed, default_count as default_ticket_count};
pub use zone::goals as goals_on;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub seed: u64,
    /// The day the demo is loaded; records run up to the last full month before it.
    pub today: NaiveDate,
    /// Number of enterprises; raised to [`MIN_ENTERPRISES`] if smaller.
    pub enterprises: usize,
    /// First month of indicator records (YYYYMM). The article's 2021 facts
    /// need it at 202001 or earlier.
    pub first_month: i32,
    /// Approximate number of projects in total (signed 2021 up to `today`); 0 = scale with the
    /// zone (about 72 a year for 800 enterprises, more for larger zones). The article's fixed
    /// projects always come on top of a very small request.
    pub projects: usize,
    /// Number of investors (招商人员) including the demo account at index 0; 0 = three per park
    /// plus the demo account.
    pub investors: usize,
    /// Number of service-desk tickets (filed 2021-01-01 up to the day before `today`); 0 = scale
    /// with the zone: about one per enterprise per year ([`default_ticket_count`]).
    pub tickets: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            seed: 2022,
            today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or(NaiveDate::MIN),
            enterprises: 800,
            first_month: 202001,
            projects: 0,
            investors: 0,
            tickets: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneSeed {
    pub code: &'static str,
    pub name: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParkSeed {
    pub code: &'static str,
    pub name: &'static str,
    /// Not named in the article: demo data.
    pub invented: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainSeed {
    pub code: &'static str,
    pub name: &'static str,
    /// "leading" | "emerging" | "other"
    pub group: &'static str,
    pub invented: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeptSeed {
    pub code: &'static str,
    pub name: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseSeed {
    /// Stable key of the article's enterprises ("ja", "power2" …); None for invented ones.
    pub key: Option<&'static str>,
    /// Valid 18-character 统一社会信用代码, unique across the zone.
    pub credit_code: String,
    pub name: String,
    /// Index into `Demo::parks`.
    pub park: usize,
    /// Index into `Demo::chains`; None for enterprises outside the "3+4+1".
    pub chain: Option<usize>,
    /// GB/T 4754-2017 小类 code.
    pub industry_code: &'static str,
    /// 规上: 2021 sales ≥ 2000万 (named enterprises always).
    pub above_size: bool,
    /// Land area in hundredths of a mu.
    pub land_mu_centi: i64,
    pub established: NaiveDate,
    pub address: String,
    pub entrepreneurs: Vec<PersonSeed>,
    /// Enterprise awards, e.g. "30强工业企业(2021)".
    pub honors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSeed {
    pub name: String,
    /// 董事长, 总经理, 董事长兼总经理 …
    pub title: String,
    pub mobile: String,
    /// e.g. "十大优秀企业家(2021)".
    pub honors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorSeed {
    /// One of [`METRICS`].
    pub metric: &'static str,
    /// YYYYMM
    pub period: i32,
    /// Hundredths of the unit: 分 for money, persons×100, tce×100.
    pub value: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalSeed {
    pub name: &'static str,
    /// "baiyi" | "yi"
    pub tier: &'static str,
    pub target_count: i64,
    pub base_year: i32,
    pub deadline_year: i32,
}

#[derive(Debug, Clone)]
pub struct Demo {
    pub zone: ZoneSeed,
    pub parks: Vec<ParkSeed>,
    pub chains: Vec<ChainSeed>,
    pub departments: Vec<DeptSeed>,
    pub enterprises: Vec<EnterpriseSeed>,
    pub goals: Vec<GoalSeed>,
    /// Promotion staff; index 0 is the demo account `investor`.
    pub investors: Vec<InvestorSeed>,
    /// Ordered by creation date.
    pub leads: Vec<LeadSeed>,
    /// Ordered by start date.
    pub activities: Vec<ActivitySeed>,
    /// Ordered by signing date.
    pub projects: Vec<ProjectSeed>,
    pub targets: Vec<TargetSeed>,
    pub weekly_plans: Vec<WeeklyPlanSeed>,
    /// Service-desk tickets, ordered by filing time.
    pub tickets: Vec<TicketSeed>,
    /// The load date: the recent meetings and visits are dated from it.
    pub today: NaiveDate,
    plans: Vec<plan::Plan>,
    first_month: i32,
    last_month: i32,
}

/// The last month fully elapsed before `today` (YYYYMM).
pub fn last_full_month(today: NaiveDate) -> i32 {
    let (y, m) = (today.year(), today.month() as i32);
    if m == 1 { (y - 1) * 100 + 12 } else { y * 100 + m - 1 }
}

/// The keys of the article's enterprises, in index order (they come first).
pub fn named_keys() -> Vec<&'static str> {
    enterprises::named_keys().collect()
}

pub fn generate(opts: &DemoOptions) -> Demo {
    let m = opts.first_month % 100;
    assert!((1..=12).contains(&m), "first_month must be YYYYMM, got {}", opts.first_month);
    let last_month = last_full_month(opts.today);
    let (enterprises, plans) = enterprises::build(opts.seed, opts.enterprises, last_month);
    let inv = invest::build(opts.seed, opts.today, &enterprises, opts.investors, opts.projects);
    let tickets = tickets::build(opts.seed, opts.today, opts.tickets, &enterprises, &inv.projects, &zone::DEPARTMENTS);
    Demo {
        zone: zone::ZONE,
        parks: zone::PARKS.to_vec(),
        chains: zone::CHAINS.to_vec(),
        departments: zone::DEPARTMENTS.to_vec(),
        enterprises,
        goals: zone::goals(opts.today),
        investors: inv.investors,
        leads: inv.leads,
        activities: inv.activities,
        projects: inv.projects,
        targets: inv.targets,
        weekly_plans: inv.weekly_plans,
        tickets,
        today: opts.today,
        plans,
        first_month: opts.first_month,
        last_month,
    }
}

impl Demo {
    /// Monthly indicator records of one enterprise (index into `enterprises`),
    /// from the first month to the last full month before `today`, ordered by
    /// period then metric. Deterministic for (seed, index).
    pub fn indicators(&self, enterprise: usize) -> Vec<IndicatorSeed> {
        self.indicators_between(enterprise, self.first_month, self.last_month)
    }

    /// Like [`Demo::indicators`] restricted to months `from..=to` (YYYYMM);
    /// the values are identical to the matching records of the full series.
    pub fn indicators_between(&self, enterprise: usize, from: i32, to: i32) -> Vec<IndicatorSeed> {
        let plan = &self.plans[enterprise];
        let from = from.max(self.first_month);
        let to = to.min(self.last_month);
        let n = indicators::months_between(from.max(plan.start), to) * METRICS.len();
        let mut out = Vec::with_capacity(n);
        indicators::emit(plan, from, to, &mut out);
        out
    }

    /// Total number of indicator rows over all enterprises, without building them.
    pub fn indicator_count(&self) -> usize {
        self.plans
            .iter()
            .map(|p| indicators::months_between(self.first_month.max(p.start), self.last_month))
            .sum::<usize>()
            * METRICS.len()
    }

    pub fn enterprise_by_key(&self, key: &str) -> Option<usize> {
        self.enterprises.iter().take(enterprises::NAMED_COUNT).position(|e| e.key == Some(key))
    }

    /// Yearly sales (分) of an enterprise: the sum of its `sales` records in
    /// `year` (so the current year counts only the elapsed months).
    pub fn year_sales(&self, enterprise: usize, year: i32) -> i64 {
        if self.first_month <= year * 100 + 1 && year * 100 + 12 <= self.last_month {
            // A whole year of records: no need to build them.
            return indicators::year_sales(&self.plans[enterprise], year);
        }
        self.indicators_between(enterprise, year * 100 + 1, year * 100 + 12)
            .iter()
            .filter(|r| r.metric == "sales")
            .map(|r| r.value)
            .sum()
    }

    /// The routing of ticket categories: (category code, index into `departments`), in
    /// [`TICKET_ROUTING`] order.
    pub fn ticket_departments(&self) -> Vec<(&'static str, usize)> {
        TICKET_ROUTING
            .iter()
            .filter_map(|(cat, code)| self.departments.iter().position(|d| d.code == *code).map(|i| (*cat, i)))
            .collect()
    }

    pub fn first_month(&self) -> i32 {
        self.first_month
    }

    /// The last month with records (YYYYMM).
    pub fn last_month(&self) -> i32 {
        self.last_month
    }
}
