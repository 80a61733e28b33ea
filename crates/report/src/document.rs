//! The 公文-style documents whose data comes ready to print from the use cases (decision 0038):
//! the weekly bulletin, the monthly contest report and a ticket's receipt. Each is a template
//! after the shared `gongwen.typ` (letterhead, fonts, tables, bar charts) reading `/data.json`.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::world::typeset;
use crate::{Fonts, ReportError};

/// The shared part of every 公文 template.
pub(crate) const GONGWEN: &str = include_str!("gongwen.typ");

/// Which document a JSON value is typeset as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    /// 周通报: `zoneops_app::bulletin::WeeklyBulletin`.
    Weekly,
    /// 竞赛月报: `zoneops_app::bulletin::ContestReport`.
    Contest,
    /// 诉求受理回执: `zoneops_app::bulletin::TicketReceipt`.
    Receipt,
}

impl Paper {
    fn template(self) -> (&'static str, &'static str) {
        match self {
            Paper::Weekly => ("weekly.typ", include_str!("weekly.typ")),
            Paper::Contest => ("contest.typ", include_str!("contest.typ")),
            Paper::Receipt => ("receipt.typ", include_str!("receipt.typ")),
        }
    }
}

/// The 版头 of a document: the zone, the document's name, its 期号, the issuing office, the date.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Letterhead {
    pub zone: String,
    pub document: String,
    /// 〔2026〕第12期, or empty.
    pub issue: String,
    pub office: String,
    pub date: String,
}

/// The template after the shared preamble.
pub(crate) fn source(body: &str) -> String {
    format!("{GONGWEN}\n{body}")
}

/// Typesets `data` (the use case's struct) as `paper` with the fonts of the configured
/// directories ([`Fonts::shared`]); `now` (zone time) is the footer's 生成时间.
pub fn render_paper(paper: Paper, data: &impl Serialize, now: NaiveDateTime) -> Result<Vec<u8>, ReportError> {
    render_paper_with(&*Fonts::shared()?, paper, data, now)
}

/// As [`render_paper`], with the given fonts.
pub fn render_paper_with(
    fonts: &Fonts,
    paper: Paper,
    data: &impl Serialize,
    now: NaiveDateTime,
) -> Result<Vec<u8>, ReportError> {
    let mut value = serde_json::to_value(data).map_err(|e| ReportError::Typeset(e.to_string()))?;
    if let Some(o) = value.as_object_mut() {
        o.insert("generated".into(), now.format("%Y-%m-%d %H:%M").to_string().into());
    }
    let bytes = serde_json::to_vec(&value).map_err(|e| ReportError::Typeset(e.to_string()))?;
    let (name, body) = paper.template();
    typeset(fonts, name, &source(body), bytes, now)
}
