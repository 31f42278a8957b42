//! A report's values written together: one statement for all of a
//! report's changed values, where one per value cost a bulk import of
//! 2,000 reports × 17 values 34,000 round trips on PostgreSQL.
//!
//! On PostgreSQL the values are bound as arrays, one per column, and
//! unnested by the statement ([`bind_arrays`]): a batch of 8,500 values is
//! one statement of 12 parameters, which PostgreSQL parses and plans in no
//! time, where rows of bound parameters took four statements of 32,760 each.
//! SQLite has no arrays; it takes multi-row INSERTs, and its statements cost
//! no round trip.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Array, Bool, Double, Nullable, Text, Timestamp};
use diesel::upsert::excluded;

use super::schema::report_values;
use super::{DbConnection, DbError};
use crate::domain::report::StoredValue;

/// The `ON CONFLICT` clause that makes a value's INSERT replace the value
/// its report has of the criterion: shared by the array statements here and
/// in `db::value_edits` (a macro, so that `concat!` can build them).
macro_rules! replace_values {
    () => {
        "ON CONFLICT (report_id, criterion_id) DO UPDATE SET
    numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, percentage = EXCLUDED.percentage,
    count = EXCLUDED.count, achieved = EXCLUDED.achieved, computed_percentage = EXCLUDED.computed_percentage,
    met = EXCLUDED.met, not_applicable = EXCLUDED.not_applicable, note = EXCLUDED.note,
    updated_at = EXCLUDED.updated_at"
    };
}
pub(super) use replace_values;

/// The columns each row binds (the tuple in [`put_many`]).
const COLUMNS: usize = 12;

/// Rows per SQLite statement: as many as its limit of bound parameters
/// (32,766) takes, so that a new column lowers it.
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
    if values.is_empty() {
        return Ok(());
    }
    let written = match conn {
        DbConnection::Postgres(pg) => {
            let ids: Vec<&str> = values.iter().map(|(report_id, _)| *report_id).collect();
            bind_arrays(
                diesel::sql_query(PUT_MANY).into_boxed().bind::<Array<Text>, _>(ids),
                values.iter().map(|(_, v)| *v),
            )
            .execute(pg)?
        }
        DbConnection::Sqlite(sqlite) => put_many_as_rows(sqlite, values)?,
    };
    if written != values.len() {
        let (n, report) = (values.len(), values.first().map_or("", |(id, _)| *id));
        return Err(DbError::Other(format!("storing {n} values (of report {report}, …) wrote {written} rows")));
    }
    Ok(())
}

/// The values as [`bind_arrays`] binds them, after the report ids (`$1`),
/// each inserted or replacing the report's value of its criterion; in the
/// order of the keys, so that two writes never lock rows in opposite orders.
const PUT_MANY: &str = concat!(
    "INSERT INTO report_values (report_id, criterion_id, numerator, denominator, percentage, count, achieved,
                           computed_percentage, met, not_applicable, note, updated_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::bool[],
                     $8::float8[], $9::bool[], $10::bool[], $11::text[], $12::timestamp[])
    AS v(report_id, criterion_id, numerator, denominator, percentage, count, achieved, computed_percentage, met,
         not_applicable, note, updated_at)
ORDER BY v.report_id, v.criterion_id
",
    replace_values!()
);

/// Binds `values` as eleven arrays, one per column of `report_values` after
/// `report_id`, in the order the statements above unnest them.
pub(super) fn bind_arrays<'f>(
    query: BoxedSqlQuery<'f, Pg, SqlQuery>,
    values: impl Iterator<Item = &'f StoredValue> + Clone,
) -> BoxedSqlQuery<'f, Pg, SqlQuery> {
    let column = |f: fn(&StoredValue) -> Option<f64>| values.clone().map(f).collect::<Vec<_>>();
    query
        .bind::<Array<Text>, _>(values.clone().map(|v| v.criterion_id.as_str()).collect::<Vec<_>>())
        .bind::<Array<Nullable<Double>>, _>(column(|v| v.figures.numerator))
        .bind::<Array<Nullable<Double>>, _>(column(|v| v.figures.denominator))
        .bind::<Array<Nullable<Double>>, _>(column(|v| v.figures.percentage))
        .bind::<Array<Nullable<Double>>, _>(column(|v| v.figures.count))
        .bind::<Array<Nullable<Bool>>, _>(values.clone().map(|v| v.figures.achieved).collect::<Vec<_>>())
        .bind::<Array<Nullable<Double>>, _>(column(|v| v.computed.percentage))
        .bind::<Array<Nullable<Bool>>, _>(values.clone().map(|v| v.computed.met).collect::<Vec<_>>())
        .bind::<Array<Bool>, _>(values.clone().map(|v| v.computed.not_applicable).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(values.clone().map(|v| v.note.as_str()).collect::<Vec<_>>())
        .bind::<Array<Timestamp>, _>(values.map(|v| v.updated_at.naive_utc()).collect::<Vec<_>>())
}

/// [`put_many`] as multi-row INSERTs of bound rows (SQLite): the rows written.
fn put_many_as_rows(conn: &mut SqliteConnection, values: &[(&str, &StoredValue)]) -> Result<usize, DbError> {
    let mut written = 0;
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
        written += statement.execute(conn)?;
    }
    Ok(written)
}
