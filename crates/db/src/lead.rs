//! Investment leads (线索) and their stage moves. Every read takes the caller's scope
//! ([`scope::lead`]).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{
    Asterisk, Cond, Condition, Expr, ExprTrait, JoinType, LikeExpr, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::invest::{LeadKind, LeadSource, LeadStage};
use zoneops_domain::scope::Scope;

use crate::reference::insert_returning_id;
use crate::util::{count_rows, like_pattern, rows_with_total, sum_i64};
use crate::{DbResult, Page, PageQuery, WriteTx, now, scope};

#[derive(Clone, Debug, Default)]
pub struct LeadFilter {
    pub q: Option<String>,
    pub stage: Option<LeadStage>,
    pub park: Option<i64>,
    pub owner: Option<i64>,
    pub kind: Option<LeadKind>,
    pub source: Option<LeadSource>,
    pub chain: Option<i64>,
    /// The enterprise a lead became or stands for (`enterprise_id`). A confidential lead of
    /// someone else does not match it: finding it by its enterprise would name the company, as
    /// finding it by the company's name would (decision 0034).
    pub enterprise: Option<i64>,
}

impl LeadFilter {
    fn condition(&self, scope: &Scope) -> Condition {
        let mut c = Cond::all().add(scope::lead(scope));
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let pat = like_pattern(q);
            // Matching a confidential company by name would reveal it: those match by codename.
            let company = Cond::all()
                .add(Cond::any().add(Expr::col(("l", "confidential")).eq(false)).add(own_or_zone(scope)))
                .add(Expr::expr(lower(("l", "company"))).like(LikeExpr::new(pat.clone()).escape('\\')));
            let codename = Expr::expr(lower(("l", "codename"))).like(LikeExpr::new(pat).escape('\\'));
            c = c.add(Cond::any().add(company).add(codename));
        }
        if let Some(s) = self.stage {
            c = c.add(Expr::col(("l", "stage")).eq(s.code()));
        }
        if let Some(p) = self.park {
            c = c.add(Expr::col(("l", "park_id")).eq(p));
        }
        if let Some(o) = self.owner {
            c = c.add(Expr::col(("l", "owner_id")).eq(o));
        }
        if let Some(k) = self.kind {
            c = c.add(Expr::col(("l", "kind")).eq(k.code()));
        }
        if let Some(s) = self.source {
            c = c.add(Expr::col(("l", "source")).eq(s.code()));
        }
        if let Some(ch) = self.chain {
            c = c.add(Expr::col(("l", "chain_id")).eq(ch));
        }
        if let Some(e) = self.enterprise {
            c = c
                .add(Expr::col(("l", "enterprise_id")).eq(e))
                .add(Cond::any().add(Expr::col(("l", "confidential")).eq(false)).add(own_or_zone(scope)));
        }
        c
    }
}

fn lower(col: (&'static str, &'static str)) -> Expr {
    sea_orm::sea_query::Func::lower(Expr::col(col)).into()
}

/// Who may read a confidential lead's company: its owner and zone-wide readers.
fn own_or_zone(scope: &Scope) -> Condition {
    if scope.is_zone_wide() { Cond::all() } else { Cond::all().add(Expr::col(("l", "owner_id")).eq(scope.user)) }
}

/// A lead as stored and as the API shows it (the answer embeds it). The company and the contact
/// are never null in the table; `None` is what a reader the lead is masked from gets (the
/// masking step clears every field that names the company).
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct LeadRow {
    pub id: i64,
    pub company: Option<String>,
    pub codename: Option<String>,
    pub confidential: bool,
    pub source: String,
    pub kind: String,
    pub industry_code: Option<String>,
    /// The GB/T 4754 name of `industry_code`, so no screen shows a bare code.
    pub industry_name: Option<String>,
    pub chain_id: Option<i64>,
    pub chain: Option<String>,
    /// 元 (kept in 分).
    #[serde(serialize_with = "crate::shown::yuan")]
    #[schema(value_type = f64)]
    pub intended_investment: i64,
    pub owner_id: i64,
    pub owner: String,
    pub park_id: i64,
    pub park: String,
    pub stage: String,
    pub stage_since: NaiveDate,
    pub lost_reason: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub notes: String,
    pub enterprise_id: Option<i64>,
    pub project_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn select_rows() -> SelectStatement {
    let mut q = Query::select();
    q.columns([
        ("l", "id"),
        ("l", "company"),
        ("l", "codename"),
        ("l", "confidential"),
        ("l", "source"),
        ("l", "kind"),
        ("l", "industry_code"),
        ("l", "chain_id"),
        ("l", "intended_investment"),
        ("l", "owner_id"),
        ("l", "park_id"),
        ("l", "stage"),
        ("l", "stage_since"),
        ("l", "lost_reason"),
        ("l", "contact_name"),
        ("l", "contact_phone"),
        ("l", "notes"),
        ("l", "enterprise_id"),
        ("l", "created_at"),
        ("l", "updated_at"),
    ])
    .expr_as(Expr::col(("c", "name")), "chain")
    .expr_as(Expr::col(("i", "name")), "industry_name")
    .expr_as(Expr::col(("u", "display_name")), "owner")
    .expr_as(Expr::col(("pk", "name")), "park")
    .expr_as(Expr::col(("pr", "id")), "project_id")
    .from_as("lead", "l")
    .join_as(JoinType::LeftJoin, "chain", "c", Expr::col(("c", "id")).equals(("l", "chain_id")))
    .join_as(JoinType::InnerJoin, "app_user", "u", Expr::col(("u", "id")).equals(("l", "owner_id")))
    .join_as(JoinType::InnerJoin, "park", "pk", Expr::col(("pk", "id")).equals(("l", "park_id")))
    .join_as(JoinType::LeftJoin, "project", "pr", Expr::col(("pr", "lead_id")).equals(("l", "id")))
    .join_as(
        JoinType::LeftJoin,
        "industry",
        "i",
        Cond::all()
            .add(Expr::col(("i", "version")).eq(crate::reference::INDUSTRY_VERSION))
            .add(Expr::col(("i", "code")).equals(("l", "industry_code"))),
    );
    q
}

fn rows(rows: Vec<sea_orm::QueryResult>) -> DbResult<Vec<LeadRow>> {
    Ok(rows.iter().map(|r| LeadRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadSort {
    CreatedAt,
    Investment,
    StageSince,
    Company,
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &LeadFilter,
    sort: LeadSort,
    desc: bool,
    page: PageQuery,
) -> DbResult<Page<LeadRow>> {
    let mut q = select_rows();
    q.cond_where(f.condition(scope));
    let order = if desc { Order::Desc } else { Order::Asc };
    let col = match sort {
        LeadSort::CreatedAt => "created_at",
        LeadSort::Investment => "intended_investment",
        LeadSort::StageSince => "stage_since",
        LeadSort::Company => "company",
    };
    q.order_by(("l", col), order.clone()).order_by(("l", "id"), order).limit(page.page_size).offset(page.offset());
    let (found, total) = rows_with_total(db, q, || count_query(scope, f), page.offset()).await?;
    Ok(Page { items: rows(found)?, total, page: page.page, page_size: page.page_size })
}

fn count_query(scope: &Scope, f: &LeadFilter) -> SelectStatement {
    Query::select().expr(Expr::col(Asterisk).count()).from_as("lead", "l").cond_where(f.condition(scope)).take()
}

pub async fn count(db: &impl ConnectionTrait, scope: &Scope, f: &LeadFilter) -> DbResult<u64> {
    count_rows(db, &count_query(scope, f)).await
}

/// Count and intended investment per stage, over everything the filter matches.
pub async fn stage_totals(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &LeadFilter,
) -> DbResult<Vec<(String, i64, i64)>> {
    let q = Query::select()
        .column(("l", "stage"))
        .expr(Expr::col(Asterisk).count())
        .expr(sum_i64(Expr::col(("l", "intended_investment"))))
        .from_as("lead", "l")
        .cond_where(f.condition(scope))
        .group_by_col(("l", "stage"))
        .take();
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index::<Option<i64>>(2)?.unwrap_or(0)));
    }
    Ok(out)
}

/// The most recently moved leads of one stage (a pipeline column).
pub async fn column(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &LeadFilter,
    stage: LeadStage,
    limit: u64,
) -> DbResult<Vec<LeadRow>> {
    let f = LeadFilter { stage: Some(stage), ..f.clone() };
    let mut q = select_rows();
    q.cond_where(f.condition(scope))
        .order_by(("l", "stage_since"), Order::Desc)
        .order_by(("l", "id"), Order::Desc)
        .limit(limit);
    rows(db.query_all(&q).await?)
}

pub async fn get(db: &impl ConnectionTrait, scope: &Scope, id: i64) -> DbResult<Option<LeadRow>> {
    let mut q = select_rows();
    q.cond_where(scope::lead(scope)).and_where(Expr::col(("l", "id")).eq(id));
    Ok(rows(db.query_all(&q).await?)?.pop())
}

/// Lead ids among `ids` the scope reaches (links from activities are checked with it).
pub async fn visible_ids(db: &impl ConnectionTrait, scope: &Scope, ids: &[i64]) -> DbResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .column(("l", "id"))
        .from_as("lead", "l")
        .cond_where(scope::lead(scope))
        .and_where(Expr::col(("l", "id")).is_in(ids.to_vec()))
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| r.try_get_by_index(0)).collect::<Result<_, _>>()?)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct LeadData {
    pub company: String,
    pub codename: Option<String>,
    pub confidential: bool,
    pub source: LeadSource,
    pub kind: LeadKind,
    pub industry_code: Option<String>,
    pub chain_id: Option<i64>,
    /// 分, shown in 元 like the row's: the audit compares this (`after`) with the row (`before`),
    /// and audit snapshots show money as the API does.
    #[serde(serialize_with = "crate::shown::yuan")]
    #[schema(value_type = f64)]
    pub intended_investment: i64,
    pub owner_id: i64,
    pub park_id: i64,
    pub contact_name: String,
    pub contact_phone: String,
    pub notes: String,
    pub enterprise_id: Option<i64>,
}

pub async fn insert(tx: &WriteTx, zone: i64, d: &LeadData, stage: LeadStage, since: NaiveDate) -> DbResult<i64> {
    let t = now();
    let q = Query::insert()
        .into_table("lead")
        .columns([
            "zone_id",
            "company",
            "codename",
            "confidential",
            "source",
            "kind",
            "industry_code",
            "chain_id",
            "intended_investment",
            "owner_id",
            "park_id",
            "stage",
            "stage_since",
            "contact_name",
            "contact_phone",
            "notes",
            "enterprise_id",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            zone.into(),
            d.company.clone().into(),
            d.codename.clone().into(),
            d.confidential.into(),
            d.source.code().into(),
            d.kind.code().into(),
            d.industry_code.clone().into(),
            d.chain_id.into(),
            d.intended_investment.into(),
            d.owner_id.into(),
            d.park_id.into(),
            stage.code().into(),
            since.into(),
            d.contact_name.clone().into(),
            d.contact_phone.clone().into(),
            d.notes.clone().into(),
            d.enterprise_id.into(),
            t.into(),
            t.into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn update(tx: &WriteTx, zone: i64, id: i64, d: &LeadData) -> DbResult<bool> {
    let q = Query::update()
        .table("lead")
        .value("company", d.company.clone())
        .value("codename", d.codename.clone())
        .value("confidential", d.confidential)
        .value("source", d.source.code())
        .value("kind", d.kind.code())
        .value("industry_code", d.industry_code.clone())
        .value("chain_id", d.chain_id)
        .value("intended_investment", d.intended_investment)
        .value("owner_id", d.owner_id)
        .value("park_id", d.park_id)
        .value("contact_name", d.contact_name.clone())
        .value("contact_phone", d.contact_phone.clone())
        .value("notes", d.notes.clone())
        .value("enterprise_id", d.enterprise_id)
        .value("updated_at", now())
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

pub async fn set_stage(
    tx: &WriteTx,
    zone: i64,
    id: i64,
    stage: LeadStage,
    since: NaiveDate,
    lost_reason: Option<&str>,
) -> DbResult<()> {
    let q = Query::update()
        .table("lead")
        .value("stage", stage.code())
        .value("stage_since", since)
        .value("lost_reason", lost_reason.map(str::to_owned))
        .value("updated_at", now())
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn delete(tx: &WriteTx, zone: i64, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table("lead")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct MoveRow {
    pub from: Option<String>,
    pub to: String,
    pub on: NaiveDate,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

pub struct NewMove<'a> {
    pub zone: i64,
    pub lead: i64,
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub on: NaiveDate,
    pub reason: Option<&'a str>,
    pub actor: &'a str,
}

pub async fn insert_move(tx: &WriteTx, m: &NewMove<'_>) -> DbResult<()> {
    let q = Query::insert()
        .into_table("lead_move")
        .columns(["zone_id", "lead_id", "from_stage", "to_stage", "on_date", "reason", "actor", "at"])
        .values_panic([
            m.zone.into(),
            m.lead.into(),
            m.from.map(str::to_owned).into(),
            m.to.into(),
            m.on.into(),
            m.reason.map(str::to_owned).into(),
            m.actor.into(),
            now().into(),
        ])
        .take();
    tx.execute(&q).await?;
    Ok(())
}

/// A lead's moves, oldest first (the caller has checked the lead is in scope).
pub async fn moves(db: &impl ConnectionTrait, zone: i64, lead: i64) -> DbResult<Vec<MoveRow>> {
    let q = Query::select()
        .expr_as(Expr::col("from_stage"), "from")
        .expr_as(Expr::col("to_stage"), "to")
        .expr_as(Expr::col("on_date"), "on")
        .columns(["reason", "actor", "at"])
        .from("lead_move")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("lead_id").eq(lead))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| MoveRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}
