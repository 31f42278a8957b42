//! The `imports` table — bulk imports of figures, their options, rows
//! waiting for the worker and outcome — and the look-ups by code an import
//! makes before it hands each report to the report service.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{campaigns, imports, org_units, reports};
use super::{DbConnection, DbError};

/// One import as kept.
#[derive(Clone, Debug)]
pub struct ImportRecord {
    pub id: String,
    /// Who asked (`user:…`, `service:…`).
    pub actor: String,
    /// The subtree the caller worked in: who may read the import.
    pub scope_path: String,
    /// The options, as JSON.
    pub options: String,
    pub status: String,
    pub total_rows: i32,
    pub done_rows: i32,
    /// The summary and problems, as JSON, once finished.
    pub outcome: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    i32,
    i32,
    Option<String>,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

fn from_row(row: Row) -> ImportRecord {
    let (id, actor, scope_path, options, status, total_rows, done_rows, outcome, created_at, updated_at, finished_at) =
        row;
    ImportRecord {
        id,
        actor,
        scope_path,
        options,
        status,
        total_rows,
        done_rows,
        outcome,
        created_at,
        updated_at,
        finished_at,
    }
}

/// Every column but `input`: the rows a queued import carries (megabytes,
/// compressed by the database) are read once, by the worker that takes it
/// ([`input`]), not by every look at its progress.
const COLUMNS: (
    imports::id,
    imports::actor,
    imports::scope_path,
    imports::options,
    imports::status,
    imports::total_rows,
    imports::done_rows,
    imports::outcome,
    imports::created_at,
    imports::updated_at,
    imports::finished_at,
) = (
    imports::id,
    imports::actor,
    imports::scope_path,
    imports::options,
    imports::status,
    imports::total_rows,
    imports::done_rows,
    imports::outcome,
    imports::created_at,
    imports::updated_at,
    imports::finished_at,
);

/// Records an import; `input`: its rows, as JSON, while it waits for the worker.
pub fn insert(conn: &mut DbConnection, r: &ImportRecord, input: Option<&str>) -> Result<(), DbError> {
    diesel::insert_into(imports::table)
        .values((
            imports::id.eq(&r.id),
            imports::actor.eq(&r.actor),
            imports::scope_path.eq(&r.scope_path),
            imports::options.eq(&r.options),
            imports::status.eq(&r.status),
            imports::total_rows.eq(r.total_rows),
            imports::done_rows.eq(r.done_rows),
            imports::input.eq(input),
            imports::outcome.eq(&r.outcome),
            imports::created_at.eq(r.created_at),
            imports::updated_at.eq(r.updated_at),
            imports::finished_at.eq(r.finished_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<ImportRecord>, DbError> {
    let row: Option<Row> = imports::table.find(id).select(COLUMNS).first(conn).optional()?;
    Ok(row.map(from_row))
}

/// The rows of import `id` waiting for the worker, as JSON (`None`: finished, or never queued).
pub fn input(conn: &mut DbConnection, id: &str) -> Result<Option<String>, DbError> {
    Ok(imports::table.find(id).select(imports::input).first::<Option<String>>(conn).optional()?.flatten())
}

/// The imports still waiting for (or interrupted in) the worker, oldest first.
pub fn unfinished(conn: &mut DbConnection) -> Result<Vec<String>, DbError> {
    Ok(imports::table
        .filter(imports::status.eq_any(["queued", "running"]))
        .order(imports::created_at.asc())
        .select(imports::id)
        .load(conn)?)
}

/// Takes an import for a worker: one queued, or one running whose worker
/// has not written for `lease` (its process died); `false` when another
/// worker holds it or it is finished. One conditional update, so of two
/// workers exactly one takes it.
pub fn take(conn: &mut DbConnection, id: &str, lease: chrono::TimeDelta) -> Result<bool, DbError> {
    let now = crate::domain::now().naive_utc();
    let stale = now - lease;
    let n = diesel::update(
        imports::table
            .find(id)
            .filter(imports::status.eq("queued").or(imports::status.eq("running").and(imports::updated_at.lt(stale)))),
    )
    .set((imports::status.eq("running"), imports::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Records what is done so far (and renews the worker's hold on it).
pub fn progress(conn: &mut DbConnection, id: &str, done_rows: i32, outcome: &str) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::update(imports::table.find(id))
        .set((imports::done_rows.eq(done_rows), imports::outcome.eq(Some(outcome)), imports::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Ends an import: its status and outcome; its rows are dropped.
pub fn finish(conn: &mut DbConnection, id: &str, status: &str, done_rows: i32, outcome: &str) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::update(imports::table.find(id))
        .set((
            imports::status.eq(status),
            imports::done_rows.eq(done_rows),
            imports::outcome.eq(Some(outcome)),
            imports::input.eq(None::<String>),
            imports::updated_at.eq(now),
            imports::finished_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The campaigns with `code` (codes are unique per issuer), each with its
/// issuer's path, so the caller keeps those that reach it.
pub fn campaigns_by_code(conn: &mut DbConnection, code: &str) -> Result<Vec<(String, String)>, DbError> {
    Ok(campaigns::table
        .inner_join(org_units::table)
        .filter(campaigns::code.eq(code))
        .select((campaigns::id, org_units::path))
        .load(conn)?)
}

/// Values bound per look-up: far below either database's limit on bound parameters.
const LOOKUP: usize = 1000;

/// The units with one of `codes`: `(code, id, path)` each.
pub fn units_by_code(conn: &mut DbConnection, codes: &[&str]) -> Result<Vec<(String, String, String)>, DbError> {
    let mut found = Vec::with_capacity(codes.len());
    for chunk in codes.chunks(LOOKUP) {
        found.extend(
            org_units::table
                .filter(org_units::code.eq_any(chunk))
                .select((org_units::code, org_units::id, org_units::path))
                .load::<(String, String, String)>(conn)?,
        );
    }
    Ok(found)
}

/// A report's place: its campaign, unit and period ids.
pub type ReportKey = (String, String, String);

/// The reports there are of `units` for `campaigns` and `periods`:
/// `((campaign, unit, period), id)` each — read for a batch of an
/// import's reports at once, not one look-up per report.
pub fn report_ids(
    conn: &mut DbConnection,
    campaigns: &[&str],
    units: &[&str],
    periods: &[&str],
) -> Result<Vec<(ReportKey, String)>, DbError> {
    let mut found = Vec::new();
    for chunk in units.chunks(LOOKUP) {
        let rows: Vec<(String, String, String, String)> = reports::table
            .filter(reports::campaign_id.eq_any(campaigns))
            .filter(reports::period_id.eq_any(periods))
            .filter(reports::org_unit_id.eq_any(chunk))
            .select((reports::campaign_id, reports::org_unit_id, reports::period_id, reports::id))
            .load(conn)?;
        found.extend(rows.into_iter().map(|(c, u, p, id)| ((c, u, p), id)));
    }
    Ok(found)
}
