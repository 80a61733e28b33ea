//! The enterprise registry: records, entrepreneurs, indicators, tiers and tier events.

mod dossier;
mod edit;
mod figures;
mod grid;

pub use dossier::*;
pub use edit::*;
pub use figures::*;
pub use grid::*;

use serde::{Deserialize, Serialize};
use zoneops_db::enterprise::{self as repo, EnterpriseFilter, EnterpriseRow, EntrepreneurRow, SortKey, TierFilter};
use zoneops_db::indicator;
use zoneops_db::{Page, PageQuery};
use zoneops_domain::Permission;
use zoneops_domain::money::Money;
use zoneops_domain::tier::{Tier, TierThresholds};

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
    #[serde(flatten)]
    pub row: EnterpriseRow,
    /// The year of the figures.
    pub year: i32,
    pub tier: Tier,
    pub double_baiyi: bool,
    /// The detail's entrepreneurs (absent from a list; the detail has the list, maybe empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<EntrepreneurRow>)]
    pub entrepreneurs: Option<Vec<EntrepreneurRow>>,
}

/// An entrepreneur as written: within the list that replaces them all, a person's
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

pub fn view(row: EnterpriseRow, year: i32, tiers: &TierThresholds) -> EnterpriseView {
    let sales = Money::from_fen(row.sales.unwrap_or(0));
    let output = Money::from_fen(row.output.unwrap_or(0));
    EnterpriseView {
        year,
        tier: tiers.classify(sales),
        double_baiyi: tiers.is_double_baiyi(sales, output),
        row,
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
    v.entrepreneurs = Some(people);
    Ok(v)
}
