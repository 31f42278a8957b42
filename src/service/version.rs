//! Optimistic concurrency in the use cases: the version the client read
//! (its `If-Match`) against the one stored, and the outcome of the update
//! guarded by it.
//!
//! Every update checks in one order, so a request wrong in several ways gets
//! the same answer whatever it changes:
//!
//! 1. 403 — the caller's role may never do this (`Caller::may`);
//! 2. 404 — no such resource in the caller's scope;
//! 3. 422 — the body's values break a rule;
//! 4. 428 / 412 — no `If-Match`, or not the current version ([`check`]);
//! 5. 409 — the resource's state does not allow the change;
//!
//! then the update guarded by the version read ([`landed`]).

use crate::auth::policy::not_found;
use crate::db::Guarded;
use crate::error::ApiError;

/// Step 4: `expected` is the version the client read, or why it has none
/// (428 without `If-Match`, 400 or 412 for one that names no version);
/// 412 unless it is `current`.
pub fn check(current: i32, expected: Result<i32, ApiError>) -> Result<(), ApiError> {
    let expected = expected?;
    if expected != current {
        return Err(ApiError::precondition_failed(current));
    }
    Ok(())
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
    fn the_version_read_must_be_the_current_one() {
        assert_eq!(status(check(3, Ok(3))), 200);
        assert_eq!(status(check(3, Ok(2))), 412);
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
