//! Working calendar: Monday–Friday, minus public holidays, plus the 调休
//! make-up working days. The holiday and make-up sets are data (per year,
//! admin-editable) loaded elsewhere.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

use chrono::{Datelike, Days, NaiveDate};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

fn is_weekday(d: NaiveDate) -> bool {
    d.weekday().num_days_from_monday() < 5
}

/// Weekdays among day indices `[0, m)`, where index 0 is 0001-01-01 (a
/// Monday). Euclidean division keeps it correct for dates before year 1.
fn weekdays_before(m: i64) -> i64 {
    5 * m.div_euclid(7) + m.rem_euclid(7).min(5)
}

impl WorkCalendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>, workdays: impl IntoIterator<Item = NaiveDate>) -> Self {
        WorkCalendar { holidays: holidays.into_iter().collect(), workdays: workdays.into_iter().collect() }
    }

    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    pub fn workdays(&self) -> &BTreeSet<NaiveDate> {
        &self.workdays
    }

    /// A date listed as a make-up working day wins over a holiday entry, so a
    /// data-entry overlap never silently drops an announced working day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        !self.holidays.contains(&d) && is_weekday(d)
    }

    /// Last date the special sets say anything about.
    fn last_special(&self) -> Option<NaiveDate> {
        self.holidays.last().copied().max(self.workdays.last().copied())
    }

    /// The n-th working day strictly after `start`; for `n == 0`, `start`
    /// itself if it is a working day, else the next working day. Saturates
    /// at `NaiveDate::MAX` instead of overflowing.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        if n == 0 {
            while !self.is_working_day(d) {
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => return NaiveDate::MAX,
                }
            }
            return d;
        }
        let last = self.last_special();
        let mut remaining = u64::from(n);
        while remaining > 0 {
            // Past all special dates every 7 days hold exactly 5 working
            // days, so skip whole weeks instead of walking day by day.
            if remaining > 5 && last.is_none_or(|l| d >= l) {
                let weeks = (remaining - 1) / 5;
                match d.checked_add_days(Days::new(weeks * 7)) {
                    Some(next) => d = next,
                    None => return NaiveDate::MAX,
                }
                remaining -= weeks * 5;
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(d) {
                remaining -= 1;
            }
        }
        d
    }

    /// Working days in `(from, to]`; negative when `to < from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let a = i64::from(from.num_days_from_ce());
        let b = i64::from(to.num_days_from_ce());
        // Day number n has index n - 1, so (from, to] is indices [a, b).
        let mut count = weekdays_before(b) - weekdays_before(a);
        let range = (Excluded(from), Included(to));
        for h in self.holidays.range(range) {
            if is_weekday(*h) && !self.workdays.contains(h) {
                count -= 1;
            }
        }
        for w in self.workdays.range(range) {
            if !is_weekday(*w) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// National Day / Mid-Autumn 2025 as announced by the State Council.
    fn cal_2025() -> WorkCalendar {
        WorkCalendar::new((1..=8).map(|d| ymd(2025, 10, d)), [ymd(2025, 9, 28), ymd(2025, 10, 11)])
    }

    #[test]
    fn national_day_2025() {
        let c = cal_2025();
        assert!(c.is_working_day(ymd(2025, 9, 28))); // Sunday, make-up
        assert!(c.is_working_day(ymd(2025, 10, 11))); // Saturday, make-up
        assert!(!c.is_working_day(ymd(2025, 10, 1)));
        assert!(!c.is_working_day(ymd(2025, 10, 8))); // Wednesday, holiday
        assert!(!c.is_working_day(ymd(2025, 10, 12))); // plain Sunday
        let tue = ymd(2025, 9, 30);
        // 10-09 Thu, 10-10 Fri, 10-11 Sat (make-up).
        assert_eq!(c.add_working_days(tue, 1), ymd(2025, 10, 9));
        assert_eq!(c.add_working_days(tue, 2), ymd(2025, 10, 10));
        assert_eq!(c.add_working_days(tue, 3), ymd(2025, 10, 11));
        assert_eq!(c.add_working_days(tue, 4), ymd(2025, 10, 13));
        assert_eq!(c.add_working_days(tue, 0), tue);
        assert_eq!(c.add_working_days(ymd(2025, 10, 1), 0), ymd(2025, 10, 9));
        assert_eq!(c.add_working_days(ymd(2025, 9, 27), 0), ymd(2025, 9, 28));
        assert_eq!(c.working_days_between(tue, ymd(2025, 10, 11)), 3);
        assert_eq!(c.working_days_between(ymd(2025, 10, 11), tue), -3);
        assert_eq!(c.working_days_between(tue, tue), 0);
        // Sep 26 (Fri) → Sep 30: 28 (Sun, make-up), 29, 30.
        assert_eq!(c.working_days_between(ymd(2025, 9, 26), tue), 3);
        // Complaint deadline (13 working days) dispatched on 09-30.
        assert_eq!(c.add_working_days(tue, 13), ymd(2025, 10, 24));
    }

    #[test]
    fn plain_weeks_and_extremes() {
        let c = WorkCalendar::default();
        let mon = ymd(2024, 1, 1);
        assert_eq!(c.add_working_days(mon, 5), ymd(2024, 1, 8));
        assert_eq!(c.working_days_between(mon, ymd(2024, 1, 8)), 5);
        assert_eq!(c.add_working_days(NaiveDate::MAX, 3), NaiveDate::MAX);
        assert_eq!(c.add_working_days(mon, u32::MAX), NaiveDate::MAX);
        let far = c.add_working_days(mon, 1_000_000);
        assert_eq!(c.working_days_between(mon, far), 1_000_000);
    }

    fn naive_working(h: &BTreeSet<NaiveDate>, w: &BTreeSet<NaiveDate>, d: NaiveDate) -> bool {
        w.contains(&d) || (!h.contains(&d) && d.weekday().num_days_from_monday() < 5)
    }

    fn naive_add(h: &BTreeSet<NaiveDate>, w: &BTreeSet<NaiveDate>, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        if n == 0 {
            while !naive_working(h, w, d) {
                d = d.succ_opt().unwrap();
            }
            return d;
        }
        let mut seen = 0;
        while seen < n {
            d = d.succ_opt().unwrap();
            if naive_working(h, w, d) {
                seen += 1;
            }
        }
        d
    }

    fn naive_between(h: &BTreeSet<NaiveDate>, w: &BTreeSet<NaiveDate>, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        let mut d = lo;
        let mut count = 0;
        while d < hi {
            d = d.succ_opt().unwrap();
            if naive_working(h, w, d) {
                count += 1;
            }
        }
        sign * count
    }

    fn dates(base: NaiveDate, offsets: Vec<u64>) -> BTreeSet<NaiveDate> {
        offsets.into_iter().map(|o| base + Days::new(o)).collect()
    }

    proptest! {
        #[test]
        fn add_matches_naive(
            hol in prop::collection::vec(0u64..120, 0..40),
            work in prop::collection::vec(0u64..120, 0..15),
            start_off in 0u64..140,
            n in 0u32..120,
        ) {
            let base = ymd(2025, 1, 1);
            let (h, w) = (dates(base, hol), dates(base, work));
            let cal = WorkCalendar::new(h.iter().copied(), w.iter().copied());
            let start = base + Days::new(start_off);
            let got = cal.add_working_days(start, n);
            prop_assert_eq!(got, naive_add(&h, &w, start, n));
            prop_assert_eq!(cal.is_working_day(got), true);
            if n > 0 {
                prop_assert_eq!(cal.working_days_between(start, got), i64::from(n));
            }
        }

        #[test]
        fn between_matches_naive(
            hol in prop::collection::vec(0u64..400, 0..60),
            work in prop::collection::vec(0u64..400, 0..20),
            a in 0u64..420,
            b in 0u64..420,
        ) {
            let base = ymd(1999, 12, 20);
            let (h, w) = (dates(base, hol), dates(base, work));
            let cal = WorkCalendar::new(h.iter().copied(), w.iter().copied());
            let (from, to) = (base + Days::new(a), base + Days::new(b));
            prop_assert_eq!(cal.working_days_between(from, to), naive_between(&h, &w, from, to));
        }

        #[test]
        fn between_handles_any_era(a in -300_000i32..300_000, len in 0u32..30) {
            let cal = WorkCalendar::default();
            let from = NaiveDate::from_num_days_from_ce_opt(a).unwrap();
            let to = from + Days::new(u64::from(len));
            let e = BTreeSet::new();
            prop_assert_eq!(cal.working_days_between(from, to), naive_between(&e, &e, from, to));
        }
    }
}
