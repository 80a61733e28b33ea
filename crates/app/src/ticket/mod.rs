//! The service desk: tickets from every channel, the state machine with its sides, the SLA clock
//! derived from each ticket's history on the zone's working calendar, satisfaction, routing rules,
//! service-level policies and the calendar itself.

mod act;
mod clock;
mod figures;
mod hotline;
mod query;
mod rules;
mod view;

pub use act::*;
pub use clock::*;
pub use figures::*;
pub use hotline::*;
pub use query::*;
pub use rules::*;
pub use view::*;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// The public working calendar 2020–2026 shipped with the product (a zone may replace a year).
pub const CALENDAR_JSON: &str = include_str!("../../../../data/cn-work-calendar.json");

/// Zone-local time (China Standard Time) of a stored UTC instant.
pub(crate) fn local(t: DateTime<Utc>) -> NaiveDateTime {
    (t + Duration::hours(8)).naive_utc()
}
