//! Cadres' visits to enterprises (走访) and the linkages (三重挂钩) they follow. A visit is readable
//! by its cadre and by whoever may read its enterprise ([`scope::enterprise`]).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Asterisk, Cond, Condition, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::scope::Scope;

use crate::reference::insert_returning_id;
use crate::util::rows_with_total;
use crate::{DbResult, Page, PageQuery, WriteTx, scope};

#[derive(Clone, Debug, Default)]
pub struct VisitFilter {
    pub enterprise: Option<i64>,
    pub cadre: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub park: Option<i64>,
}

impl VisitFilter {
    pub fn condition(&self, scope: &Scope) -> Condition {
        let mut c = Cond::all()
            .add(Expr::col(("v", "zone_id")).eq(scope.zone))
            .add(Cond::any().add(Expr::col(("v", "cadre_id")).eq(scope.user)).add(scope::enterprise(scope)));
        if let Some(e) = self.enterprise {
            c = c.add(Expr::col(("v", "enterprise_id")).eq(e));
        }
        if let Some(u) = self.cadre {
            c = c.add(Expr::col(("v", "cadre_id")).eq(u));
        }
        if let Some(d) = self.from {
            c = c.add(Expr::col(("v", "visited_on")).gte(d));
        }
        if let Some(d) = self.to {
            c = c.add(Expr::col(("v", "visited_on")).lte(d));
        }
        if let Some(p) = self.park {
            c = c.add(Expr::col(("e", "park_id")).eq(p));
        }
        c
    }
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct VisitRow {
    pub id: i64,
    pub cadre_id: i64,
    pub cadre: String,
    pub enterprise_id: i64,
    pub enterprise: String,
    pub project_id: Option<i64>,
    pub visited_on: NaiveDate,
    /// When the visit was made, if the cadre said (visits recorded before only have the day).
    pub visited_at: Option<DateTime<Utc>>,
    /// Why it was recorded more than a few days after it was made.
    pub late_reason: Option<String>,
    pub people_met: String,
    pub findings: String,
    pub ticket_id: Option<i64>,
    /// The number of the ticket the visit filed (what people quote), with its id.
    pub ticket_no: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The photos taken on the visit (without their bytes), oldest first.
    #[sea_orm(skip)]
    pub photos: Vec<crate::visit_photo::VisitPhotoRow>,
}

fn select_rows() -> SelectStatement {
    let mut q = Query::select();
    q.columns([
        ("v", "id"),
        ("v", "cadre_id"),
        ("v", "enterprise_id"),
        ("v", "project_id"),
        ("v", "visited_on"),
        ("v", "visited_at"),
        ("v", "late_reason"),
        ("v", "people_met"),
        ("v", "findings"),
        ("v", "ticket_id"),
        ("v", "created_at"),
    ])
    .expr_as(Expr::col(("u", "display_name")), "cadre")
    .expr_as(Expr::col(("e", "name")), "enterprise")
    .expr_as(Expr::col(("t", "no")), "ticket_no")
    .from_as("visit", "v")
    .join_as(JoinType::InnerJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("v", "enterprise_id")))
    .join_as(JoinType::InnerJoin, "app_user", "u", Expr::col(("u", "id")).equals(("v", "cadre_id")))
    .join_as(JoinType::LeftJoin, "ticket", "t", Expr::col(("t", "id")).equals(("v", "ticket_id")));
    q
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &VisitFilter,
    page: PageQuery,
) -> DbResult<Page<VisitRow>> {
    let count = || {
        Query::select()
            .expr(Expr::col(Asterisk).count())
            .from_as("visit", "v")
            .join_as(JoinType::InnerJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("v", "enterprise_id")))
            .cond_where(f.condition(scope))
            .take()
    };
    let mut q = select_rows();
    q.cond_where(f.condition(scope))
        .order_by(("v", "visited_on"), Order::Desc)
        .order_by(("v", "id"), Order::Desc)
        .limit(page.page_size)
        .offset(page.offset());
    let (found, total) = rows_with_total(db, q, count, page.offset()).await?;
    let mut items = found.iter().map(|r| VisitRow::from_query_result(r, "")).collect::<Result<Vec<_>, _>>()?;
    with_photos(db, scope.zone, &mut items).await?;
    Ok(Page { items, total, page: page.page, page_size: page.page_size })
}

/// Fills in the photos of visits already read through the scope (one query for the page).
async fn with_photos(db: &impl ConnectionTrait, zone: i64, visits: &mut [VisitRow]) -> DbResult<()> {
    let ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
    for p in crate::visit_photo::of_visits(db, zone, &ids).await? {
        if let Some(v) = visits.iter_mut().find(|v| v.id == p.visit_id) {
            v.photos.push(p);
        }
    }
    Ok(())
}

/// One visit the scope reaches, with its photos.
pub async fn get(db: &impl ConnectionTrait, scope: &Scope, id: i64) -> DbResult<Option<VisitRow>> {
    let mut q = select_rows();
    q.cond_where(VisitFilter::default().condition(scope)).and_where(Expr::col(("v", "id")).eq(id));
    let Some(r) = db.query_one(&q).await? else { return Ok(None) };
    let mut v = [VisitRow::from_query_result(&r, "")?];
    with_photos(db, scope.zone, &mut v).await?;
    let [v] = v;
    Ok(Some(v))
}

pub struct NewVisit<'a> {
    pub zone: i64,
    pub cadre: i64,
    pub enterprise: i64,
    pub project: Option<i64>,
    pub visited_on: NaiveDate,
    pub visited_at: Option<DateTime<Utc>>,
    pub late_reason: Option<&'a str>,
    pub people_met: &'a str,
    pub findings: &'a str,
    pub ticket: Option<i64>,
    /// When it is recorded (the app's clock).
    pub created_at: DateTime<Utc>,
}

pub async fn insert(tx: &WriteTx, v: &NewVisit<'_>) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("visit")
        .columns([
            "zone_id",
            "cadre_id",
            "enterprise_id",
            "project_id",
            "visited_on",
            "visited_at",
            "late_reason",
            "people_met",
            "findings",
            "ticket_id",
            "created_at",
        ])
        .values_panic([
            v.zone.into(),
            v.cadre.into(),
            v.enterprise.into(),
            v.project.into(),
            v.visited_on.into(),
            v.visited_at.into(),
            v.late_reason.map(str::to_owned).into(),
            v.people_met.into(),
            v.findings.into(),
            v.ticket.into(),
            v.created_at.into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

/// Enterprises (in the scope) with their linked cadres and whether they were visited in
/// `from..=to`: the coverage report. `above_size` limits to 四上 enterprises, `linked` to
/// enterprises with a linkage.
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct CoverageRow {
    pub enterprise_id: i64,
    pub enterprise: String,
    pub park_id: i64,
    pub above_size: bool,
    pub linked: i64,
    pub visits: i64,
}

pub async fn coverage(
    db: &impl ConnectionTrait,
    scope: &Scope,
    from: NaiveDate,
    to: NaiveDate,
    park: Option<i64>,
) -> DbResult<Vec<CoverageRow>> {
    let linked = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from_as("linkage", "k")
        .and_where(Expr::col(("k", "enterprise_id")).equals(("e", "id")))
        .take();
    let visits = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from_as("visit", "v")
        .and_where(Expr::col(("v", "enterprise_id")).equals(("e", "id")))
        .and_where(Expr::col(("v", "visited_on")).gte(from))
        .and_where(Expr::col(("v", "visited_on")).lte(to))
        .take();
    let any_linkage = Query::select()
        .expr(Expr::val(1))
        .from_as("linkage", "k2")
        .and_where(Expr::col(("k2", "enterprise_id")).equals(("e", "id")))
        .take();
    let mut q = Query::select();
    q.expr_as(Expr::col(("e", "id")), "enterprise_id")
        .expr_as(Expr::col(("e", "name")), "enterprise")
        .column(("e", "park_id"))
        .column(("e", "above_size"))
        .expr_as(Expr::SubQuery(None, Box::new(linked.into())), "linked")
        .expr_as(Expr::SubQuery(None, Box::new(visits.into())), "visits")
        .from_as("enterprise", "e")
        .cond_where(scope::enterprise(scope))
        .cond_where(Cond::any().add(Expr::col(("e", "above_size")).eq(true)).add(Expr::exists(any_linkage)))
        .order_by(("e", "name"), Order::Asc);
    if let Some(p) = park {
        q.and_where(Expr::col(("e", "park_id")).eq(p));
    }
    Ok(db.query_all(&q).await?.iter().map(|r| CoverageRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// Linkages: (cadre, enterprise) pairs of the zone with names; `user` and `enterprise` narrow
/// them to one cadre's or one enterprise's.
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct LinkageRow {
    pub id: i64,
    pub user_id: i64,
    pub user: String,
    pub enterprise_id: i64,
    pub enterprise: String,
}

pub async fn linkages(
    db: &impl ConnectionTrait,
    scope: &Scope,
    user: Option<i64>,
    enterprise: Option<i64>,
) -> DbResult<Vec<LinkageRow>> {
    let mut q = Query::select();
    q.columns([("k", "id"), ("k", "user_id"), ("k", "enterprise_id")])
        .expr_as(Expr::col(("u", "display_name")), "user")
        .expr_as(Expr::col(("e", "name")), "enterprise")
        .from_as("linkage", "k")
        .join_as(JoinType::InnerJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("k", "enterprise_id")))
        .join_as(JoinType::InnerJoin, "app_user", "u", Expr::col(("u", "id")).equals(("k", "user_id")))
        .cond_where(Cond::any().add(Expr::col(("k", "user_id")).eq(scope.user)).add(scope::enterprise(scope)))
        .and_where(Expr::col(("k", "zone_id")).eq(scope.zone))
        .order_by(("u", "display_name"), Order::Asc)
        .order_by(("e", "name"), Order::Asc);
    if let Some(u) = user {
        q.and_where(Expr::col(("k", "user_id")).eq(u));
    }
    if let Some(e) = enterprise {
        q.and_where(Expr::col(("k", "enterprise_id")).eq(e));
    }
    Ok(db.query_all(&q).await?.iter().map(|r| LinkageRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn delete_linkage(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("linkage")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}
