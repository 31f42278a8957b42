//! A nomination's history (`nomination_events`) and the feedback it
//! received while posted (`nomination_feedback`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{nomination_events, nomination_feedback};
use super::{DbConnection, DbError};

/// An entry of a nomination's history.
pub struct Event {
    pub actor: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
}

pub fn add_event(conn: &mut DbConnection, nomination_id: &str, e: &Event) -> Result<(), DbError> {
    diesel::insert_into(nomination_events::table)
        .values((
            nomination_events::id.eq(uuid::Uuid::now_v7().to_string()),
            nomination_events::nomination_id.eq(nomination_id),
            nomination_events::actor.eq(&e.actor),
            nomination_events::at.eq(e.at.naive_utc()),
            nomination_events::action.eq(&e.action),
            nomination_events::from_status.eq(e.from_status.as_deref()),
            nomination_events::to_status.eq(&e.to_status),
            nomination_events::reason.eq(e.reason.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}

type EventRow = (String, NaiveDateTime, String, Option<String>, String, Option<String>);

/// A nomination's history, oldest first.
pub fn events(conn: &mut DbConnection, nomination_id: &str) -> Result<Vec<Event>, DbError> {
    let rows: Vec<EventRow> = nomination_events::table
        .filter(nomination_events::nomination_id.eq(nomination_id))
        .select((
            nomination_events::actor,
            nomination_events::at,
            nomination_events::action,
            nomination_events::from_status,
            nomination_events::to_status,
            nomination_events::reason,
        ))
        .order((nomination_events::at.asc(), nomination_events::id.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(actor, at, action, from_status, to_status, reason)| Event {
            actor,
            at: at.and_utc(),
            action,
            from_status,
            to_status,
            reason,
        })
        .collect())
}

/// Feedback received while a nomination was posted.
#[derive(Clone, Debug)]
pub struct Feedback {
    pub id: String,
    pub received_on: NaiveDate,
    pub source: String,
    pub body: String,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

pub fn add_feedback(conn: &mut DbConnection, nomination_id: &str, f: &Feedback) -> Result<(), DbError> {
    diesel::insert_into(nomination_feedback::table)
        .values((
            nomination_feedback::id.eq(&f.id),
            nomination_feedback::nomination_id.eq(nomination_id),
            nomination_feedback::received_on.eq(f.received_on),
            nomination_feedback::source.eq(&f.source),
            nomination_feedback::body.eq(&f.body),
            nomination_feedback::recorded_by.eq(&f.recorded_by),
            nomination_feedback::created_at.eq(f.created_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A nomination's feedback, in the order received.
pub fn feedback(conn: &mut DbConnection, nomination_id: &str) -> Result<Vec<Feedback>, DbError> {
    let rows: Vec<(String, NaiveDate, String, String, String, NaiveDateTime)> = nomination_feedback::table
        .filter(nomination_feedback::nomination_id.eq(nomination_id))
        .select((
            nomination_feedback::id,
            nomination_feedback::received_on,
            nomination_feedback::source,
            nomination_feedback::body,
            nomination_feedback::recorded_by,
            nomination_feedback::created_at,
        ))
        .order((nomination_feedback::received_on.asc(), nomination_feedback::id.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, received_on, source, body, recorded_by, created_at)| Feedback {
            id,
            received_on,
            source,
            body,
            recorded_by,
            created_at: created_at.and_utc(),
        })
        .collect())
}

/// How much feedback a nomination received.
pub fn feedback_count(conn: &mut DbConnection, nomination_id: &str) -> Result<i64, DbError> {
    Ok(nomination_feedback::table
        .filter(nomination_feedback::nomination_id.eq(nomination_id))
        .count()
        .get_result(conn)?)
}
