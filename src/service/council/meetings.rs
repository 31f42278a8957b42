//! Meetings of the council: prepared with the nominations they consider,
//! then attendance and votes recorded while they are open. Every change
//! raises the meeting's version, so the conclusion (`If-Match`) is made on
//! the figures the caller saw.

use std::collections::HashSet;

use super::{commune_of, meeting_in, view};
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::domain::council::{Meeting, MeetingStatus, Votes};
use crate::domain::if_match::IfMatch;
use crate::domain::nomination::NominationStatus;
use crate::domain::page::Page;
use crate::domain::text::{MAX_NAME, check_description, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::council::{
    AttendanceInput, CouncilMeetingFilter, CouncilMeetingSummary, CouncilMeetingView, NewCouncilMeeting, VotesInput,
};
use crate::model::list::List;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// 422 naming `field[i]` for each id given twice.
fn duplicates(field: &str, ids: &[String]) -> Vec<FieldError> {
    let mut seen = HashSet::new();
    ids.iter()
        .enumerate()
        .filter(|(_, id)| !seen.insert(id.as_str()))
        .map(|(i, id)| FieldError::new(format!("{field}[{i}]"), "duplicate", format!("{id} is listed twice.")))
        .collect()
}

/// Prepares a meeting of the caller's commune's council.
///
/// 422 names each nomination that does not exist in the caller's commune;
/// 409 `nomination_not_ready` names each that is not posted, or whose
/// posting period has not ended by the meeting's day.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: NewCouncilMeeting,
) -> Result<CouncilMeetingView, ApiError> {
    let grant = caller.may(Action::ManageCouncil)?;
    let commune = commune_of(&grant)?;
    let mut errors = Vec::new();
    let title = check_name(&input.title, MAX_NAME * 2)
        .map_err(|rule| errors.push(FieldError::new("title", "invalid", format!("The title {rule}."))))
        .unwrap_or_default();
    let notes = input.notes.unwrap_or_default();
    if let Err(rule) = check_description(&notes) {
        errors.push(FieldError::new("notes", "too_long", format!("The notes {rule}.")));
    }
    errors.extend(duplicates("nomination_ids", &input.nomination_ids));
    let nominees = db::nominees::nominees(conn, &input.nomination_ids)?;
    let mut not_ready = Vec::new();
    for (i, id) in input.nomination_ids.iter().enumerate() {
        let field = format!("nomination_ids[{i}]");
        let Some(n) = nominees.iter().find(|n| &n.id == id && crate::domain::org::within(&n.unit_path, grant.within()))
        else {
            errors.push(FieldError::new(field, "not_found", format!("No nomination {id} in your commune.")));
            continue;
        };
        if n.status != NominationStatus::Posted {
            not_ready.push(FieldError::new(
                field,
                "not_posted",
                format!("Nomination {id} ({}) is {}, not posted.", n.subject_name(), n.status.as_str()),
            ));
        } else if n.posted_until.is_none_or(|until| until > input.held_on) {
            let until = n.posted_until.map_or_else(|| "an unknown day".to_owned(), |d| d.to_string());
            not_ready.push(FieldError::new(
                field,
                "posting_not_over",
                format!("Nomination {id} ({}) is posted until {until}, after the meeting.", n.subject_name()),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if !not_ready.is_empty() {
        let names: Vec<&str> = not_ready.iter().map(|e| e.message.as_str()).collect();
        let mut e = ApiError::conflict(ErrorCode::NominationNotReady, names.join(" "));
        e.set_errors(not_ready);
        return Err(e);
    }
    let now = crate::domain::now();
    let meeting = Meeting {
        id: uuid::Uuid::now_v7().to_string(),
        org_unit_id: commune,
        held_on: input.held_on,
        title,
        status: MeetingStatus::Open,
        notes,
        members_in_office: None,
        quorum_percent: None,
        pass_percent: None,
        version: 1,
        created_by: caller.principal.actor_ref(),
        created_at: now,
        updated_at: now,
    };
    db::council::insert_meeting(conn, &meeting, &input.nomination_ids)?;
    let (stored, path) = meeting_in(conn, &grant, &meeting.id)?;
    let after = view(conn, stored)?;
    Change::new(caller, Entity::CouncilMeeting, &after.id, "create", Some(&path)).after(&after).record(conn)?;
    Ok(after)
}

/// The meetings of the councils in the caller's scope, latest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: CouncilMeetingFilter,
    page: Page,
) -> Result<List<CouncilMeetingSummary>, ApiError> {
    let grant = caller.may(Action::ReadCouncil)?;
    let query = db::council::MeetingFilter {
        within: grant.within().to_owned(),
        status: filter.status.map(|s| s.as_str().to_owned()),
        year: filter.year.map(i32::from),
    };
    let (items, total) = db::council::list_meetings(conn, &query, page)?;
    let items = items
        .into_iter()
        .map(|(m, nominations)| CouncilMeetingSummary {
            id: m.id,
            org_unit_id: m.org_unit_id,
            held_on: m.held_on,
            title: m.title,
            status: m.status,
            nominations,
            version: m.version,
            updated_at: m.updated_at,
        })
        .collect();
    Ok(List::new(items, total, page))
}

/// One meeting, with its attendance and the nominations it considers.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<CouncilMeetingView, ApiError> {
    let grant = caller.may(Action::ReadCouncil)?;
    let (meeting, _) = meeting_in(conn, &grant, id)?;
    view(conn, meeting)
}

/// 409 `meeting_concluded` once the meeting concluded.
fn check_open(meeting: &Meeting) -> Result<(), ApiError> {
    if meeting.status == MeetingStatus::Concluded {
        return Err(ApiError::illegal_state(
            ErrorCode::MeetingConcluded,
            "The meeting has concluded: its attendance and votes are final.",
            meeting.status.as_str(),
        ));
    }
    Ok(())
}

/// Records who attended: council members whose term covers the meeting's day.
pub fn set_attendance(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: AttendanceInput,
) -> Result<CouncilMeetingView, ApiError> {
    let grant = caller.may(Action::ManageCouncil)?;
    let (meeting, path) = meeting_in(conn, &grant, id)?;
    let members = db::council::members_of(conn, &meeting.org_unit_id)?;
    let mut errors = duplicates("member_ids", &input.member_ids);
    for (i, member_id) in input.member_ids.iter().enumerate() {
        let field = format!("member_ids[{i}]");
        match members.iter().find(|m| &m.id == member_id) {
            None => errors.push(FieldError::new(
                field,
                "not_a_member",
                format!("{member_id} is no member of this council."),
            )),
            Some(m) if !m.in_office_on(meeting.held_on) => errors.push(FieldError::new(
                field,
                "not_in_office",
                format!("Member {member_id}'s term does not cover {}.", meeting.held_on),
            )),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    version::check(meeting.version, expected)?;
    check_open(&meeting)?;
    let present = i64::try_from(input.member_ids.len()).unwrap_or(i64::MAX);
    let over: Vec<FieldError> = db::council::considered(conn, id)?
        .into_iter()
        .filter_map(|c| {
            let votes = c.votes?;
            (i64::from(votes.votes_total) > present).then(|| {
                FieldError::new(
                    format!("votes[{}]", c.nomination_id),
                    "more_than_present",
                    format!("{} votes were cast on nomination {}.", votes.votes_total, c.nomination_id),
                )
            })
        })
        .collect();
    if !over.is_empty() {
        let mut e = ApiError::conflict(
            ErrorCode::VotesExceedAttendance,
            format!(
                "{present} members present are fewer than the votes already recorded on {} nomination(s); \
                 correct those votes first.",
                over.len()
            ),
        );
        e.set_errors(over);
        return Err(e);
    }
    let before = db::council::attendance(conn, id)?;
    version::landed(db::council::touch_open_meeting(conn, id, meeting.version)?, meeting.version)?;
    db::council::set_attendance(conn, id, &input.member_ids)?;
    let (stored, _) = meeting_in(conn, &grant, id)?;
    let after = view(conn, stored)?;
    Change::new(caller, Entity::CouncilMeeting, id, "record_attendance", Some(&path))
        .before(&serde_json::json!({ "present_member_ids": before }))
        .after(&serde_json::json!({ "present_member_ids": after.present_member_ids }))
        .record(conn)?;
    Ok(after)
}

/// Records the votes on one nomination the meeting considers (404 for one it does not).
pub fn set_votes(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    nomination_id: &str,
    expected: Result<IfMatch, ApiError>,
    input: VotesInput,
) -> Result<CouncilMeetingView, ApiError> {
    let grant = caller.may(Action::ManageCouncil)?;
    let (meeting, path) = meeting_in(conn, &grant, id)?;
    let considered = db::council::considered(conn, id)?;
    let Some(current) = considered.iter().find(|c| c.nomination_id == nomination_id) else {
        return Err(ApiError::not_found("The meeting does not consider this nomination."));
    };
    let present = i64::try_from(db::council::attendance(conn, id)?.len()).unwrap_or(i64::MAX);
    let votes = Votes::from(input);
    let broken = votes.check(present);
    if !broken.is_empty() {
        return Err(ApiError::validation(
            broken.into_iter().map(|(field, code, message)| FieldError::new(field, code, message)).collect(),
        ));
    }
    version::check(meeting.version, expected)?;
    check_open(&meeting)?;
    let before = current.votes.map(VotesInput::from);
    version::landed(db::council::touch_open_meeting(conn, id, meeting.version)?, meeting.version)?;
    db::council::set_votes(conn, id, nomination_id, votes)?;
    let (stored, _) = meeting_in(conn, &grant, id)?;
    let after = view(conn, stored)?;
    Change::new(caller, Entity::CouncilMeeting, id, "record_votes", Some(&path))
        .before(&serde_json::json!({ "nomination_id": nomination_id, "votes": before }))
        .after(&serde_json::json!({ "nomination_id": nomination_id, "votes": input }))
        .record(conn)?;
    Ok(after)
}
