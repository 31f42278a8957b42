//! One connection type for both backends, and the r2d2 manager that opens it.
//!
//! The backend is chosen from the URL here, not by `MultiConnection::establish`
//! (which tries each backend and throws their errors away), so a refused
//! password or an unreachable host is reported as it is.

use std::path::Path;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use secrecy::{ExposeSecret, SecretString};

use crate::config::DatabaseUrl;

/// A connection to either backend; queries written once run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// How long SQLite waits on a lock held by another connection before it gives up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a connection to the configured database.
pub fn establish(url: &DatabaseUrl, connect_timeout: Duration) -> Result<DbConnection, ConnectionError> {
    match url {
        DatabaseUrl::Postgres(url) => {
            PgConnection::establish(&with_connect_timeout(url, connect_timeout)).map(DbConnection::Postgres)
        }
        DatabaseUrl::Sqlite(path) => open_sqlite(path).map(DbConnection::Sqlite),
    }
}

/// libpq's own connect timeout, so a silent host does not hold a thread for minutes.
fn with_connect_timeout(url: &SecretString, timeout: Duration) -> String {
    let url = url.expose_secret();
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let seconds = timeout.as_secs().max(1);
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}connect_timeout={seconds}")
}

fn open_sqlite(path: &Path) -> Result<SqliteConnection, ConnectionError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| ConnectionError::BadConnection(format!("cannot create the folder {}: {e}", dir.display())))?;
    }
    let path = path
        .to_str()
        .ok_or_else(|| ConnectionError::InvalidConnectionUrl("the SQLite path is not UTF-8".to_owned()))?;
    let mut connection = SqliteConnection::establish(path)?;
    // busy_timeout first: switching to WAL takes a lock another connection may hold.
    // synchronous=FULL: an acknowledged write survives power loss (STACK.md).
    let pragmas = format!(
        "PRAGMA busy_timeout = {};
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;",
        SQLITE_BUSY_TIMEOUT.as_millis()
    );
    connection.batch_execute(&pragmas).map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
    Ok(connection)
}

/// The r2d2 manager: opens connections to one configured database.
#[derive(Clone, Debug)]
pub struct Manager {
    url: DatabaseUrl,
    connect_timeout: Duration,
}

impl Manager {
    pub fn new(url: DatabaseUrl, connect_timeout: Duration) -> Self {
        Self { url, connect_timeout }
    }
}

impl diesel::r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConnection, ConnectionError> {
        establish(&self.url, self.connect_timeout)
    }

    /// Run at every checkout: a PostgreSQL connection may have died with its
    /// server (a restart, a network cut) and must not be handed out again.
    /// A SQLite connection is a file in this process and cannot go away, so
    /// it is not asked: the round trip would only slow every request.
    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectionError> {
        match conn {
            DbConnection::Sqlite(_) => Ok(()),
            DbConnection::Postgres(_) => conn.ping().map_err(|e| ConnectionError::BadConnection(e.to_string())),
        }
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}
