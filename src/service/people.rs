//! People: cán bộ, công chức — the individuals who can be nominated.

use super::audit::{Change, Entity};
use super::{Caller, version};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::accounts::Person;
use crate::domain::if_match::IfMatch;
use crate::domain::org::within;
use crate::domain::page::{Key, Paging};
use crate::domain::text::{MAX_NAME, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::list::CursorList;
use crate::model::people::{PersonFilter, PersonInput, PersonView};

/// The people in the caller's scope.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: PersonFilter,
    paging: Paging,
) -> Result<CursorList<PersonView>, ApiError> {
    let grant = caller.may(Action::ReadPeople)?;
    let query = db::people::Filter {
        within: grant.within().to_owned(),
        org_unit_id: filter.org_unit_id,
        active: filter.active,
        q: super::search::query(filter.q.as_deref())?,
        updated_since: filter.updated_since,
    };
    let (items, total) = db::people::list(conn, &query, paging.clone())?;
    let items = items.into_iter().map(Into::into).collect();
    Ok(CursorList::new(items, total, &paging, |p: &PersonView| Key::new(p.updated_at, &p.id)))
}

/// One person, if in the caller's scope.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<PersonView, ApiError> {
    let grant = caller.may(Action::ReadPeople)?;
    let (person, path) = db::people::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&path)?;
    Ok(person.into())
}

/// Adds a person to a unit in the caller's scope.
pub fn create(conn: &mut DbConnection, caller: &Caller, input: PersonInput) -> Result<PersonView, ApiError> {
    let grant = caller.may(Action::ManagePeople)?;
    let fields = resolve(conn, grant.within(), input, None)?;
    let id = uuid::Uuid::now_v7().to_string();
    db::people::insert(conn, &id, fields.as_db()).map_err(linked_elsewhere)?;
    let (person, path) = db::people::get(conn, &id)?.ok_or_else(not_found)?;
    let view = PersonView::from(person);
    Change::new(caller, Entity::Person, &id, "create", Some(&path)).after(&view).record(conn)?;
    Ok(view)
}

/// Updates a person read at version `expected` (the `If-Match` header's),
/// checked in the order of [`super::version`].
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: PersonInput,
) -> Result<PersonView, ApiError> {
    let grant = caller.may(Action::ManagePeople)?;
    let scope = grant.within();
    let (current, path) = db::people::get(conn, id)?.ok_or_else(not_found)?;
    if !within(&path, scope) {
        return Err(not_found());
    }
    let fields = resolve(conn, scope, input, Some(&current))?;
    version::check(current.version, expected)?;
    let outcome = db::people::update(conn, id, current.version, fields.as_db()).map_err(linked_elsewhere)?;
    version::landed(outcome, current.version)?;
    let (person, path) = db::people::get(conn, id)?.ok_or_else(not_found)?;
    let after = PersonView::from(person);
    Change::new(caller, Entity::Person, id, "update", Some(&path))
        .before(&PersonView::from(current))
        .after(&after)
        .record(conn)?;
    Ok(after)
}

struct Fields {
    org_unit_id: String,
    full_name: String,
    position: String,
    user_id: Option<String>,
    active: bool,
}

impl Fields {
    fn as_db(&self) -> db::people::Fields<'_> {
        db::people::Fields {
            org_unit_id: &self.org_unit_id,
            full_name: &self.full_name,
            position: &self.position,
            user_id: self.user_id.as_deref(),
            active: self.active,
        }
    }
}

/// Checks the input against the rules and the caller's scope; absent fields
/// come from `current` (an update) or are required (a creation).
fn resolve(
    conn: &mut DbConnection,
    scope: &str,
    input: PersonInput,
    current: Option<&Person>,
) -> Result<Fields, ApiError> {
    let mut errors = Vec::new();
    let full_name = match (input.full_name, current) {
        (Some(name), _) => check_name(&name, MAX_NAME)
            .map_err(|rule| errors.push(FieldError::new("full_name", "invalid", format!("The name {rule}."))))
            .unwrap_or_default(),
        (None, Some(p)) => p.full_name.clone(),
        (None, None) => {
            errors.push(FieldError::new("full_name", "required", "The full name is required."));
            String::new()
        }
    };
    let position = match (input.position, current) {
        (Some(position), _) if position.trim().is_empty() => String::new(),
        (Some(position), _) => check_name(&position, MAX_NAME)
            .map_err(|rule| errors.push(FieldError::new("position", "invalid", format!("The position {rule}."))))
            .unwrap_or_default(),
        (None, Some(p)) => p.position.clone(),
        (None, None) => String::new(),
    };
    let org_unit_id = match (input.org_unit_id, current) {
        (Some(unit_id), _) => {
            if let Err(e) = super::org_units::unit_in_scope(conn, "org_unit_id", &unit_id, scope) {
                errors.extend(e.into_field_errors()?);
            }
            unit_id
        }
        (None, Some(p)) => p.org_unit_id.clone(),
        (None, None) => {
            errors.push(FieldError::new("org_unit_id", "required", "The org unit is required."));
            String::new()
        }
    };
    let user_id = match (input.user_id, current) {
        (Some(user_id), _) if user_id.is_empty() => None,
        (Some(user_id), _) => {
            let user = db::users::get(conn, &user_id)?.filter(|(_, path)| within(path, scope));
            if user.is_none() {
                errors.push(FieldError::new("user_id", "not_found", "No such user in your scope."));
            }
            Some(user_id)
        }
        (None, Some(p)) => p.user_id.clone(),
        (None, None) => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let active = input.active.or(current.map(|p| p.active)).unwrap_or(true);
    Ok(Fields { org_unit_id, full_name, position, user_id, active })
}

fn linked_elsewhere(error: db::DbError) -> ApiError {
    match error {
        db::DbError::UniqueViolation(_) => ApiError::taken(
            ErrorCode::UserAlreadyLinked,
            "user_id",
            "That user account belongs to another person.",
            "Linked to another person.",
        ),
        other => other.into(),
    }
}
