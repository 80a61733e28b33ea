//! Meetings (周例会, 问题集中会办, 季度项目述职会, 年度述职): the agenda drawn from the system — late
//! projects, overdue and escalated tickets, actions carried over — editable; minutes; decisions
//! as assigned actions with deadlines, in the assignee's queue and on the next agenda until done.

use serde::{Deserialize, Serialize};
use zoneops_db::meeting::{self as repo, ActionData, ActionFilter, ActionRow, ItemRow, MeetingData, MeetingRow};
use zoneops_domain::Permission;
use zoneops_domain::meeting::{AgendaItemKind, MeetingKind};
use zoneops_domain::scope::Reach;
use zoneops_domain::text::TextKind;
use zoneops_domain::vocabulary::Vocabulary;
use zoneops_domain::{Labeled, Lang};

use crate::check::{self, today};
use crate::project::ProjectQuery;
use crate::ticket::TicketQuery;
use crate::{Actor, AppError, AppResult, Ctx, input};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = MeetingAction)]
pub struct Action {
    #[serde(flatten)]
    pub row: ActionRow,
    pub overdue: bool,
}

fn action_view(row: ActionRow) -> Action {
    Action { overdue: row.status == "open" && row.due_on < today(), row }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Meeting {
    #[serde(flatten)]
    pub row: MeetingRow,
    pub kind_label: &'static str,
    /// The whole agenda in its order (what the editor changes and a PUT replaces).
    pub items: Vec<ItemRow>,
    /// The agenda as the meeting reads it: by kind, at most [`AGENDA_GROUP_CAP`] items each,
    /// the rest counted as "及其他 N 项".
    pub groups: Vec<AgendaGroup>,
    /// The most items of one kind a group shows.
    pub group_cap: usize,
    pub actions: Vec<Action>,
}

/// At most this many items of one kind are read out at a meeting; the rest of that kind are
/// named as a count ("及其他 N 项") and stay on the agenda behind it.
pub const AGENDA_GROUP_CAP: usize = 5;

/// The order of the groups: projects first (the weekly meeting is a project 调度会), then the
/// tickets, supervised (督办) before merely overdue, the decisions carried over, the rest.
pub const AGENDA_GROUP_ORDER: [AgendaItemKind; 5] = [
    AgendaItemKind::LateProject,
    AgendaItemKind::EscalatedTicket,
    AgendaItemKind::OverdueTicket,
    AgendaItemKind::CarriedAction,
    AgendaItemKind::Custom,
];

/// One kind of item on the agenda.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AgendaGroup {
    #[schema(value_type = AgendaItemKind)]
    pub kind: &'static str,
    pub label: &'static str,
    /// Items of this kind on the agenda.
    pub total: usize,
    /// The first [`AGENDA_GROUP_CAP`] of them in agenda order (after a draw: the most severe,
    /// then the oldest, first).
    pub items: Vec<ItemRow>,
    /// How many more of this kind the agenda holds behind the shown ones (0: all shown).
    pub more: usize,
    /// "及其他 N 项" ("and N more"); null when none are left out.
    pub more_label: Option<String>,
}

/// The agenda grouped by kind in [`AGENDA_GROUP_ORDER`], each group capped; empty groups left out.
pub fn group_agenda(items: &[ItemRow], lang: Lang) -> Vec<AgendaGroup> {
    AGENDA_GROUP_ORDER
        .iter()
        .filter_map(|kind| {
            let all: Vec<&ItemRow> = items
                .iter()
                .filter(|i| AgendaItemKind::parse(&i.kind).unwrap_or(AgendaItemKind::Custom) == *kind)
                .collect();
            if all.is_empty() {
                return None;
            }
            let more = all.len().saturating_sub(AGENDA_GROUP_CAP);
            Some(AgendaGroup {
                kind: kind.code(),
                label: kind.label(lang),
                total: all.len(),
                items: all.iter().take(AGENDA_GROUP_CAP).map(|i| (*i).clone()).collect(),
                more,
                more_label: (more > 0).then(|| match lang {
                    Lang::En => format!("and {more} more"),
                    _ => format!("及其他 {more} 项"),
                }),
            })
        })
        .collect()
}

pub async fn list(ctx: &Ctx, actor: &Actor, kind: Option<&str>) -> AppResult<Vec<MeetingRow>> {
    actor.require(Permission::MeetingRead)?;
    Ok(repo::list(ctx.db.conn(), actor.zone(), kind.filter(|k| !k.is_empty())).await?)
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Meeting> {
    actor.require(Permission::MeetingRead)?;
    let db = ctx.db.conn();
    let row = repo::get(db, actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    let items = repo::items(db, actor.zone(), id).await?;
    let f = ActionFilter { meeting: Some(id), ..Default::default() };
    let actions = repo::actions(db, actor.zone(), &f).await?.into_iter().map(action_view).collect();
    Ok(Meeting {
        kind_label: check::label_of_code::<MeetingKind>(&row.kind, actor.lang),
        row,
        groups: group_agenda(&items, actor.lang),
        group_cap: AGENDA_GROUP_CAP,
        items,
        actions,
    })
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub kind: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub title: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub held_on: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub location: Option<String>,
    #[schema(schema_with = input::schema::opt::label)]
    #[serde(default, deserialize_with = "input::opt::label")]
    pub chair: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub status: Option<String>,
    #[schema(schema_with = input::schema::opt::minutes)]
    #[serde(default, deserialize_with = "input::opt::minutes")]
    pub minutes: Option<String>,
}

impl input::Replace for MeetingInput {}

fn validate(i: &MeetingInput) -> AppResult<MeetingData> {
    let kind: MeetingKind = check::pick("kind", "会议类型", i.kind.as_deref())?;
    let held_on = check::date("held_on", "会议日期", i.held_on.as_deref())?;
    let title = match i.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => check::text("title", "会议名称", Some(t), TextKind::Name)?,
        None => format!("{}（{}）", kind.label_zh(), held_on),
    };
    let status = match i.status.as_deref().unwrap_or("planned") {
        s @ ("planned" | "held") => s.to_owned(),
        _ => return Err(AppError::invalid("status", "STATUS_INVALID", "状态应为 planned（待召开）或 held（已召开）")),
    };
    Ok(MeetingData {
        kind,
        title,
        held_on,
        location: check::optional_text("location", "地点", i.location.as_deref(), TextKind::Name)?,
        chair: check::optional_text("chair", "主持人", i.chair.as_deref(), TextKind::Label)?,
        status,
        minutes: check::optional_text("minutes", "会议纪要", i.minutes.as_deref(), TextKind::Minutes)?,
    })
}

pub async fn create(ctx: &Ctx, actor: &Actor, i: MeetingInput) -> AppResult<Meeting> {
    actor.require(Permission::MeetingWrite)?;
    let data = validate(&i)?;
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert(&tx, actor.zone(), &data, actor.user_id).await?;
    actor.audit(&tx, "create", "meeting", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

pub async fn update(ctx: &Ctx, actor: &Actor, id: i64, i: MeetingInput) -> AppResult<Meeting> {
    actor.require(Permission::MeetingWrite)?;
    let before = repo::get(ctx.db.conn(), actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    let data = validate(&i)?;
    let tx = ctx.db.begin_write().await?;
    repo::update(&tx, actor.zone(), id, &data).await?;
    actor.audit(&tx, "update", "meeting", id, Some(&before), Some(&data)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

pub async fn delete(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Permission::MeetingWrite)?;
    let before = repo::get(ctx.db.conn(), actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    let tx = ctx.db.begin_write().await?;
    repo::delete(&tx, actor.zone(), id).await?;
    actor.audit(&tx, "delete", "meeting", id, Some(&before), None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    #[schema(schema_with = input::schema::code)]
    #[serde(deserialize_with = "input::code")]
    pub kind: String,
    #[serde(default)]
    pub ref_id: Option<i64>,
    #[schema(schema_with = input::schema::title)]
    #[serde(deserialize_with = "input::title")]
    pub title: String,
    #[schema(schema_with = input::schema::opt::comment)]
    #[serde(default, deserialize_with = "input::opt_or_empty::comment")]
    pub note: String,
}

/// What the system puts on the agenda of a meeting of `kind`: late projects (weekly, quarterly),
/// overdue and escalated tickets (weekly, coordination), open actions of earlier meetings (all).
/// Read with the caller's scope: a leader sees the zone. Grouped in [`AGENDA_GROUP_ORDER`] and
/// ranked within each kind, most severe and oldest first: a project by how long its most
/// overdue stage is late (then the larger investment), a ticket by its escalation level (then
/// the earlier resolve deadline), an action by its deadline.
pub async fn suggestions(ctx: &Ctx, actor: &Actor, meeting: &MeetingRow) -> AppResult<Vec<AgendaItem>> {
    let kind: MeetingKind = check::stored(&meeting.kind)?;
    let today = ctx.today();
    // (kind, rank key, item): sorted by kind order, then key.
    let mut ranked: Vec<(usize, (i64, i64, i64), AgendaItem)> = Vec::new();
    let group = |k: AgendaItemKind| AGENDA_GROUP_ORDER.iter().position(|g| *g == k).unwrap_or(usize::MAX);
    if kind.reviews_projects() && actor.can(Permission::ProjectRead) {
        let q = ProjectQuery {
            late: Some(true),
            page_size: Some(500),
            sort: Some("investment".into()),
            ..Default::default()
        };
        for p in crate::project::list(ctx, actor, &q).await?.items {
            let late: Vec<&crate::project::StageView> =
                p.stages.iter().filter(|s| p.late_stages.contains(&s.stage)).collect();
            let since = late.iter().filter_map(|s| s.planned_on).min().unwrap_or(today);
            let days = (today - since).num_days();
            let labels: Vec<&str> = late.iter().map(|s| s.label).collect();
            let note = format!("{}，逾期阶段：{}，已逾期{}天", p.row.park, labels.join("、"), days);
            let k = AgendaItemKind::LateProject;
            let item = AgendaItem { kind: k.code().into(), ref_id: Some(p.row.id), title: p.row.name, note };
            ranked.push((group(k), (-days, -p.row.investment, p.row.id), item));
        }
    }
    if kind.reviews_tickets() && actor.can(Permission::TicketRead) {
        let q = TicketQuery { open: Some(true), overdue: Some(true), page_size: Some(500), ..Default::default() };
        for t in crate::ticket::list(ctx, actor, &q).await?.items {
            let k = if t.sla.level >= zoneops_domain::sla::Escalation::Supervision {
                AgendaItemKind::EscalatedTicket
            } else {
                AgendaItemKind::OverdueTicket
            };
            let due = t.sla.resolve_due.map_or(i64::MAX, |d| d.and_utc().timestamp());
            let note = format!("{}，承办：{}", t.row.no, t.row.department.clone().unwrap_or_else(|| "未派单".into()));
            let item = AgendaItem { kind: k.code().into(), ref_id: Some(t.row.id), title: t.row.title.clone(), note };
            ranked.push((group(k), (-(t.sla.level as i64), due, t.row.id), item));
        }
    }
    let f = ActionFilter { open: Some(true), ..Default::default() };
    for a in repo::actions(ctx.db.conn(), actor.zone(), &f).await? {
        if a.meeting_id == meeting.id {
            continue;
        }
        let who = a.department.clone().or(a.assignee.clone()).unwrap_or_default();
        let note = format!("{}交办，{}，期限{}", a.meeting, who, a.due_on);
        let k = AgendaItemKind::CarriedAction;
        let key = (a.due_on - today).num_days();
        let item = AgendaItem { kind: k.code().into(), ref_id: Some(a.id), title: a.title, note };
        ranked.push((group(k), (key, 0, a.id), item));
    }
    ranked.sort_by_key(|(g, key, _)| (*g, *key));
    Ok(ranked.into_iter().map(|(_, _, item)| item).collect())
}

pub async fn suggest(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Vec<AgendaItem>> {
    actor.require(Permission::MeetingRead)?;
    let m = repo::get(ctx.db.conn(), actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    suggestions(ctx, actor, &m).await
}

/// Draws the agenda from the system: each kind's suggestions in their rank (an item already on
/// the agenda keeps its edited title and note), then that kind's items the system no longer
/// suggests or that were added by hand, in their order; kinds in [`AGENDA_GROUP_ORDER`].
pub async fn draw(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<Meeting> {
    actor.require(Permission::MeetingWrite)?;
    let m = repo::get(ctx.db.conn(), actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    let current = repo::items(ctx.db.conn(), actor.zone(), id).await?;
    let suggested = suggestions(ctx, actor, &m).await?;
    let same = |i: &ItemRow, s: &AgendaItem| i.ref_id.is_some() && i.kind == s.kind && i.ref_id == s.ref_id;
    let own = |i: &ItemRow| AgendaItem {
        kind: i.kind.clone(),
        ref_id: i.ref_id,
        title: i.title.clone(),
        note: i.note.clone(),
    };
    let mut items: Vec<AgendaItem> = Vec::with_capacity(current.len() + suggested.len());
    for kind in AGENDA_GROUP_ORDER {
        let of_kind = |k: &str| AgendaItemKind::parse(k).unwrap_or(AgendaItemKind::Custom) == kind;
        for s in suggested.iter().filter(|s| of_kind(&s.kind)) {
            items.push(current.iter().find(|i| same(i, s)).map_or_else(|| s.clone(), own));
        }
        for i in current.iter().filter(|i| of_kind(&i.kind) && !suggested.iter().any(|s| same(i, s))) {
            items.push(own(i));
        }
    }
    save_items(ctx, actor, id, items).await
}

/// The whole agenda, replaced by a PUT: `items` is required (`[]` clears the agenda).
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaInput {
    pub items: Vec<AgendaItem>,
}

impl input::Replace for AgendaInput {}

pub async fn set_agenda(ctx: &Ctx, actor: &Actor, id: i64, i: AgendaInput) -> AppResult<Meeting> {
    actor.require(Permission::MeetingWrite)?;
    repo::get(ctx.db.conn(), actor.zone(), id).await?.ok_or(AppError::NotFound)?;
    let items = i.items;
    for (n, it) in items.iter().enumerate() {
        check::pick::<AgendaItemKind>(&format!("items.{n}.kind"), "议题类型", Some(&it.kind))?;
        check::text(&format!("items.{n}.title"), "议题", Some(&it.title), TextKind::Title)?;
        check::optional_text(&format!("items.{n}.note"), "说明", Some(&it.note), TextKind::Comment)?;
    }
    if items.len() > 300 {
        return Err(AppError::invalid("items", "AGENDA_TOO_LONG", "议程最多300项"));
    }
    save_items(ctx, actor, id, items).await
}

async fn save_items(ctx: &Ctx, actor: &Actor, id: i64, items: Vec<AgendaItem>) -> AppResult<Meeting> {
    let rows: Vec<(String, Option<i64>, String, String)> =
        items.iter().map(|i| (i.kind.clone(), i.ref_id, i.title.trim().to_owned(), i.note.trim().to_owned())).collect();
    let tx = ctx.db.begin_write().await?;
    repo::set_items(&tx, actor.zone(), id, &rows).await?;
    actor.audit(&tx, "agenda", "meeting", id, None::<&()>, Some(&items)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = MeetingActionInput)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    #[schema(schema_with = input::schema::opt::title)]
    #[serde(default, deserialize_with = "input::opt::title")]
    pub title: Option<String>,
    pub assignee_id: Option<i64>,
    pub department_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub due_on: Option<String>,
    #[schema(schema_with = input::schema::opt::comment)]
    #[serde(default, deserialize_with = "input::opt::comment")]
    pub note: Option<String>,
}

/// An action's PUT sets its status (required) and what was done (`note`, kept when absent);
/// the title, assignee and deadline are not changed there, so they are unknown keys.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionStatus {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub status: Option<String>,
    #[schema(schema_with = input::schema::opt::comment)]
    #[serde(default, deserialize_with = "input::opt::comment")]
    pub note: Option<String>,
}

impl input::Replace for ActionStatus {
    const MAY_OMIT: &'static [&'static str] = &["note"];
}

/// A decision of the meeting as an assigned action with a deadline.
pub async fn add_action(ctx: &Ctx, actor: &Actor, meeting: i64, i: ActionInput) -> AppResult<Meeting> {
    actor.require(Permission::MeetingWrite)?;
    repo::get(ctx.db.conn(), actor.zone(), meeting).await?.ok_or(AppError::NotFound)?;
    if i.assignee_id.is_none() && i.department_id.is_none() {
        return Err(AppError::invalid("department_id", "ASSIGNEE_REQUIRED", "请指定责任部门或责任人"));
    }
    if let Some(u) = i.assignee_id
        && zoneops_db::user::by_id(ctx.db.conn(), Some(actor.zone()), u).await?.is_none()
    {
        return Err(AppError::invalid("assignee_id", "USER_UNKNOWN", "责任人不存在"));
    }
    if let Some(d) = i.department_id
        && zoneops_db::reference::get_dict(ctx.db.conn(), actor.zone(), zoneops_db::reference::Dict::Department, d)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("department_id", "DEPARTMENT_UNKNOWN", "所选部门不存在"));
    }
    let data = ActionData {
        title: check::text("title", "交办事项", i.title.as_deref(), TextKind::Title)?,
        assignee_id: i.assignee_id,
        department_id: i.department_id,
        due_on: check::date("due_on", "完成期限", i.due_on.as_deref())?,
        note: check::optional_text("note", "备注", i.note.as_deref(), TextKind::Comment)?,
    };
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert_action(&tx, actor.zone(), meeting, &data).await?;
    actor.audit(&tx, "create", "meeting_action", id, None::<&()>, Some(&data)).await?;
    tx.commit().await?;
    get(ctx, actor, meeting).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ActionQuery {
    pub mine: Option<bool>,
    pub open: Option<bool>,
    pub meeting: Option<i64>,
}

fn my_department(actor: &Actor) -> Option<i64> {
    match actor.scope.reach {
        Reach::Department { department } => Some(department),
        _ => None,
    }
}

/// Actions: all of them for meeting readers; the caller's own (assigned to them or to their
/// department) for everyone else — the assignee's queue. `mine=false` widens nothing: without
/// `meeting:read` the list is the caller's own whatever the query says.
pub async fn actions(ctx: &Ctx, actor: &Actor, q: &ActionQuery) -> AppResult<Vec<Action>> {
    let mine = !actor.can(Permission::MeetingRead) || q.mine == Some(true);
    let f = ActionFilter {
        meeting: q.meeting,
        open: q.open,
        mine: mine.then(|| (actor.user_id, my_department(actor))),
        ..Default::default()
    };
    Ok(repo::actions(ctx.db.conn(), actor.zone(), &f).await?.into_iter().map(action_view).collect())
}

/// Marks an action done (or open again): the meeting's organisers or the assignee.
pub async fn set_action(ctx: &Ctx, actor: &Actor, id: i64, i: ActionStatus) -> AppResult<Action> {
    let f = ActionFilter::default();
    let a = repo::actions(ctx.db.conn(), actor.zone(), &f)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NotFound)?;
    let own =
        a.assignee_id == Some(actor.user_id) || (a.department_id.is_some() && a.department_id == my_department(actor));
    if !actor.can(Permission::MeetingWrite) && !own {
        // Someone else's action is not even there for a caller who cannot read meetings.
        return Err(if actor.can(Permission::MeetingRead) { AppError::Forbidden } else { AppError::NotFound });
    }
    let done = match i.status.as_deref() {
        Some("done") => Some(today()),
        Some("open") => None,
        _ => return Err(AppError::invalid("status", "STATUS_INVALID", "状态应为 done（已完成）或 open（未完成）")),
    };
    let note = check::optional_text("note", "办理情况", i.note.as_deref().or(Some(&a.note)), TextKind::Comment)?;
    let tx = ctx.db.begin_write().await?;
    repo::set_action_status(&tx, actor.zone(), id, done, &note).await?;
    let after = serde_json::json!({"status": i.status, "note": note});
    actor.audit(&tx, "update", "meeting_action", id, Some(&a), Some(&after)).await?;
    tx.commit().await?;
    let f = ActionFilter { meeting: Some(a.meeting_id), ..Default::default() };
    repo::actions(ctx.db.conn(), actor.zone(), &f)
        .await?
        .into_iter()
        .find(|x| x.id == id)
        .map(action_view)
        .ok_or(AppError::NotFound)
}

/// Kinds and labels for the console.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = MeetingMeta)]
pub struct Meta {
    pub kinds: Vec<Labeled>,
    pub item_kinds: Vec<Labeled>,
}

pub fn meta(lang: Lang) -> Meta {
    Meta { kinds: MeetingKind::labeled(lang), item_kinds: AgendaItemKind::labeled(lang) }
}
