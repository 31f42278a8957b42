//! Write transactions that behave the same on both backends.

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error as DieselError;

use super::{DbConnection, DbError, deadline};

/// Runs `work` in a transaction that is a writer from its first statement.
///
/// On SQLite it begins `IMMEDIATE`: a deferred transaction that reads and
/// then writes can fail with "database is locked" whatever the busy timeout,
/// because its read snapshot may be stale by the time it wants to write.
/// On PostgreSQL it is a plain `BEGIN`. Commits on `Ok`, rolls back on `Err`.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    E: From<DbError>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    begin_immediate(conn)?;
    let outcome = match work(conn) {
        // The request stopped waiting and answered 503 (see `deadline`): the
        // client will retry, so this work must not land behind its back.
        Ok(_) if deadline::given_up() => {
            Err(DbError::Unavailable("the request gave up before the commit".to_owned()).into())
        }
        outcome => outcome,
    };
    finish(conn, outcome)
}

/// `BEGIN IMMEDIATE` on SQLite, `BEGIN` on PostgreSQL (see [`write_transaction`]).
pub(super) fn begin_immediate(conn: &mut DbConnection) -> Result<(), DbError> {
    let begun = match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c),
    };
    Ok(begun?)
}

/// Runs `work` in a savepoint of the open transaction: released on `Ok`,
/// rolled back to on `Err`, so one piece of work fails without the others
/// sharing the transaction.
pub(super) fn in_savepoint<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    E: From<DbError>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    // Inside a transaction, Diesel's transaction manager begins a savepoint.
    let begun = match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction(c),
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c),
    };
    begun.map_err(DbError::from)?;
    let outcome = work(conn);
    finish(conn, outcome)
}

/// Commits (or releases the savepoint) on `Ok`, rolls back on `Err`.
pub(super) fn finish<T, E: From<DbError>>(conn: &mut DbConnection, outcome: Result<T, E>) -> Result<T, E> {
    match outcome {
        Ok(value) => {
            commit(conn).map_err(DbError::from)?;
            Ok(value)
        }
        Err(error) => match rollback(conn) {
            Ok(()) | Err(DieselError::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(DbError::from(rollback_error).into()),
        },
    }
}

fn commit(conn: &mut DbConnection) -> Result<(), DieselError> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        DbConnection::Postgres(c) => AnsiTransactionManager::commit_transaction(c),
    }
}

fn rollback(conn: &mut DbConnection) -> Result<(), DieselError> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConnection::Postgres(c) => AnsiTransactionManager::rollback_transaction(c),
    }
}

/// Runs `work` in a savepoint of the caller's open transaction (inside
/// `Db::write`): a bulk write keeps one item's failure from the others.
pub fn savepoint<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    E: From<DbError>,
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
{
    in_savepoint(conn, work)
}
