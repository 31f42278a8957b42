//! One connection type for both backends, and the r2d2 manager that opens it.
//!
//! The backend is chosen from the URL here, not by `MultiConnection::establish`
//! (which tries each backend and throws their errors away), so a refused
//! password or an unreachable host is reported as it is.

use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use secrecy::ExposeSecret;

use super::{loopback, timeouts};
use crate::config::DatabaseUrl;

/// A connection to either backend; queries written once run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// How long SQLite waits on a lock held by another connection before it gives up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a connection to the configured database. On PostgreSQL, `bound`
/// limits how long connecting and a silent network may take (see
/// [`timeouts`]).
pub fn establish(url: &DatabaseUrl, bound: Duration) -> Result<DbConnection, ConnectionError> {
    match url {
        DatabaseUrl::Postgres(url) => {
            let url = loopback::without_tls_on_loopback(url.expose_secret());
            PgConnection::establish(&timeouts::with_network_bounds(&url, bound)).map(DbConnection::Postgres)
        }
        DatabaseUrl::Sqlite(path) => open_sqlite(path).map(DbConnection::Sqlite),
    }
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
    // synchronous=FULL: an acknowledged write survives power loss (NORMAL, about
    // 15× faster here, can lose the last commits when the machine loses power).
    // temp_store=MEMORY: the scratch of `UPDATE … RETURNING` and of a
    // savepoint's journal stays in memory instead of in files created,
    // read back and unlinked on every write.
    let pragmas = format!(
        "PRAGMA busy_timeout = {};
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;",
        SQLITE_BUSY_TIMEOUT.as_millis()
    );
    connection.batch_execute(&pragmas).map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
    Ok(connection)
}

/// A pooled connection and when it was last handed back to the pool.
pub struct Pooled {
    connection: DbConnection,
    returned: Instant,
}

impl Pooled {
    /// The connection, for one piece of work on this thread.
    pub fn for_work(&mut self) -> &mut DbConnection {
        LOST.set(false);
        &mut self.connection
    }
}

/// How long a PostgreSQL connection handed back to the pool is trusted
/// without asking the server: HikariCP's `aliveBypassWindowMs` and
/// PgBouncer's `server_check_delay` make the same bargain. A busy pool then
/// skips a round trip per request (a fifth of a report read's work), while a
/// connection idle for longer — the kind a server restart leaves dead — is
/// still asked before it is used. A connection found lost while in use is
/// never handed out again (see [`connection_lost`]).
const TRUSTED_FOR: Duration = Duration::from_millis(500);

thread_local! {
    /// Set when a query on this thread found its connection lost; the
    /// connection is then dropped when it comes back to the pool, on the same
    /// thread (work on a pooled connection runs on one thread to the end).
    static LOST: Cell<bool> = const { Cell::new(false) };
}

/// Marks the connection in use on this thread as lost (see [`LOST`]).
pub(super) fn connection_lost() {
    LOST.set(true);
}

/// Counts the round trips of the PostgreSQL connections of one pool: every
/// statement sent (Diesel's `StartQuery`, a `BEGIN`, a `COMMIT` and a ping
/// included) and every statement prepared the first time it runs on a
/// connection (`CacheQuery`: libpq prepares, then executes, in two round
/// trips). What a request costs the database in round trips is then a
/// difference of two readings of [`RoundTrips::count`].
#[derive(Clone, Debug, Default)]
pub struct RoundTrips(Arc<AtomicU64>);

impl RoundTrips {
    pub fn count(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Instrumentation for RoundTrips {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if matches!(event, InstrumentationEvent::StartQuery { .. } | InstrumentationEvent::CacheQuery { .. }) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The r2d2 manager: opens connections to one configured database.
#[derive(Clone, Debug)]
pub struct Manager {
    url: DatabaseUrl,
    bound: Duration,
    round_trips: RoundTrips,
}

impl Manager {
    pub fn new(url: DatabaseUrl, bound: Duration, round_trips: RoundTrips) -> Self {
        Self { url, bound, round_trips }
    }
}

impl diesel::r2d2::ManageConnection for Manager {
    type Connection = Pooled;
    type Error = ConnectionError;

    /// A PostgreSQL connection serves requests, so its session gets their
    /// bound too (see [`timeouts::bound_session`]); the command line's and
    /// the migrations' connections (see `connect_once`) do not.
    fn connect(&self) -> Result<Pooled, ConnectionError> {
        let mut connection = establish(&self.url, self.bound)?;
        if let (DbConnection::Postgres(pg), DatabaseUrl::Postgres(url)) = (&mut connection, &self.url) {
            timeouts::bound_session(pg, url.expose_secret(), self.bound)
                .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
            diesel::Connection::set_instrumentation(pg, self.round_trips.clone());
        }
        Ok(Pooled { connection, returned: Instant::now() })
    }

    /// Run at every checkout: a PostgreSQL connection may have died with its
    /// server (a restart, a network cut) and must not be handed out again,
    /// so one idle for longer than [`TRUSTED_FOR`] is asked first. A SQLite
    /// connection is a file in this process and cannot go away.
    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), ConnectionError> {
        match &mut pooled.connection {
            DbConnection::Sqlite(_) => Ok(()),
            DbConnection::Postgres(_) if pooled.returned.elapsed() < TRUSTED_FOR => Ok(()),
            conn @ DbConnection::Postgres(_) => conn.ping().map_err(|e| ConnectionError::BadConnection(e.to_string())),
        }
    }

    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        pooled.returned = Instant::now();
        LOST.replace(false) || std::thread::panicking() || pooled.connection.is_broken()
    }
}
