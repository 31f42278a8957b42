//! The `reminders` table: each deadline reminder emitted, once per kind,
//! campaign, unit and period (`UNIQUE`), and how its e-mail went.

use std::collections::HashSet;

use chrono::NaiveDate;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{campaigns, org_units, reminders as r, users};
use super::{DbConnection, DbError};

/// A reminder to write.
pub struct NewReminder<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub campaign_id: &'a str,
    pub org_unit_id: &'a str,
    pub period_id: &'a str,
    pub due_on: NaiveDate,
    pub event_id: &'a str,
    /// `pending` when it is to be e-mailed, else `none`.
    pub mail_status: &'a str,
}

/// The reminders emitted for `campaign_ids`, as (kind, campaign, unit,
/// period): one read for a whole run of the scheduler.
pub fn emitted_for(
    conn: &mut DbConnection,
    campaign_ids: &[&str],
) -> Result<HashSet<(String, String, String, String)>, DbError> {
    let rows: Vec<(String, String, String, String)> = r::table
        .filter(r::campaign_id.eq_any(campaign_ids))
        .select((r::kind, r::campaign_id, r::org_unit_id, r::period_id))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

pub fn insert(conn: &mut DbConnection, new: &NewReminder) -> Result<(), DbError> {
    diesel::insert_into(r::table)
        .values((
            r::id.eq(new.id),
            r::kind.eq(new.kind),
            r::campaign_id.eq(new.campaign_id),
            r::org_unit_id.eq(new.org_unit_id),
            r::period_id.eq(new.period_id),
            r::due_on.eq(new.due_on),
            r::event_id.eq(new.event_id),
            r::created_at.eq(crate::domain::now().naive_utc()),
            r::mail_status.eq(new.mail_status),
            r::mail_attempts.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// A reminder whose e-mail is still to send, with what the e-mail names.
#[derive(Clone, Debug, Queryable)]
pub struct Mail {
    pub id: String,
    pub kind: String,
    pub org_unit_id: String,
    pub period_id: String,
    pub due_on: NaiveDate,
    pub attempts: i32,
    pub campaign_code: String,
    pub campaign_title: String,
    pub unit_name: String,
}

/// The reminders whose e-mail is pending, oldest first, at most `limit`.
pub fn pending_mail(conn: &mut DbConnection, now: NaiveDateTime, limit: i64) -> Result<Vec<Mail>, DbError> {
    Ok(r::table
        .inner_join(campaigns::table)
        .inner_join(org_units::table)
        .filter(r::mail_status.eq("pending"))
        .filter(r::mail_claimed_until.is_null().or(r::mail_claimed_until.lt(now)))
        .select((
            r::id,
            r::kind,
            r::org_unit_id,
            r::period_id,
            r::due_on,
            r::mail_attempts,
            campaigns::code,
            campaigns::title,
            org_units::name,
        ))
        .order((r::created_at.asc(), r::id.asc()))
        .limit(limit)
        .load(conn)?)
}

/// The e-mail addresses of the active users of `org_unit_id`.
pub fn addresses(conn: &mut DbConnection, org_unit_id: &str) -> Result<Vec<(String, String)>, DbError> {
    let rows: Vec<(String, Option<String>)> = users::table
        .filter(users::org_unit_id.eq(org_unit_id))
        .filter(users::active.eq(true))
        .filter(users::email.is_not_null())
        .select((users::display_name, users::email))
        .order(users::username.asc())
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(name, email)| email.map(|e| (name, e))).collect())
}

/// Records how sending a reminder's e-mail went: `sent`, `none` (nobody
/// to write to), `pending` again (a failure to retry) or `failed`.
pub fn mailed(conn: &mut DbConnection, id: &str, status: &str, error: Option<&str>) -> Result<(), DbError> {
    diesel::update(r::table.find(id).filter(r::mail_status.eq("pending")))
        .set((
            r::mail_status.eq(status),
            r::mail_attempts.eq(r::mail_attempts + 1),
            r::mail_error.eq(error),
            r::mail_claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Claims the pending e-mail of reminder `id` until `until` for the caller
/// about to send it; `false` when another instance holds a claim on it
/// that has not run out at `now`, or it is no longer pending.
pub fn claim_mail(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<bool, DbError> {
    let claimed = diesel::update(
        r::table
            .find(id)
            .filter(r::mail_status.eq("pending"))
            .filter(r::mail_claimed_until.is_null().or(r::mail_claimed_until.lt(now))),
    )
    .set(r::mail_claimed_until.eq(until))
    .execute(conn)?;
    Ok(claimed == 1)
}
