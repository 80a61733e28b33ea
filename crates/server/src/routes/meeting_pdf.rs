//! `GET /meetings/{id}/pdf`: the agenda and minutes as a PDF (crates/report, Typst embedded),
//! under the zone's letterhead with the meeting's 期号 and participants (decision 0038).
//! Reading rights are the meeting's (`meeting:read`); the file is named after the meeting.
//! Built without the default `pdf` feature (no Typst, a faster build) the route answers 501,
//! as do the other documents (`bulletin`), which typeset through [`deliver`] too.

#[cfg(feature = "pdf")]
pub use typeset::download;
#[cfg(feature = "pdf")]
pub(crate) use typeset::{deliver, zone_now};

/// What a document route answers in a build without Typst.
#[cfg(not(feature = "pdf"))]
pub(crate) fn not_built() -> crate::error::ApiError {
    crate::error::ApiError::new(
        axum::http::StatusCode::NOT_IMPLEMENTED,
        "PDF_NOT_BUILT",
        "此版本未包含 PDF 导出（编译时未启用 pdf 功能）",
    )
}

/// The same signature as the PDF build's, so both document the route alike.
#[cfg(not(feature = "pdf"))]
pub async fn download(
    crate::extract::CurrentUser(_): crate::extract::CurrentUser,
    crate::extract::ApiPath(_): crate::extract::ApiPath<i64>,
) -> crate::error::ApiResult<axum::response::Response> {
    Err(not_built())
}

#[cfg(feature = "pdf")]
mod typeset {
    use axum::extract::State;
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use zoneops_app::bulletin::MeetingPaper;
    use zoneops_domain::meeting::AgendaItemKind;

    use crate::AppState;
    use crate::error::{ApiError, ApiResult};
    use crate::extract::{ApiPath, CurrentUser};

    pub async fn download(
        State(s): State<AppState>,
        CurrentUser(a): CurrentUser,
        ApiPath(id): ApiPath<i64>,
    ) -> ApiResult<Response> {
        let paper = zoneops_app::bulletin::meeting_paper(&s.ctx, &a, id).await?;
        let doc = document(&paper, zone_now(&s));
        let name = paper.meeting.row.title.clone();
        deliver(move || zoneops_report::render_meeting(&doc), &format!("meeting-{id}"), &name).await
    }

    /// The zone's clock now (the footer's 生成时间).
    pub(crate) fn zone_now(s: &AppState) -> chrono::NaiveDateTime {
        zoneops_domain::zone_time::local(s.ctx.clock.now())
    }

    /// Typesets on a blocking thread — CPU work, off the async workers, two documents at a time
    /// (2 cores) — and answers the PDF as a download named `name` (`fallback` for old clients).
    pub(crate) async fn deliver(
        render: impl FnOnce() -> Result<Vec<u8>, zoneops_report::ReportError> + Send + 'static,
        fallback: &str,
        name: &str,
    ) -> ApiResult<Response> {
        static RENDERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
        let _permit = RENDERS.acquire().await.map_err(|e| ApiError::from(zoneops_app::AppError::internal(e)))?;
        let pdf = tokio::task::spawn_blocking(render)
            .await
            .map_err(|e| ApiError::from(zoneops_app::AppError::internal(e)))?
            .map_err(report_error)?;
        let disposition = format!("attachment; filename=\"{fallback}.pdf\"; filename*=UTF-8''{}.pdf", filename(name));
        let mut res = pdf.into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        Ok(res)
    }

    fn report_error(e: zoneops_report::ReportError) -> ApiError {
        match e {
            zoneops_report::ReportError::NoCjkFont { .. } => {
                let mut answer = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "PDF_FONT_MISSING", e.to_string());
                answer.cause = Some(crate::error::Cause(std::sync::Arc::new(e)));
                answer
            }
            other => zoneops_app::AppError::internal(other).into(),
        }
    }

    /// The meeting in the words the document prints.
    fn document(p: &MeetingPaper, now: chrono::NaiveDateTime) -> zoneops_report::MeetingDoc {
        let m = &p.meeting;
        let h = &p.head;
        let item_label = |code: &str| AgendaItemKind::parse(code).unwrap_or(AgendaItemKind::Custom).label_zh();
        zoneops_report::MeetingDoc {
            head: zoneops_report::Letterhead {
                zone: h.zone.clone(),
                document: h.document.clone(),
                issue: h.issue.clone(),
                office: h.office.clone(),
                date: h.date.clone(),
            },
            attendees: p.attendees.clone(),
            title: m.row.title.clone(),
            kind_label: m.kind_label.to_owned(),
            held_on: m.row.held_on,
            location: m.row.location.clone(),
            chair: m.row.chair.clone(),
            status_label: if m.row.status == "held" { "已召开" } else { "待召开" }.to_owned(),
            // As the meeting reads it: by kind, each kind's first items and "及其他 N 项".
            items: m
                .groups
                .iter()
                .flat_map(|g| {
                    let shown = g.items.iter().map(|i| zoneops_report::AgendaLine {
                        kind_label: item_label(&i.kind).to_owned(),
                        title: i.title.clone(),
                        note: i.note.clone(),
                    });
                    let more = (g.more > 0).then(|| zoneops_report::AgendaLine {
                        kind_label: item_label(g.kind).to_owned(),
                        title: format!("及其他 {} 项", g.more),
                        note: String::new(),
                    });
                    shown.chain(more)
                })
                .collect(),
            actions: m
                .actions
                .iter()
                .map(|a| zoneops_report::ActionLine {
                    title: a.row.title.clone(),
                    department: a.row.department.clone(),
                    assignee: a.row.assignee.clone(),
                    due_on: a.row.due_on,
                    status_label: if a.row.status == "done" { "已完成" } else { "未完成" }.to_owned(),
                    overdue: a.overdue,
                    note: a.row.note.clone(),
                })
                .collect(),
            minutes: m.row.minutes.clone(),
            generated_at: now,
        }
    }

    /// The title as an RFC 5987 `filename*` value: characters a file name cannot hold become `_`,
    /// then everything but letters, digits and `-._~` is percent-encoded as UTF-8.
    fn filename(title: &str) -> String {
        let mut out = String::new();
        for c in title.trim().chars() {
            let c = if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c };
            if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        if out.is_empty() { "document".into() } else { out }
    }

    #[cfg(test)]
    mod tests {
        use super::filename;

        #[test]
        fn file_names_are_percent_encoded_utf8() {
            assert_eq!(filename("周例会 3/4"), "%E5%91%A8%E4%BE%8B%E4%BC%9A%203_4");
            assert_eq!(filename("a\"b;c"), "a_b%3Bc");
            assert_eq!(filename("  "), "document");
        }
    }
}
