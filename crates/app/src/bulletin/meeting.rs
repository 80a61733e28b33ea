//! The meeting's minutes as a 公文: the letterhead and the meeting's own 期号 (会议纪要 of the
//! meeting's year, one number per meeting), and who took part. Meetings keep no attendance list:
//! the participants are the people and units the meeting names — its chair, and the departments
//! and persons its decisions were assigned to.

use chrono::Datelike;

use super::{Issue, Letterhead, issue_number, letterhead};
use crate::meeting::{self, Meeting};
use crate::{Actor, AppResult, Ctx};

pub struct MeetingPaper {
    pub meeting: Meeting,
    pub head: Letterhead,
    /// 主持人, then the departments and persons assigned actions, each once, in order of mention.
    pub attendees: Vec<String>,
}

/// The meeting (read with `meeting:read`), its letterhead and 期号, its participants.
pub async fn meeting_paper(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<MeetingPaper> {
    let m = meeting::get(ctx, actor, id).await?;
    let year = m.row.held_on.year();
    let period = format!("meeting:{id}");
    let number = issue_number(ctx, actor, &Issue { kind: "meeting", subject: "zone", year, period: &period }).await?;
    let head = letterhead(ctx, actor, "会议纪要", Some((year, number))).await?;
    let attendees = participants(&m);
    Ok(MeetingPaper { meeting: m, head, attendees })
}

fn participants(m: &Meeting) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let named = std::iter::once(m.row.chair.clone())
        .chain(m.actions.iter().flat_map(|a| [a.row.department.clone(), a.row.assignee.clone()]).flatten());
    for n in named {
        let n = n.trim().to_owned();
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}
