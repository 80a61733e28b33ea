//! Cadres' visits (走访): a record of who met whom and what they found; a problem found becomes a
//! ticket in the same step; a hint when another cadre visited the same enterprise lately; the
//! quarterly coverage of linked and 四上 enterprises.

use chrono::{Datelike, Duration, NaiveDate, SubsecRound};
use serde::{Deserialize, Serialize};
use zoneops_db::ticket::NewTicket;
use zoneops_db::visit::{self as repo, CoverageRow, LinkageRow, NewVisit, VisitFilter, VisitRow};
use zoneops_db::{Page, PageQuery};
use zoneops_domain::Permission;
use zoneops_domain::text::TextKind;
use zoneops_domain::ticket::{Channel, Priority};

use crate::check::{self, today};
use crate::{Actor, AppError, AppResult, Ctx, input};

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct VisitQuery {
    pub enterprise: Option<i64>,
    pub cadre: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub park: Option<i64>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

pub fn filter(q: &VisitQuery) -> AppResult<VisitFilter> {
    Ok(VisitFilter {
        enterprise: q.enterprise,
        cadre: q.cadre,
        from: check::optional_date("from", "开始日期", q.from.as_deref())?,
        to: check::optional_date("to", "结束日期", q.to.as_deref())?,
        park: q.park,
    })
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &VisitQuery) -> AppResult<Page<VisitRow>> {
    actor.require(Permission::VisitRead)?;
    Ok(repo::list(ctx.db.conn(), &actor.scope, &filter(q)?, PageQuery::new(q.page, q.page_size)).await?)
}

/// Visits to `enterprise` by other cadres in the 30 days before `on`.
pub async fn recent_by_others(ctx: &Ctx, actor: &Actor, enterprise: i64, on: NaiveDate) -> AppResult<Vec<VisitRow>> {
    let f = VisitFilter {
        enterprise: Some(enterprise),
        from: Some(on - Duration::days(30)),
        to: Some(on),
        ..Default::default()
    };
    let page = repo::list(ctx.db.conn(), &actor.scope, &f, PageQuery::new(Some(1), Some(50))).await?;
    Ok(page.items.into_iter().filter(|v| v.cadre_id != actor.user_id).collect())
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct HintQuery {
    pub enterprise: Option<i64>,
}

pub async fn hint(ctx: &Ctx, actor: &Actor, q: &HintQuery) -> AppResult<Vec<VisitRow>> {
    actor.require(Permission::VisitRead)?;
    let e = check::enterprise(ctx, actor, "enterprise", q.enterprise)
        .await?
        .ok_or_else(|| AppError::invalid("enterprise", "REQUIRED", "请选择企业"))?;
    recent_by_others(ctx, actor, e, today()).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = VisitProblemInput)]
#[serde(deny_unknown_fields)]
pub struct ProblemInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub category: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub priority: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub title: Option<String>,
    #[schema(schema_with = input::schema::opt::detail)]
    #[serde(default, deserialize_with = "input::opt::detail")]
    pub detail: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitInput {
    pub enterprise_id: Option<i64>,
    pub project_id: Option<i64>,
    /// The day of the visit (`YYYY-MM-DD`); may be left out when `visited_at` is given.
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub visited_on: Option<String>,
    /// When the visit was made: `YYYY-MM-DD HH:MM` on the zone's clock, or RFC 3339; not in
    /// the future. A problem found on it counts its SLA clock from here.
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub visited_at: Option<String>,
    /// Required when the visit was made more than 3 calendar days before today.
    #[schema(schema_with = input::schema::opt::remark)]
    #[serde(default, deserialize_with = "input::opt::remark")]
    pub late_reason: Option<String>,
    #[schema(schema_with = input::schema::opt::title)]
    #[serde(default, deserialize_with = "input::opt::title")]
    pub people_met: Option<String>,
    #[schema(schema_with = input::schema::opt::detail)]
    #[serde(default, deserialize_with = "input::opt::detail")]
    pub findings: Option<String>,
    /// A problem found: filed as a ticket (channel 走访发现) in the same step.
    pub problem: Option<ProblemInput>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VisitCreated {
    pub visit: VisitRow,
    pub ticket_id: Option<i64>,
    pub ticket_no: Option<String>,
    /// Other cadres' visits to the same enterprise in the 30 days before.
    pub others_recently: Vec<VisitRow>,
}

pub async fn create(ctx: &Ctx, actor: &Actor, i: VisitInput) -> AppResult<VisitCreated> {
    actor.require(Permission::VisitWrite)?;
    let enterprise = check::enterprise(ctx, actor, "enterprise_id", i.enterprise_id)
        .await?
        .ok_or_else(|| AppError::invalid("enterprise_id", "REQUIRED", "请选择走访企业"))?;
    let now = ctx.clock.now();
    let happened = check::happened(("visited_at", "走访时间"), i.visited_at.as_deref(), i.late_reason.as_deref(), now)?;
    let (on, late_reason) = match &happened {
        Some(h) => {
            let on = zoneops_domain::zone_time::day(h.at);
            if let Some(d) = check::optional_date("visited_on", "走访日期", i.visited_on.as_deref())?
                && d != on
            {
                return Err(AppError::invalid("visited_on", "DATE_MISMATCH", "走访日期与走访时间不一致"));
            }
            (on, h.late_reason.clone())
        }
        None => {
            let on = check::date("visited_on", "走访日期", i.visited_on.as_deref())?;
            if on > ctx.today() {
                return Err(AppError::invalid("visited_on", "DATE_IN_FUTURE", "走访日期不能晚于今天"));
            }
            (on, check::late("走访日期", on, i.late_reason.as_deref(), now)?)
        }
    };
    let people_met = check::optional_text("people_met", "接待人员", i.people_met.as_deref(), TextKind::Title)?;
    let findings = check::text("findings", "走访情况", i.findings.as_deref(), TextKind::Detail)?;
    let project = match i.project_id {
        Some(p) => Some(
            zoneops_db::project::get(ctx.db.conn(), &actor.scope, p)
                .await?
                .ok_or_else(|| AppError::invalid("project_id", "PROJECT_UNKNOWN", "关联项目不存在或无权查看"))?
                .id,
        ),
        None => None,
    };
    let problem = match &i.problem {
        Some(p) if p.title.as_deref().is_some_and(|t| !t.trim().is_empty()) => {
            actor.require(Permission::TicketWrite)?;
            Some(NewTicket {
                channel: Channel::Visit,
                category: crate::ticket_category::Categories::of_zone(ctx, actor.zone()).await?.choose(
                    "problem.category",
                    "问题类别",
                    p.category.as_deref(),
                )?,
                priority: check::pick(
                    "problem.priority",
                    "紧急程度",
                    p.priority.as_deref().or(Some(Priority::Normal.code())),
                )?,
                title: check::text("problem.title", "问题标题", p.title.as_deref(), TextKind::Name)?,
                detail: check::text(
                    "problem.detail",
                    "问题描述",
                    p.detail.as_deref().or(Some(&findings)),
                    TextKind::Detail,
                )?,
                enterprise_id: Some(enterprise),
                project_id: project,
                park_id: zoneops_db::enterprise::park_of(ctx.db.conn(), actor.zone(), enterprise).await?,
                requester_id: Some(actor.user_id),
                contact_name: people_met.clone(),
                contact_phone: String::new(),
                contact_company: String::new(),
                // Found on the visit: its clock counts from then.
                received_at: happened.as_ref().map(|h| h.at),
                late_reason: late_reason.clone(),
            })
        }
        _ => None,
    };
    let others_recently = recent_by_others(ctx, actor, enterprise, on).await?;
    let clock = match &problem {
        // Its SLA columns from the start: the dispatch clock runs from the visit (decision 0035).
        Some(_) => Some(crate::ticket::Clock::load(ctx, actor.zone()).await?),
        None => None,
    };
    let tx = ctx.db.begin_write().await?;
    let ticket = match &problem {
        Some(t) => {
            let code = crate::ticket::access_code();
            let (id, no) = zoneops_db::ticket::insert(
                &tx,
                actor.zone(),
                t,
                &code,
                (now, zoneops_domain::zone_time::day(now)),
                (Some(actor.user_id), &actor.display_name),
            )
            .await?;
            if let Some(clock) = &clock {
                crate::ticket_sla::refresh(&tx, clock, actor.zone(), id).await?;
            }
            actor.audit(&tx, "create", "ticket", id, None::<&()>, Some(t)).await?;
            crate::notify::on_ticket_filed(&tx, actor.zone(), id, &no, &t.title, &t.category).await?;
            Some((id, no))
        }
        None => None,
    };
    let v = NewVisit {
        zone: actor.zone(),
        cadre: actor.user_id,
        enterprise,
        project,
        visited_on: on,
        visited_at: happened.as_ref().map(|h| h.at),
        late_reason: late_reason.as_deref(),
        people_met: &people_met,
        findings: &findings,
        ticket: ticket.as_ref().map(|t| t.0),
        created_at: now.trunc_subsecs(6),
    };
    let id = repo::insert(&tx, &v).await?;
    let after = serde_json::json!({"enterprise_id": enterprise, "visited_on": on, "visited_at": v.visited_at,
        "late_reason": late_reason, "findings": findings, "ticket_id": ticket.as_ref().map(|t| t.0)});
    actor.audit(&tx, "create", "visit", id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    let f = VisitFilter { cadre: Some(actor.user_id), enterprise: Some(enterprise), ..Default::default() };
    let visit = repo::list(ctx.db.conn(), &actor.scope, &f, PageQuery::new(Some(1), Some(50)))
        .await?
        .items
        .into_iter()
        .find(|v| v.id == id)
        .ok_or(AppError::NotFound)?;
    Ok(VisitCreated { visit, ticket_id: ticket.as_ref().map(|t| t.0), ticket_no: ticket.map(|t| t.1), others_recently })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct CoverageQuery {
    pub year: Option<i32>,
    pub quarter: Option<u32>,
    pub park: Option<i64>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    pub year: i32,
    pub quarter: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub above_size: i64,
    pub above_size_visited: i64,
    pub linked: i64,
    pub linked_visited: i64,
    /// Share of 四上 enterprises visited in the quarter (0–1).
    pub rate: f64,
    /// Linked or 四上 enterprises not visited in the quarter.
    pub not_visited: Vec<CoverageRow>,
}

pub fn quarter_range(year: i32, quarter: u32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).unwrap_or_default();
    let last = zoneops_domain::invest::month_end(year, quarter * 3);
    (first, last)
}

pub async fn coverage(ctx: &Ctx, actor: &Actor, q: &CoverageQuery) -> AppResult<Coverage> {
    actor.require(Permission::VisitRead)?;
    let t = today();
    let year = q.year.unwrap_or(t.year());
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", "YEAR_OUT_OF_RANGE", "年份应在2000–2100之间"));
    }
    let quarter = q.quarter.unwrap_or((t.month() - 1) / 3 + 1);
    if !(1..=4).contains(&quarter) {
        return Err(AppError::invalid("quarter", "QUARTER_INVALID", "季度应为1至4"));
    }
    let (from, to) = quarter_range(year, quarter);
    let rows = repo::coverage(ctx.db.conn(), &actor.scope, from, to, q.park).await?;
    let count = |f: &dyn Fn(&CoverageRow) -> bool| rows.iter().filter(|r| f(r)).count() as i64;
    let above_size = count(&|r| r.above_size);
    let above_size_visited = count(&|r| r.above_size && r.visits > 0);
    Ok(Coverage {
        year,
        quarter,
        from,
        to,
        above_size,
        above_size_visited,
        linked: count(&|r| r.linked > 0),
        linked_visited: count(&|r| r.linked > 0 && r.visits > 0),
        rate: if above_size == 0 {
            0.0
        } else {
            (above_size_visited as f64 / above_size as f64 * 1000.0).round() / 1000.0
        },
        not_visited: rows.into_iter().filter(|r| r.visits == 0).collect(),
    })
}

pub async fn linkages(
    ctx: &Ctx,
    actor: &Actor,
    user: Option<i64>,
    enterprise: Option<i64>,
) -> AppResult<Vec<LinkageRow>> {
    actor.require(Permission::VisitRead)?;
    Ok(repo::linkages(ctx.db.conn(), &actor.scope, user, enterprise).await?)
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkageInput {
    pub user_id: Option<i64>,
    pub enterprise_id: Option<i64>,
}

/// Links a cadre to an enterprise (三重挂钩); the administrator assigns them.
pub async fn add_linkage(ctx: &Ctx, actor: &Actor, i: LinkageInput) -> AppResult<Vec<LinkageRow>> {
    actor.require(Permission::UserAdmin)?;
    let user = i.user_id.ok_or_else(|| AppError::invalid("user_id", "REQUIRED", "请选择干部"))?;
    if zoneops_db::user::by_id(ctx.db.conn(), Some(actor.zone()), user).await?.is_none() {
        return Err(AppError::invalid("user_id", "USER_UNKNOWN", "干部不存在"));
    }
    let e = check::enterprise(ctx, actor, "enterprise_id", i.enterprise_id)
        .await?
        .ok_or_else(|| AppError::invalid("enterprise_id", "REQUIRED", "请选择企业"))?;
    let tx = ctx.db.begin_write().await?;
    zoneops_db::user::add_linkage(&tx, actor.zone(), user, e).await?;
    actor
        .audit(
            &tx,
            "create",
            "linkage",
            format!("{user}-{e}"),
            None::<&()>,
            Some(&serde_json::json!({"user_id": user, "enterprise_id": e})),
        )
        .await?;
    tx.commit().await?;
    linkages(ctx, actor, Some(user), None).await
}

pub async fn delete_linkage(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::UserAdmin)?;
    let tx = ctx.db.begin_write().await?;
    if !repo::delete_linkage(&tx, actor.zone(), id).await? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "delete", "linkage", id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}
