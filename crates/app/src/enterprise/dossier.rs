//! 一企一档: everything about one enterprise the caller may read, in one answer — the record and
//! its tier by year, then its 诉求, projects, visits, linked cadres and leads.
//!
//! The enterprise is read through the caller's scope (404 outside it, as its detail). Each
//! section is there only when the caller holds that kind's read permission (null otherwise: "not
//! yours to read" differs from "nothing there") and is made by that kind's own list use case or
//! repository with an enterprise filter, so each has the list's scope and masking and its total
//! is what the list filtered by the enterprise answers (decision 0034).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use zoneops_db::visit::VisitRow;
use zoneops_domain::Permission;
use zoneops_domain::invest::LeadStage;
use zoneops_domain::project::{ProjectStage, STAGES};
use zoneops_domain::ticket::{Priority, TicketState};

use crate::check;
use crate::invest::LeadQuery;
use crate::project::ProjectQuery;
use crate::ticket::TicketQuery;
use crate::visit::VisitQuery;
use crate::{Actor, AppResult, Ctx};

use super::{EnterpriseView, TierYear};

/// The latest records each section lists (its list page shows the rest).
pub const LATEST: u64 = 10;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Dossier {
    /// The record as its detail shows it (entrepreneurs included), for the default year.
    pub enterprise: EnterpriseView,
    /// Sales, output and tier by year, oldest first (empty: no figures reported).
    pub tiers: Vec<TierYear>,
    /// The zone's current calendar year: the "this year" figures count from its 1 January to today.
    pub this_year: i32,
    /// Null: the caller may not read 诉求 (`ticket:read`).
    pub tickets: Option<DossierTickets>,
    /// Null: the caller may not read projects (`project:read`).
    pub projects: Option<DossierProjects>,
    /// Null: the caller may not read visits (`visit:read`).
    pub visits: Option<DossierVisits>,
    /// The linked cadres (三重挂钩). Null: the caller may not read visits and linkages (`visit:read`).
    pub cadres: Option<DossierCadres>,
    /// Null: the caller may not read leads (`lead:read`).
    pub leads: Option<DossierLeads>,
}

/// The enterprise's 诉求 in the caller's scope.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierTickets {
    /// Every ticket of the enterprise (`GET /tickets?enterprise=`'s total).
    pub total: u64,
    /// Not finished (`open=true`).
    pub open: u64,
    /// Open and past the time limit now (`overdue=true`).
    pub overdue: u64,
    /// Resolved this year and not reopened since.
    pub resolved_this_year: u64,
    /// Share of this year's resolutions within the time limit (0–1); null when none.
    pub on_time_rate: Option<f64>,
    /// Average satisfaction (1–5) of this year's rated resolutions; null when none was rated.
    pub satisfaction_avg: Option<f64>,
    /// The latest tickets, newest first.
    pub items: Vec<DossierTicket>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierTicket {
    /// Opens `/tickets/{id}`; people quote `no`.
    pub id: i64,
    pub no: String,
    pub title: String,
    #[schema(value_type = TicketState)]
    pub state: String,
    pub state_label: &'static str,
    pub category_label: String,
    #[schema(value_type = Priority)]
    pub priority: String,
    pub priority_label: &'static str,
    /// The department handling it (null: not dispatched yet).
    pub department: Option<String>,
    pub overdue: bool,
    pub created_at: DateTime<Utc>,
}

/// The enterprise's projects in the caller's scope.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierProjects {
    /// `GET /projects?enterprise=`'s total.
    pub total: u64,
    /// Total investment in 元; null when there is no project.
    pub investment: Option<f64>,
    /// Projects with a stage past its planned date (`late=true`).
    pub late: u64,
    /// Count and investment by current stage (`stage=`), in template order; stages without a
    /// project are left out.
    pub by_stage: Vec<DossierStage>,
    /// The latest signed, newest first.
    pub items: Vec<DossierProject>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierStage {
    #[schema(value_type = ProjectStage)]
    pub stage: &'static str,
    pub label: &'static str,
    pub count: u64,
    /// 元.
    pub investment: f64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierProject {
    /// Opens `/projects/{id}`.
    pub id: i64,
    pub name: String,
    #[schema(value_type = ProjectStage)]
    pub stage: &'static str,
    pub stage_label: &'static str,
    /// 元.
    pub investment: f64,
    pub signed_on: NaiveDate,
    pub park: String,
    pub owner: Option<String>,
    pub late: bool,
    pub open_problems: i64,
}

/// The visits to the enterprise the caller may read.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierVisits {
    /// `GET /visits?enterprise=`'s total.
    pub total: u64,
    /// Visits made this year.
    pub this_year: u64,
    /// The latest visit's day; null when never visited.
    pub last_visited_on: Option<NaiveDate>,
    /// The latest visits, newest first.
    pub items: Vec<VisitRow>,
}

/// The cadres linked to the enterprise (三重挂钩), as `GET /linkages?enterprise=` lists them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierCadres {
    pub total: u64,
    pub items: Vec<DossierCadre>,
}

/// A linked cadre: the linkage names the person (a user has no department or phone of record);
/// their visits to this enterprise say how the linkage is kept.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierCadre {
    pub linkage_id: i64,
    pub user_id: i64,
    pub name: String,
    /// Their visits to this enterprise, ever and this year.
    pub visits: u64,
    pub visits_this_year: u64,
    /// Their last visit here; null when they never visited.
    pub last_visited_on: Option<NaiveDate>,
}

/// The leads linked to the enterprise in the caller's scope. A confidential lead of someone
/// else is not among them (its enterprise would name its company).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierLeads {
    /// `GET /leads?enterprise=`'s total.
    pub total: u64,
    /// Their intended investment in 元; null when there is no lead.
    pub intended_investment: Option<f64>,
    /// The latest, newest first, as the lead list shows them (masked where it masks).
    pub items: Vec<DossierLead>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DossierLead {
    pub id: i64,
    /// Null when masked: the code name stands for it.
    pub company: Option<String>,
    pub codename: Option<String>,
    pub confidential: bool,
    pub masked: bool,
    #[schema(value_type = LeadStage)]
    pub stage: String,
    pub stage_label: &'static str,
    pub stage_since: NaiveDate,
    /// 元.
    pub intended_investment: f64,
    pub owner: String,
    pub park: String,
    /// The project it became (null when masked or none).
    pub project_id: Option<i64>,
}

pub async fn dossier(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Dossier> {
    // The record first: outside the scope (or without enterprise:read) nothing else is read.
    let enterprise = super::get(ctx, actor, id, None).await?;
    let tiers = super::tiers(ctx, actor, id).await?;
    let today = ctx.today();
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let span = (year_start, today);
    Ok(Dossier {
        enterprise,
        tiers,
        this_year: today.year(),
        tickets: section(actor, Permission::TicketRead, || tickets(ctx, actor, id, span)).await?,
        projects: section(actor, Permission::ProjectRead, || projects(ctx, actor, id)).await?,
        visits: section(actor, Permission::VisitRead, || visits(ctx, actor, id, year_start)).await?,
        cadres: section(actor, Permission::VisitRead, || cadres(ctx, actor, id, year_start)).await?,
        leads: section(actor, Permission::LeadRead, || leads(ctx, actor, id)).await?,
    })
}

/// A section: null when the caller may not read its kind, else what `make` finds.
async fn section<T, F, Fut>(actor: &Actor, read: Permission, make: F) -> AppResult<Option<T>>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    if actor.can(read) { Ok(Some(make().await?)) } else { Ok(None) }
}

fn latest() -> (Option<u64>, Option<u64>) {
    (Some(1), Some(LATEST))
}

async fn tickets(ctx: &Ctx, actor: &Actor, id: i64, (from, to): (NaiveDate, NaiveDate)) -> AppResult<DossierTickets> {
    let (page, page_size) = latest();
    let base = TicketQuery { enterprise: Some(id), ..Default::default() };
    let found = crate::ticket::list(ctx, actor, &TicketQuery { page, page_size, ..base.clone() }).await?;
    let f = crate::ticket::figures_of(ctx, actor, &base, from, to).await?;
    Ok(DossierTickets {
        total: found.total,
        open: f.open,
        overdue: f.overdue,
        resolved_this_year: f.resolved,
        on_time_rate: (f.resolved > 0).then(|| (f.on_time as f64 / f.resolved as f64 * 1000.0).round() / 1000.0),
        satisfaction_avg: f.satisfaction_avg,
        items: found
            .items
            .into_iter()
            .map(|t| DossierTicket {
                id: t.row.id,
                no: t.row.no,
                title: t.row.title,
                priority_label: check::label_of_code::<Priority>(&t.row.priority, actor.lang),
                priority: t.row.priority,
                state: t.row.state,
                state_label: t.state_label,
                category_label: t.category_label,
                department: t.row.department,
                overdue: t.overdue,
                created_at: t.row.created_at,
            })
            .collect(),
    })
}

async fn projects(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<DossierProjects> {
    let (page, page_size) = latest();
    let base = ProjectQuery { enterprise: Some(id), ..Default::default() };
    let found = crate::project::list(ctx, actor, &ProjectQuery { page, page_size, ..base.clone() }).await?;
    let db = ctx.db.conn();
    // Each figure is the list's filter with one condition more: its count is that list's total.
    let figure = |q: ProjectQuery| async move {
        let f = crate::project::filter(ctx, &q)?;
        AppResult::Ok(zoneops_db::project::count_and_sum(db, &actor.scope, &f).await?)
    };
    let (_, sum) = figure(base.clone()).await?;
    let (late, _) = figure(ProjectQuery { late: Some(true), ..base.clone() }).await?;
    let mut by_stage = Vec::new();
    if found.total > 0 {
        for def in STAGES.iter() {
            let code = def.code.code();
            let (count, investment) = figure(ProjectQuery { stage: Some(code.to_owned()), ..base.clone() }).await?;
            if count > 0 {
                by_stage.push(DossierStage {
                    stage: code,
                    label: def.code.label(actor.lang),
                    count,
                    investment: zoneops_domain::money::Money::sum_to_yuan_f64(investment),
                });
            }
        }
    }
    Ok(DossierProjects {
        total: found.total,
        investment: (found.total > 0).then(|| zoneops_domain::money::Money::sum_to_yuan_f64(sum)),
        late,
        by_stage,
        items: found
            .items
            .into_iter()
            .map(|p| DossierProject {
                id: p.row.id,
                name: p.row.name,
                stage: p.stage,
                stage_label: check::label_of_code::<ProjectStage>(p.stage, actor.lang),
                investment: zoneops_domain::money::Money::from_fen(p.row.investment).to_yuan_f64(),
                signed_on: p.row.signed_on,
                park: p.row.park,
                owner: p.row.owner,
                late: p.late,
                open_problems: p.row.open_problems,
            })
            .collect(),
    })
}

async fn visits(ctx: &Ctx, actor: &Actor, id: i64, year_start: NaiveDate) -> AppResult<DossierVisits> {
    let (page, page_size) = latest();
    let found =
        crate::visit::list(ctx, actor, &VisitQuery { enterprise: Some(id), page, page_size, ..Default::default() })
            .await?;
    let this_year = year_visits(ctx, actor, id, None, year_start).await?;
    Ok(DossierVisits {
        total: found.total,
        this_year,
        last_visited_on: found.items.first().map(|v| v.visited_on),
        items: found.items,
    })
}

/// Visits to `id` (by `cadre`, if given) from `from` on: the visit list's total.
async fn year_visits(ctx: &Ctx, actor: &Actor, id: i64, cadre: Option<i64>, from: NaiveDate) -> AppResult<u64> {
    let q = VisitQuery {
        enterprise: Some(id),
        cadre,
        from: Some(from.to_string()),
        page_size: Some(1),
        ..Default::default()
    };
    Ok(crate::visit::list(ctx, actor, &q).await?.total)
}

async fn cadres(ctx: &Ctx, actor: &Actor, id: i64, year_start: NaiveDate) -> AppResult<DossierCadres> {
    let links = crate::visit::linkages(ctx, actor, None, Some(id)).await?;
    let mut items = Vec::with_capacity(links.len());
    for k in links {
        let q = VisitQuery { enterprise: Some(id), cadre: Some(k.user_id), page_size: Some(1), ..Default::default() };
        let theirs = crate::visit::list(ctx, actor, &q).await?;
        items.push(DossierCadre {
            linkage_id: k.id,
            user_id: k.user_id,
            name: k.user,
            visits: theirs.total,
            visits_this_year: year_visits(ctx, actor, id, Some(k.user_id), year_start).await?,
            last_visited_on: theirs.items.first().map(|v| v.visited_on),
        });
    }
    Ok(DossierCadres { total: items.len() as u64, items })
}

async fn leads(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<DossierLeads> {
    let (page, page_size) = latest();
    let found = crate::invest::list_leads(
        ctx,
        actor,
        &LeadQuery { enterprise: Some(id), page, page_size, ..Default::default() },
    )
    .await?;
    let sum =
        crate::invest::lead_investment(ctx, actor, &LeadQuery { enterprise: Some(id), ..Default::default() }).await?;
    Ok(DossierLeads {
        total: found.total,
        intended_investment: (found.total > 0).then_some(sum),
        items: found
            .items
            .into_iter()
            .map(|l| DossierLead {
                id: l.row.id,
                company: l.row.company,
                codename: l.row.codename,
                confidential: l.row.confidential,
                masked: l.masked,
                stage_label: check::label_of_code::<LeadStage>(&l.row.stage, actor.lang),
                stage: l.row.stage,
                stage_since: l.row.stage_since,
                intended_investment: zoneops_domain::money::Money::from_fen(l.row.intended_investment).to_yuan_f64(),
                owner: l.row.owner,
                park: l.row.park,
                project_id: l.row.project_id,
            })
            .collect(),
    })
}
