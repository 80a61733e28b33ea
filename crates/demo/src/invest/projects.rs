//! Projects: the article's fixed ones (晶澳, 华鹏, 领益 and two more 2021 plants), the 51
//! advanced-manufacturing signings of January–August 2022 with exactly 598亿, and generated ones
//! from 2021 to the day before `today`, with stage dates that follow the template.

use chrono::{Months, NaiveDate};

use super::text;
use super::util::*;
use super::{Ctx, ProblemSeed, ProgressSeed, ProjectSeed, StageSeed};
use crate::rng::Rng;
use crate::zone::{self, *};

pub const AM: &str = "advanced_manufacturing";
/// 百万元 in 分.
pub const MILLION: i64 = 100_000_000;
/// 亿元 in 分.
pub const YI: i64 = 100 * MILLION;

/// The article's window: signings of 2022 January–August.
pub fn window() -> (NaiveDate, NaiveDate) {
    (ymd(2022, 1, 1), ymd(2022, 8, 31))
}
pub const WINDOW_AM_COUNT: usize = 51;
/// 598亿 in 百万元.
pub const WINDOW_AM_TOTAL: i64 = 59_800;
/// Generated data starts here.
pub fn start() -> NaiveDate {
    ymd(2021, 1, 1)
}

/// Days allowed after the latest prerequisite (the domain's default template).
pub const LIMITS: [i64; 8] = [0, 30, 90, 30, 365, 30, 60, 365];
/// Prerequisites of each stage (indexes into `PROJECT_STAGES`).
pub const PREREQ: [&[usize]; 8] = [&[], &[0], &[0], &[1, 2], &[3], &[4], &[5], &[6]];
/// Share (percent) of the generated signing rate that falls outside advanced manufacturing;
/// inside the article's window only those are generated.
const NON_AM_PERCENT: u64 = 35;
/// Generated projects per year for a zone of 800 enterprises.
pub const BASE_RATE: f64 = 72.0;
/// The fixed projects besides the window's 51: the article's five, one due soon, one late.
const ARTICLE_COUNT: usize = 5;
const PINNED_COUNT: usize = 2;

/// What leads and activities need to know about a project besides the record.
pub struct Meta {
    /// The investor's company (the enterprise itself for expansions).
    pub company: String,
    /// Where that company comes from ("扬州" for the zone's own enterprises).
    pub city: &'static str,
    pub industry_code: Option<&'static str>,
    /// The project came out of a lead (government infrastructure does not).
    pub from_lead: bool,
}

/// Planned completion time: 240 days for small projects up to 540 for ≥ 100亿.
pub fn completed_days(investment: i64) -> i64 {
    let yi = (investment as f64 / YI as f64).max(1.0);
    let t = (yi.ln() / 100f64.ln()).min(1.0);
    240 + (300.0 * t).round() as i64
}

fn limit(i: usize, completed: i64) -> i64 {
    if i == 4 { completed } else { LIMITS[i] }
}

/// Planned dates from the template, counted from the signing date.
pub fn planned(signed: NaiveDate, completed: i64) -> [NaiveDate; 8] {
    let mut p = [signed; 8];
    for i in 1..8 {
        let base = PREREQ[i].iter().map(|&j| p[j]).max().unwrap_or(signed);
        p[i] = add_days(base, limit(i, completed));
    }
    p
}

/// Actual dates: each stage takes its planned time scaled by the project's pace and a per-stage
/// jitter; a few projects stall at one stage. Nothing after `yesterday`.
fn simulate(rng: &mut Rng, signed: NaiveDate, completed: i64, yesterday: NaiveDate) -> [Option<NaiveDate>; 8] {
    let roll = rng.range(0, 99);
    let pace = if roll < 55 {
        0.6 + 0.35 * rng.unit()
    } else if roll < 83 {
        0.95 + 0.15 * rng.unit()
    } else {
        1.1 + 0.5 * rng.unit()
    };
    let stall = rng.chance(60).then(|| rng.range(1, 4) as usize);
    let mut a = [None; 8];
    a[0] = Some(signed);
    for i in 1..8 {
        let mut base = signed;
        let mut ready = true;
        for &j in PREREQ[i] {
            match a[j] {
                Some(d) => base = base.max(d),
                None => ready = false,
            }
        }
        if !ready {
            continue;
        }
        let f = pace * (0.8 + 0.35 * rng.unit());
        let mut gap = ((limit(i, completed) as f64) * f).round().max(1.0) as i64;
        if stall == Some(i) {
            gap = gap * 3 + 90;
        }
        let d = add_days(base, gap);
        if d <= yesterday {
            a[i] = Some(d);
        }
    }
    a
}

/// Drops actual dates after `yesterday` and any whose prerequisites lack one.
pub fn clip(stages: &mut [StageSeed; 8], yesterday: NaiveDate) {
    for i in 0..8 {
        if stages[i].actual.is_some_and(|d| d > yesterday) || PREREQ[i].iter().any(|&j| stages[j].actual.is_none()) {
            stages[i].actual = None;
        }
    }
}

fn stages_of(planned: [NaiveDate; 8], actual: [Option<NaiveDate>; 8]) -> [StageSeed; 8] {
    std::array::from_fn(|i| StageSeed { planned: Some(planned[i]), actual: actual[i] })
}

const AM_CHAINS: [(Option<usize>, u64); 7] = [
    (Some(CH_NEWENERGY), 16),
    (Some(CH_PV), 12),
    (Some(CH_AUTO), 18),
    (Some(CH_LIGHTIND), 10),
    (Some(CH_HEALTH), 10),
    (Some(CH_MACHINERY), 18),
    (Some(CH_ICT), 16),
];
const SVC_CHAINS: [(Option<usize>, u64); 3] = [(Some(CH_ICT), 40), (Some(CH_LOGISTICS), 35), (None, 25)];
const INFRA_CHAINS: [(Option<usize>, u64); 2] = [(Some(CH_LOGISTICS), 25), (None, 75)];
const OTHER_CHAINS: [(Option<usize>, u64); 3] = [(None, 70), (Some(CH_LIGHTIND), 15), (Some(CH_HEALTH), 15)];

fn chain_for(rng: &mut Rng, category: &str) -> Option<usize> {
    match category {
        AM => weighted(rng, &AM_CHAINS),
        "modern_services" => weighted(rng, &SVC_CHAINS),
        "infrastructure" => weighted(rng, &INFRA_CHAINS),
        _ => weighted(rng, &OTHER_CHAINS),
    }
}

fn industry_for(rng: &mut Rng, category: &str, chain: Option<usize>) -> Option<&'static str> {
    let list = zone::industries(chain);
    let software = |i: &&zone::Industry| i.sector == Sector::Software;
    let pool: Vec<&zone::Industry> = match category {
        AM => list.iter().filter(|i| !software(i)).collect(),
        "modern_services" if chain == Some(CH_ICT) => list.iter().filter(software).collect(),
        "infrastructure" => return None,
        _ => list.iter().collect(),
    };
    (!pool.is_empty()).then(|| pool[rng.index(pool.len())].code)
}

/// An existing enterprise of `chain` established at least a year before `before`, by sampling.
pub fn find_enterprise(
    cx: &Ctx,
    rng: &mut Rng,
    chain: Option<usize>,
    park: Option<usize>,
    before: NaiveDate,
) -> Option<usize> {
    let n = cx.enterprises.len();
    if n == 0 {
        return None;
    }
    for _ in 0..12 {
        let i = rng.index(n);
        let e = &cx.enterprises[i];
        if (chain.is_none() || e.chain == chain)
            && park.is_none_or(|p| e.park == p)
            && add_days(e.established, 365) < before
        {
            return Some(i);
        }
    }
    None
}

/// Investment in 分 by category, rounded to 百万元.
fn investment(rng: &mut Rng, category: &str) -> i64 {
    let units = match category {
        AM => match rng.range(0, 999) {
            0..=11 => rng.range(1000, 1600) * 10,
            12..=39 => rng.range(500, 950) * 10,
            _ => rng.log_uniform(100, 4000),
        },
        "modern_services" => rng.log_uniform(50, 2000),
        "infrastructure" => rng.log_uniform(200, 3000),
        _ => rng.log_uniform(50, 800),
    };
    units * MILLION
}

/// Builds one project around a signing date and category; the investment is given or drawn.
fn assemble(
    cx: &Ctx,
    rng: &mut Rng,
    signed: NaiveDate,
    category: &'static str,
    chain: Option<usize>,
    invest: Option<i64>,
) -> (ProjectSeed, Meta) {
    let expansion = match category {
        AM => 300,
        "modern_services" => 120,
        "infrastructure" => 0,
        _ => 50,
    };
    let enterprise = if rng.chance(expansion) { find_enterprise(cx, rng, chain, None, signed) } else { None };
    let invest = invest.unwrap_or_else(|| investment(rng, category));
    let (park, brand, company, city, industry) = match enterprise {
        Some(i) => {
            let e = &cx.enterprises[i];
            (e.park, text::short_name(e), e.name.clone(), "扬州", Some(e.industry_code))
        }
        None => {
            let park = if category != "infrastructure" && chain.is_some() && rng.chance(750) {
                home_park(chain)
            } else {
                rng.index(PARKS.len())
            };
            let city = text::city(rng);
            let brand = cx.names.brand(rng);
            let company = if category == "infrastructure" {
                "扬州经济技术开发区开发(集团)有限公司".to_string()
            } else {
                text::company(rng, city, &brand, chain)
            };
            (park, brand, company, city, industry_for(rng, category, chain))
        }
    };
    let name = text::project_name(rng, category, &brand, chain, PARKS[park].name, enterprise.is_some());
    let completed = completed_days(invest);
    let actual = simulate(rng, signed, completed, cx.yesterday);
    let project = ProjectSeed {
        key: None,
        name,
        enterprise,
        park,
        owner: cx.owner(rng, park),
        chain,
        category,
        investment: invest,
        stages: stages_of(planned(signed, completed), actual),
        progress: Vec::new(),
        problems: Vec::new(),
    };
    let from_lead = category != "infrastructure" && rng.chance(880);
    (project, Meta { company, city, industry_code: industry, from_lead })
}

/// The 51 investments of the window in 百万元: 2 of 100–135亿, 3 of 50–78亿 and 46 of 1–32亿,
/// summing to exactly 598亿. The 46 get 1亿 each plus shares of the rest in proportion to
/// weights within 1:8, so none can exceed 32亿.
pub fn window_investments(rng: &mut Rng) -> Vec<i64> {
    let mut v: Vec<i64> = Vec::with_capacity(WINDOW_AM_COUNT);
    for _ in 0..2 {
        v.push(rng.range(1000, 1350) * 10);
    }
    for _ in 0..3 {
        v.push(rng.range(500, 780) * 10);
    }
    let others = WINDOW_AM_COUNT - 5;
    let rest = WINDOW_AM_TOTAL - v.iter().sum::<i64>() - 100 * others as i64;
    let weights: Vec<i64> = (0..others).map(|_| rng.log_uniform(10, 80)).collect();
    let total_w: i64 = weights.iter().sum();
    let mut shares: Vec<i64> = weights.iter().map(|w| rest * w / total_w).collect();
    let left = rest - shares.iter().sum::<i64>();
    for s in shares.iter_mut().take(left as usize) {
        *s += 1;
    }
    v.extend(shares.iter().map(|s| 100 + s));
    debug_assert_eq!(v.iter().sum::<i64>(), WINDOW_AM_TOTAL);
    shuffle(rng, &mut v);
    v
}

fn article(cx: &Ctx, rng: &mut Rng) -> Vec<(ProjectSeed, Meta)> {
    let mut out = Vec::new();
    let r = |rng: &mut Rng, lo: i64, hi: i64| rng.range(lo, hi);
    let day = |rng: &mut Rng, y: i32, m: u32, lo: i64, hi: i64| ymd(y, m, rng.range(lo, hi) as u32);
    // 晶澳: construction start to production in exactly 6 months.
    {
        let s = day(rng, 2021, 1, 6, 14);
        let t = day(rng, 2021, 3, 10, 22);
        let p = t.checked_add_months(Months::new(6)).unwrap_or(t);
        let comp = add_days(p, -r(rng, 40, 50));
        let dates = [
            s,
            add_days(s, r(rng, 14, 21)),
            add_days(s, r(rng, 35, 45)),
            t,
            comp,
            add_days(comp, r(rng, 7, 15)),
            p,
            add_days(p, r(rng, 150, 240)),
        ];
        out.push(fixed(cx, rng, "ja", "晶澳年产10GW高效太阳能电池项目", 46, dates));
    }
    // 领益: signed, started, built and producing in 2021.
    {
        let s = day(rng, 2021, 1, 18, 28);
        let comp = day(rng, 2021, 8, 1, 15);
        let p = day(rng, 2021, 9, 1, 15);
        let dates = [
            s,
            add_days(s, r(rng, 7, 15)),
            add_days(s, r(rng, 20, 35)),
            day(rng, 2021, 3, 20, 31),
            comp,
            add_days(comp, r(rng, 5, 12)),
            p,
            add_days(p, r(rng, 180, 270)),
        ];
        out.push(fixed(cx, rng, "lingyi", "领益智造精密功能件及模组项目", 32, dates));
    }
    // 华鹏: the same within 2021.
    {
        let s = day(rng, 2021, 1, 5, 15);
        let comp = day(rng, 2021, 9, 1, 10);
        let p = day(rng, 2021, 10, 8, 20);
        let dates = [
            s,
            add_days(s, r(rng, 7, 14)),
            add_days(s, r(rng, 30, 45)),
            day(rng, 2021, 3, 5, 15),
            comp,
            add_days(comp, r(rng, 5, 10)),
            p,
            add_days(p, r(rng, 180, 270)),
        ];
        out.push(fixed(cx, rng, "huapeng", "华鹏智能电气装备项目", 11, dates));
    }
    // 科霸 and 大食品: the other new plants of 2021 (production from their first indicator month).
    {
        let s = day(rng, 2021, 3, 1, 10);
        let comp = day(rng, 2021, 10, 1, 12);
        let p = day(rng, 2021, 11, 1, 20);
        let dates = [
            s,
            add_days(s, r(rng, 7, 14)),
            add_days(s, r(rng, 20, 35)),
            day(rng, 2021, 5, 6, 20),
            comp,
            add_days(comp, r(rng, 5, 10)),
            p,
            add_days(p, r(rng, 180, 270)),
        ];
        out.push(fixed(cx, rng, "kelba", "科霸新能源电池材料项目", 20, dates));
    }
    {
        let s = day(rng, 2021, 4, 10, 25);
        let comp = day(rng, 2022, 4, 1, 20);
        let p = day(rng, 2022, 6, 1, 20);
        let dates = [
            s,
            add_days(s, r(rng, 10, 20)),
            add_days(s, r(rng, 30, 50)),
            day(rng, 2021, 7, 1, 15),
            comp,
            add_days(comp, r(rng, 10, 20)),
            p,
            add_days(p, r(rng, 300, 400)),
        ];
        out.push(fixed(cx, rng, "bigfood", "大食品中央厨房及方便食品项目", 12, dates));
    }
    out
}

fn fixed(
    cx: &Ctx,
    rng: &mut Rng,
    key: &'static str,
    name: &str,
    yi: i64,
    dates: [NaiveDate; 8],
) -> (ProjectSeed, Meta) {
    let enterprise = cx.enterprises.iter().take(20).position(|e| e.key == Some(key));
    let e = enterprise.map(|i| &cx.enterprises[i]);
    let park = e.map(|e| e.park).unwrap_or(PARK_AUTO);
    let chain = e.and_then(|e| e.chain);
    let investment = yi * YI;
    let mut stages = stages_of(planned(dates[0], completed_days(investment)), dates.map(Some));
    clip(&mut stages, cx.yesterday);
    let project = ProjectSeed {
        key: Some(key),
        name: name.to_string(),
        enterprise,
        park,
        owner: cx.owner(rng, park),
        chain,
        category: AM,
        investment,
        stages,
        progress: Vec::new(),
        problems: Vec::new(),
    };
    let company = e.map(|e| e.name.clone()).unwrap_or_default();
    (project, Meta { company, city: "扬州", industry_code: e.map(|e| e.industry_code), from_lead: true })
}

/// Number of generated (not fixed) projects and the yearly signing rate they follow.
pub fn sizing(cx: &Ctx, requested: usize, enterprises: usize) -> (usize, f64) {
    let (w0, w1) = window();
    let last = cx.yesterday;
    let span = (days(start(), last) + 1).max(0) as f64;
    let in_window = if last < w0 { 0.0 } else { (days(w0, last.min(w1)) + 1) as f64 };
    let effective_years = ((span - in_window) + in_window * NON_AM_PERCENT as f64 / 100.0) / 365.0;
    if requested > 0 {
        let n = requested.saturating_sub(WINDOW_AM_COUNT + ARTICLE_COUNT + PINNED_COUNT + CONTEST_PARKS.len());
        let rate = if effective_years > 0.0 { n as f64 / effective_years } else { BASE_RATE };
        (n, rate)
    } else {
        let rate = BASE_RATE * (enterprises as f64 / 800.0).max(1.0);
        ((rate * effective_years).round() as usize, rate)
    }
}

fn signing_weight(d: NaiveDate) -> u64 {
    use chrono::Datelike;
    let (w0, w1) = window();
    let month = if matches!(d.month(), 6 | 12) { 13 } else { 10 };
    let year = match d.year() {
        2021 => 9,
        2022 | 2025 => 11,
        _ => 10,
    };
    let share = if (w0..=w1).contains(&d) { NON_AM_PERCENT } else { 100 };
    business_weight(d) * month * year * share
}

const CATEGORIES: [(&str, u64); 4] = [(AM, 65), ("modern_services", 22), ("infrastructure", 8), ("other", 5)];

fn generic(cx: &Ctx, rng: &mut Rng, signed: NaiveDate) -> (ProjectSeed, Meta) {
    let (w0, w1) = window();
    let category =
        if (w0..=w1).contains(&signed) { weighted(rng, &CATEGORIES[1..]) } else { weighted(rng, &CATEGORIES) };
    let chain = chain_for(rng, category);
    assemble(cx, rng, signed, category, chain, None)
}

/// All projects, ordered by signing date, with their metas.
pub fn build(cx: &Ctx, generated: usize) -> (Vec<ProjectSeed>, Vec<Meta>) {
    let mut all: Vec<(ProjectSeed, Meta)> = Vec::with_capacity(generated + WINDOW_AM_COUNT + 8);
    let mut rng = Rng::from_parts(cx.seed, 0x1A7E_5701);
    all.extend(article(cx, &mut rng));

    let (w0, w1) = window();
    if let Some(days) = DaySampler::new(w0, w1.min(cx.yesterday), business_weight) {
        let amounts = window_investments(&mut rng);
        for (k, units) in amounts.into_iter().enumerate() {
            let mut r = Rng::from_parts(cx.seed ^ 0x0051_0598, k as u64);
            let signed = days.sample(&mut r);
            let chain = if units >= 5000 {
                *r.pick(&[Some(CH_NEWENERGY), Some(CH_PV), Some(CH_AUTO), Some(CH_ICT)])
            } else {
                weighted(&mut r, &AM_CHAINS)
            };
            all.push(assemble(cx, &mut r, signed, AM, chain, Some(units * MILLION)));
        }
    }

    if let Some(days) = DaySampler::new(start(), cx.yesterday, signing_weight) {
        for k in 0..generated {
            let mut r = Rng::from_parts(cx.seed ^ 0x0000_9E0E_7A1C, k as u64);
            let signed = days.sample(&mut r);
            all.push(generic(cx, &mut r, signed));
        }
    }

    // One project due within the week (pre-review planned in 4 days) and one late (no pre-review
    // 45 days after its planned date), whatever the random ones do.
    for (k, back) in [(0u64, 26i64), (1, 75)] {
        let signed = add_days(cx.today, -back);
        if signed < start() {
            continue;
        }
        let mut r = Rng::from_parts(cx.seed ^ 0x0000_0019_1ED0, k);
        let (mut p, m) = generic(cx, &mut r, signed);
        for s in p.stages.iter_mut().skip(1) {
            s.actual = None;
        }
        all.push((p, m));
    }

    all.retain(|(p, _)| p.stages[0].actual.is_some_and(|d| d <= cx.yesterday));
    all.extend(contest(cx));
    // Stable: equal dates keep generation order, which is itself deterministic.
    all.sort_by_key(|(p, _)| p.stages[0].actual);
    let (mut projects, metas): (Vec<_>, Vec<_>) = all.into_iter().unzip();
    for (i, p) in projects.iter_mut().enumerate() {
        let mut r = Rng::from_parts(cx.seed ^ 0x0000_F011_0A0B, i as u64);
        follow_up(cx, &mut r, p);
    }
    (projects, metas)
}

/// The parks of this month's signings (月度竞赛), one entry a project: six parks, two of them
/// with two projects, so the month's leaderboard has leaders, ties on count and parks at zero.
const CONTEST_PARKS: [usize; 8] = [0, 1, 2, 3, 0, 4, 1, 5];

/// This month's signings so far, whatever the random ones do: the load date's month is the
/// leaderboard's default, and an empty board is no contest. Signed between the first of the
/// month and yesterday (today when the month begins today: no lead then, a lead's moves stay
/// before today); each in its park, owned by one of the park's investors.
fn contest(cx: &Ctx) -> Vec<(ProjectSeed, Meta)> {
    use chrono::Datelike;
    let Some(first) = NaiveDate::from_ymd_opt(cx.today.year(), cx.today.month(), 1) else { return Vec::new() };
    let last = cx.yesterday.max(first);
    let mut out = Vec::with_capacity(CONTEST_PARKS.len());
    for (k, &park) in CONTEST_PARKS.iter().enumerate() {
        // The first of a few draws that lands in the park (the enterprise decides an expansion's);
        // the last draw when none does, so the count is always the same.
        const DRAWS: u64 = 64;
        for attempt in 0..DRAWS {
            let mut r = Rng::from_parts(cx.seed ^ 0x0C0E_7E57, ((k as u64) << 8) | attempt);
            let signed = add_days(first, r.range(0, days(first, last)));
            let (p, mut m) = generic(cx, &mut r, signed);
            if p.park == park || attempt == DRAWS - 1 {
                m.from_lead &= signed < cx.today;
                out.push((p, m));
                break;
            }
        }
    }
    out
}

/// True when a stage's planned date has passed without an actual date.
pub fn is_late(p: &ProjectSeed, today: NaiveDate) -> bool {
    p.stages.iter().any(|s| s.actual.is_none() && s.planned.is_some_and(|d| d < today))
}

/// Weekly progress notes and problems of projects still under way at `today`.
fn follow_up(cx: &Ctx, rng: &mut Rng, p: &mut ProjectSeed) {
    let Some(signed) = p.stages[0].actual else { return };
    let Some(next) = p.stages.iter().position(|s| s.actual.is_none()) else { return };
    let late = is_late(p, cx.today);
    let n_weeks = if late { rng.range(3, 5) } else { rng.range(1, 4) };
    let this_week = monday_of(cx.today);
    let mut problem_titles = Vec::new();

    let n_problems = if signed > cx.yesterday {
        // Signed today (this month's contest on the first of the month): nothing raised yet.
        0
    } else if late {
        rng.range(1, 2)
    } else if rng.chance(350) {
        1
    } else {
        0
    };
    let window_start = add_days(cx.yesterday, -180).max(signed);
    for k in 0..n_problems {
        let (title, detail) = *rng.pick(&text::PROBLEMS);
        let span = days(window_start, cx.yesterday).max(0);
        let raised = add_days(window_start, rng.range(0, span));
        // A late project keeps its first problem open; others are mostly solved.
        let solved = if (late && k == 0) || rng.chance(300) {
            None
        } else {
            Some(add_days(raised, rng.range(3, 40))).filter(|d| *d <= cx.yesterday)
        };
        if solved.is_none() {
            problem_titles.push(title);
        }
        p.problems.push(ProblemSeed { title: title.to_string(), detail: detail.to_string(), raised, solved });
    }

    for k in (0..n_weeks).rev() {
        let week = add_days(this_week, -7 * k);
        if week < monday_of(signed) {
            continue;
        }
        let blockers = match problem_titles.first() {
            Some(t) => format!("{t},待协调解决"),
            None if late => "进度滞后于计划,需加快推进".to_string(),
            None => String::new(),
        };
        p.progress.push(ProgressSeed { week, done: text::progress_done(rng, next), blockers });
    }
}
