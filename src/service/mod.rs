//! The use cases: every rule that needs the database, the audit log or a
//! cache. A service function takes a connection, the [`Caller`] and its
//! input, and answers a wire model or an `ApiError`; it never sees HTTP.
//! Services call services (inside one transaction when they share `conn`),
//! never handlers.

pub mod attachments;
pub mod audit;
pub mod auth;
pub mod award_decisions;
pub mod award_rules;
pub mod awards;
pub mod caller;
pub mod campaigns;
pub mod changes;
pub mod complaints;
pub mod council;
pub mod criteria;
pub mod documents;
pub mod evidence;
pub mod imports;
pub mod me;
pub mod nominations;
pub mod org_units;
pub mod people;
pub mod reminders;
pub mod reorganisations;
pub mod reports;
pub mod reward_funds;
pub mod scoreboard;
pub mod search;
pub mod service_accounts;
pub mod settings;
pub mod users;
pub mod version;
pub mod webhooks;

pub use caller::Caller;

/// The caches the use cases keep between requests (each a `BoundedCache`).
#[derive(Default)]
pub struct Caches {
    /// Campaign definitions past draft, by campaign id.
    pub definitions: reports::cache::Definitions,
    /// Report answers as sent, by report id.
    pub report_views: reports::cache::Views,
    /// Scoreboards computed lately.
    pub scoreboards: scoreboard::ScoreboardCache,
    /// Wakes this process's import worker when an import is queued.
    pub import_queue: imports::worker::Queue,
    /// Wakes this process's webhook delivery worker.
    pub webhook_wake: webhooks::Wake,
}
