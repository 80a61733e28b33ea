//! The enterprises: the article's named ones, 60 invented ones that complete
//! the 2021 line-up of 72 enterprises at ≥ 1亿, and small fillers up to the
//! requested size. Order is fixed: named, then designated, then fillers.

use chrono::NaiveDate;

use crate::credit::credit_code;
use crate::indicators::{months_between, year_sales};
use crate::names::{Names, address, mobile};
use crate::plan::{Path, Plan, WAN};
use crate::rng::{Rng, derive};
use crate::zone::{self, *};
use crate::{EnterpriseSeed, PersonSeed};

/// How a named enterprise's sales move after 2021 (amounts in 万元).
enum Post {
    Grow(i64, i64),
    /// Crosses 100亿 in the given year at a target within lo..=hi.
    Star(i32, i64, i64),
    Mult(&'static [i64]),
    Ramp(&'static [(i64, i64)]),
}

struct Named {
    key: &'static str,
    name: &'static str,
    code: &'static str,
    chain: Option<usize>,
    park: usize,
    established: (i32, u32, u32),
    /// Production start (YYYYMM) for the 2021/2022 projects.
    start: Option<i32>,
    /// 2021 and 2020 sales ranges in 万元 (a single value when exact).
    s2021: (i64, i64),
    s2020: (i64, i64),
    post: Post,
    land_mu: i64,
    staff: (i64, i64),
}

#[allow(clippy::too_many_arguments)]
const fn named(
    key: &'static str,
    name: &'static str,
    code: &'static str,
    chain: Option<usize>,
    park: usize,
    established: (i32, u32, u32),
    start: Option<i32>,
    s2021: (i64, i64),
    s2020: (i64, i64),
    post: Post,
    land_mu: i64,
    staff: (i64, i64),
) -> Named {
    Named { key, name, code, chain, park, established, start, s2021, s2020, post, land_mu, staff }
}

// 晶澳: PV boom, then the 2024 price slump.
const JA_MULT: &[i64] = &[1420, 1300, 860, 1060, 1040];
const LINGYI_RAMP: &[(i64, i64)] =
    &[(10_000, 21_000), (140_000, 220_000), (300_000, 450_000), (450_000, 650_000), (600_000, 850_000)];
const KELBA_RAMP: &[(i64, i64)] =
    &[(15_000, 30_000), (60_000, 95_000), (130_000, 200_000), (220_000, 320_000), (300_000, 450_000)];
const HUAPENG_RAMP: &[(i64, i64)] = &[(8_000, 20_000), (25_000, 40_000), (45_000, 70_000), (60_000, 95_000)];
// 大食品 breaks ground in 2021 and produces from mid-2022; its 2021 entry is unused.
const BIGFOOD_RAMP: &[(i64, i64)] = &[(15_000, 25_000), (20_000, 30_000), (35_000, 50_000), (45_000, 65_000)];

#[rustfmt::skip]
const NAMED: [Named; 16] = [
    named("ja", "晶澳(扬州)太阳能科技有限公司", "3825", Some(CH_PV), PARK_PV,
        (2010, 9, 16), None, (1_036_000, 1_036_000), (650_000, 760_000), Post::Mult(JA_MULT), 1250, (4800, 5600)),
    named("power2", "江苏扬州第二发电有限责任公司", "4411", None, PARK_PORT,
        (1995, 6, 28), None, (717_000, 717_000), (600_000, 660_000), Post::Star(2024, 1_005_000, 1_080_000), 1100, (700, 900)),
    named("weichai", "潍柴(扬州)柴油机有限责任公司", "3412", Some(CH_AUTO), PARK_AUTO,
        (2007, 8, 8), None, (600_000, 680_000), (430_000, 480_000), Post::Star(2023, 1_020_000, 1_180_000), 680, (2200, 2800)),
    named("baosheng", "中航宝胜(扬州)电气有限公司", "3831", Some(CH_NEWENERGY), PARK_NEWENERGY,
        (2006, 3, 22), None, (106_000, 145_000), (72_000, 96_000), Post::Grow(60, 180), 260, (500, 700)),
    named("lear", "李尔汽车零部件(扬州)有限公司", "3670", Some(CH_AUTO), PARK_AUTO,
        (2002, 10, 10), None, (103_000, 135_000), (80_000, 98_000), Post::Grow(40, 150), 150, (1200, 1600)),
    named("porite", "扬州保来得科技实业有限公司", "3393", Some(CH_AUTO), PARK_AUTO,
        (2003, 5, 19), None, (101_000, 120_000), (85_000, 99_000), Post::Grow(30, 130), 180, (700, 950)),
    named("yide", "扬州意得机械有限公司", "3484", Some(CH_MACHINERY), PARK_PUXI,
        (2009, 4, 7), None, (10_500, 14_500), (7_200, 9_600), Post::Grow(40, 200), 45, (120, 180)),
    named("tongyang", "扬州通扬化工有限公司", "2614", None, PARK_PORT,
        (2001, 12, 3), None, (11_000, 16_000), (8_000, 9_700), Post::Grow(20, 150), 120, (150, 220)),
    named("yingde", "盈德气体(扬州)有限公司", "2619", None, PARK_PORT,
        (2008, 9, 25), None, (12_000, 19_000), (8_500, 9_900), Post::Grow(30, 160), 60, (60, 90)),
    named("yapp", "亚普汽车部件股份有限公司", "3670", Some(CH_AUTO), PARK_AUTO,
        (1993, 4, 20), None, (580_000, 700_000), (520_000, 560_000), Post::Star(2024, 1_010_000, 1_120_000), 520, (2500, 3200)),
    named("hisense", "扬州海信容声冰箱有限公司", "3851", Some(CH_LIGHTIND), PARK_PUXI,
        (2003, 7, 15), None, (480_000, 580_000), (420_000, 470_000), Post::Star(2025, 1_005_000, 1_100_000), 430, (2600, 3400)),
    named("cimc", "中集(扬州)集装箱有限公司", "3331", Some(CH_MACHINERY), PARK_PORT,
        (2004, 11, 5), None, (420_000, 520_000), (360_000, 410_000), Post::Star(2025, 1_005_000, 1_100_000), 610, (2000, 2600)),
    named("lingyi", "领益智造(扬州)科技有限公司", "3989", Some(CH_ICT), PARK_DIGITAL,
        (2021, 3, 18), Some(202109), (LINGYI_RAMP[0].0, LINGYI_RAMP[0].1), (0, 0), Post::Ramp(LINGYI_RAMP), 420, (500, 700)),
    named("kelba", "科霸(扬州)新能源科技有限公司", "3842", Some(CH_NEWENERGY), PARK_NEWENERGY,
        (2021, 4, 26), Some(202111), (KELBA_RAMP[0].0, KELBA_RAMP[0].1), (0, 0), Post::Ramp(KELBA_RAMP), 380, (400, 600)),
    named("huapeng", "华鹏(扬州)电气科技有限公司", "3821", Some(CH_NEWENERGY), PARK_NEWENERGY,
        (2021, 2, 9), Some(202110), (HUAPENG_RAMP[0].0, HUAPENG_RAMP[0].1), (0, 0), Post::Ramp(HUAPENG_RAMP), 200, (150, 250)),
    named("bigfood", "扬州大食品科技有限公司", "1439", Some(CH_LIGHTIND), PARK_PUXI,
        (2021, 6, 8), Some(202206), (BIGFOOD_RAMP[0].0, BIGFOOD_RAMP[0].1), (0, 0), Post::Ramp(BIGFOOD_RAMP), 150, (150, 250)),
];

pub const NAMED_COUNT: usize = NAMED.len();
/// Invented enterprises with 2021 sales in 10亿..100亿 and in 1亿..10亿.
pub const TEN_COUNT: usize = 16;
pub const ONE_COUNT: usize = 44;
/// The smallest zone that still reproduces the article.
pub const CORE_COUNT: usize = NAMED_COUNT + TEN_COUNT + ONE_COUNT;

pub fn named_keys() -> impl Iterator<Item = &'static str> {
    NAMED.iter().map(|n| n.key)
}

// Chains of the 16 invented 10亿-level enterprises; the first four are the
// ones that reach 100亿 (three by 2025, one in 2026).
const TEN_CHAINS: [Option<usize>; TEN_COUNT] = [
    Some(CH_NEWENERGY),
    Some(CH_PV),
    Some(CH_AUTO),
    Some(CH_MACHINERY),
    Some(CH_NEWENERGY),
    Some(CH_PV),
    Some(CH_LIGHTIND),
    Some(CH_HEALTH),
    Some(CH_ICT),
    Some(CH_MACHINERY),
    Some(CH_AUTO),
    Some(CH_NEWENERGY),
    Some(CH_LOGISTICS),
    Some(CH_ICT),
    None,
    Some(CH_PV),
];
const STAR_CROSS: [i32; 4] = [2025, 2025, 2025, 2026];

const CHAIN_WEIGHTS: [(Option<usize>, u64); 9] = [
    (Some(CH_NEWENERGY), 12),
    (Some(CH_PV), 10),
    (Some(CH_AUTO), 18),
    (Some(CH_LIGHTIND), 14),
    (Some(CH_HEALTH), 10),
    (Some(CH_MACHINERY), 20),
    (Some(CH_ICT), 12),
    (Some(CH_LOGISTICS), 7),
    (None, 15),
];

fn pick_chain(rng: &mut Rng) -> Option<usize> {
    let total: u64 = CHAIN_WEIGHTS.iter().map(|c| c.1).sum();
    let mut x = rng.next_u64() % total;
    for (c, w) in CHAIN_WEIGHTS {
        if x < w {
            return c;
        }
        x -= w;
    }
    None
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn random_date(rng: &mut Rng, y0: i32, y1: i32) -> NaiveDate {
    date(rng.range(y0 as i64, y1 as i64) as i32, rng.range(1, 12) as u32, rng.range(1, 28) as u32)
}

fn people(rng: &mut Rng, names: &Names, always_two: bool) -> Vec<PersonSeed> {
    let person = |rng: &mut Rng, title: &str| PersonSeed {
        name: names.person(rng),
        title: title.to_string(),
        mobile: mobile(rng),
        honors: Vec::new(),
    };
    let roll = rng.range(0, 99);
    if always_two || roll < 55 {
        vec![person(rng, "董事长"), person(rng, "总经理")]
    } else if roll < 85 {
        vec![person(rng, "董事长兼总经理")]
    } else {
        vec![person(rng, "执行董事兼总经理")]
    }
}

/// Streams: one for the static profile, one for the monthly figures, both
/// from (seed, index) alone.
fn streams(seed: u64, index: usize) -> (Rng, u64) {
    (Rng::from_parts(seed, index as u64), derive(seed ^ 0x5EED_1D1C_A70B_5000, index as u64))
}

fn land_centi(rng: &mut Rng, sector: Sector, s2021: i64) -> i64 {
    let p = sector_profile(sector);
    if p.per_mu_wan.1 == 0 {
        return 0;
    }
    let per_mu = rng.range(p.per_mu_wan.0, p.per_mu_wan.1);
    let mu = (s2021 / WAN / per_mu).max(3);
    mu * 100 + rng.range(0, 99)
}

fn build_named(i: usize, n: &Named, seed: u64, names: &Names) -> (EnterpriseSeed, Plan) {
    let (mut rng, stream) = streams(seed, i);
    let sector = sector_of(n.code);
    let prof = sector_profile(sector);
    let s2021 = rng.range(n.s2021.0, n.s2021.1) * WAN;
    let s2020 = rng.range(n.s2020.0, n.s2020.1) * WAN;
    let path = match n.post {
        Post::Grow(lo, hi) => Path::Growth { lo, hi },
        Post::Star(cross, lo, hi) => Path::Star { cross, target: rng.range(lo, hi) * WAN },
        Post::Mult(m) => Path::Mult(m),
        Post::Ramp(r) => Path::Ramp(r),
    };
    let (y, m, d) = n.established;
    let plan = Plan {
        stream,
        start: n.start.unwrap_or(y * 100 + m as i32),
        s2020,
        s2021,
        // 2021: 产值 108亿 (article).
        out2021: (n.key == "ja").then_some(1_080_000 * WAN),
        path,
        tax_permille: rng.range(prof.tax_permille.0, prof.tax_permille.1),
        kgce: rng.range(prof.kgce.0, prof.kgce.1),
        staff2021: rng.range(n.staff.0, n.staff.1),
        power_season: sector == Sector::Heavy,
    };
    let seed = EnterpriseSeed {
        key: Some(n.key),
        credit_code: credit_code(seed, i),
        name: n.name.to_string(),
        park: n.park,
        chain: n.chain,
        industry_code: n.code,
        above_size: true,
        land_mu_centi: n.land_mu * 100 + rng.range(0, 99),
        established: date(y, m, d),
        address: address(n.park, &mut rng),
        entrepreneurs: people(&mut rng, names, true),
        honors: Vec::new(),
    };
    (seed, plan)
}

#[derive(Clone, Copy)]
enum Band {
    /// 2021 sales 10亿..100亿; `Some(year)` = reaches 100亿 that year.
    Ten(Option<i32>),
    One,
    Filler,
}

struct Ctx<'a> {
    seed: u64,
    names: &'a Names,
    last_month: i32,
}

fn build_invented(i: usize, band: Band, chain: Option<usize>, cx: &Ctx) -> (EnterpriseSeed, Plan) {
    let (mut rng, stream) = streams(cx.seed, i);
    let chain = chain.or_else(|| pick_chain(&mut rng));
    let list = zone::industries(chain);
    let mut ind = rng.pick(list);
    if matches!(band, Band::Ten(_)) && ind.sector == Sector::Software {
        // A 10亿-level software house is implausible here; take a factory.
        ind = &list[0];
    }
    let prof = sector_profile(ind.sector);
    let park = if rng.chance(750) { home_park(chain) } else { rng.index(PARKS.len()) };

    let (s2021, s2020, path, scale) = match band {
        Band::Ten(Some(cross)) => {
            let s = rng.log_uniform(400_000, 550_000) * WAN;
            let target = rng.range(1_005_000, 1_150_000) * WAN;
            let prev = (s * 1000 / (1000 + rng.range(60, 220))).max(101_000 * WAN);
            (s, prev, Path::Star { cross, target }, 15)
        }
        Band::Ten(None) => {
            let s = rng.log_uniform(105_000, 400_000) * WAN;
            // Stays ≥ 10亿 in 2020 so it is not a "new 10亿级" of 2021.
            let prev = (s * 1000 / (1000 + rng.range(20, 200))).max(101_000 * WAN);
            (s, prev, Path::Growth { lo: 20, hi: 140 }, 15)
        }
        Band::One => {
            let s = rng.log_uniform(11_000, 95_000) * WAN;
            let prev = (s * 1000 / (1000 + rng.range(-30, 200))).clamp(10_050 * WAN, 99_000 * WAN);
            (s, prev, Path::Growth { lo: -20, hi: 160 }, 10)
        }
        Band::Filler => {
            let s = rng.log_uniform(150, 9_000) * WAN;
            // Fillers stay under 1亿 (≤ 9000万) in 2020 and 2021.
            let prev = (s * 1000 / (1000 + rng.range(-80, 250))).clamp(50 * WAN, 9_000 * WAN);
            (s, prev, Path::Growth { lo: -80, hi: 200 }, 5)
        }
    };

    let established = match band {
        Band::Filler => {
            let recent = months_between(202001, cx.last_month) as i64;
            if recent > 0 && rng.chance(150) {
                let k = rng.range(0, recent - 1) as i32;
                let (y, m) = (2020 + k / 12, 1 + k % 12);
                date(y, m as u32, rng.range(1, 28) as u32)
            } else {
                random_date(&mut rng, 1993, 2019)
            }
        }
        _ => random_date(&mut rng, 1995, 2016),
    };
    let start = {
        use chrono::Datelike;
        established.year() * 100 + established.month() as i32
    };

    let productivity = rng.range(prof.productivity_wan.0, prof.productivity_wan.1) * scale / 10;
    let plan = Plan {
        stream,
        start,
        s2020,
        s2021,
        out2021: None,
        path,
        tax_permille: rng.range(prof.tax_permille.0, prof.tax_permille.1),
        kgce: rng.range(prof.kgce.0, prof.kgce.1),
        staff2021: (s2021 / WAN / productivity.max(1)).max(8),
        power_season: ind.sector == Sector::Heavy,
    };
    let above_size = match band {
        Band::Filler => year_sales(&plan, 2021) >= 2_000 * WAN,
        _ => true,
    };
    let word = rng.pick(ind.words);
    let seed = EnterpriseSeed {
        key: None,
        credit_code: credit_code(cx.seed, i),
        name: cx.names.name(i - NAMED_COUNT, word),
        park,
        chain,
        industry_code: ind.code,
        above_size,
        land_mu_centi: land_centi(&mut rng, ind.sector, s2021),
        established,
        address: address(park, &mut rng),
        entrepreneurs: people(&mut rng, cx.names, !matches!(band, Band::Filler)),
        honors: Vec::new(),
    };
    (seed, plan)
}

/// Builds `count` (≥ CORE_COUNT) enterprises and their plans.
pub fn build(seed: u64, count: usize, last_month: i32) -> (Vec<EnterpriseSeed>, Vec<Plan>) {
    let count = count.max(CORE_COUNT);
    let names = Names::new(seed);
    let cx = Ctx { seed, names: &names, last_month };
    let mut seeds = Vec::with_capacity(count);
    let mut plans = Vec::with_capacity(count);
    for i in 0..count {
        let (e, p) = if let Some(n) = NAMED.get(i) {
            build_named(i, n, seed, &names)
        } else if i < NAMED_COUNT + TEN_COUNT {
            let k = i - NAMED_COUNT;
            let band = Band::Ten(STAR_CROSS.get(k).copied());
            build_invented(i, band, TEN_CHAINS[k], &cx)
        } else if i < CORE_COUNT {
            build_invented(i, Band::One, None, &cx)
        } else {
            build_invented(i, Band::Filler, None, &cx)
        };
        seeds.push(e);
        plans.push(p);
    }
    award_honors(seed, &mut seeds, &plans);
    (seeds, plans)
}

/// The 2021 entrepreneurs' conference: 30强工业企业 and 十大优秀企业家 go to
/// the largest core enterprises by 2021 sales; a few managers are labour models.
fn award_honors(seed: u64, seeds: &mut [EnterpriseSeed], plans: &[Plan]) {
    let mut ranked: Vec<usize> = (0..CORE_COUNT)
        .filter(|&i| {
            let s = sector_of(seeds[i].industry_code);
            s != Sector::Logistics && s != Sector::Software
        })
        .collect();
    ranked.sort_by_key(|&i| (std::cmp::Reverse(year_sales(&plans[i], 2021)), i));
    for (rank, &i) in ranked.iter().take(30).enumerate() {
        seeds[i].honors.push("30强工业企业(2021)".to_string());
        if rank < 10
            && let Some(p) = seeds[i].entrepreneurs.first_mut()
        {
            p.honors.push("十大优秀企业家(2021)".to_string());
        }
    }
    let mut rng = Rng::from_parts(seed, u64::MAX);
    for (k, honor) in ["江苏省劳动模范(2020)", "扬州市劳动模范(2019)", "扬州市劳动模范(2022)"].iter().enumerate()
    {
        let i = NAMED_COUNT + k * 20 + rng.index(20);
        if let Some(p) = seeds[i].entrepreneurs.last_mut() {
            p.honors.push(honor.to_string());
        }
    }
}
