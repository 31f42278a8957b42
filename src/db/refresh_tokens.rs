//! The `refresh_tokens` table: opaque tokens stored as hashes, in families
//! that rotate; a token presented twice revokes its whole family.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::refresh_tokens;
use super::{DbConnection, DbError};

/// A stored refresh token.
#[derive(Debug)]
pub struct Stored {
    pub id: String,
    pub family_id: String,
    pub user_id: String,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
    pub revoked: bool,
}

type Row = (String, String, String, NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDateTime>);

pub fn insert(
    conn: &mut DbConnection,
    family_id: &str,
    user_id: &str,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(uuid::Uuid::now_v7().to_string()),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::issued_at.eq(crate::domain::now().naive_utc()),
            refresh_tokens::expires_at.eq(expires_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, token_hash: &str) -> Result<Option<Stored>, DbError> {
    let row: Option<Row> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((
            refresh_tokens::id,
            refresh_tokens::family_id,
            refresh_tokens::user_id,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, family_id, user_id, expires_at, used_at, revoked_at)| Stored {
        id,
        family_id,
        user_id,
        expires_at: expires_at.and_utc(),
        used: used_at.is_some(),
        revoked: revoked_at.is_some(),
    }))
}

/// Marks a token used, only if it is still unused and unrevoked; `false`
/// means another request used it first (a replay).
pub fn use_once(conn: &mut DbConnection, id: &str) -> Result<bool, DbError> {
    let updated = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(crate::domain::now().naive_utc())))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Revokes every token of a family.
pub fn revoke_family(conn: &mut DbConnection, family_id: &str) -> Result<usize, DbError> {
    // The sign-in's access tokens are checked against this: drop what was kept.
    super::accounts_changed();
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(crate::domain::now().naive_utc())))
    .execute(conn)?)
}

/// Whether the sign-in `family_id` still stands: it has tokens, and none of
/// them was revoked (a logout or a replayed token revokes them all at once).
pub fn family_stands(conn: &mut DbConnection, family_id: &str) -> Result<bool, DbError> {
    let revoked: Vec<Option<NaiveDateTime>> = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family_id))
        .select(refresh_tokens::revoked_at)
        .load(conn)?;
    Ok(!revoked.is_empty() && revoked.iter().all(Option::is_none))
}
