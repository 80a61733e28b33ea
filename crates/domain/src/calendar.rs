//! Working calendar: Monday–Friday, minus public holidays, plus the 调休
//! make-up working days. The holiday and make-up sets are yearly data (one
//! entry per State Council notice, admin-editable), loaded from the public
//! calendar file `data/cn-work-calendar.json` or edited year by year. A date
//! no year speaks about falls back to plain Monday–Friday.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound::{Excluded, Included};

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    /// The data as entered, keyed by the notice's year (the 2023 notice also
    /// lists 2022-12-31, so a year's dates may spill into its neighbours).
    years: BTreeMap<i32, CalendarYear>,
    // Flattened from `years` for fast look-ups; rebuilt on every edit.
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// One year's announced arrangement, in the same shape as a year of the JSON file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Make-up working days (调休上班): weekend days that are working days.
    #[serde(default)]
    pub workdays: Vec<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    /// The notice's heading, e.g. "国庆节、中秋节"; empty when unknown.
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error("calendar data is not valid JSON of the expected shape: {0}")]
    Json(String),
    #[error("calendar data covers no years")]
    NoYears,
    #[error("\"{0}\" is not a year (expected four digits such as \"2024\")")]
    BadYear(String),
    #[error("year {year}: {date} is too far from the year (a notice may only reach into the neighbouring years)")]
    OutsideYear { year: i32, date: NaiveDate },
    #[error("year {year}: {date} is listed more than once")]
    Duplicate { year: i32, date: NaiveDate },
    #[error("year {year}: {date} is listed both as a holiday and as a make-up working day")]
    HolidayAndWorkday { year: i32, date: NaiveDate },
    #[error("year {year}: make-up working day {date} is a {weekday}; only a Saturday or Sunday can be one")]
    WorkdayOnWeekday { year: i32, date: NaiveDate, weekday: chrono::Weekday },
    #[error("{date} is listed under both year {year} and year {other}")]
    InTwoYears { date: NaiveDate, year: i32, other: i32 },
}

/// The file's shape: `{"years": {"2024": {"holidays": [{"date", "name"}], "workdays": [..]}}}`;
/// other top-level keys (the `source` notes) are ignored.
#[derive(Deserialize, utoipa::ToSchema)]
struct CalendarFile {
    years: BTreeMap<String, CalendarYear>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct CalendarFileOut<'a> {
    years: BTreeMap<String, &'a CalendarYear>,
}

impl CalendarYear {
    fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().map(|h| h.date).chain(self.workdays.iter().copied())
    }

    /// Checks one year on its own: dates near the year, no repeats, no
    /// contradictions, make-up days only on weekends.
    pub fn validate(&self, year: i32) -> Result<(), CalendarError> {
        let mut seen = BTreeSet::new();
        let holidays: BTreeSet<NaiveDate> = self.holidays.iter().map(|h| h.date).collect();
        for date in self.dates() {
            if (i64::from(date.year()) - i64::from(year)).abs() > 1 {
                return Err(CalendarError::OutsideYear { year, date });
            }
            if !seen.insert(date) {
                return Err(if holidays.contains(&date) && self.workdays.contains(&date) {
                    CalendarError::HolidayAndWorkday { year, date }
                } else {
                    CalendarError::Duplicate { year, date }
                });
            }
        }
        if let Some(&date) = self.workdays.iter().find(|d| is_weekday(**d)) {
            return Err(CalendarError::WorkdayOnWeekday { year, date, weekday: date.weekday() });
        }
        Ok(())
    }
}

fn is_weekday(d: NaiveDate) -> bool {
    d.weekday().num_days_from_monday() < 5
}

/// Weekdays among day indices `[0, m)`, where index 0 is 0001-01-01 (a
/// Monday). Euclidean division keeps it correct for dates before year 1.
fn weekdays_before(m: i64) -> i64 {
    5 * m.div_euclid(7) + m.rem_euclid(7).min(5)
}

fn parse_year(key: &str) -> Result<i32, CalendarError> {
    let bad = || CalendarError::BadYear(key.to_string());
    if key.len() != 4 || !key.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    key.parse().map_err(|_| bad())
}

impl WorkCalendar {
    /// An ad-hoc calendar from bare date sets, filed under each date's own
    /// year with unnamed holidays. Not validated: where a date is in both
    /// sets, the working day wins (see [`WorkCalendar::is_working_day`]).
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>, workdays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let mut years: BTreeMap<i32, CalendarYear> = BTreeMap::new();
        for date in holidays.into_iter().collect::<BTreeSet<_>>() {
            years.entry(date.year()).or_default().holidays.push(Holiday { date, name: String::new() });
        }
        for date in workdays.into_iter().collect::<BTreeSet<_>>() {
            years.entry(date.year()).or_default().workdays.push(date);
        }
        Self::from_years(years)
    }

    fn from_years(years: BTreeMap<i32, CalendarYear>) -> Self {
        let mut cal = WorkCalendar { years, ..Default::default() };
        cal.rebuild();
        cal
    }

    fn rebuild(&mut self) {
        self.holidays = self.years.values().flat_map(|y| y.holidays.iter().map(|h| h.date)).collect();
        self.workdays = self.years.values().flat_map(|y| y.workdays.iter().copied()).collect();
    }

    /// Parses the public calendar file (`data/cn-work-calendar.json`) and
    /// checks every year (see [`CalendarYear::validate`]); a date may belong
    /// to one year only.
    pub fn from_json(json: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile = serde_json::from_str(json).map_err(|e| CalendarError::Json(e.to_string()))?;
        if file.years.is_empty() {
            return Err(CalendarError::NoYears);
        }
        let mut cal = WorkCalendar::default();
        for (key, data) in file.years {
            cal.set_year(parse_year(&key)?, data)?;
        }
        Ok(cal)
    }

    /// The calendar in the file's format (without the `source` notes).
    pub fn to_json(&self) -> String {
        let years = self.years.iter().map(|(y, d)| (y.to_string(), d)).collect();
        serde_json::to_string_pretty(&CalendarFileOut { years }).expect("calendar data always serializes")
    }

    /// The years the data covers (notice years), ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    pub fn year(&self, year: i32) -> Option<&CalendarYear> {
        self.years.get(&year)
    }

    /// Adds or replaces one year's data (an admin edits a year). On error the
    /// calendar is unchanged.
    pub fn set_year(&mut self, year: i32, data: CalendarYear) -> Result<(), CalendarError> {
        data.validate(year)?;
        for date in data.dates() {
            if let Some((&other, _)) = self.years.iter().find(|(y, d)| **y != year && d.dates().any(|x| x == date)) {
                return Err(CalendarError::InTwoYears { date, year, other });
            }
        }
        self.years.insert(year, data);
        self.rebuild();
        Ok(())
    }

    /// Drops one year's data; its dates fall back to Monday–Friday.
    pub fn remove_year(&mut self, year: i32) -> Option<CalendarYear> {
        let removed = self.years.remove(&year);
        self.rebuild();
        removed
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

    /// Last date the special sets say anything about; past it every week has
    /// exactly five working days, Monday to Friday.
    pub(crate) fn last_special(&self) -> Option<NaiveDate> {
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

    const CN_JSON: &str = include_str!("../../../data/cn-work-calendar.json");

    fn cn() -> WorkCalendar {
        WorkCalendar::from_json(CN_JSON).unwrap()
    }

    #[test]
    fn cn_file_covers_2020_to_2026() {
        assert_eq!(cn().years(), (2020..=2026).collect::<Vec<_>>());
        for y in 2020..=2026 {
            let data = cn().year(y).cloned().unwrap();
            assert!(data.holidays.len() >= 25 && !data.workdays.is_empty(), "{y}");
        }
    }

    #[test]
    fn cn_national_day_2020() {
        let c = cn();
        for d in 1..=8 {
            assert!(!c.is_working_day(ymd(2020, 10, d)), "2020-10-{d}");
        }
        assert!(c.is_working_day(ymd(2020, 9, 27))); // Sunday, make-up
        assert!(c.is_working_day(ymd(2020, 10, 10))); // Saturday, make-up
        assert!(!c.is_working_day(ymd(2020, 10, 11))); // plain Sunday
        assert_eq!(
            c.year(2020).unwrap().holidays.iter().find(|h| h.date == ymd(2020, 10, 1)).unwrap().name,
            "国庆节、中秋节"
        );
    }

    #[test]
    fn cn_spring_festival_2024() {
        let c = cn();
        for d in 10..=17 {
            assert!(!c.is_working_day(ymd(2024, 2, d)), "2024-02-{d}");
        }
        assert!(c.is_working_day(ymd(2024, 2, 4))); // Sunday before
        assert!(c.is_working_day(ymd(2024, 2, 18))); // Sunday after
        assert!(c.is_working_day(ymd(2024, 2, 9))); // 除夕 2024 is a working Friday
        assert_eq!(c.add_working_days(ymd(2024, 2, 8), 2), ymd(2024, 2, 18));
    }

    #[test]
    fn cn_notice_year_reaches_back() {
        let c = cn();
        // 2023's 元旦 starts on 2022-12-31, filed under the 2023 notice.
        assert!(c.year(2023).unwrap().holidays.iter().any(|h| h.date == ymd(2022, 12, 31)));
        assert!(!c.year(2022).unwrap().holidays.iter().any(|h| h.date == ymd(2022, 12, 31)));
    }

    #[test]
    fn outside_covered_years_is_monday_to_friday() {
        let c = cn();
        assert!(c.is_working_day(ymd(2019, 10, 1))); // Tuesday, no data
        assert!(c.is_working_day(ymd(2027, 10, 1))); // Friday, no data
        assert!(!c.is_working_day(ymd(2027, 10, 2))); // Saturday
        assert!(!c.is_working_day(ymd(2019, 9, 29))); // a 2019 make-up Sunday the data does not hold
        assert_eq!(c.add_working_days(ymd(2027, 1, 1), 5), ymd(2027, 1, 8));
    }

    #[test]
    fn json_round_trip() {
        let c = cn();
        assert_eq!(WorkCalendar::from_json(&c.to_json()).unwrap(), c);
    }

    #[test]
    fn set_and_remove_a_year() {
        let mut c = cn();
        let y2020 = c.year(2020).cloned().unwrap();
        c.set_year(2020, CalendarYear::default()).unwrap();
        assert!(c.is_working_day(ymd(2020, 10, 1))); // plain Thursday now
        assert!(!c.is_working_day(ymd(2020, 9, 27)));
        assert!(!c.is_working_day(ymd(2021, 10, 1))); // other years untouched
        c.set_year(2020, y2020).unwrap();
        assert_eq!(c, cn());
        let y2027 = CalendarYear {
            holidays: vec![Holiday { date: ymd(2027, 10, 1), name: "国庆节".into() }],
            workdays: vec![ymd(2027, 9, 26)],
        };
        c.set_year(2027, y2027).unwrap();
        assert_eq!(c.years().last(), Some(&2027));
        assert!(!c.is_working_day(ymd(2027, 10, 1)));
        assert!(c.is_working_day(ymd(2027, 9, 26)));
        assert!(c.remove_year(2027).is_some());
        assert_eq!(c, cn());
        // A rejected edit leaves the calendar as it was.
        let bad = CalendarYear { holidays: vec![], workdays: vec![ymd(2021, 10, 4)] };
        assert!(c.set_year(2021, bad).is_err());
        assert_eq!(c, cn());
    }

    fn err(json: &str) -> CalendarError {
        WorkCalendar::from_json(json).unwrap_err()
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let y = |body: &str| format!(r#"{{"years": {{"2024": {body}}}}}"#);
        let e = err(&y(r#"{"holidays": [], "workdays": ["2024-10-08"]}"#));
        assert_eq!(
            e,
            CalendarError::WorkdayOnWeekday { year: 2024, date: ymd(2024, 10, 8), weekday: chrono::Weekday::Tue }
        );
        assert!(e.to_string().contains("2024-10-08 is a Tue"), "{e}");
        let e = err(&y(r#"{"holidays": [{"date": "2024-10-12", "name": "x"}], "workdays": ["2024-10-12"]}"#));
        assert_eq!(e, CalendarError::HolidayAndWorkday { year: 2024, date: ymd(2024, 10, 12) });
        let e = err(&y(r#"{"holidays": [{"date": "2024-10-01", "name": "x"}, {"date": "2024-10-01", "name": "x"}]}"#));
        assert_eq!(e, CalendarError::Duplicate { year: 2024, date: ymd(2024, 10, 1) });
        let e = err(&y(r#"{"holidays": [{"date": "2026-10-01", "name": "x"}]}"#));
        assert_eq!(e, CalendarError::OutsideYear { year: 2024, date: ymd(2026, 10, 1) });
        let e = err(&y(r#"{"holidays": [{"date": "2024-13-01", "name": "x"}]}"#));
        assert!(matches!(&e, CalendarError::Json(m) if m.contains("line 1")), "{e}");
        let e = err(&y(r#"{"holidays": [], "workday": []}"#));
        assert!(e.to_string().contains("unknown field `workday`"), "{e}");
        assert_eq!(err(r#"{"years": {"24": {}}}"#), CalendarError::BadYear("24".into()));
        assert_eq!(err(r#"{"years": {}}"#), CalendarError::NoYears);
        assert!(matches!(err(r#"{"source": {}}"#), CalendarError::Json(m) if m.contains("missing field `years`")));
        assert!(matches!(err("not json"), CalendarError::Json(_)));
        let two = r#"{"years": {"2023": {"holidays": [{"date": "2022-12-31", "name": "元旦"}]},
                                 "2022": {"holidays": [{"date": "2022-12-31", "name": "元旦"}]}}}"#;
        assert_eq!(err(two), CalendarError::InTwoYears { date: ymd(2022, 12, 31), year: 2023, other: 2022 });
        // Either list may be left out.
        let c = WorkCalendar::from_json(&y(r#"{"workdays": ["2024-10-12"]}"#)).unwrap();
        assert!(c.is_working_day(ymd(2024, 10, 12)));
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
