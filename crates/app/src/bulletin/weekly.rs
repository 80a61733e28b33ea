//! 周通报: one ISO week's cockpit figures with 同比, the month's park contest so far, the late
//! projects and the overdue and supervised tickets of the caller's scope, with bar charts.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use zoneops_domain::Permission;
use zoneops_domain::cockpit::{CockpitSubject, FigureBasis};
use zoneops_domain::scope::Reach;
use zoneops_domain::sla::Escalation;

use super::{Bar, Chart, Issue, Letterhead, change_label, chinese_date, figure_value, issue_number, letterhead, money};
use crate::cockpit::{self, CockpitQuery};
use crate::invest::{self, LeaderboardQuery, RankRow};
use crate::project::{self, ProjectQuery};
use crate::ticket::{self, TicketQuery};
use crate::{Actor, AppError, AppResult, Ctx};

/// At most this many late projects and tickets are listed; the rest are counted.
const LIST_CAP: usize = 20;

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct WeeklyQuery {
    /// ISO week `YYYY-Www` (e.g. `2026-W49`); default: the last full week.
    pub week: Option<String>,
    /// One park of the caller's reach (as the cockpit's `park`).
    pub park: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FigureLine {
    pub key: String,
    pub label: String,
    pub value: String,
    pub last_year: String,
    pub change: String,
    /// The change was downwards (printed in the accent colour).
    pub down: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct LateProjectLine {
    pub name: String,
    pub park: String,
    pub investment: String,
    pub stages: String,
    pub days: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TicketLine {
    pub no: String,
    pub title: String,
    pub enterprise: String,
    pub department: String,
    pub due: String,
    /// 督办 / 通报 / 超期
    pub level: String,
    pub escalated: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct RankLine {
    pub rank: usize,
    pub name: String,
    pub count: i64,
    pub amount: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct WeeklyBulletin {
    pub head: Letterhead,
    /// 2026年第49周
    pub title: String,
    /// Whose figures: 全区 / the park's name …
    pub subject: String,
    /// 2026年11月30日至12月6日
    pub period: String,
    pub week: String,
    pub figures: Vec<FigureLine>,
    /// Today's state (open, overdue tickets, late projects) as of the print.
    pub today: Vec<FigureLine>,
    pub figure_chart: Chart,
    pub contest_title: String,
    pub contest_rule: String,
    pub contest: Vec<RankLine>,
    pub contest_chart: Chart,
    /// None: the caller does not read projects (the section is left out).
    pub late_projects: Option<Vec<LateProjectLine>>,
    pub late_total: u64,
    pub tickets: Option<Vec<TicketLine>>,
    pub tickets_total: u64,
    pub escalated_total: usize,
}

/// The ISO week `YYYY-Www` as its Monday; the last full week before `today` when absent.
pub(crate) fn parse_week(s: Option<&str>, today: NaiveDate) -> AppResult<(i32, u32, NaiveDate)> {
    let bad = || AppError::invalid("week", "WEEK_INVALID", "周次格式应为YYYY-Www，如2026-W49");
    let monday = match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => today.week(Weekday::Mon).first_day() - Duration::days(7),
        Some(s) => {
            let (y, w) = s.split_once(['-']).ok_or_else(bad)?;
            let w = w.strip_prefix(['W', 'w']).ok_or_else(bad)?;
            let (y, w): (i32, u32) = (y.parse().map_err(|_| bad())?, w.parse().map_err(|_| bad())?);
            if !(2000..=2100).contains(&y) {
                return Err(bad());
            }
            NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).ok_or_else(bad)?
        }
    };
    if monday > today {
        return Err(AppError::invalid("week", "WEEK_IN_FUTURE", "所选周次尚未开始"));
    }
    let iso = monday.iso_week();
    Ok((iso.year(), iso.week(), monday))
}

/// Whose bulletin it is, as a key of its own number sequence.
pub(crate) fn subject_key(actor: &Actor, park: Option<i64>) -> String {
    match (park, &actor.scope.reach) {
        (Some(p), _) => format!("park:{p}"),
        (None, Reach::Zone) => "zone".into(),
        (None, Reach::Parks { parks }) => {
            format!("parks:{}", parks.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(","))
        }
        (None, Reach::Department { department }) => format!("department:{department}"),
        (None, Reach::Own | Reach::Enterprise { .. }) => format!("user:{}", actor.user_id),
    }
}

fn line(f: &cockpit::Figure) -> FigureLine {
    FigureLine {
        key: f.key.to_owned(),
        label: f.label.clone(),
        value: figure_value(f.value, f.unit),
        last_year: if f.basis == FigureBasis::Today { String::new() } else { figure_value(f.last_year, f.unit) },
        change: if f.basis == FigureBasis::Today { String::new() } else { change_label(f.change, f.unit) },
        down: f.change.is_some_and(|c| c < 0.0),
    }
}

pub(crate) fn rank_lines(rows: &[RankRow]) -> Vec<RankLine> {
    rows.iter()
        .map(|r| RankLine { rank: r.rank, name: r.name.clone(), count: r.signed_count, amount: money(r.signed_amount) })
        .collect()
}

pub(crate) fn rank_chart(title: String, rows: &[RankRow]) -> Chart {
    Chart {
        title,
        unit: "亿元".into(),
        bars: rows
            .iter()
            .map(|r| Bar {
                label: r.name.clone(),
                value: r.signed_amount / 100_000_000.0,
                shown: money(r.signed_amount),
                before: None,
            })
            .collect(),
    }
}

pub async fn weekly(ctx: &Ctx, actor: &Actor, q: &WeeklyQuery) -> AppResult<WeeklyBulletin> {
    actor.require(Permission::CockpitRead)?;
    let today = ctx.today();
    let (iso_year, week, monday) = parse_week(q.week.as_deref(), today)?;
    let sunday = monday + Duration::days(6);
    let to = sunday.min(today);
    let cq =
        CockpitQuery { from: Some(monday.to_string()), to: Some(to.to_string()), park: q.park, ..Default::default() };
    let c = cockpit::figures(ctx, actor, &cq).await?;
    let subject = if c.subject.kind == CockpitSubject::Zone { "全区".to_owned() } else { c.subject.name.clone() };
    // The period's figures (the week's, and the year's enterprise figures) and today's apart.
    let (now, period): (Vec<_>, Vec<_>) = c.figures.iter().partition(|f| f.basis == FigureBasis::Today);
    let figure_chart = Chart {
        title: "本周主要指标与去年同期".into(),
        unit: String::new(),
        bars: period
            .iter()
            .filter(|f| f.basis == FigureBasis::Period && matches!(f.unit, "个" | "次" | "件"))
            .filter_map(|f| {
                f.value.map(|v| Bar {
                    label: f.label.clone(),
                    value: v,
                    shown: figure_value(Some(v), f.unit),
                    before: f.last_year,
                })
            })
            .collect(),
    };
    // The contest of the month the week ends in, so far (decision 0007: every park, totals only).
    let month_start = NaiveDate::from_ymd_opt(to.year(), to.month(), 1).unwrap_or(to);
    let board = invest::leaderboard(
        ctx,
        actor,
        &LeaderboardQuery {
            from: Some(month_start.to_string()),
            to: Some(to.to_string()),
            subject: Some("park".into()),
            ..Default::default()
        },
    )
    .await?;
    let contest_title = format!("{}年{}月园区招商竞赛（截至{}月{}日）", to.year(), to.month(), to.month(), to.day());
    let (late_projects, late_total) = if actor.can(Permission::ProjectRead) {
        let (lines, total) = late_projects(ctx, actor, q.park).await?;
        (Some(lines), total)
    } else {
        (None, 0)
    };
    let (tickets, tickets_total, escalated_total) = if actor.can(Permission::TicketRead) {
        let (lines, total, escalated) = overdue_tickets(ctx, actor, q.park).await?;
        (Some(lines), total, escalated)
    } else {
        (None, 0, 0)
    };
    let key = subject_key(actor, q.park);
    let period_key = format!("{iso_year}-W{week:02}");
    let number =
        issue_number(ctx, actor, &Issue { kind: "weekly", subject: &key, year: iso_year, period: &period_key }).await?;
    Ok(WeeklyBulletin {
        head: letterhead(ctx, actor, "周通报", Some((iso_year, number))).await?,
        title: format!("{iso_year}年第{week}周"),
        subject,
        period: format!("{}至{}", chinese_date(monday), chinese_date(to)),
        week: period_key,
        figures: period.iter().map(|f| line(f)).collect(),
        today: now.iter().map(|f| line(f)).collect(),
        figure_chart,
        contest_rule: board.rule.to_owned(),
        contest: rank_lines(&board.rows),
        contest_chart: rank_chart("签约金额（亿元）".into(), &board.rows),
        contest_title,
        late_projects,
        late_total,
        tickets,
        tickets_total,
        escalated_total,
    })
}

/// Late projects of the caller's scope, the longest late first (as the meeting agenda ranks them).
async fn late_projects(ctx: &Ctx, actor: &Actor, park: Option<i64>) -> AppResult<(Vec<LateProjectLine>, u64)> {
    let today = ctx.today();
    let q = ProjectQuery {
        late: Some(true),
        park,
        page_size: Some(500),
        sort: Some("investment".into()),
        ..Default::default()
    };
    let page = project::list(ctx, actor, &q).await?;
    let mut lines: Vec<LateProjectLine> = page
        .items
        .into_iter()
        .map(|p| {
            let late: Vec<&project::StageView> = p.stages.iter().filter(|s| p.late_stages.contains(&s.stage)).collect();
            let since = late.iter().filter_map(|s| s.planned_on).min().unwrap_or(today);
            LateProjectLine {
                stages: late.iter().map(|s| s.label).collect::<Vec<_>>().join("、"),
                days: (today - since).num_days(),
                investment: money(zoneops_domain::money::Money::sum_to_yuan_f64(i128::from(p.row.investment))),
                park: p.row.park,
                name: p.row.name,
            }
        })
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.days));
    lines.truncate(LIST_CAP);
    Ok((lines, page.total))
}

/// Open tickets past their resolve deadline, supervised (督办) and noticed (通报) first.
async fn overdue_tickets(ctx: &Ctx, actor: &Actor, park: Option<i64>) -> AppResult<(Vec<TicketLine>, u64, usize)> {
    let q = TicketQuery { open: Some(true), overdue: Some(true), park, page_size: Some(500), ..Default::default() };
    let page = ticket::list(ctx, actor, &q).await?;
    let mut items = page.items;
    items.sort_by_key(|t| (std::cmp::Reverse(t.sla.level), t.sla.resolve_due));
    let escalated = items.iter().filter(|t| t.sla.level >= Escalation::Supervision).count();
    let lines = items
        .into_iter()
        .take(LIST_CAP)
        .map(|t| TicketLine {
            level: match t.sla.level {
                Escalation::PublicNotice => "通报",
                Escalation::Supervision => "督办",
                _ => "超期",
            }
            .into(),
            escalated: t.sla.level >= Escalation::Supervision,
            due: t.sla.resolve_due.map(|d| chinese_date(d.date())).unwrap_or_else(|| "—".into()),
            no: t.row.no,
            title: t.row.title,
            enterprise: t
                .row
                .enterprise
                .or(Some(t.row.contact_company))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "—".into()),
            department: t.row.department.unwrap_or_else(|| "未派单".into()),
        })
        .collect();
    Ok((lines, page.total, escalated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weeks_are_iso_weeks_and_default_to_the_last_full_one() {
        let today = day(2026, 12, 9); // a Wednesday of W50
        assert_eq!(parse_week(None, today).unwrap(), (2026, 49, day(2026, 11, 30)));
        assert_eq!(parse_week(Some("2026-W49"), today).unwrap(), (2026, 49, day(2026, 11, 30)));
        // W01 of 2026 starts in 2025.
        assert_eq!(parse_week(Some("2026-W01"), today).unwrap(), (2026, 1, day(2025, 12, 29)));
        for bad in ["2026-49", "2026-W54", "W49", "abc", "1999-W01"] {
            assert!(parse_week(Some(bad), today).is_err(), "{bad}");
        }
        assert!(parse_week(Some("2026-W51"), today).is_err(), "a week not begun");
        assert!(parse_week(Some("2026-W50"), today).is_ok(), "the week under way");
    }
}
