//! Projects with one `project_stage` row per template stage (planned and actual dates), weekly
//! progress and blocking problems. Lists, counts, sums and the cockpit's figures all build on
//! [`ProjectFilter::condition`] with the caller's scope, so a drill list's total equals its figure.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{
    Asterisk, Cond, Condition, Expr, ExprTrait, Func, JoinType, LikeExpr, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::invest::ProjectCategory;
use zoneops_domain::project::ProjectStage;
use zoneops_domain::project::{STAGES, StageDates};
use zoneops_domain::scope::Scope;

use crate::reference::insert_returning_id;
use crate::util::{like_pattern, rows_with_total};
use crate::{DbResult, Page, PageQuery, WriteTx, now, scope};

#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    pub q: Option<String>,
    pub park: Option<i64>,
    pub owner: Option<i64>,
    pub enterprise: Option<i64>,
    /// The current stage: the furthest stage with an actual date.
    pub stage: Option<ProjectStage>,
    pub category: Option<ProjectCategory>,
    /// `[min, max)` investment in 分.
    pub investment: Option<(i64, Option<i64>)>,
    /// Late on this day: a planned date before it without an actual date.
    pub late_on: Option<NaiveDate>,
    pub signed: (Option<NaiveDate>, Option<NaiveDate>),
    pub started: (Option<NaiveDate>, Option<NaiveDate>),
    pub production: (Option<NaiveDate>, Option<NaiveDate>),
}

/// `EXISTS` a stage row of `p` matching `cond`.
fn stage_exists(stage: Option<ProjectStage>, cond: Condition) -> Expr {
    let mut sub = Query::select();
    sub.expr(Expr::val(1))
        .from_as("project_stage", "s")
        .and_where(Expr::col(("s", "project_id")).equals(("p", "id")))
        .cond_where(cond);
    if let Some(st) = stage {
        sub.and_where(Expr::col(("s", "stage")).eq(st.code()));
    }
    Expr::exists(sub.take())
}

fn between(col: (&'static str, &'static str), range: (Option<NaiveDate>, Option<NaiveDate>)) -> Condition {
    let mut c = Cond::all().add(Expr::col(col).is_not_null());
    if let Some(d) = range.0 {
        c = c.add(Expr::col(col).gte(d));
    }
    if let Some(d) = range.1 {
        c = c.add(Expr::col(col).lte(d));
    }
    c
}

/// Index of the furthest stage with an actual date, as SQL (the current stage).
fn current_stage_index() -> Expr {
    let mut case = Expr::case(Expr::col(("s", "stage")).eq(STAGES[0].code.code()), 0i64);
    for (i, st) in STAGES.iter().enumerate().skip(1) {
        case = case.case(Expr::col(("s", "stage")).eq(st.code.code()), i as i64);
    }
    let sub = Query::select()
        .expr(Func::max(Expr::Case(Box::new(case.finally(-1i64)))))
        .from_as("project_stage", "s")
        .and_where(Expr::col(("s", "project_id")).equals(("p", "id")))
        .and_where(Expr::col(("s", "actual_on")).is_not_null())
        .take();
    Expr::SubQuery(None, Box::new(sub.into()))
}

impl ProjectFilter {
    pub fn condition(&self, scope: &Scope) -> Condition {
        let mut c = Cond::all().add(scope::project(scope));
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let pat = like_pattern(q);
            c = c.add(Expr::expr(Func::lower(Expr::col(("p", "name")))).like(LikeExpr::new(pat).escape('\\')));
        }
        if let Some(p) = self.park {
            c = c.add(Expr::col(("p", "park_id")).eq(p));
        }
        if let Some(o) = self.owner {
            c = c.add(Expr::col(("p", "owner_id")).eq(o));
        }
        if let Some(e) = self.enterprise {
            c = c.add(Expr::col(("p", "enterprise_id")).eq(e));
        }
        if let Some(cat) = self.category {
            c = c.add(Expr::col(("p", "category")).eq(cat.code()));
        }
        if let Some((min, max)) = self.investment {
            c = c.add(Expr::col(("p", "investment")).gte(min));
            if let Some(max) = max {
                c = c.add(Expr::col(("p", "investment")).lt(max));
            }
        }
        if self.signed != (None, None) {
            c = c.add(between(("p", "signed_on"), self.signed));
        }
        if self.started != (None, None) {
            c = c.add(stage_exists(Some(ProjectStage::Started), between(("s", "actual_on"), self.started)));
        }
        if self.production != (None, None) {
            c = c.add(stage_exists(Some(ProjectStage::Production), between(("s", "actual_on"), self.production)));
        }
        if let Some(today) = self.late_on {
            c = c.add(stage_exists(None, late_condition(today)));
        }
        if let Some(stage) = self.stage {
            c = c.add(current_stage_index().eq(stage.index() as i64));
        }
        c
    }
}

fn late_condition(today: NaiveDate) -> Condition {
    Cond::all().add(Expr::col(("s", "actual_on")).is_null()).add(Expr::col(("s", "planned_on")).lt(today))
}

/// A project as stored and as the API shows it (the answer embeds it).
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct ProjectRow {
    pub id: i64,
    pub name: String,
    pub lead_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub enterprise: Option<String>,
    pub park_id: i64,
    pub park: String,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub chain_id: Option<i64>,
    pub chain: Option<String>,
    pub category: String,
    /// 元 (kept in 分).
    #[serde(serialize_with = "crate::shown::yuan")]
    #[schema(value_type = f64)]
    pub investment: i64,
    pub signed_on: NaiveDate,
    pub notes: String,
    pub open_problems: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn select_rows() -> SelectStatement {
    let open = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from_as("project_problem", "pp")
        .and_where(Expr::col(("pp", "project_id")).equals(("p", "id")))
        .and_where(Expr::col(("pp", "status")).eq("open"))
        .take();
    let mut q = Query::select();
    q.columns([
        ("p", "id"),
        ("p", "name"),
        ("p", "lead_id"),
        ("p", "enterprise_id"),
        ("p", "park_id"),
        ("p", "owner_id"),
        ("p", "chain_id"),
        ("p", "category"),
        ("p", "investment"),
        ("p", "signed_on"),
        ("p", "notes"),
        ("p", "created_at"),
        ("p", "updated_at"),
    ])
    .expr_as(Expr::col(("e", "name")), "enterprise")
    .expr_as(Expr::col(("pk", "name")), "park")
    .expr_as(Expr::col(("u", "display_name")), "owner")
    .expr_as(Expr::col(("c", "name")), "chain")
    .expr_as(Expr::SubQuery(None, Box::new(open.into())), "open_problems")
    .from_as("project", "p")
    .join_as(JoinType::LeftJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("p", "enterprise_id")))
    .join_as(JoinType::InnerJoin, "park", "pk", Expr::col(("pk", "id")).equals(("p", "park_id")))
    .join_as(JoinType::LeftJoin, "app_user", "u", Expr::col(("u", "id")).equals(("p", "owner_id")))
    .join_as(JoinType::LeftJoin, "chain", "c", Expr::col(("c", "id")).equals(("p", "chain_id")));
    q
}

fn rows(rows: Vec<sea_orm::QueryResult>) -> DbResult<Vec<ProjectRow>> {
    Ok(rows.iter().map(|r| ProjectRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectSort {
    SignedOn,
    Investment,
    Name,
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &ProjectFilter,
    sort: ProjectSort,
    desc: bool,
    page: PageQuery,
) -> DbResult<Page<ProjectRow>> {
    // Only the count: summing the investment would read every matching row, not just the index.
    let count = || {
        Query::select().expr(Expr::col(Asterisk).count()).from_as("project", "p").cond_where(f.condition(scope)).take()
    };
    let mut q = select_rows();
    q.cond_where(f.condition(scope));
    let order = if desc { Order::Desc } else { Order::Asc };
    let col = match sort {
        ProjectSort::SignedOn => "signed_on",
        ProjectSort::Investment => "investment",
        ProjectSort::Name => "name",
    };
    q.order_by(("p", col), order.clone()).order_by(("p", "id"), order).limit(page.page_size).offset(page.offset());
    let (found, total) = rows_with_total(db, q, count, page.offset()).await?;
    Ok(Page { items: rows(found)?, total, page: page.page, page_size: page.page_size })
}

/// How many projects the filter matches and their total investment (分).
pub async fn count_and_sum(db: &impl ConnectionTrait, scope: &Scope, f: &ProjectFilter) -> DbResult<(u64, i128)> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .expr(crate::util::sum_high(Expr::col(("p", "investment"))))
        .expr(crate::util::sum_low(Expr::col(("p", "investment"))))
        .from_as("project", "p")
        .cond_where(f.condition(scope))
        .take();
    let row = db.query_one(&q).await?;
    let n: i64 = row.as_ref().map(|r| r.try_get_by_index(0)).transpose()?.unwrap_or(0);
    let high: Option<i64> = row.as_ref().map(|r| r.try_get_by_index(1)).transpose()?.flatten();
    let low: Option<i64> = row.as_ref().map(|r| r.try_get_by_index(2)).transpose()?.flatten();
    Ok((u64::try_from(n).unwrap_or(0), crate::util::exact_sum(high, low).unwrap_or(0)))
}

pub async fn get(db: &impl ConnectionTrait, scope: &Scope, id: i64) -> DbResult<Option<ProjectRow>> {
    let mut q = select_rows();
    q.cond_where(scope::project(scope)).and_where(Expr::col(("p", "id")).eq(id));
    Ok(rows(db.query_all(&q).await?)?.pop())
}

/// Stage dates of these projects in template order (the caller read the projects in scope).
pub async fn stages(db: &impl ConnectionTrait, ids: &[i64]) -> DbResult<Vec<(i64, [StageDates; 8])>> {
    let mut out: Vec<(i64, [StageDates; 8])> = ids.iter().map(|id| (*id, [StageDates::default(); 8])).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    let q = Query::select()
        .columns(["project_id", "stage", "planned_on", "actual_on"])
        .from("project_stage")
        .and_where(Expr::col("project_id").is_in(ids.to_vec()))
        .take();
    for r in db.query_all(&q).await? {
        let pid: i64 = r.try_get_by_index(0)?;
        let stage: String = r.try_get_by_index(1)?;
        let Some(i) = zoneops_domain::project::stage_index(&stage) else { continue };
        if let Some(slot) = out.iter_mut().find(|(id, _)| *id == pid) {
            slot.1[i] = StageDates { planned: r.try_get_by_index(2)?, actual: r.try_get_by_index(3)? };
        }
    }
    Ok(out)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ProjectData {
    pub name: String,
    pub lead_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub park_id: i64,
    pub owner_id: Option<i64>,
    pub chain_id: Option<i64>,
    pub category: ProjectCategory,
    /// 分, shown in 元 like the row's (audit snapshots show money as the API does).
    #[serde(serialize_with = "crate::shown::yuan")]
    #[schema(value_type = f64)]
    pub investment: i64,
    pub signed_on: NaiveDate,
    pub notes: String,
}

pub async fn insert(tx: &WriteTx, zone: i64, d: &ProjectData, stages: &[StageDates; 8]) -> DbResult<i64> {
    let id = insert_row(tx, zone, d).await?;
    tx.execute(&stage_insert(zone, &[(id, *stages)])).await?;
    Ok(id)
}

/// The project row alone; its stage rows follow with [`stage_insert`] in the same transaction.
pub async fn insert_row(tx: &WriteTx, zone: i64, d: &ProjectData) -> DbResult<i64> {
    let t = now();
    let q = Query::insert()
        .into_table("project")
        .columns([
            "zone_id",
            "name",
            "lead_id",
            "enterprise_id",
            "park_id",
            "owner_id",
            "chain_id",
            "category",
            "investment",
            "signed_on",
            "notes",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            zone.into(),
            d.name.clone().into(),
            d.lead_id.into(),
            d.enterprise_id.into(),
            d.park_id.into(),
            d.owner_id.into(),
            d.chain_id.into(),
            d.category.code().into(),
            d.investment.into(),
            d.signed_on.into(),
            d.notes.clone().into(),
            t.into(),
            t.into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

/// One INSERT of the stage rows of several projects (the demo loader batches them).
pub fn stage_insert(zone: i64, projects: &[(i64, [StageDates; 8])]) -> sea_orm::sea_query::InsertStatement {
    let mut q = Query::insert();
    q.into_table("project_stage").columns(["project_id", "stage", "zone_id", "planned_on", "actual_on"]);
    for (id, stages) in projects {
        for (st, d) in STAGES.iter().zip(stages) {
            q.values_panic([(*id).into(), st.code.code().into(), zone.into(), d.planned.into(), d.actual.into()]);
        }
    }
    q
}

pub async fn update(tx: &WriteTx, zone: i64, id: i64, d: &ProjectData) -> DbResult<bool> {
    let q = Query::update()
        .table("project")
        .value("name", d.name.clone())
        .value("enterprise_id", d.enterprise_id)
        .value("park_id", d.park_id)
        .value("owner_id", d.owner_id)
        .value("chain_id", d.chain_id)
        .value("category", d.category.code())
        .value("investment", d.investment)
        .value("signed_on", d.signed_on)
        .value("notes", d.notes.clone())
        .value("updated_at", now())
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

pub async fn set_stage(tx: &WriteTx, zone: i64, id: i64, stage: ProjectStage, d: StageDates) -> DbResult<()> {
    let q = Query::update()
        .table("project_stage")
        .value("planned_on", d.planned)
        .value("actual_on", d.actual)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("project_id").eq(id))
        .and_where(Expr::col("stage").eq(stage.code()))
        .take();
    tx.execute(&q).await?;
    let touch = Query::update()
        .table("project")
        .value("updated_at", now())
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    tx.execute(&touch).await?;
    Ok(())
}

pub async fn delete(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("project")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

/// The project of a lead, whatever the caller's scope (to refuse a second one).
pub async fn id_by_lead(db: &impl ConnectionTrait, zone: i64, lead: i64) -> DbResult<Option<i64>> {
    let q = Query::select()
        .column("id")
        .from("project")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("lead_id").eq(lead))
        .take();
    Ok(db.query_one(&q).await?.map(|r| r.try_get_by_index(0)).transpose()?)
}

/// How many of the filtered projects reached each stage (an actual date), template order.
pub async fn funnel(db: &impl ConnectionTrait, scope: &Scope, f: &ProjectFilter) -> DbResult<Vec<(String, i64)>> {
    let q = Query::select()
        .column(("s", "stage"))
        .expr(Expr::col(Asterisk).count())
        .from_as("project_stage", "s")
        .join_as(JoinType::InnerJoin, "project", "p", Expr::col(("p", "id")).equals(("s", "project_id")))
        .and_where(Expr::col(("s", "actual_on")).is_not_null())
        .cond_where(f.condition(scope))
        .group_by_col(("s", "stage"))
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?));
    }
    Ok(out)
}

/// Count and investment of the filtered projects per signing month (`YYYY-MM`).
pub async fn monthly_signed(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &ProjectFilter,
) -> DbResult<Vec<(String, i64, i128)>> {
    // Literal arguments: bound parameters would make PostgreSQL see the SELECT and GROUP BY
    // expressions as different.
    let month = Expr::cust(r#"SUBSTR(CAST("p"."signed_on" AS TEXT), 1, 7)"#);
    let q = Query::select()
        .expr(month.clone())
        .expr(Expr::col(Asterisk).count())
        .expr(crate::util::sum_high(Expr::col(("p", "investment"))))
        .expr(crate::util::sum_low(Expr::col(("p", "investment"))))
        .from_as("project", "p")
        .cond_where(f.condition(scope))
        .add_group_by([month.clone()])
        .order_by_expr(month, Order::Asc)
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        let sum = crate::util::exact_sum(r.try_get_by_index(2)?, r.try_get_by_index(3)?).unwrap_or(0);
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, sum));
    }
    Ok(out)
}

/// Signed count and amount grouped by park or owner over projects matching `f`, **without**
/// the caller's scope when `scope` is None (the published park leaderboard, decision 0007).
pub async fn signed_by(
    db: &impl ConnectionTrait,
    zone: i64,
    scope: Option<&Scope>,
    f: &ProjectFilter,
    by_owner: bool,
) -> DbResult<Vec<(i64, i64, i128)>> {
    let key = if by_owner { "owner_id" } else { "park_id" };
    let cond = match scope {
        Some(s) => f.condition(s),
        None => {
            let everyone = Scope { zone, user: 0, reach: zoneops_domain::scope::Reach::Zone };
            f.condition(&everyone)
        }
    };
    let q = Query::select()
        .column(("p", key))
        .expr(Expr::col(Asterisk).count())
        .expr(crate::util::sum_high(Expr::col(("p", "investment"))))
        .expr(crate::util::sum_low(Expr::col(("p", "investment"))))
        .from_as("project", "p")
        .cond_where(cond)
        .and_where(Expr::col(("p", key)).is_not_null())
        .group_by_col(("p", key))
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        let sum = crate::util::exact_sum(r.try_get_by_index(2)?, r.try_get_by_index(3)?).unwrap_or(0);
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, sum));
    }
    Ok(out)
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct ProgressRow {
    pub id: i64,
    pub week: NaiveDate,
    pub done: String,
    pub blockers: String,
    pub author: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct ProblemRow {
    pub id: i64,
    pub title: String,
    pub detail: String,
    pub status: String,
    pub raised_on: NaiveDate,
    pub solved_on: Option<NaiveDate>,
    pub author: String,
}

pub async fn progress(db: &impl ConnectionTrait, zone: i64, project: i64) -> DbResult<Vec<ProgressRow>> {
    let q = Query::select()
        .columns(["id", "week", "done", "blockers", "author", "at"])
        .from("project_progress")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("project_id").eq(project))
        .order_by("week", Order::Desc)
        .order_by("id", Order::Desc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| ProgressRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub struct Author<'a> {
    pub id: Option<i64>,
    pub name: &'a str,
}

pub async fn insert_progress(
    tx: &WriteTx,
    zone: i64,
    project: i64,
    week: NaiveDate,
    done: &str,
    blockers: &str,
    author: &Author<'_>,
) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("project_progress")
        .columns(["zone_id", "project_id", "week", "done", "blockers", "author_id", "author", "at"])
        .values_panic([
            zone.into(),
            project.into(),
            week.into(),
            done.into(),
            blockers.into(),
            author.id.into(),
            author.name.into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn problems(db: &impl ConnectionTrait, zone: i64, project: i64) -> DbResult<Vec<ProblemRow>> {
    let q = Query::select()
        .columns(["id", "title", "detail", "status", "raised_on", "solved_on", "author"])
        .from("project_problem")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("project_id").eq(project))
        .order_by("id", Order::Desc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| ProblemRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn insert_problem(
    tx: &WriteTx,
    zone: i64,
    project: i64,
    title: &str,
    detail: &str,
    raised_on: NaiveDate,
    author: &Author<'_>,
) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("project_problem")
        .columns(["zone_id", "project_id", "title", "detail", "status", "raised_on", "author_id", "author", "at"])
        .values_panic([
            zone.into(),
            project.into(),
            title.into(),
            detail.into(),
            "open".into(),
            raised_on.into(),
            author.id.into(),
            author.name.into(),
            now().into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn set_problem_status(
    tx: &WriteTx,
    zone: i64,
    project: i64,
    problem: i64,
    status: &str,
    solved_on: Option<NaiveDate>,
) -> DbResult<bool> {
    let q = Query::update()
        .table("project_problem")
        .value("status", status)
        .value("solved_on", solved_on)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("project_id").eq(project))
        .and_where(Expr::col("id").eq(problem))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}
