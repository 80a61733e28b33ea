//! Projects from signing to production: stage dates checked against the template, late and
//! due-soon states computed on request from the stage records, gaps and flags, weekly progress
//! and blocking problems.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zoneops_db::project::{self as repo, Author, ProjectData, ProjectFilter, ProjectRow, ProjectSort};
use zoneops_db::{Page, PageQuery};
use zoneops_domain::Permission;
use zoneops_domain::invest::{LeadStage, ProjectCategory, week_start};
use zoneops_domain::money::Money;
use zoneops_domain::project::{
    Gaps, ProjectStage, STAGES, StageDates, StageState, check_order, current_stage, gaps, plan_from_template,
    same_year, stage_state,
};
use zoneops_domain::text::TextKind;

use crate::check::{self, today};
use crate::{Actor, AppError, AppResult, Ctx, input};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StageView {
    #[schema(value_type = zoneops_domain::project::ProjectStage)]
    pub stage: &'static str,
    pub label: &'static str,
    pub planned_on: Option<NaiveDate>,
    pub actual_on: Option<NaiveDate>,
    pub limit_days: i64,
    #[schema(value_type = Vec<zoneops_domain::project::ProjectStage>)]
    pub after: Vec<&'static str>,
    pub state: StageState,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Project {
    #[serde(flatten)]
    pub row: ProjectRow,
    pub band: Option<&'static str>,
    pub stage: &'static str,
    pub late: bool,
    pub late_stages: Vec<&'static str>,
    pub due_soon: Vec<&'static str>,
    pub stages: Vec<StageView>,
    pub gaps: Gaps,
    pub flags: Vec<&'static str>,
}

fn view(ctx: &Ctx, r: ProjectRow, stages: &[StageDates; 8]) -> Project {
    let t = today();
    let warn = ctx.settings.projects.warn_days;
    let views: Vec<StageView> = STAGES
        .iter()
        .zip(stages)
        .map(|(def, d)| StageView {
            stage: def.code.code(),
            label: def.label,
            planned_on: d.planned,
            actual_on: d.actual,
            limit_days: def.limit_days,
            after: def.after.iter().map(|a| a.code()).collect(),
            state: stage_state(d, t, warn),
        })
        .collect();
    let in_state = |s: StageState| views.iter().filter(|v| v.state == s).map(|v| v.stage).collect::<Vec<_>>();
    let late_stages = in_state(StageState::Late);
    Project {
        band: ctx.settings.projects.bands().band(r.investment),
        stage: current_stage(stages).code(),
        late: !late_stages.is_empty(),
        late_stages,
        due_soon: in_state(StageState::DueSoon),
        stages: views,
        gaps: gaps(stages),
        flags: if same_year(stages) { vec!["same_year"] } else { Vec::new() },
        row: r,
    }
}

async fn views(ctx: &Ctx, rows: Vec<ProjectRow>) -> AppResult<Vec<Project>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let stages = repo::stages(ctx.db.conn(), &ids).await?;
    Ok(rows.into_iter().zip(stages).map(|(r, (_, s))| view(ctx, r, &s)).collect())
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ProjectQuery {
    pub q: Option<String>,
    pub park: Option<i64>,
    pub owner: Option<i64>,
    pub enterprise: Option<i64>,
    pub stage: Option<String>,
    pub category: Option<String>,
    pub band: Option<String>,
    pub late: Option<bool>,
    pub signed_from: Option<String>,
    pub signed_to: Option<String>,
    pub started_from: Option<String>,
    pub started_to: Option<String>,
    pub production_from: Option<String>,
    pub production_to: Option<String>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn range(
    from_field: &str,
    to_field: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let f = check::optional_date(from_field, "开始日期", from)?;
    let t = check::optional_date(to_field, "结束日期", to)?;
    if let (Some(a), Some(b)) = (f, t)
        && b < a
    {
        return Err(AppError::invalid(to_field, "DATE_ORDER", "结束日期不能早于开始日期"));
    }
    Ok((f, t))
}

/// The filter a list and a cockpit figure share (so a drill's total equals its figure).
pub fn filter(ctx: &Ctx, q: &ProjectQuery) -> AppResult<ProjectFilter> {
    let stage = match q.stage.as_deref().filter(|s| !s.is_empty()).map(|s| ProjectStage::parse(s).ok_or(s)) {
        Some(Ok(stage)) => Some(stage),
        Some(Err(_)) => {
            return Err(AppError::invalid(
                "stage",
                "STAGE_INVALID",
                "阶段应为签约、预审、拿地、开工、竣工、交付、投产或达效",
            ));
        }
        None => None,
    };
    let category = check::optional_pick("category", "项目类别", &q.category)?;
    let investment = match q.band.as_deref().filter(|s| !s.is_empty()) {
        Some(b) => Some(
            ctx.settings
                .projects
                .bands()
                .range(b)
                .ok_or_else(|| AppError::invalid("band", "BAND_INVALID", "投资规模应为 100yi 或 50_100yi"))?,
        ),
        None => None,
    };
    Ok(ProjectFilter {
        q: q.q.clone(),
        park: q.park,
        owner: q.owner,
        enterprise: q.enterprise,
        stage,
        category,
        investment,
        late_on: q.late.unwrap_or(false).then(today),
        signed: range("signed_from", "signed_to", q.signed_from.as_deref(), q.signed_to.as_deref())?,
        started: range("started_from", "started_to", q.started_from.as_deref(), q.started_to.as_deref())?,
        production: range(
            "production_from",
            "production_to",
            q.production_from.as_deref(),
            q.production_to.as_deref(),
        )?,
    })
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ProjectQuery) -> AppResult<Page<Project>> {
    actor.require(Permission::ProjectRead)?;
    let f = filter(ctx, q)?;
    let sort = match q.sort.as_deref().unwrap_or("signed_on") {
        "signed_on" => ProjectSort::SignedOn,
        "investment" => ProjectSort::Investment,
        "name" => ProjectSort::Name,
        _ => return Err(AppError::invalid("sort", "SORT_INVALID", "排序字段应为 signed_on、investment 或 name")),
    };
    let desc = check::order_desc(q.order.as_deref(), true)?;
    let page = repo::list(ctx.db.conn(), &actor.scope, &f, sort, desc, PageQuery::new(q.page, q.page_size)).await?;
    let items = views(ctx, page.items).await?;
    Ok(Page { items, total: page.total, page: page.page, page_size: page.page_size })
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Project> {
    actor.require(Permission::ProjectRead)?;
    let row = repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    Ok(views(ctx, vec![row]).await?.remove(0))
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub name: Option<String>,
    pub enterprise_id: Option<i64>,
    pub park_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub chain_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub category: Option<String>,
    pub investment: Option<f64>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub signed_on: Option<String>,
    #[schema(schema_with = input::schema::opt::note)]
    #[serde(default, deserialize_with = "input::opt::note")]
    pub notes: Option<String>,
    /// Planned dates by stage code; the others follow the template.
    pub planned: Option<std::collections::BTreeMap<String, Option<String>>>,
}

/// `planned` is for creation only: a PUT leaves it out (stages have their own route).
impl input::Replace for ProjectInput {
    const MAY_OMIT: &'static [&'static str] = &["planned"];
}

async fn validate(ctx: &Ctx, actor: &Actor, i: &ProjectInput, lead: Option<i64>) -> AppResult<ProjectData> {
    let signed_on = check::date("signed_on", "签约日期", i.signed_on.as_deref())?;
    if signed_on > today() {
        return Err(AppError::invalid("signed_on", "DATE_IN_FUTURE", "签约日期不能晚于今天"));
    }
    Ok(ProjectData {
        name: check::text("name", "项目名称", i.name.as_deref(), TextKind::Name)?,
        lead_id: lead,
        enterprise_id: check::enterprise(ctx, actor, "enterprise_id", i.enterprise_id).await?,
        park_id: check::park_in_reach(ctx, actor, "park_id", i.park_id).await?,
        owner_id: Some(check::owner(ctx, actor, "owner_id", i.owner_id).await?),
        chain_id: check::chain(ctx, actor, "chain_id", i.chain_id).await?,
        category: check::pick::<ProjectCategory>("category", "项目类别", i.category.as_deref())?,
        investment: check::amount("investment", "总投资", i.investment)?,
        signed_on,
        notes: check::optional_text("notes", "备注", i.notes.as_deref(), TextKind::Note)?,
    })
}

fn planned_dates(i: &ProjectInput, signed_on: NaiveDate) -> AppResult<[StageDates; 8]> {
    let mut given = [None; 8];
    for (code, v) in i.planned.clone().unwrap_or_default() {
        let field = format!("planned.{code}");
        let stage =
            ProjectStage::parse(&code).ok_or_else(|| AppError::invalid(&field, "STAGE_INVALID", "未知的项目阶段"))?;
        let idx = stage.index();
        given[idx] = check::optional_date(&field, "计划日期", v.as_deref())?;
    }
    let plan = plan_from_template(signed_on, &given);
    let planned: [Option<NaiveDate>; 8] = plan.map(Some);
    // Only given dates can break the order (the template follows them).
    for i in (0..8).filter(|i| given[*i].is_some()) {
        check_order(&planned, false, today(), i).map_err(|e| AppError::Invalid {
            field: format!("planned.{}", e.stage()),
            code: "STAGE_ORDER",
            message: e.message_zh(),
            params: serde_json::json!({"after": e.other()}),
        })?;
    }
    let mut out = [StageDates::default(); 8];
    for (slot, p) in out.iter_mut().zip(plan) {
        slot.planned = Some(p);
    }
    out[0].actual = Some(signed_on);
    Ok(out)
}

async fn insert(ctx: &Ctx, actor: &Actor, data: ProjectData, stages: [StageDates; 8]) -> AppResult<Project> {
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert(&tx, actor.zone(), &data, &stages).await.map_err(|e| match AppError::from(e) {
        AppError::Conflict { .. } => {
            AppError::Conflict {
                field: "lead_id".into(), code: "LEAD_HAS_PROJECT", message: "该线索已创建项目".into()
            }
        }
        other => other,
    })?;
    actor.audit(&tx, "create", "project", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: ProjectInput) -> AppResult<Project> {
    actor.require(Permission::ProjectWrite)?;
    let data = validate(ctx, actor, &input, None).await?;
    let stages = planned_dates(&input, data.signed_on)?;
    insert(ctx, actor, data, stages).await
}

/// A project from a signed lead: the lead's fields are the defaults of the form.
pub async fn create_from_lead(ctx: &Ctx, actor: &Actor, lead_id: i64, mut input: ProjectInput) -> AppResult<Project> {
    actor.require(Permission::ProjectWrite)?;
    // A masked (confidential, someone else's) lead cannot be turned into a project named after it.
    let lead = crate::invest::writable_lead(ctx.db.conn(), actor, lead_id).await?;
    if check::stored::<LeadStage>(&lead.stage)? != LeadStage::Signed {
        return Err(AppError::invalid("stage", "LEAD_NOT_SIGNED", "线索签约后才能创建项目"));
    }
    if repo::id_by_lead(ctx.db.conn(), actor.zone(), lead_id).await?.is_some() {
        return Err(AppError::Conflict {
            field: "lead_id".into(),
            code: "LEAD_HAS_PROJECT",
            message: "该线索已创建项目".into(),
        });
    }
    input.name =
        input.name.filter(|s| !s.trim().is_empty()).or(Some(format!("{}项目", lead.company.unwrap_or_default())));
    input.investment = input.investment.or(Some(Money::from_fen(lead.intended_investment).to_yuan_f64()));
    input.park_id = input.park_id.or(Some(lead.park_id));
    input.owner_id = input.owner_id.or(Some(lead.owner_id));
    input.chain_id = input.chain_id.or(lead.chain_id);
    input.enterprise_id = input.enterprise_id.or(lead.enterprise_id);
    input.signed_on = input.signed_on.filter(|s| !s.trim().is_empty()).or(Some(lead.stage_since.to_string()));
    let data = validate(ctx, actor, &input, Some(lead_id)).await?;
    let stages = planned_dates(&input, data.signed_on)?;
    insert(ctx, actor, data, stages).await
}

pub async fn update(ctx: &Ctx, actor: &Actor, id: i64, input: ProjectInput) -> AppResult<Project> {
    actor.require(Permission::ProjectWrite)?;
    let before = get(ctx, actor, id).await?;
    if input.planned.is_some() {
        return Err(AppError::invalid(
            "planned",
            "PLANNED_ON_UPDATE",
            "计划日期只在新建项目时按模板生成；修改已有项目的阶段日期请在阶段中填写",
        ));
    }
    let data = validate(ctx, actor, &input, before.row.lead_id).await?;
    let tx = ctx.db.begin_write().await?;
    if data.signed_on != before.row.signed_on {
        // The signing date is the signed stage's actual date: keep it before every later stage.
        let mut actual: [Option<NaiveDate>; 8] = std::array::from_fn(|i| before.stages[i].actual_on);
        actual[0] = Some(data.signed_on);
        check_order(&actual, true, today(), 0).map_err(|e| AppError::Invalid {
            field: "signed_on".into(),
            code: "STAGE_ORDER",
            message: e.message_zh(),
            params: serde_json::json!({"after": e.other()}),
        })?;
        let d = StageDates { planned: Some(data.signed_on), actual: Some(data.signed_on) };
        repo::set_stage(&tx, actor.zone(), id, ProjectStage::Signed, d).await?;
    }
    if !repo::update(&tx, actor.zone(), id, &data).await? {
        return Err(AppError::NotFound);
    }
    let b = &before.row;
    let investment = Money::from_fen(b.investment).to_yuan_f64();
    let before_json = serde_json::json!({"name": b.name, "investment": investment, "park_id": b.park_id, "signed_on": b.signed_on, "category": b.category});
    actor.audit(&tx, "update", "project", id, Some(&before_json), Some(&data)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

pub async fn delete(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::ProjectWrite)?;
    let before = get(ctx, actor, id).await?;
    let tx = ctx.db.begin_write().await?;
    repo::delete(&tx, actor.zone(), id).await?;
    let b = &before.row;
    let investment = Money::from_fen(b.investment).to_yuan_f64();
    let snapshot = serde_json::json!({"name": b.name, "investment": investment, "signed_on": b.signed_on});
    actor.audit(&tx, "delete", "project", id, Some(&snapshot), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub planned_on: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub actual_on: Option<String>,
}

impl input::Replace for StageInput {}

/// A PATCH of one stage: a key left out keeps the stored date, `null` clears it.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StagePatch {
    #[schema(value_type = Option<String>, example = "2026-03-01")]
    #[serde(default, deserialize_with = "input::nullable")]
    pub planned_on: Option<Option<String>>,
    #[schema(value_type = Option<String>, example = "2026-03-01")]
    #[serde(default, deserialize_with = "input::nullable")]
    pub actual_on: Option<Option<String>>,
}

/// Records a stage's planned and actual dates, checked against the template's order and today.
pub async fn set_stage(ctx: &Ctx, actor: &Actor, id: i64, stage: &str, input: StageInput) -> AppResult<Project> {
    let patch = StagePatch { planned_on: Some(input.planned_on), actual_on: Some(input.actual_on) };
    patch_stage(ctx, actor, id, stage, patch).await
}

/// Changes the dates a PATCH names and keeps the others; `null` clears. An actual date after
/// the zone's today (by the context's clock) is refused on `actual_on`, never dropped.
pub async fn patch_stage(ctx: &Ctx, actor: &Actor, id: i64, stage: &str, input: StagePatch) -> AppResult<Project> {
    actor.require(Permission::ProjectWrite)?;
    let stage = ProjectStage::parse(stage).ok_or(AppError::NotFound)?;
    let idx = stage.index();
    let date = |field: &str, label: &str, v: &Option<Option<String>>| -> AppResult<Option<Option<NaiveDate>>> {
        match v {
            None => Ok(None),
            Some(raw) => check::optional_date(field, label, raw.as_deref()).map(Some),
        }
    };
    let planned = date("planned_on", "计划日期", &input.planned_on)?;
    let actual = date("actual_on", "实际日期", &input.actual_on)?;
    if stage == ProjectStage::Signed && actual == Some(None) {
        return Err(AppError::invalid("actual_on", "REQUIRED", "签约阶段的实际日期即签约日期，不能清空"));
    }
    let t = ctx.today();
    let tx = ctx.db.begin_write().await?;
    let row = repo::get(&*tx, &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let (_, mut dates) = repo::stages(&*tx, &[id]).await?.remove(0);
    let before = dates[idx];
    dates[idx] = StageDates { planned: planned.unwrap_or(before.planned), actual: actual.unwrap_or(before.actual) };
    let order_error = |field: &str, e: zoneops_domain::project::StageOrderError| AppError::Invalid {
        field: field.into(),
        code: if matches!(e, zoneops_domain::project::StageOrderError::InFuture { .. }) {
            "DATE_IN_FUTURE"
        } else {
            "STAGE_ORDER"
        },
        message: e.message_zh(),
        params: serde_json::json!({"after": e.other()}),
    };
    check_order(&dates.map(|d| d.actual), true, t, idx).map_err(|e| order_error("actual_on", e))?;
    check_order(&dates.map(|d| d.planned), false, t, idx).map_err(|e| order_error("planned_on", e))?;
    repo::set_stage(&tx, actor.zone(), id, stage, dates[idx]).await?;
    if stage == ProjectStage::Signed
        && let Some(Some(signed)) = actual
    {
        let data = ProjectData {
            name: row.name.clone(),
            lead_id: row.lead_id,
            enterprise_id: row.enterprise_id,
            park_id: row.park_id,
            owner_id: row.owner_id,
            chain_id: row.chain_id,
            category: check::stored(&row.category)?,
            investment: row.investment,
            signed_on: signed,
            notes: row.notes.clone(),
        };
        repo::update(&tx, actor.zone(), id, &data).await?;
    }
    let snap = |d: StageDates| serde_json::json!({"stage": stage, "planned_on": d.planned, "actual_on": d.actual});
    actor.audit(&tx, "stage", "project", id, Some(&snap(before)), Some(&snap(dates[idx]))).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub week: Option<String>,
    #[schema(schema_with = input::schema::opt::note)]
    #[serde(default, deserialize_with = "input::opt::note")]
    pub done: Option<String>,
    #[schema(schema_with = input::schema::opt::note)]
    #[serde(default, deserialize_with = "input::opt::note")]
    pub blockers: Option<String>,
}

pub async fn progress(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<repo::ProgressRow>> {
    actor.require(Permission::ProjectRead)?;
    repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    Ok(repo::progress(ctx.db.conn(), actor.zone(), id).await?)
}

pub async fn add_progress(ctx: &Ctx, actor: &Actor, id: i64, input: ProgressInput) -> AppResult<i64> {
    actor.require(Permission::ProjectWrite)?;
    repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let week = match check::optional_date("week", "周", input.week.as_deref())? {
        Some(d) => week_start(d),
        None => week_start(today()),
    };
    if week > today() {
        return Err(AppError::invalid("week", "DATE_IN_FUTURE", "不能填写未来周的进展"));
    }
    let done = check::text("done", "本周进展", input.done.as_deref(), TextKind::Note)?;
    let blockers = check::optional_text("blockers", "存在问题", input.blockers.as_deref(), TextKind::Note)?;
    let tx = ctx.db.begin_write().await?;
    let author = Author { id: Some(actor.user_id), name: &actor.display_name };
    let pid = repo::insert_progress(&tx, actor.zone(), id, week, &done, &blockers, &author).await?;
    let after = serde_json::json!({"project_id": id, "week": week, "done": done, "blockers": blockers});
    actor.audit(&tx, "create", "project_progress", pid, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(pid)
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemInput {
    #[schema(schema_with = input::schema::opt::title)]
    #[serde(default, deserialize_with = "input::opt::title")]
    pub title: Option<String>,
    #[schema(schema_with = input::schema::opt::note)]
    #[serde(default, deserialize_with = "input::opt::note")]
    pub detail: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub status: Option<String>,
}

pub async fn problems(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<repo::ProblemRow>> {
    actor.require(Permission::ProjectRead)?;
    repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    Ok(repo::problems(ctx.db.conn(), actor.zone(), id).await?)
}

pub async fn add_problem(ctx: &Ctx, actor: &Actor, id: i64, input: ProblemInput) -> AppResult<i64> {
    actor.require(Permission::ProjectWrite)?;
    repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let title = check::text("title", "问题", input.title.as_deref(), TextKind::Title)?;
    let detail = check::optional_text("detail", "问题描述", input.detail.as_deref(), TextKind::Note)?;
    let tx = ctx.db.begin_write().await?;
    let author = Author { id: Some(actor.user_id), name: &actor.display_name };
    let pid = repo::insert_problem(&tx, actor.zone(), id, &title, &detail, today(), &author).await?;
    let after = serde_json::json!({"project_id": id, "title": title, "detail": detail});
    actor.audit(&tx, "create", "project_problem", pid, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(pid)
}

/// A problem's PUT sets its status only: title and detail are not changed there, so they are
/// unknown keys rather than silently ignored ones.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemStatus {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(deserialize_with = "input::opt::code")]
    pub status: Option<String>,
}

impl input::Replace for ProblemStatus {}

pub async fn set_problem(ctx: &Ctx, actor: &Actor, id: i64, problem: i64, input: ProblemStatus) -> AppResult<()> {
    actor.require(Permission::ProjectWrite)?;
    repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let status = match input.status.as_deref() {
        Some(s @ ("open" | "solved")) => s,
        _ => return Err(AppError::invalid("status", "STATUS_INVALID", "状态应为 open（未解决）或 solved（已解决）")),
    };
    let solved_on = (status == "solved").then(today);
    let tx = ctx.db.begin_write().await?;
    if !repo::set_problem_status(&tx, actor.zone(), id, problem, status, solved_on).await? {
        return Err(AppError::NotFound);
    }
    let after = serde_json::json!({"project_id": id, "status": status});
    actor.audit(&tx, "update", "project_problem", problem, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}
