//! The council's members: people of the commune with a role and a term.
//! A person holds one seat at a time, and the council one chair.

use chrono::NaiveDate;

use super::commune_of;
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::council::{CouncilMember, CouncilRole, terms_overlap};
use crate::domain::if_match::IfMatch;
use crate::domain::org::within;
use crate::domain::page::Page;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::council::{CouncilMemberFilter, CouncilMemberUpdate, CouncilMemberView, NewCouncilMember};
use crate::model::list::List;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// A member as answered, with the person's name, position and unit.
fn view(conn: &mut DbConnection, m: CouncilMember) -> Result<CouncilMemberView, ApiError> {
    let (person, _) = db::people::get(conn, &m.person_id)?
        .ok_or_else(|| ApiError::internal(&format!("council member {} names no person", m.id)))?;
    Ok(CouncilMemberView {
        id: m.id,
        org_unit_id: m.org_unit_id,
        person_id: m.person_id,
        full_name: person.full_name,
        position: person.position,
        person_org_unit_id: person.org_unit_id,
        role: m.role,
        term_from: m.term_from,
        term_to: m.term_to,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The members of the councils in the caller's scope (its commune's).
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: CouncilMemberFilter,
    page: Page,
) -> Result<List<CouncilMemberView>, ApiError> {
    let grant = caller.may(Action::ReadCouncil)?;
    let query = db::council::MemberFilter { within: grant.within().to_owned(), on: filter.on };
    let (items, total) = db::council::list_members(conn, &query, page)?;
    let items = items.into_iter().map(|m| view(conn, m)).collect::<Result<_, _>>()?;
    Ok(List::new(items, total, page))
}

/// A member in the grant, with the path of its council's commune; 404 otherwise.
fn member_in(conn: &mut DbConnection, within_path: &str, id: &str) -> Result<(CouncilMember, String), ApiError> {
    let (member, path) = db::council::get_member(conn, id)?.ok_or_else(not_found)?;
    if !within(&path, within_path) {
        return Err(not_found());
    }
    Ok((member, path))
}

/// One member.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<CouncilMemberView, ApiError> {
    let grant = caller.may(Action::ReadCouncil)?;
    let (member, _) = member_in(conn, grant.within(), id)?;
    view(conn, member)
}

fn check_term(errors: &mut Vec<FieldError>, from: NaiveDate, to: Option<NaiveDate>) {
    if to.is_some_and(|to| to < from) {
        errors.push(FieldError::new(
            "term_to",
            "before_start",
            format!("The term cannot end before it began ({from})."),
        ));
    }
}

/// 409 when the seat would overlap another: the same person's (`already_exists`), or another chair's (`chair_taken`).
fn check_seat(conn: &mut DbConnection, seat: &CouncilMember, person_name: &str) -> Result<(), ApiError> {
    let others = db::council::members_of(conn, &seat.org_unit_id)?;
    let overlapping =
        |o: &&CouncilMember| o.id != seat.id && terms_overlap((o.term_from, o.term_to), (seat.term_from, seat.term_to));
    let term = |m: &CouncilMember| match m.term_to {
        Some(to) => format!("from {} to {to}", m.term_from),
        None => format!("from {}", m.term_from),
    };
    if let Some(other) = others.iter().filter(overlapping).find(|o| o.person_id == seat.person_id) {
        return Err(ApiError::taken(
            ErrorCode::AlreadyExists,
            "person_id",
            format!("{person_name} already sits on the council {} (member {}).", term(other), other.id),
            "This person holds a seat whose term overlaps.",
        ));
    }
    if seat.role == CouncilRole::Chair
        && let Some(other) = others.iter().filter(overlapping).find(|o| o.role == CouncilRole::Chair)
    {
        return Err(ApiError::taken(
            ErrorCode::ChairTaken,
            "role",
            format!("The council has a chair {} (member {}); end that term first.", term(other), other.id),
            "Another chair's term overlaps.",
        ));
    }
    Ok(())
}

/// Seats a person of the caller's commune on its council.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: NewCouncilMember,
) -> Result<CouncilMemberView, ApiError> {
    let grant = caller.may(Action::ManageCouncil)?;
    let commune = commune_of(&grant)?;
    let mut errors = Vec::new();
    let person = db::people::get(conn, &input.person_id)?.filter(|(_, path)| within(path, grant.within()));
    if person.is_none() {
        errors.push(FieldError::new("person_id", "not_found", "No such person in your commune."));
    }
    check_term(&mut errors, input.term_from, input.term_to);
    let Some((person, _)) = person.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let now = crate::domain::now();
    let member = CouncilMember {
        id: uuid::Uuid::now_v7().to_string(),
        org_unit_id: commune,
        person_id: person.id,
        role: input.role,
        term_from: input.term_from,
        term_to: input.term_to,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    check_seat(conn, &member, &person.full_name)?;
    db::council::insert_member(conn, &member)?;
    let (stored, path) = member_in(conn, grant.within(), &member.id)?;
    let after = view(conn, stored)?;
    Change::new(caller, Entity::CouncilMember, &after.id, "create", Some(&path)).after(&after).record(conn)?;
    Ok(after)
}

/// Changes a member's role or ends the term.
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: CouncilMemberUpdate,
) -> Result<CouncilMemberView, ApiError> {
    let grant = caller.may(Action::ManageCouncil)?;
    let (current, path) = member_in(conn, grant.within(), id)?;
    let mut errors = Vec::new();
    check_term(&mut errors, current.term_from, input.term_to);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    version::check(current.version, expected)?;
    let before = view(conn, current.clone())?;
    let changed = CouncilMember { role: input.role, term_to: input.term_to, ..current.clone() };
    check_seat(conn, &changed, &before.full_name)?;
    let outcome = db::council::update_member(conn, id, current.version, input.role.as_str(), input.term_to)?;
    version::landed(outcome, current.version)?;
    let (stored, _) = member_in(conn, grant.within(), id)?;
    let after = view(conn, stored)?;
    Change::new(caller, Entity::CouncilMember, id, "update", Some(&path)).before(&before).after(&after).record(conn)?;
    Ok(after)
}
