//! The `idempotency_keys` table: the first answer to a POST sent with an
//! `Idempotency-Key`, to give again when the client retries.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

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

/// A request's `Idempotency-Key`: whose it is, and the hash of the request
/// sent with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub actor: String,
    pub key: String,
    pub request_hash: String,
}

/// What a key holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    /// The hash of the request that claimed it.
    pub request_hash: String,
    /// The answer, once the request that claimed it has been answered.
    pub answer: Option<Stored>,
    /// When it was claimed.
    pub claimed_at: chrono::NaiveDateTime,
}

/// A stored answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub body: String,
    /// JSON object of the headers worth giving again (content type, location, ETag).
    pub headers: String,
}

/// What a live (unexpired) key holds, if it is claimed.
pub fn find(conn: &mut DbConnection, actor: &str, key: &str) -> Result<Option<Seen>, DbError> {
    let cutoff = (crate::domain::now() - KEPT_FOR).naive_utc();
    type Row = (String, Option<i32>, Option<String>, Option<String>, chrono::NaiveDateTime);
    let row: Option<Row> = idempotency_keys::table
        .find((actor, key))
        .filter(idempotency_keys::created_at.ge(cutoff))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::response_body,
            idempotency_keys::response_headers,
            idempotency_keys::created_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(request_hash, status, body, headers, claimed_at)| Seen {
        request_hash,
        answer: status.map(|s| Stored {
            status: u16::try_from(s).unwrap_or(500),
            body: body.unwrap_or_default(),
            headers: headers.unwrap_or_else(|| "{}".to_owned()),
        }),
        claimed_at,
    }))
}

/// Claims the key inside the caller's open transaction, so that the claim
/// commits with the work or not at all: `false` when the key is claimed
/// already (on PostgreSQL, after waiting for a transaction that holds it to
/// end). The caller then rolls its transaction back.
pub fn claim(conn: &mut DbConnection, claim: &Claim) -> Result<bool, DbError> {
    // An expired key is free, even before the hourly purge reaches it.
    let cutoff = (crate::domain::now() - KEPT_FOR).naive_utc();
    diesel::delete(
        idempotency_keys::table.find((&claim.actor, &claim.key)).filter(idempotency_keys::created_at.lt(cutoff)),
    )
    .execute(conn)?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::actor.eq(&claim.actor),
            idempotency_keys::key.eq(&claim.key),
            idempotency_keys::request_hash.eq(&claim.request_hash),
            idempotency_keys::created_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// Claims the key with its answer at once, for a request that wrote
/// nothing (so there was no transaction to claim it in); `false` when
/// another request claimed it meanwhile.
pub fn claim_answered(conn: &mut DbConnection, claim: &Claim, answer: &Stored) -> Result<bool, DbError> {
    let taken = || DbError::UniqueViolation("idempotency_keys".to_owned());
    let outcome = super::write_transaction(conn, |conn| {
        if !self::claim(conn, claim)? {
            return Err(taken());
        }
        complete(conn, &claim.actor, &claim.key, answer)
    });
    match outcome {
        Ok(()) => Ok(true),
        Err(DbError::UniqueViolation(_)) => Ok(false),
        Err(other) => Err(other),
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

/// A request's key on its way to being claimed: the idempotency middleware
/// (`http::idempotency`) sets it around the request's handling, and the
/// first write of the request ([`super::Db::write`]) claims the key in its
/// own transaction. So the key is claimed exactly when the work commits: a
/// crash or a refused request leaves it free, and a concurrent duplicate
/// meets the claim (on PostgreSQL it waits for the first transaction to end).
#[derive(Clone, Debug)]
pub struct Pending(Arc<Mutex<(Claim, Outcome)>>);

/// What became of a [`Pending`] claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No write has committed it (yet).
    Unclaimed,
    /// A write committed with it: the work is done, its answer is to keep.
    Claimed,
    /// Another request holds the key; this one's write was rolled back.
    Taken,
}

tokio::task_local! {
    static PENDING: Pending;
}

impl Pending {
    pub fn new(claim: Claim) -> Self {
        Self(Arc::new(Mutex::new((claim, Outcome::Unclaimed))))
    }

    /// Runs `handling` (the request's handler) with this claim pending.
    pub async fn around<F: Future>(&self, handling: F) -> F::Output {
        PENDING.scope(self.clone(), handling).await
    }

    pub fn outcome(&self) -> Outcome {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).1
    }

    pub fn claim(&self) -> Claim {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).0.clone()
    }

    pub(super) fn settle(&self, outcome: Outcome) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).1 = outcome;
    }

    /// The claim pending for the current request, while no write has claimed it.
    pub(super) fn current() -> Option<Self> {
        PENDING.try_with(Self::clone).ok().filter(|pending| pending.outcome() == Outcome::Unclaimed)
    }
}
