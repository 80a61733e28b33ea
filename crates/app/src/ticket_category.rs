//! The zone's own ticket categories: what a new ticket (or a visit's problem) may choose, the
//! labels of every ticket row and message, and the admin use cases that edit the list. A
//! deactivated category keeps labelling its old tickets but cannot be chosen again.

use serde::{Deserialize, Serialize};
use zoneops_db::ConnectionTrait;
use zoneops_db::ticket_category::{self as repo, CategoryRow};
use zoneops_domain::Permission;
use zoneops_domain::text::TextKind;

use crate::check;
use crate::{Actor, AppError, AppResult, Ctx, input};

/// Longest label, in characters.
pub const MAX_LABEL: usize = 20;
/// Longest code.
pub const MAX_CODE: usize = 32;

/// The categories of one zone, loaded once per request.
#[derive(Clone, Debug, Default)]
pub struct Categories {
    rows: std::sync::Arc<Vec<CategoryRow>>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CategoryOption {
    pub code: String,
    pub label: String,
}

impl Categories {
    pub async fn load(db: &impl ConnectionTrait, zone: i64) -> AppResult<Categories> {
        Ok(Categories { rows: std::sync::Arc::new(repo::list(db, zone).await?) })
    }

    /// The zone's categories as last saved, reused with the other service-desk rules
    /// (`ticket::RulesMemo`); `load` reads them inside a transaction.
    pub async fn of_zone(ctx: &Ctx, zone: i64) -> AppResult<Categories> {
        let memo = &ctx.service_rules;
        let rows = memo
            .categories
            .get_or_load(zone, "categories", memo.version(), || async {
                Ok::<_, AppError>(std::sync::Arc::new(repo::list(ctx.db.conn(), zone).await?))
            })
            .await?;
        Ok(Categories { rows })
    }

    /// A zone without categories (tests of readers that only look labels up).
    #[cfg(test)]
    pub(crate) fn empty() -> Categories {
        Categories { rows: Default::default() }
    }

    /// The label of any category, active or not ("" for a code the zone never had).
    pub fn label(&self, code: &str) -> String {
        self.rows.iter().find(|r| r.code == code).map(|r| r.label.clone()).unwrap_or_default()
    }

    /// What a new ticket may choose, in the zone's order.
    pub fn active(&self) -> Vec<CategoryOption> {
        self.rows
            .iter()
            .filter(|r| r.active)
            .map(|r| CategoryOption { code: r.code.clone(), label: r.label.clone() })
            .collect()
    }

    pub fn all(&self) -> &[CategoryRow] {
        &self.rows
    }

    fn allowed_message(&self, label: &str) -> String {
        let names: Vec<&str> = self.rows.iter().filter(|r| r.active).map(|r| r.label.as_str()).collect();
        format!("{label}应为：{}", names.join("、"))
    }

    /// A category a new ticket may take: one of the zone's active ones.
    pub fn choose(&self, field: &str, label: &str, v: Option<&str>) -> AppResult<String> {
        let v = v.map(str::trim).unwrap_or("");
        match self.rows.iter().find(|r| r.code == v) {
            Some(r) if r.active => Ok(r.code.clone()),
            Some(r) => Err(AppError::invalid(
                field,
                "CATEGORY_INACTIVE",
                format!("{label}“{}”已停用，不能再选择；{}", r.label, self.allowed_message(label)),
            )),
            None => Err(AppError::invalid(field, "CHOICE_INVALID", self.allowed_message(label))),
        }
    }

    /// Any category of the zone, active or not (list filters, routing rules, policies).
    pub fn known(&self, field: &str, label: &str, v: Option<&str>) -> AppResult<String> {
        let v = v.map(str::trim).unwrap_or("");
        if self.rows.iter().any(|r| r.code == v) {
            return Ok(v.to_owned());
        }
        let names: Vec<&str> = self.rows.iter().map(|r| r.label.as_str()).collect();
        Err(AppError::invalid(field, "CHOICE_INVALID", format!("{label}应为：{}", names.join("、"))))
    }
}

fn may_read(actor: &Actor) -> AppResult<()> {
    if actor.can(Permission::TicketRead) || actor.can(Permission::TicketWrite) || actor.can(Permission::TicketDispatch)
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Every category of the caller's zone, in order, with its active flag.
pub async fn list(ctx: &Ctx, actor: &Actor) -> AppResult<Vec<CategoryRow>> {
    may_read(actor)?;
    Ok(repo::list(ctx.db.conn(), actor.zone()).await?)
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub code: Option<String>,
    #[schema(schema_with = input::schema::opt::category_label)]
    #[serde(default, deserialize_with = "input::opt::category_label")]
    pub label: Option<String>,
}

fn check_code(v: Option<&str>) -> AppResult<String> {
    let code = v.map(str::trim).unwrap_or("");
    if code.is_empty() {
        return Err(AppError::invalid("code", "REQUIRED", "请填写类别代码"));
    }
    let ok = code.len() <= MAX_CODE
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(AppError::invalid(
            "code",
            "CATEGORY_CODE_INVALID",
            format!("类别代码应以小写字母开头，只含小写字母、数字和下划线，不超过{MAX_CODE}个字符"),
        ));
    }
    Ok(code.to_owned())
}

fn check_label(cats: &Categories, v: Option<&str>, except: Option<&str>) -> AppResult<String> {
    let label = check::text("label", "类别名称", v, TextKind::CategoryLabel)?;
    if cats.rows.iter().any(|r| r.label == label && Some(r.code.as_str()) != except) {
        return Err(AppError::invalid("label", "CATEGORY_LABEL_TAKEN", format!("类别名称“{label}”已存在")));
    }
    Ok(label)
}

fn taken(code: &str) -> AppError {
    AppError::Conflict {
        field: "code".into(),
        code: "CATEGORY_CODE_TAKEN",
        message: format!("类别代码“{code}”已存在（停用的类别也占用其代码）"),
    }
}

pub async fn create(ctx: &Ctx, actor: &Actor, i: NewCategory) -> AppResult<CategoryRow> {
    actor.require(Permission::TicketDispatch)?;
    let code = check_code(i.code.as_deref())?;
    let tx = ctx.db.begin_write().await?;
    let cats = Categories::load(&*tx, actor.zone()).await?;
    if cats.rows.iter().any(|r| r.code == code) {
        return Err(taken(&code));
    }
    let label = check_label(&cats, i.label.as_deref(), None)?;
    let id = repo::insert(&tx, actor.zone(), &code, &label).await.map_err(|e| match e {
        zoneops_db::DbError::Duplicate { .. } => taken(&code),
        other => other.into(),
    })?;
    let row = repo::list(&*tx, actor.zone()).await?.into_iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
    actor.audit(&tx, "create", "ticket_category", &code, None::<&()>, Some(&row)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    Ok(row)
}

/// PATCH: absent fields are kept. PUT: both fields required.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryChange {
    #[schema(schema_with = input::schema::opt::category_label)]
    #[serde(default, deserialize_with = "input::opt::category_label")]
    pub label: Option<String>,
    pub active: Option<bool>,
}

impl input::Replace for CategoryChange {}

/// Renames, deactivates or reactivates one category (absent fields are kept).
pub async fn update(ctx: &Ctx, actor: &Actor, code: &str, i: CategoryChange) -> AppResult<CategoryRow> {
    actor.require(Permission::TicketDispatch)?;
    let tx = ctx.db.begin_write().await?;
    let cats = Categories::load(&*tx, actor.zone()).await?;
    let before = cats.rows.iter().find(|r| r.code == code).cloned().ok_or(AppError::NotFound)?;
    let label = match i.label.as_deref() {
        Some(l) => check_label(&cats, Some(l), Some(code))?,
        None => before.label.clone(),
    };
    let active = i.active.unwrap_or(before.active);
    if !active && before.active && cats.rows.iter().filter(|r| r.active).count() == 1 {
        return Err(AppError::invalid("active", "CATEGORY_LAST_ACTIVE", "至少须保留一个启用的类别"));
    }
    repo::update(&tx, actor.zone(), code, &label, active).await?;
    let after = CategoryRow { label, active, ..before.clone() };
    let action = match (before.active, active) {
        (true, false) => "deactivate",
        (false, true) => "activate",
        _ => "update",
    };
    actor.audit(&tx, action, "ticket_category", code, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    Ok(after)
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryOrder {
    #[schema(schema_with = input::schema::list::code)]
    #[serde(deserialize_with = "input::list::code")]
    pub codes: Vec<String>,
}

impl input::Replace for CategoryOrder {}

/// Sets the order of the whole list: every code of the zone exactly once.
pub async fn reorder(ctx: &Ctx, actor: &Actor, i: CategoryOrder) -> AppResult<Vec<CategoryRow>> {
    actor.require(Permission::TicketDispatch)?;
    let codes = i.codes;
    let tx = ctx.db.begin_write().await?;
    let before = repo::list(&*tx, actor.zone()).await?;
    let mut want: Vec<&str> = codes.iter().map(String::as_str).collect();
    let mut have: Vec<&str> = before.iter().map(|r| r.code.as_str()).collect();
    want.sort_unstable();
    have.sort_unstable();
    if want != have {
        return Err(AppError::invalid(
            "codes",
            "CATEGORY_ORDER_INVALID",
            "排序须包含本区全部类别代码，且每个只出现一次",
        ));
    }
    repo::reorder(&tx, actor.zone(), &codes).await?;
    let old: Vec<&str> = before.iter().map(|r| r.code.as_str()).collect();
    actor.audit(&tx, "reorder", "ticket_category", actor.zone(), Some(&old), Some(&codes)).await?;
    tx.commit().await?;
    ctx.service_rules.changed();
    Ok(repo::list(ctx.db.conn(), actor.zone()).await?)
}

/// The active categories of a zone for the public hotline form (no login).
pub async fn public_options(ctx: &Ctx, zone: i64) -> AppResult<Vec<CategoryOption>> {
    Ok(Categories::of_zone(ctx, zone).await?.active())
}
