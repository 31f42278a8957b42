//! Optimistic concurrency in the use cases: the client's `If-Match` against
//! the version stored, and the outcome of the update guarded by it.
//!
//! Every update checks in one order, so a request wrong in several ways gets
//! the same answer whatever it changes:
//!
//! 1. 403 — the caller's role may never do this (`Caller::may`);
//! 2. 404 — no such resource in the caller's scope;
//! 3. 422 — the body's values break a rule;
//! 4. 400 / 428 / 412 — an `If-Match` that is none, no `If-Match`, or one
//!    that does not match the current version ([`check`]);
//! 5. 409 — the resource's state or a business rule does not allow the change;
//!
//! then the update guarded by the version read ([`landed`]). The
//! precondition comes before the state because it says whether the client
//! knows the state at all: a 409 answered to a stale or blind request
//! describes a resource the client has not read.

use crate::auth::policy::not_found;
use crate::db::Guarded;
use crate::domain::if_match::IfMatch;
use crate::error::ApiError;

/// Step 4, RFC 9110 §13.1.1: `expected` is what the client's `If-Match`
/// asks, or why it asks nothing (428 without the header, 400 for a value
/// that is none). `*` holds for the resource just read; a list holds when
/// one of its tags is `current`'s `ETag` by the strong comparison; 412
/// otherwise. Either way the update that follows is guarded by `current`,
/// the version read, not by anything the client sent.
pub fn check(current: i32, expected: Result<IfMatch, ApiError>) -> Result<(), ApiError> {
    let asked = expected?;
    if asked.matches(current) {
        return Ok(());
    }
    if asked.only_weakly_matches(current) {
        return Err(ApiError::precondition_failed_weak(current));
    }
    Err(ApiError::precondition_failed(current))
}

/// The outcome of an update guarded by the version `read`: 412 when someone
/// changed the row first (it is now at least one version further), 404 when
/// it is gone.
pub fn landed(outcome: Guarded, read: i32) -> Result<(), ApiError> {
    match outcome {
        Guarded::Done => Ok(()),
        Guarded::Stale => Err(ApiError::precondition_failed(read + 1)),
        Guarded::Missing => Err(not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(result: Result<(), ApiError>) -> u16 {
        result.err().map_or(200, |e| e.problem().status)
    }

    #[test]
    fn the_precondition_must_hold_for_the_current_version() {
        let asked = |value: &str| Ok(IfMatch::parse(value).unwrap());
        assert_eq!(status(check(3, Ok(IfMatch::version(3)))), 200);
        assert_eq!(status(check(3, Ok(IfMatch::version(2)))), 412);
        assert_eq!(status(check(3, asked("*"))), 200);
        assert_eq!(status(check(3, asked("\"2\", \"3\""))), 200);
        assert_eq!(status(check(3, asked("\"1\", \"2\""))), 412);
        let weak = check(3, asked("W/\"3\"")).unwrap_err();
        assert_eq!(weak.problem().status, 412);
        assert!(weak.problem().detail.contains("weak"), "{}", weak.problem().detail);
        assert_eq!(status(check(3, Err(ApiError::precondition_required()))), 428);
    }

    #[test]
    fn a_guarded_update_that_did_not_land_says_why() {
        assert_eq!(status(landed(Guarded::Done, 3)), 200);
        let stale = landed(Guarded::Stale, 3).unwrap_err();
        assert_eq!(stale.problem().status, 412);
        assert!(stale.problem().detail.contains("version 4"), "{}", stale.problem().detail);
        assert_eq!(status(landed(Guarded::Missing, 3)), 404);
    }
}
