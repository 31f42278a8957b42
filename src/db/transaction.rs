//! Write transactions that behave the same on both backends.

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error as DieselError;

use super::{DbConnection, DbError};

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
    let begun = match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c),
    };
    begun.map_err(DbError::from)?;
    match work(conn) {
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
