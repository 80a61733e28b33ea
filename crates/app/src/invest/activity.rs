//! Investment activities (trips out, receptions, meetings) and their per-day rates.

use crate::check::{self, today};
use crate::{Actor, AppError, AppResult, Ctx, input};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zoneops_db::activity::{self as act_repo, ActivityData, ActivityFilter, ActivityRow, StatsGroup};
use zoneops_db::lead::{self as repo};
use zoneops_db::{Page, PageQuery};
use zoneops_domain::Permission;
use zoneops_domain::invest::days_inclusive;
use zoneops_domain::scope::Reach;
use zoneops_domain::text::TextKind;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Activity {
    #[serde(flatten)]
    pub row: ActivityRow,
    pub days: i64,
    pub leads: Vec<Named>,
    pub enterprises: Vec<Named>,
}

async fn activity_views(ctx: &Ctx, actor: &Actor, rows: Vec<ActivityRow>) -> AppResult<Vec<Activity>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links = act_repo::links(ctx.db.conn(), &actor.scope, &ids).await?;
    let named = |of: &[(i64, i64, String)], id: i64| {
        of.iter().filter(|l| l.0 == id).map(|l| Named { id: l.1, name: l.2.clone() }).collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| Activity {
            days: days_inclusive(r.start_on, r.end_on),
            leads: named(&links.leads, r.id),
            enterprises: named(&links.enterprises, r.id),
            row: r,
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
        Some(k) => Some(check::pick("kind", "活动类型", Some(k))?),
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
    actor.require(Permission::LeadRead)?;
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
    actor.require(Permission::LeadRead)?;
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
    actor.require(Permission::LeadRead)?;
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
        kind: check::pick("kind", "活动类型", i.kind.as_deref())?,
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
    actor.require(Permission::LeadWrite)?;
    let data = validate_activity(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    let id = act_repo::insert(&tx, actor.zone(), &data).await?;
    actor.audit(&tx, "create", "activity", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    get_activity(ctx, actor, id).await
}

pub async fn update_activity(ctx: &Ctx, actor: &Actor, id: i64, input: ActivityInput) -> AppResult<Activity> {
    actor.require(Permission::LeadWrite)?;
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
    actor.require(Permission::LeadWrite)?;
    let before = act_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    act_repo::delete(&tx, actor.zone(), id).await?;
    actor.audit(&tx, "delete", "activity", id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}
