//! The `idempotency_keys` table: the first answer to a POST sent with an
//! `Idempotency-Key`, to give again when the client retries.

use diesel::prelude::*;

use super::schema::idempotency_keys;
use super::{DbConnection, DbError};

/// How long a key and its answer are kept: a client retries within minutes;
/// after a day the key is free again and the row goes.
pub const KEPT_FOR: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// Deletes every key older than [`KEPT_FOR`]; returns how many went.
pub fn purge(conn: &mut DbConnection) -> Result<usize, DbError> {
    let cutoff = (crate::domain::now() - KEPT_FOR).naive_utc();
    Ok(diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff))).execute(conn)?)
}

/// What a key holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Claimed {
    /// The key was free; it is now claimed for this request.
    New,
    /// The key was used before, for a request with this hash; with its answer once there is one.
    Seen { request_hash: String, answer: Option<Stored> },
}

/// A stored answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub body: String,
    /// JSON object of the headers worth giving again (content type, location, ETag).
    pub headers: String,
}

/// Claims `key` for `actor`, or tells what it holds already.
pub fn claim(conn: &mut DbConnection, actor: &str, key: &str, request_hash: &str) -> Result<Claimed, DbError> {
    // An expired key is free, even before the hourly purge reaches it.
    let cutoff = (crate::domain::now() - KEPT_FOR).naive_utc();
    diesel::delete(idempotency_keys::table.find((actor, key)).filter(idempotency_keys::created_at.lt(cutoff)))
        .execute(conn)?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::actor.eq(actor),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::created_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(Claimed::New),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            let (hash, status, body, headers): (String, Option<i32>, Option<String>, Option<String>) =
                idempotency_keys::table
                    .find((actor, key))
                    .select((
                        idempotency_keys::request_hash,
                        idempotency_keys::status,
                        idempotency_keys::response_body,
                        idempotency_keys::response_headers,
                    ))
                    .first(conn)?;
            let answer = status.map(|s| Stored {
                status: u16::try_from(s).unwrap_or(500),
                body: body.unwrap_or_default(),
                headers: headers.unwrap_or_else(|| "{}".to_owned()),
            });
            Ok(Claimed::Seen { request_hash: hash, answer })
        }
        Err(other) => Err(other.into()),
    }
}

/// Keeps the answer to a claimed key.
pub fn complete(conn: &mut DbConnection, actor: &str, key: &str, answer: &Stored) -> Result<(), DbError> {
    diesel::update(idempotency_keys::table.find((actor, key)))
        .set((
            idempotency_keys::status.eq(Some(i32::from(answer.status))),
            idempotency_keys::response_body.eq(Some(&answer.body)),
            idempotency_keys::response_headers.eq(Some(&answer.headers)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Frees a claimed key (the request failed on our side; the client may retry).
pub fn release(conn: &mut DbConnection, actor: &str, key: &str) -> Result<(), DbError> {
    diesel::delete(idempotency_keys::table.find((actor, key))).execute(conn)?;
    Ok(())
}
