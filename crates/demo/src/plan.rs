//! The compact per-enterprise plan from which yearly figures are derived on
//! demand. 2020 and 2021 are fixed at generation time (they carry the
//! article's facts); other years follow from a per-enterprise random stream.

use crate::rng::Rng;

/// 1 万元 in 分.
pub const WAN: i64 = 1_000_000;
/// 1 亿元 in 分.
pub const YI: i64 = 10_000 * WAN;

// Stream labels; years are folded in so each (year, purpose) is independent.
pub const TAG_GROWTH: u64 = 1;
pub const TAG_BACK: u64 = 2;
pub const TAG_OUTPUT: u64 = 3;
pub const TAG_TAX: u64 = 4;
pub const TAG_WEIGHTS: u64 = 5;
pub const TAG_TAX_WEIGHTS: u64 = 6;
pub const TAG_STAFF: u64 = 7;

pub fn year_rng(stream: u64, year: i32, tag: u64) -> Rng {
    Rng::from_parts(stream, ((year as u64) << 8) | tag)
}

/// How yearly sales evolve after 2021.
#[derive(Debug, Clone, Copy)]
pub enum Path {
    /// Random yearly growth in permille, `lo..=hi`.
    Growth { lo: i64, hi: i64 },
    /// Grows geometrically to `target` (分) in year `cross`, staying below
    /// 100亿 before it, then grows moderately.
    Star { cross: i32, target: i64 },
    /// Yearly multipliers in permille from 2022 on (small jitter added).
    Mult(&'static [i64]),
    /// Sales ranges in 万元 per year from 2021 on (a new plant ramping up).
    Ramp(&'static [(i64, i64)]),
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub stream: u64,
    /// First month with records (YYYYMM): establishment or production start.
    pub start: i32,
    /// Full-year sales rates (分); a partial first year is scaled down by the
    /// share of active months.
    pub s2020: i64,
    pub s2021: i64,
    /// Fixed 2021 output (晶澳's 108亿).
    pub out2021: Option<i64>,
    pub path: Path,
    pub tax_permille: i64,
    /// kg of standard coal per 万元 of output.
    pub kgce: i64,
    /// Headcount at the 2021 sales rate.
    pub staff2021: i64,
    /// Power plants peak in summer and winter instead of the usual year-end push.
    pub power_season: bool,
}

const STAR_CAP: i64 = 995 * YI / 10;

impl Plan {
    pub fn start_year(&self) -> i32 {
        self.start / 100
    }

    /// Full-year sales rate of `year`.
    pub fn sales_rate(&self, year: i32) -> i64 {
        match year {
            2020 => self.s2020,
            2021 => self.s2021,
            y if y < 2020 => {
                let mut v = self.s2020;
                for yy in (y..2020).rev() {
                    let g = year_rng(self.stream, yy, TAG_BACK).range(0, 120);
                    v = v * 1000 / (1000 + g);
                }
                v
            }
            y => {
                let mut v = self.s2021;
                for yy in 2022..=y {
                    v = self.step(yy, v);
                }
                v
            }
        }
    }

    /// Sales rate of `year` (> 2021) given the previous year's rate.
    pub fn step(&self, year: i32, prev: i64) -> i64 {
        let mut r = year_rng(self.stream, year, TAG_GROWTH);
        let grow = |prev: i64, g: i64| (prev as i128 * (1000 + g) as i128 / 1000) as i64;
        let v = match self.path {
            Path::Growth { lo, hi } => grow(prev, r.range(lo, hi)),
            Path::Star { cross, target } => {
                if year < cross {
                    let f = (year - 2021) as f64 / (cross - 2021) as f64;
                    let ratio = target as f64 / self.s2021 as f64;
                    ((self.s2021 as f64 * ratio.powf(f)) as i64).min(STAR_CAP)
                } else if year == cross {
                    target
                } else {
                    grow(prev, r.range(40, 120))
                }
            }
            Path::Mult(m) => match m.get((year - 2022) as usize) {
                Some(&k) => grow(prev, k - 1000 + r.range(-20, 20)),
                None => grow(prev, r.range(20, 80)),
            },
            Path::Ramp(t) => match t.get((year - 2021) as usize) {
                Some(&(lo, hi)) => r.range(lo, hi) * WAN,
                None => grow(prev, r.range(30, 120)),
            },
        };
        v.max(10 * WAN / 100)
    }

    /// Full-year output rate given the year's sales rate.
    pub fn output_rate(&self, year: i32, sales: i64) -> i64 {
        if year == 2021
            && let Some(o) = self.out2021
        {
            return o;
        }
        let k = year_rng(self.stream, year, TAG_OUTPUT).range(920, 1120);
        (sales as i128 * k as i128 / 1000) as i64
    }

    pub fn tax_rate(&self, year: i32, sales: i64) -> i64 {
        let k = (self.tax_permille + year_rng(self.stream, year, TAG_TAX).range(-5, 5)).clamp(20, 60);
        (sales as i128 * k as i128 / 1000) as i64
    }

    /// Energy in tce×100 for a given output (分).
    pub fn energy_rate(&self, output: i64) -> i64 {
        // output/10^6 = 万元; × kgce/1000 = tce; × 100 = stored hundredths.
        (output as i128 * self.kgce as i128 / 10_000_000) as i64
    }

    /// Headcount for a year's sales rate: grows with the square root of sales,
    /// since productivity rises with scale.
    pub fn staff(&self, sales: i64) -> i64 {
        let ratio = sales as f64 / self.s2021.max(1) as f64;
        ((self.staff2021 as f64 * ratio.sqrt()).round() as i64).max(5)
    }
}
