//! What can go wrong talking to the database, sorted by what the caller does about it.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Clone, Debug, thiserror::Error)]
pub enum DbError {
    /// The database cannot be reached now (pool checkout timed out, the
    /// connection dropped, no answer in time, the server is shutting down):
    /// the client may retry.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The row asked for does not exist.
    #[error("row not found")]
    NotFound,
    /// A unique constraint refused the write; holds the constraint's name when known.
    #[error("unique violation on {0}")]
    UniqueViolation(String),
    /// Anything else: a fault of ours, logged and answered 500.
    #[error("database error: {0}")]
    Other(String),
}

impl From<DieselError> for DbError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => Self::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Self::UniqueViolation(info.constraint_name().unwrap_or("unknown").to_owned())
            }
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => {
                super::connection_lost();
                Self::Unavailable(info.message().to_owned())
            }
            DieselError::DatabaseError(DatabaseErrorKind::Unknown, info)
                if is_connection_loss(info.message()) || is_timeout(info.message()) =>
            {
                super::connection_lost();
                Self::Unavailable(info.message().to_owned())
            }
            DieselError::BrokenTransactionManager => Self::Unavailable(error.to_string()),
            other => Self::Other(other.to_string()),
        }
    }
}

/// libpq reports a lost server as an `Unknown` error; recognise it by its words.
fn is_connection_loss(message: &str) -> bool {
    const SIGNS: [&str; 6] = [
        "server closed the connection",
        "terminating connection",
        "connection to server",
        "no connection to the server",
        "could not receive data",
        "could not send data",
    ];
    SIGNS.iter().any(|sign| message.contains(sign))
}

/// The server cut a statement off at `statement_timeout` (see `timeouts`).
/// Its connection is discarded all the same: the bound is met when the
/// network or the server is in trouble, and a new connection costs a few
/// milliseconds.
fn is_timeout(message: &str) -> bool {
    message.contains("canceling statement due to statement timeout")
}

impl From<diesel::r2d2::PoolError> for DbError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl From<diesel::ConnectionError> for DbError {
    fn from(error: diesel::ConnectionError) -> Self {
        Self::Unavailable(error.to_string())
    }
}
