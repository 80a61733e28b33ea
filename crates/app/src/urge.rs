//! 催办: a leader presses on a ticket or a project. The press is logged (who, when, what was
//! said) and audited, the people who must act hear of it at once, and the presses are counted
//! on the record.

use serde::{Deserialize, Serialize};
use zoneops_db::notify::{NewNotification, notify};
use zoneops_db::urge::{self as repo, NewUrge, UrgeRow};
use zoneops_domain::permission::Permission;

use crate::{Actor, AppError, AppResult, Ctx};

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UrgeInput {
    /// What the leader asks for (optional): 「请本周内给企业答复」.
    #[schema(schema_with = crate::input::schema::opt::comment)]
    #[serde(default, deserialize_with = "crate::input::opt_or_empty::comment")]
    pub note: String,
}

/// The presses on a record, newest first, and their number.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Urges {
    pub count: usize,
    pub items: Vec<UrgeRow>,
}

async fn urges_of(ctx: &Ctx, actor: &Actor, entity: &str, id: i64) -> AppResult<Urges> {
    let items = repo::of(ctx.db.conn(), actor.zone(), entity, id).await?;
    Ok(Urges { count: items.len(), items })
}

/// The presses on a ticket the caller may read.
pub async fn of_ticket(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Urges> {
    crate::ticket::get(ctx, actor, id).await?;
    urges_of(ctx, actor, "ticket", id).await
}

/// The presses on a project the caller may read.
pub async fn of_project(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Urges> {
    crate::project::get(ctx, actor, id).await?;
    urges_of(ctx, actor, "project", id).await
}

/// Who hears of a press.
enum Told {
    Department(i64),
    Users(Vec<i64>),
}

/// One press: its row, the notices and the audit row in one transaction; the record's presses after.
struct Press<'a> {
    entity: &'static str,
    id: i64,
    note: String,
    title: String,
    /// Said when the leader wrote nothing.
    default_body: &'a str,
    told: Told,
    /// The ticket a notice opens.
    ticket: Option<i64>,
}

async fn press(ctx: &Ctx, actor: &Actor, p: Press<'_>) -> AppResult<Urges> {
    let body = if p.note.is_empty() { p.default_body } else { p.note.as_str() };
    let tx = ctx.db.begin_write().await?;
    let row = NewUrge {
        zone: actor.zone(),
        entity: p.entity,
        entity_id: p.id,
        by_id: actor.user_id,
        by_name: &actor.display_name,
        note: &p.note,
    };
    let urge = repo::insert(&tx, &row).await?;
    let n = NewNotification {
        zone: actor.zone(),
        user: None,
        department: None,
        kind: "urge",
        title: &p.title,
        body,
        ticket: p.ticket,
    };
    match p.told {
        Told::Department(d) => notify(&tx, &NewNotification { department: Some(d), ..n }).await?,
        Told::Users(users) => {
            for u in users {
                notify(&tx, &NewNotification { user: Some(u), ..n }).await?;
            }
        }
    }
    let after = serde_json::json!({ "urge": urge, "note": p.note });
    actor.audit(&tx, "urge", p.entity, p.id, None::<&()>, Some(&after)).await?;
    tx.commit().await?;
    urges_of(ctx, actor, p.entity, p.id).await
}

/// 催办 on an open ticket: its department hears of it, or — not dispatched yet — the dispatchers.
pub async fn urge_ticket(ctx: &Ctx, actor: &Actor, id: i64, i: UrgeInput) -> AppResult<Urges> {
    actor.require(Permission::Urge)?;
    let t = crate::ticket::get(ctx, actor, id).await?.row;
    if !zoneops_domain::ticket::is_open(&t.state) {
        return Err(AppError::Conflict {
            field: "state".into(),
            code: "TICKET_NOT_OPEN",
            message: "工单已办结，无需催办".into(),
        });
    }
    let told = match t.department_id {
        Some(d) => Told::Department(d),
        None => Told::Users(
            zoneops_db::user::holding(ctx.db.conn(), actor.zone(), Permission::TicketDispatch.code()).await?,
        ),
    };
    let title = format!("{}催办诉求工单 {}：{}", actor.display_name, t.no, t.title);
    let p = Press {
        entity: "ticket",
        id,
        note: i.note,
        title,
        default_body: "请加快办理并及时反馈进展",
        told,
        ticket: Some(id),
    };
    press(ctx, actor, p).await
}

/// 催办 on a project: its owner hears of it.
pub async fn urge_project(ctx: &Ctx, actor: &Actor, id: i64, i: UrgeInput) -> AppResult<Urges> {
    actor.require(Permission::Urge)?;
    let p = crate::project::get(ctx, actor, id).await?.row;
    let title = format!("{}催办项目：{}", actor.display_name, p.name);
    let told = Told::Users(p.owner_id.into_iter().collect());
    let p = Press {
        entity: "project",
        id,
        note: i.note,
        title,
        default_body: "请加快推进并及时更新项目进度",
        told,
        ticket: None,
    };
    press(ctx, actor, p).await
}
