//! The `lock_exceptions` table: the office lets one unit work in a locked period.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::lock_exceptions;
use super::{DbConnection, DbError};

/// A lock exception.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockException {
    pub id: String,
    pub campaign_id: String,
    pub period_id: String,
    pub org_unit_id: String,
    pub reason: String,
    pub expires_at: DateTime<Utc>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

type Row = (String, String, String, String, String, NaiveDateTime, String, NaiveDateTime);

fn from_row(row: Row) -> LockException {
    let (id, campaign_id, period_id, org_unit_id, reason, expires_at, created_by, created_at) = row;
    LockException {
        id,
        campaign_id,
        period_id,
        org_unit_id,
        reason,
        expires_at: expires_at.and_utc(),
        created_by,
        created_at: created_at.and_utc(),
    }
}

const COLUMNS: (
    lock_exceptions::id,
    lock_exceptions::campaign_id,
    lock_exceptions::period_id,
    lock_exceptions::org_unit_id,
    lock_exceptions::reason,
    lock_exceptions::expires_at,
    lock_exceptions::created_by,
    lock_exceptions::created_at,
) = (
    lock_exceptions::id,
    lock_exceptions::campaign_id,
    lock_exceptions::period_id,
    lock_exceptions::org_unit_id,
    lock_exceptions::reason,
    lock_exceptions::expires_at,
    lock_exceptions::created_by,
    lock_exceptions::created_at,
);

pub fn insert(conn: &mut DbConnection, e: &LockException) -> Result<(), DbError> {
    diesel::insert_into(lock_exceptions::table)
        .values((
            lock_exceptions::id.eq(&e.id),
            lock_exceptions::campaign_id.eq(&e.campaign_id),
            lock_exceptions::period_id.eq(&e.period_id),
            lock_exceptions::org_unit_id.eq(&e.org_unit_id),
            lock_exceptions::reason.eq(&e.reason),
            lock_exceptions::expires_at.eq(e.expires_at.naive_utc()),
            lock_exceptions::created_by.eq(&e.created_by),
            lock_exceptions::created_at.eq(e.created_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every exception of a campaign, newest first.
pub fn of_campaign(conn: &mut DbConnection, campaign_id: &str) -> Result<Vec<LockException>, DbError> {
    let rows: Vec<Row> = lock_exceptions::table
        .filter(lock_exceptions::campaign_id.eq(campaign_id))
        .select(COLUMNS)
        .order(lock_exceptions::created_at.desc())
        .load(conn)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Whether `unit` may work in the locked `period` at `now`.
pub fn open_for(
    conn: &mut DbConnection,
    campaign_id: &str,
    period_id: &str,
    unit: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let count: i64 = lock_exceptions::table
        .filter(lock_exceptions::campaign_id.eq(campaign_id))
        .filter(lock_exceptions::period_id.eq(period_id))
        .filter(lock_exceptions::org_unit_id.eq(unit))
        .filter(lock_exceptions::expires_at.gt(now.naive_utc()))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}
