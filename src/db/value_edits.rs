//! Storing a report's values in as few round trips as each backend allows.
//!
//! A value edit is read and checked in one statement
//! (`db::report_moves::read_for_move`), then written here. On PostgreSQL the
//! write is one statement of data-modifying CTEs — the version raised
//! (guarded by the version checked), every value upserted from arrays, the
//! audit event — which, run outside an explicit transaction
//! (`Db::write_one`), commits in the same round trip: two in all, where
//! storing 17 values as plain statements in a transaction took 22.
//!
//! On SQLite, a file in this process, a statement costs no round trip; the
//! same work is the plain statements of `db::reports`, `db::report_values`
//! and `db::audit`, in
//! the one writer's batch (its group commit).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamp};

use super::audit::AuditEvent;
use super::prepared::prepared;
use super::report_moves::MovedRow;
use super::report_values::{bind_arrays, replace_values};
use super::{DbConnection, DbError};
use crate::domain::report::{Report, StoredValue};

/// Checked values to write into a report.
pub struct ValuesWrite<'a> {
    pub id: &'a str,
    /// The version checked: the values land only in the report still at it.
    pub version: i32,
    pub now: DateTime<Utc>,
    pub values: &'a [StoredValue],
    pub audit: &'a AuditEvent,
}

/// Writes checked values: the report's version raised (only from the version
/// checked), each value stored, the audit event recorded. The report as it
/// is now, or `None` when another change came first (nothing is then
/// written). One statement on PostgreSQL; on SQLite, the statements of the
/// caller's transaction.
pub fn write_values(conn: &mut DbConnection, w: &ValuesWrite<'_>) -> Result<Option<Report>, DbError> {
    let pg = match conn {
        DbConnection::Postgres(pg) => pg,
        DbConnection::Sqlite(_) => return write_values_in_steps(conn, w),
    };
    let a = w.audit;
    let query = diesel::sql_query(WRITE_VALUES)
        .into_boxed()
        .bind::<Text, _>(w.id)
        .bind::<Integer, _>(w.version)
        .bind::<Timestamp, _>(w.now.naive_utc());
    // $4…$14: the values, one array per column, in the same order.
    let query = bind_arrays(query, w.values.iter())
        // $15…: the audit event.
        .bind::<Text, _>(&a.id)
        .bind::<Timestamp, _>(a.at.naive_utc())
        .bind::<Text, _>(&a.actor)
        .bind::<Nullable<Text>, _>(a.request_id.as_deref())
        .bind::<Text, _>(&a.entity)
        .bind::<Text, _>(&a.entity_id)
        .bind::<Text, _>(&a.action)
        .bind::<Nullable<Text>, _>(a.before.as_deref())
        .bind::<Nullable<Text>, _>(a.after.as_deref())
        .bind::<Nullable<Text>, _>(a.unit_path.as_deref())
        .bind::<Nullable<Text>, _>(a.client_address.as_deref());
    let row = prepared(query).load::<MovedRow>(pg)?.into_iter().next().map(MovedRow::into_row);
    row.map(super::reports::from_row).transpose()
}

/// The edit as data-modifying CTEs: the values and the audit event are
/// written only for a row the guarded UPDATE raised. A concurrent edit of
/// the same report waits on the row's lock, then finds the version gone and
/// writes nothing. The values are upserted in the criteria's order, so that
/// two edits never lock value rows in opposite orders.
const WRITE_VALUES: &str = concat!(
    "WITH touched AS (
    UPDATE reports SET version = version + 1, updated_at = $3
    WHERE id = $1 AND version = $2
    RETURNING id, campaign_id, org_unit_id, period_id, status, version, submitted_at, approved_at, created_by,
              created_at, updated_at, first_submitted_at, submitted_on_time
), stored AS (
    INSERT INTO report_values AS rv (report_id, criterion_id, numerator, denominator, percentage, count, achieved,
                                     computed_percentage, met, not_applicable, note, updated_at)
    SELECT t.id, v.criterion_id, v.numerator, v.denominator, v.percentage, v.count, v.achieved,
           v.computed_percentage, v.met, v.not_applicable, v.note, v.updated_at
    FROM touched t
    CROSS JOIN unnest($4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::bool[],
                      $10::float8[], $11::bool[], $12::bool[], $13::text[], $14::timestamp[])
        AS v(criterion_id, numerator, denominator, percentage, count, achieved, computed_percentage, met,
             not_applicable, note, updated_at)
    ORDER BY v.criterion_id
",
    replace_values!(),
    "
), audit AS (
    INSERT INTO audit_events (id, at, actor, request_id, entity, entity_id, action, before, after, unit_path,
                              client_address)
    SELECT $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25 FROM touched
)
SELECT * FROM touched"
);

/// The edit as plain statements, in the caller's transaction (SQLite).
fn write_values_in_steps(conn: &mut DbConnection, w: &ValuesWrite<'_>) -> Result<Option<Report>, DbError> {
    let Some(touched) = super::reports::touch(conn, w.id, w.version)? else { return Ok(None) };
    super::report_values::put_values(conn, w.id, &w.values.iter().collect::<Vec<_>>())?;
    super::audit::record(conn, w.audit)?;
    Ok(Some(touched))
}
