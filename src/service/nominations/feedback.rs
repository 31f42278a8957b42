//! What the public said while a nomination was posted: recorded by the
//! office, read by whoever reads the nomination (the council weighs it).

use super::{Reach, reachable};
use crate::auth::Action;
use crate::db::nomination_history::Feedback;
use crate::db::{self, DbConnection};
use crate::domain::nomination::NominationStatus;
use crate::domain::text::check_name;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::nominations::{FeedbackInput, FeedbackView};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};

/// The longest feedback, in characters.
const MAX_BODY: usize = 5000;

fn view(nomination_id: &str, f: Feedback) -> FeedbackView {
    FeedbackView {
        id: f.id,
        nomination_id: nomination_id.to_owned(),
        received_on: f.received_on,
        source: f.source,
        body: f.body,
        recorded_by: f.recorded_by,
        created_at: f.created_at,
    }
}

/// Records feedback on a posted nomination (the office).
pub fn add(
    conn: &mut DbConnection,
    caller: &Caller,
    nomination_id: &str,
    input: FeedbackInput,
) -> Result<FeedbackView, ApiError> {
    let reach = Reach::of(caller, Action::ManageNominations)?;
    let record = reachable(conn, &reach, nomination_id)?;
    let n = &record.nomination;
    let now = crate::domain::now();
    let mut errors = Vec::new();
    let source = check_name(&input.source, 200)
        .map_err(|rule| errors.push(FieldError::new("source", "invalid", format!("The source {rule}."))))
        .unwrap_or_default();
    let body = input.body.trim().to_owned();
    if body.is_empty() {
        errors.push(FieldError::new("body", "required", "Say what was said."));
    } else if body.chars().count() > MAX_BODY {
        errors.push(FieldError::new("body", "too_long", "5,000 characters at most."));
    }
    if input.received_on > crate::domain::day_in_vietnam(now) {
        errors.push(FieldError::new("received_on", "in_future", "Record feedback once it is received."));
    }
    if n.posted_on.is_some_and(|on| input.received_on < on) {
        errors.push(FieldError::new("received_on", "before_posting", "The posting began later."));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if n.status != NominationStatus::Posted {
        return Err(ApiError::illegal_state(
            ErrorCode::NominationNotPosted,
            format!("Feedback is recorded while a nomination is posted; this one is {}.", n.status.as_str()),
            n.status.as_str(),
        ));
    }
    let feedback = Feedback {
        id: uuid::Uuid::now_v7().to_string(),
        received_on: input.received_on,
        source,
        body,
        recorded_by: caller.principal.actor_ref(),
        created_at: now,
    };
    db::nomination_history::add_feedback(conn, &n.id, &feedback)?;
    let view = view(&n.id, feedback);
    Change::new(caller, Entity::Nomination, &n.id, "add_feedback", Some(&record.unit_path))
        .after(&view)
        .record(conn)?;
    Ok(view)
}

/// The feedback on a nomination, in the order received.
pub fn list(conn: &mut DbConnection, caller: &Caller, nomination_id: &str) -> Result<Vec<FeedbackView>, ApiError> {
    let reach = Reach::of(caller, Action::ReadNominations)?;
    let record = reachable(conn, &reach, nomination_id)?;
    let id = record.nomination.id;
    Ok(db::nomination_history::feedback(conn, &id)?.into_iter().map(|f| view(&id, f)).collect())
}
