//! The commune's emulation and commendation council (Hội đồng Thi đua –
//! Khen thưởng): its members, its meetings — the nominations considered,
//! who attended, the votes — the conclusion that moves each nomination to
//! `reviewed`, and the minutes.
//!
//! A council is the commune's: the one at the top of the caller's scope
//! (for the office, its commune; `domain::accounts::scope_top`). Members and
//! meetings outside the caller's scope answer 404.

pub mod conclude;
pub mod meetings;
pub mod members;
pub mod minutes;

use crate::auth::Grant;
use crate::auth::policy::not_found;
use crate::db::nominees::Nominee;
use crate::db::{self, DbConnection};
use crate::domain::council::Meeting;
use crate::domain::org::{ancestors, within};
use crate::domain::settings::{IntegerSetting, PASS_PERCENT, QUORUM_PERCENT};
use crate::error::ApiError;
use crate::model::council::{ConsideredNomination, CouncilMeetingView};

/// The commune whose council the caller keeps: the top of its grant.
fn commune_of(grant: &Grant) -> Result<String, ApiError> {
    ancestors(grant.within())
        .last()
        .map(str::to_owned)
        .ok_or_else(|| ApiError::forbidden("Your account belongs to no commune, so it keeps no council."))
}

/// The quorum and the threshold as the settings say now: `(quorum %, pass %)`.
fn percents(conn: &mut DbConnection) -> Result<(i32, i32), ApiError> {
    // Both are at most 100, so the conversion keeps them whole.
    let percent = |conn: &mut DbConnection, setting: &'static IntegerSetting| -> Result<i32, ApiError> {
        let p = crate::service::settings::integer(conn, setting)?;
        Ok(i32::try_from(p).unwrap_or(i32::MAX))
    };
    Ok((percent(conn, &QUORUM_PERCENT)?, percent(conn, &PASS_PERCENT)?))
}

/// A meeting inside the grant, with its commune's path; 404 otherwise.
fn meeting_in(conn: &mut DbConnection, grant: &Grant, id: &str) -> Result<(Meeting, String), ApiError> {
    let (meeting, path) = db::council::get_meeting(conn, id)?.ok_or_else(not_found)?;
    if !within(&path, grant.within()) {
        return Err(not_found());
    }
    Ok((meeting, path))
}

/// A meeting as answered: its attendance and the nominations it considers.
fn view(conn: &mut DbConnection, meeting: Meeting) -> Result<CouncilMeetingView, ApiError> {
    let present_member_ids = db::council::attendance(conn, &meeting.id)?;
    let considered = db::council::considered(conn, &meeting.id)?;
    let ids: Vec<String> = considered.iter().map(|c| c.nomination_id.clone()).collect();
    let nominees = db::nominees::nominees(conn, &ids)?;
    let nominations = considered
        .into_iter()
        .filter_map(|c| {
            let n: &Nominee = nominees.iter().find(|n| n.id == c.nomination_id)?;
            Some(ConsideredNomination {
                nomination_id: c.nomination_id,
                subject_kind: n.subject_kind,
                subject_name: n.subject_name().to_owned(),
                org_unit_id: n.org_unit_id.clone(),
                award_type_id: n.award_type_id.clone(),
                votes: c.votes.map(Into::into),
                result: c.result,
            })
        })
        .collect();
    Ok(CouncilMeetingView {
        id: meeting.id,
        org_unit_id: meeting.org_unit_id,
        held_on: meeting.held_on,
        title: meeting.title,
        notes: meeting.notes,
        status: meeting.status,
        present_member_ids,
        nominations,
        members_in_office: meeting.members_in_office,
        quorum_percent: meeting.quorum_percent,
        pass_percent: meeting.pass_percent,
        version: meeting.version,
        created_by: meeting.created_by,
        created_at: meeting.created_at,
        updated_at: meeting.updated_at,
    })
}
