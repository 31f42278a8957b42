//! The council's tables: `council_members`, `council_meetings`,
//! `council_attendance` and `council_votes`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{council_attendance, council_meetings, council_members, council_votes, org_units};
use super::{DbConnection, DbError, Guarded};
use crate::domain::council::{Considered, CouncilMember, Meeting, VoteResult, Votes};
use crate::domain::page::Page;

fn corrupt(what: &str, id: &str, value: &str) -> DbError {
    DbError::Other(format!("{what} {id} holds an unknown value {value:?}"))
}

type MemberRow = (String, String, String, String, NaiveDate, Option<NaiveDate>, i32, NaiveDateTime, NaiveDateTime);

const MEMBER_COLUMNS: (
    council_members::id,
    council_members::org_unit_id,
    council_members::person_id,
    council_members::role,
    council_members::term_from,
    council_members::term_to,
    council_members::version,
    council_members::created_at,
    council_members::updated_at,
) = (
    council_members::id,
    council_members::org_unit_id,
    council_members::person_id,
    council_members::role,
    council_members::term_from,
    council_members::term_to,
    council_members::version,
    council_members::created_at,
    council_members::updated_at,
);

fn member(row: MemberRow) -> Result<CouncilMember, DbError> {
    let (id, org_unit_id, person_id, role, term_from, term_to, version, created_at, updated_at) = row;
    Ok(CouncilMember {
        role: role.parse().map_err(|_| corrupt("council member", &id, &role))?,
        id,
        org_unit_id,
        person_id,
        term_from,
        term_to,
        version,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
    })
}

/// A member and the path of the commune whose council it sits on.
pub fn get_member(conn: &mut DbConnection, id: &str) -> Result<Option<(CouncilMember, String)>, DbError> {
    let row: Option<(MemberRow, String)> = council_members::table
        .inner_join(org_units::table.on(org_units::id.eq(council_members::org_unit_id)))
        .filter(council_members::id.eq(id))
        .select((MEMBER_COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, path)| Ok((member(row)?, path))).transpose()
}

/// Every member the council of `org_unit_id` ever had, by term then id.
pub fn members_of(conn: &mut DbConnection, org_unit_id: &str) -> Result<Vec<CouncilMember>, DbError> {
    let rows: Vec<MemberRow> = council_members::table
        .filter(council_members::org_unit_id.eq(org_unit_id))
        .select(MEMBER_COLUMNS)
        .order((council_members::term_from, council_members::id))
        .load(conn)?;
    rows.into_iter().map(member).collect()
}

/// Which members to list.
#[derive(Debug, Default)]
pub struct MemberFilter {
    /// Councils of units inside this subtree.
    pub within: String,
    /// Only those whose term covers this day.
    pub on: Option<NaiveDate>,
}

/// One page of members, by council, term and id, and how many match.
pub fn list_members(
    conn: &mut DbConnection,
    filter: &MemberFilter,
    page: Page,
) -> Result<(Vec<CouncilMember>, u64), DbError> {
    let query = || {
        let mut query = council_members::table
            .inner_join(org_units::table.on(org_units::id.eq(council_members::org_unit_id)))
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        if let Some(day) = filter.on {
            query = query
                .filter(council_members::term_from.le(day))
                .filter(council_members::term_to.is_null().or(council_members::term_to.ge(day)));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<MemberRow> = query()
        .select(MEMBER_COLUMNS)
        .order((council_members::org_unit_id, council_members::term_from, council_members::id))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    Ok((rows.into_iter().map(member).collect::<Result<_, _>>()?, u64::try_from(total).unwrap_or(0)))
}

pub fn insert_member(conn: &mut DbConnection, m: &CouncilMember) -> Result<(), DbError> {
    diesel::insert_into(council_members::table)
        .values((
            council_members::id.eq(&m.id),
            council_members::org_unit_id.eq(&m.org_unit_id),
            council_members::person_id.eq(&m.person_id),
            council_members::role.eq(m.role.as_str()),
            council_members::term_from.eq(m.term_from),
            council_members::term_to.eq(m.term_to),
            council_members::version.eq(1),
            council_members::created_at.eq(m.created_at.naive_utc()),
            council_members::updated_at.eq(m.updated_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sets a member's role and the end of the term if the row is still at `version`.
pub fn update_member(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    role: &str,
    term_to: Option<NaiveDate>,
) -> Result<Guarded, DbError> {
    let updated = diesel::update(council_members::table.find(id).filter(council_members::version.eq(version)))
        .set((
            council_members::role.eq(role),
            council_members::term_to.eq(term_to),
            council_members::version.eq(version + 1),
            council_members::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get_member(conn, id)?.is_some()))
}

type MeetingRow = (
    String,
    String,
    NaiveDate,
    String,
    String,
    String,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    i32,
    String,
    NaiveDateTime,
    NaiveDateTime,
);

type MeetingColumns = (
    council_meetings::id,
    council_meetings::org_unit_id,
    council_meetings::held_on,
    council_meetings::title,
    council_meetings::status,
    council_meetings::notes,
    council_meetings::members_in_office,
    council_meetings::quorum_percent,
    council_meetings::pass_percent,
    council_meetings::version,
    council_meetings::created_by,
    council_meetings::created_at,
    council_meetings::updated_at,
);

const MEETING_COLUMNS: MeetingColumns = (
    council_meetings::id,
    council_meetings::org_unit_id,
    council_meetings::held_on,
    council_meetings::title,
    council_meetings::status,
    council_meetings::notes,
    council_meetings::members_in_office,
    council_meetings::quorum_percent,
    council_meetings::pass_percent,
    council_meetings::version,
    council_meetings::created_by,
    council_meetings::created_at,
    council_meetings::updated_at,
);

fn meeting(row: MeetingRow) -> Result<Meeting, DbError> {
    let (id, org_unit_id, held_on, title, status, notes, members, quorum, pass, version, created_by, created, updated) =
        row;
    Ok(Meeting {
        status: status.parse().map_err(|_| corrupt("council meeting", &id, &status))?,
        id,
        org_unit_id,
        held_on,
        title,
        notes,
        members_in_office: members,
        quorum_percent: quorum,
        pass_percent: pass,
        version,
        created_by,
        created_at: created.and_utc(),
        updated_at: updated.and_utc(),
    })
}

/// A meeting and the path of its commune.
pub fn get_meeting(conn: &mut DbConnection, id: &str) -> Result<Option<(Meeting, String)>, DbError> {
    let row: Option<(MeetingRow, String)> = council_meetings::table
        .inner_join(org_units::table)
        .filter(council_meetings::id.eq(id))
        .select((MEETING_COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, path)| Ok((meeting(row)?, path))).transpose()
}

/// Which meetings to list.
#[derive(Debug, Default)]
pub struct MeetingFilter {
    pub within: String,
    pub status: Option<String>,
    pub year: Option<i32>,
}

/// One page of meetings, latest first, each with how many nominations it considers.
pub fn list_meetings(
    conn: &mut DbConnection,
    filter: &MeetingFilter,
    page: Page,
) -> Result<(Vec<(Meeting, i64)>, u64), DbError> {
    let query = || {
        let mut query = council_meetings::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        if let Some(status) = &filter.status {
            query = query.filter(council_meetings::status.eq(status.clone()));
        }
        if let Some(year) = filter.year {
            let (from, to) = year_span(year);
            query = query.filter(council_meetings::held_on.between(from, to));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<MeetingRow> = query()
        .select(MEETING_COLUMNS)
        .order((council_meetings::held_on.desc(), council_meetings::id.desc()))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let counts: Vec<(String, i64)> = council_votes::table
        .filter(council_votes::meeting_id.eq_any(&ids))
        .group_by(council_votes::meeting_id)
        .select((council_votes::meeting_id, diesel::dsl::count_star()))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let n = counts.iter().find(|(id, _)| *id == row.0).map_or(0, |(_, n)| *n);
            Ok((meeting(row)?, n))
        })
        .collect::<Result<_, DbError>>()?;
    Ok((items, u64::try_from(total).unwrap_or(0)))
}

/// The first and last day of a year (a year outside chrono's range gives an empty span).
pub fn year_span(year: i32) -> (NaiveDate, NaiveDate) {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MAX);
    let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MIN);
    (from, to)
}

/// Records a new open meeting and the nominations it considers.
pub fn insert_meeting(conn: &mut DbConnection, m: &Meeting, nomination_ids: &[String]) -> Result<(), DbError> {
    diesel::insert_into(council_meetings::table)
        .values((
            council_meetings::id.eq(&m.id),
            council_meetings::org_unit_id.eq(&m.org_unit_id),
            council_meetings::held_on.eq(m.held_on),
            council_meetings::title.eq(&m.title),
            council_meetings::status.eq(m.status.as_str()),
            council_meetings::notes.eq(&m.notes),
            council_meetings::version.eq(1),
            council_meetings::created_by.eq(&m.created_by),
            council_meetings::created_at.eq(m.created_at.naive_utc()),
            council_meetings::updated_at.eq(m.updated_at.naive_utc()),
        ))
        .execute(conn)?;
    for id in nomination_ids {
        diesel::insert_into(council_votes::table)
            .values((council_votes::meeting_id.eq(&m.id), council_votes::nomination_id.eq(id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Raises an open meeting's version, if it is still open at `version`: every
/// change to its attendance or votes goes through here first, so two
/// concurrent changes cannot both land, and none lands once it concluded.
pub fn touch_open_meeting(conn: &mut DbConnection, id: &str, version: i32) -> Result<Guarded, DbError> {
    let updated = diesel::update(
        council_meetings::table
            .find(id)
            .filter(council_meetings::version.eq(version))
            .filter(council_meetings::status.eq("open")),
    )
    .set((council_meetings::version.eq(version + 1), council_meetings::updated_at.eq(crate::domain::now().naive_utc())))
    .execute(conn)?;
    super::guarded(updated, || Ok(get_meeting(conn, id)?.is_some()))
}

/// Concludes an open meeting at `version`, fixing the figures it applied.
pub fn conclude_meeting(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    members_in_office: i32,
    quorum_percent: i32,
    pass_percent: i32,
) -> Result<Guarded, DbError> {
    let updated = diesel::update(
        council_meetings::table
            .find(id)
            .filter(council_meetings::version.eq(version))
            .filter(council_meetings::status.eq("open")),
    )
    .set((
        council_meetings::status.eq("concluded"),
        council_meetings::members_in_office.eq(members_in_office),
        council_meetings::quorum_percent.eq(quorum_percent),
        council_meetings::pass_percent.eq(pass_percent),
        council_meetings::version.eq(version + 1),
        council_meetings::updated_at.eq(crate::domain::now().naive_utc()),
    ))
    .execute(conn)?;
    super::guarded(updated, || Ok(get_meeting(conn, id)?.is_some()))
}

/// The ids of the members recorded present, in id order.
pub fn attendance(conn: &mut DbConnection, meeting_id: &str) -> Result<Vec<String>, DbError> {
    Ok(council_attendance::table
        .filter(council_attendance::meeting_id.eq(meeting_id))
        .select(council_attendance::member_id)
        .order(council_attendance::member_id)
        .load(conn)?)
}

/// Replaces the members recorded present.
pub fn set_attendance(conn: &mut DbConnection, meeting_id: &str, member_ids: &[String]) -> Result<(), DbError> {
    diesel::delete(council_attendance::table.filter(council_attendance::meeting_id.eq(meeting_id))).execute(conn)?;
    for member_id in member_ids {
        diesel::insert_into(council_attendance::table)
            .values((council_attendance::meeting_id.eq(meeting_id), council_attendance::member_id.eq(member_id)))
            .execute(conn)?;
    }
    Ok(())
}

type VoteRow = (String, Option<i32>, Option<i32>, Option<i32>, Option<String>);

/// The nominations a meeting considers, with their votes and results.
pub fn considered(conn: &mut DbConnection, meeting_id: &str) -> Result<Vec<Considered>, DbError> {
    let rows: Vec<VoteRow> = council_votes::table
        .filter(council_votes::meeting_id.eq(meeting_id))
        .select((
            council_votes::nomination_id,
            council_votes::votes_for,
            council_votes::votes_against,
            council_votes::votes_total,
            council_votes::result,
        ))
        .order(council_votes::nomination_id)
        .load(conn)?;
    rows.into_iter()
        .map(|(nomination_id, votes_for, votes_against, votes_total, result)| {
            let votes = match (votes_for, votes_against, votes_total) {
                (Some(votes_for), Some(votes_against), Some(votes_total)) => {
                    Some(Votes { votes_for, votes_against, votes_total })
                }
                _ => None,
            };
            let result = result
                .map(|r| r.parse::<VoteResult>().map_err(|_| corrupt("council vote of", &nomination_id, &r)))
                .transpose()?;
            Ok(Considered { nomination_id, votes, result })
        })
        .collect()
}

/// Records the votes on one nomination the meeting considers; `false` when it considers no such nomination.
pub fn set_votes(
    conn: &mut DbConnection,
    meeting_id: &str,
    nomination_id: &str,
    votes: Votes,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        council_votes::table
            .filter(council_votes::meeting_id.eq(meeting_id))
            .filter(council_votes::nomination_id.eq(nomination_id)),
    )
    .set((
        council_votes::votes_for.eq(votes.votes_for),
        council_votes::votes_against.eq(votes.votes_against),
        council_votes::votes_total.eq(votes.votes_total),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Fixes the result of the vote on one nomination.
pub fn set_result(
    conn: &mut DbConnection,
    meeting_id: &str,
    nomination_id: &str,
    result: VoteResult,
) -> Result<(), DbError> {
    diesel::update(
        council_votes::table
            .filter(council_votes::meeting_id.eq(meeting_id))
            .filter(council_votes::nomination_id.eq(nomination_id)),
    )
    .set(council_votes::result.eq(result.as_str()))
    .execute(conn)?;
    Ok(())
}
