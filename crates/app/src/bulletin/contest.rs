//! 竞赛月报: the month's park contest ("月竞赛") as the leaderboard ranks it, beside last month's
//! places, and the investors' board of the caller's scope.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use zoneops_domain::invest::TargetPeriod;

use super::weekly::{RankLine, rank_chart, rank_lines, subject_key};
use super::{Chart, Issue, Letterhead, issue_number, letterhead, money};
use crate::invest::{self, LeaderboardQuery};
use crate::{Actor, AppError, AppResult, Ctx};

/// The investors' board lists this many people.
const PEOPLE_CAP: usize = 10;

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ContestQuery {
    /// `YYYY-MM`; default: the last full month.
    pub month: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContestLine {
    #[serde(flatten)]
    pub line: RankLine,
    /// Last month's place ("—" when the park was not ranked then).
    pub last_rank: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContestReport {
    pub head: Letterhead,
    /// 2026年11月
    pub title: String,
    pub month: String,
    pub rule: String,
    pub parks: Vec<ContestLine>,
    pub chart: Chart,
    pub total_count: i64,
    pub total_amount: String,
    pub people: Vec<RankLine>,
}

/// `YYYY-MM` as (year, month); the month before `today`'s when absent. A month not begun is refused.
pub(crate) fn parse_month(s: Option<&str>, today: NaiveDate) -> AppResult<(i32, u32)> {
    let (y, m) = match s.map(str::trim).filter(|s| !s.is_empty()) {
        None if today.month() == 1 => (today.year() - 1, 12),
        None => (today.year(), today.month() - 1),
        Some(s) => match TargetPeriod::parse(s) {
            Some(TargetPeriod::Month(y, m)) if (2000..=2100).contains(&y) => (y, m),
            _ => return Err(AppError::invalid("month", "MONTH_INVALID", "月份格式应为YYYY-MM")),
        },
    };
    if (y, m) > (today.year(), today.month()) {
        return Err(AppError::invalid("month", "MONTH_IN_FUTURE", "所选月份尚未开始"));
    }
    Ok((y, m))
}

fn month_key(y: i32, m: u32) -> String {
    format!("{y}-{m:02}")
}

pub async fn contest(ctx: &Ctx, actor: &Actor, q: &ContestQuery) -> AppResult<ContestReport> {
    let (y, m) = parse_month(q.month.as_deref(), ctx.today())?;
    let board = |month: String, subject: &'static str| LeaderboardQuery {
        month: Some(month),
        subject: Some(subject.into()),
        ..Default::default()
    };
    let now = invest::leaderboard(ctx, actor, &board(month_key(y, m), "park")).await?;
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let before = invest::leaderboard(ctx, actor, &board(month_key(py, pm), "park")).await?;
    let mut people = invest::leaderboard(ctx, actor, &board(month_key(y, m), "user")).await?.rows;
    people.retain(|r| r.signed_count > 0);
    people.truncate(PEOPLE_CAP);
    let parks = rank_lines(&now.rows)
        .into_iter()
        .map(|line| ContestLine {
            last_rank: before
                .rows
                .iter()
                .find(|r| r.name == line.name)
                .map_or_else(|| "—".into(), |r| r.rank.to_string()),
            line,
        })
        .collect();
    let total_count = now.rows.iter().map(|r| r.signed_count).sum();
    let total_amount = money(now.rows.iter().map(|r| r.signed_amount).sum());
    let period = month_key(y, m);
    let key = subject_key(actor, None);
    let number = issue_number(ctx, actor, &Issue { kind: "contest", subject: &key, year: y, period: &period }).await?;
    Ok(ContestReport {
        head: letterhead(ctx, actor, "竞赛月报", Some((y, number))).await?,
        title: format!("{y}年{m}月"),
        month: period,
        rule: now.rule.to_owned(),
        chart: rank_chart("各园区签约金额（亿元）".into(), &now.rows),
        parks,
        total_count,
        total_amount,
        people: rank_lines(&people),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_default_to_the_last_full_one() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(parse_month(None, d(2026, 12, 9)).unwrap(), (2026, 11));
        assert_eq!(parse_month(None, d(2026, 1, 9)).unwrap(), (2025, 12));
        assert_eq!(parse_month(Some("2026-12"), d(2026, 12, 9)).unwrap(), (2026, 12));
        assert!(parse_month(Some("2027-01"), d(2026, 12, 9)).is_err());
        assert!(parse_month(Some("2026-13"), d(2026, 12, 9)).is_err());
        assert!(parse_month(Some("11/2026"), d(2026, 12, 9)).is_err());
    }
}
