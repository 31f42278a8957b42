//! The `login_throttles` table: failed logins per key, shared by every
//! instance of the service.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;

use super::schema::login_throttles;
use super::{DbConnection, DbError};
use crate::domain::throttle::ThrottleRule;

/// Until when `key` is locked, if it is now.
pub fn locked_until(conn: &mut DbConnection, key: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, DbError> {
    let until: Option<Option<NaiveDateTime>> =
        login_throttles::table.find(key).select(login_throttles::locked_until).first(conn).optional()?;
    Ok(until.flatten().map(|t| t.and_utc()).filter(|t| *t > now))
}

/// Counts one more failure for `key` and locks it when the rule says so.
/// Run inside a write transaction.
pub fn record_failure(
    conn: &mut DbConnection,
    key: &str,
    rule: &ThrottleRule,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let previous: Option<(i32, NaiveDateTime)> = login_throttles::table
        .find(key)
        .select((login_throttles::failures, login_throttles::last_failure_at))
        .first(conn)
        .optional()?;
    let window = TimeDelta::from_std(rule.window).unwrap_or(TimeDelta::MAX);
    let failures = match previous {
        Some((count, last)) if now - last.and_utc() < window => u32::try_from(count).unwrap_or(0) + 1,
        _ => 1,
    };
    let locked_until = rule
        .lock_after(failures)
        .map(|lock| now + TimeDelta::from_std(lock).unwrap_or(TimeDelta::MAX))
        .map(|t| t.naive_utc());
    let failures_db = i32::try_from(failures).unwrap_or(i32::MAX);
    if previous.is_some() {
        diesel::update(login_throttles::table.find(key))
            .set((
                login_throttles::failures.eq(failures_db),
                login_throttles::last_failure_at.eq(now.naive_utc()),
                login_throttles::locked_until.eq(locked_until),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(login_throttles::table)
            .values((
                login_throttles::key.eq(key),
                login_throttles::failures.eq(failures_db),
                login_throttles::last_failure_at.eq(now.naive_utc()),
                login_throttles::locked_until.eq(locked_until),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets the failures of `keys` (after a successful login).
pub fn clear(conn: &mut DbConnection, keys: &[&str]) -> Result<(), DbError> {
    diesel::delete(login_throttles::table.filter(login_throttles::key.eq_any(keys))).execute(conn)?;
    Ok(())
}
