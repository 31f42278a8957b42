//! User accounts, managed by admins. Passwords are hashed outside the write
//! transaction (hashing is slow on purpose), so the use cases that set one
//! take the database and the hasher and run their own transaction.

use secrecy::SecretString;

use super::audit::{Change, Entity};
use super::{Caller, version};
use crate::auth::Action;
use crate::auth::passwords::Passwords;
use crate::auth::policy::not_found;
use crate::db::{self, Db, DbConnection};
use crate::domain::accounts::{OrgUnit, check_email, check_username, role_fits_unit};
use crate::domain::if_match::IfMatch;
use crate::domain::org::within;
use crate::domain::page::Page;
use crate::domain::password;
use crate::domain::role::Role;
use crate::domain::text::{MAX_NAME, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::list::List;
use crate::model::users::{NewUser, PasswordReset, UserChanges, UserFilter, UserView};

/// The accounts in the caller's scope.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: UserFilter,
    page: Page,
) -> Result<List<UserView>, ApiError> {
    let grant = caller.may(Action::ManageUsers)?;
    let query = db::users::Filter {
        within: grant.within().to_owned(),
        role: filter.role.map(|r| r.as_str().to_owned()),
        org_unit_id: filter.org_unit_id,
        active: filter.active,
        q: super::search::query(filter.q.as_deref())?,
    };
    let (items, total) = db::users::list(conn, &query, page)?;
    Ok(List::new(items.into_iter().map(Into::into).collect(), total, page))
}

/// One account, if in the caller's scope.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<UserView, ApiError> {
    let grant = caller.may(Action::ManageUsers)?;
    let (user, path) = db::users::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&path)?;
    Ok(user.into())
}

/// Creates an account: checks it, hashes its password, then stores it.
pub async fn create(db: &Db, passwords: &Passwords, caller: &Caller, input: NewUser) -> Result<UserView, ApiError> {
    let grant = caller.may(Action::ManageUsers)?;
    let mut errors = Vec::new();
    let username = check_username(&input.username)
        .map_err(|rule| errors.push(FieldError::new("username", "invalid", format!("The username {rule}."))));
    let display_name = check_name(&input.display_name, MAX_NAME)
        .map_err(|rule| errors.push(FieldError::new("display_name", "invalid", format!("The name {rule}."))));
    let email = input.email.as_deref().map(|raw| email_of(raw, &mut errors));
    let role = input.role;
    if let Ok(name) = &username
        && let Err(weak) = check_password("password", &input.password, name)
    {
        errors.push(weak);
    }
    let (Ok(username), Ok(display_name), Ok(email)) = (username, display_name, email.transpose()) else {
        return Err(ApiError::validation(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let hash = passwords.hash(&SecretString::from(input.password)).await?;
    let scope = grant.within().to_owned();
    let unit_id = input.org_unit_id;
    let caller = caller.clone();
    db.write(move |conn| -> Result<UserView, ApiError> {
        let unit = check_unit_fits(conn, &scope, &unit_id, role)?;
        if db::users::credentials(conn, &username)?.is_some() {
            return Err(username_taken());
        }
        let id = uuid::Uuid::now_v7().to_string();
        let new = db::users::NewUser {
            id: &id,
            username: &username,
            display_name: &display_name,
            role: role.as_str(),
            org_unit_id: &unit_id,
            password_hash: &hash,
            email: email.as_deref(),
        };
        let user = db::users::insert(conn, new).map_err(|e| match e {
            db::DbError::UniqueViolation(_) => username_taken(),
            other => other.into(),
        })?;
        let view = UserView::from(user);
        Change::new(&caller, Entity::User, &id, "create", Some(&unit.path)).after(&view).record(conn)?;
        Ok(view)
    })
    .await
}

/// The e-mail address `raw`, or its field error pushed to `errors`.
fn email_of(raw: &str, errors: &mut Vec<FieldError>) -> Result<String, ()> {
    check_email(raw)
        .map_err(|rule| errors.push(FieldError::new("email", "invalid", format!("The e-mail address {rule}."))))
}

fn username_taken() -> ApiError {
    let message = "Another account has this username.";
    ApiError::taken(ErrorCode::UsernameTaken, "username", message, message)
}

/// The unit `unit_id`; 422 unless it is in scope and fits the role.
fn check_unit_fits(conn: &mut DbConnection, scope: &str, unit_id: &str, role: Role) -> Result<OrgUnit, ApiError> {
    let unit = super::org_units::unit_in_scope(conn, "org_unit_id", unit_id, scope)?;
    if !role_fits_unit(role, unit.kind) {
        return Err(ApiError::validation(vec![FieldError::new(
            "org_unit_id",
            "role_does_not_fit",
            format!("A {role} cannot be bound to a {} unit.", unit.kind),
        )]));
    }
    Ok(unit)
}

/// Updates, deactivates or reactivates an account read at version
/// `expected` (the `If-Match` header's), checked in the order of
/// [`super::version`]. A change of role, unit or activity revokes the
/// account's tokens.
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    changes: UserChanges,
) -> Result<UserView, ApiError> {
    let grant = caller.may(Action::ManageUsers)?;
    let scope = grant.within();
    let (current, path) = db::users::get(conn, id)?.ok_or_else(not_found)?;
    if !within(&path, scope) {
        return Err(not_found());
    }
    let mut errors = Vec::new();
    let display_name = changes.display_name.as_deref().map(|n| check_name(n, MAX_NAME)).transpose().map_err(|rule| {
        errors.push(FieldError::new("display_name", "invalid", format!("The name {rule}.")));
    });
    let email = match changes.email {
        None => Ok(current.email.clone()),
        Some(None) => Ok(None),
        Some(Some(raw)) => email_of(&raw, &mut errors).map(Some),
    };
    let (Ok(display_name), Ok(email)) = (display_name, email) else { return Err(ApiError::validation(errors)) };
    let role = changes.role.unwrap_or(current.role);
    let unit_id = changes.org_unit_id.unwrap_or(current.org_unit_id.clone());
    let active = changes.active.unwrap_or(current.active);
    if role != current.role || unit_id != current.org_unit_id {
        check_unit_fits(conn, scope, &unit_id, role)?;
    }
    version::check(current.version, expected)?;
    if caller.principal.user_id() == Some(current.id.as_str()) && (!active || role != Role::Admin) {
        return Err(ApiError::conflict(
            ErrorCode::CannotLockOutSelf,
            "You cannot deactivate or demote your own account; ask another admin.",
        ));
    }
    let revoke_tokens = role != current.role || unit_id != current.org_unit_id || active != current.active;
    let fields = db::users::Changes {
        display_name: &display_name.unwrap_or(current.display_name.clone()),
        role: role.as_str(),
        org_unit_id: &unit_id,
        active,
        email: email.as_deref(),
        revoke_tokens,
    };
    version::landed(db::users::update(conn, id, current.version, fields)?, current.version)?;
    let (user, path) = db::users::get(conn, id)?.ok_or_else(not_found)?;
    let after = UserView::from(user);
    Change::new(caller, Entity::User, id, "update", Some(&path))
        .before(&UserView::from(current))
        .after(&after)
        .record(conn)?;
    Ok(after)
}

/// Sets a new password for the account `id`; its tokens are revoked.
pub async fn reset_password(
    db: &Db,
    passwords: &Passwords,
    caller: &Caller,
    id: &str,
    reset: PasswordReset,
) -> Result<(), ApiError> {
    let grant = caller.may(Action::ManageUsers)?;
    let lookup = id.to_owned();
    let (user, path) = db.run(move |conn| db::users::get(conn, &lookup)).await?.ok_or_else(not_found)?;
    grant.check(&path)?;
    check_password("new_password", &reset.new_password, &user.username).map_err(|e| ApiError::validation(vec![e]))?;
    let hash = passwords.hash(&SecretString::from(reset.new_password)).await?;
    let (caller, id) = (caller.clone(), id.to_owned());
    db.write(move |conn| store_password(conn, &caller, &id, &hash, "reset_password")).await
}

/// The password for the account `username`, sent as `field`, unless it is
/// too weak: then the field error saying why (`weak_password`).
pub(super) fn check_password(field: &str, password: &str, username: &str) -> Result<(), FieldError> {
    password::check_strength(password, username)
        .map_err(|rule| FieldError::new(field, "weak_password", format!("The password {rule}.")))
}

/// Stores a new password hash for the account `id` (its tokens are revoked)
/// and records the change as `action`. The account is snapshot as a
/// [`UserView`], which holds no hash.
pub(super) fn store_password(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    hash: &str,
    action: &str,
) -> Result<(), ApiError> {
    let (before, _) = db::users::get(conn, id)?.ok_or_else(not_found)?;
    db::users::set_password(conn, id, hash)?;
    let (after, path) = db::users::get(conn, id)?.ok_or_else(not_found)?;
    Change::new(caller, Entity::User, id, action, Some(&path))
        .before(&UserView::from(before))
        .after(&UserView::from(after))
        .record(conn)?;
    Ok(())
}
