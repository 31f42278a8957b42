//! The review workflow: submit, return, approve, reopen — and the history
//! each move leaves.
//!
//! A move is two steps, so that on SQLite the one writer spends its turn on
//! the writes alone: [`check_move`] reads and checks on any connection, and
//! [`write_move`] writes under the version that was checked ([`move_report`]
//! does both).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Context, in_reach, reachable};
use crate::auth::{Action, Grant};
use crate::db::report_moves::MoveWrite;
use crate::db::reports::{Event, Submission};
use crate::db::scoreboard::Adjustment;
use crate::db::{self, Db, DbConnection};
use crate::domain::if_match::IfMatch;
use crate::domain::report::{Move, Report, ReportStatus, StoredValue, check_against_parent};
use crate::domain::score::UnitTally;
use crate::domain::text::check_text;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::reasons::MoveInput;
use crate::model::reports::{ReportHistoryEntry, ReportView};
use crate::service::audit::{Change, Entity};
use crate::service::{Caches, Caller, version};

/// The longest reason, in characters.
const MAX_REASON: usize = 2000;

/// A move asked of a report.
pub struct MoveRequest {
    pub report_id: String,
    pub step: Move,
    pub input: Option<MoveInput>,
    /// What the caller's `If-Match` asks, or why it asks nothing ([`version::check`]).
    pub expected_version: Result<IfMatch, ApiError>,
}

/// A move that passed every check, to be written by [`write_move`]; only
/// [`check_move`] makes one.
pub struct CheckedMove {
    report: Report,
    values: Vec<StoredValue>,
    context: Context,
    step: Move,
    to: ReportStatus,
    submission: Option<Submission>,
    now: DateTime<Utc>,
    /// The entry for the report's history.
    event: Event,
    /// The status before and after, for the audit log.
    before: serde_json::Value,
    after: serde_json::Value,
    /// How the move changes the scoreboard's kept totals, if it does.
    counted: Option<Adjustment>,
}

/// Checks a move in the order of [`crate::service::version`]: the caller's
/// right to it, the report in reach, the reason, the precondition, the
/// workflow, and for a submission that the report is open and complete.
///
/// Read and checked on any connection, outside the write: the move is
/// guarded by the version read here, and every change to the report or its
/// values raises the version, so what was checked still holds when the move
/// lands, or it does not land (412).
fn check_move(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    request: MoveRequest,
) -> Result<CheckedMove, ApiError> {
    let action = match request.step {
        Move::Submit => Action::WriteReports,
        Move::Return | Move::Approve => Action::ReviewReports,
        Move::Reopen => Action::ReopenReports,
    };
    let grant = caller.may(action)?;
    check_granted_move(conn, caller, caches, request, &grant)
}

/// [`check_move`] in a grant the caller already holds: a bulk import
/// submits in the grant of its own action.
pub(super) fn check_granted_move(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    request: MoveRequest,
    grant: &Grant,
) -> Result<CheckedMove, ApiError> {
    let step = request.step;
    let now = crate::domain::now();
    let loaded = reachable(conn, &caches.definitions, &request.report_id, grant, now)?;
    let (report, values, context) = (loaded.report, loaded.values, loaded.context);
    let reason = request.input.and_then(|b| b.reason).map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if step.needs_reason() && reason.is_none() {
        return Err(ApiError::validation(vec![FieldError::new("reason", "required", "Say why.")]));
    }
    if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON) {
        return Err(ApiError::validation(vec![FieldError::new("reason", "too_long", "2,000 characters at most.")]));
    }
    // A reason that is required (return, reopen) is the one text rule every
    // required reason follows, as its schema says (`ReasonInput`).
    if let Some(text) = reason.as_deref().filter(|_| step.needs_reason())
        && let Err(rule) = check_text(text, MAX_REASON)
    {
        return Err(ApiError::validation(vec![FieldError::new("reason", "invalid", format!("The reason {rule}."))]));
    }
    version::check(report.version, request.expected_version)?;
    let Some(to) = step.next_status(report.status) else {
        return Err(ApiError::illegal_state(
            ErrorCode::IllegalMove,
            format!("A {} report cannot take the move {:?}.", report.status.as_str(), step.as_str()),
            report.status.as_str(),
        ));
    };
    // A submission freezes the values: they are checked, and summed for the scoreboard.
    let mut submission = None;
    if step == Move::Submit {
        context.check_open(conn, now)?;
        check_complete(&context, &values)?;
        let weight = |id: &str| context.criteria().iter().find(|c| c.id == id).map_or(0.0, |c| c.weight);
        submission = Some(Submission {
            tally: UnitTally::of_values(values.iter().map(|v| (weight(&v.criterion_id), &v.computed))),
            first_on_time: report
                .first_submitted_at
                .is_none()
                .then(|| crate::domain::report::on_time(now, context.period.due_on)),
        });
    } else {
        // A review needs no open period, only a campaign that still runs.
        context.check_not_closed()?;
    }
    // Built here, so that the write does nothing but write.
    let event = Event {
        actor: caller.principal.actor_ref(),
        at: now,
        action: step.as_str().to_owned(),
        from_status: Some(report.status.as_str().to_owned()),
        to_status: to.as_str().to_owned(),
        reason: reason.clone(),
    };
    let before = serde_json::json!({ "status": report.status.as_str() });
    let after = serde_json::json!({ "status": to.as_str(), "reason": reason });
    // Approved values count in the scoreboard's kept totals: in on approval, out on reopening.
    let counted = match step {
        Move::Approve => Some(Adjustment::Add),
        Move::Reopen => Some(Adjustment::Subtract),
        Move::Submit | Move::Return => None,
    };
    Ok(CheckedMove { report, values, context, step, to, submission, now, event, before, after, counted })
}

/// Moves a report: [`check_move`] on any connection, then [`write_move`] in
/// its own turn of the writer; answers the report as moved.
pub async fn move_report(
    db: &Db,
    caches: Arc<Caches>,
    caller: Caller,
    request: MoveRequest,
) -> Result<ReportView, ApiError> {
    let checker = caller.clone();
    let checked = db.run(move |conn| check_move(conn, &checker, &caches, request)).await?;
    // One statement on PostgreSQL, committed in its round trip (see `db::report_moves`).
    let moved = db.write_one(move |conn| write_move(conn, &caller, checked)).await?;
    Ok(moved.context.view(moved.report, moved.values))
}

/// A report just moved, to be answered outside the write.
pub(super) struct MovedReport {
    report: Report,
    values: Vec<StoredValue>,
    context: Context,
}

/// Writes a checked move, in one transaction: the status (guarded by the
/// version checked), the history, the audit event, and the scoreboard's
/// kept totals — one statement on PostgreSQL (see `db::report_moves`).
pub(super) fn write_move(
    conn: &mut DbConnection,
    caller: &Caller,
    checked: CheckedMove,
) -> Result<MovedReport, ApiError> {
    let CheckedMove { report, values, context, step, to, submission, now, event, before, after, counted } = checked;
    let audit = Change::new(caller, Entity::Report, &report.id, step.as_str(), Some(&context.unit_path))
        .before(&before)
        .after(&after)
        .event();
    let write = MoveWrite {
        id: &report.id,
        version: report.version,
        from: report.status,
        to,
        now,
        submission,
        event: &event,
        audit: &audit,
        totals: counted.map(|adjustment| (adjustment, values.as_slice())),
    };
    // No row: someone moved it first; of concurrent reviewers exactly one succeeds.
    let moved =
        db::report_moves::write_move(conn, &write)?.ok_or_else(|| ApiError::precondition_failed(report.version + 1))?;
    Ok(MovedReport { report: moved, values, context })
}

/// 422 listing every applicable criterion without a value, and every value
/// inconsistent with its parent's.
fn check_complete(context: &Context, values: &[StoredValue]) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    for criterion in context.applicable() {
        let Some(value) = values.iter().find(|v| v.criterion_id == criterion.id) else {
            errors.push(FieldError::new(
                format!("values[{}]", criterion.code),
                "missing",
                format!("Criterion {} has no value.", criterion.code),
            ));
            continue;
        };
        if let Some(parent) = &criterion.parent_id
            && let Some(parent_value) = values.iter().find(|v| &v.criterion_id == parent)
            && let Some((field, code, message)) = check_against_parent(&parent_value.figures, &value.figures)
        {
            errors.push(FieldError::new(format!("values[{}].{field}", criterion.code), code, message));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::validation(errors)) }
}

/// The report's history: who moved it, when, from what, to what, and why.
pub fn history(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<ReportHistoryEntry>, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let (report, _) = in_reach(conn, id, &grant)?;
    let events = db::reports::events(conn, &report.id)?;
    Ok(events
        .into_iter()
        .map(|e| ReportHistoryEntry {
            actor: e.actor,
            at: e.at,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            reason: e.reason,
        })
        .collect())
}
