//! Concluding a meeting: the quorum, every considered nomination's votes,
//! each vote's result under the threshold, and — in one transaction — the
//! meeting concluded with its figures fixed and every nomination moved
//! `posted → reviewed` (`NominationMove::Review`), each with its history
//! entry and audit event. A nomination that moved meanwhile fails the whole
//! conclusion: nothing is written.

use super::{meeting_in, percents, view};
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::domain::council::{MeetingStatus, Quorum, result, votes_needed};
use crate::domain::if_match::IfMatch;
use crate::domain::nomination::{NominationMove, NominationStatus};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::council::CouncilMeetingView;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// 409 `nomination_moved` naming the nominations no longer posted.
fn moved(ids: Vec<(String, String)>) -> ApiError {
    let detail = format!(
        "Nomination(s) {} are no longer posted (they moved since the meeting was prepared): nothing was concluded.",
        ids.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(", ")
    );
    let mut e = ApiError::conflict(ErrorCode::NominationMoved, detail);
    e.set_errors(
        ids.into_iter()
            .map(|(id, status)| {
                FieldError::new(format!("nominations[{id}]"), "moved", format!("Nomination {id} is now {status}."))
            })
            .collect(),
    );
    e
}

/// Concludes an open meeting read at version `expected` (see the module's notes).
pub fn conclude(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
) -> Result<CouncilMeetingView, ApiError> {
    let grant = caller.may(Action::ManageCouncil)?;
    let (meeting, path) = meeting_in(conn, &grant, id)?;
    version::check(meeting.version, expected)?;
    if meeting.status == MeetingStatus::Concluded {
        return Err(ApiError::illegal_state(
            ErrorCode::MeetingConcluded,
            "The meeting has concluded already.",
            meeting.status.as_str(),
        ));
    }

    let members = db::council::members_of(conn, &meeting.org_unit_id)?;
    let in_office = members.iter().filter(|m| m.in_office_on(meeting.held_on)).count();
    let present = db::council::attendance(conn, id)?.len();
    let (quorum_percent, pass_percent) = percents(conn)?;
    let quorum = Quorum {
        members_in_office: i64::try_from(in_office).unwrap_or(i64::MAX),
        present: i64::try_from(present).unwrap_or(i64::MAX),
        quorum_percent,
    };
    if !quorum.met() {
        let figures = format!(
            "{present} of the {in_office} members in office on {} are present; the quorum is more than {quorum_percent} % \
             of them: at least {} (setting council.quorum_percent).",
            meeting.held_on,
            quorum.needed()
        );
        let mut e = ApiError::conflict(ErrorCode::QuorumNotMet, figures.clone());
        e.set_errors(vec![FieldError::new("present_member_ids", "quorum_not_met", figures)]);
        return Err(e);
    }

    let considered = db::council::considered(conn, id)?;
    let missing: Vec<FieldError> = considered
        .iter()
        .filter(|c| c.votes.is_none())
        .map(|c| {
            FieldError::new(
                format!("votes[{}]", c.nomination_id),
                "missing",
                format!("No votes are recorded on nomination {}.", c.nomination_id),
            )
        })
        .collect();
    if !missing.is_empty() {
        let ids: Vec<&str> =
            considered.iter().filter(|c| c.votes.is_none()).map(|c| c.nomination_id.as_str()).collect();
        let mut e = ApiError::conflict(
            ErrorCode::VotesMissing,
            format!("Record the votes on every nomination the meeting considers first: {}.", ids.join(", ")),
        );
        e.set_errors(missing);
        return Err(e);
    }
    let ids: Vec<String> = considered.iter().map(|c| c.nomination_id.clone()).collect();
    let nominees = db::nominees::nominees(conn, &ids)?;
    let not_posted: Vec<(String, String)> = nominees
        .iter()
        .filter(|n| n.status != NominationStatus::Posted)
        .map(|n| (n.id.clone(), n.status.as_str().to_owned()))
        .collect();
    if !not_posted.is_empty() {
        return Err(moved(not_posted));
    }

    // The writes: all of them, or — on the first failure — none.
    let in_office = i32::try_from(in_office).unwrap_or(i32::MAX);
    version::landed(
        db::council::conclude_meeting(conn, id, meeting.version, in_office, quorum_percent, pass_percent)?,
        meeting.version,
    )?;
    let now = crate::domain::now();
    let actor = caller.principal.actor_ref();
    let to = NominationMove::Review.next_status(NominationStatus::Posted).unwrap_or(NominationStatus::Reviewed);
    let needed = votes_needed(quorum.members_in_office, pass_percent);
    for c in &considered {
        let (Some(votes), Some(nominee)) = (c.votes, nominees.iter().find(|n| n.id == c.nomination_id)) else {
            continue;
        };
        let outcome = result(i64::from(votes.votes_for), quorum.members_in_office, pass_percent);
        db::council::set_result(conn, id, &nominee.id, outcome)?;
        if !db::nominees::review(conn, &nominee.id, nominee.version, id, outcome.as_str(), now.naive_utc())? {
            let status = db::nominees::nominees(conn, std::slice::from_ref(&nominee.id))?
                .pop()
                .map_or_else(|| "gone".to_owned(), |n| n.status.as_str().to_owned());
            return Err(moved(vec![(nominee.id.clone(), status)]));
        }
        let reason = format!(
            "Council meeting of {} ({}): {} — {} for, {} against, {} cast; {} of {} members in office needed ({} %).",
            meeting.held_on,
            meeting.title,
            outcome.as_str(),
            votes.votes_for,
            votes.votes_against,
            votes.votes_total,
            needed,
            in_office,
            pass_percent
        );
        db::nomination_history::add_event(
            conn,
            &nominee.id,
            &db::nomination_history::Event {
                actor: actor.clone(),
                at: now,
                action: NominationMove::Review.as_str().to_owned(),
                from_status: Some(NominationStatus::Posted.as_str().to_owned()),
                to_status: to.as_str().to_owned(),
                reason: Some(reason),
            },
        )?;
        Change::new(caller, Entity::Nomination, &nominee.id, NominationMove::Review.as_str(), Some(&nominee.unit_path))
            .before(&serde_json::json!({ "status": NominationStatus::Posted.as_str(), "version": nominee.version }))
            .after(&serde_json::json!({
                "status": to.as_str(),
                "version": nominee.version + 1,
                "council_meeting_id": id,
                "council_result": outcome.as_str(),
                "votes": { "for": votes.votes_for, "against": votes.votes_against, "total": votes.votes_total },
            }))
            .record(conn)?;
    }
    let (stored, _) = meeting_in(conn, &grant, id)?;
    let after = view(conn, stored)?;
    Change::new(caller, Entity::CouncilMeeting, id, "conclude", Some(&path))
        .before(&serde_json::json!({ "status": MeetingStatus::Open.as_str(), "version": meeting.version }))
        .after(&after)
        .record(conn)?;
    Ok(after)
}
