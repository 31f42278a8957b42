//! How long a request waits on its database work, on PostgreSQL.
//!
//! Diesel blocks a thread in libpq until the server answers, and libpq has
//! no timeout for an answer: over a network that falls silent the thread
//! waits until the kernel gives the connection up (see `timeouts`) — or,
//! when the silence is a proxy's that keeps its sockets open, until the
//! network heals. So the request does not wait on the thread past its
//! bound: it answers 503, and the work, should its thread wake up, is given
//! up — not committed, its connection discarded rather than pooled again.
//!
//! The bound runs twice: once for a connection (the pool's checkout, which
//! may ask an idle connection whether it is still alive), and once more for
//! the work, from the moment it holds one. A request under load that waited
//! for a connection still has the whole bound for its work.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::task::{JoinError, JoinHandle};
use tokio::time::timeout_at;

use super::DbError;
use super::connection::connection_lost;

/// The bound on one piece of work, shared by the request awaiting it and
/// the thread doing it.
pub(super) struct Deadline {
    bound: Duration,
    asked: Instant,
    phase: Mutex<Phase>,
}

#[derive(Clone, Copy)]
enum Phase {
    CheckingOut,
    Working(Instant),
    GivenUp,
}

thread_local! {
    /// The deadline of the work running on this thread, for
    /// [`given_up`]; none outside [`Deadline::run`].
    static CURRENT: RefCell<Option<Arc<Deadline>>> = const { RefCell::new(None) };
}

/// Whether the request whose work runs on this thread stopped waiting for
/// it: a write transaction then rolls back instead of committing (the client
/// was answered 503 and will retry).
pub(super) fn given_up() -> bool {
    CURRENT.with_borrow(|current| current.as_ref().is_some_and(|deadline| deadline.is_given_up()))
}

/// Holds the thread's [`CURRENT`] deadline until dropped, a panic included.
struct Current;

impl Current {
    fn set(deadline: Arc<Deadline>) -> Self {
        CURRENT.set(Some(deadline));
        Self
    }
}

impl Drop for Current {
    fn drop(&mut self) {
        CURRENT.set(None);
    }
}

impl Deadline {
    /// Starts the clock, before the work asks for a connection.
    pub(super) fn start(bound: Duration) -> Arc<Self> {
        Arc::new(Self { bound, asked: Instant::now(), phase: Mutex::new(Phase::CheckingOut) })
    }

    /// On the work's thread, once it holds a connection: runs `work` unless
    /// the request gave up meanwhile, and has the connection discarded if it
    /// gives up before `work` is done.
    ///
    /// A connection had only after the request gave up goes back to the
    /// pool unused: the pool handed it out idle or just asked it whether it
    /// was alive, so it is fit — discarding it would make a pool that is
    /// slow under load open new connections on top.
    pub(super) fn run<T, E: From<DbError>>(self: &Arc<Self>, work: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        {
            let mut phase = self.phase();
            if let Phase::GivenUp = *phase {
                return Err(self.unanswered().into());
            }
            *phase = Phase::Working(Instant::now());
        }
        let outcome = {
            let _current = Current::set(self.clone());
            work()
        };
        if self.is_given_up() {
            // It met the bound mid-work, when the network or the server was
            // in trouble: not reused, whatever state it came back in.
            connection_lost();
        }
        outcome
    }

    /// On the request's side: the work's outcome, or `None` when it was not
    /// done in time (the work is then given up).
    pub(super) async fn wait<T>(&self, mut work: JoinHandle<T>) -> Option<Result<T, JoinError>> {
        if let Ok(joined) = timeout_at((self.asked + self.bound).into(), &mut work).await {
            return Some(joined);
        }
        let since = {
            let mut phase = self.phase();
            match *phase {
                Phase::Working(since) => since,
                Phase::CheckingOut | Phase::GivenUp => {
                    *phase = Phase::GivenUp;
                    return None;
                }
            }
        };
        if let Ok(joined) = timeout_at((since + self.bound).into(), &mut work).await {
            return Some(joined);
        }
        *self.phase() = Phase::GivenUp;
        None
    }

    /// What the request answers once it gave up.
    pub(super) fn unanswered(&self) -> DbError {
        DbError::Unavailable(format!("no answer from the database within {} ms", self.bound.as_millis()))
    }

    fn is_given_up(&self) -> bool {
        matches!(*self.phase(), Phase::GivenUp)
    }

    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
