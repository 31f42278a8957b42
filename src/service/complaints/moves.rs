//! The register's workflow: start, conclude, withdraw, decline — each a
//! move guarded by the version read, with its history entry and its audit
//! event — and the history each complaint keeps.

use super::{Marker, reachable, refuse, snapshot};
use crate::auth::Action;
use crate::db::complaints::{Conclusion, Event};
use crate::db::{self, DbConnection};
use crate::domain::complaint::{ComplaintMove, ComplaintStatus, MAX_DOCUMENT_NUMBER, MAX_REASON, check_conclusion_on};
use crate::domain::day_in_vietnam;
use crate::domain::if_match::IfMatch;
use crate::domain::text::{MAX_NAME, check_name, check_text};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::complaints::{ComplaintHistoryEntry, ComplaintView, ConcludeInput};
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// A move asked of a complaint.
pub struct MoveRequest {
    pub complaint_id: String,
    pub step: ComplaintMove,
    /// The conclusion, for [`ComplaintMove::Conclude`].
    pub conclusion: Option<ConcludeInput>,
    /// Why, for a withdrawal or a refusal.
    pub reason: Option<String>,
    /// What the caller's `If-Match` asks, or why it asks nothing ([`version::check`]).
    pub expected_version: Result<IfMatch, ApiError>,
}

/// Moves a complaint, checked in the order of [`crate::service::version`]:
/// the office's right, the complaint in its scope, the reason or the
/// conclusion (422 naming each field), the version read, then the workflow
/// (409 `illegal_move`, with the current status). Written in the same
/// transaction: the status (guarded by the version), the history entry and
/// the audit event.
pub fn move_complaint(
    conn: &mut DbConnection,
    caller: &Caller,
    request: MoveRequest,
) -> Result<ComplaintView, ApiError> {
    let grant = caller.may(Action::ManageComplaints)?;
    let (current, _) = reachable(conn, &request.complaint_id, &grant)?;
    let step = request.step;
    let now = crate::domain::now();
    let mut errors = Vec::new();
    let reason = match (step.needs_reason(), request.reason) {
        (true, Some(reason)) => check_text(&reason, MAX_REASON)
            .map_err(|rule| errors.push(FieldError::new("reason", "invalid", format!("The reason {rule}."))))
            .ok(),
        (true, None) => {
            errors.push(FieldError::new("reason", "required", "Say why."));
            None
        }
        (false, _) => None,
    };
    let conclusion = match (step, request.conclusion) {
        (ComplaintMove::Conclude, Some(input)) => {
            let text = |field: &'static str, what: &str, raw: &str, max: usize, errors: &mut Vec<FieldError>| {
                check_name(raw, max)
                    .map_err(|rule| errors.push(FieldError::new(field, "invalid", format!("The {what} {rule}."))))
                    .unwrap_or_default()
            };
            let number =
                text("conclusion_number", "number", &input.conclusion_number, MAX_DOCUMENT_NUMBER, &mut errors);
            let issuer = text("conclusion_issuer", "issuer", &input.conclusion_issuer, MAX_NAME, &mut errors);
            if let Some((field, code, message)) =
                check_conclusion_on(input.conclusion_on, current.received_on, day_in_vietnam(now))
            {
                errors.push(FieldError::new(field, code, message));
            }
            Some((input.outcome, number, input.conclusion_on, issuer))
        }
        (ComplaintMove::Conclude, None) => {
            errors.push(FieldError::new("body", "required", "Send the outcome and the concluding document."));
            None
        }
        _ => None,
    };
    refuse(errors)?;
    version::check(current.version, request.expected_version)?;
    let Some(to) = step.next_status(current.status) else {
        return Err(ApiError::illegal_state(
            ErrorCode::IllegalMove,
            format!("A {} complaint cannot take the move {:?}.", current.status.as_str(), step.as_str()),
            current.status.as_str(),
        ));
    };
    let conclusion = conclusion.as_ref().map(|(outcome, number, on, issuer)| Conclusion {
        outcome: *outcome,
        number,
        on: *on,
        issuer,
    });
    let id = current.id.clone();
    let outcome = db::complaints::move_status(
        conn,
        &id,
        current.version,
        current.status,
        to,
        conclusion.as_ref(),
        reason.as_deref(),
        now,
    )?;
    version::landed(outcome, current.version)?;
    let event = Event {
        actor: caller.principal.actor_ref(),
        at: now,
        action: step.as_str().to_owned(),
        from_status: Some(current.status.as_str().to_owned()),
        to_status: to.as_str().to_owned(),
        reason,
    };
    db::complaints::add_event(conn, &id, &event)?;
    let (moved, unit_path) = reachable(conn, &id, &grant)?;
    let before = ComplaintView::from(current);
    let after = ComplaintView::from(moved);
    Change::new(caller, Entity::Complaint, &id, step.as_str(), Some(&unit_path))
        .before(&snapshot(&before, Marker::of(before.has_complainant)))
        .after(&snapshot(&after, Marker::of(after.has_complainant)))
        .record(conn)?;
    Ok(after)
}

/// A complaint's history, oldest first: its recording, then every move.
pub fn history(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<ComplaintHistoryEntry>, ApiError> {
    let grant = caller.may(Action::ReadComplaints)?;
    let (complaint, _) = reachable(conn, id, &grant)?;
    let status = |text: &str| text.parse::<ComplaintStatus>().map_err(|e| ApiError::internal(&e));
    db::complaints::events(conn, &complaint.id)?
        .into_iter()
        .map(|e| {
            Ok(ComplaintHistoryEntry {
                actor: e.actor,
                at: e.at,
                action: e.action,
                from_status: e.from_status.as_deref().map(status).transpose()?,
                to_status: status(&e.to_status)?,
                reason: e.reason,
            })
        })
        .collect()
}
