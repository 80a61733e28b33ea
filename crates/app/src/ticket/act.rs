//! Writes: creating a ticket and acting on it through the state machine, and rating it.

use crate::check;
use crate::ticket_category::Categories;
use crate::{Actor, AppError, AppResult, Ctx, RequestMeta, input};
use rand::RngCore;
use serde::Deserialize;
use zoneops_db::reference::{self, Dict};
use zoneops_db::ticket::{self as repo, Change, NewEvent, NewTicket};
use zoneops_domain::Permission;
use zoneops_domain::scope::Reach;
use zoneops_domain::text::TextKind;
use zoneops_domain::ticket::{self as lifecycle, Channel, Priority, Side, TicketAction, TicketEvent, TicketState};

use super::*;

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketInput {
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub channel: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub category: Option<String>,
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub priority: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub title: Option<String>,
    #[schema(schema_with = input::schema::opt::detail)]
    #[serde(default, deserialize_with = "input::opt::detail")]
    pub detail: Option<String>,
    pub enterprise_id: Option<i64>,
    pub project_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::person)]
    #[serde(default, deserialize_with = "input::opt::person")]
    pub contact_name: Option<String>,
    #[schema(schema_with = input::schema::opt::phone)]
    #[serde(default, deserialize_with = "input::opt::phone")]
    pub contact_phone: Option<String>,
    #[schema(schema_with = input::schema::opt::name)]
    #[serde(default, deserialize_with = "input::opt::name")]
    pub company: Option<String>,
    /// When a ticket taken by phone was received, if it is entered afterwards (staff only):
    /// `YYYY-MM-DD HH:MM` on the zone's clock, or RFC 3339; not in the future. Absent: now.
    /// Its SLA clock runs from here.
    #[schema(schema_with = input::schema::opt::code)]
    #[serde(default, deserialize_with = "input::opt::code")]
    pub received_at: Option<String>,
    /// Required when `received_at` is more than 3 calendar days before today.
    #[schema(schema_with = input::schema::opt::remark)]
    #[serde(default, deserialize_with = "input::opt::remark")]
    pub late_reason: Option<String>,
}

pub(super) fn phone(field: &str, v: Option<&str>, required: bool) -> AppResult<String> {
    check::phone(field, "联系电话", v, zoneops_domain::PhoneRule::Any, required)
}

pub(crate) fn access_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// Files a ticket in a grouped write (many callers share one durable commit, decision 0010).
pub(super) async fn insert(
    ctx: &Ctx,
    t: NewTicket,
    actor: (Option<i64>, String),
    audit: AuditBy,
) -> AppResult<(i64, String, String)> {
    let code = access_code();
    let at = ctx.clock.now();
    // Its SLA columns are written with it (decision 0012): the dispatch clock runs from its
    // receipt (decision 0035), and so does the resolve clock of one received before it was entered.
    let clock = std::sync::Arc::new(Clock::load(ctx, audit.zone).await?);
    // Numbers come from the day's counter row (its row lock serialises them); a duplicate can
    // only meet a number written outside it (a bulk load before its counters are rebuilt):
    // retry with the next.
    for attempt in 0..3 {
        let (t, code, actor, audit, clock) = (t.clone(), code.clone(), actor.clone(), audit.clone(), clock.clone());
        let result = ctx
            .db
            .write_grouped(move |tx| {
                Box::pin(async move {
                    let day = zoneops_domain::zone_time::day(at);
                    let (id, no) = repo::insert(tx, audit.zone, &t, &code, (at, day), (actor.0, &actor.1)).await?;
                    crate::ticket_sla::refresh(tx, &clock, audit.zone, id)
                        .await
                        .map_err(|e| zoneops_db::DbError::Invalid(e.to_string()))?;
                    audit.write(tx, id, &t).await.map_err(|e| zoneops_db::DbError::Invalid(e.to_string()))?;
                    crate::notify::on_ticket_filed(tx, audit.zone, id, &no, &t.title, &t.category)
                        .await
                        .map_err(|e| zoneops_db::DbError::Invalid(e.to_string()))?;
                    Ok((id, no, code))
                })
            })
            .await;
        match result {
            Ok(done) => return Ok(done),
            Err(zoneops_db::DbError::Duplicate { .. }) if attempt < 2 => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("could not number the ticket"))
}

/// Who the audit row names: a user, or the public hotline.
#[derive(Clone)]
pub(super) struct AuditBy {
    pub(super) zone: i64,
    pub(super) actor: Option<Actor>,
    pub(super) meta: Option<RequestMeta>,
}

impl AuditBy {
    async fn write(&self, tx: &zoneops_db::WriteTx, id: i64, t: &NewTicket) -> AppResult<()> {
        match (&self.actor, &self.meta) {
            (Some(a), _) => a.audit(tx, "create", "ticket", id, None::<&()>, Some(t)).await,
            (None, Some(m)) => m.audit_hotline(tx, self.zone, "create", "ticket", id, t).await,
            (None, None) => Err(AppError::internal("no audit actor")),
        }
    }
}

pub async fn create(ctx: &Ctx, actor: &Actor, i: TicketInput) -> AppResult<Ticket> {
    actor.require(Permission::TicketWrite)?;
    let db = ctx.db.conn();
    let (channel, enterprise_id) = match actor.scope.reach {
        // An enterprise account files for itself.
        Reach::Enterprise { enterprise } => (Channel::Enterprise, Some(enterprise)),
        _ => {
            let c = check::pick("channel", "来源", i.channel.as_deref().or(Some(Channel::Phone.code())))?;
            if c == Channel::Hotline {
                return Err(AppError::invalid(
                    "channel",
                    "CHANNEL_INVALID",
                    "热线工单请通过公开的办不成事热线表单提交",
                ));
            }
            (c, check::enterprise(ctx, actor, "enterprise_id", i.enterprise_id).await?)
        }
    };
    let project = match i.project_id {
        Some(p) => Some(
            zoneops_db::project::get(db, &actor.scope, p)
                .await?
                .ok_or_else(|| AppError::invalid("project_id", "PROJECT_UNKNOWN", "关联项目不存在或无权查看"))?,
        ),
        None => None,
    };
    let enterprise_park = match enterprise_id {
        Some(e) => zoneops_db::enterprise::park_of(db, actor.zone(), e).await?,
        None => None,
    };
    let happened = match actor.scope.reach {
        Reach::Enterprise { .. } if i.received_at.is_some() => {
            return Err(AppError::invalid("received_at", "RECEIVED_AT_STAFF_ONLY", "受理时间由工作人员填写"));
        }
        _ => check::happened(
            ("received_at", "受理时间"),
            i.received_at.as_deref(),
            i.late_reason.as_deref(),
            ctx.clock.now(),
        )?,
    };
    let cats = Categories::of_zone(ctx, actor.zone()).await?;
    let t = NewTicket {
        channel,
        category: cats.choose("category", "问题类别", i.category.as_deref())?,
        priority: check::pick("priority", "紧急程度", i.priority.as_deref().or(Some(Priority::Normal.code())))?,
        title: check::text("title", "问题标题", i.title.as_deref(), TextKind::Name)?,
        detail: check::text("detail", "问题描述", i.detail.as_deref(), TextKind::Detail)?,
        enterprise_id,
        project_id: project.as_ref().map(|p| p.id),
        // A park's staff file for their park even without an enterprise: the park scope is
        // then all a park user needs to follow what they filed (see `scope::ticket`).
        park_id: enterprise_park.or(project.as_ref().map(|p| p.park_id)).or(match &actor.scope.reach {
            Reach::Parks { parks } => parks.first().copied(),
            _ => None,
        }),
        requester_id: Some(actor.user_id),
        contact_name: check::optional_text("contact_name", "联系人", i.contact_name.as_deref(), TextKind::Label)?,
        contact_phone: phone("contact_phone", i.contact_phone.as_deref(), false)?,
        contact_company: check::optional_text("company", "企业名称", i.company.as_deref(), TextKind::Name)?,
        received_at: happened.as_ref().map(|h| h.at),
        late_reason: happened.and_then(|h| h.late_reason),
    };
    let audit = AuditBy { zone: actor.zone(), actor: Some(actor.clone()), meta: None };
    let (id, _, _) = insert(ctx, t, (Some(actor.user_id), actor.display_name.clone()), audit).await?;
    get(ctx, actor, id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = TicketActionInput)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    #[schema(schema_with = input::schema::opt::comment)]
    #[serde(default, deserialize_with = "input::opt::comment")]
    pub reason: Option<String>,
    pub department_id: Option<i64>,
    #[schema(schema_with = input::schema::opt::detail)]
    #[serde(default, deserialize_with = "input::opt::detail")]
    pub resolution: Option<String>,
}

/// Takes an action on a ticket: the state machine decides, the history records it.
pub async fn act(ctx: &Ctx, actor: &Actor, id: i64, code: &str, i: ActionInput) -> AppResult<Ticket> {
    if !actor.can(Permission::TicketWrite) && !actor.can(Permission::TicketDispatch) {
        return Err(AppError::Forbidden);
    }
    let reason = check::optional_text("reason", "原因", i.reason.as_deref(), TextKind::Comment)?;
    let resolution = check::optional_text("resolution", "办理结果", i.resolution.as_deref(), TextKind::Detail)?;
    let department = match i.department_id {
        Some(d) => {
            if reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Department, d).await?.is_none() {
                return Err(AppError::invalid("department_id", "DEPARTMENT_UNKNOWN", "所选部门不存在"));
            }
            Some(d)
        }
        None => None,
    };
    let tx = ctx.db.begin_write().await?;
    let t = repo::get(&*tx, &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let action = TicketAction::parse(code).ok_or(AppError::NotFound)?;
    let state: TicketState = check::stored(&t.state)?;
    let rule = lifecycle::transition(state, action, &sides(actor, &t)).map_err(|e| match e {
        lifecycle::TransitionError::NotYours { .. } => AppError::Forbidden,
        other @ lifecycle::TransitionError::WrongState { .. } => AppError::Invalid {
            field: "action".into(),
            code: "TICKET_TRANSITION",
            message: other.message_zh(),
            params: serde_json::json!({"state": t.state, "action": code}),
        },
    })?;
    // Resolving states the result; the other actions that need words give a reason.
    let resolving = action == TicketAction::Resolve;
    let why = if resolving { &resolution } else { &reason };
    if rule.reason_required && why.is_empty() {
        let (field, what) = if resolving { ("resolution", "办理结果") } else { ("reason", "原因") };
        return Err(AppError::invalid(field, "REASON_REQUIRED", format!("“{}”须填写{what}", rule.label)));
    }
    if rule.needs_department && department.is_none() {
        return Err(AppError::invalid("department_id", "DEPARTMENT_REQUIRED", "请选择承办部门"));
    }
    if action == TicketAction::Reroute && department == t.department_id {
        return Err(AppError::invalid(
            "department_id",
            "DEPARTMENT_SAME",
            "改派须选择其他部门；坚持原部门请用“坚持派单”",
        ));
    }
    // The app's clock (tests set it), to the microsecond both backends keep.
    let now = chrono::SubsecRound::trunc_subsecs(ctx.clock.now(), 6);
    let mut change = Change { department, ..Change::default() };
    // The timestamps each action sets: a new action does not compile until this is decided.
    match action {
        TicketAction::Dispatch => change.dispatched_at = Some(now),
        TicketAction::Accept => change.answered_at = t.answered_at.is_none().then_some(now),
        TicketAction::Resolve => {
            change.resolved_at = Some(Some(now));
            change.resolution = Some(resolution.clone());
        }
        TicketAction::Close | TicketAction::CloseUnresolved => change.closed_at = Some(Some(now)),
        TicketAction::Reopen => {
            change.resolved_at = Some(None);
            change.closed_at = Some(None);
        }
        TicketAction::Reroute
        | TicketAction::Insist
        | TicketAction::Return
        | TicketAction::Start
        | TicketAction::Pause
        | TicketAction::Resume => {}
    }
    if !repo::set_state(&tx, actor.zone(), id, &t.state, rule.to.code(), &change).await? {
        return Err(AppError::Conflict {
            field: "state".into(),
            code: "TICKET_CHANGED",
            message: "工单已被他人处理，请刷新".into(),
        });
    }
    let reason_opt = Some(why.as_str()).filter(|r| !r.is_empty());
    let ev = NewEvent {
        zone: actor.zone(),
        ticket: id,
        action: action.code(),
        from: Some(&t.state),
        to: rule.to.code(),
        actor: (Some(actor.user_id), &actor.display_name),
        department: department.or(if action == TicketAction::Insist { t.department_id } else { None }),
        reason: reason_opt,
    };
    repo::insert_event(&tx, &ev, now).await?;
    crate::ticket_sla::refresh(&tx, &Clock::load(ctx, actor.zone()).await?, actor.zone(), id).await?;
    crate::notify::on_ticket_action(&tx, actor.zone(), &t, action, department, reason_opt).await?;
    let after = serde_json::json!({"state": rule.to, "department_id": department, "reason": reason_opt});
    actor.audit(&tx, action.code(), "ticket", id, Some(&serde_json::json!({"state": t.state})), Some(&after)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    pub solved: Option<bool>,
    pub satisfaction: Option<i32>,
    #[schema(schema_with = input::schema::opt::comment)]
    #[serde(default, deserialize_with = "input::opt::comment")]
    pub comment: Option<String>,
}

/// Satisfaction on closing (the enterprise, or staff calling back): "not solved" reopens.
pub async fn rate(ctx: &Ctx, actor: &Actor, id: i64, i: RatingInput) -> AppResult<Ticket> {
    let solved = i.solved.ok_or_else(|| AppError::invalid("solved", "REQUIRED", "请选择问题是否解决"))?;
    let sat = match i.satisfaction {
        Some(s @ 1..=5) => s,
        _ => return Err(AppError::invalid("satisfaction", "SATISFACTION_INVALID", "满意度应为1至5分")),
    };
    let comment = check::optional_text("comment", "评价意见", i.comment.as_deref(), TextKind::Comment)?;
    let tx = ctx.db.begin_write().await?;
    let t = repo::get(&*tx, &actor.scope, id).await?.ok_or(AppError::NotFound)?;
    let s = sides(actor, &t);
    if !s.contains(&Side::Requester) && !s.contains(&Side::Dispatcher) {
        return Err(AppError::Forbidden);
    }
    let state = check::stored::<TicketState>(&t.state)?;
    if !state.can_rate() {
        return Err(AppError::invalid("solved", "TICKET_NOT_RESOLVED", "工单办结后才能评价"));
    }
    if state == TicketState::Closed && t.solved == Some(true) {
        return Err(AppError::invalid("solved", "TICKET_ALREADY_RATED", "工单已评价并关闭，不能重复评价"));
    }
    // The app's clock (tests set it), to the microsecond both backends keep.
    let now = chrono::SubsecRound::trunc_subsecs(ctx.clock.now(), 6);
    // "Solved" closes the ticket (an event of its own); "not solved" reopens it.
    let (to, action, mut change) = if solved {
        let change = Change { closed_at: Some(Some(t.closed_at.unwrap_or(now))), ..Change::default() };
        (TicketState::Closed.code(), TicketEvent::Rate.code(), change)
    } else {
        let change = Change { resolved_at: Some(None), closed_at: Some(None), ..Change::default() };
        (TicketAction::Reopen.rule().to.code(), TicketAction::Reopen.code(), change)
    };
    change.rating = Some((solved, sat, comment.clone()));
    if !repo::set_state(&tx, actor.zone(), id, &t.state, to, &change).await? {
        return Err(AppError::Conflict {
            field: "state".into(),
            code: "TICKET_CHANGED",
            message: "工单已被他人处理，请刷新".into(),
        });
    }
    let reason = format!(
        "{}；满意度{}分{}",
        if solved { "已解决" } else { "未解决" },
        sat,
        if comment.is_empty() { String::new() } else { format!("：{comment}") }
    );
    let ev = NewEvent {
        zone: actor.zone(),
        ticket: id,
        action,
        from: Some(&t.state),
        to,
        actor: (Some(actor.user_id), &actor.display_name),
        department: None,
        reason: Some(&reason),
    };
    repo::insert_event(&tx, &ev, now).await?;
    crate::ticket_sla::refresh(&tx, &Clock::load(ctx, actor.zone()).await?, actor.zone(), id).await?;
    let after = serde_json::json!({"solved": solved, "satisfaction": sat, "state": to});
    actor.audit(&tx, "rate", "ticket", id, Some(&serde_json::json!({"state": t.state})), Some(&after)).await?;
    tx.commit().await?;
    get(ctx, actor, id).await
}
