//! A report's values written together: one statement for all of a
//! report's changed values, where one per value cost a bulk import of
//! 2,000 reports × 17 values 34,000 round trips on PostgreSQL.

use diesel::prelude::*;
use diesel::upsert::excluded;

use super::schema::report_values;
use super::{DbConnection, DbError};
use crate::domain::report::StoredValue;

/// The columns each row binds (the tuple in [`put_many`]).
const COLUMNS: usize = 12;

/// Rows per statement: as many as SQLite's limit of bound parameters
/// (32,766; PostgreSQL's is 65,535) takes, so that a new column lowers it.
const BATCH: usize = 32_766 / COLUMNS;

/// Stores `values` in the report `report_id`: each inserted, or replacing
/// the criterion's value the report has (`INSERT … ON CONFLICT DO UPDATE`,
/// which both databases take).
pub fn put_values(conn: &mut DbConnection, report_id: &str, values: &[&StoredValue]) -> Result<(), DbError> {
    let of_report: Vec<(&str, &StoredValue)> = values.iter().map(|v| (report_id, *v)).collect();
    put_many(conn, &of_report)
}

/// Stores values of several reports (`(report_id, value)` each) as
/// [`put_values`] does, in as few statements: a bulk import's batch.
pub fn put_many(conn: &mut DbConnection, values: &[(&str, &StoredValue)]) -> Result<(), DbError> {
    for chunk in values.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(report_id, value)| {
                let f = &value.figures;
                (
                    report_values::report_id.eq(*report_id),
                    report_values::criterion_id.eq(&value.criterion_id),
                    report_values::numerator.eq(f.numerator),
                    report_values::denominator.eq(f.denominator),
                    report_values::percentage.eq(f.percentage),
                    report_values::count.eq(f.count),
                    report_values::achieved.eq(f.achieved),
                    report_values::computed_percentage.eq(value.computed.percentage),
                    report_values::met.eq(value.computed.met),
                    report_values::not_applicable.eq(value.computed.not_applicable),
                    report_values::note.eq(&value.note),
                    report_values::updated_at.eq(value.updated_at.naive_utc()),
                )
            })
            .collect();
        let statement = diesel::insert_into(report_values::table)
            .values(&rows)
            .on_conflict((report_values::report_id, report_values::criterion_id))
            .do_update()
            .set((
                report_values::numerator.eq(excluded(report_values::numerator)),
                report_values::denominator.eq(excluded(report_values::denominator)),
                report_values::percentage.eq(excluded(report_values::percentage)),
                report_values::count.eq(excluded(report_values::count)),
                report_values::achieved.eq(excluded(report_values::achieved)),
                report_values::computed_percentage.eq(excluded(report_values::computed_percentage)),
                report_values::met.eq(excluded(report_values::met)),
                report_values::not_applicable.eq(excluded(report_values::not_applicable)),
                report_values::note.eq(excluded(report_values::note)),
                report_values::updated_at.eq(excluded(report_values::updated_at)),
            ));
        // `ON CONFLICT` is each dialect's own: Diesel builds it for either
        // connection, not for the two behind one.
        let written = match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
        if written != chunk.len() {
            let (n, report) = (chunk.len(), chunk[0].0);
            return Err(DbError::Other(format!("storing {n} values (of report {report}, …) wrote {written} rows")));
        }
    }
    Ok(())
}
