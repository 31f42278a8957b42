//! Migrations for both backends, embedded in the binary.

use diesel::RunQueryDsl;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, DbError};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Serialises migrations when several instances start at once on PostgreSQL
/// (an arbitrary constant: "thidua" in ASCII).
const PG_MIGRATION_LOCK: i64 = 0x7468_6964_7561;

/// Applies the migrations not yet applied, then fills what SQL alone
/// cannot (the search keys of older rows); returns the versions applied.
/// Running it again applies nothing.
pub fn run_pending(conn: &mut DbConnection) -> Result<Vec<String>, DbError> {
    let postgres = matches!(conn, DbConnection::Postgres(_));
    if postgres {
        diesel::sql_query(format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})")).execute(conn)?;
    }
    let result = apply(conn);
    if postgres {
        diesel::sql_query(format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})")).execute(conn)?;
    }
    result
}

fn apply(conn: &mut DbConnection) -> Result<Vec<String>, DbError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(versions),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES).map(versions),
    };
    let applied = applied.map_err(|e| DbError::Other(format!("migration failed: {e}")))?;
    super::search::backfill(conn)?;
    Ok(applied)
}

/// Reverts the most recently applied migration (runs its `down.sql`);
/// returns its version. For an operator's rollback before an older binary
/// is started again; the next start applies it afresh.
pub fn revert_last(conn: &mut DbConnection) -> Result<String, DbError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE).map(|v| v.to_string()),
        DbConnection::Postgres(c) => c.revert_last_migration(POSTGRES).map(|v| v.to_string()),
    };
    reverted.map_err(|e| DbError::Other(format!("revert failed: {e}")))
}

fn versions(list: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    list.into_iter().map(|v| v.to_string()).collect()
}
