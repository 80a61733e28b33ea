//! Date helpers and weighted day sampling shared by the investment generators.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::rng::Rng;

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(Duration::days(n)).unwrap_or(d)
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The Monday of the week `d` falls in.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    add_days(d, -i64::from(d.weekday().num_days_from_monday()))
}

/// 春节 (first day) per year; the week around it and 国庆 are quiet for business travel.
const SPRING_FESTIVAL: [(i32, u32, u32); 10] = [
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
];

pub fn is_holiday(d: NaiveDate) -> bool {
    if d.month() == 10 && d.day() <= 7 {
        return true;
    }
    SPRING_FESTIVAL.iter().any(|&(y, m, dd)| {
        y == d.year() && {
            let k = days(ymd(y, m, dd), d);
            (-1..=6).contains(&k)
        }
    })
}

/// Relative weight of a day for business activity: working days busy, weekends and holidays quiet.
pub fn business_weight(d: NaiveDate) -> u64 {
    if is_holiday(d) {
        1
    } else if is_weekend(d) {
        3
    } else {
        10
    }
}

/// Samples days of `from..=to` with given weights (cumulative table + binary search).
pub struct DaySampler {
    first: NaiveDate,
    cum: Vec<u64>,
}

impl DaySampler {
    /// None when the range is empty or all weights are zero.
    pub fn new(from: NaiveDate, to: NaiveDate, mut weight: impl FnMut(NaiveDate) -> u64) -> Option<Self> {
        if to < from {
            return None;
        }
        let n = days(from, to) + 1;
        let mut cum = Vec::with_capacity(n as usize);
        let mut total = 0u64;
        for i in 0..n {
            total += weight(add_days(from, i));
            cum.push(total);
        }
        (total > 0).then_some(DaySampler { first: from, cum })
    }

    pub fn total(&self) -> u64 {
        self.cum.last().copied().unwrap_or(0)
    }

    pub fn sample(&self, rng: &mut Rng) -> NaiveDate {
        let x = rng.next_u64() % self.total().max(1);
        let i = self.cum.partition_point(|&c| c <= x);
        add_days(self.first, i as i64)
    }
}

/// Fisher–Yates shuffle.
pub fn shuffle<T>(rng: &mut Rng, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = rng.index(i + 1);
        v.swap(i, j);
    }
}

/// Picks from `(item, weight)` pairs.
pub fn weighted<T: Copy>(rng: &mut Rng, items: &[(T, u64)]) -> T {
    let total: u64 = items.iter().map(|x| x.1).sum();
    let mut x = rng.next_u64() % total.max(1);
    for &(v, w) in items {
        if x < w {
            return v;
        }
        x -= w;
    }
    items[0].0
}
