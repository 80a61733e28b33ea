//! The zone's wall clock. Instants are stored and compared in UTC; people read dates and times on
//! China Standard Time (UTC+8, no daylight saving). The offset is named here once; everything
//! that turns an instant into a day, a year or an `HH:MM` for a person goes through this module.
//!
//! Pure functions of an instant: callers pass "now" from their clock (`Ctx::clock` in the use
//! cases, which tests move), so the domain reads no clock itself.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// The zone's offset from UTC in seconds (China Standard Time).
pub const OFFSET_SECS: i32 = 8 * 3600;

/// The zone's offset as a chrono time zone.
pub fn offset() -> FixedOffset {
    FixedOffset::east_opt(OFFSET_SECS).expect("a constant offset within ±24 h")
}

/// The wall-clock date and time of an instant.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&offset()).naive_local()
}

/// The instant of a wall-clock date and time (there is no gap or overlap on a fixed offset).
pub fn to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    (local - chrono::Duration::seconds(i64::from(OFFSET_SECS))).and_utc()
}

/// The calendar day it is in the zone at `t`.
pub fn day(t: DateTime<Utc>) -> NaiveDate {
    local(t).date()
}

/// The calendar year it is in the zone at `t`.
pub fn year(t: DateTime<Utc>) -> i32 {
    local(t).year()
}

/// The instant a zone day begins (00:00 on the zone's clock).
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    to_utc(d.and_time(chrono::NaiveTime::MIN))
}

/// `HH:MM` on the zone's clock, for messages people read.
pub fn hhmm(t: DateTime<Utc>) -> String {
    local(t).format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_zone_day_turns_at_16_utc() {
        assert_eq!(day(at("2024-12-31T15:59:59Z")).to_string(), "2024-12-31");
        assert_eq!(day(at("2024-12-31T16:00:00Z")).to_string(), "2025-01-01");
        assert_eq!(year(at("2024-12-31T16:00:00Z")), 2025);
        assert_eq!(hhmm(at("2024-06-01T01:30:00Z")), "09:30");
    }

    #[test]
    fn conversions_round_trip() {
        let t = at("2024-03-05T23:10:00Z");
        assert_eq!(to_utc(local(t)), t);
        let d = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap();
        assert_eq!(day_start(d), at("2024-03-05T16:00:00Z"));
        assert_eq!(day(day_start(d)), d);
    }
}
