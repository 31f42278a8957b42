//! SQLite's one writer: the writes of this process queue for one thread,
//! which commits those that queued while it was busy in one transaction
//! (group commit).
//!
//! SQLite has one writer at a time, and with `synchronous = FULL` each
//! commit waits for the disk (about 200 µs here; milliseconds on many
//! servers). Committed one by one, writes would wait in line for each
//! other's disk flush; committed together, the flush is shared. Each write
//! still runs in a savepoint of its own, so one that fails is rolled back
//! alone, and each caller hears the outcome only once its write is on disk.
//! A lone write is a batch of one, committed at once: nothing waits for
//! company.
//!
//! The writer keeps a connection of its own, outside the pool. In WAL mode a
//! connection drops its whole page cache whenever another connection wrote
//! since its last transaction; a writer that took any pooled connection
//! found its cache cold at every batch and read each page it changed from
//! the file again. The one connection that writes always finds its cache
//! current.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use tokio::sync::oneshot;

use super::transaction::{begin_immediate, finish, in_savepoint};
use super::{ACCOUNTS_CHANGED, DbConnection, DbError, connect_once};
use crate::config::DatabaseUrl;

/// The most writes committed together: bounds how long the first one waits
/// for the others' work.
const MAX_BATCH: usize = 64;

/// What a queued write tells its caller once the batch's fate is known.
type Answer = Box<dyn FnOnce(Result<(), &DbError>) + Send>;

/// A queued write: run in the batch's transaction (or told why it could not
/// be), it leaves the answer to give after the commit.
type Job = Box<dyn FnOnce(Result<&mut DbConnection, &DbError>) -> Answer + Send>;

/// The queue to the writer thread.
#[derive(Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread; it ends when the last `Writer` is dropped.
    /// It opens its connection to `url` at its first write.
    pub(super) fn start(url: DatabaseUrl, timeout: Duration, accounts: Arc<AtomicU64>) -> Self {
        let (queue, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".to_owned())
            .spawn(move || {
                let mut connection = None;
                while let Ok(first) = jobs.recv() {
                    let mut batch = vec![first];
                    batch.extend(jobs.try_iter().take(MAX_BATCH - 1));
                    commit_batch(|| connect_once(&url, timeout), &mut connection, &accounts, batch);
                }
            })
            .expect("the SQLite writer thread starts");
        Self { queue }
    }

    /// Runs `work` in the next batch; its outcome once the batch is committed.
    pub(super) async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let (tell, told) = oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |conn| {
            let conn = match conn {
                Ok(conn) => conn,
                Err(error) => {
                    let _ = tell.send(Err(error.clone().into()));
                    return Box::new(|_| {});
                }
            };
            // A panic is caught inside the savepoint, so it is rolled back like an error.
            let outcome = in_savepoint(conn, |conn| {
                catch_unwind(AssertUnwindSafe(|| work(conn)))
                    .unwrap_or_else(|_| Err(DbError::Other("a write panicked".to_owned()).into()))
            });
            Box::new(move |committed| {
                let answer = match (outcome, committed) {
                    (Ok(_), Err(error)) => Err(error.clone().into()),
                    (outcome, _) => outcome,
                };
                // The caller may have gone (its request was dropped); the write stands.
                let _ = tell.send(answer);
            })
        });
        self.queue.send(job).map_err(|_| DbError::Other("the SQLite writer has stopped".to_owned()))?;
        told.await.map_err(|_| DbError::Other("the SQLite writer dropped a write".to_owned()))?
    }
}

/// Runs `batch` in one transaction on the writer's `connection` (opened if
/// there is none), commits it, then answers every caller.
fn commit_batch(
    open: impl FnOnce() -> Result<DbConnection, DbError>,
    connection: &mut Option<DbConnection>,
    accounts: &AtomicU64,
    batch: Vec<Job>,
) {
    ACCOUNTS_CHANGED.set(false);
    let opened = match connection {
        Some(conn) => Ok(conn),
        None => open().map(|conn| connection.insert(conn)),
    };
    let (answers, committed) = match opened {
        Ok(conn) => run_batch(conn, batch),
        Err(error) => (refuse(batch, &error), Err(error)),
    };
    // A batch that could not begin or commit leaves the connection in doubt:
    // the next batch opens a new one.
    if committed.is_err() {
        *connection = None;
    }
    // After the commit: a lookup that began before and read the old rows is then seen to be stale.
    if ACCOUNTS_CHANGED.replace(false) {
        accounts.fetch_add(1, Ordering::AcqRel);
    }
    for answer in answers {
        answer(committed.as_ref().map(|_| ()));
    }
}

fn run_batch(conn: &mut DbConnection, batch: Vec<Job>) -> (Vec<Answer>, Result<(), DbError>) {
    if let Err(error) = begin_immediate(conn) {
        return (refuse(batch, &error), Err(error));
    }
    let answers = batch.into_iter().map(|job| job(Ok(&mut *conn))).collect();
    (answers, finish(conn, Ok(())))
}

/// Tells every job of `batch` that it could not run.
fn refuse(batch: Vec<Job>, error: &DbError) -> Vec<Answer> {
    batch.into_iter().map(|job| job(Err(error))).collect()
}
