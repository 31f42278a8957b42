//! The workflow (`domain::nomination`): propose, post, forward, decide,
//! record the superior level's decision, withdraw — each move checked, then
//! written with its history entry and audit event. The council's review
//! (posted → reviewed) is made by concluding a council meeting, not here.
//!
//! As for reports, a move is two steps: [`check_move`] reads and checks on
//! any connection, [`write_move`] writes under the version checked, so of
//! two concurrent moves exactly one lands and the other answers 412.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::eligibility::judge;
use super::{Reach, reachable};
use crate::auth::Action;
use crate::db::nomination_history::Event;
use crate::db::nominations::{Record, Stamp};
use crate::db::{self, Db, DbConnection};
use crate::domain::awards::IssuingLevel;
use crate::domain::eligibility::Verdict;
use crate::domain::if_match::IfMatch;
use crate::domain::nomination::{Decision, NominationMove, NominationStatus, add_working_days};
use crate::domain::settings::POSTING_WORKING_DAYS;
use crate::domain::text::check_name;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::nominations::{
    DecideInput, NominationHistoryEntry, NominationView, PostInput, SuperiorDecisionInput, WithdrawInput,
};
use crate::model::reasons::MoveInput;
use crate::service::audit::{Change, Entity};
use crate::service::{Caches, Caller, version};

/// The longest reason, in characters.
const MAX_REASON: usize = 2000;

/// A move asked of a nomination, with its body.
pub enum Step {
    Propose(MoveInput),
    Post(PostInput),
    Forward(MoveInput),
    Decide(DecideInput),
    SuperiorDecision(SuperiorDecisionInput),
    Withdraw(WithdrawInput),
}

pub struct MoveRequest {
    pub nomination_id: String,
    pub step: Step,
    /// What the caller's `If-Match` asks, or why it asks nothing ([`version::check`]).
    pub expected_version: Result<IfMatch, ApiError>,
}

/// What a checked move writes; only [`check_move`] makes one.
pub struct CheckedMove {
    record: Record,
    step: NominationMove,
    to: NominationStatus,
    stamp: Stamped,
    event_reason: Option<String>,
    now: DateTime<Utc>,
    before: serde_json::Value,
    after: serde_json::Value,
}

/// The owned form of `db::nominations::Stamp`, carried from the check to the write.
enum Stamped {
    Nothing,
    Posted { on: NaiveDate, until: NaiveDate },
    Decided { reason: Option<String>, override_reason: Option<String> },
    Forwarded,
    SuperiorDecided { reason: Option<String>, number: String, on: NaiveDate, issuer: String },
}

/// An optional reason: trimmed, empty taken as absent, 2,000 characters at most.
fn reason(field: &str, text: Option<String>, errors: &mut Vec<FieldError>) -> Option<String> {
    let text = text.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if text.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON) {
        errors.push(FieldError::new(field, "too_long", "2,000 characters at most."));
    }
    text
}

fn required(field: &str, text: Option<String>, errors: &mut Vec<FieldError>) -> Option<String> {
    let text = reason(field, text, errors);
    if text.is_none() {
        errors.push(FieldError::new(field, "required", "Say why."));
    }
    text
}

/// The body's values, checked (422 lists every broken rule), and the move they ask.
struct Asked {
    step: NominationMove,
    stamp: Stamped,
    event_reason: Option<String>,
}

fn asked(conn: &mut DbConnection, step: Step, today: NaiveDate) -> Result<Asked, ApiError> {
    let mut errors = Vec::new();
    let asked = match step {
        Step::Propose(input) => {
            let r = reason("reason", input.reason, &mut errors);
            Asked { step: NominationMove::Propose, stamp: Stamped::Nothing, event_reason: r }
        }
        Step::Forward(input) => {
            let r = reason("reason", input.reason, &mut errors);
            Asked { step: NominationMove::Forward, stamp: Stamped::Forwarded, event_reason: r }
        }
        Step::Withdraw(input) => {
            let r = required("reason", Some(input.reason), &mut errors);
            Asked { step: NominationMove::Withdraw, stamp: Stamped::Nothing, event_reason: r }
        }
        Step::Post(input) => {
            let on = input.posted_on.unwrap_or(today);
            if on > today {
                errors.push(FieldError::new("posted_on", "in_future", "A posting is recorded once it is up."));
            }
            let days = crate::service::settings::integer(conn, &POSTING_WORKING_DAYS)?;
            let until = add_working_days(on, days).unwrap_or(NaiveDate::MAX);
            Asked { step: NominationMove::Post, stamp: Stamped::Posted { on, until }, event_reason: None }
        }
        Step::Decide(input) => {
            let step = match input.outcome {
                Decision::Approve => NominationMove::Approve,
                Decision::Reject => NominationMove::Reject,
            };
            let r = match input.outcome {
                Decision::Reject => required("reason", input.reason, &mut errors),
                Decision::Approve => reason("reason", input.reason, &mut errors),
            };
            let override_reason = reason("override_reason", input.override_reason, &mut errors);
            if input.outcome == Decision::Reject && override_reason.is_some() {
                errors.push(FieldError::new(
                    "override_reason",
                    "not_for_reject",
                    "An override is a reason to approve despite the rules; a rejection needs none.",
                ));
            }
            Asked { step, stamp: Stamped::Decided { reason: r.clone(), override_reason }, event_reason: r }
        }
        Step::SuperiorDecision(input) => {
            let step = match input.outcome {
                Decision::Approve => NominationMove::RecordApproved,
                Decision::Reject => NominationMove::RecordRejected,
            };
            let number = check_name(&input.decision_number, 100)
                .map_err(|rule| {
                    errors.push(FieldError::new("decision_number", "invalid", format!("The number {rule}.")))
                })
                .unwrap_or_default();
            let issuer = check_name(&input.issuer, 200)
                .map_err(|rule| errors.push(FieldError::new("issuer", "invalid", format!("The issuer {rule}."))))
                .unwrap_or_default();
            if input.decided_on > today {
                errors.push(FieldError::new("decided_on", "in_future", "Record a decision once it is signed."));
            }
            let r = reason("reason", input.reason, &mut errors);
            let said = format!(
                "{number} of {} ({issuer}){}",
                input.decided_on,
                r.as_ref().map(|r| format!(": {r}")).unwrap_or_default()
            );
            Asked {
                step,
                stamp: Stamped::SuperiorDecided { reason: r, number, on: input.decided_on, issuer },
                event_reason: Some(said),
            }
        }
    };
    if errors.is_empty() { Ok(asked) } else { Err(ApiError::validation(errors)) }
}

fn action_of(step: &Step) -> Action {
    match step {
        Step::Propose(_) | Step::Post(_) | Step::Forward(_) | Step::Withdraw(_) => Action::ManageNominations,
        Step::Decide(_) => Action::DecideNominations,
        Step::SuperiorDecision(_) => Action::RecordSuperiorDecisions,
    }
}

/// Checks a move in the order of every update: the caller's right (403),
/// the nomination in reach (404), the body (422), the version (428/412),
/// then the state and the rules (409).
fn check_move(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    request: MoveRequest,
) -> Result<CheckedMove, ApiError> {
    let reach = Reach::of(caller, action_of(&request.step))?;
    let record = reachable(conn, &reach, &request.nomination_id)?;
    let now = crate::domain::now();
    let today = crate::domain::day_in_vietnam(now);
    let Asked { step, stamp, event_reason } = asked(conn, request.step, today)?;
    let n = &record.nomination;
    version::check(n.version, request.expected_version)?;
    let Some(to) = step.next_status(n.status) else {
        return Err(ApiError::illegal_state(
            ErrorCode::IllegalMove,
            format!("A {} nomination cannot take the move {:?}.", n.status.as_str(), step.as_str()),
            n.status.as_str(),
        ));
    };
    let commune_level = record.issuing_level == IssuingLevel::Commune;
    if step == NominationMove::Forward && commune_level {
        return Err(ApiError::illegal_state(
            ErrorCode::NotForwardable,
            format!("{} is the commune chairman's to decide: it is not forwarded.", record.award_type_name),
            n.status.as_str(),
        ));
    }
    let mut blocking = Vec::new();
    if step == NominationMove::Approve {
        if !commune_level {
            return Err(ApiError::illegal_state(
                ErrorCode::MustBeForwarded,
                format!(
                    "{} is decided at the {} level (Luật 06/2022/QH15 Điều 80): forward the nomination.",
                    record.award_type_name,
                    record.issuing_level.as_str()
                ),
                n.status.as_str(),
            ));
        }
        blocking = judge(conn, caches, &record, today)?.into_iter().filter(|o| o.verdict != Verdict::Met).collect();
        let overridden = matches!(&stamp, Stamped::Decided { override_reason: Some(_), .. });
        if !blocking.is_empty() && !overridden {
            let codes: Vec<String> =
                blocking.iter().map(|o| format!("{} ({})", o.code.as_str(), o.verdict.as_str())).collect();
            let mut error = ApiError::illegal_state(
                ErrorCode::NotEligible,
                format!(
                    "Rules not met or pending: {}. Approve only with an override_reason, or once they are met.",
                    codes.join(", ")
                ),
                n.status.as_str(),
            );
            error.set_errors(
                blocking
                    .iter()
                    .map(|o| FieldError::new(format!("rules[{}]", o.code.as_str()), o.verdict.as_str(), &o.explanation))
                    .collect(),
            );
            return Err(error);
        }
    }
    let overridden_rules: Vec<&str> = blocking.iter().map(|o| o.code.as_str()).collect();
    let before = serde_json::json!({ "status": n.status.as_str() });
    let mut after = serde_json::json!({ "status": to.as_str(), "reason": event_reason });
    match &stamp {
        Stamped::Posted { on, until } => {
            after["posted_on"] = serde_json::json!(on);
            after["posted_until"] = serde_json::json!(until);
        }
        Stamped::Decided { override_reason: Some(o), .. } if !overridden_rules.is_empty() => {
            after["override_reason"] = serde_json::json!(o);
            after["overridden_rules"] = serde_json::json!(overridden_rules);
        }
        Stamped::SuperiorDecided { number, on, issuer, .. } => {
            after["superior_decision_number"] = serde_json::json!(number);
            after["superior_decision_on"] = serde_json::json!(on);
            after["superior_decision_issuer"] = serde_json::json!(issuer);
        }
        _ => {}
    }
    // An override is kept only when it overrode something.
    let stamp = match stamp {
        Stamped::Decided { reason, override_reason } => {
            Stamped::Decided { reason, override_reason: override_reason.filter(|_| !overridden_rules.is_empty()) }
        }
        other => other,
    };
    Ok(CheckedMove { record, step, to, stamp, event_reason, now, before, after })
}

/// Moves a nomination: checked on any connection, written in the writer's turn.
pub async fn move_nomination(
    db: &Db,
    caches: Arc<Caches>,
    caller: Caller,
    request: MoveRequest,
) -> Result<NominationView, ApiError> {
    let checker = caller.clone();
    let checked = db.run(move |conn| check_move(conn, &checker, &caches, request)).await?;
    db.write(move |conn| write_move(conn, &caller, checked)).await
}

/// Writes a checked move in one transaction: the status (guarded by the
/// version checked), what it stamps, the history entry, the audit event.
fn write_move(conn: &mut DbConnection, caller: &Caller, checked: CheckedMove) -> Result<NominationView, ApiError> {
    let CheckedMove { record, step, to, stamp, event_reason, now, before, after } = checked;
    let n = &record.nomination;
    let actor = caller.principal.actor_ref();
    let stamp = match &stamp {
        Stamped::Nothing => Stamp::Nothing,
        Stamped::Posted { on, until } => Stamp::Posted { on: *on, until: *until },
        Stamped::Decided { reason, override_reason } => Stamp::Decided {
            by: &actor,
            at: now,
            reason: reason.as_deref(),
            override_reason: override_reason.as_deref(),
        },
        Stamped::Forwarded => Stamp::Forwarded { at: now },
        Stamped::SuperiorDecided { reason, number, on, issuer } => {
            Stamp::SuperiorDecided { by: &actor, at: now, reason: reason.as_deref(), number, on: *on, issuer }
        }
    };
    // No row: someone moved or edited it first; of concurrent deciders exactly one succeeds.
    if !db::nominations::move_status(conn, &n.id, n.version, n.status, to, stamp)? {
        return Err(ApiError::precondition_failed(n.version + 1));
    }
    let event = Event {
        actor: actor.clone(),
        at: now,
        action: step.as_str().to_owned(),
        from_status: Some(n.status.as_str().to_owned()),
        to_status: to.as_str().to_owned(),
        reason: event_reason,
    };
    db::nomination_history::add_event(conn, &n.id, &event)?;
    Change::new(caller, Entity::Nomination, &n.id, step.as_str(), Some(&record.unit_path))
        .before(&before)
        .after(&after)
        .record(conn)?;
    let moved = db::nominations::get(conn, &n.id)?.ok_or_else(|| ApiError::internal(&"a moved nomination is gone"))?;
    super::view(conn, moved)
}

/// The nomination's history: who moved it, when, from what, to what, and why.
pub fn history(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<NominationHistoryEntry>, ApiError> {
    let reach = Reach::of(caller, Action::ReadNominations)?;
    let record = reachable(conn, &reach, id)?;
    Ok(db::nomination_history::events(conn, &record.nomination.id)?
        .into_iter()
        .map(|e| NominationHistoryEntry {
            actor: e.actor,
            at: e.at,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            reason: e.reason,
        })
        .collect())
}
