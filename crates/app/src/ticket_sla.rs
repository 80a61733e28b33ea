//! Keeps each ticket's SLA columns (`zoneops_db::ticket_sla`) in step with its history: rewritten
//! in the transaction of every action, of a policy change (the tickets whose policy changed) and
//! of a calendar year (the tickets whose clock may have run in it). The API still shows the clock
//! evaluated live; the columns answer "overdue", the levels and the on-time rate as indexed
//! conditions on a zone with a million tickets (decision 0012).

use chrono::{DateTime, NaiveDateTime, Utc};
use zoneops_db::ticket::{self as repo, EventRow, TicketFilter, TicketRow};
use zoneops_db::ticket_sla::{self as cols, Affected, SlaColumns};
use zoneops_db::{Db, WriteTx};
use zoneops_domain::scope::{Reach, Scope};
use zoneops_domain::sla::{Escalation, SlaState};

use crate::ticket::Clock;
use crate::{AppError, AppResult};

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    zoneops_domain::zone_time::to_utc(t)
}

/// The resolve clock's columns for a clock evaluated just after the ticket's last change. They hold until the
/// next change: a running clock's instants are fixed; a paused clock keeps the level it had
/// (its deadline moves with the pause), unless it was breached before the pause, when its
/// instants are fixed again; a stopped clock keeps only whether it was breached.
pub fn columns(s: &SlaState) -> SlaColumns {
    if s.started_at.is_none() {
        return SlaColumns::default();
    }
    let breach_at = if s.resolve_breached || (s.open && !s.paused) { s.resolve_due.map(utc) } else { None };
    if !s.open {
        return SlaColumns { breach_at, ..SlaColumns::default() };
    }
    let moving = s.paused && !s.resolve_breached;
    let at = |instant: Option<NaiveDateTime>, level: Escalation| {
        if moving && s.level < level { None } else { instant.map(utc) }
    };
    SlaColumns {
        breach_at,
        remind_at: at(s.remind_at, Escalation::Reminder),
        supervise_at: at(s.supervise_at, Escalation::Supervision),
        notice_at: at(s.notice_at, Escalation::PublicNotice),
        // The dispatch clock is not in the resolve state: see `columns_of`.
        dispatch_due_at: None,
    }
}

/// The columns of a ticket with its history, as of `now`: the resolve clock's (see [`columns`])
/// and, while it waits for its first dispatch, when its dispatch limit runs out (decision 0035).
pub fn columns_of(clock: &Clock, t: &TicketRow, events: &[EventRow], now: NaiveDateTime) -> SlaColumns {
    let s = clock.state_at(t, events, now);
    SlaColumns { dispatch_due_at: clock.dispatch_due(t).map(utc), ..columns(&s) }
}

/// What the columns say at `now`: (overdue, level) for an open ticket, (breached, None) for a
/// stopped one — the same questions `SlaState` answers, for the check against the replay.
pub fn read(t: &TicketRow, now: DateTime<Utc>) -> (bool, Escalation) {
    let open = zoneops_domain::ticket::is_open(&t.state);
    let breached = t.sla_breach_at.is_some_and(|b| if open { b < now } else { true });
    let reached = |at: Option<DateTime<Utc>>| at.is_some_and(|a| a <= now);
    let level = if !open {
        Escalation::None
    } else if reached(t.sla_notice_at) {
        Escalation::PublicNotice
    } else if reached(t.sla_supervise_at) {
        Escalation::Supervision
    } else if reached(t.sla_remind_at) {
        Escalation::Reminder
    } else {
        Escalation::None
    };
    (breached, level)
}

fn everyone(zone: i64) -> Scope {
    Scope { zone, user: 0, reach: Reach::Zone }
}

/// Rewrites one ticket's columns inside the transaction that changed it.
pub async fn refresh(tx: &WriteTx, clock: &Clock, zone: i64, id: i64) -> AppResult<()> {
    let t = repo::get(&**tx, &everyone(zone), id).await?.ok_or(AppError::NotFound)?;
    let events = repo::events(&**tx, &[id]).await?;
    let now = zoneops_db::now();
    cols::set(tx, id, &columns_of(clock, &t, &events, crate::ticket::local(now)), now).await?;
    Ok(())
}

/// Events grouped by ticket, in the order `repo::events` returns them (by ticket, then id).
pub fn by_ticket(events: &[EventRow]) -> std::collections::HashMap<i64, &[EventRow]> {
    let mut out = std::collections::HashMap::new();
    let mut start = 0;
    for i in 1..=events.len() {
        if i == events.len() || events[i].ticket_id != events[start].ticket_id {
            out.insert(events[start].ticket_id, &events[start..i]);
            start = i;
        }
    }
    out
}

/// The next batch of affected tickets after id `after`, with their histories: (rows, events).
async fn next_batch(
    db: &impl zoneops_db::ConnectionTrait,
    zone: i64,
    which: &Affected,
    after: i64,
) -> AppResult<(Vec<TicketRow>, Vec<EventRow>)> {
    let keys = cols::batch(db, zone, which, after, 1000).await?;
    if keys.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let ids: Vec<i64> = keys.iter().map(|k| k.id).collect();
    let f = TicketFilter { ids: Some(ids.clone()), ..Default::default() };
    let rows = repo::list(db, &everyone(zone), &f, false, false, None).await?.items;
    Ok((rows, repo::events(db, &ids).await?))
}

/// Rewrites the columns of the affected tickets of a zone with `clock` (the policies and
/// calendar in force after the change), in batches inside `tx`; returns how many.
pub async fn recompute(tx: &WriteTx, clock: &Clock, zone: i64, which: &Affected) -> AppResult<usize> {
    if matches!(which, Affected::Pairs(p) if p.is_empty()) {
        return Ok(0);
    }
    let now = zoneops_db::now();
    let (mut after, mut done) = (0, 0);
    loop {
        let (rows, events) = next_batch(&**tx, zone, which, after).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let grouped = by_ticket(&events);
        for t in &rows {
            let ev = grouped.get(&t.id).copied().unwrap_or_default();
            let c = columns_of(clock, t, ev, crate::ticket::local(now));
            let stored = SlaColumns {
                breach_at: t.sla_breach_at,
                remind_at: t.sla_remind_at,
                supervise_at: t.sla_supervise_at,
                notice_at: t.sla_notice_at,
                dispatch_due_at: t.sla_dispatch_due_at,
            };
            // Unchanged rows are still stamped (`NeverComputed` must not find them again).
            if c != stored || matches!(which, Affected::NeverComputed | Affected::WaitingNeverComputed) {
                cols::set(tx, t.id, &c, now).await?;
            }
        }
        done += rows.len();
    }
    Ok(done)
}

/// Computes the columns of every started ticket that has none (after the migration that added
/// them, or a bulk load); run when the server starts and after the demo loads.
pub async fn backfill(db: &Db) -> AppResult<usize> {
    let mut n = 0;
    for zone in zoneops_db::reference::zones(db.conn()).await? {
        // Usually none (empty partial indexes): then no transaction, no write to announce.
        for which in [Affected::NeverComputed, Affected::WaitingNeverComputed] {
            if cols::batch(db.conn(), zone.id, &which, 0, 1).await?.is_empty() {
                continue;
            }
            let clock = Clock::load_from(db.conn(), zone.id).await?;
            let tx = db.begin_write().await?;
            n += recompute(&tx, &clock, zone.id, &which).await?;
            tx.commit().await?;
        }
    }
    Ok(n)
}

/// Recomputes the columns of every started ticket: the repair after a change that bypassed the
/// use cases (what `zoneops check` reports).
pub async fn rebuild(db: &Db) -> AppResult<usize> {
    let mut n = 0;
    for zone in zoneops_db::reference::zones(db.conn()).await? {
        let clock = Clock::load_from(db.conn(), zone.id).await?;
        let tx = db.begin_write().await?;
        n += recompute(&tx, &clock, zone.id, &Affected::Started).await?;
        tx.commit().await?;
    }
    Ok(n)
}

/// Tickets whose columns disagree with the replay of their history at `now` (`zoneops check`).
pub async fn verify(db: &Db, now: DateTime<Utc>) -> AppResult<Vec<String>> {
    let mut problems = Vec::new();
    for zone in zoneops_db::reference::zones(db.conn()).await? {
        let clock = Clock::load_from(db.conn(), zone.id).await?;
        let mut after = 0;
        loop {
            let (rows, events) = next_batch(db.conn(), zone.id, &Affected::Started, after).await?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            let grouped = by_ticket(&events);
            for t in &rows {
                let s = clock.state_at(t, grouped.get(&t.id).copied().unwrap_or_default(), crate::ticket::local(now));
                let derived = (s.resolve_breached, s.level);
                if read(t, now) != derived {
                    problems.push(format!(
                        "ticket {}: SLA columns say (breached {}, {:?}), the history says (breached {}, {:?})",
                        t.no,
                        read(t, now).0,
                        read(t, now).1,
                        derived.0,
                        derived.1
                    ));
                }
                // The dispatch deadline does not move while nothing happens: compared as stored.
                let due = clock.dispatch_due(t).map(utc);
                if t.sla_dispatch_due_at != due {
                    problems.push(format!(
                        "ticket {}: the dispatch deadline column says {:?}, the receipt and the policy say {:?}",
                        t.no, t.sla_dispatch_due_at, due
                    ));
                }
            }
        }
    }
    Ok(problems)
}
