//! The enterprise registry: records, entrepreneurs, indicators, tiers and tier events.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use zoneops_db::enterprise::{
    self as repo, EnterpriseData, EnterpriseFilter, EnterpriseRow, EntrepreneurRow, SortKey, TierFilter,
};
use zoneops_db::indicator::{self, IndicatorRow};
use zoneops_db::reference::{self, Dict};
use zoneops_db::{Page, PageQuery};
use zoneops_domain::Permission;
use zoneops_domain::credit_code::CreditCode;
use zoneops_domain::metric::Metric;
use zoneops_domain::money::Money;
use zoneops_domain::period::Period;
use zoneops_domain::tier::{Tier, TierThresholds};

use zoneops_domain::text::TextKind;

use crate::{Actor, AppError, AppResult, Ctx, input};

/// The list query as the API receives it (all optional; unknown parameters are ignored).
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub q: Option<String>,
    pub park: Option<i64>,
    pub chain: Option<i64>,
    pub industry: Option<String>,
    pub tier: Option<String>,
    pub year: Option<i32>,
    pub above_size: Option<bool>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EnterpriseView {
    pub id: i64,
    pub credit_code: String,
    pub credit_code_warning: bool,
    pub name: String,
    pub park_id: i64,
    pub park_name: String,
    pub chain_id: Option<i64>,
    pub chain_name: Option<String>,
    pub industry_code: String,
    pub industry_name: Option<String>,
    pub above_size: bool,
    pub land_mu: Option<f64>,
    pub established_on: Option<NaiveDate>,
    pub address: String,
    pub year: i32,
    pub sales: Option<f64>,
    pub output: Option<f64>,
    pub tier: Tier,
    pub double_baiyi: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entrepreneurs: Option<Vec<PersonView>>,
}

/// An entrepreneur as shown and as written: within the list that replaces them all, a person's
/// title, mobile and honours may be absent or `null` (nothing to say); unknown keys are refused.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonView {
    #[schema(schema_with = input::schema::person)]
    #[serde(deserialize_with = "input::person")]
    pub name: String,
    #[schema(schema_with = input::schema::opt::label)]
    #[serde(default, deserialize_with = "input::opt_or_empty::label")]
    pub title: String,
    #[schema(schema_with = input::schema::opt::phone)]
    #[serde(default, deserialize_with = "input::opt_or_empty::phone")]
    pub mobile: String,
    #[schema(schema_with = input::schema::list::label)]
    #[serde(default, deserialize_with = "input::list::label")]
    pub honors: Vec<String>,
}

fn yuan(fen: Option<i64>) -> Option<f64> {
    fen.map(|f| Money::from_fen(f).to_yuan_f64())
}

pub fn view(row: EnterpriseRow, year: i32, tiers: &TierThresholds) -> EnterpriseView {
    let sales = Money::from_fen(row.sales.unwrap_or(0));
    let output = Money::from_fen(row.output.unwrap_or(0));
    EnterpriseView {
        id: row.id,
        credit_code: row.credit_code,
        credit_code_warning: row.credit_code_warning,
        name: row.name,
        park_id: row.park_id,
        park_name: row.park_name,
        chain_id: row.chain_id,
        chain_name: row.chain_name,
        industry_code: row.industry_code,
        industry_name: row.industry_name,
        above_size: row.above_size,
        land_mu: row.land_mu.map(|v| Metric::LandMu.value_to_f64(v)),
        established_on: row.established_on,
        address: row.address,
        year,
        sales: yuan(row.sales),
        output: yuan(row.output),
        tier: tiers.classify(sales),
        double_baiyi: tiers.is_double_baiyi(sales, output),
        updated_at: row.updated_at,
        entrepreneurs: None,
    }
}

/// The default year of lists and the cockpit: the last full year (the current one is still
/// running), or the latest year with data when that is earlier.
pub async fn default_year(ctx: &Ctx, actor: &Actor) -> AppResult<i32> {
    let this_year = zoneops_domain::zone_time::year(ctx.clock.now());
    // The latest year with records changes only with a write: kept per zone until the next one
    // (a detail or list without `year` was three queries, one of them this).
    let latest = ctx
        .latest_years
        .get_or_load(actor.zone(), "latest_year", ctx.db.write_version(), || async {
            indicator::latest_year(ctx.db.conn(), actor.zone()).await.map_err(AppError::from)
        })
        .await?;
    Ok(latest.map_or(this_year - 1, |y| y.min(this_year - 1)))
}

/// 404 unless the caller's scope reaches the enterprise (before reading its child records).
async fn require_visible(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    if repo::visible(ctx.db.conn(), &actor.scope, id).await? { Ok(()) } else { Err(AppError::NotFound) }
}

pub fn check_year(year: i32) -> AppResult<i32> {
    if (1990..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(AppError::invalid("year", "YEAR_OUT_OF_RANGE", "年份应在1990–2100之间"))
    }
}

/// Parses a `tier` parameter into the filter the list and the cockpit share.
pub fn tier_filter(code: &str, tiers: &TierThresholds) -> AppResult<TierFilter> {
    let (newly, base) = match code.strip_prefix("new_") {
        Some(rest) => (true, rest),
        None => (false, code),
    };
    if base == "double_baiyi" && !newly {
        return Ok(TierFilter::DoubleAtLeast(tiers.baiyi.fen()));
    }
    let tier = Tier::parse(base).filter(|t| *t != Tier::None).ok_or_else(|| {
        AppError::invalid(
            "tier",
            "TIER_UNKNOWN",
            "梯队应为 yi、shiyi、baiyi、double_baiyi 或 new_yi、new_shiyi、new_baiyi",
        )
    })?;
    let t = tiers.min_sales(tier).fen();
    Ok(if newly { TierFilter::NewlyAtLeast(t) } else { TierFilter::AtLeast(t) })
}

pub async fn filter_from(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> AppResult<EnterpriseFilter> {
    let year = match q.year {
        Some(y) => check_year(y)?,
        None => default_year(ctx, actor).await?,
    };
    let tier =
        q.tier.as_deref().filter(|t| !t.is_empty()).map(|t| tier_filter(t, &ctx.settings.tiers())).transpose()?;
    if q.q.as_ref().is_some_and(|s| s.chars().count() > 100) {
        return Err(AppError::invalid("q", "QUERY_TOO_LONG", "搜索内容不能超过100个字符"));
    }
    Ok(EnterpriseFilter {
        q: q.q.clone(),
        park: q.park,
        chain: q.chain,
        industry: q.industry.clone(),
        above_size: q.above_size,
        year,
        tier,
    })
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> AppResult<Page<EnterpriseView>> {
    actor.require(Permission::EnterpriseRead)?;
    let filter = filter_from(ctx, actor, q).await?;
    let sort = match q.sort.as_deref().unwrap_or("id") {
        "id" => SortKey::Id,
        "name" => SortKey::Name,
        "credit_code" => SortKey::CreditCode,
        "sales" => SortKey::Sales,
        "output" => SortKey::Output,
        "established_on" => SortKey::EstablishedOn,
        _ => {
            return Err(AppError::invalid(
                "sort",
                "SORT_UNKNOWN",
                "排序字段应为 id、name、credit_code、sales、output 或 established_on",
            ));
        }
    };
    let desc = match q.order.as_deref().unwrap_or("asc") {
        "asc" => false,
        "desc" => true,
        _ => return Err(AppError::invalid("order", "ORDER_UNKNOWN", "排序方向应为 asc 或 desc")),
    };
    let page = PageQuery::new(q.page, q.page_size);
    let rows = repo::list(ctx.db.conn(), &actor.scope, &filter, sort, desc, page).await?;
    let tiers = ctx.settings.tiers();
    Ok(rows.map(|r| view(r, filter.year, &tiers)))
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: i64, year: Option<i32>) -> AppResult<EnterpriseView> {
    actor.require(Permission::EnterpriseRead)?;
    let year = match year {
        Some(y) => check_year(y)?,
        None => default_year(ctx, actor).await?,
    };
    let (row, people) = repo::detail(ctx.db.conn(), &actor.scope, id, year).await?.ok_or(AppError::NotFound)?;
    let mut v = view(row, year, &ctx.settings.tiers());
    v.entrepreneurs = Some(people.into_iter().map(person_view).collect());
    Ok(v)
}

fn person_view(p: EntrepreneurRow) -> PersonView {
    PersonView {
        name: p.name,
        title: p.title,
        mobile: p.mobile,
        honors: serde_json::from_str(&p.honors).unwrap_or_default(),
    }
}

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

/// Field-by-field validation with the field named in every error.
async fn validate(
    ctx: &Ctx,
    actor: &Actor,
    input: &EnterpriseInput,
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
    if reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Park, park_id).await?.is_none() {
        return Err(AppError::invalid("park_id", "ENTERPRISE_PARK_UNKNOWN", "所选园区不存在"));
    }
    // A park-scoped user can only place enterprises in their own parks.
    if !actor.scope.is_zone_wide() && !actor.scope.allows_park(Some(park_id)) {
        return Err(AppError::invalid("park_id", "ENTERPRISE_PARK_OUT_OF_SCOPE", "只能选择本人负责的园区"));
    }
    if let Some(chain) = input.chain_id
        && reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Chain, chain).await?.is_none()
    {
        return Err(AppError::invalid("chain_id", "ENTERPRISE_CHAIN_UNKNOWN", "所选产业链不存在"));
    }
    let industry = input.industry_code.as_deref().map(str::trim).unwrap_or("");
    if industry.is_empty() {
        return Err(AppError::invalid("industry_code", "ENTERPRISE_INDUSTRY_REQUIRED", "请选择国民经济行业"));
    }
    match reference::industry(ctx.db.conn(), industry).await? {
        Some(i) if i.level != "section" => {}
        _ => {
            return Err(AppError::invalid(
                "industry_code",
                "ENTERPRISE_INDUSTRY_UNKNOWN",
                "行业代码应为GB/T 4754-2017中的大类、中类或小类代码",
            ));
        }
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
        let mobile = p.mobile.trim();
        let valid_mobile = mobile.len() == 11 && mobile.starts_with('1') && mobile.chars().all(|c| c.is_ascii_digit());
        if !mobile.is_empty() && !valid_mobile {
            return Err(AppError::invalid(
                format!("entrepreneurs[{i}].mobile"),
                "PERSON_MOBILE_INVALID",
                "手机号码应为以1开头的11位数字",
            ));
        }
        people.push(EntrepreneurRow {
            name: name.into(),
            title: p.title.trim().into(),
            mobile: mobile.into(),
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
    EnterpriseInput {
        credit_code: Some(v.credit_code.clone()),
        name: Some(v.name.clone()),
        park_id: Some(v.park_id),
        chain_id: v.chain_id,
        industry_code: Some(v.industry_code.clone()),
        above_size: Some(v.above_size),
        land_mu: v.land_mu,
        established_on: v.established_on.map(|d| d.to_string()),
        address: Some(v.address.clone()),
        entrepreneurs: v.entrepreneurs.clone(),
        confirm_check_character: v.credit_code_warning,
    }
}

fn duplicate() -> AppError {
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
    v.entrepreneurs = Some(people.into_iter().map(person_view).collect());
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
    after.entrepreneurs = Some(people.into_iter().map(person_view).collect());
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

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
pub struct IndicatorQuery {
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub metric: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorItem {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub metric: String,
    pub period: i64,
    pub value: f64,
}

fn parse_metric(code: &str, field: &str) -> AppResult<Metric> {
    Metric::parse(code).ok_or_else(|| {
        AppError::invalid(
            field,
            "INDICATOR_METRIC_UNKNOWN",
            "指标应为 sales、output、tax、employees、rd、energy、land_mu 或 fixed_investment",
        )
    })
}

fn parse_period(key: i64, field: &str) -> AppResult<Period> {
    Period::from_key(key).map_err(|e| AppError::invalid(field, "PERIOD_INVALID", e.message_zh()))
}

fn item(r: IndicatorRow) -> Option<IndicatorItem> {
    let m = Metric::parse(&r.metric)?;
    Some(IndicatorItem { metric: r.metric, period: r.period as i64, value: m.value_to_f64(r.value) })
}

pub async fn indicators(ctx: &Ctx, actor: &Actor, id: i64, q: &IndicatorQuery) -> AppResult<Vec<IndicatorItem>> {
    actor.require(Permission::EnterpriseRead)?;
    require_visible(ctx, actor, id).await?;
    let metric = q.metric.as_deref().filter(|m| !m.is_empty()).map(|m| parse_metric(m, "metric")).transpose()?;
    let from = q.from.map(|k| parse_period(k, "from")).transpose()?;
    let to = q.to.map(|k| parse_period(k, "to")).transpose()?;
    // A year bound covers its months too: from=2021 starts at 202101, to=2021 ends at 202112.
    let lo = from.map(|p| if p.is_month() { p.key() } else { p.year() });
    let hi = to.map(|p| if p.is_month() { p.key() } else { p.year() * 100 + 12 });
    let rows = indicator::list(ctx.db.conn(), id, lo, hi, metric).await?;
    Ok(rows
        .into_iter()
        .filter(|r| lo.is_none_or(|l| r.period >= l || (r.period < 10000 && r.period * 100 + 12 >= l)))
        .filter_map(item)
        .collect())
}

pub async fn put_indicators(
    ctx: &Ctx,
    actor: &Actor,
    id: i64,
    items: Vec<IndicatorItem>,
) -> AppResult<Vec<IndicatorItem>> {
    actor.require(Permission::IndicatorWrite)?;
    if items.is_empty() {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_EMPTY", "请至少填写一项指标"));
    }
    if items.len() > 2000 {
        return Err(AppError::invalid("items", "INDICATOR_ITEMS_TOO_MANY", "一次最多提交2000项指标"));
    }
    require_visible(ctx, actor, id).await?;
    let mut parsed = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let m = parse_metric(&it.metric, &format!("items[{i}].metric"))?;
        let p = parse_period(it.period, &format!("items[{i}].period"))?;
        let v = m
            .value_from_f64(it.value)
            .map_err(|e| AppError::invalid(format!("items[{i}].value"), e.code(), e.message_zh(m)))?;
        if let Some(first) = parsed.iter().position(|(pm, pp, _)| *pm == m && *pp == p) {
            return Err(AppError::invalid(
                format!("items[{i}].period"),
                "INDICATOR_DUPLICATE",
                format!("第{}项与第{}项是同一指标的同一期间（{}），请只保留一项", i + 1, first + 1, p.key()),
            ));
        }
        parsed.push((m, p, v));
    }
    // The audit's "before" needs only the records in the range this request touches.
    let lo = parsed.iter().map(|(_, p, _)| p.key()).min();
    let hi = parsed.iter().map(|(_, p, _)| p.key()).max();
    let before = indicator::list(ctx.db.conn(), id, lo, hi, None).await?;
    let tx = ctx.db.begin_write().await?;
    indicator::upsert(&tx, actor.zone(), id, &parsed).await?;
    let changed: Vec<IndicatorItem> = parsed
        .iter()
        .map(|(m, p, v)| IndicatorItem { metric: m.code().into(), period: p.key() as i64, value: m.value_to_f64(*v) })
        .collect();
    let old: Vec<IndicatorItem> = before
        .into_iter()
        .filter(|r| parsed.iter().any(|(m, p, _)| m.code() == r.metric && p.key() == r.period))
        .filter_map(item)
        .collect();
    actor.audit(&tx, "update_indicators", "enterprise", id, Some(&old), Some(&changed)).await?;
    tx.commit().await?;
    Ok(changed)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TierYear {
    pub year: i32,
    pub sales: f64,
    pub output: f64,
    pub tier: Tier,
    pub double_baiyi: bool,
}

pub async fn tiers(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<TierYear>> {
    actor.require(Permission::EnterpriseRead)?;
    require_visible(ctx, actor, id).await?;
    let t = ctx.settings.tiers();
    Ok(indicator::years(ctx.db.conn(), id)
        .await?
        .into_iter()
        .map(|y| {
            let (s, o) = (Money::from_fen(y.sales.unwrap_or(0)), Money::from_fen(y.output.unwrap_or(0)));
            TierYear {
                year: y.year,
                sales: s.to_yuan_f64(),
                output: o.to_yuan_f64(),
                tier: t.classify(s),
                double_baiyi: t.is_double_baiyi(s, o),
            }
        })
        .collect())
}

/// One year of an enterprise's figures, each in its metric's unit, as the summary holds them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct YearFigures {
    pub year: i32,
    pub figures: std::collections::BTreeMap<&'static str, f64>,
}

pub async fn years(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<YearFigures>> {
    actor.require(Permission::EnterpriseRead)?;
    require_visible(ctx, actor, id).await?;
    Ok(indicator::years(ctx.db.conn(), id)
        .await?
        .into_iter()
        .map(|y| {
            let stored = [
                (Metric::Sales, y.sales),
                (Metric::Output, y.output),
                (Metric::Tax, y.tax),
                (Metric::Employees, y.employees),
                (Metric::Rd, y.rd),
                (Metric::Energy, y.energy),
                (Metric::LandMu, y.land_mu),
                (Metric::FixedInvestment, y.fixed_investment),
            ];
            let figures = stored.iter().filter_map(|(m, v)| v.map(|v| (m.code(), m.value_to_f64(v)))).collect();
            YearFigures { year: y.year, figures }
        })
        .collect())
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TierEvent {
    pub enterprise_id: i64,
    pub name: String,
    pub park_name: String,
    pub year: i32,
    pub from: Tier,
    pub to: Tier,
    pub sales: f64,
    pub prev_sales: Option<f64>,
}

/// Tier changes between `year - 1` and `year`, computed from the records under the thresholds
/// in force: upward moves first (by sales), then downward ones.
pub async fn tier_events(ctx: &Ctx, actor: &Actor, year: i32) -> AppResult<Vec<TierEvent>> {
    actor.require(Permission::EnterpriseRead)?;
    let year = check_year(year)?;
    let t = ctx.settings.tiers();
    let mut events: Vec<TierEvent> = indicator::year_pairs(ctx.db.conn(), &actor.scope, year)
        .await?
        .into_iter()
        .filter_map(|p| {
            let to = t.classify(Money::from_fen(p.sales.unwrap_or(0)));
            let from = t.classify(Money::from_fen(p.prev_sales.unwrap_or(0)));
            (to != from).then(|| TierEvent {
                enterprise_id: p.enterprise_id,
                name: p.name,
                park_name: p.park_name,
                year,
                from,
                to,
                sales: Money::from_fen(p.sales.unwrap_or(0)).to_yuan_f64(),
                prev_sales: yuan(p.prev_sales),
            })
        })
        .collect();
    events.sort_by(|a, b| (b.to > b.from).cmp(&(a.to > a.from)).then(b.sales.total_cmp(&a.sales)));
    Ok(events)
}
