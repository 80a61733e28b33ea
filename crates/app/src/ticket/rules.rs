//! The desk's rules: routing, service-level policies and the working calendar.

use crate::check::{self};
use crate::ticket_category::Categories;
use crate::{Actor, AppError, AppResult, Ctx, input};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use zoneops_db::reference::{self, Dict};
use zoneops_db::ticket::{self as repo};
use zoneops_db::ticket_sla::Affected;
use zoneops_domain::Permission;
use zoneops_domain::calendar::{CalendarError, CalendarYear, Holiday};
use zoneops_domain::sla::{Limit, Policy};
use zoneops_domain::ticket::Priority;

use super::*;

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingRule {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub category: String,
    pub department_id: i64,
}

pub async fn routing(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<RoutingRule>> {
    if !actor.can(Permission::TicketRead) && !actor.can(Permission::TicketDispatch) {
        return Err(AppError::Forbidden);
    }
    Ok(repo::routing(ctx.db.conn(), actor.zone())
        .await?
        .into_iter()
        .map(|(category, department_id)| RoutingRule { category, department_id })
        .collect())
}

/// The whole list of a rule set, replaced by a PUT: `items` is required (`[]` empties it), so a
/// body of `{}` or a misspelt key is a 422, never an emptied list.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Items<T> {
    // In place: utoipa's generic derive would name the item type without registering it.
    #[schema(inline)]
    pub items: Vec<T>,
}

impl<T> input::Replace for Items<T> {}

pub async fn set_routing(ctx: &Ctx, actor: &Actor, input: Items<RoutingRule>) -> AppResult<Vec<RoutingRule>> {
    actor.require(Permission::TicketDispatch)?;
    let items = input.items;
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let mut rows = Vec::new();
    for r in &items {
        cats.known("items", "问题类别", Some(&r.category))?;
        if reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Department, r.department_id).await?.is_none() {
            return Err(AppError::invalid("items", "DEPARTMENT_UNKNOWN", "所选部门不存在"));
        }
        if rows.iter().any(|(c, _): &(String, i64)| *c == r.category) {
            return Err(AppError::invalid("items", "ROUTING_DUPLICATE", "每个类别只能设置一个承办部门"));
        }
        rows.push((r.category.clone(), r.department_id));
    }
    let before = repo::routing(ctx.db.conn(), actor.zone()).await?;
    let tx = ctx.db.begin_write().await?;
    repo::set_routing(&tx, actor.zone(), &rows).await?;
    actor.audit(&tx, "update", "ticket_routing", actor.zone(), Some(&before), Some(&rows)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    routing(ctx, actor).await
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PolicyRow {
    pub category: String,
    pub priority: String,
    #[serde(flatten)]
    pub policy: Policy,
}

/// The zone's policies, or the defaults (one per priority for any category) when it set none.
pub async fn list_policies(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<PolicyRow>> {
    if !actor.can(Permission::TicketRead) && !actor.can(Permission::TicketDispatch) {
        return Err(AppError::Forbidden);
    }
    let p = policies(ctx.db.conn(), actor.zone()).await?;
    if p.rows.is_empty() {
        return Ok(Priority::ALL
            .iter()
            .map(|&pr| PolicyRow { category: "*".into(), priority: pr.code().into(), policy: default_policy(pr) })
            .collect());
    }
    Ok(p.rows.into_iter().map(|(category, priority, policy)| PolicyRow { category, priority, policy }).collect())
}

/// One policy as a PUT writes it: the fields of [`PolicyRow`], each required, no other key.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub category: String,
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub priority: String,
    /// From receipt to dispatch (decision 0035); absent: the priority's default (紧急 1, 较急 2,
    /// 一般 4 working hours), so a client that predates it keeps working.
    #[serde(default)]
    pub dispatch: Option<Limit>,
    pub answer: Limit,
    pub resolve: Limit,
    pub remind_before: Limit,
    pub notice_after_working_days: u32,
}

pub async fn set_policies(ctx: &Ctx, actor: &Actor, input: Items<PolicyInput>) -> AppResult<Vec<PolicyRow>> {
    actor.require(Permission::TicketDispatch)?;
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let mut parsed = Vec::new();
    let mut rows = Vec::new();
    for (i, r) in input.items.into_iter().enumerate() {
        let default_dispatch = Priority::parse(&r.priority).map_or_else(Policy::default, default_policy).dispatch;
        let r = PolicyRow {
            category: r.category,
            priority: r.priority,
            policy: Policy {
                dispatch: r.dispatch.unwrap_or(default_dispatch),
                answer: r.answer,
                resolve: r.resolve,
                remind_before: r.remind_before,
                notice_after_working_days: r.notice_after_working_days,
            },
        };
        if r.policy.notice_after_working_days > 1000 {
            return Err(AppError::invalid(
                format!("items[{i}].notice_after_working_days"),
                "LIMIT_INVALID",
                "通报时限应在0至1000个工作日之间",
            ));
        }
        if r.category != "*" {
            cats.known("items", "问题类别", Some(&r.category))?;
        }
        check::pick::<Priority>("items", "紧急程度", Some(&r.priority))?;
        for l in [r.policy.dispatch, r.policy.answer, r.policy.resolve, r.policy.remind_before] {
            if l.amount > 1000 {
                return Err(AppError::invalid("items", "LIMIT_INVALID", "时限应在0至1000个工作日（或工作小时）之间"));
            }
        }
        if rows.iter().any(|(c, p, _): &(String, String, String)| *c == r.category && *p == r.priority) {
            return Err(AppError::invalid("items", "POLICY_DUPLICATE", "同一类别和紧急程度只能有一条时限规则"));
        }
        parsed.push((r.category.clone(), r.priority.clone(), r.policy));
        rows.push((r.category, r.priority, serde_json::to_string(&r.policy).map_err(AppError::internal)?));
    }
    // The tickets whose policy changes get their SLA columns again in the same transaction.
    let old = Clock::load_from(ctx.db.conn(), actor.zone()).await?.rules;
    let new = Policies { rows: parsed };
    let changed: Vec<(String, String)> = zoneops_db::ticket_sla::pairs(ctx.db.conn(), actor.zone())
        .await?
        .into_iter()
        .filter(|(c, p)| old.policies.for_ticket(c, p) != new.for_ticket(c, p))
        .collect();
    let clock =
        Clock::with_rules(ClockRules { calendar: old.calendar.clone(), hours: old.hours.clone(), policies: new });
    let tx = ctx.db.begin_write().await?;
    repo::set_policies(&tx, actor.zone(), &rows).await?;
    let n = crate::ticket_sla::recompute(&tx, &clock, actor.zone(), &Affected::Pairs(changed)).await?;
    let after = serde_json::json!({"policies": &rows, "tickets_recomputed": n});
    actor.audit(&tx, "update", "sla_policy", actor.zone(), None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    list_policies(ctx, actor).await
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarYearView {
    pub year: Option<i32>,
    pub holidays: Vec<NaiveDate>,
    pub workdays: Vec<NaiveDate>,
}

/// The year comes from the path; a body may repeat it.
impl input::Replace for CalendarYearView {
    const MAY_OMIT: &'static [&'static str] = &["year"];
}

pub async fn calendar_year(ctx: &Ctx, actor: &Actor, year: i32) -> AppResult<CalendarYearView> {
    if !actor.can(Permission::TicketRead) && !actor.can(Permission::TicketDispatch) {
        return Err(AppError::Forbidden);
    }
    let cal = calendar(ctx, actor.zone()).await?;
    Ok(match cal.year(year) {
        Some(y) => CalendarYearView {
            year: Some(year),
            holidays: y.holidays.iter().map(|h| h.date).collect(),
            workdays: y.workdays.clone(),
        },
        // A year without data: Monday–Friday.
        None => CalendarYearView { year: Some(year), holidays: vec![], workdays: vec![] },
    })
}

/// A year the calendar refuses, as a 422 on the entry that is wrong (`holidays[i]` or
/// `workdays[i]`, the index in the body), in Chinese.
fn calendar_error(input: &CalendarYearView, e: &CalendarError) -> AppError {
    // The entry of `date`: the last one in a list (a repeat is the second mention), make-up
    // working days first (a day in both lists is wrong as a working day).
    let entry = |date: NaiveDate| {
        let at = |list: &[NaiveDate]| list.iter().rposition(|d| *d == date);
        match (at(&input.workdays), at(&input.holidays)) {
            (Some(i), _) => format!("workdays[{i}]"),
            (None, Some(i)) => format!("holidays[{i}]"),
            (None, None) => "holidays".to_owned(),
        }
    };
    let (field, message) = match *e {
        CalendarError::OutsideYear { year, date } => {
            (entry(date), format!("{date}不属于{year}年的日历：一年的日历只能包含该年及相邻年份的日期"))
        }
        CalendarError::Duplicate { date, .. } => (entry(date), format!("{date}重复列出")),
        CalendarError::HolidayAndWorkday { date, .. } => (entry(date), format!("{date}不能既是节假日又是调休上班日")),
        CalendarError::WorkdayOnWeekday { date, .. } => {
            (entry(date), format!("调休上班日{date}不是星期六或星期日：只有周末才能调休上班"))
        }
        CalendarError::InTwoYears { date, other, .. } => {
            (entry(date), format!("{date}已列入{other}年的日历，不能同时列入本年"))
        }
        CalendarError::Json(_) | CalendarError::NoYears | CalendarError::BadYear(_) => {
            ("holidays".to_owned(), "日历数据格式不正确".to_owned())
        }
    };
    AppError::Invalid { field, code: "CALENDAR_INVALID", message, params: serde_json::Value::Null }
}

pub async fn set_calendar_year(
    ctx: &Ctx,
    actor: &Actor,
    year: i32,
    input: CalendarYearView,
) -> AppResult<CalendarYearView> {
    actor.require(Permission::TicketDispatch)?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", "YEAR_OUT_OF_RANGE", "年份应在2000–2100之间"));
    }
    let data = CalendarYear {
        holidays: input.holidays.iter().map(|d| Holiday { date: *d, name: String::new() }).collect(),
        workdays: input.workdays.clone(),
    };
    // Checked against the other years too (a date may not belong to two years).
    let mut cal = calendar(ctx, actor.zone()).await?;
    cal.set_year(year, data).map_err(|e| calendar_error(&input, &e))?;
    let old = Clock::load_from(ctx.db.conn(), actor.zone()).await?.rules;
    let clock =
        Clock::with_rules(ClockRules { calendar: cal, hours: old.hours.clone(), policies: old.policies.clone() });
    // Clocks that may have run in the year (a day's margin for the zone's time offset).
    let from = NaiveDate::from_ymd_opt(year, 1, 1).map(day_start_utc).unwrap_or_default() - Duration::days(1);
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).map(day_start_utc).unwrap_or_default() + Duration::days(1);
    let tx = ctx.db.begin_write().await?;
    repo::set_calendar_year(&tx, actor.zone(), year, &input.holidays, &input.workdays).await?;
    crate::ticket_sla::recompute(&tx, &clock, actor.zone(), &Affected::RunningBetween(from, to)).await?;
    actor.audit(&tx, "update", "calendar", year, None::<&()>, Some(&input)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    calendar_year(ctx, actor, year).await
}
