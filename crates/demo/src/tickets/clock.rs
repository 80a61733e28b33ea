//! Working time for ticket events: working days are Monday–Friday outside 春节 and 国庆 weeks
//! (an approximation of the zone's calendar, without make-up days), office hours 08:30–17:30.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use crate::invest::util::{add_days, is_holiday};
use crate::rng::Rng;

/// Office hours in minutes from midnight.
const OPEN: i64 = 8 * 60 + 30;
const SHUT: i64 = 17 * 60 + 30;

fn computed(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(d)
}

/// Working days from 2020-01-01 for 16 years, computed once: the walks through the calendar
/// are the generator's inner loop.
const TABLE_DAYS: i32 = 16 * 366;

fn table_start() -> i32 {
    NaiveDate::from_ymd_opt(2020, 1, 1).map_or(0, |d| d.num_days_from_ce())
}

fn table() -> &'static [bool] {
    static TABLE: OnceLock<Vec<bool>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let first = NaiveDate::from_num_days_from_ce_opt(table_start()).unwrap_or(NaiveDate::MIN);
        first.iter_days().take(TABLE_DAYS as usize).map(computed).collect()
    })
}

pub fn is_workday(d: NaiveDate) -> bool {
    let i = d.num_days_from_ce() - table_start();
    if (0..TABLE_DAYS).contains(&i) { table()[i as usize] } else { computed(d) }
}

/// The first working day strictly after `d`.
pub fn next_workday(d: NaiveDate) -> NaiveDate {
    let mut x = add_days(d, 1);
    while !is_workday(x) {
        x = add_days(x, 1);
    }
    x
}

/// The last working day strictly before `d`.
pub fn prev_workday(d: NaiveDate) -> NaiveDate {
    let mut x = add_days(d, -1);
    while !is_workday(x) {
        x = add_days(x, -1);
    }
    x
}

/// The `n`-th working day after `d` (`d` itself for 0).
pub fn add_workdays(d: NaiveDate, n: i64) -> NaiveDate {
    (0..n).fold(d, |x, _| next_workday(x))
}

fn minute(t: NaiveDateTime) -> i64 {
    i64::from(t.hour() * 60 + t.minute())
}

pub fn at_minute(d: NaiveDate, m: i64) -> NaiveDateTime {
    let m = m.clamp(0, 24 * 60 - 1) as u32;
    d.and_time(NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN))
}

pub fn plus_minutes(t: NaiveDateTime, m: i64) -> NaiveDateTime {
    t.checked_add_signed(Duration::minutes(m)).unwrap_or(t)
}

/// Whether `t` falls in office hours on a working day.
pub fn in_office(t: NaiveDateTime) -> bool {
    is_workday(t.date()) && (OPEN..SHUT).contains(&minute(t))
}

/// A time in office hours on `d`, mostly in the morning and early afternoon.
pub fn office_time(rng: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    let m = if rng.chance(600) { rng.range(OPEN, 12 * 60) } else { rng.range(13 * 60 + 30, SHUT - 1) };
    at_minute(d, m)
}

/// `lo..=hi` minutes after `t` if that is in office hours; otherwise early on the next working
/// day. Always after `t`.
pub fn later(rng: &mut Rng, t: NaiveDateTime, lo: i64, hi: i64) -> NaiveDateTime {
    let c = plus_minutes(t, rng.range(lo.max(1), hi.max(lo.max(1))));
    if in_office(c) {
        return c;
    }
    let day = if is_workday(t.date()) && minute(t) < OPEN { t.date() } else { next_workday(t.date()) };
    at_minute(day, OPEN + rng.range(0, 90)).max(plus_minutes(t, 1))
}

/// A time in office hours `n` working days after `t` (`n` = 0: later the same working day,
/// or the next one).
pub fn after_workdays(rng: &mut Rng, t: NaiveDateTime, n: i64) -> NaiveDateTime {
    if n <= 0 {
        return later(rng, t, 10, 240);
    }
    office_time(rng, add_workdays(t.date(), n)).max(plus_minutes(t, 1))
}

/// A time in office hours `lo..=hi` working days after `t` (see [`after_workdays`]).
pub fn workdays_later(rng: &mut Rng, t: NaiveDateTime, lo: i64, hi: i64) -> NaiveDateTime {
    let n = rng.range(lo, hi);
    after_workdays(rng, t, n)
}

/// Time of filing on `d`: business hours mostly, some in the evening (online channels).
pub fn filing_time(rng: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    if rng.chance(120) {
        return at_minute(d, rng.range(18 * 60, 22 * 60 + 30));
    }
    at_minute(d, rng.range(7 * 60 + 30, 18 * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_rule() {
        let first = NaiveDate::from_ymd_opt(2019, 12, 1).unwrap();
        for d in first.iter_days().take(17 * 366) {
            assert_eq!(is_workday(d), computed(d), "{d}");
        }
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(is_workday(d("2026-11-27")) && !is_workday(d("2026-11-28")) && !is_workday(d("2026-10-02")));
        assert_eq!(next_workday(d("2026-11-27")), d("2026-11-30"));
        assert_eq!(prev_workday(d("2026-11-30")), d("2026-11-27"));
        assert_eq!(add_workdays(d("2026-11-27"), 5), d("2026-12-04"));
    }

    #[test]
    fn later_stays_in_office_hours() {
        let mut rng = Rng::from_parts(1, 2);
        let start = at_minute(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), 0);
        for k in 0..5000 {
            let t = plus_minutes(start, k * 97);
            let l = later(&mut rng, t, 5, 240);
            assert!(l > t && in_office(l), "{t} -> {l}");
            let a = after_workdays(&mut rng, t, 3);
            assert!(a > t && in_office(a), "{t} -> {a}");
        }
    }
}
