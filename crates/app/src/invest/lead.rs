//! Leads: the pipeline of companies a zone courts, their stages, moves and who may see them.

use crate::check::{self, today};
use crate::{Actor, AppError, AppResult, Ctx, input};
use serde::{Deserialize, Serialize};
use zoneops_db::lead::{self as repo, LeadData, LeadFilter, LeadRow, LeadSort, NewMove};
use zoneops_db::reference::{self};
use zoneops_db::{Page, PageQuery};
use zoneops_domain::Permission;
use zoneops_domain::PhoneRule;
use zoneops_domain::invest::{HandOffLead, HandOffLevel, LeadKind, LeadSource, LeadStage, lead_move, project_creators};
use zoneops_domain::scope::Reach;
use zoneops_domain::text::TextKind;

use super::*;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Lead {
    /// Masked (see [`mask`]) for a reader it is hidden from.
    #[serde(flatten)]
    pub row: LeadRow,
    /// The company is hidden from this caller (a confidential lead of someone else).
    pub masked: bool,
    /// Once signed: who creates its project and whether it exists (decision 0035); null before,
    /// and for a reader the lead is masked from.
    pub project_owner: Option<ProjectOwner>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
}

/// Who creates a signed lead's project — the people [`project_creators`] names — and whether it
/// was created.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ProjectOwner {
    /// `park`: the project writers of the lead's park; `zone`: zone-level ones (nobody at the park
    /// may create it, e.g. a confidential lead masked from them).
    pub level: HandOffLevel,
    /// The park's name (park level) or the zone's (zone level).
    pub unit: String,
    /// The people who will create it; empty when nobody holds `project:write` where it would count.
    pub users: Vec<PersonRef>,
    /// The project exists.
    pub created: bool,
    /// The project made from the lead (null while it is not).
    pub project_id: Option<i64>,
}

/// The zone's project writers with their reach, and the zone's name: what [`project_owner`]
/// needs, read once for a list.
pub(crate) struct Writers {
    people: Vec<(i64, String, Reach)>,
    zone: String,
}

impl Writers {
    pub(crate) async fn load(db: &impl zoneops_db::ConnectionTrait, zone: i64) -> AppResult<Writers> {
        let people = zoneops_db::user::holders(db, zone, Permission::ProjectWrite.code())
            .await?
            .into_iter()
            // An unreadable scope grants nothing (as at login, where it fails).
            .filter_map(|h| serde_json::from_str::<Reach>(&h.scope).ok().map(|r| (h.id, h.display_name, r)))
            .collect();
        let zone = reference::zone_by_id(db, zone).await?.map(|z| z.name).unwrap_or_default();
        Ok(Writers { people, zone })
    }

    /// Loaded only when one of `rows` is signed (the others have no hand-off).
    async fn for_rows<'a>(
        ctx: &Ctx,
        actor: &Actor,
        mut rows: impl Iterator<Item = &'a LeadRow>,
    ) -> AppResult<Option<Writers>> {
        if rows.any(|r| r.stage == LeadStage::Signed.code()) {
            return Ok(Some(Writers::load(ctx.db.conn(), actor.zone()).await?));
        }
        Ok(None)
    }

    /// The people who create `r`'s project and at which level.
    pub(crate) fn creators(&self, r: &LeadRow) -> (HandOffLevel, Vec<PersonRef>) {
        let reach: Vec<(i64, Reach)> = self.people.iter().map(|(id, _, reach)| (*id, reach.clone())).collect();
        let lead = HandOffLead { park: r.park_id, owner: r.owner_id, confidential: r.confidential };
        let (level, ids) = project_creators(&reach, lead);
        let users = ids
            .into_iter()
            .filter_map(|id| self.people.iter().find(|p| p.0 == id).map(|p| PersonRef { id, name: p.1.clone() }))
            .collect();
        (level, users)
    }
}

/// A signed lead's hand-off (None before it is signed), from the unmasked row.
fn project_owner(writers: Option<&Writers>, r: &LeadRow) -> Option<ProjectOwner> {
    let w = writers.filter(|_| r.stage == LeadStage::Signed.code())?;
    let (level, users) = w.creators(r);
    let unit = match level {
        HandOffLevel::Park => r.park.clone(),
        HandOffLevel::Zone => w.zone.clone(),
    };
    Some(ProjectOwner { level, unit, users, created: r.project_id.is_some(), project_id: r.project_id })
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

/// Withholds every field that names the company or leads to it: the company, the contact, the
/// notes, why it was lost, and the enterprise and the project (they carry the company's name).
/// What remains is a codename, the stage and the figures.
fn mask(r: &mut LeadRow) {
    r.company = None;
    r.codename.get_or_insert_with(|| "保密项目".to_owned());
    r.lost_reason = None;
    r.contact_name = None;
    r.contact_phone = None;
    r.notes.clear();
    r.enterprise_id = None;
    r.project_id = None;
}

fn lead_view(actor: &Actor, mut row: LeadRow, writers: Option<&Writers>) -> Lead {
    let masked = is_masked(actor, &row);
    // Withheld with the rest: nothing about the project goes to a reader the lead is masked from
    // (who could not create it either).
    let project_owner = if masked { None } else { project_owner(writers, &row) };
    if masked {
        mask(&mut row);
    }
    Lead { row, masked, project_owner }
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
    /// Leads of one enterprise (a confidential one of someone else is not among them).
    pub enterprise: Option<i64>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn lead_filter(q: &LeadQuery) -> AppResult<LeadFilter> {
    Ok(LeadFilter {
        q: q.q.clone(),
        stage: check::optional_pick("stage", "阶段", &q.stage)?,
        park: q.park,
        owner: q.owner,
        kind: check::optional_pick("kind", "线索类型", &q.kind)?,
        source: check::optional_pick("source", "线索来源", &q.source)?,
        chain: q.chain,
        enterprise: q.enterprise,
    })
}

pub async fn list_leads(ctx: &Ctx, actor: &Actor, q: &LeadQuery) -> AppResult<Page<Lead>> {
    actor.require(Permission::LeadRead)?;
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
    let writers = Writers::for_rows(ctx, actor, rows.items.iter()).await?;
    Ok(rows.map(|r| lead_view(actor, r, writers.as_ref())))
}

/// The intended investment (元) of every lead the query's filters match (paging aside).
pub async fn lead_investment(ctx: &Ctx, actor: &Actor, q: &LeadQuery) -> AppResult<f64> {
    actor.require(Permission::LeadRead)?;
    let totals = repo::stage_totals(ctx.db.conn(), &actor.scope, &lead_filter(q)?).await?;
    Ok(yuan_sum(totals.iter().map(|t| i128::from(t.2)).sum()))
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
    actor.require(Permission::LeadRead)?;
    let f = LeadFilter { stage: None, ..lead_filter(q)? };
    let db = ctx.db.conn();
    let totals = repo::stage_totals(db, &actor.scope, &f).await?;
    let mut out = Vec::new();
    let mut writers = None;
    for &st in LeadStage::ALL {
        let (count, amount) = totals.iter().find(|t| t.0 == st.code()).map(|t| (t.1, t.2)).unwrap_or((0, 0));
        let items = repo::column(db, &actor.scope, &f, st, 200).await?;
        if writers.is_none() {
            writers = Writers::for_rows(ctx, actor, items.iter()).await?;
        }
        out.push(PipelineColumn {
            stage: st.code(),
            label: st.label_zh(),
            count,
            amount: yuan(amount),
            items: items.into_iter().map(|r| lead_view(actor, r, writers.as_ref())).collect(),
        });
    }
    Ok(out)
}

pub async fn get_lead(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Lead> {
    actor.require(Permission::LeadRead)?;
    let row = repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let writers = Writers::for_rows(ctx, actor, std::iter::once(&row)).await?;
    Ok(lead_view(actor, row, writers.as_ref()))
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
    let phone = check::phone("contact_phone", "联系电话", i.contact_phone.as_deref(), PhoneRule::Any, false)?;
    Ok(LeadData {
        company,
        codename,
        confidential,
        source: check::pick("source", "线索来源", i.source.as_deref().or(Some(LeadSource::Other.code())))?,
        kind: check::pick("kind", "线索类型", i.kind.as_deref().or(Some(LeadKind::New.code())))?,
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
    actor.require(Permission::LeadWrite)?;
    let data = validate_lead(ctx, actor, &input).await?;
    let on = today();
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert(&tx, actor.zone(), &data, LeadStage::Lead, on).await?;
    let to = LeadStage::Lead.code();
    let m = NewMove { zone: actor.zone(), lead: id, from: None, to, on, reason: None, actor: &actor.display_name };
    repo::insert_move(&tx, &m).await?;
    actor.audit(&tx, "create", "lead", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    get_lead(ctx, actor, id).await
}

pub async fn update_lead(ctx: &Ctx, actor: &Actor, id: i64, input: LeadInput) -> AppResult<Lead> {
    actor.require(Permission::LeadWrite)?;
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
    actor.require(Permission::LeadWrite)?;
    let before = writable_lead(ctx.db.conn(), actor, id).await?;
    if check::stored::<LeadStage>(&before.stage)? == LeadStage::Signed {
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
    actor.require(Permission::LeadWrite)?;
    let to: LeadStage = check::pick("stage", "目标阶段", input.stage.as_deref())?;
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
    let from: LeadStage = check::stored(&before.stage)?;
    let Some(rule) = lead_move(from, to) else {
        let (fl, tl) = (from.label_zh(), to.label_zh());
        let message = if from == to {
            format!("线索已处于“{fl}”阶段")
        } else if from == LeadStage::Signed {
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
    let lost_reason = (to == LeadStage::Lost).then_some(reason.as_str());
    repo::set_stage(&tx, actor.zone(), id, to, on, lost_reason).await?;
    let reason_opt = Some(reason.as_str()).filter(|r| !r.is_empty());
    let m = NewMove {
        zone: actor.zone(),
        lead: id,
        from: Some(from.code()),
        to: to.code(),
        on,
        reason: reason_opt,
        actor: &actor.display_name,
    };
    repo::insert_move(&tx, &m).await?;
    if to == LeadStage::Signed {
        // Whoever will create the project hears of it now (decision 0035); not the mover, who
        // is offered the project form at once if they may create it.
        let signed = LeadRow { stage: to.code().to_owned(), stage_since: on, ..before.clone() };
        let (_, users) = Writers::load(&*tx, actor.zone()).await?.creators(&signed);
        let recipients: Vec<i64> = users.iter().map(|u| u.id).filter(|&u| u != actor.user_id).collect();
        crate::notify::on_lead_signed(&tx, actor.zone(), &signed, &recipients).await?;
    }
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
    actor.require(Permission::LeadRead)?;
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
