//! Targets per person or park and period, with actuals computed from the records.

use crate::check::{self};
use crate::{Actor, AppError, AppResult, Ctx, input};
use serde::{Deserialize, Serialize};
use zoneops_db::PageQuery;
use zoneops_db::activity::{self as act_repo, ActivityFilter, StatsGroup};
use zoneops_db::lead::{self as repo, LeadFilter, LeadSort};
use zoneops_db::project::{self as project_repo, ProjectFilter};
use zoneops_db::target::{self as target_repo, TargetData, TargetRow};
use zoneops_domain::Permission;
use zoneops_domain::invest::TargetPeriod;
use zoneops_domain::scope::{Reach, Scope};

use super::*;

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
    #[serde(flatten)]
    pub row: TargetRow,
    /// The person of a personal target.
    pub user_id: Option<i64>,
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
    Ok(Target {
        rate: Rates {
            signed_count: rate(actual.signed_count as f64, t.signed_count as f64),
            signed_amount: rate(actual.signed_amount, yuan(t.signed_amount)),
            trips: rate(actual.trips as f64, t.trips as f64),
            receptions: rate(actual.receptions as f64, t.receptions as f64),
        },
        actual,
        user_id: (t.subject == "user").then_some(t.subject_id),
        row: t,
    })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct TargetQuery {
    pub period: Option<String>,
    pub subject: Option<String>,
}

pub(super) fn subject(field: &str, v: Option<&str>) -> AppResult<String> {
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
    actor.require(Permission::LeadRead)?;
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
    actor.require(Permission::TargetWrite)?;
    let data = validate_target(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    let id = target_repo::insert(&tx, actor.zone(), &data).await.map_err(|e| duplicate_target(e.into()))?;
    actor.audit(&tx, "create", "invest_target", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    let row = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    target_view(ctx, actor.zone(), row).await
}

pub async fn update_target(ctx: &Ctx, actor: &Actor, id: i64, input: TargetInput) -> AppResult<Target> {
    actor.require(Permission::TargetWrite)?;
    let before = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let data = validate_target(ctx, actor, &input).await?;
    let tx = ctx.db.begin_write().await?;
    if !target_repo::update(&tx, actor.zone(), id, &data).await.map_err(|e| duplicate_target(e.into()))? {
        return Err(AppError::NotFound);
    }
    actor.audit(&tx, "update", "invest_target", id, Some(&TargetData::from(&before)), Some(&data)).await?;
    tx.commit().await?;
    let row = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    target_view(ctx, actor.zone(), row).await
}

pub async fn delete_target(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::TargetWrite)?;
    let before = target_repo::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    target_repo::delete(&tx, actor.zone(), id).await?;
    actor.audit(&tx, "delete", "invest_target", id, Some(&TargetData::from(&before)), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}
