//! Investment activities: outbound trips, receptions, online negotiations and promotion events,
//! each linked to leads and enterprises. Reads take the caller's scope ([`scope::activity`]).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{
    Asterisk, Cond, Condition, Expr, ExprTrait, Func, JoinType, LikeExpr, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::invest::ActivityKind;
use zoneops_domain::scope::Scope;

use crate::reference::insert_returning_id;
use crate::util::{count_rows, like_pattern, rows_with_total, sum_i64};
use crate::{DbResult, Page, PageQuery, WriteTx, now, scope};

#[derive(Clone, Debug, Default)]
pub struct ActivityFilter {
    pub kind: Option<ActivityKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub park: Option<i64>,
    pub owner: Option<i64>,
    pub lead: Option<i64>,
    pub q: Option<String>,
}

impl ActivityFilter {
    pub fn condition(&self, scope: &Scope) -> Condition {
        let mut c = Cond::all().add(scope::activity(scope));
        if let Some(k) = self.kind {
            c = c.add(Expr::col(("a", "kind")).eq(k.code()));
        }
        if let Some(d) = self.from {
            c = c.add(Expr::col(("a", "start_on")).gte(d));
        }
        if let Some(d) = self.to {
            c = c.add(Expr::col(("a", "start_on")).lte(d));
        }
        if let Some(p) = self.park {
            c = c.add(Expr::col(("a", "park_id")).eq(p));
        }
        if let Some(o) = self.owner {
            c = c.add(Expr::col(("a", "owner_id")).eq(o));
        }
        if let Some(l) = self.lead {
            c = c.add(
                Expr::col(("a", "id")).in_subquery(
                    Query::select()
                        .column("activity_id")
                        .from("activity_link")
                        .and_where(Expr::col("lead_id").eq(l))
                        .take(),
                ),
            );
        }
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let pat = like_pattern(q);
            let like = |col: &'static str| {
                Expr::expr(Func::lower(Expr::col(("a", col)))).like(LikeExpr::new(pat.clone()).escape('\\'))
            };
            c = c.add(Cond::any().add(like("title")).add(like("counterpart")).add(like("location")));
        }
        c
    }
}

/// An activity as stored and as the API shows it (the answer embeds it).
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct ActivityRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub location: String,
    pub counterpart: String,
    /// The names (kept as JSON text).
    #[serde(serialize_with = "crate::shown::string_list")]
    #[schema(value_type = Vec<String>)]
    pub participants: String,
    pub owner_id: i64,
    pub owner: String,
    pub park_id: Option<i64>,
    pub park: Option<String>,
    pub outcome: String,
    pub created_at: DateTime<Utc>,
}

fn select_rows() -> SelectStatement {
    let mut q = Query::select();
    q.columns([
        ("a", "id"),
        ("a", "kind"),
        ("a", "title"),
        ("a", "start_on"),
        ("a", "end_on"),
        ("a", "location"),
        ("a", "counterpart"),
        ("a", "participants"),
        ("a", "owner_id"),
        ("a", "park_id"),
        ("a", "outcome"),
        ("a", "created_at"),
    ])
    .expr_as(Expr::col(("u", "display_name")), "owner")
    .expr_as(Expr::col(("pk", "name")), "park")
    .from_as("activity", "a")
    .join_as(JoinType::InnerJoin, "app_user", "u", Expr::col(("u", "id")).equals(("a", "owner_id")))
    .join_as(JoinType::LeftJoin, "park", "pk", Expr::col(("pk", "id")).equals(("a", "park_id")));
    q
}

fn rows(rows: Vec<sea_orm::QueryResult>) -> DbResult<Vec<ActivityRow>> {
    Ok(rows.iter().map(|r| ActivityRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

fn count_query(scope: &Scope, f: &ActivityFilter) -> SelectStatement {
    Query::select().expr(Expr::col(Asterisk).count()).from_as("activity", "a").cond_where(f.condition(scope)).take()
}

pub async fn count(db: &impl ConnectionTrait, scope: &Scope, f: &ActivityFilter) -> DbResult<u64> {
    count_rows(db, &count_query(scope, f)).await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &ActivityFilter,
    by_kind: bool,
    desc: bool,
    page: PageQuery,
) -> DbResult<Page<ActivityRow>> {
    let mut q = select_rows();
    let order = if desc { Order::Desc } else { Order::Asc };
    q.cond_where(f.condition(scope));
    if by_kind {
        q.order_by(("a", "kind"), order.clone());
    }
    q.order_by(("a", "start_on"), order.clone())
        .order_by(("a", "id"), order)
        .limit(page.page_size)
        .offset(page.offset());
    let (found, total) = rows_with_total(db, q, || count_query(scope, f), page.offset()).await?;
    Ok(Page { items: rows(found)?, total, page: page.page, page_size: page.page_size })
}

pub async fn get(db: &impl ConnectionTrait, scope: &Scope, id: i64) -> DbResult<Option<ActivityRow>> {
    let mut q = select_rows();
    q.cond_where(scope::activity(scope)).and_where(Expr::col(("a", "id")).eq(id));
    Ok(rows(db.query_all(&q).await?)?.pop())
}

/// (activity id, linked id, name): the leads and enterprises linked to a page of activities.
/// Names of records outside `scope` are left out.
#[derive(Clone, Debug, Default)]
pub struct Links {
    pub leads: Vec<(i64, i64, String)>,
    pub enterprises: Vec<(i64, i64, String)>,
}

pub async fn links(db: &impl ConnectionTrait, scope: &Scope, activities: &[i64]) -> DbResult<Links> {
    let mut out = Links::default();
    if activities.is_empty() {
        return Ok(out);
    }
    // A confidential lead shows its codename outside its owner and zone-wide readers.
    let company = if scope.is_zone_wide() {
        Expr::col(("l", "company"))
    } else {
        Expr::case(
            Cond::all().add(Expr::col(("l", "confidential")).eq(true)).add(Expr::col(("l", "owner_id")).ne(scope.user)),
            Func::coalesce([Expr::col(("l", "codename")), Expr::val("保密项目")]),
        )
        .finally(Expr::col(("l", "company")))
        .into()
    };
    let q = Query::select()
        .column(("k", "activity_id"))
        .column(("l", "id"))
        .expr(company)
        .from_as("activity_link", "k")
        .join_as(JoinType::InnerJoin, "lead", "l", Expr::col(("l", "id")).equals(("k", "lead_id")))
        .and_where(Expr::col(("k", "activity_id")).is_in(activities.to_vec()))
        .cond_where(scope::lead(scope))
        .take();
    for r in db.query_all(&q).await? {
        out.leads.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?));
    }
    let q = Query::select()
        .column(("k", "activity_id"))
        .column(("e", "id"))
        .column(("e", "name"))
        .from_as("activity_link", "k")
        .join_as(JoinType::InnerJoin, "enterprise", "e", Expr::col(("e", "id")).equals(("k", "enterprise_id")))
        .and_where(Expr::col(("k", "activity_id")).is_in(activities.to_vec()))
        .cond_where(scope::enterprise(scope))
        .take();
    for r in db.query_all(&q).await? {
        out.enterprises.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?));
    }
    Ok(out)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityData {
    pub kind: ActivityKind,
    pub title: String,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub location: String,
    pub counterpart: String,
    /// JSON array of names, shown as the list like the row's: the audit compares this (`after`)
    /// with the row (`before`).
    #[serde(serialize_with = "crate::shown::string_list")]
    #[schema(value_type = Vec<String>)]
    pub participants: String,
    pub owner_id: i64,
    pub park_id: Option<i64>,
    pub outcome: String,
    pub lead_ids: Vec<i64>,
    pub enterprise_ids: Vec<i64>,
}

pub async fn insert(tx: &WriteTx, zone: i64, d: &ActivityData) -> DbResult<i64> {
    let t = now();
    let q = Query::insert()
        .into_table("activity")
        .columns([
            "zone_id",
            "kind",
            "title",
            "start_on",
            "end_on",
            "location",
            "counterpart",
            "participants",
            "owner_id",
            "park_id",
            "outcome",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            zone.into(),
            d.kind.code().into(),
            d.title.clone().into(),
            d.start_on.into(),
            d.end_on.into(),
            d.location.clone().into(),
            d.counterpart.clone().into(),
            d.participants.clone().into(),
            d.owner_id.into(),
            d.park_id.into(),
            d.outcome.clone().into(),
            t.into(),
            t.into(),
        ])
        .returning_col("id")
        .take();
    let id = insert_returning_id(&**tx, &q).await?;
    insert_links(tx, id, d).await?;
    Ok(id)
}

async fn insert_links(tx: &WriteTx, id: i64, d: &ActivityData) -> DbResult<()> {
    if d.lead_ids.is_empty() && d.enterprise_ids.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("activity_link").columns(["activity_id", "lead_id", "enterprise_id"]);
    for l in &d.lead_ids {
        q.values_panic([id.into(), (*l).into(), None::<i64>.into()]);
    }
    for e in &d.enterprise_ids {
        q.values_panic([id.into(), None::<i64>.into(), (*e).into()]);
    }
    tx.execute(&q).await?;
    Ok(())
}

pub async fn update(tx: &WriteTx, zone: i64, id: i64, d: &ActivityData) -> DbResult<bool> {
    let q = Query::update()
        .table("activity")
        .value("kind", d.kind.code())
        .value("title", d.title.clone())
        .value("start_on", d.start_on)
        .value("end_on", d.end_on)
        .value("location", d.location.clone())
        .value("counterpart", d.counterpart.clone())
        .value("participants", d.participants.clone())
        .value("owner_id", d.owner_id)
        .value("park_id", d.park_id)
        .value("outcome", d.outcome.clone())
        .value("updated_at", now())
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    if tx.execute(&q).await?.rows_affected() == 0 {
        return Ok(false);
    }
    tx.execute(&Query::delete().from_table("activity_link").and_where(Expr::col("activity_id").eq(id)).take()).await?;
    insert_links(tx, id, d).await?;
    Ok(true)
}

pub async fn delete(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("activity")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

/// `YYYY-MM` of the start date, with literal arguments so PostgreSQL matches the SELECT and
/// GROUP BY expressions.
fn month_of_start() -> Expr {
    Expr::cust(r#"SUBSTR(CAST("a"."start_on" AS TEXT), 1, 7)"#)
}

/// Counts per kind, grouped by park, owner or month (`YYYY-MM`), or in one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsGroup {
    Total,
    Park,
    Owner,
    Month,
}

#[derive(Clone, Debug, Default)]
pub struct KindCounts {
    pub key: Option<String>,
    pub label: Option<String>,
    pub trips: i64,
    pub receptions: i64,
    pub online: i64,
    pub promotions: i64,
}

pub async fn stats(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &ActivityFilter,
    group: StatsGroup,
) -> DbResult<Vec<KindCounts>> {
    let kind_sum = |k: &str| sum_i64(Expr::case(Expr::col(("a", "kind")).eq(k), 1).finally(0));
    let mut q = Query::select();
    match group {
        StatsGroup::Total => q.expr(Expr::val(None::<String>)).expr(Expr::val(None::<String>)),
        StatsGroup::Park => q.expr(Expr::col(("a", "park_id")).cast_as("TEXT")).expr(Expr::col(("pk", "name"))),
        StatsGroup::Owner => {
            q.expr(Expr::col(("a", "owner_id")).cast_as("TEXT")).expr(Expr::col(("u", "display_name")))
        }
        StatsGroup::Month => q.expr(month_of_start()).expr(month_of_start()),
    };
    q.expr(kind_sum("trip"))
        .expr(kind_sum("reception"))
        .expr(kind_sum("online"))
        .expr(kind_sum("promotion"))
        .from_as("activity", "a")
        .cond_where(f.condition(scope));
    match group {
        StatsGroup::Total => {}
        StatsGroup::Park => {
            q.join_as(JoinType::LeftJoin, "park", "pk", Expr::col(("pk", "id")).equals(("a", "park_id")))
                .add_group_by([Expr::col(("a", "park_id")), Expr::col(("pk", "name"))]);
        }
        StatsGroup::Owner => {
            q.join_as(JoinType::InnerJoin, "app_user", "u", Expr::col(("u", "id")).equals(("a", "owner_id")))
                .add_group_by([Expr::col(("a", "owner_id")), Expr::col(("u", "display_name"))]);
        }
        StatsGroup::Month => {
            q.add_group_by([Func::cust("SUBSTR")
                .arg(Expr::col(("a", "start_on")).cast_as("TEXT"))
                .arg(1)
                .arg(7)
                .into()]);
        }
    }
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push(KindCounts {
            key: r.try_get_by_index(0)?,
            label: r.try_get_by_index(1)?,
            trips: r.try_get_by_index::<Option<i64>>(2)?.unwrap_or(0),
            receptions: r.try_get_by_index::<Option<i64>>(3)?.unwrap_or(0),
            online: r.try_get_by_index::<Option<i64>>(4)?.unwrap_or(0),
            promotions: r.try_get_by_index::<Option<i64>>(5)?.unwrap_or(0),
        });
    }
    Ok(out)
}
