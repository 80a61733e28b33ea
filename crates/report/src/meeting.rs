//! The agenda and minutes of a meeting (会议议程及纪要) as an A4 PDF.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;

use crate::document::{Letterhead, source};
use crate::world::typeset;
use crate::{Fonts, ReportError};

const TEMPLATE: &str = include_str!("meeting.typ");

/// Everything the document shows, already in words (labels, not codes).
#[derive(Clone, Debug, Default)]
pub struct MeetingDoc {
    /// The 版头 with the meeting's 期号.
    pub head: Letterhead,
    pub title: String,
    /// 会议类型, e.g. 周例会.
    pub kind_label: String,
    pub held_on: NaiveDate,
    pub location: String,
    pub chair: String,
    /// 待召开 / 已召开.
    pub status_label: String,
    pub items: Vec<AgendaLine>,
    pub actions: Vec<ActionLine>,
    /// Free text; line breaks separate paragraphs.
    pub minutes: String,
    /// Who took part (the chair, the units and people assigned its decisions).
    pub attendees: Vec<String>,
    /// When the document is made, on the zone's clock (UTC+8): the footer's 生成时间.
    pub generated_at: NaiveDateTime,
}

/// One agenda item (议题).
#[derive(Clone, Debug, Default)]
pub struct AgendaLine {
    /// e.g. 逾期项目, 督办诉求.
    pub kind_label: String,
    pub title: String,
    pub note: String,
}

/// One decision assigned to a department or a person (交办事项).
#[derive(Clone, Debug, Default)]
pub struct ActionLine {
    pub title: String,
    pub department: Option<String>,
    pub assignee: Option<String>,
    pub due_on: NaiveDate,
    /// 未完成 / 已完成.
    pub status_label: String,
    pub overdue: bool,
    pub note: String,
}

/// What the template reads from `/data.json`: strings ready to print.
#[derive(Serialize)]
struct View<'a> {
    head: &'a Letterhead,
    title: &'a str,
    kind: &'a str,
    date: String,
    location: &'a str,
    chair: &'a str,
    status: &'a str,
    items: Vec<ItemView<'a>>,
    actions: Vec<ActionView<'a>>,
    minutes: &'a str,
    attendees: &'a [String],
    generated: String,
}

#[derive(Serialize)]
struct ItemView<'a> {
    kind: &'a str,
    title: &'a str,
    note: &'a str,
}

#[derive(Serialize)]
struct ActionView<'a> {
    title: &'a str,
    owner: String,
    due: String,
    status: &'a str,
    overdue: bool,
    note: &'a str,
}

fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn owner(a: &ActionLine) -> String {
    let parts: Vec<&str> =
        [a.department.as_deref(), a.assignee.as_deref()].into_iter().flatten().filter(|s| !s.is_empty()).collect();
    if parts.is_empty() { "—".into() } else { parts.join(" / ") }
}

fn view(doc: &MeetingDoc) -> View<'_> {
    View {
        head: &doc.head,
        title: &doc.title,
        kind: &doc.kind_label,
        date: format!("{}（{}）", chinese_date(doc.held_on), weekday(doc.held_on)),
        location: &doc.location,
        chair: &doc.chair,
        status: &doc.status_label,
        items: doc.items.iter().map(|i| ItemView { kind: &i.kind_label, title: &i.title, note: &i.note }).collect(),
        actions: doc
            .actions
            .iter()
            .map(|a| ActionView {
                title: &a.title,
                owner: owner(a),
                due: chinese_date(a.due_on),
                status: &a.status_label,
                overdue: a.overdue,
                note: &a.note,
            })
            .collect(),
        minutes: &doc.minutes,
        attendees: &doc.attendees,
        generated: doc.generated_at.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// Renders the meeting with the fonts of the configured directories ([`Fonts::shared`]).
pub fn render_meeting(doc: &MeetingDoc) -> Result<Vec<u8>, ReportError> {
    render_meeting_with(&*Fonts::shared()?, doc)
}

/// Renders the meeting with the given fonts.
pub fn render_meeting_with(fonts: &Fonts, doc: &MeetingDoc) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_vec(&view(doc)).map_err(|e| ReportError::Typeset(e.to_string()))?;
    typeset(fonts, "meeting.typ", &source(TEMPLATE), data, doc.generated_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_joins_department_and_person() {
        let mut a =
            ActionLine { department: Some("招商局".into()), assignee: Some("张三".into()), ..Default::default() };
        assert_eq!(owner(&a), "招商局 / 张三");
        a.assignee = None;
        assert_eq!(owner(&a), "招商局");
        a.department = Some(String::new());
        assert_eq!(owner(&a), "—");
    }

    #[test]
    fn dates_read_the_chinese_way() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
        assert_eq!(format!("{}（{}）", chinese_date(d), weekday(d)), "2025年3月4日（星期二）");
    }
}
