//! Persistence: the only module that imports Diesel.
//!
//! `Db` owns the one connection pool. Diesel is blocking, so every use of a
//! connection — the checkout included — runs on Tokio's blocking threads,
//! never on the async workers.

pub mod audit;
pub mod campaigns;
mod connection;
pub mod criteria;
mod error;
pub mod evidence;
pub mod idempotency;
pub mod lock_exceptions;
pub mod login_throttles;
pub mod migrations;
pub mod org_units;
pub mod people;
pub mod refresh_tokens;
pub mod reports;
pub mod schema;
pub mod scoreboard;
pub mod service_accounts;
pub mod settings;
mod transaction;
pub mod users;

use std::time::Duration;

pub use connection::DbConnection;
pub use error::DbError;
pub use transaction::write_transaction;

use crate::config::{Config, DatabaseUrl};
use connection::Manager;

type Pool = diesel::r2d2::Pool<Manager>;

/// The database: a pool of connections to one backend.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: &'static str,
}

impl Db {
    /// Builds the pool without connecting: a database that is down at this
    /// moment makes requests answer 503 until it is back, not a crash.
    pub fn new(config: &Config) -> Self {
        let manager = Manager::new(config.database.clone(), config.db_timeout);
        let pool = diesel::r2d2::Pool::builder()
            .max_size(config.db_pool_size)
            .min_idle(Some(0))
            .connection_timeout(config.db_timeout)
            // Connections idle this long are closed; a restarted server is then met afresh.
            .idle_timeout(Some(Duration::from_secs(300)))
            .test_on_check_out(true)
            .build_unchecked(manager);
        Self { pool, backend: config.database.backend() }
    }

    /// `postgres` or `sqlite`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// Runs `work` with a pooled connection on a blocking thread. `work` may
    /// fail with any error that a database error converts into (such as the
    /// API's own), so rules checked inside a transaction answer in their words.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            work(&mut conn)
        })
        .await
        .map_err(|e| DbError::Other(format!("database task failed: {e}")))?
    }

    /// Runs `work` inside a write transaction (see [`write_transaction`]):
    /// all of it is committed, or — when it returns an error — none of it.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        self.run(move |conn| write_transaction(conn, work)).await
    }
}

/// The outcome of an update guarded by the row's `version`.
#[derive(Debug, PartialEq, Eq)]
pub enum Guarded {
    /// Updated.
    Done,
    /// The row exists at another version: someone changed it first.
    Stale,
    /// There is no such row.
    Missing,
}

/// Sorts out why a guarded update touched `updated` rows.
fn guarded(updated: usize, exists: impl FnOnce() -> Result<bool, DbError>) -> Result<Guarded, DbError> {
    Ok(match updated {
        0 if exists()? => Guarded::Stale,
        0 => Guarded::Missing,
        _ => Guarded::Done,
    })
}

/// Opens one connection outside the pool, for the CLI and start-up work.
pub fn connect_once(url: &DatabaseUrl, timeout: Duration) -> Result<DbConnection, DbError> {
    Ok(connection::establish(url, timeout)?)
}
