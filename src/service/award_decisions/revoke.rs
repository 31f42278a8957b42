//! Revoking a line of a signed decision (Luật 06/2022/QH15 chương VII): the
//! ground, the facts, and the money to recover — by default the whole
//! amount. The line stays, marked; the recovered money goes back to the
//! fund the decision was charged to.

use super::{decision_in, line_view};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::award_decisions::Revocation;
use crate::db::{self, DbConnection};
use crate::domain::award_decision::DecisionStatus;
use crate::domain::if_match::IfMatch;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::award_decisions::{DecisionLineView, RevokeInput};
use crate::model::choices::LINE_REVOKED;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// The longest reason, in characters.
const MAX_REASON: usize = 2_000;

/// One line of a decision the caller may see.
pub fn get_line(
    conn: &mut DbConnection,
    caller: &Caller,
    decision_id: &str,
    line_id: &str,
) -> Result<DecisionLineView, ApiError> {
    let grant = caller.may(Action::ReadAwardDecisions)?;
    decision_in(conn, caller, &grant, decision_id)?;
    let line = db::award_decisions::line(conn, decision_id, line_id)?.ok_or_else(not_found)?;
    Ok(line_view(line))
}

/// Revokes a line read at version `expected` (the line's own version).
pub fn revoke(
    conn: &mut DbConnection,
    caller: &Caller,
    decision_id: &str,
    line_id: &str,
    expected: Result<IfMatch, ApiError>,
    input: RevokeInput,
) -> Result<DecisionLineView, ApiError> {
    let grant = caller.may(Action::SignAwardDecisions)?;
    let (decision, _, path) = decision_in(conn, caller, &grant, decision_id)?;
    let named = db::award_decisions::line(conn, decision_id, line_id)?.ok_or_else(not_found)?;
    let line = &named.line;

    let mut errors = Vec::new();
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() {
        errors.push(FieldError::new("reason", "required", "State the facts the revocation rests on."));
    } else if reason.chars().count() > MAX_REASON {
        errors.push(FieldError::new("reason", "too_long", "2,000 characters at most."));
    }
    let amount = line.amount_vnd.unwrap_or(0);
    let recover_vnd = input.recover_vnd.unwrap_or(amount);
    // A line not yet signed has no amount; the 409 below says so.
    if recover_vnd < 0 || (line.amount_vnd.is_some() && recover_vnd > amount) {
        errors.push(FieldError::new(
            "recover_vnd",
            "out_of_range",
            format!("The money to recover is from 0 to the line's amount, {amount} đồng."),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    version::check(line.version, expected)?;
    if decision.status != DecisionStatus::Signed {
        return Err(ApiError::illegal_state(
            ErrorCode::DecisionNotSigned,
            "The decision is a draft: change its nominations instead of revoking a line.",
            decision.status.as_str(),
        ));
    }
    if line.revoked_at.is_some() {
        return Err(ApiError::illegal_state(ErrorCode::LineRevoked, "The line is revoked already.", LINE_REVOKED));
    }

    let before = line_view(named.clone());
    let now = crate::domain::now();
    let actor = caller.principal.actor_ref();
    let revocation = Revocation {
        ground: input.ground.as_str(),
        reason: &reason,
        recover_vnd,
        revoked_by: &actor,
        revoked_at: now.naive_utc(),
    };
    version::landed(db::award_decisions::revoke(conn, line_id, line.version, &revocation)?, line.version)?;
    db::award_decisions::touch(conn, decision_id, now.naive_utc())?;
    if let Some(fund_id) = &decision.fund_id
        && recover_vnd > 0
        && !db::reward_funds::release(conn, fund_id, recover_vnd)?
    {
        return Err(ApiError::internal(&format!(
            "reward fund {fund_id} holds less committed than the {recover_vnd} đồng decision {decision_id} releases"
        )));
    }
    let after = line_view(db::award_decisions::line(conn, decision_id, line_id)?.ok_or_else(not_found)?);
    Change::new(caller, Entity::AwardDecision, decision_id, "revoke_line", Some(&path))
        .before(&before)
        .after(&after)
        .record(conn)?;
    Ok(after)
}
