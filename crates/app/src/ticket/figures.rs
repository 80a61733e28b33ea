//! Figures for the cockpit: resolutions and satisfaction over a period; open, overdue and
//! past-the-dispatch-limit tickets now.

use crate::{Actor, AppError, AppResult, Ctx};
use chrono::NaiveDate;
use zoneops_db::reference::{self};
use zoneops_db::ticket::{self as repo};

use super::*;

/// (open, overdue, resolved in period, resolved on time, satisfaction ×100 sum, rated count).
pub struct TicketFigures {
    pub open: u64,
    pub overdue: u64,
    /// Waiting for their first dispatch past the dispatch limit, now (decision 0035).
    pub dispatch_overdue: u64,
    pub resolved: u64,
    pub on_time: u64,
    pub satisfaction_avg: Option<f64>,
}

pub async fn figures(
    ctx: &Ctx,
    actor: &Actor,
    park: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<TicketFigures> {
    figures_of(ctx, actor, &TicketQuery { park, ..Default::default() }, from, to).await
}

/// The same figures over the tickets `base` selects (a park's, an enterprise's): open and
/// overdue now, resolved in `from..=to` with the on-time count and satisfaction. Each is what
/// the ticket list answers with `base` and the figure's own condition.
pub async fn figures_of(
    ctx: &Ctx,
    actor: &Actor,
    base: &TicketQuery,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<TicketFigures> {
    let open_q = TicketQuery { open: Some(true), ..base.clone() };
    let open = repo::count(ctx.db.conn(), &actor.scope, &filter(&open_q)?).await?;
    let overdue_q = TicketQuery { overdue: Some(true), ..base.clone() };
    let overdue = repo::count(ctx.db.conn(), &actor.scope, &resolved_filter(ctx, actor, &overdue_q).await?).await?;
    let waiting_q = TicketQuery { dispatch_overdue: Some(true), ..base.clone() };
    let dispatch_overdue =
        repo::count(ctx.db.conn(), &actor.scope, &resolved_filter(ctx, actor, &waiting_q).await?).await?;
    // Resolved in the period: the drill `resolutions_query` lists exactly these.
    let resolved_q =
        TicketQuery { resolved_from: Some(from.to_string()), resolved_to: Some(to.to_string()), ..base.clone() };
    let r = zoneops_db::ticket_sla::resolutions(ctx.db.conn(), &actor.scope, &filter(&resolved_q)?).await?;
    Ok(TicketFigures {
        open,
        overdue,
        dispatch_overdue,
        resolved: r.resolved as u64,
        on_time: r.on_time.unwrap_or(0) as u64,
        satisfaction_avg: (r.rated > 0)
            .then(|| (r.satisfaction_sum.unwrap_or(0) as f64 / r.rated as f64 * 100.0).round() / 100.0),
    })
}

/// Tickets resolved in `from..=to` and not reopened since (the on-time rate and satisfaction);
/// a resolution in force means the ticket is not open, so no state condition is needed.
pub fn resolutions_query(park: Option<i64>, from: NaiveDate, to: NaiveDate) -> TicketQuery {
    TicketQuery { resolved_from: Some(from.to_string()), resolved_to: Some(to.to_string()), park, ..Default::default() }
}

/// The zone public hotline tickets go to: the installation's zone (the first one).
pub async fn hotline_zone(ctx: &Ctx) -> AppResult<i64> {
    reference::zones(ctx.db.conn()).await?.first().map(|z| z.id).ok_or(AppError::NotFound)
}
