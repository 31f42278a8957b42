//! A bulk import's batch of reports, read and written at once: what every
//! report of the batch is judged by (its unit, the campaign's participants,
//! open lock exceptions, the reports there are and their values) in a few
//! statements, and what the batch writes (new reports, version touches,
//! values, audit events) in a few multi-row statements — where one report
//! at a time cost an import of 2,000 reports about 20,000 round trips on
//! PostgreSQL. Each look-up binds at most [`LOOKUP`] values, far below
//! either database's limit on bound parameters (PostgreSQL binds a list as
//! one array anyway).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::audit::AuditEvent;
use super::reports::{COLUMNS, Located, Row, VALUE_COLUMNS, ValueRow, from_row, value_from_row};
use super::schema::{campaign_participants, campaigns, lock_exceptions, org_units, reports};
use super::{DbConnection, DbError};
use crate::domain::report::{Report, StoredValue};

/// Values bound per look-up.
const LOOKUP: usize = 1_000;
/// Reports per INSERT: 9 columns each.
const INSERTS: usize = 500;

/// Of `units`, those taking part in the campaign.
pub fn participants(conn: &mut DbConnection, campaign_id: &str, units: &[&str]) -> Result<HashSet<String>, DbError> {
    let mut found = HashSet::new();
    for chunk in units.chunks(LOOKUP) {
        found.extend(
            campaign_participants::table
                .filter(campaign_participants::campaign_id.eq(campaign_id))
                .filter(campaign_participants::org_unit_id.eq_any(chunk))
                .select(campaign_participants::org_unit_id)
                .load::<String>(conn)?,
        );
    }
    Ok(found)
}

/// Of `units`, those with a lock exception open at `now` for the campaign
/// and period (as `db::lock_exceptions::open_for` asks of one).
pub fn lock_exceptions_open(
    conn: &mut DbConnection,
    campaign_id: &str,
    period_id: &str,
    units: &[&str],
    now: DateTime<Utc>,
) -> Result<HashSet<String>, DbError> {
    let mut found = HashSet::new();
    for chunk in units.chunks(LOOKUP) {
        found.extend(
            lock_exceptions::table
                .filter(lock_exceptions::campaign_id.eq(campaign_id))
                .filter(lock_exceptions::period_id.eq(period_id))
                .filter(lock_exceptions::org_unit_id.eq_any(chunk))
                .filter(lock_exceptions::expires_at.gt(now.naive_utc()))
                .select(lock_exceptions::org_unit_id)
                .load::<String>(conn)?,
        );
    }
    Ok(found)
}

/// The reports `ids` as `db::reports::located` reads one, each with its
/// values: two statements per [`LOOKUP`] reports.
pub fn located_with_values(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<(Located, Vec<StoredValue>)>, DbError> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(LOOKUP) {
        let rows: Vec<(Row, String, String, String)> = reports::table
            .inner_join(org_units::table)
            .inner_join(campaigns::table)
            .filter(reports::id.eq_any(chunk))
            .select((COLUMNS, org_units::path, org_units::kind, campaigns::status))
            .load(conn)?;
        let value_rows: Vec<(String, ValueRow)> = super::schema::report_values::table
            .filter(super::schema::report_values::report_id.eq_any(chunk))
            .select((super::schema::report_values::report_id, VALUE_COLUMNS))
            .load(conn)?;
        let mut values: HashMap<String, Vec<StoredValue>> = HashMap::new();
        for (report_id, row) in value_rows {
            values.entry(report_id).or_default().push(value_from_row(row));
        }
        for (row, unit_path, kind, status) in rows {
            let report = from_row(row)?;
            let located = Located {
                unit_kind: kind
                    .parse()
                    .map_err(|_| DbError::Other(format!("report {} has a unit of unknown kind", report.id)))?,
                campaign_status: status
                    .parse()
                    .map_err(|_| DbError::Other(format!("report {} has a campaign of unknown status", report.id)))?,
                report,
                unit_path,
            };
            let of_report = values.remove(&located.report.id).unwrap_or_default();
            found.push((located, of_report));
        }
    }
    Ok(found)
}

/// What a batch writes.
#[derive(Debug, Default)]
pub struct BatchWrite<'a> {
    /// New draft reports.
    pub created: Vec<&'a Report>,
    /// Existing reports whose values change: `(id, version read)`; each
    /// is raised one version, as `db::reports::touch` does.
    pub touched: Vec<(&'a str, i32)>,
    /// The values to store (`(report_id, value)`), inserted or replacing.
    pub values: Vec<(&'a str, &'a StoredValue)>,
    /// One per report changed.
    pub events: Vec<AuditEvent>,
}

/// Why a batch was not written whole (roll it back and write its reports one by one).
#[derive(Debug)]
pub enum BatchRefused {
    /// A report changed since it was read, or was created meanwhile: the
    /// one-by-one path judges each again on what it now holds.
    Raced,
    Failed(DbError),
}

impl From<DbError> for BatchRefused {
    fn from(error: DbError) -> Self {
        match error {
            DbError::UniqueViolation(_) => BatchRefused::Raced,
            other => BatchRefused::Failed(other),
        }
    }
}

/// Writes `batch`: call it in a savepoint, and roll back on any refusal
/// (part of it may be written).
pub fn write(conn: &mut DbConnection, batch: &BatchWrite<'_>, now: DateTime<Utc>) -> Result<(), BatchRefused> {
    touch_all(conn, &batch.touched, now)?;
    for chunk in batch.created.chunks(INSERTS) {
        let rows: Vec<_> = chunk.iter().map(|r| super::reports::new_row(r)).collect();
        let statement = diesel::insert_into(reports::table).values(&rows);
        // A multi-row INSERT is built for each dialect's own connection.
        match conn {
            DbConnection::Postgres(pg) => statement.execute(pg).map_err(DbError::from)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite).map_err(DbError::from)?,
        };
    }
    super::report_values::put_many(conn, &batch.values)?;
    super::audit::record_all(conn, &batch.events)?;
    Ok(())
}

/// Raises each report's version by one; [`BatchRefused::Raced`] when one
/// is gone or was not at the version read (another write came between).
fn touch_all(conn: &mut DbConnection, touched: &[(&str, i32)], now: DateTime<Utc>) -> Result<(), BatchRefused> {
    for chunk in touched.chunks(LOOKUP) {
        let ids: Vec<&str> = chunk.iter().map(|(id, _)| *id).collect();
        let raised: Vec<(String, i32)> = diesel::update(reports::table.filter(reports::id.eq_any(&ids)))
            .set((reports::version.eq(reports::version + 1), reports::updated_at.eq(now.naive_utc())))
            .returning((reports::id, reports::version))
            .get_results(conn)
            .map_err(DbError::from)?;
        // Raised under the row's lock: one version above the one read, or someone wrote between.
        let expected: HashMap<&str, i32> = chunk.iter().copied().collect();
        let all_fresh = raised.len() == chunk.len()
            && raised.iter().all(|(id, version)| expected.get(id.as_str()) == Some(&(version - 1)));
        if !all_fresh {
            return Err(BatchRefused::Raced);
        }
    }
    Ok(())
}
