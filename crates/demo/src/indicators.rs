//! Monthly indicator records derived from a plan. Yearly rates are split into
//! months with integer weights and the remainder goes to the last month, so
//! every full year sums exactly to its yearly figure.

use crate::IndicatorSeed;
use crate::plan::{Plan, TAG_STAFF, TAG_TAX_WEIGHTS, TAG_WEIGHTS, year_rng};

/// Metric codes in the order records are emitted within a month.
pub const METRICS: [&str; 5] = ["sales", "output", "tax", "employees", "energy"];

// Relative monthly activity: a 春节 dip in February and a year-end push.
const SEASON: [i64; 12] = [88, 62, 98, 100, 101, 106, 97, 97, 104, 100, 106, 118];
// Power generation peaks with air conditioning and heating.
const POWER_SEASON: [i64; 12] = [112, 92, 96, 86, 88, 104, 118, 121, 98, 88, 95, 110];

fn weights(base: &[i64; 12], stream: u64, year: i32, tag: u64, bump_quarters: bool) -> [i64; 12] {
    let mut r = year_rng(stream, year, tag);
    let mut w = [0i64; 12];
    for (m, slot) in w.iter_mut().enumerate() {
        // Enterprise income tax is prepaid in the month after each quarter.
        let b = base[m] + if bump_quarters && m % 3 == 0 { 40 } else { 0 };
        *slot = b * (1000 + r.range(-60, 60));
    }
    w
}

/// The part of a full-year `rate` earned in months `from..12` (0-based).
pub fn active_total(rate: i64, w: &[i64; 12], from: usize) -> i64 {
    if from == 0 {
        return rate;
    }
    let total: i64 = w.iter().sum();
    let active: i64 = w[from..].iter().sum();
    (rate as i128 * active as i128 / total as i128) as i64
}

/// Splits the active part of `rate` over months `from..12`; the last month
/// takes the rounding remainder so the months add up exactly.
fn split(rate: i64, w: &[i64; 12], from: usize) -> [i64; 12] {
    let t = active_total(rate, w, from);
    let active: i64 = w[from..].iter().sum();
    let mut out = [0i64; 12];
    let mut used = 0i64;
    for m in from..11 {
        let v = (t as i128 * w[m] as i128 / active as i128) as i64;
        out[m] = v;
        used += v;
    }
    out[11] = t - used;
    out
}

/// Sales weights of a year (also used for output and energy).
pub fn sales_weights(plan: &Plan, year: i32) -> [i64; 12] {
    let base = if plan.power_season { &POWER_SEASON } else { &SEASON };
    weights(base, plan.stream, year, TAG_WEIGHTS, false)
}

/// First active month index (0-based) of `year`.
fn first_active(plan: &Plan, year: i32) -> usize {
    if year == plan.start_year() { (plan.start % 100 - 1) as usize } else { 0 }
}

/// Actual sales of `year` (a partial first year included), without
/// building records.
pub fn year_sales(plan: &Plan, year: i32) -> i64 {
    if year < plan.start_year() {
        return 0;
    }
    let w = sales_weights(plan, year);
    active_total(plan.sales_rate(year), &w, first_active(plan, year))
}

/// Number of months in `from..=to` (YYYYMM), 0 when empty.
pub fn months_between(from: i32, to: i32) -> usize {
    if from > to {
        return 0;
    }
    ((to / 100 - from / 100) * 12 + (to % 100 - from % 100) + 1) as usize
}

/// Appends the records of months `from..=to` (clipped to the plan's start).
pub fn emit(plan: &Plan, from: i32, to: i32, out: &mut Vec<IndicatorSeed>) {
    let from = from.max(plan.start);
    if from > to {
        return;
    }
    let (y0, y1) = (from / 100, to / 100);
    let mut prev = (plan.start_year() < y0).then(|| plan.sales_rate(y0 - 1));
    let mut rate = plan.sales_rate(y0);
    for year in y0..=y1 {
        if year > y0 {
            let next = if year <= 2021 { plan.sales_rate(year) } else { plan.step(year, rate) };
            prev = Some(rate);
            rate = next;
        }
        let act = first_active(plan, year);
        let ws = sales_weights(plan, year);
        let wt = weights(&SEASON, plan.stream, year, TAG_TAX_WEIGHTS, true);
        let output_rate = plan.output_rate(year, rate);
        let sales = split(rate, &ws, act);
        let output = split(output_rate, &ws, act);
        let tax = split(plan.tax_rate(year, rate), &wt, act);
        let energy = split(plan.energy_rate(output_rate), &ws, act);

        let cur_staff = plan.staff(rate);
        let prev_staff = prev.map_or(cur_staff, |p| plan.staff(p));
        // Drawn for all twelve months so a sub-range sees the same values.
        let mut sr = year_rng(plan.stream, year, TAG_STAFF);
        let jitter: [i64; 12] = std::array::from_fn(|_| sr.range(-10, 10));

        let m_lo = if year == y0 { from % 100 } else { 1 };
        let m_hi = if year == y1 { to % 100 } else { 12 };
        for m in m_lo..=m_hi {
            let i = (m - 1) as usize;
            // Headcount drifts from last year's level to this year's; a few
            // workers leave over 春节.
            let base = prev_staff + (cur_staff - prev_staff) * (m as i64) / 12;
            let feb = if m == 2 { 970 } else { 1000 };
            let staff = (base * feb * (1000 + jitter[i]) / 1_000_000).max(1);
            let period = year * 100 + m;
            let vals = [sales[i], output[i], tax[i], staff * 100, energy[i]];
            for (metric, value) in METRICS.iter().zip(vals) {
                out.push(IndicatorSeed { metric, period, value });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_exact() {
        let w = [7, 3, 9, 11, 5, 5, 5, 8, 1, 13, 2, 17];
        for rate in [0, 1, 999, 1_036_000_000_000, 717_000_000_000] {
            assert_eq!(split(rate, &w, 0).iter().sum::<i64>(), rate);
            let part = split(rate, &w, 8);
            assert_eq!(part[..8].iter().sum::<i64>(), 0);
            assert_eq!(part.iter().sum::<i64>(), active_total(rate, &w, 8));
        }
    }

    #[test]
    fn months_between_counts() {
        assert_eq!(months_between(202001, 202610), 82);
        assert_eq!(months_between(202611, 202610), 0);
        assert_eq!(months_between(202112, 202201), 2);
    }
}
