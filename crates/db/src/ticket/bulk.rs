//! The demo zone's bulk load: tickets with every column given and their events, in multi-row
//! statements.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::Query;

use super::{EVENT_COLS, NewTicket};
use crate::{DbError, DbResult, WriteTx};

/// A ticket as loaded in bulk (the demo zone): every column given, events included.
pub struct LoadedTicket {
    pub data: NewTicket,
    pub no: String,
    pub access_code: String,
    pub department_id: Option<i64>,
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub resolution: String,
    pub solved: Option<bool>,
    pub satisfaction: Option<i32>,
    pub rating_comment: String,
    pub events: Vec<LoadedEvent>,
}

pub struct LoadedEvent {
    pub at: DateTime<Utc>,
    pub action: &'static str,
    pub from: Option<String>,
    pub to: String,
    pub actor: String,
    pub department: Option<i64>,
    pub reason: Option<String>,
}

/// Inserts tickets with their events in multi-row statements (ids matched back by number).
pub async fn bulk_insert(tx: &WriteTx, zone: i64, tickets: &[LoadedTicket]) -> DbResult<()> {
    if tickets.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("ticket").columns(NewTicket::COLUMNS.into_iter().chain([
        "zone_id",
        "no",
        "access_code",
        "department_id",
        "state",
        "created_at",
        "dispatched_at",
        "answered_at",
        "resolved_at",
        "closed_at",
        "updated_at",
        "resolution",
        "solved",
        "satisfaction",
        "rating_comment",
    ]));
    for t in tickets {
        let updated = t.events.last().map_or(t.created_at, |e| e.at);
        q.values_panic(t.data.values().into_iter().chain([
            zone.into(),
            t.no.clone().into(),
            t.access_code.clone().into(),
            t.department_id.into(),
            t.state.clone().into(),
            t.created_at.into(),
            t.dispatched_at.into(),
            t.answered_at.into(),
            t.resolved_at.into(),
            t.closed_at.into(),
            updated.into(),
            t.resolution.clone().into(),
            t.solved.into(),
            t.satisfaction.into(),
            t.rating_comment.clone().into(),
        ]));
    }
    q.returning(Query::returning().columns(["id", "no"]));
    let mut ids = std::collections::HashMap::new();
    for r in tx.query_all(&q).await? {
        let id: i64 = r.try_get_by_index(0)?;
        let no: String = r.try_get_by_index(1)?;
        ids.insert(no, id);
    }
    let mut ev = Query::insert();
    ev.into_table("ticket_event").columns(EVENT_COLS);
    let mut n = 0;
    for t in tickets {
        let id = *ids.get(&t.no).ok_or_else(|| DbError::Invalid(format!("ticket {} not returned", t.no)))?;
        for e in &t.events {
            ev.values_panic([
                zone.into(),
                id.into(),
                e.at.into(),
                e.action.into(),
                e.from.clone().into(),
                e.to.clone().into(),
                None::<i64>.into(),
                e.actor.clone().into(),
                e.department.into(),
                e.reason.clone().into(),
            ]);
            n += 1;
            if n == 400 {
                tx.execute(&ev).await?;
                ev = Query::insert();
                ev.into_table("ticket_event").columns(EVENT_COLS);
                n = 0;
            }
        }
    }
    if n > 0 {
        tx.execute(&ev).await?;
    }
    Ok(())
}
