//! The `users` table.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{org_units, refresh_tokens, users};
use super::{DbConnection, DbError, Guarded};
use crate::domain::accounts::User;
use crate::domain::page::Page;
use crate::domain::search;

type Row = (String, String, String, String, String, i32, bool, i32, NaiveDateTime, NaiveDateTime, Option<String>);

const COLUMNS: (
    users::id,
    users::username,
    users::display_name,
    users::role,
    users::org_unit_id,
    users::credentials_version,
    users::active,
    users::version,
    users::created_at,
    users::updated_at,
    users::email,
) = (
    users::id,
    users::username,
    users::display_name,
    users::role,
    users::org_unit_id,
    users::credentials_version,
    users::active,
    users::version,
    users::created_at,
    users::updated_at,
    users::email,
);

fn from_row(row: Row) -> Result<User, DbError> {
    let (
        id,
        username,
        display_name,
        role,
        org_unit_id,
        credentials_version,
        active,
        version,
        created_at,
        updated_at,
        email,
    ) = row;
    Ok(User {
        role: role.parse().map_err(|_| DbError::Other(format!("user {id} has an unknown role {role:?}")))?,
        id,
        username,
        display_name,
        email,
        org_unit_id,
        credentials_version,
        active,
        version,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
    })
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub org_unit_id: &'a str,
    pub password_hash: &'a str,
    pub email: Option<&'a str>,
}

pub fn insert(conn: &mut DbConnection, user: NewUser<'_>) -> Result<User, DbError> {
    super::accounts_changed();
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(user.id),
            users::username.eq(user.username),
            users::display_name.eq(user.display_name),
            users::search_key.eq(search::search_key(user.display_name)),
            users::role.eq(user.role),
            users::org_unit_id.eq(user.org_unit_id),
            users::password_hash.eq(user.password_hash),
            users::email.eq(user.email),
            users::credentials_version.eq(1),
            users::active.eq(true),
            users::version.eq(1),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, user.id)?.map(|(u, _)| u).ok_or(DbError::NotFound)
}

/// A user and the path of their org unit.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(User, String)>, DbError> {
    let row: Option<(Row, String)> = users::table
        .inner_join(org_units::table)
        .filter(users::id.eq(id))
        .select((COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, path)| Ok((from_row(row)?, path))).transpose()
}

/// A user, their org unit's path and their password hash, by username.
pub fn credentials(conn: &mut DbConnection, username: &str) -> Result<Option<(User, String, String)>, DbError> {
    let row: Option<(Row, String, String)> = users::table
        .inner_join(org_units::table)
        .filter(users::username.eq(username))
        .select((COLUMNS, org_units::path, users::password_hash))
        .first(conn)
        .optional()?;
    row.map(|(row, path, hash)| Ok((from_row(row)?, path, hash))).transpose()
}

/// The stored hash of a user's password.
pub fn password_hash(conn: &mut DbConnection, id: &str) -> Result<Option<String>, DbError> {
    Ok(users::table.find(id).select(users::password_hash).first(conn).optional()?)
}

#[derive(Debug, Default)]
pub struct Filter {
    pub within: String,
    pub role: Option<String>,
    pub org_unit_id: Option<String>,
    pub active: Option<bool>,
    /// Only accounts whose username or name holds this search key (`domain::search`).
    pub q: Option<String>,
}

pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<(Vec<User>, u64), DbError> {
    let query = || {
        let mut query = users::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        if let Some(role) = &filter.role {
            query = query.filter(users::role.eq(role.clone()));
        }
        if let Some(unit) = &filter.org_unit_id {
            query = query.filter(users::org_unit_id.eq(unit.clone()));
        }
        if let Some(active) = filter.active {
            query = query.filter(users::active.eq(active));
        }
        if let Some(q) = &filter.q {
            let pattern = super::search::containing(q);
            query = query.filter(
                users::search_key.like(pattern.clone()).escape('\\').or(users::username.like(pattern).escape('\\')),
            );
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<Row> = query()
        .select(COLUMNS)
        .order(users::username.asc())
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let list = rows.into_iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((list, u64::try_from(total).unwrap_or(0)))
}

pub struct Changes<'a> {
    pub display_name: &'a str,
    pub role: &'a str,
    pub org_unit_id: &'a str,
    pub active: bool,
    pub email: Option<&'a str>,
    /// Raise the credentials version: tokens issued before stop working.
    pub revoke_tokens: bool,
}

pub fn update(conn: &mut DbConnection, id: &str, version: i32, changes: Changes<'_>) -> Result<Guarded, DbError> {
    super::accounts_changed();
    let bump = i32::from(changes.revoke_tokens);
    let updated = diesel::update(users::table.find(id).filter(users::version.eq(version)))
        .set((
            users::display_name.eq(changes.display_name),
            users::search_key.eq(search::search_key(changes.display_name)),
            users::role.eq(changes.role),
            users::org_unit_id.eq(changes.org_unit_id),
            users::active.eq(changes.active),
            users::email.eq(changes.email),
            users::credentials_version.eq(users::credentials_version + bump),
            users::version.eq(version + 1),
            users::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    let outcome = super::guarded(updated, || Ok(get(conn, id)?.is_some()))?;
    if outcome == Guarded::Done && changes.revoke_tokens {
        revoke_refresh_tokens(conn, id)?;
    }
    Ok(outcome)
}

/// Sets a new password: raises the credentials version (access tokens
/// issued before stop working) and revokes every refresh token.
pub fn set_password(conn: &mut DbConnection, id: &str, hash: &str) -> Result<bool, DbError> {
    super::accounts_changed();
    let updated = diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::credentials_version.eq(users::credentials_version + 1),
            users::version.eq(users::version + 1),
            users::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    revoke_refresh_tokens(conn, id)?;
    Ok(updated == 1)
}

/// Replaces a hash by a stronger one of the same password (login rehash):
/// nothing else changes, no token is revoked.
pub fn rehash(conn: &mut DbConnection, id: &str, old_hash: &str, new_hash: &str) -> Result<(), DbError> {
    diesel::update(users::table.find(id).filter(users::password_hash.eq(old_hash)))
        .set(users::password_hash.eq(new_hash))
        .execute(conn)?;
    Ok(())
}

fn revoke_refresh_tokens(conn: &mut DbConnection, user_id: &str) -> Result<(), DbError> {
    diesel::update(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(Some(crate::domain::now().naive_utc())))
        .execute(conn)?;
    Ok(())
}
