//! The `webhook_deliveries` table: one change to send to one subscription,
//! how the attempts went, and when the next is due. Written by the
//! dispatcher, taken and updated by the delivery worker.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{webhook_deliveries as d, webhooks};
use super::webhooks::{COLUMNS as SUBSCRIPTION, Subscription};
use super::{DbConnection, DbError};

#[derive(Clone, Debug, Queryable)]
pub struct Delivery {
    /// Also the message's `webhook-id`.
    pub id: String,
    pub webhook_id: String,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    /// Attempts since the last (re)delivery was asked.
    pub round_attempts: i32,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub lease_until: Option<NaiveDateTime>,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub response_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// The columns of a row, in the struct's order.
type Columns = (
    d::id,
    d::webhook_id,
    d::event_id,
    d::event_type,
    d::payload,
    d::status,
    d::attempts,
    d::round_attempts,
    d::next_attempt_at,
    d::lease_until,
    d::last_attempt_at,
    d::response_code,
    d::last_error,
    d::created_at,
    d::delivered_at,
);

const COLUMNS: Columns = (
    d::id,
    d::webhook_id,
    d::event_id,
    d::event_type,
    d::payload,
    d::status,
    d::attempts,
    d::round_attempts,
    d::next_attempt_at,
    d::lease_until,
    d::last_attempt_at,
    d::response_code,
    d::last_error,
    d::created_at,
    d::delivered_at,
);

/// A new pending delivery, due at once. The dispatcher writes each change
/// for each subscription once (`UNIQUE (webhook_id, event_id)` holds it to that).
pub fn insert(
    conn: &mut DbConnection,
    id: &str,
    webhook_id: &str,
    event_id: &str,
    event_type: &str,
    payload: &str,
) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(d::table)
        .values((
            d::id.eq(id),
            d::webhook_id.eq(webhook_id),
            d::event_id.eq(event_id),
            d::event_type.eq(event_type),
            d::payload.eq(payload),
            d::status.eq("pending"),
            d::next_attempt_at.eq(Some(now)),
            d::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, webhook_id: &str, id: &str) -> Result<Option<Delivery>, DbError> {
    Ok(d::table.find(id).filter(d::webhook_id.eq(webhook_id)).select(COLUMNS).first(conn).optional()?)
}

/// A subscription's deliveries, newest first (of one status when given), and how many.
pub fn list(
    conn: &mut DbConnection,
    webhook_id: &str,
    status: Option<&str>,
    limit: u32,
    offset: u64,
) -> Result<(Vec<Delivery>, u64), DbError> {
    let query = || {
        let mut query = d::table.filter(d::webhook_id.eq(webhook_id.to_owned())).into_boxed();
        if let Some(status) = status {
            query = query.filter(d::status.eq(status.to_owned()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows = query()
        .select(COLUMNS)
        .order((d::created_at.desc(), d::id.desc()))
        .limit(i64::from(limit))
        .offset(i64::try_from(offset).unwrap_or(i64::MAX))
        .load(conn)?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// Takes up to `limit` due deliveries of active subscriptions for this
/// worker until `lease_until`; each with its subscription. On PostgreSQL
/// the rows are read `FOR UPDATE SKIP LOCKED`, so instances taking at the
/// same moment take different deliveries, and the lease keeps them apart
/// afterwards; a lease that runs out (its worker died) frees the delivery.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(Delivery, Subscription)>, DbError> {
    let active = webhooks::table.filter(webhooks::status.eq("active")).select(webhooks::id);
    let due = d::table
        .filter(d::status.eq("pending"))
        .filter(d::next_attempt_at.le(now))
        .filter(d::lease_until.is_null().or(d::lease_until.lt(now)))
        .filter(d::webhook_id.eq_any(active))
        .select(d::id)
        .order(d::next_attempt_at.asc())
        .limit(limit);
    let ids: Vec<String> = match conn {
        DbConnection::Postgres(pg) => due.for_update().skip_locked().load(pg)?,
        DbConnection::Sqlite(lite) => due.load(lite)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(d::table.filter(d::id.eq_any(&ids))).set(d::lease_until.eq(Some(lease_until))).execute(conn)?;
    let rows: Vec<(Delivery, Subscription)> =
        d::table.inner_join(webhooks::table).filter(d::id.eq_any(&ids)).select((COLUMNS, SUBSCRIPTION)).load(conn)?;
    Ok(rows)
}

/// How one attempt went.
pub struct Attempt<'a> {
    pub at: NaiveDateTime,
    pub response_code: Option<i32>,
    pub error: Option<&'a str>,
    /// Delivered (`None`), or when to try again (`Some(Some(at))`), or given up (`Some(None)`).
    pub retry: Option<Option<NaiveDateTime>>,
}

/// Records an attempt of a pending delivery; whether it was still pending.
pub fn record(conn: &mut DbConnection, id: &str, attempt: &Attempt) -> Result<bool, DbError> {
    let (status, next, delivered_at) = match attempt.retry {
        None => ("delivered", None, Some(attempt.at)),
        Some(Some(next)) => ("pending", Some(next), None),
        Some(None) => ("failed", None, None),
    };
    let n = diesel::update(d::table.find(id).filter(d::status.eq("pending")))
        .set((
            d::status.eq(status),
            d::attempts.eq(d::attempts + 1),
            d::round_attempts.eq(d::round_attempts + 1),
            d::next_attempt_at.eq(next),
            d::lease_until.eq(None::<NaiveDateTime>),
            d::last_attempt_at.eq(Some(attempt.at)),
            d::response_code.eq(attempt.response_code),
            d::last_error.eq(attempt.error),
            d::delivered_at.eq(delivered_at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Sends a delivery again, whatever its status: pending and due now, with
/// a fresh retry budget. Whether it exists.
pub fn redeliver(conn: &mut DbConnection, webhook_id: &str, id: &str) -> Result<bool, DbError> {
    let now = crate::domain::now().naive_utc();
    let n = diesel::update(d::table.find(id).filter(d::webhook_id.eq(webhook_id)))
        .set((
            d::status.eq("pending"),
            d::round_attempts.eq(0),
            d::next_attempt_at.eq(Some(now)),
            d::lease_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}
