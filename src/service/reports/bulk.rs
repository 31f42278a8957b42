//! One report's share of a bulk import: created or updated, and submitted
//! if asked, through the same rules as the report API — [`creatable`],
//! [`check_entries`], [`Context::check_editable`], the submission's
//! [`check_granted_move`] — in the grant of the import's own action. The
//! import (`service::imports`) resolves codes and groups rows by report;
//! it never touches a report but through here.

use super::records::{creatable, insert_new};
use super::review::{MoveRequest, check_granted_move, write_move};
use super::values::check_entries;
use super::{Context, reachable};
use crate::auth::Grant;
use crate::db::{self, DbConnection, DbError};
use crate::domain::if_match::IfMatch;
use crate::domain::report::{Move, Report, StoredValue};
use crate::error::{ApiError, ErrorCode};
use crate::model::imports::ImportStrategy;
use crate::model::reports::{NewReport, ValueEntry};
use crate::service::audit::{Change, Entity};
use crate::service::{Caches, Caller};

/// The rows of one report: its unit, campaign and period by id, and its
/// values as entries (in the order of the file's rows).
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

/// Creates or updates the report of `rows`, and submits it if asked, in
/// `grant`; one audit event (`import`, with the import's id) when its
/// values change, besides the submission's own. Call it in a savepoint: on
/// a refusal, whatever it wrote must be rolled back.
pub fn import_report(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    grant: &Grant,
    rows: ReportRows,
    options: BulkOptions<'_>,
) -> Result<Outcome, Refusal> {
    let references: Vec<Option<String>> = rows
        .entries
        .iter()
        .map(|e| match e {
            ValueEntry::Value(v) => Some(v.criterion.clone()),
            ValueEntry::Unreadable { criterion, .. } => criterion.clone(),
        })
        .collect();
    let refused = |error: ApiError| Refusal::of(error, &references);
    let now = crate::domain::now();
    let existing = rows.existing.clone();
    let (report, before, context, outcome) = match (existing, options.strategy) {
        (Some(_), ImportStrategy::CreateOnly) | (None, ImportStrategy::UpdateOnly) => return Ok(Outcome::Ignored),
        (Some(id), _) => {
            let loaded = reachable(conn, &caches.definitions, &id, grant, now).map_err(refused)?;
            (loaded.report, loaded.values, loaded.context, Outcome::Updated)
        }
        (None, _) => {
            let input = NewReport {
                campaign_id: rows.campaign_id.clone(),
                org_unit_id: rows.unit_id.clone(),
                period_id: rows.period_id.clone(),
            };
            let context = creatable(conn, grant, caches, &input, now).map_err(refused)?;
            // Checked before it is inserted: a report with faulty values is not created.
            let report = placeholder(&context, now);
            (report, Vec::new(), context, Outcome::Created)
        }
    };
    let (stored, faults) = check_entries(&context, rows.entries, now);
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
    let changed: Vec<&StoredValue> = stored
        .iter()
        .filter(|new| !before.iter().any(|old| old.criterion_id == new.criterion_id && same(old, new)))
        .collect();
    let to_submit = options.submit && report.status.editable();
    if outcome == Outcome::Updated && changed.is_empty() && !to_submit {
        return Ok(Outcome::Unchanged);
    }
    let (report, after) = if outcome == Outcome::Created {
        let report = insert_new(conn, caller, &context, now).map_err(refused)?;
        db::report_values::put_values(conn, &report.id, &stored.iter().collect::<Vec<_>>())?;
        (report, stored.clone())
    } else if changed.is_empty() {
        (report, before.clone())
    } else {
        context.check_editable(conn, &report, now).map_err(refused)?;
        let touched = db::reports::touch(conn, &report.id, report.version)?
            .ok_or_else(|| refused(ApiError::precondition_failed(report.version + 1)))?;
        db::report_values::put_values(conn, &report.id, &changed)?;
        let mut after: Vec<StoredValue> = before
            .iter()
            .filter(|old| !changed.iter().any(|new| new.criterion_id == old.criterion_id))
            .cloned()
            .collect();
        after.extend(changed.into_iter().cloned());
        (touched, after)
    };
    let id = report.id.clone();
    if outcome == Outcome::Created || after != before {
        let status_before = (outcome == Outcome::Updated).then(|| report.status.as_str());
        let before_view = context.view(report.clone(), before);
        let view = context.view(report, after);
        Change::new(caller, Entity::Report, &id, "import", Some(&context.unit_path))
            .before(&serde_json::json!({ "status": status_before, "values": before_view.values }))
            .after(&serde_json::json!({ "import_id": options.import_id, "status": view.status, "values": view.values }))
            .record(conn)?;
    }
    if to_submit {
        let request =
            MoveRequest { report_id: id, step: Move::Submit, input: None, expected_version: Ok(IfMatch::Any) };
        let checked = check_granted_move(conn, caller, caches, request, grant).map_err(refused)?;
        write_move(conn, caller, checked).map_err(refused)?;
    }
    // A report the import only submitted counts as updated too.
    Ok(outcome)
}

/// Whether a value is given again as it is stored.
fn same(old: &StoredValue, new: &StoredValue) -> bool {
    old.figures == new.figures && old.note == new.note
}

/// The report a [`creatable`] context would have, to judge values against before it exists.
fn placeholder(context: &Context, now: chrono::DateTime<chrono::Utc>) -> Report {
    Report {
        id: String::new(),
        campaign_id: context.definition.campaign_id.clone(),
        org_unit_id: context.unit_id.clone(),
        period_id: context.period.id.clone(),
        status: crate::domain::report::ReportStatus::Draft,
        version: 1,
        submitted_at: None,
        approved_at: None,
        created_by: String::new(),
        created_at: now,
        updated_at: now,
        first_submitted_at: None,
        submitted_on_time: None,
    }
}
