//! 同比: each figure of the year or the period beside the same figure one year earlier.

use chrono::{Months, NaiveDate};
use zoneops_domain::cockpit::FigureBasis;

use super::Figure;

/// The same day one year earlier (29 February becomes the 28th).
pub(super) fn year_before(d: NaiveDate) -> NaiveDate {
    d.checked_sub_months(Months::new(12)).unwrap_or(d)
}

/// The records a figure is counted from: last year "has data" for a figure when any count or
/// amount counted from the same records was above zero then.
fn source(key: &str) -> &str {
    match key.split('.').next().unwrap_or(key) {
        "enterprises" | "indicators" => "indicators",
        other => other,
    }
}

/// Rates and averages compare by difference (percentage points, points of satisfaction).
fn is_rate(f: &Figure) -> bool {
    matches!(f.unit, "%" | "分")
}

/// Fills `last_year` and `change` of the year's and the period's figures from `last` (the same
/// figures computed one year earlier).
pub(super) fn same_period_last_year(figures: &mut [Figure], last: &[Figure]) {
    let has_data = |src: &str| {
        let counted: Vec<&Figure> =
            last.iter().filter(|f| source(f.key) == src && !is_rate(f) && f.key != "enterprises.total").collect();
        // A source with only rates (tickets) has data when its rates do.
        counted.is_empty() || counted.iter().any(|f| f.value.is_some_and(|v| v > 0.0))
    };
    for f in figures.iter_mut().filter(|f| f.basis != FigureBasis::Today) {
        let Some(before) = last.iter().find(|l| l.key == f.key) else { continue };
        f.last_year = if has_data(source(f.key)) { before.value } else { None };
        f.change = match (f.value, f.last_year) {
            (Some(v), Some(b)) if is_rate(f) => Some(round1(v - b)),
            (Some(v), Some(b)) if b != 0.0 => Some(round1((v - b) / b * 100.0)),
            _ => None,
        };
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(key: &'static str, unit: &'static str, value: Option<f64>) -> Figure {
        Figure {
            key,
            label: key.into(),
            value,
            unit,
            drill: String::new(),
            basis: FigureBasis::Period,
            from: None,
            to: None,
            last_year: None,
            change: None,
        }
    }

    #[test]
    fn leap_day_goes_to_the_28th() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(year_before(d("2024-02-29")), d("2023-02-28"));
        assert_eq!(year_before(d("2022-08-31")), d("2021-08-31"));
    }

    #[test]
    fn change_in_percent_for_counts_and_in_points_for_rates() {
        let mut now = vec![
            fig("invest.trips", "次", Some(3.0)),
            fig("invest.receptions", "次", Some(5.0)),
            fig("tickets.resolved_on_time_rate", "%", Some(90.0)),
            fig("tickets.satisfaction_avg", "分", None),
        ];
        let last = vec![
            fig("invest.trips", "次", Some(2.0)),
            fig("invest.receptions", "次", Some(0.0)),
            fig("tickets.resolved_on_time_rate", "%", Some(87.5)),
            fig("tickets.satisfaction_avg", "分", Some(4.5)),
        ];
        same_period_last_year(&mut now, &last);
        assert_eq!((now[0].last_year, now[0].change), (Some(2.0), Some(50.0)));
        assert_eq!((now[1].last_year, now[1].change), (Some(0.0), None), "a real zero, no percent of it");
        assert_eq!((now[2].last_year, now[2].change), (Some(87.5), Some(2.5)));
        assert_eq!((now[3].last_year, now[3].change), (Some(4.5), None), "nothing rated this period");
    }

    #[test]
    fn no_data_last_year_is_null_not_zero() {
        let mut now = vec![fig("projects.signed.count", "个", Some(4.0)), fig("projects.started", "个", Some(1.0))];
        let last = vec![fig("projects.signed.count", "个", Some(0.0)), fig("projects.started", "个", Some(0.0))];
        same_period_last_year(&mut now, &last);
        assert!(now.iter().all(|f| f.last_year.is_none() && f.change.is_none()));
    }
}
