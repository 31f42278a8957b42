//! A bulk import's reports: created or updated, and submitted if asked,
//! through the same rules as the report API — [`creatable_by`],
//! [`check_entries`], [`Context::check_editable`], the submission's
//! [`check_granted_move`] — in the grant of the import's own action. The
//! import (`service::imports`) resolves codes and groups rows by report;
//! it never touches a report but through here.
//!
//! A batch of reports is judged on facts read for the whole batch at once
//! ([`BatchFacts`]) and written in a few multi-row statements
//! (`db::report_batches`), not in ten round trips per report. Should the
//! batch's write fail for one report's sake (created or changed meanwhile),
//! it is rolled back and each report is judged again on what it now holds
//! and written on its own, in a savepoint: a report created meanwhile is
//! named by its rows (`report_exists`); one changed meanwhile takes the
//! file's values over the other writer's, as the import would have had it
//! come a moment later. Reports to submit go one by one through the move's
//! own path.

mod facts;

use chrono::{DateTime, Utc};

use super::records::{ReadNow, creatable_by, new_report, report_exists};
use super::review::{MoveRequest, check_granted_move, write_move};
use super::values::check_entries;
use super::{Context, Loaded, reachable};
use crate::auth::Grant;
use crate::db::audit::AuditEvent;
use crate::db::report_batches::{BatchRefused, BatchWrite};
use crate::db::{self, DbConnection, DbError};
use crate::domain::if_match::IfMatch;
use crate::domain::report::{Move, Report, StoredValue};
use crate::error::{ApiError, ErrorCode};
use crate::model::imports::ImportStrategy;
use crate::model::reports::{NewReport, ValueEntry};
use crate::service::audit::{Change, Entity};
use crate::service::{Caches, Caller};
use facts::BatchFacts;

/// The rows of one report: its unit, campaign and period by id, and its
/// values as entries (in the order of the file's rows).
#[derive(Clone)]
pub struct ReportRows {
    pub campaign_id: String,
    pub unit_id: String,
    pub period_id: String,
    /// The id of the report there is of the unit for the campaign and
    /// period (`None`: there is none), as the import read it for a batch.
    pub existing: Option<String>,
    pub entries: Vec<ValueEntry>,
}

/// How the import treats reports.
#[derive(Clone, Copy, Debug)]
pub struct BulkOptions<'a> {
    pub strategy: ImportStrategy,
    pub submit: bool,
    /// Recorded in each report's audit event.
    pub import_id: &'a str,
    /// Judge only: nothing is written (reports to submit are written, to
    /// judge their submission, and the import rolls them back).
    pub dry_run: bool,
}

/// What became of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    /// Its values were those of the file already (and it was submitted, if asked).
    Unchanged,
    /// Left alone by the strategy: it exists (create only), or it does not (update only).
    Ignored,
}

/// Why a report was not written: a fault of one entry (by its place), or of the report.
#[derive(Debug)]
pub struct Fault {
    /// The entry at fault; `None`: the report as a whole.
    pub at: Option<usize>,
    /// `campaign`, `unit`, `period`, `criterion`, a figure, `note`, or `report`.
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A report refused (its faults), or an import that cannot go on (the
/// database failed).
#[derive(Debug)]
pub enum Refusal {
    Faults(Vec<Fault>),
    Failed(ApiError),
}

impl From<DbError> for Refusal {
    fn from(error: DbError) -> Self {
        Refusal::Failed(error.into())
    }
}

impl Refusal {
    /// A rule's answer, as faults (the database's failure stays one).
    fn of(error: ApiError, references: &[Option<String>]) -> Self {
        let problem = error.problem();
        if problem.status >= 500 {
            return Refusal::Failed(error);
        }
        if problem.errors.is_empty() {
            let field = match problem.code {
                ErrorCode::PeriodLocked => "period",
                ErrorCode::CampaignNotActive | ErrorCode::CampaignClosed => "campaign",
                ErrorCode::NotAParticipant => "unit",
                _ => "report",
            };
            let code = if problem.status == 404 { "not_found" } else { problem.code.as_str() };
            let fault =
                Fault { at: None, field: field.to_owned(), code: code.to_owned(), message: problem.detail.clone() };
            return Refusal::Faults(vec![fault]);
        }
        let faults = problem
            .errors
            .iter()
            .map(|e| {
                let (at, field) = match e.field.as_str() {
                    "campaign_id" => (None, "campaign".to_owned()),
                    "org_unit_id" => (None, "unit".to_owned()),
                    "period_id" => (None, "period".to_owned()),
                    // `values[9.1]` or `values[9.1].numerator`, as a submission names them.
                    named => match named.strip_prefix("values[").and_then(|rest| rest.split_once(']')) {
                        Some((code, rest)) => {
                            let at = references.iter().position(|r| r.as_deref() == Some(code));
                            let field = rest.strip_prefix('.').filter(|f| !f.is_empty()).unwrap_or("criterion");
                            (at, field.to_owned())
                        }
                        None => (None, "report".to_owned()),
                    },
                };
                Fault { at, field, code: e.code.clone(), message: e.message.clone() }
            })
            .collect();
        Refusal::Faults(faults)
    }
}

/// What became of one report: its outcome, or its faults.
pub type Written = Result<Outcome, Vec<Fault>>;

/// Creates or updates the reports of `batch` (and submits them if asked),
/// in `grant`: one audit event (`import`, with the import's id) per report
/// whose values change, besides a submission's own. What became of each,
/// in order; `Err` only when the database failed (the import stops).
pub fn import_reports(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    grant: &Grant,
    batch: Vec<ReportRows>,
    options: BulkOptions<'_>,
) -> Result<Vec<Written>, ApiError> {
    let now = crate::domain::now();
    if options.submit {
        return batch.into_iter().map(|rows| one_by_one(conn, caller, caches, grant, rows, options, now)).collect();
    }
    let mut facts = BatchFacts::read(conn, caches, &batch, options.strategy, now)?;
    let mut judged = Vec::with_capacity(batch.len());
    for rows in &batch {
        let found = |conn: &mut DbConnection| facts.found(conn, grant, rows, now);
        judged.push(match judge(conn, caller, rows, found, options, now) {
            Ok(judged) => Ok(judged),
            Err(Refusal::Faults(faults)) => Err(faults),
            Err(Refusal::Failed(error)) => return Err(error),
        });
    }
    let plans: Vec<&Plan> = judged.iter().filter_map(|j| j.as_ref().ok()).filter_map(Judged::plan).collect();
    let written = if options.dry_run || plans.is_empty() {
        Ok(())
    } else {
        let write = batch_write(&plans);
        db::savepoint(conn, |conn| db::report_batches::write(conn, &write, now))
    };
    match written {
        Ok(()) => Ok(judged.into_iter().map(|j| j.map(|j| j.outcome())).collect()),
        Err(BatchRefused::Failed(error)) => Err(error.into()),
        // Rolled back: each report again on its own, so the one at fault is named.
        Err(BatchRefused::Raced) => {
            batch.into_iter().map(|rows| one_by_one(conn, caller, caches, grant, rows, options, now)).collect()
        }
    }
}

/// One report judged on facts read for it alone, written, and submitted
/// if asked, in a savepoint: rolled back whole on a refusal.
fn one_by_one(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    grant: &Grant,
    rows: ReportRows,
    options: BulkOptions<'_>,
    now: DateTime<Utc>,
) -> Result<Written, ApiError> {
    let refused = |error: ApiError| Refusal::of(error, &references(&rows));
    let written = db::savepoint(conn, |conn| {
        let found = |conn: &mut DbConnection| match &rows.existing {
            Some(id) => reachable(conn, &caches.definitions, id, grant, now).map(|l| Found::Existing(Box::new(l))),
            None => creatable_by(conn, grant, &mut ReadNow(caches), &new_of(&rows), now).map(Found::New),
        };
        let plan = match judge(conn, caller, &rows, found, options, now)? {
            Judged::Done(outcome) => return Ok(outcome),
            Judged::Write(plan) => plan,
        };
        match db::report_batches::write(conn, &batch_write(&[&plan]), now) {
            Ok(()) => {}
            Err(BatchRefused::Raced) if plan.new => return Err(refused(report_exists())),
            Err(BatchRefused::Raced) => return Err(refused(ApiError::precondition_failed(plan.report.version + 1))),
            Err(BatchRefused::Failed(error)) => return Err(Refusal::Failed(error.into())),
        }
        if plan.submit {
            let step = Move::Submit;
            let request = MoveRequest {
                report_id: plan.report.id.clone(),
                step,
                input: None,
                expected_version: Ok(IfMatch::Any),
            };
            let checked = check_granted_move(conn, caller, caches, request, grant).map_err(refused)?;
            write_move(conn, caller, checked).map_err(refused)?;
        }
        // A report the import only submitted counts as updated too.
        Ok(plan.outcome)
    });
    match written {
        Ok(outcome) => Ok(Ok(outcome)),
        Err(Refusal::Faults(faults)) => Ok(Err(faults)),
        Err(Refusal::Failed(error)) => Err(error),
    }
}

/// The report a group of rows would create.
fn new_of(rows: &ReportRows) -> NewReport {
    NewReport {
        campaign_id: rows.campaign_id.clone(),
        org_unit_id: rows.unit_id.clone(),
        period_id: rows.period_id.clone(),
    }
}

/// The criterion each entry names, by its place: how a fault names its row.
fn references(rows: &ReportRows) -> Vec<Option<String>> {
    rows.entries
        .iter()
        .map(|e| match e {
            ValueEntry::Value(v) => Some(v.criterion.clone()),
            ValueEntry::Unreadable { criterion, .. } => criterion.clone(),
        })
        .collect()
}

/// A report found to write to: there, or to be created in its context.
enum Found {
    Existing(Box<Loaded>),
    New(Context),
}

/// A report judged: nothing to write, or what to write.
enum Judged {
    Done(Outcome),
    Write(Box<Plan>),
}

impl Judged {
    fn outcome(&self) -> Outcome {
        match self {
            Judged::Done(outcome) => *outcome,
            Judged::Write(plan) => plan.outcome,
        }
    }

    fn plan(&self) -> Option<&Plan> {
        match self {
            Judged::Done(_) => None,
            Judged::Write(plan) => Some(&**plan),
        }
    }
}

/// What one report writes.
struct Plan {
    outcome: Outcome,
    /// The report as read, or new.
    report: Report,
    /// To be inserted.
    new: bool,
    /// An existing report whose values change: raised one version.
    touch: bool,
    /// The values to store.
    values: Vec<StoredValue>,
    /// Its audit event, when its values change.
    event: Option<AuditEvent>,
    /// To submit once written.
    submit: bool,
}

/// The writes of `plans`, for one batch.
fn batch_write<'a>(plans: &[&'a Plan]) -> BatchWrite<'a> {
    BatchWrite {
        created: plans.iter().filter(|p| p.new).map(|p| &p.report).collect(),
        touched: plans.iter().filter(|p| p.touch).map(|p| (p.report.id.as_str(), p.report.version)).collect(),
        values: plans.iter().flat_map(|p| p.values.iter().map(|v| (p.report.id.as_str(), v))).collect(),
        events: plans.iter().filter_map(|p| p.event.clone()).collect(),
    }
}

/// Judges the report of `rows` by the report service's rules, the report
/// found by `found` (asked only when the strategy does not leave it):
/// what it writes, or why it is refused. Writes nothing.
fn judge(
    conn: &mut DbConnection,
    caller: &Caller,
    rows: &ReportRows,
    found: impl FnOnce(&mut DbConnection) -> Result<Found, ApiError>,
    options: BulkOptions<'_>,
    now: DateTime<Utc>,
) -> Result<Judged, Refusal> {
    let references = references(rows);
    let refused = |error: ApiError| Refusal::of(error, &references);
    if ignored(rows, options.strategy) {
        return Ok(Judged::Done(Outcome::Ignored));
    }
    let (report, before, context, outcome) = match found(conn).map_err(refused)? {
        Found::Existing(loaded) => {
            let Loaded { report, values, context } = *loaded;
            (report, values, context, Outcome::Updated)
        }
        // Checked before it is inserted: a report with faulty values is not created.
        Found::New(context) => (new_report(caller, &context, now), Vec::new(), context, Outcome::Created),
    };
    let (stored, faults) = check_entries(&context, rows.entries.clone(), now);
    if !faults.is_empty() {
        return Err(Refusal::Faults(
            faults
                .into_iter()
                .map(|f| Fault {
                    at: Some(f.at),
                    field: if f.field.is_empty() { "criterion".to_owned() } else { f.field },
                    code: f.code,
                    message: f.message,
                })
                .collect(),
        ));
    }
    let changed: Vec<StoredValue> = stored
        .iter()
        .filter(|new| !before.iter().any(|old| old.criterion_id == new.criterion_id && same(old, new)))
        .cloned()
        .collect();
    let submit = options.submit && report.status.editable();
    if outcome == Outcome::Updated && changed.is_empty() && !submit {
        return Ok(Judged::Done(Outcome::Unchanged));
    }
    let new = outcome == Outcome::Created;
    let touch = !new && !changed.is_empty();
    let (values, after) = if new {
        (stored.clone(), stored)
    } else if changed.is_empty() {
        (Vec::new(), before.clone())
    } else {
        context.check_editable(conn, &report, now).map_err(refused)?;
        let mut after: Vec<StoredValue> = before
            .iter()
            .filter(|old| !changed.iter().any(|new| new.criterion_id == old.criterion_id))
            .cloned()
            .collect();
        after.extend(changed.iter().cloned());
        (changed, after)
    };
    let event = (new || after != before).then(|| {
        let status_before = (!new).then(|| report.status.as_str());
        let before_view = context.view(report.clone(), before);
        let view = context.view(report.clone(), after);
        Change::new(caller, Entity::Report, &report.id, "import", Some(&context.unit_path))
            .before(&serde_json::json!({ "status": status_before, "values": before_view.values }))
            .after(&serde_json::json!({ "import_id": options.import_id, "status": view.status, "values": view.values }))
            .event()
    });
    Ok(Judged::Write(Box::new(Plan { outcome, report, new, touch, values, event, submit })))
}

/// Whether the strategy leaves the report alone: it exists (create only),
/// or it does not (update only).
fn ignored(rows: &ReportRows, strategy: ImportStrategy) -> bool {
    matches!((&rows.existing, strategy), (Some(_), ImportStrategy::CreateOnly) | (None, ImportStrategy::UpdateOnly))
}

/// Whether a value is given again as it is stored.
fn same(old: &StoredValue, new: &StoredValue) -> bool {
    old.figures == new.figures && old.note == new.note
}
