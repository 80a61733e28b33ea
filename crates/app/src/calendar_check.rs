//! Whether the working calendar covers the year ahead. A year without the State Council's
//! holiday notice falls back to plain Monday–Friday: 元旦 and the Spring Festival count as working
//! days and every SLA deadline over them is wrong. The notice comes out in November or December,
//! so from 1 November (the zone's day, by the context's clock) a missing next year is announced
//! to those who can load it (the dispatching centre and the administrator, `ticket:dispatch`);
//! a missing current year is announced all year. The product never guesses a year's holidays.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use zoneops_domain::Lang;
use zoneops_domain::Permission;
use zoneops_domain::calendar::WorkCalendar;

use crate::{Actor, AppResult, Ctx};

/// From this month on, next year's calendar is expected.
pub const NEXT_YEAR_FROM_MONTH: u32 = 11;

/// Something an administrator has to do, shown on every page until done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SystemWarning {
    /// `CALENDAR_YEAR_MISSING`: the working calendar of `year` is not loaded.
    pub code: &'static str,
    pub year: i32,
    /// In the caller's language.
    pub message: String,
    /// The console page where it is done.
    pub link: String,
}

/// The years the calendar should cover on `today` and does not: this year, and from
/// [`NEXT_YEAR_FROM_MONTH`] the next.
pub fn missing_years(cal: &WorkCalendar, today: NaiveDate) -> Vec<i32> {
    let mut wanted = vec![today.year()];
    if today.month() >= NEXT_YEAR_FROM_MONTH {
        wanted.push(today.year() + 1);
    }
    wanted.into_iter().filter(|y| cal.year(*y).is_none()).collect()
}

fn message(year: i32, lang: Lang) -> String {
    let new_year = NaiveDate::from_ymd_opt(year, 1, 1).is_some_and(|d| d.weekday().num_days_from_monday() < 5);
    match lang {
        Lang::En => format!(
            "The {year} working calendar is not loaded: holidays and make-up working days fall back to Monday–Friday{}, so ticket deadlines will be wrong. When the State Council publishes the {year} holiday arrangements, enter them under Service rules → Working calendar.",
            if new_year { " (New Year's Day, 1 January, would count as a working day)" } else { "" }
        ),
        _ => format!(
            "尚未载入{year}年工作日历：节假日和调休将按普通周一至周五计算{}，诉求办理时限会因此算错。国务院办公厅发布{year}年部分节假日安排后，请在“服务规则 → 工作日历”中录入。",
            if new_year { "（1月1日元旦将被算作工作日）" } else { "" }
        ),
    }
}

/// The warnings for `actor`: none for those who cannot load a calendar.
pub async fn warnings(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<SystemWarning>> {
    if !actor.can(Permission::TicketDispatch) {
        return Ok(Vec::new());
    }
    let cal = crate::ticket::calendar(ctx, actor.zone()).await?;
    Ok(missing_years(&cal, ctx.today())
        .into_iter()
        .map(|year| SystemWarning {
            code: "CALENDAR_YEAR_MISSING",
            year,
            message: message(year, actor.lang),
            link: format!("/service/rules?tab=calendar&year={year}"),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn next_year_is_wanted_from_the_first_of_november() {
        let shipped = WorkCalendar::from_json(crate::ticket::CALENDAR_JSON).unwrap();
        assert_eq!(shipped.years().last(), Some(&2026), "the shipped data ends with 2026");
        assert_eq!(missing_years(&shipped, day(2026, 10, 31)), Vec::<i32>::new());
        assert_eq!(missing_years(&shipped, day(2026, 11, 1)), vec![2027]);
        assert_eq!(missing_years(&shipped, day(2026, 12, 31)), vec![2027]);
        // Still without it in the new year: the year itself is missing.
        assert_eq!(missing_years(&shipped, day(2027, 1, 4)), vec![2027]);
        assert_eq!(missing_years(&shipped, day(2025, 11, 20)), Vec::<i32>::new());
    }

    #[test]
    fn the_message_says_what_goes_wrong_and_where_to_fix_it() {
        // 2027-01-01 is a Friday.
        let zh = message(2027, Lang::ZhCn);
        assert!(zh.contains("2027年") && zh.contains("元旦") && zh.contains("工作日历"), "{zh}");
        assert!(message(2027, Lang::En).contains("New Year's Day"));
        // 2028-01-01 is a Saturday: no claim about New Year's Day.
        assert!(!message(2028, Lang::ZhCn).contains("元旦"));
    }
}
