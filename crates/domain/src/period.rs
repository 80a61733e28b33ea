//! Indicator period keys: a month is `YYYYMM` (202108), a year is `YYYY`.

use std::fmt;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

pub const MIN_YEAR: i32 = 1990;
pub const MAX_YEAR: i32 = 2100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Month(i32, u32),
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PeriodError {
    #[error("invalid period key {0}: expected YYYY or YYYYMM (1990-2100)")]
    Invalid(i64),
}

impl PeriodError {
    pub fn message_zh(&self) -> String {
        "期间格式应为YYYY或YYYYMM（1990–2100年）".to_string()
    }
}

impl Period {
    pub fn from_key(key: i64) -> Result<Period, PeriodError> {
        let years = i64::from(MIN_YEAR)..=i64::from(MAX_YEAR);
        if years.contains(&key) {
            return Ok(Period::Year(key as i32));
        }
        let (year, month) = (key / 100, key % 100);
        if key > 0 && years.contains(&year) && (1..=12).contains(&month) {
            return Ok(Period::Month(year as i32, month as u32));
        }
        Err(PeriodError::Invalid(key))
    }

    pub fn key(self) -> i32 {
        match self {
            Period::Year(y) => y,
            Period::Month(y, m) => y * 100 + m as i32,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Month(y, _) => y,
        }
    }

    pub fn is_month(self) -> bool {
        matches!(self, Period::Month(..))
    }

    /// Month keys of a year, e.g. `202101..=202112`.
    pub fn months_of(year: i32) -> RangeInclusive<i32> {
        year * 100 + 1..=year * 100 + 12
    }

    pub fn of_date(d: NaiveDate) -> Period {
        Period::Month(d.year(), d.month())
    }

    /// The month number for a month period.
    pub fn month(self) -> Option<u32> {
        match self {
            Period::Year(_) => None,
            Period::Month(_, m) => Some(m),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys() {
        assert_eq!(Period::from_key(2021), Ok(Period::Year(2021)));
        assert_eq!(Period::from_key(202108), Ok(Period::Month(2021, 8)));
        assert_eq!(Period::from_key(199001), Ok(Period::Month(1990, 1)));
        assert_eq!(Period::from_key(210012), Ok(Period::Month(2100, 12)));
        for bad in [0, -2021, 1989, 2101, 202100, 202113, 198912, 210101, 20210801, 21] {
            assert_eq!(Period::from_key(bad), Err(PeriodError::Invalid(bad)), "{bad}");
        }
        assert_eq!(PeriodError::Invalid(1).message_zh(), "期间格式应为YYYY或YYYYMM（1990–2100年）");
    }

    #[test]
    fn accessors() {
        let p = Period::Month(2021, 8);
        assert_eq!(p.key(), 202108);
        assert_eq!(p.year(), 2021);
        assert!(p.is_month());
        assert_eq!(p.month(), Some(8));
        assert!(!Period::Year(2021).is_month());
        assert_eq!(Period::Year(2021).key(), 2021);
        assert_eq!(Period::months_of(2021), 202101..=202112);
        assert_eq!(Period::months_of(2021).count(), 12);
        let d = NaiveDate::from_ymd_opt(2025, 10, 11).unwrap();
        assert_eq!(Period::of_date(d), Period::Month(2025, 10));
        assert_eq!(p.to_string(), "202108");
        for k in [2021i64, 202108] {
            assert_eq!(i64::from(Period::from_key(k).unwrap().key()), k);
        }
    }
}
