//! Investment attraction: leads and their pipeline, activities with per-day rates, targets with
//! actuals computed from the records, weekly plans and the monthly leaderboard.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zoneops_db::activity::{self as act_repo, ActivityData, ActivityFilter, ActivityRow, StatsGroup};
use zoneops_db::lead::{self as repo, LeadData, LeadFilter, LeadRow, LeadSort, NewMove};
use zoneops_db::project::{self as project_repo, ProjectFilter};
use zoneops_db::reference::{self, Dict};
use zoneops_db::target::{self as target_repo, TargetData, TargetRow};
use zoneops_db::{Page, PageQuery};
use zoneops_domain::invest::{
    ACTIVITY_KINDS, LEAD_KINDS, LEAD_SOURCES, LEAD_STAGES, PROJECT_CATEGORIES, TargetPeriod, days_inclusive, label_of,
    lead_move, lead_moves, month_end, week_start,
};
use zoneops_domain::money::Money;
use zoneops_domain::project::STAGES;
use zoneops_domain::scope::{Reach, Scope};
use zoneops_domain::text::TextKind;

use crate::check::{self, today};
use crate::{Actor, AppError, AppResult, Ctx, input};

fn yuan(fen: i64) -> f64 {
    Money::from_fen(fen).to_yuan_f64()
}

/// A sum of many amounts from the database (exact, i128 分) in 元.
fn yuan_sum(fen: i128) -> f64 {
    Money::sum_to_yuan_f64(fen)
}

pub const RANKING_RULE_AMOUNT: &str = "按签约金额从高到低排名；金额相同按签约个数，再相同按名称";
pub const RANKING_RULE_COUNT: &str = "按签约个数从多到少排名；个数相同按签约金额，再相同按名称";

// ---------------------------------------------------------------------------------------------
// Meta

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = InvestMeta)]
pub struct Meta {
    pub lead_stages: &'static [zoneops_domain::invest::Labeled],
    pub lead_moves: Vec<zoneops_domain::invest::LeadMove>,
    pub lead_kinds: &'static [zoneops_domain::invest::Labeled],
    pub lead_sources: &'static [zoneops_domain::invest::Labeled],
    pub activity_kinds: &'static [zoneops_domain::invest::Labeled],
    pub project_categories: &'static [zoneops_domain::invest::Labeled],
    pub project_stages: &'static [zoneops_domain::project::StageDef],
    pub bands: Vec<serde_json::Value>,
    pub warn_days: i64,
    pub ranking_rule: &'static str,
}

pub fn meta(ctx: &Ctx, actor: &Actor) -> AppResult<Meta> {
    if !actor.can("lead:read") && !actor.can("project:read") {
        return Err(AppError::Forbidden);
    }
    let b = ctx.settings.projects.bands();
    Ok(Meta {
        lead_stages: LEAD_STAGES,
        lead_moves: lead_moves(),
        lead_kinds: LEAD_KINDS,
        lead_sources: LEAD_SOURCES,
        activity_kinds: ACTIVITY_KINDS,
        project_categories: PROJECT_CATEGORIES,
        project_stages: &STAGES,
        bands: vec![
            serde_json::json!({"code": "100yi", "label": format!("{}以上", Money::from_fen(b.top_fen).format_cn()), "min": yuan(b.top_fen), "max": null}),
            serde_json::json!({"code": "50_100yi", "label": format!("{}–{}", Money::from_fen(b.major_fen).format_cn(), Money::from_fen(b.top_fen).format_cn()), "min": yuan(b.major_fen), "max": yuan(b.top_fen)}),
        ],
        warn_days: ctx.settings.projects.warn_days,
        ranking_rule: RANKING_RULE_AMOUNT,
    })
}

/// People who can own leads and projects (id and name only; names are not secret in a zone).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub display_name: String,
}

pub async fn people(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<Person>> {
    if !actor.can("lead:read") && !actor.can("project:read") {
        return Err(AppError::Forbidden);
    }
    Ok(zoneops_db::user::list(ctx.db.conn(), actor.zone(), None)
        .await?
        .into_iter()
        .filter(|u| !u.disabled)
        .map(|u| Person { id: u.id, display_name: u.display_name })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Leads

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Lead {
    pub id: i64,
    pub company: Option<String>,
    pub codename: Option<String>,
    pub confidential: bool,
    /// The company is hidden from this caller (a confidential lead of someone else).
    pub masked: bool,
    pub source: String,
    pub kind: String,
    pub industry_code: Option<String>,
    pub chain_id: Option<i64>,
    pub chain: Option<String>,
    pub intended_investment: f64,
    pub owner_id: i64,
    pub owner: String,
    pub park_id: i64,
    pub park: String,
    pub stage: String,
    pub stage_since: NaiveDate,
    pub lost_reason: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub notes: String,
    pub enterprise_id: Option<i64>,
    pub project_id: Option<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A confidential lead of someone else, seen by a caller who is not zone-wide: every field that
/// names the company (or leads to it) is withheld, and no write goes through it.
fn is_masked(actor: &Actor, r: &LeadRow) -> bool {
    r.confidential && !actor.scope.is_zone_wide() && r.owner_id != actor.user_id
}

/// The lead for a write: 404 outside the scope, 403 when masked.
pub(crate) async fn writable_lead(db: &impl zoneops_db::ConnectionTrait, actor: &Actor, id: i64) -> AppResult<LeadRow> {
    let row = repo::get(db, &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    if is_masked(actor, &row) {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

fn lead_view(actor: &Actor, r: LeadRow) -> Lead {
    let masked = is_masked(actor, &r);
    Lead {
        id: r.id,
        company: (!masked).then_some(r.company),
        codename: r.codename.or_else(|| masked.then(|| "保密项目".to_owned())),
        confidential: r.confidential,
        masked,
        source: r.source,
        kind: r.kind,
        industry_code: r.industry_code,
        chain_id: r.chain_id,
        chain: r.chain,
        intended_investment: yuan(r.intended_investment),
        owner_id: r.owner_id,
        owner: r.owner,
        park_id: r.park_id,
        park: r.park,
        stage: r.stage,
        stage_since: r.stage_since,
        lost_reason: r.lost_reason.filter(|_| !masked),
        contact_name: (!masked).then_some(r.contact_name),
        contact_phone: (!masked).then_some(r.contact_phone),
        notes: if masked { String::new() } else { r.notes },
        // The enterprise and the project carry the company's name: withheld as well.
        enterprise_id: r.enterprise_id.filter(|_| !masked),
        project_id: r.project_id.filter(|_| !masked),
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LeadQuery {
    pub q: Option<String>,
    pub stage: Option<String>,
    pub park: Option<i64>,
    pub owner: Option<i64>,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub chain: Option<i64>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn lead_filter(q: &LeadQuery) -> AppResult<LeadFilter> {
    Ok(LeadFilter {
        q: q.q.clone(),
        stage: check::optional_choice("stage", "阶段", &q.stage, LEAD_STAGES)?,
        park: q.park,
        owner: q.owner,
        kind: check::optional_choice("kind", "线索类型", &q.kind, LEAD_KINDS)?,
        source: check::optional_choice("source", "线索来源", &q.source, LEAD_SOURCES)?,
        chain: q.chain,
    })
}

pub async fn list_leads(ctx: &Ctx, actor: &Actor, q: &LeadQuery) -> AppResult<Page<Lead>> {
    actor.require("lead:read")?;
    let f = lead_filter(q)?;
    let sort = match q.sort.as_deref().unwrap_or("created_at") {
        "created_at" => LeadSort::CreatedAt,
        "intended_investment" => LeadSort::Investment,
        "stage_since" => LeadSort::StageSince,
        "company" => LeadSort::Company,
        _ => {
            return Err(AppError::invalid(
                "sort",
                "SORT_INVALID",
                "排序字段应为 created_at、intended_investment、stage_since 或 company",
            ));
        }
    };
    let page = PageQuery::new(q.page, q.page_size);
    let rows =
        repo::list(ctx.db.conn(), &actor.scope, &f, sort, check::order_desc(q.order.as_deref(), true)?, page).await?;
    Ok(rows.map(|r| lead_view(actor, r)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PipelineColumn {
    pub stage: &'static str,
    pub label: &'static str,
    pub count: i64,
    pub amount: f64,
    pub items: Vec<Lead>,
}

pub async fn pipeline(ctx: &Ctx, actor: &Actor, q: &LeadQuery) -> AppResult<Vec<PipelineColumn>> {
    actor.require("lead:read")?;
    let f = LeadFilter { stage: None, ..lead_filter(q)? };
    let db = ctx.db.conn();
    let totals = repo::stage_totals(db, &actor.scope, &f).await?;
    let mut out = Vec::new();
    for st in LEAD_STAGES {
        let (count, amount) = totals.iter().find(|t| t.0 == st.code).map(|t| (t.1, t.2)).unwrap_or((0, 0));
        let items = repo::column(db, &actor.scope, &f, st.code, 200).await?;
        out.push(PipelineColumn {
            stage: st.code,
            label: st.label,
            count,
            amount: yuan(amount),
            items: items.into_iter().map(|r| lead_view(actor, r)).collect(),
        });
    }
    Ok(out)
}

pub async fn get_lead(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Lead> {
    actor.require("lead:read")?;
    let row = repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    Ok(lead_view(actor, row))
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadInput {
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub company: Option<String>,
    #[schema(schema_with = input::schema::opt::label)]
    #[serde(default, deserialize_with = "input::opt::label")]
    pub codename: Option<String>,
    pub confidential: Option<bool>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub source: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub kind: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub industry_code: Option<String>,
    pub chain_id: Option<i64>,
    pub intended_investment: Option<f64>,
    pub owner_id: Option<i64>,
    pub park_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::person)]
    #[serde(default, deserialize_with = "input::opt::person")]
    pub contact_name: Option<String>,
    #[schema(schema_with = input::schema::opt::phone)]
    #[serde(default, deserialize_with = "input::opt::phone")]
    pub contact_phone: Option<String>,
    #[schema(schema_with = input::schema::opt::note)]
    #[serde(default, deserialize_with = "input::opt::note")]
    pub notes: Option<String>,
    /// The enterprise a lead became; a PUT may leave it out and then keeps the stored link.
    #[serde(default, deserialize_with = "input::nullable")]
    pub enterprise_id: Option<Option<i64>>,
}

impl input::Replace for LeadInput {
    const MAY_OMIT: &'static [&'static str] = &["enterprise_id"];
}

async fn validate_lead(ctx: &Ctx, actor: &Actor, i: &LeadInput) -> AppResult<LeadData> {
    let company = check::text("company", "企业名称", i.company.as_deref(), TextKind::Name)?;
    let codename = Some(check::optional_text("codename", "项目代号", i.codename.as_deref(), TextKind::Label)?)
        .filter(|s| !s.is_empty());
    let confidential = i.confidential.unwrap_or(false);
    if confidential && codename.is_none() {
        return Err(AppError::invalid("codename", "CODENAME_REQUIRED", "保密线索须填写项目代号"));
    }
    let industry_code = match i.industry_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => {
            if reference::industry(ctx.db.conn(), code).await?.is_none() {
                return Err(AppError::invalid("industry_code", "INDUSTRY_UNKNOWN", "行业代码不在GB/T 4754-2017中"));
            }
            Some(code.to_owned())
        }
        None => None,
    };
    let phone = check::optional_text("contact_phone", "联系电话", i.contact_phone.as_deref(), TextKind::Phone)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')')) {
        return Err(AppError::invalid("contact_phone", "PHONE_INVALID", "联系电话只能包含数字、+、-、括号"));
    }
    Ok(LeadData {
        company,
        codename,
        confidential,
        source: check::choice("source", "线索来源", i.source.as_deref().or(Some("other")), LEAD_SOURCES)?,
        kind: check::choice("kind", "线索类型", i.kind.as_deref().or(Some("new")), LEAD_KINDS)?,
        industry_code,
        chain_id: check::chain(ctx, actor, "chain_id", i.chain_id).await?,
        intended_investment: check::amount("intended_investment", "意向投资额", i.intended_investment)?,
        owner_id: check::owner(ctx, actor, "owner_id", i.owner_id).await?,
        park_id: check::park_in_reach(ctx, actor, "park_id", i.park_id).await?,
        contact_name: check::optional_text("contact_name", "联系人", i.contact_name.as_deref(), TextKind::Label)?,
        contact_phone: phone,
        notes: check::optional_text("notes", "备注", i.notes.as_deref(), TextKind::Note)?,
        enterprise_id: check::enterprise(ctx, actor, "enterprise_id", i.enterprise_id.flatten()).await?,
    })
}

pub async fn create_lead(ctx: &Ctx, actor: &Actor, input: LeadInput) -> AppResult<Lead> {
    actor.require("lead:write")?;
    let data = validate_lead(ctx, actor, &input).await?;
    let on = today();
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert(&tx, actor.zone(), &data, "lead", on).await?;
    let m =
        NewMove { zone: actor.zone(), lead: id, from: None, to: "lead", on, reason: None, actor: &actor.display_name };
    repo::insert_move(&tx, &m).await?;
    actor.audit(&tx, "create", "lead", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    get_lead(ctx, actor, id).await
}

pub async fn update_lead(ctx: &Ctx, actor: &Actor, id: i64, input: LeadInput) -> AppResult<Lead> {
    actor.require("lead:write")?;
    let before = writable_lead(ctx.db.conn(), actor, id).await?;
    let input = LeadInput { enterprise_id: input.enterprise_id.or(Some(before.enterprise_id)), ..input };
    let data = validate_lead(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    if !repo::update(&tx, actor.zone(), id, &data).await? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "update", "lead", id, Some(&before), Some(&data)).await?;
    tx.commit().await?;
    get_lead(ctx, actor, id).await
}

pub async fn delete_lead(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require("lead:write")?;
    let before = writable_lead(ctx.db.conn(), actor, id).await?;
    if before.stage == "signed" {
        return Err(AppError::invalid("stage", "LEAD_SIGNED", "已签约的线索不能删除"));
    }
    let tx = ctx.db.begin_write().await?;
    repo::delete(&tx, actor.zone(), id).await?;
    actor.audit(&tx, "delete", "lead", id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub stage: Option<String>,
    #[schema(schema_with = input::schema::opt::remark)]
    #[serde(default, deserialize_with = "input::opt::remark")]
    pub reason: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub on: Option<String>,
}

pub async fn move_lead(ctx: &Ctx, actor: &Actor, id: i64, input: MoveInput) -> AppResult<Lead> {
    actor.require("lead:write")?;
    let to = check::choice("stage", "目标阶段", input.stage.as_deref(), LEAD_STAGES)?;
    let on = match check::optional_date("on", "日期", input.on.as_deref())? {
        Some(d) => d,
        None => today(),
    };
    if on > today() {
        return Err(AppError::invalid("on", "DATE_IN_FUTURE", "日期不能晚于今天"));
    }
    let reason = check::optional_text("reason", "原因", input.reason.as_deref(), TextKind::Remark)?;
    let tx = ctx.db.begin_write().await?;
    // Read inside the write transaction: two people dragging the same card do not both win.
    let before = writable_lead(&*tx, actor, id).await?;
    let from = before.stage.clone();
    let Some(rule) = lead_move(&from, &to) else {
        let (fl, tl) = (label_of(LEAD_STAGES, &from).unwrap_or("?"), label_of(LEAD_STAGES, &to).unwrap_or("?"));
        let message = if from == to {
            format!("线索已处于“{fl}”阶段")
        } else if from == "signed" {
            "已签约的线索不能再改变阶段".to_owned()
        } else {
            format!("不能从“{fl}”直接转到“{tl}”：须逐级推进（线索→接洽→洽谈→签约）")
        };
        return Err(AppError::Invalid {
            field: "stage".into(),
            code: "LEAD_MOVE_NOT_ALLOWED",
            message,
            params: serde_json::json!({"from": from, "to": to}),
        });
    };
    if rule.reason_required && reason.is_empty() {
        return Err(AppError::invalid("reason", "LEAD_REASON_REQUIRED", "此操作须填写原因"));
    }
    if on < before.stage_since {
        return Err(AppError::invalid(
            "on",
            "DATE_ORDER",
            format!("日期不能早于上一阶段的日期（{}）", before.stage_since),
        ));
    }
    let lost_reason = (to == "lost").then_some(reason.as_str());
    repo::set_stage(&tx, actor.zone(), id, &to, on, lost_reason).await?;
    let reason_opt = Some(reason.as_str()).filter(|r| !r.is_empty());
    let m = NewMove {
        zone: actor.zone(),
        lead: id,
        from: Some(&from),
        to: &to,
        on,
        reason: reason_opt,
        actor: &actor.display_name,
    };
    repo::insert_move(&tx, &m).await?;
    actor
        .audit(
            &tx,
            "move",
            "lead",
            id,
            Some(&serde_json::json!({"stage": from})),
            Some(&serde_json::json!({"stage": to, "on": on, "reason": reason_opt})),
        )
        .await?;
    tx.commit().await?;
    get_lead(ctx, actor, id).await
}

pub async fn lead_history(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<repo::MoveRow>> {
    actor.require("lead:read")?;
    let lead = repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let mut moves = repo::moves(ctx.db.conn(), actor.zone(), id).await?;
    if is_masked(actor, &lead) {
        // Reasons are free text about the company.
        for m in &mut moves {
            m.reason = None;
        }
    }
    Ok(moves)
}

// ---------------------------------------------------------------------------------------------
// Activities

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Activity {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub days: i64,
    pub location: String,
    pub counterpart: String,
    pub participants: Vec<String>,
    pub owner_id: i64,
    pub owner: String,
    pub park_id: Option<i64>,
    pub park: Option<String>,
    pub outcome: String,
    pub leads: Vec<Named>,
    pub enterprises: Vec<Named>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

async fn activity_views(ctx: &Ctx, actor: &Actor, rows: Vec<ActivityRow>) -> AppResult<Vec<Activity>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links = act_repo::links(ctx.db.conn(), &actor.scope, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| Activity {
            days: days_inclusive(r.start_on, r.end_on),
            leads: links.leads.iter().filter(|l| l.0 == r.id).map(|l| Named { id: l.1, name: l.2.clone() }).collect(),
            enterprises: links
                .enterprises
                .iter()
                .filter(|l| l.0 == r.id)
                .map(|l| Named { id: l.1, name: l.2.clone() })
                .collect(),
            participants: serde_json::from_str(&r.participants).unwrap_or_default(),
            id: r.id,
            kind: r.kind,
            title: r.title,
            start_on: r.start_on,
            end_on: r.end_on,
            location: r.location,
            counterpart: r.counterpart,
            owner_id: r.owner_id,
            owner: r.owner,
            park_id: r.park_id,
            park: r.park,
            outcome: r.outcome,
            created_at: r.created_at,
        })
        .collect())
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ActivityQuery {
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub park: Option<i64>,
    pub owner: Option<i64>,
    pub lead: Option<i64>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    pub group: Option<String>,
}

fn activity_filter(q: &ActivityQuery) -> AppResult<ActivityFilter> {
    let kind = match q.kind.as_deref().filter(|s| !s.is_empty()) {
        Some(k) => Some(check::choice("kind", "活动类型", Some(k), ACTIVITY_KINDS)?),
        None => None,
    };
    let from = check::optional_date("from", "开始日期", q.from.as_deref())?;
    let to = check::optional_date("to", "结束日期", q.to.as_deref())?;
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        return Err(AppError::invalid("to", "DATE_ORDER", "结束日期不能早于开始日期"));
    }
    Ok(ActivityFilter { kind, from, to, park: q.park, owner: q.owner, lead: q.lead, q: q.q.clone() })
}

pub async fn list_activities(ctx: &Ctx, actor: &Actor, q: &ActivityQuery) -> AppResult<Page<Activity>> {
    actor.require("lead:read")?;
    let f = activity_filter(q)?;
    let by_kind = match q.sort.as_deref().unwrap_or("start_on") {
        "start_on" => false,
        "kind" => true,
        _ => return Err(AppError::invalid("sort", "SORT_INVALID", "排序字段应为 start_on 或 kind")),
    };
    let page = PageQuery::new(q.page, q.page_size);
    let rows =
        act_repo::list(ctx.db.conn(), &actor.scope, &f, by_kind, check::order_desc(q.order.as_deref(), true)?, page)
            .await?;
    let items = activity_views(ctx, actor, rows.items).await?;
    Ok(Page { items, total: rows.total, page: rows.page, page_size: rows.page_size })
}

pub async fn get_activity(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Activity> {
    actor.require("lead:read")?;
    let row = act_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    Ok(activity_views(ctx, actor, vec![row]).await?.remove(0))
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StatsRow {
    pub key: Option<String>,
    pub label: Option<String>,
    pub trips: i64,
    pub receptions: i64,
    pub online: i64,
    pub promotions: i64,
    pub trips_per_day: f64,
    pub receptions_per_day: f64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    pub total: StatsRow,
    pub rows: Vec<StatsRow>,
}

/// Rounded to two decimals for display; the counts are exact.
fn per_day(n: i64, days: i64) -> f64 {
    (n as f64 / days as f64 * 100.0).round() / 100.0
}

/// The period of a stats or cockpit request: both ends given, or this year up to today.
pub fn period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (NaiveDate, NaiveDate) {
    let t = today();
    let to = to.unwrap_or(t);
    let from = from.unwrap_or_else(|| NaiveDate::from_ymd_opt(chrono::Datelike::year(&to), 1, 1).unwrap_or(to));
    (from, to)
}

pub async fn activity_stats(ctx: &Ctx, actor: &Actor, q: &ActivityQuery) -> AppResult<Stats> {
    actor.require("lead:read")?;
    let f = activity_filter(q)?;
    let (from, to) = period(f.from, f.to);
    let f = ActivityFilter { from: Some(from), to: Some(to), ..f };
    let group = match q.group.as_deref().unwrap_or("park") {
        "park" => StatsGroup::Park,
        "owner" => StatsGroup::Owner,
        "month" => StatsGroup::Month,
        _ => return Err(AppError::invalid("group", "GROUP_INVALID", "分组应为 park、owner 或 month")),
    };
    let days = days_inclusive(from, to);
    let row = |k: act_repo::KindCounts| StatsRow {
        trips_per_day: per_day(k.trips, days),
        receptions_per_day: per_day(k.receptions, days),
        key: k.key,
        label: k.label,
        trips: k.trips,
        receptions: k.receptions,
        online: k.online,
        promotions: k.promotions,
    };
    let db = ctx.db.conn();
    let total = act_repo::stats(db, &actor.scope, &f, StatsGroup::Total).await?.pop().unwrap_or_default();
    let mut rows: Vec<StatsRow> = act_repo::stats(db, &actor.scope, &f, group).await?.into_iter().map(row).collect();
    if group == StatsGroup::Month {
        rows.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        rows.sort_by(|a, b| (b.trips + b.receptions).cmp(&(a.trips + a.receptions)).then(a.label.cmp(&b.label)));
        for r in rows.iter_mut().filter(|r| r.label.is_none()) {
            r.label = Some("管委会（未归园区）".into());
        }
    }
    Ok(Stats { from, to, days, total: row(total), rows })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub kind: Option<String>,
    #[schema(schema_with = input::schema::opt::title)]
    #[serde(default, deserialize_with = "input::opt::title")]
    pub title: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub start_on: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub end_on: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub location: Option<String>,
    #[schema(schema_with = input::schema::opt::remark)]
    #[serde(default, deserialize_with = "input::opt::remark")]
    pub counterpart: Option<String>,
    #[schema(schema_with = input::schema::opt_list::person)]
    #[serde(default, deserialize_with = "input::opt_list::person")]
    pub participants: Option<Vec<String>>,
    /// Who owns the activity; a PUT may leave it out and then keeps the stored owner.
    pub owner_id: Option<i64>,
    pub park_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::note)]
    #[serde(default, deserialize_with = "input::opt::note")]
    pub outcome: Option<String>,
    pub lead_ids: Option<Vec<i64>>,
    pub enterprise_ids: Option<Vec<i64>>,
}

impl input::Replace for ActivityInput {
    const MAY_OMIT: &'static [&'static str] = &["owner_id"];
}

/// Leads or enterprises one activity may name.
const MAX_LINKED: usize = 100;

async fn validate_activity(ctx: &Ctx, actor: &Actor, i: &ActivityInput) -> AppResult<ActivityData> {
    let start_on = check::date("start_on", "开始日期", i.start_on.as_deref())?;
    let end_on = check::optional_date("end_on", "结束日期", i.end_on.as_deref())?.unwrap_or(start_on);
    if end_on < start_on {
        return Err(AppError::invalid("end_on", "DATE_ORDER", "结束日期不能早于开始日期"));
    }
    if days_inclusive(start_on, end_on) > 60 {
        return Err(AppError::invalid("end_on", "ACTIVITY_TOO_LONG", "一次活动最长60天"));
    }
    let mut participants = Vec::new();
    for p in i.participants.clone().unwrap_or_default() {
        let p = p.trim().to_owned();
        if p.is_empty() {
            continue;
        }
        if p.chars().count() > 50 || participants.len() >= 50 {
            return Err(AppError::invalid("participants", "PARTICIPANTS_INVALID", "参加人员最多50人，每人不超过50字"));
        }
        participants.push(p);
    }
    // Zone-level activities (no park) are for zone-wide and own-scope callers.
    let park_id = match i.park_id {
        Some(p) => Some(check::park_in_reach(ctx, actor, "park_id", Some(p)).await?),
        None if matches!(actor.scope.reach, Reach::Parks { .. }) => {
            return Err(AppError::invalid("park_id", "REQUIRED", "请选择园区"));
        }
        None => None,
    };
    for (field, n) in [
        ("lead_ids", i.lead_ids.as_ref().map_or(0, Vec::len)),
        ("enterprise_ids", i.enterprise_ids.as_ref().map_or(0, Vec::len)),
    ] {
        if n > MAX_LINKED {
            return Err(AppError::invalid(field, "LINKS_TOO_MANY", format!("一次活动最多关联{MAX_LINKED}条记录")));
        }
    }
    let mut lead_ids = i.lead_ids.clone().unwrap_or_default();
    lead_ids.sort_unstable();
    lead_ids.dedup();
    if repo::visible_ids(ctx.db.conn(), &actor.scope, &lead_ids).await?.len() != lead_ids.len() {
        return Err(AppError::invalid("lead_ids", "LEAD_UNKNOWN", "关联线索不存在或无权查看"));
    }
    let mut enterprise_ids = i.enterprise_ids.clone().unwrap_or_default();
    enterprise_ids.sort_unstable();
    enterprise_ids.dedup();
    for e in &enterprise_ids {
        check::enterprise(ctx, actor, "enterprise_ids", Some(*e)).await?;
    }
    Ok(ActivityData {
        kind: check::choice("kind", "活动类型", i.kind.as_deref(), ACTIVITY_KINDS)?,
        title: check::text("title", "活动主题", i.title.as_deref(), TextKind::Title)?,
        start_on,
        end_on,
        location: check::optional_text("location", "地点", i.location.as_deref(), TextKind::Name)?,
        counterpart: check::optional_text("counterpart", "对接客商", i.counterpart.as_deref(), TextKind::Remark)?,
        participants: serde_json::to_string(&participants).map_err(AppError::internal)?,
        owner_id: check::owner(ctx, actor, "owner_id", i.owner_id).await?,
        park_id,
        outcome: check::optional_text("outcome", "成效", i.outcome.as_deref(), TextKind::Note)?,
        lead_ids,
        enterprise_ids,
    })
}

pub async fn create_activity(ctx: &Ctx, actor: &Actor, input: ActivityInput) -> AppResult<Activity> {
    actor.require("lead:write")?;
    let data = validate_activity(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    let id = act_repo::insert(&tx, actor.zone(), &data).await?;
    actor.audit(&tx, "create", "activity", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    get_activity(ctx, actor, id).await
}

pub async fn update_activity(ctx: &Ctx, actor: &Actor, id: i64, input: ActivityInput) -> AppResult<Activity> {
    actor.require("lead:write")?;
    let before = act_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let input = ActivityInput { owner_id: input.owner_id.or(Some(before.owner_id)), ..input };
    let data = validate_activity(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    if !act_repo::update(&tx, actor.zone(), id, &data).await? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "update", "activity", id, Some(&before), Some(&data)).await?;
    tx.commit().await?;
    get_activity(ctx, actor, id).await
}

pub async fn delete_activity(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require("lead:write")?;
    let before = act_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    act_repo::delete(&tx, actor.zone(), id).await?;
    actor.audit(&tx, "delete", "activity", id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Targets

#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub signed_count: i64,
    pub signed_amount: f64,
    pub trips: i64,
    pub receptions: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Rates {
    pub signed_count: Option<f64>,
    pub signed_amount: Option<f64>,
    pub trips: Option<f64>,
    pub receptions: Option<f64>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Target {
    pub id: i64,
    pub subject: String,
    pub park_id: Option<i64>,
    pub park: Option<String>,
    pub user_id: Option<i64>,
    pub user: Option<String>,
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub signed_count: i64,
    pub signed_amount: f64,
    pub trips: i64,
    pub receptions: i64,
    pub actual: Figures,
    pub rate: Rates,
}

fn rate(actual: f64, target: f64) -> Option<f64> {
    (target > 0.0).then(|| (actual / target * 1000.0).round() / 1000.0)
}

/// What a park or a person achieved in `from..=to`, from the records. A person's target that
/// belongs to a park counts their records in that park only, so a park reads no figure made
/// of another park's records; a zone-level one (only zone-wide readers and the person see it)
/// counts the whole zone.
async fn actuals(ctx: &Ctx, zone: i64, t: &TargetRow) -> AppResult<Figures> {
    let (subject, id, from, to) = (t.subject.as_str(), t.subject_id, t.period_from, t.period_to);
    let everyone = Scope { zone, user: 0, reach: Reach::Zone };
    let by_user = subject == "user";
    let park = if by_user { t.park_id } else { Some(id) };
    let pf = ProjectFilter { park, owner: by_user.then_some(id), signed: (Some(from), Some(to)), ..Default::default() };
    let (count, amount) = project_repo::count_and_sum(ctx.db.conn(), &everyone, &pf).await?;
    let af =
        ActivityFilter { park, owner: by_user.then_some(id), from: Some(from), to: Some(to), ..Default::default() };
    let k = act_repo::stats(ctx.db.conn(), &everyone, &af, StatsGroup::Total).await?.pop().unwrap_or_default();
    Ok(Figures {
        signed_count: count as i64,
        signed_amount: yuan_sum(amount),
        trips: k.trips,
        receptions: k.receptions,
    })
}

async fn target_view(ctx: &Ctx, zone: i64, t: TargetRow) -> AppResult<Target> {
    let actual = actuals(ctx, zone, &t).await?;
    let amount = yuan(t.signed_amount);
    Ok(Target {
        rate: Rates {
            signed_count: rate(actual.signed_count as f64, t.signed_count as f64),
            signed_amount: rate(actual.signed_amount, amount),
            trips: rate(actual.trips as f64, t.trips as f64),
            receptions: rate(actual.receptions as f64, t.receptions as f64),
        },
        actual,
        id: t.id,
        user_id: (t.subject == "user").then_some(t.subject_id),
        user: t.user,
        subject: t.subject,
        park_id: t.park_id,
        park: t.park,
        period: t.period,
        from: t.period_from,
        to: t.period_to,
        signed_count: t.signed_count,
        signed_amount: amount,
        trips: t.trips,
        receptions: t.receptions,
    })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct TargetQuery {
    pub period: Option<String>,
    pub subject: Option<String>,
}

fn subject(field: &str, v: Option<&str>) -> AppResult<String> {
    match v.map(str::trim) {
        Some(s @ ("park" | "user")) => Ok(s.to_owned()),
        _ => Err(AppError::invalid(field, "SUBJECT_INVALID", "对象应为 park（园区）或 user（个人）")),
    }
}

fn target_period(field: &str, v: Option<&str>) -> AppResult<TargetPeriod> {
    TargetPeriod::parse(v.unwrap_or(""))
        .ok_or_else(|| AppError::invalid(field, "PERIOD_INVALID", "期间应为年（2022）、半年（2022-H1）或月（2022-03）"))
}

pub async fn list_targets(ctx: &Ctx, actor: &Actor, q: &TargetQuery) -> AppResult<Vec<Target>> {
    actor.require("lead:read")?;
    let period = match q.period.as_deref().filter(|s| !s.is_empty()) {
        Some(p) => Some(target_period("period", Some(p))?.key()),
        None => None,
    };
    let subj = match q.subject.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(subject("subject", Some(s))?),
        None => None,
    };
    let rows = target_repo::list(ctx.db.conn(), &actor.scope, period.as_deref(), subj.as_deref()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(target_view(ctx, actor.zone(), r).await?);
    }
    Ok(out)
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub subject: Option<String>,
    pub park_id: Option<i64>,
    pub user_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub period: Option<String>,
    pub signed_count: Option<i64>,
    pub signed_amount: Option<f64>,
    pub trips: Option<i64>,
    pub receptions: Option<i64>,
}

/// `user_id` only matters for a person's target (and is then required by the checks).
impl input::Replace for TargetInput {
    const MAY_OMIT: &'static [&'static str] = &["user_id"];
}

async fn validate_target(ctx: &Ctx, actor: &Actor, i: &TargetInput) -> AppResult<TargetData> {
    let subject = subject("subject", i.subject.as_deref())?;
    let period = target_period("period", i.period.as_deref())?;
    let (subject_id, park_id) = if subject == "park" {
        let p = check::park_in_reach(ctx, actor, "park_id", i.park_id).await?;
        (p, Some(p))
    } else {
        let Some(u) = i.user_id else {
            return Err(AppError::invalid("user_id", "REQUIRED", "请选择人员"));
        };
        let unknown = || AppError::invalid("user_id", "USER_UNKNOWN", "人员不存在");
        let person = zoneops_db::user::by_id(ctx.db.conn(), Some(actor.zone()), u).await?.ok_or_else(unknown)?;
        // A person's target belongs to a park (theirs) unless set zone-wide.
        let park = match i.park_id {
            Some(p) => Some(check::park_in_reach(ctx, actor, "park_id", Some(p)).await?),
            None if actor.scope.is_zone_wide() => None,
            None => return Err(AppError::invalid("park_id", "REQUIRED", "请选择该人员所属园区")),
        };
        // Someone outside the caller's parks is, for this caller, nobody.
        if let Some(p) = park
            && !actor.scope.is_zone_wide()
            && !person_of_park(ctx, actor.zone(), &person, p).await?
        {
            return Err(unknown());
        }
        (u, park)
    };
    let amount = match i.signed_amount {
        Some(0.0) => 0,
        v => check::amount("signed_amount", "签约金额目标", v)?,
    };
    Ok(TargetData {
        subject,
        subject_id,
        park_id,
        period: period.key(),
        period_from: period.first_day(),
        period_to: period.last_day(),
        signed_count: check::count("signed_count", "签约个数目标", i.signed_count, 100_000)?,
        signed_amount: amount,
        trips: check::count("trips", "外出招商次数目标", i.trips, 1_000_000)?,
        receptions: check::count("receptions", "接待客商次数目标", i.receptions, 1_000_000)?,
    })
}

/// Whether `person` works for `park`: an account scoped to it, or promotion staff (own scope)
/// who own a lead or a project there.
async fn person_of_park(ctx: &Ctx, zone: i64, person: &zoneops_db::user::UserRow, park: i64) -> AppResult<bool> {
    match serde_json::from_str::<Reach>(&person.scope) {
        Ok(Reach::Parks { parks }) => return Ok(parks.contains(&park)),
        Ok(Reach::Own) => {}
        _ => return Ok(false),
    }
    let everyone = Scope { zone, user: 0, reach: Reach::Zone };
    let pf = ProjectFilter { park: Some(park), owner: Some(person.id), ..Default::default() };
    if project_repo::count_and_sum(ctx.db.conn(), &everyone, &pf).await?.0 > 0 {
        return Ok(true);
    }
    let lf = LeadFilter { park: Some(park), owner: Some(person.id), ..Default::default() };
    let page = PageQuery::new(Some(1), Some(1));
    let leads = repo::list(ctx.db.conn(), &everyone, &lf, LeadSort::CreatedAt, true, page).await?;
    Ok(leads.total > 0)
}

fn duplicate_target(e: AppError) -> AppError {
    match e {
        AppError::Conflict { .. } => AppError::Conflict {
            field: "period".into(),
            code: "TARGET_DUPLICATE",
            message: "该对象在此期间已有目标，请直接修改".into(),
        },
        other => other,
    }
}

pub async fn create_target(ctx: &Ctx, actor: &Actor, input: TargetInput) -> AppResult<Target> {
    actor.require("target:write")?;
    let data = validate_target(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    let id = target_repo::insert(&tx, actor.zone(), &data).await.map_err(|e| duplicate_target(e.into()))?;
    actor.audit(&tx, "create", "invest_target", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    let row = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    target_view(ctx, actor.zone(), row).await
}

pub async fn update_target(ctx: &Ctx, actor: &Actor, id: i64, input: TargetInput) -> AppResult<Target> {
    actor.require("target:write")?;
    let before = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let data = validate_target(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    if !target_repo::update(&tx, actor.zone(), id, &data).await.map_err(|e| duplicate_target(e.into()))? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "update", "invest_target", id, Some(&before), Some(&data)).await?;
    tx.commit().await?;
    let row = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    target_view(ctx, actor.zone(), row).await
}

pub async fn delete_target(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require("target:write")?;
    let before = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    target_repo::delete(&tx, actor.zone(), id).await?;
    actor.audit(&tx, "delete", "invest_target", id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Weekly plans

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    #[schema(schema_with = input::schema::title)]
    #[serde(deserialize_with = "input::title")]
    pub text: String,
    pub done: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WeeklyPlan {
    pub id: i64,
    pub user_id: i64,
    pub user: String,
    pub park_id: Option<i64>,
    pub week: NaiveDate,
    pub items: Vec<PlanItem>,
    pub done: usize,
    pub total: usize,
    pub rate: f64,
}

fn plan_view(p: target_repo::PlanRow) -> WeeklyPlan {
    let items: Vec<PlanItem> = serde_json::from_str(&p.items).unwrap_or_default();
    let done = items.iter().filter(|i| i.done).count();
    let total = items.len();
    WeeklyPlan {
        id: p.id,
        user_id: p.user_id,
        user: p.user,
        park_id: p.park_id,
        week: p.week,
        rate: if total == 0 { 0.0 } else { (done as f64 / total as f64 * 1000.0).round() / 1000.0 },
        items,
        done,
        total,
    }
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PlanQuery {
    pub week: Option<String>,
    pub user: Option<i64>,
}

pub async fn list_plans(ctx: &Ctx, actor: &Actor, q: &PlanQuery) -> AppResult<Vec<WeeklyPlan>> {
    actor.require("lead:read")?;
    let week = check::optional_date("week", "周", q.week.as_deref())?.map(week_start);
    let rows = target_repo::plans(ctx.db.conn(), &actor.scope, week, q.user).await?;
    Ok(rows.into_iter().map(plan_view).collect())
}

fn own_scope(actor: &Actor) -> Scope {
    Scope { reach: Reach::Own, ..actor.scope.clone() }
}

/// A week's plan, replaced whole: `items` is required.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub items: Vec<PlanItem>,
}

impl input::Replace for PlanInput {}

pub async fn save_plan(ctx: &Ctx, actor: &Actor, week: &str, input: PlanInput) -> AppResult<WeeklyPlan> {
    actor.require("lead:write")?;
    let week = week_start(check::date("week", "周", Some(week))?);
    let items = input.items;
    if items.is_empty() || items.len() > 50 {
        return Err(AppError::invalid("items", "PLAN_ITEMS_INVALID", "周计划应有1至50项"));
    }
    let mut clean = Vec::with_capacity(items.len());
    for (n, it) in items.into_iter().enumerate() {
        let text = it.text.trim().to_owned();
        if text.is_empty() || text.chars().count() > 200 {
            return Err(AppError::Invalid {
                field: "items".into(),
                code: "PLAN_ITEM_INVALID",
                message: format!("第{}项：内容应为1至200字", n + 1),
                params: serde_json::json!({"index": n}),
            });
        }
        clean.push(PlanItem { text, done: it.done });
    }
    // The plan belongs to the author's park: a park scope's first park, else the park of the
    // author's earlier plans (own-scope staff of a park).
    let park = match &actor.scope.reach {
        Reach::Parks { parks } => parks.first().copied(),
        _ => {
            let earlier = target_repo::plans(ctx.db.conn(), &own_scope(actor), None, Some(actor.user_id)).await?;
            earlier.first().and_then(|p| p.park_id)
        }
    };
    let json = serde_json::to_string(&clean).map_err(AppError::internal)?;
    let tx = ctx.db.begin_write().await?;
    let id = target_repo::upsert_plan(&tx, actor.zone(), actor.user_id, park, week, &json).await?;
    actor.audit(&tx, "save", "weekly_plan", id, None::<&()>, Some(&clean)).await?;
    tx.commit().await?;
    let row = target_repo::plans(ctx.db.conn(), &own_scope(actor), Some(week), Some(actor.user_id)).await?;
    row.into_iter().next().map(plan_view).ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------------
// Leaderboard

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LeaderboardQuery {
    pub month: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
    pub by: Option<String>,
    pub park: Option<i64>,
    pub category: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RankRow {
    pub rank: usize,
    pub id: i64,
    pub name: String,
    pub signed_count: i64,
    pub signed_amount: f64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Leaderboard {
    pub month: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub subject: String,
    pub by: String,
    pub rule: &'static str,
    pub rows: Vec<RankRow>,
}

/// Ranks rows by the rule: amount (then count) or count (then amount), then name; equal
/// figures share a rank (1, 2, 2, 4).
pub fn rank(rows: &mut [RankRow], by_count: bool) {
    rows.sort_by(|a, b| {
        let key = |r: &RankRow| {
            if by_count { (r.signed_count as f64, r.signed_amount) } else { (r.signed_amount, r.signed_count as f64) }
        };
        let (ka, kb) = (key(a), key(b));
        kb.0.total_cmp(&ka.0).then(kb.1.total_cmp(&ka.1)).then(a.name.cmp(&b.name))
    });
    for i in 0..rows.len() {
        rows[i].rank = if i > 0
            && rows[i].signed_count == rows[i - 1].signed_count
            && rows[i].signed_amount == rows[i - 1].signed_amount
        {
            rows[i - 1].rank
        } else {
            i + 1
        };
    }
}

pub async fn leaderboard(ctx: &Ctx, actor: &Actor, q: &LeaderboardQuery) -> AppResult<Leaderboard> {
    if !actor.can("lead:read") && !actor.can("cockpit:read") {
        return Err(AppError::Forbidden);
    }
    let (month, from, to) = match q.month.as_deref().filter(|s| !s.is_empty()) {
        Some(m) => {
            let p = match TargetPeriod::parse(m) {
                Some(p @ TargetPeriod::Month(..)) => p,
                _ => return Err(AppError::invalid("month", "MONTH_INVALID", "月份格式应为YYYY-MM")),
            };
            (Some(p.key()), p.first_day(), p.last_day())
        }
        None => {
            let from = check::optional_date("from", "开始日期", q.from.as_deref())?;
            let to = check::optional_date("to", "结束日期", q.to.as_deref())?;
            match (from, to) {
                (None, None) => {
                    let t = today();
                    let m = TargetPeriod::Month(chrono::Datelike::year(&t), chrono::Datelike::month(&t));
                    (Some(m.key()), m.first_day(), month_end(chrono::Datelike::year(&t), chrono::Datelike::month(&t)))
                }
                (f, t) => {
                    let (f, t) = period(f, t);
                    if t < f {
                        return Err(AppError::invalid("to", "DATE_ORDER", "结束日期不能早于开始日期"));
                    }
                    (None, f, t)
                }
            }
        }
    };
    let subject = subject("subject", q.subject.as_deref().or(Some("park")))?;
    let by_count = match q.by.as_deref().unwrap_or("amount") {
        "amount" => false,
        "count" => true,
        _ => return Err(AppError::invalid("by", "RANK_BY_INVALID", "排名依据应为 amount（金额）或 count（个数）")),
    };
    let category = check::optional_choice("category", "项目类别", &q.category, PROJECT_CATEGORIES)?;
    let f = ProjectFilter { signed: (Some(from), Some(to)), category, park: q.park, ..Default::default() };
    let db = ctx.db.conn();
    let mut rows: Vec<RankRow> = if subject == "park" {
        // Every park competes, with totals only (decision 0007).
        let sums = project_repo::signed_by(db, actor.zone(), None, &f, false).await?;
        reference::list_dict(db, actor.zone(), Dict::Park)
            .await?
            .into_iter()
            .filter(|p| q.park.is_none_or(|x| x == p.id))
            .map(|p| {
                let s = sums.iter().find(|s| s.0 == p.id);
                RankRow {
                    rank: 0,
                    id: p.id,
                    name: p.name,
                    signed_count: s.map_or(0, |s| s.1),
                    signed_amount: yuan_sum(s.map_or(0, |s| s.2)),
                }
            })
            .collect()
    } else {
        let sums = project_repo::signed_by(db, actor.zone(), Some(&actor.scope), &f, true).await?;
        let users = zoneops_db::user::list(db, actor.zone(), None).await?;
        sums.into_iter()
            .map(|(id, n, amount)| RankRow {
                rank: 0,
                id,
                name: users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default(),
                signed_count: n,
                signed_amount: yuan_sum(amount),
            })
            .collect()
    };
    rank(&mut rows, by_count);
    Ok(Leaderboard {
        month,
        from,
        to,
        subject,
        by: if by_count { "count" } else { "amount" }.into(),
        rule: if by_count { RANKING_RULE_COUNT } else { RANKING_RULE_AMOUNT },
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, n: i64, amount: f64) -> RankRow {
        RankRow { rank: 0, id: 0, name: name.into(), signed_count: n, signed_amount: amount }
    }

    #[test]
    fn ranking_follows_the_stated_rule() {
        let mut rows = vec![row("乙", 3, 10.0), row("甲", 5, 10.0), row("丙", 9, 2.0), row("丁", 3, 10.0)];
        rank(&mut rows, false);
        let order: Vec<(&str, usize)> = rows.iter().map(|r| (r.name.as_str(), r.rank)).collect();
        assert_eq!(order, vec![("甲", 1), ("丁", 2), ("乙", 2), ("丙", 4)]);
        rank(&mut rows, true);
        let order: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(order, vec!["丙", "甲", "丁", "乙"]);
    }
}
