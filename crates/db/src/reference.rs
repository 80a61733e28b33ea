//! Zone reference data: zones, parks, departments, industry chains and the GB/T 4754 table.
//! Names of parks, departments and chains are not secret inside a zone: read by zone only.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::{DbError, DbResult, WriteTx, now};

pub const INDUSTRY_VERSION: &str = "GB/T 4754-2017";

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct ZoneRow {
    pub id: i64,
    pub code: String,
    pub name: String,
}

pub async fn zone_by_code(db: &impl ConnectionTrait, code: &str) -> DbResult<Option<ZoneRow>> {
    let q = Query::select().columns(["id", "code", "name"]).from("zone").and_where(Expr::col("code").eq(code)).take();
    Ok(db.query_one(&q).await?.map(|r| ZoneRow::from_query_result(&r, "")).transpose()?)
}

pub async fn zone_by_id(db: &impl ConnectionTrait, id: i64) -> DbResult<Option<ZoneRow>> {
    let q = Query::select().columns(["id", "code", "name"]).from("zone").and_where(Expr::col("id").eq(id)).take();
    Ok(db.query_one(&q).await?.map(|r| ZoneRow::from_query_result(&r, "")).transpose()?)
}

pub async fn zones(db: &impl ConnectionTrait) -> DbResult<Vec<ZoneRow>> {
    let q = Query::select().columns(["id", "code", "name"]).from("zone").order_by("id", Order::Asc).take();
    Ok(db.query_all(&q).await?.iter().map(|r| ZoneRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn insert_zone(tx: &WriteTx, code: &str, name: &str) -> DbResult<i64> {
    let q = Query::insert()
        .into_table("zone")
        .columns(["code", "name", "created_at"])
        .values_panic([code.into(), name.into(), now().into()])
        .returning_col("id")
        .take();
    let id = insert_returning_id(&**tx, &q).await?;
    crate::ticket_category::seed_defaults(tx, id).await?;
    Ok(id)
}

pub(crate) async fn insert_returning_id(
    db: &impl ConnectionTrait,
    q: &sea_orm::sea_query::InsertStatement,
) -> DbResult<i64> {
    let row = db.query_one(q).await?;
    let row = row.ok_or_else(|| DbError::Invalid("insert returned no id".into()))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// Parks, departments and chains share one shape: (zone, code, name, sort [, demo, group]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dict {
    Park,
    Department,
    Chain,
}

impl Dict {
    pub fn table(self) -> &'static str {
        match self {
            Dict::Park => "park",
            Dict::Department => "department",
            Dict::Chain => "chain",
        }
    }
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct DictRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub sort: i64,
    pub demo: bool,
    pub grp: Option<String>,
}

#[derive(Clone, Debug)]
pub struct DictInput {
    pub code: String,
    pub name: String,
    pub sort: i64,
    pub demo: bool,
    pub grp: Option<String>,
}

fn dict_select(kind: Dict) -> sea_orm::sea_query::SelectStatement {
    let mut q = Query::select();
    q.columns(["id", "code", "name", "sort"]).from(kind.table());
    match kind {
        Dict::Department => q.expr_as(Expr::val(false), "demo").expr_as(Expr::val(Option::<String>::None), "grp"),
        Dict::Park => q.column("demo").expr_as(Expr::val(Option::<String>::None), "grp"),
        Dict::Chain => q.column("demo").column("grp"),
    };
    q.take()
}

pub async fn list_dict(db: &impl ConnectionTrait, zone: i64, kind: Dict) -> DbResult<Vec<DictRow>> {
    let q = dict_select(kind)
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("sort", Order::Asc)
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| DictRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn get_dict(db: &impl ConnectionTrait, zone: i64, kind: Dict, id: i64) -> DbResult<Option<DictRow>> {
    let q = dict_select(kind).and_where(Expr::col("zone_id").eq(zone)).and_where(Expr::col("id").eq(id)).take();
    Ok(db.query_one(&q).await?.map(|r| DictRow::from_query_result(&r, "")).transpose()?)
}

pub async fn dict_by_code(db: &impl ConnectionTrait, zone: i64, kind: Dict, code: &str) -> DbResult<Option<DictRow>> {
    let q = dict_select(kind).and_where(Expr::col("zone_id").eq(zone)).and_where(Expr::col("code").eq(code)).take();
    Ok(db.query_one(&q).await?.map(|r| DictRow::from_query_result(&r, "")).transpose()?)
}

pub async fn insert_dict(tx: &WriteTx, zone: i64, kind: Dict, d: &DictInput) -> DbResult<i64> {
    let mut q = Query::insert();
    q.into_table(kind.table());
    match kind {
        Dict::Department => q.columns(["zone_id", "code", "name", "sort"]).values_panic([
            zone.into(),
            d.code.clone().into(),
            d.name.clone().into(),
            d.sort.into(),
        ]),
        Dict::Park => q.columns(["zone_id", "code", "name", "sort", "demo"]).values_panic([
            zone.into(),
            d.code.clone().into(),
            d.name.clone().into(),
            d.sort.into(),
            d.demo.into(),
        ]),
        Dict::Chain => q.columns(["zone_id", "code", "name", "sort", "demo", "grp"]).values_panic([
            zone.into(),
            d.code.clone().into(),
            d.name.clone().into(),
            d.sort.into(),
            d.demo.into(),
            d.grp.clone().unwrap_or_else(|| "other".into()).into(),
        ]),
    };
    q.returning_col("id");
    insert_returning_id(&**tx, &q).await
}

pub async fn update_dict(tx: &WriteTx, zone: i64, kind: Dict, id: i64, d: &DictInput) -> DbResult<bool> {
    let mut q = Query::update();
    q.table(kind.table())
        .value("code", d.code.clone())
        .value("name", d.name.clone())
        .value("sort", d.sort)
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id));
    if kind == Dict::Chain {
        q.value("grp", d.grp.clone().unwrap_or_else(|| "other".into()));
    }
    let r = tx.execute(&q).await?;
    Ok(r.rows_affected() > 0)
}

pub async fn delete_dict(tx: &WriteTx, zone: i64, kind: Dict, id: i64) -> DbResult<bool> {
    let q = Query::delete()
        .from_table(kind.table())
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    let r = tx.execute(&q).await?;
    Ok(r.rows_affected() > 0)
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct IndustryRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
}

/// Loads a GB/T 4754 table from its CSV (`level,code,name,parent`, levels 门类/大类/中类/小类):
/// the same path a zone uses to load a newer version. Returns the number of rows.
pub async fn import_industries(tx: &WriteTx, version: &str, csv: &str) -> DbResult<usize> {
    let mut rows = Vec::new();
    for (n, line) in csv.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() != 4 {
            return Err(DbError::Invalid(format!("industry table line {}: expected 4 fields", n + 1)));
        }
        let level = match f[0] {
            "门类" => "section",
            "大类" => "division",
            "中类" => "group",
            "小类" => "class",
            other => return Err(DbError::Invalid(format!("industry table line {}: unknown level {other}", n + 1))),
        };
        let parent = (!f[3].is_empty()).then(|| f[3].to_owned());
        rows.push((level, f[1].to_owned(), f[2].to_owned(), parent));
    }
    for chunk in rows.chunks(200) {
        let mut q = Query::insert();
        q.into_table("industry").columns(["version", "code", "level", "name", "parent"]);
        for (level, code, name, parent) in chunk {
            q.values_panic([
                version.into(),
                code.clone().into(),
                (*level).into(),
                name.clone().into(),
                parent.clone().into(),
            ]);
        }
        q.on_conflict(OnConflict::columns(["version", "code"]).update_columns(["level", "name", "parent"]).to_owned());
        tx.execute(&q).await?;
    }
    Ok(rows.len())
}

pub async fn list_industries(
    db: &impl ConnectionTrait,
    level: Option<&str>,
    parent: Option<&str>,
    q: Option<&str>,
) -> DbResult<Vec<IndustryRow>> {
    let mut s = Query::select();
    s.columns(["code", "name", "level", "parent"])
        .from("industry")
        .and_where(Expr::col("version").eq(INDUSTRY_VERSION));
    if let Some(l) = level {
        s.and_where(Expr::col("level").eq(l));
    }
    if let Some(p) = parent {
        s.and_where(Expr::col("parent").eq(p));
    }
    if let Some(text) = q.filter(|t| !t.trim().is_empty()) {
        let pat = format!("%{}%", text.trim().replace(['%', '_'], ""));
        s.and_where(Expr::col("name").like(pat.clone()).or(Expr::col("code").like(pat)));
    }
    s.order_by("code", Order::Asc);
    Ok(db.query_all(&s).await?.iter().map(|r| IndustryRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

/// The rows of `codes` (unknown codes are absent), in one statement.
pub async fn industries_of(db: &impl ConnectionTrait, codes: &[&str]) -> DbResult<Vec<IndustryRow>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(["code", "name", "level", "parent"])
        .from("industry")
        .and_where(Expr::col("version").eq(INDUSTRY_VERSION))
        .and_where(Expr::col("code").is_in(codes.iter().copied()))
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| IndustryRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn industry(db: &impl ConnectionTrait, code: &str) -> DbResult<Option<IndustryRow>> {
    let q = Query::select()
        .columns(["code", "name", "level", "parent"])
        .from("industry")
        .and_where(Expr::col("version").eq(INDUSTRY_VERSION))
        .and_where(Expr::col("code").eq(code))
        .take();
    Ok(db.query_one(&q).await?.map(|r| IndustryRow::from_query_result(&r, "")).transpose()?)
}
