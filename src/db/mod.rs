//! Persistence: the only module that imports Diesel.
//!
//! `Db` owns the one connection pool. Diesel is blocking, so every use of a
//! connection — the checkout included — runs on Tokio's blocking threads,
//! never on the async workers.

pub mod audit;
pub mod award_decisions;
pub mod award_rules;
pub mod awards;
pub mod campaigns;
pub mod changes;
pub mod complaint_evidence;
pub mod complaints;
mod connection;
pub mod council;
pub mod criteria;
mod deadline;
pub mod eligibility_facts;
mod error;
pub mod evidence;
pub mod idempotency;
pub mod imports;
pub mod leases;
pub mod lock_exceptions;
pub mod login_throttles;
mod loopback;
pub mod migrations;
pub mod nomination_history;
pub mod nominations;
pub mod nominees;
pub mod org_units;
pub mod people;
mod prepared;
pub mod refresh_tokens;
pub mod reminders;
pub mod reorganisations;
pub mod report_batches;
pub mod report_comments;
pub mod report_moves;
pub mod report_values;
pub mod reports;
pub mod reward_funds;
pub mod schema;
pub mod scoreboard;
mod search;
pub mod service_accounts;
pub mod settings;
mod timeouts;
mod transaction;
pub mod unit_totals;
pub mod users;
pub mod value_edits;
pub mod webhook_deliveries;
pub mod webhooks;
mod writer;

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use connection::connection_lost;
pub use connection::{DbConnection, RoundTrips};
pub use error::DbError;
pub use transaction::{savepoint, write_transaction};

use crate::config::{Config, DatabaseUrl};
use connection::Manager;
use deadline::Deadline;
use writer::Writer;

type Pool = diesel::r2d2::Pool<Manager>;

/// The database: a pool of connections to one backend.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: &'static str,
    /// Raised after every piece of work that changed an account or the org
    /// tree (see [`accounts_changed`]): caches of who a caller is compare it.
    accounts: Arc<AtomicU64>,
    /// SQLite only: the one writer (see [`Db::write`]).
    writer: Option<Writer>,
    /// PostgreSQL only: how long a request waits on its work (see [`deadline`]).
    /// SQLite is a file in this process; its waits are `busy_timeout`'s.
    bound: Option<Duration>,
    /// PostgreSQL only: the pool's round trips to the server (see [`RoundTrips`]).
    round_trips: RoundTrips,
}

impl Db {
    /// Builds the pool without waiting for a connection: a database that is
    /// down at this moment makes requests answer 503 until it is back, not a
    /// crash.
    pub fn new(config: &Config) -> Self {
        let round_trips = RoundTrips::default();
        let manager = Manager::new(config.database.clone(), config.db_timeout, round_trips.clone());
        let backend = config.database.backend();
        let accounts = Arc::new(AtomicU64::new(0));
        let writer =
            (backend == "sqlite").then(|| Writer::start(config.database.clone(), config.db_timeout, accounts.clone()));
        let pool = diesel::r2d2::Pool::builder()
            .max_size(config.db_pool_size)
            // r2d2 wakes a request waiting for a connection when one is
            // handed back or opened, not when a broken one is dropped: with
            // none kept idle, a request could sleep out its whole timeout
            // beside a free place in the pool. Keeping one idle makes the
            // pool open a replacement for every connection it drops.
            .min_idle(Some(1))
            .connection_timeout(config.db_timeout)
            // Connections idle this long are closed; a restarted server is then met afresh.
            .idle_timeout(Some(Duration::from_secs(300)))
            .test_on_check_out(true)
            .build_unchecked(manager);
        let bound = (backend == "postgres").then_some(config.db_timeout);
        Self { pool, backend, accounts, writer, bound, round_trips }
    }

    /// The round trips to a PostgreSQL server made through the pool so far
    /// (see [`RoundTrips`]); always 0 on SQLite, a file in this process.
    pub fn round_trips(&self) -> u64 {
        self.round_trips.count()
    }

    /// How many times accounts or org units changed through this pool. A
    /// value read before a lookup that is still current afterwards means no
    /// change was committed in between, in this process.
    pub fn accounts_generation(&self) -> u64 {
        self.accounts.load(Ordering::Acquire)
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
        let accounts = self.accounts.clone();
        let deadline = self.bound.map(Deadline::start);
        let watched = deadline.clone();
        let task = tokio::task::spawn_blocking(move || {
            ACCOUNTS_CHANGED.set(false);
            let mut conn = pool.get().map_err(DbError::from)?;
            let conn = conn.for_work();
            let outcome = match &watched {
                Some(deadline) => deadline.run(|| work(conn)),
                None => work(conn),
            };
            // After the work, so after its commit: a lookup that began before
            // this point and read the old rows is then seen to be stale.
            if ACCOUNTS_CHANGED.replace(false) {
                accounts.fetch_add(1, Ordering::AcqRel);
            }
            outcome
        });
        let joined = match &deadline {
            Some(deadline) => deadline.wait(task).await.ok_or_else(|| deadline.unanswered())?,
            None => task.await,
        };
        joined.map_err(|e| DbError::Other(format!("database task failed: {e}")))?
    }

    /// Runs `work` inside a write transaction (see [`write_transaction`]):
    /// all of it is committed, or — when it returns an error — none of it.
    ///
    /// On SQLite the writes of this process queue for one writer thread,
    /// which commits those that queued meanwhile together, each in its own
    /// savepoint (see [`writer`]): SQLite has one writer at a time, and one
    /// that finds the database locked sleeps in its busy handler (1 ms, 2 ms,
    /// 5 ms, …) however soon the lock is freed. Other processes (the CLI)
    /// still meet `busy_timeout`. On PostgreSQL each write is a transaction
    /// on a pooled connection; the server shares disk flushes itself.
    ///
    /// The first write of a request sent with an `Idempotency-Key` claims
    /// the key in its transaction (see [`idempotency::Pending`]).
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let Some(pending) = idempotency::Pending::current() else {
            return self.write_unkeyed(work).await;
        };
        // The request's Idempotency-Key is claimed in this transaction, first.
        let (claim, settle) = (pending.claim(), pending.clone());
        let outcome = self
            .write_unkeyed(move |conn| {
                if !idempotency::claim(conn, &claim)? {
                    settle.settle(idempotency::Outcome::Taken);
                    return Err(DbError::UniqueViolation("idempotency_keys".to_owned()).into());
                }
                work(conn)
            })
            .await;
        if outcome.is_ok() {
            pending.settle(idempotency::Outcome::Claimed);
        }
        outcome
    }

    /// Runs `work` that writes with ONE statement on PostgreSQL (a statement
    /// of data-modifying CTEs, say), outside an explicit transaction: the
    /// statement is then its own transaction and commits in its own round
    /// trip, where `BEGIN` … `COMMIT` would cost two more. `work` may read
    /// first, but everything it writes must be that one statement, or a
    /// failure would leave half of it written.
    ///
    /// On SQLite it is [`Db::write`] (the one writer's batch, in a savepoint).
    /// A request with an `Idempotency-Key` claims it in the same transaction
    /// as its write, so it too takes [`Db::write`]. A request that gave up
    /// waiting (503, see [`deadline`]) before its work began never sends the
    /// statement; one that gives up while the statement runs may see it land,
    /// as a request whose answer was lost in the network may.
    pub async fn write_one<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        if self.writer.is_some() || idempotency::Pending::current().is_some() {
            return self.write(work).await;
        }
        self.run(work).await
    }

    /// Runs `work` in a write transaction for work no request waits on (a
    /// background job): as [`Db::write`], but on PostgreSQL without the
    /// request's bound (see [`deadline`]), which a long job would outlive.
    pub async fn write_in_background<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        if let Some(writer) = &self.writer {
            return writer.write(work).await;
        }
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            write_transaction(conn.for_work(), work)
        })
        .await
        .map_err(|e| DbError::Other(format!("database task failed: {e}")))?
    }

    async fn write_unkeyed<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(work).await,
            None => self.run(move |conn| write_transaction(conn, work)).await,
        }
    }
}

thread_local! {
    /// Set by [`accounts_changed`] during one piece of work; the work runs on
    /// one thread from start to end, so the flag is that work's (or, on the
    /// SQLite writer's thread, its batch's).
    static ACCOUNTS_CHANGED: Cell<bool> = const { Cell::new(false) };
}

/// Every function here that changes what a caller is — a user, a service
/// account, an org unit (paths and kinds decide scopes) — calls this, so the
/// principal cache (`auth::principal`) drops what it holds once the change
/// is committed. Outside `Db::run` (the CLI) it marks nothing anyone reads.
fn accounts_changed() {
    ACCOUNTS_CHANGED.set(true);
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
