//! Printed documents in 公文 style (decision 0038), each a PDF download: the weekly bulletin
//! 周通报, the monthly contest report 竞赛月报 and a ticket's 回执. The use cases gather the data
//! in the caller's scope (and issue the 期号); the report crate typesets it. Without the `pdf`
//! feature every route answers 501, before anything is read or numbered.

use axum::extract::State;
use axum::response::Response;
use zoneops_app::bulletin::{ContestQuery, WeeklyQuery};

use super::catalogue::{Routes, get};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiPath, ApiQuery, CurrentUser};

pub fn router() -> Routes {
    Routes::new()
        .route("/bulletins/weekly", get(weekly))
        .route("/bulletins/contest", get(contest))
        .route("/tickets/{id}/receipt", get(receipt))
}

/// `GET /bulletins/weekly?week=2026-W49&park=`: the week's 周通报 (default: the last full week).
async fn weekly(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<WeeklyQuery>,
) -> ApiResult<Response> {
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (s, a, q);
        Err(super::meeting_pdf::not_built())
    }
    #[cfg(feature = "pdf")]
    {
        let b = zoneops_app::bulletin::weekly(&s.ctx, &a, &q).await?;
        let now = super::meeting_pdf::zone_now(&s);
        let name = format!("{}周通报{}", b.subject, b.week);
        let fallback = format!("bulletin-{}", b.week);
        super::meeting_pdf::deliver(
            move || zoneops_report::render_paper(zoneops_report::Paper::Weekly, &b, now),
            &fallback,
            &name,
        )
        .await
    }
}

/// `GET /bulletins/contest?month=2026-11`: the month's 竞赛月报 (default: the last full month).
async fn contest(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<ContestQuery>,
) -> ApiResult<Response> {
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (s, a, q);
        Err(super::meeting_pdf::not_built())
    }
    #[cfg(feature = "pdf")]
    {
        let c = zoneops_app::bulletin::contest(&s.ctx, &a, &q).await?;
        let now = super::meeting_pdf::zone_now(&s);
        let name = format!("竞赛月报{}", c.month);
        let fallback = format!("contest-{}", c.month);
        super::meeting_pdf::deliver(
            move || zoneops_report::render_paper(zoneops_report::Paper::Contest, &c, now),
            &fallback,
            &name,
        )
        .await
    }
}

/// `GET /tickets/{id}/receipt`: the ticket's 回执 for the enterprise, for whoever may read it.
async fn receipt(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (s, a, id);
        Err(super::meeting_pdf::not_built())
    }
    #[cfg(feature = "pdf")]
    {
        let r = zoneops_app::bulletin::receipt(&s.ctx, &a, id).await?;
        let now = super::meeting_pdf::zone_now(&s);
        let name = format!("诉求回执{}", r.no);
        super::meeting_pdf::deliver(
            move || zoneops_report::render_paper(zoneops_report::Paper::Receipt, &r, now),
            &format!("receipt-{id}"),
            &name,
        )
        .await
    }
}
