//! Bulk imports of figures (`POST /api/v1/imports`): rows named by codes —
//! campaign, unit, period, criterion — read from JSON or CSV, grouped by
//! report, and each report created, filled and submitted through the
//! report service's own rules (`service::reports::bulk`), never a copy.
//!
//! An import is one write: all or nothing (the whole rolled back if any
//! row has a problem), or each report on its own. Reports are judged and
//! written by batches (`bulk::import_reports`). A dry run judges them by
//! the same rules and writes nothing (reports to submit are written and
//! rolled back, to judge the submission), so it finds exactly the problems
//! the real import would. Above a threshold (the
//! setting `imports.async_above_rows`) the rows are kept in the database
//! and the background worker ([`worker`]) writes them; `GET` shows where
//! it is.

pub mod rows;
pub mod worker;

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::auth::policy::{campaign_visible, not_found};
use crate::auth::{Action, Grant};
use crate::db::imports::ImportRecord;
use crate::db::{self, Db, DbConnection, DbError};
use crate::domain::org::within;
use crate::domain::settings::IMPORT_ASYNC_ROWS;
use crate::error::ApiError;
use crate::model::imports::{ImportOptions, ImportProblem, ImportStatus, ImportSummary, ImportView};
use crate::service::reports::bulk::{self, BulkOptions, Outcome, ReportRows};
use crate::service::{Caches, Caller, settings};
use rows::{Row, Rows};

/// An import as asked: its options and its rows, read.
pub struct ImportRequest {
    pub options: ImportOptions,
    pub rows: Rows,
}

/// How an import was answered.
pub enum Answer {
    /// A dry run: what would happen.
    Checked(ImportView),
    /// Written (each report on its own: those without problems).
    Done(ImportView),
    /// All or nothing, and a row had a problem: nothing written.
    Refused(ImportView),
    /// Queued for the background worker.
    Queued(ImportView),
}

/// What an import has done so far: kept with it, so that the worker
/// resumes after a restart where the last commit left it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Progress {
    summary: ImportSummary,
    problems: Vec<ImportProblem>,
    /// The reports (in the order of their first row) done.
    next_report: usize,
    rows_done: u32,
}

/// What a queued import keeps until the worker is done with it.
#[derive(Serialize, Deserialize)]
struct Queued {
    rows: Vec<Row>,
    /// The problems found while reading the file.
    problems: Vec<ImportProblem>,
    total: u32,
}

/// Imports `request`: answered once written below the threshold, queued above it.
pub async fn import(db: &Db, caches: Arc<Caches>, caller: Caller, request: ImportRequest) -> Result<Answer, ApiError> {
    let grant = caller.may(Action::ImportFigures)?;
    let threshold = db.run(|conn| settings::integer(conn, &IMPORT_ASYNC_ROWS)).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let now = crate::domain::now().naive_utc();
    let ImportRequest { options, rows } = request;
    let record = ImportRecord {
        id: id.clone(),
        actor: caller.principal.actor_ref(),
        scope_path: grant.within().to_owned(),
        options: serde_json::to_string(&options).map_err(|e| ApiError::internal(&e))?,
        status: "queued".to_owned(),
        total_rows: i32::try_from(rows.total).unwrap_or(i32::MAX),
        done_rows: 0,
        outcome: None,
        created_at: now,
        updated_at: now,
        finished_at: None,
    };
    if rows.total > threshold {
        let queued = Queued { rows: rows.rows, problems: rows.problems, total: rows.total };
        let input = serde_json::to_string(&queued).map_err(|e| ApiError::internal(&e))?;
        let view = view_of(&record)?;
        db.write(move |conn| db::imports::insert(conn, &record, Some(&input))).await?;
        caches.import_queue.wake();
        return Ok(Answer::Queued(view));
    }
    let outcome = db
        .write(move |conn| {
            let writing = Writing { caller: &caller, caches: &caches, grant: &grant, import_id: &id, options };
            let progress = run(conn, &writing, rows)?;
            finish(conn, record, options, progress)
        })
        .await;
    match outcome {
        Ok(view) => Ok(Answer::Done(view)),
        Err(Stop::Undone(view)) if view.status == ImportStatus::Checked => Ok(Answer::Checked(view)),
        Err(Stop::Undone(view)) => Ok(Answer::Refused(view)),
        Err(Stop::Failed(error)) => Err(error),
    }
}

/// Why the write of an import ends without committing.
enum Stop {
    /// A dry run, or an all-or-nothing import with a problem: rolled back, answered.
    Undone(ImportView),
    Failed(ApiError),
}

impl From<DbError> for Stop {
    fn from(error: DbError) -> Self {
        Stop::Failed(error.into())
    }
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Stop::Failed(error)
    }
}

/// Ends the write of a whole import: a dry run and a refused import are
/// rolled back; a written one keeps its record.
fn finish(
    conn: &mut DbConnection,
    mut record: ImportRecord,
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportView, Stop> {
    let status = ending(options, &progress);
    let now = crate::domain::now().naive_utc();
    record.status = status_word(status).to_owned();
    record.done_rows = i32::try_from(progress.rows_done).unwrap_or(i32::MAX);
    record.outcome = Some(serde_json::to_string(&progress).map_err(|e| ApiError::internal(&e))?);
    record.finished_at = Some(now);
    record.updated_at = now;
    let view = view_of(&record)?;
    if status != ImportStatus::Done {
        return Err(Stop::Undone(view));
    }
    db::imports::insert(conn, &record, None)?;
    Ok(view)
}

/// How an import whose every report was tried ends: a dry run is checked,
/// an all-or-nothing import with a problem refused, any other done.
fn ending(options: ImportOptions, progress: &Progress) -> ImportStatus {
    if options.dry_run {
        ImportStatus::Checked
    } else if options.atomic && !progress.problems.is_empty() {
        ImportStatus::Refused
    } else {
        ImportStatus::Done
    }
}

/// The import `id`, if the caller may import and it was made in the caller's subtree.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ImportView, ApiError> {
    let grant = caller.may(Action::ImportFigures)?;
    let record = db::imports::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&record.scope_path)?;
    view_of(&record)
}

fn status_word(status: ImportStatus) -> &'static str {
    match status {
        ImportStatus::Checked => "checked",
        ImportStatus::Queued => "queued",
        ImportStatus::Running => "running",
        ImportStatus::Done => "done",
        ImportStatus::Refused => "refused",
        ImportStatus::Failed => "failed",
    }
}

fn view_of(record: &ImportRecord) -> Result<ImportView, ApiError> {
    let status = match record.status.as_str() {
        "checked" => ImportStatus::Checked,
        "queued" => ImportStatus::Queued,
        "running" => ImportStatus::Running,
        "done" => ImportStatus::Done,
        "refused" => ImportStatus::Refused,
        _ => ImportStatus::Failed,
    };
    let options: ImportOptions = serde_json::from_str(&record.options).map_err(|e| ApiError::internal(&e))?;
    let progress: Progress = match &record.outcome {
        Some(text) => serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?,
        None => Progress::default(),
    };
    Ok(ImportView {
        id: record.id.clone(),
        status,
        options,
        rows: u32::try_from(record.total_rows).unwrap_or(0),
        rows_done: u32::try_from(record.done_rows).unwrap_or(0).max(progress.rows_done),
        summary: progress.summary,
        problems: progress.problems,
        created_at: record.created_at.and_utc(),
        finished_at: record.finished_at.map(|t| t.and_utc()),
    })
}

/// The rows of one report.
struct Group {
    campaign_id: String,
    unit_id: String,
    period_id: String,
    rows: Vec<Row>,
}

/// The rows grouped by report (in the order of each report's first row),
/// their codes resolved in the caller's grant; the rows whose codes name
/// nothing it reaches are listed as problems.
fn plan(conn: &mut DbConnection, grant: &Grant, rows: Vec<Row>) -> Result<(Vec<Group>, Vec<ImportProblem>), ApiError> {
    let mut campaigns: HashMap<String, Result<String, ImportProblem>> = HashMap::new();
    let mut units: HashMap<String, Result<String, ImportProblem>> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(String, String, String), usize> = HashMap::new();
    let mut problems = Vec::new();
    let refuse = |field: &str, code: &str, message: &str| ImportProblem {
        row: 0,
        field: field.to_owned(),
        code: code.to_owned(),
        message: message.to_owned(),
    };
    // Every unit the rows name, in a few statements rather than one per unit.
    let mut codes: Vec<&str> = rows.iter().map(|row| row.unit.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let by_code: HashMap<String, (String, String)> =
        db::imports::units_by_code(conn, &codes)?.into_iter().map(|(code, id, path)| (code, (id, path))).collect();
    for row in rows {
        if !campaigns.contains_key(&row.campaign) {
            let found: Vec<String> = db::imports::campaigns_by_code(conn, &row.campaign)?
                .into_iter()
                .filter(|(_, issuer)| campaign_visible(issuer, grant.within()))
                .map(|(id, _)| id)
                .collect();
            let resolved = match found.as_slice() {
                [one] => Ok(one.clone()),
                [] => Err(refuse("campaign", "not_found", "No campaign with this code reaches you.")),
                _ => Err(refuse("campaign", "ambiguous", "Several campaigns reaching you have this code.")),
            };
            campaigns.insert(row.campaign.clone(), resolved);
        }
        if !units.contains_key(&row.unit) {
            let resolved = by_code
                .get(&row.unit)
                .filter(|(_, path)| within(path, grant.within()))
                .map(|(id, _)| id.clone())
                .ok_or_else(|| refuse("unit", "not_found", "No unit with this code in your scope."));
            units.insert(row.unit.clone(), resolved);
        }
        let (campaign, unit) = (&campaigns[&row.campaign], &units[&row.unit]);
        let (campaign_id, unit_id) = match (campaign, unit) {
            (Ok(c), Ok(u)) => (c.clone(), u.clone()),
            (c, u) => {
                for problem in [c.as_ref().err(), u.as_ref().err()].into_iter().flatten() {
                    problems.push(ImportProblem { row: row.number, ..problem.clone() });
                }
                continue;
            }
        };
        let key = (campaign_id.clone(), unit_id.clone(), row.period.clone());
        let at = *index.entry(key).or_insert_with(|| {
            groups.push(Group { campaign_id, unit_id, period_id: row.period.clone(), rows: Vec::new() });
            groups.len() - 1
        });
        groups[at].rows.push(row);
    }
    Ok((groups, problems))
}

/// How often, in reports, the worker commits what it did of an import
/// written report by report: what a restart may have to do again.
const CHUNK: usize = 200;

/// What an import starts from: the problems of the rows that could not be
/// read or resolved (those rows are done).
fn started(mut problems: Vec<ImportProblem>, unresolved: Vec<ImportProblem>) -> Progress {
    problems.extend(unresolved);
    let rows_done = problems.iter().map(|p| p.row).collect::<std::collections::BTreeSet<_>>().len();
    Progress { problems, rows_done: u32::try_from(rows_done).unwrap_or(0), ..Progress::default() }
}

/// Everything an import's reports are written with.
struct Writing<'a> {
    caller: &'a Caller,
    caches: &'a Caches,
    grant: &'a Grant,
    import_id: &'a str,
    options: ImportOptions,
}

/// Reports judged and written together (see `service::reports::bulk`):
/// a batch's reads and writes are a few statements whatever its size.
const BATCH: usize = 500;

/// Writes the reports of `groups` from where `progress` left off up to
/// (not including) `upto`, by batches, and counts what became of them.
fn write_reports(
    conn: &mut DbConnection,
    writing: &Writing<'_>,
    groups: &[Group],
    progress: &mut Progress,
    upto: usize,
) -> Result<(), ApiError> {
    let options = writing.options;
    let bulk_options = BulkOptions {
        strategy: options.strategy,
        submit: options.submit,
        import_id: writing.import_id,
        dry_run: options.dry_run,
    };
    let upto = upto.min(groups.len());
    for batch in groups[progress.next_report.min(upto)..upto].chunks(BATCH) {
        let mut existing = existing_reports(conn, batch)?;
        let reports = batch
            .iter()
            .map(|group| {
                let key = (group.campaign_id.clone(), group.unit_id.clone(), group.period_id.clone());
                ReportRows {
                    existing: existing.remove(&key),
                    campaign_id: group.campaign_id.clone(),
                    unit_id: group.unit_id.clone(),
                    period_id: group.period_id.clone(),
                    entries: group.rows.iter().map(Row::entry).collect(),
                }
            })
            .collect();
        let written = bulk::import_reports(conn, writing.caller, writing.caches, writing.grant, reports, bulk_options)?;
        for (group, written) in batch.iter().zip(written) {
            let summary = &mut progress.summary;
            match written {
                Ok(Outcome::Created) => summary.created += 1,
                Ok(Outcome::Updated) => summary.updated += 1,
                Ok(Outcome::Unchanged) => summary.unchanged += 1,
                Ok(Outcome::Ignored) => summary.ignored += 1,
                Err(faults) => {
                    for fault in faults {
                        let row = fault.at.and_then(|at| group.rows.get(at)).unwrap_or(&group.rows[0]);
                        progress.problems.push(ImportProblem {
                            row: row.number,
                            field: fault.field,
                            code: fault.code,
                            message: fault.message,
                        });
                    }
                }
            }
            progress.rows_done += u32::try_from(group.rows.len()).unwrap_or(0);
            progress.next_report += 1;
        }
    }
    progress.problems.sort_by_key(|p| p.row);
    progress.summary.conflicts = u32::try_from(progress.problems.len()).unwrap_or(u32::MAX);
    Ok(())
}

/// The reports there are of `groups`, by campaign, unit and period: read
/// for the batch at once (the strategy's rule is the report service's).
fn existing_reports(
    conn: &mut DbConnection,
    groups: &[Group],
) -> Result<HashMap<db::imports::ReportKey, String>, ApiError> {
    let distinct = |field: fn(&Group) -> &str| {
        let mut values: Vec<&str> = groups.iter().map(field).collect();
        values.sort_unstable();
        values.dedup();
        values
    };
    let campaigns = distinct(|g| &g.campaign_id);
    let units = distinct(|g| &g.unit_id);
    let periods = distinct(|g| &g.period_id);
    if groups.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(db::imports::report_ids(conn, &campaigns, &units, &periods)?.into_iter().collect())
}

/// A whole import in one write: planned, every report written.
fn run(conn: &mut DbConnection, writing: &Writing<'_>, rows: Rows) -> Result<Progress, ApiError> {
    let (groups, unresolved) = plan(conn, writing.grant, rows.rows)?;
    let mut progress = started(rows.problems, unresolved);
    write_reports(conn, writing, &groups, &mut progress, groups.len())?;
    progress.rows_done = rows.total;
    Ok(progress)
}
