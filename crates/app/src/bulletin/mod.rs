//! Printable documents in 公文 style (decision 0038): the weekly bulletin 周通报, the monthly
//! contest report 竞赛月报, a meeting's minutes and a ticket's 回执 for the enterprise. Each is
//! gathered here through the caller's own use cases (the cockpit, the leaderboard, the project
//! and ticket lists), so a document shows what the caller's screens show and nothing more, and
//! handed to the server as a plain struct that the report crate typesets from JSON.
//!
//! A document of the zone gets a 期号: the first print of a period takes the next number of its
//! kind and year (an audited write), every later print of that period shows the same number.

mod contest;
mod meeting;
mod receipt;
mod weekly;

pub use contest::{ContestLine, ContestQuery, ContestReport, contest};
pub use meeting::{MeetingPaper, meeting_paper};
pub use receipt::{ReceiptStep, TicketReceipt, receipt};
pub use weekly::{FigureLine, LateProjectLine, RankLine, TicketLine, WeeklyBulletin, WeeklyQuery, weekly};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use zoneops_db::document_issue::{self as repo, NewIssue};
use zoneops_db::{DbError, reference};

use crate::{Actor, AppError, AppResult, Ctx};

/// How the printed documents name their issuer.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DocumentSettings {
    /// 发文单位 under the letterhead; `{zone}` stands for the zone's name (one installation may
    /// host several zones).
    pub issuing_office: String,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        DocumentSettings { issuing_office: "{zone}管委会办公室".into() }
    }
}

/// The head of a 公文: the red 版头 (zone and document name), 期号, issuing office and date.
#[derive(Clone, Debug, Serialize)]
pub struct Letterhead {
    /// e.g. 扬州经济技术开发区
    pub zone: String,
    /// e.g. 周通报, 竞赛月报, 会议纪要
    pub document: String,
    /// 〔2026〕第12期; empty for a document without a number (a receipt).
    pub issue: String,
    pub office: String,
    /// 2026年12月7日
    pub date: String,
}

/// Which sequence of numbers a document belongs to.
pub(crate) struct Issue<'a> {
    pub kind: &'a str,
    /// Whose document it is (`zone`, `park:3` …): each has its own sequence.
    pub subject: &'a str,
    pub year: i32,
    /// The period (or record) the number is for: `2026-W49`, `2026-11`, `meeting:7`.
    pub period: &'a str,
}

/// The 期号 of a period: the stored one, or the next of its kind and year, written with its
/// audit row. Two first prints racing for a number: one write fails on the unique keys and the
/// loser reads again.
pub(crate) async fn issue_number(ctx: &Ctx, actor: &Actor, i: &Issue<'_>) -> AppResult<i32> {
    let kind = format!("{}@{}", i.kind, i.subject);
    for _ in 0..3 {
        if let Some(row) = repo::find(ctx.db.conn(), actor.zone(), &kind, i.period).await? {
            return Ok(row.number);
        }
        let tx = ctx.db.begin_write().await?;
        // Another print of this period may have committed while this one waited for the lock.
        if let Some(row) = repo::find(&*tx, actor.zone(), &kind, i.period).await? {
            return Ok(row.number);
        }
        let n = NewIssue {
            zone: actor.zone(),
            kind: &kind,
            year: i.year,
            period_key: i.period,
            issued_by: Some(actor.user_id),
        };
        let row = match repo::insert_next(&tx, &n).await {
            Ok(row) => row,
            Err(DbError::Duplicate { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        actor.audit(&tx, "issue", "document_issue", row.id, None::<&()>, Some(&row)).await?;
        match tx.commit().await {
            Ok(()) => return Ok(row.number),
            Err(DbError::Duplicate { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("document number: too many concurrent issues"))
}

/// 〔2026〕第12期
pub fn issue_label(year: i32, number: i32) -> String {
    format!("〔{year}〕第{number}期")
}

pub(crate) async fn letterhead(
    ctx: &Ctx,
    actor: &Actor,
    document: &str,
    issue: Option<(i32, i32)>,
) -> AppResult<Letterhead> {
    let zone = reference::zone_by_id(ctx.db.conn(), actor.zone()).await?.map(|z| z.name).unwrap_or_default();
    Ok(Letterhead {
        office: ctx.settings.documents.issuing_office.replace("{zone}", &zone),
        zone,
        document: document.to_owned(),
        issue: issue.map(|(y, n)| issue_label(y, n)).unwrap_or_default(),
        date: chinese_date(ctx.today()),
    })
}

/// 2026年12月7日
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 2026年12月7日 14:05
pub fn chinese_time(t: NaiveDateTime) -> String {
    format!("{} {}", chinese_date(t.date()), t.format("%H:%M"))
}

fn grouped(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') { format!("-{out}") } else { out }
}

/// Money (元) as the console reads it: 亿元 from one 亿 up, 万元 below, two decimals.
pub fn money(yuan: f64) -> String {
    if yuan.abs() >= 100_000_000.0 {
        format!("{}亿元", grouped(yuan / 100_000_000.0, 2))
    } else {
        format!("{}万元", grouped(yuan / 10_000.0, 2))
    }
}

/// A cockpit figure's value in words ("—" for null, as the console shows it).
pub fn figure_value(value: Option<f64>, unit: &str) -> String {
    let Some(v) = value else { return "—".into() };
    match unit {
        "元" => money(v),
        "%" => format!("{}%", grouped(v, 1)),
        _ => {
            let decimals = if v.fract() == 0.0 { 0 } else { 2 };
            format!("{}{unit}", grouped(v, decimals))
        }
    }
}

/// A 同比 change: percent for counts and amounts, a difference for rates (percentage points)
/// and averages (points), as `cockpit::compare` computes it.
pub fn change_label(change: Option<f64>, unit: &str) -> String {
    let Some(c) = change else { return "—".into() };
    let sign = if c > 0.0 { "+" } else { "" };
    match unit {
        "%" => format!("{sign}{c:.1}个百分点"),
        "分" => format!("{sign}{c:.1}分"),
        _ => format!("{sign}{c:.1}%"),
    }
}

/// A chart's bars: labels and values, the longest bar drawn full width.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Chart {
    pub title: String,
    pub unit: String,
    pub bars: Vec<Bar>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value in words, printed at the bar's end.
    pub shown: String,
    /// The comparison bar (same period last year), when there is one.
    pub before: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_the_console_shows_it() {
        assert_eq!(money(10_800_000_000.0), "108.00亿元");
        assert_eq!(money(71_700_000.0), "7,170.00万元");
        assert_eq!(money(0.0), "0.00万元");
        assert_eq!(money(-123_456_789_000.0), "-1,234.57亿元");
    }

    #[test]
    fn figures_and_changes_read_in_their_units() {
        assert_eq!(figure_value(Some(1234.0), "家"), "1,234家");
        assert_eq!(figure_value(Some(2.35), "次/天"), "2.35次/天");
        assert_eq!(figure_value(Some(87.5), "%"), "87.5%");
        assert_eq!(figure_value(None, "%"), "—");
        assert_eq!(change_label(Some(12.5), "个"), "+12.5%");
        assert_eq!(change_label(Some(-3.0), "%"), "-3.0个百分点");
        assert_eq!(change_label(None, "元"), "—");
        assert_eq!(issue_label(2026, 12), "〔2026〕第12期");
    }
}
