//! Writing an enterprise: the input, its checks (credit code, park, chain, industry, entrepreneurs), create, update and delete.

use crate::{Actor, AppError, AppResult, Ctx, input};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use zoneops_db::enterprise::{self as repo, EnterpriseData, EntrepreneurRow};
use zoneops_db::reference::{self, Dict};
use zoneops_domain::credit_code::CreditCode;
use zoneops_domain::metric::Metric;
use zoneops_domain::text::TextKind;
use zoneops_domain::{Permission, PhoneRule};

use super::*;

/// An enterprise as written. POST: absent optional fields are empty. PUT replaces the record:
/// every field but `confirm_check_character` must be present (`null` clears a nullable one).
/// PATCH: absent fields keep their stored value.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub credit_code: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub name: Option<String>,
    pub park_id: Option<i64>,
    pub chain_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub industry_code: Option<String>,
    pub above_size: Option<bool>,
    pub land_mu: Option<f64>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub established_on: Option<String>,
    #[schema(schema_with = input::schema::opt::address)]
    #[serde(default, deserialize_with = "input::opt::address")]
    pub address: Option<String>,
    pub entrepreneurs: Option<Vec<PersonView>>,
    #[serde(default)]
    pub confirm_check_character: bool,
}

impl input::Replace for EnterpriseInput {
    const MAY_OMIT: &'static [&'static str] = &["confirm_check_character"];
}

/// Entrepreneurs of one enterprise, and honours of one person, a body may carry.
const MAX_PEOPLE: usize = 50;
const MAX_HONORS: usize = 20;

/// What the checks need to know of the zone's reference data: looked up one by one for an API
/// write, from maps loaded once for an import of many rows (crate::import).
pub(crate) trait References {
    fn park_exists(&self, id: i64) -> bool;
    fn chain_exists(&self, id: i64) -> bool;
    /// The industry code exists and is not a section (门类).
    fn industry_selectable(&self, code: &str) -> bool;
}

/// The three facts one API write needs, read before the checks.
struct LookedUp {
    park: bool,
    chain: bool,
    industry: bool,
}

impl References for LookedUp {
    fn park_exists(&self, _: i64) -> bool {
        self.park
    }
    fn chain_exists(&self, _: i64) -> bool {
        self.chain
    }
    fn industry_selectable(&self, _: &str) -> bool {
        self.industry
    }
}

/// Field-by-field validation with the field named in every error.
async fn validate(
    ctx: &Ctx,
    actor: &Actor,
    input: &EnterpriseInput,
) -> AppResult<(EnterpriseData, Vec<EntrepreneurRow>)> {
    let db = ctx.db.conn();
    let park = match input.park_id {
        Some(p) => reference::get_dict(db, actor.zone(), Dict::Park, p).await?.is_some(),
        None => false,
    };
    let chain = match input.chain_id {
        Some(c) => reference::get_dict(db, actor.zone(), Dict::Chain, c).await?.is_some(),
        None => false,
    };
    let code = input.industry_code.as_deref().map(str::trim).unwrap_or("");
    let industry = !code.is_empty() && reference::industry(db, code).await?.is_some_and(|i| i.level != "section");
    check(actor, input, &LookedUp { park, chain, industry })
}

/// The checks themselves, with the reference data given: the API and the import share them.
pub(crate) fn check(
    actor: &Actor,
    input: &EnterpriseInput,
    refs: &impl References,
) -> AppResult<(EnterpriseData, Vec<EntrepreneurRow>)> {
    let raw = input.credit_code.as_deref().unwrap_or("");
    let parsed = if input.confirm_check_character { CreditCode::parse_confirmed(raw) } else { CreditCode::parse(raw) };
    let code = parsed.map_err(|e| AppError::Invalid {
        field: "credit_code".into(),
        code: e.code(),
        message: e.message_zh(),
        params: json!({ "warning": e.is_warning() }),
    })?;
    let name = input.name.as_deref().map(str::trim).unwrap_or("");
    if name.is_empty() {
        return Err(AppError::invalid("name", "ENTERPRISE_NAME_REQUIRED", "请填写企业名称"));
    }
    let name = crate::check::optional_text("name", "企业名称", Some(name), TextKind::Name)?;
    let park_id =
        input.park_id.ok_or_else(|| AppError::invalid("park_id", "ENTERPRISE_PARK_REQUIRED", "请选择所属园区"))?;
    if !refs.park_exists(park_id) {
        return Err(AppError::invalid("park_id", "ENTERPRISE_PARK_UNKNOWN", "所选园区不存在"));
    }
    // A park-scoped user can only place enterprises in their own parks.
    if !actor.scope.is_zone_wide() && !actor.scope.allows_park(Some(park_id)) {
        return Err(AppError::invalid("park_id", "ENTERPRISE_PARK_OUT_OF_SCOPE", "只能选择本人负责的园区"));
    }
    if let Some(chain) = input.chain_id
        && !refs.chain_exists(chain)
    {
        return Err(AppError::invalid("chain_id", "ENTERPRISE_CHAIN_UNKNOWN", "所选产业链不存在"));
    }
    let industry = input.industry_code.as_deref().map(str::trim).unwrap_or("");
    if industry.is_empty() {
        return Err(AppError::invalid("industry_code", "ENTERPRISE_INDUSTRY_REQUIRED", "请选择国民经济行业"));
    }
    if !refs.industry_selectable(industry) {
        return Err(AppError::invalid(
            "industry_code",
            "ENTERPRISE_INDUSTRY_UNKNOWN",
            "行业代码应为GB/T 4754-2017中的大类、中类或小类代码",
        ));
    }
    let land_mu = input
        .land_mu
        .map(|v| Metric::LandMu.value_from_f64(v))
        .transpose()
        .map_err(|e| AppError::invalid("land_mu", e.code(), e.message_zh(Metric::LandMu)))?;
    let established_on = match input.established_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("established_on", "DATE_INVALID", "成立日期格式应为YYYY-MM-DD"))?;
            let today = chrono::Utc::now().date_naive();
            if d.year() < 1900 || d > today {
                return Err(AppError::invalid("established_on", "DATE_OUT_OF_RANGE", "成立日期应在1900年至今天之间"));
            }
            Some(d)
        }
    };
    let address = crate::check::optional_text("address", "地址", input.address.as_deref(), TextKind::Address)?;
    let mut people = Vec::new();
    if input.entrepreneurs.as_ref().is_some_and(|l| l.len() > MAX_PEOPLE) {
        return Err(AppError::invalid("entrepreneurs", "PEOPLE_TOO_MANY", format!("企业家最多填写{MAX_PEOPLE}人")));
    }
    for (i, p) in input.entrepreneurs.iter().flatten().enumerate() {
        if p.honors.len() > MAX_HONORS {
            return Err(AppError::invalid(
                format!("entrepreneurs[{i}].honors"),
                "HONORS_TOO_MANY",
                format!("荣誉最多填写{MAX_HONORS}项"),
            ));
        }
        let name = p.name.trim();
        if name.is_empty() || name.chars().count() > TextKind::PersonName.max_chars() {
            return Err(AppError::invalid(
                format!("entrepreneurs[{i}].name"),
                "PERSON_NAME_INVALID",
                "请填写企业家姓名（不超过50字）",
            ));
        }
        let field = format!("entrepreneurs[{i}].mobile");
        let mobile = crate::check::phone(&field, "手机号码", Some(&p.mobile), PhoneRule::Mobile, false)?;
        people.push(EntrepreneurRow {
            name: name.into(),
            title: p.title.trim().into(),
            mobile,
            honors: serde_json::to_string(&p.honors).map_err(AppError::internal)?,
        });
    }
    let data = EnterpriseData {
        credit_code_warning: !code.check_ok(),
        credit_code: code.as_str().into(),
        name,
        park_id,
        chain_id: input.chain_id,
        industry_code: industry.into(),
        above_size: input.above_size.unwrap_or(false),
        land_mu,
        established_on,
        address,
    };
    Ok((data, people))
}

/// The input that would write the record as it is (the base a PATCH changes).
pub fn input_of(v: &EnterpriseView) -> EnterpriseInput {
    let r = &v.row;
    EnterpriseInput {
        credit_code: Some(r.credit_code.clone()),
        name: Some(r.name.clone()),
        park_id: Some(r.park_id),
        chain_id: r.chain_id,
        industry_code: Some(r.industry_code.clone()),
        above_size: Some(r.above_size),
        land_mu: r.land_mu.map(|m| Metric::LandMu.value_to_f64(m)),
        established_on: r.established_on.map(|d| d.to_string()),
        address: Some(r.address.clone()),
        entrepreneurs: v.entrepreneurs.as_ref().map(|people| {
            people
                .iter()
                .map(|p| PersonView {
                    name: p.name.clone(),
                    title: p.title.clone(),
                    mobile: p.mobile.clone(),
                    honors: serde_json::from_str(&p.honors).unwrap_or_default(),
                })
                .collect()
        }),
        confirm_check_character: r.credit_code_warning,
    }
}

pub(crate) fn duplicate() -> AppError {
    AppError::Conflict {
        field: "credit_code".into(),
        code: "ENTERPRISE_DUPLICATE",
        message: "该统一社会信用代码已登记，一个代码只对应一家企业".into(),
    }
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: EnterpriseInput) -> AppResult<EnterpriseView> {
    actor.require(Permission::EnterpriseWrite)?;
    let (data, people) = validate(ctx, actor, &input).await?;
    // Everything read outside the transaction is read before it: a writer holding its
    // connection must never wait for a second one.
    let year = default_year(ctx, actor).await?;
    let tx = ctx.db.begin_write().await?;
    if repo::id_by_credit_code(&*tx, actor.zone(), &data.credit_code).await?.is_some() {
        return Err(duplicate());
    }
    let id = repo::insert(&tx, actor.zone(), Some(actor.user_id), &data).await.map_err(map_dup)?;
    repo::replace_entrepreneurs(&tx, actor.zone(), id, &people).await?;
    let row = repo::get(&*tx, &actor.scope, id, year).await?.ok_or(AppError::NotFound)?;
    let mut v = view(row, year, &ctx.settings.tiers());
    v.entrepreneurs = Some(people);
    actor.audit(&tx, "create", "enterprise", id, None::<&()>, Some(&v)).await?;
    tx.commit().await?;
    Ok(v)
}

fn map_dup(e: zoneops_db::DbError) -> AppError {
    match e {
        zoneops_db::DbError::Duplicate { .. } => duplicate(),
        other => other.into(),
    }
}

pub async fn update(ctx: &Ctx, actor: &Actor, id: i64, input: EnterpriseInput) -> AppResult<EnterpriseView> {
    actor.require(Permission::EnterpriseWrite)?;
    let before = get(ctx, actor, id, None).await?;
    let (data, people) = validate(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    if repo::id_by_credit_code(&*tx, actor.zone(), &data.credit_code).await?.is_some_and(|other| other != id) {
        return Err(duplicate());
    }
    if !repo::update(&tx, &actor.scope, id, &data).await.map_err(map_dup)? {
        return Err(AppError::NotFound);
    }
    repo::replace_entrepreneurs(&tx, actor.zone(), id, &people).await?;
    let row = repo::get(&*tx, &actor.scope, id, before.year).await?.ok_or(AppError::NotFound)?;
    let mut after = view(row, before.year, &ctx.settings.tiers());
    after.entrepreneurs = Some(people);
    actor.audit(&tx, "update", "enterprise", id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn delete(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::EnterpriseDelete)?;
    let before = get(ctx, actor, id, None).await?;
    let tx = ctx.db.begin_write().await?;
    if !repo::delete(&tx, &actor.scope, id).await? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "delete", "enterprise", id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}
