//! The `leases` table: work that one instance at a time does (the reminder
//! scheduler), held by one holder until a time. Taken with a guarded UPDATE
//! (the holder itself, or a lease that has run out), or the first INSERT;
//! the same statements on both databases.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::leases;
use super::{DbConnection, DbError};

/// Takes or renews the lease `name` for `holder` until `until`, unless
/// another holder has it past `now`; whether `holder` has it now.
///
/// Of two instances taking a free lease at once one UPDATE (or INSERT)
/// lands: on PostgreSQL the second waits for the first's row lock, then
/// finds the guard false; an INSERT that loses to another is a
/// `DbError::UniqueViolation`, which the caller takes as "not held".
pub fn claim(
    conn: &mut DbConnection,
    name: &str,
    holder: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<bool, DbError> {
    let held = diesel::update(leases::table.find(name).filter(leases::holder.eq(holder).or(leases::until.lt(now))))
        .set((leases::holder.eq(holder), leases::until.eq(until)))
        .execute(conn)?;
    if held == 1 {
        return Ok(true);
    }
    let exists: i64 = leases::table.find(name).count().get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(leases::table)
        .values((leases::name.eq(name), leases::holder.eq(holder), leases::until.eq(until)))
        .execute(conn)?;
    Ok(true)
}
