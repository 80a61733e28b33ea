//! Parks, departments, chains and industries: read by every user of the zone, written by admins.

use serde::{Deserialize, Serialize};
use zoneops_db::reference::{self as repo, Dict, DictInput, DictRow, IndustryRow};
use zoneops_domain::Permission;

use crate::{Actor, AppError, AppResult, Ctx, input};

pub async fn list(ctx: &Ctx, actor: &Actor, kind: Dict) -> AppResult<Vec<DictRow>> {
    Ok(repo::list_dict(ctx.db.conn(), actor.zone(), kind).await?)
}

/// A park, chain or department as written. PUT requires `code` and `name`; `sort` and `group`
/// may be left out, and then keep their stored values (the forms of parks and departments do
/// not show them).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DictBody {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub code: Option<String>,
    #[schema(schema_with = input::schema::opt::label)]
    #[serde(default, deserialize_with = "input::opt::label")]
    pub name: Option<String>,
    pub sort: Option<i64>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub group: Option<String>,
}

impl input::Replace for DictBody {
    const MAY_OMIT: &'static [&'static str] = &["sort", "group"];
}

fn permission(kind: Dict) -> Permission {
    match kind {
        Dict::Park => Permission::ParkWrite,
        Dict::Chain => Permission::ChainWrite,
        Dict::Department => Permission::DictionaryWrite,
    }
}

fn validate(kind: Dict, b: &DictBody) -> AppResult<DictInput> {
    let code = b.code.as_deref().map(str::trim).unwrap_or("");
    if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(AppError::invalid("code", "CODE_INVALID", "编码应为1–32位字母、数字、下划线或连字符"));
    }
    let name = b.name.as_deref().map(str::trim).unwrap_or("");
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::invalid("name", "NAME_INVALID", "请填写名称（不超过50字）"));
    }
    let grp = if kind == Dict::Chain {
        let g = b.group.as_deref().unwrap_or("other");
        if !matches!(g, "leading" | "emerging" | "other") {
            return Err(AppError::invalid(
                "group",
                "CHAIN_GROUP_INVALID",
                "产业链分组应为 leading（主导）、emerging（新兴）或 other（其他）",
            ));
        }
        Some(g.to_owned())
    } else {
        None
    };
    let sort = b.sort.unwrap_or(0);
    if !(-input::MAX_COUNT..=input::MAX_COUNT).contains(&sort) {
        return Err(AppError::invalid("sort", "NUMBER_OUT_OF_RANGE", "排序号超出范围"));
    }
    Ok(DictInput { code: code.into(), name: name.into(), sort, demo: false, grp })
}

fn duplicate(e: zoneops_db::DbError) -> AppError {
    match e {
        zoneops_db::DbError::Duplicate { .. } => {
            AppError::Conflict { field: "code".into(), code: "CODE_DUPLICATE", message: "编码已存在".into() }
        }
        other => other.into(),
    }
}

pub async fn create(ctx: &Ctx, actor: &Actor, kind: Dict, body: DictBody) -> AppResult<DictRow> {
    actor.require(permission(kind))?;
    let input = validate(kind, &body)?;
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert_dict(&tx, actor.zone(), kind, &input).await.map_err(duplicate)?;
    let row = repo::get_dict(&*tx, actor.zone(), kind, id).await?.ok_or(AppError::NotFound)?;
    actor.audit(&tx, "create", kind.table(), id, None::<&()>, Some(&row)).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn update(ctx: &Ctx, actor: &Actor, kind: Dict, id: i64, body: DictBody) -> AppResult<DictRow> {
    actor.require(permission(kind))?;
    let before = repo::get_dict(ctx.db.conn(), actor.zone(), kind, id).await?.ok_or(AppError::NotFound)?;
    let body =
        DictBody { sort: body.sort.or(Some(before.sort)), group: body.group.or_else(|| before.grp.clone()), ..body };
    let input = validate(kind, &body)?;
    let tx = ctx.db.begin_write().await?;
    repo::update_dict(&tx, actor.zone(), kind, id, &input).await.map_err(duplicate)?;
    let row = repo::get_dict(&*tx, actor.zone(), kind, id).await?.ok_or(AppError::NotFound)?;
    actor.audit(&tx, "update", kind.table(), id, Some(&before), Some(&row)).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn delete(ctx: &Ctx, actor: &Actor, kind: Dict, id: i64) -> AppResult<()> {
    actor.require(permission(kind))?;
    let before = repo::get_dict(ctx.db.conn(), actor.zone(), kind, id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    repo::delete_dict(&tx, actor.zone(), kind, id).await?;
    actor.audit(&tx, "delete", kind.table(), id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
pub struct IndustryQuery {
    pub level: Option<String>,
    pub parent: Option<String>,
    pub q: Option<String>,
}

pub async fn industries(ctx: &Ctx, q: &IndustryQuery) -> AppResult<Vec<IndustryRow>> {
    if let Some(l) = q.level.as_deref()
        && !matches!(l, "section" | "division" | "group" | "class")
    {
        return Err(AppError::invalid(
            "level",
            "INDUSTRY_LEVEL_INVALID",
            "层级应为 section（门类）、division（大类）、group（中类）或 class（小类）",
        ));
    }
    Ok(repo::list_industries(ctx.db.conn(), q.level.as_deref(), q.parent.as_deref(), q.q.as_deref()).await?)
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MetricView {
    pub code: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub money: bool,
    pub decimals: u32,
    /// The largest value accepted, in the metric's unit (a larger one is a 422 naming it).
    pub max: f64,
}

pub fn metrics() -> Vec<MetricView> {
    zoneops_domain::metric::Metric::ALL
        .iter()
        .map(|m| MetricView {
            code: m.code(),
            label: m.label_zh(),
            unit: m.unit_zh(),
            money: m.is_money(),
            decimals: m.max_decimals(),
            max: m.max_value(),
        })
        .collect()
}
