//! Webhooks: subscriptions to the change feed, pushed to their URLs.
//!
//! The change feed (`db::changes`) is the outbox: a row is written by a
//! trigger in the transaction of every audited change. The dispatcher
//! ([`dispatch`]) follows it in commit order and writes one delivery per
//! change and subscription; the worker ([`deliver`]) sends them, signed,
//! with retries. Both run in every instance; the database keeps them from
//! doing the same work twice.

pub mod deliver;
pub mod dispatch;
pub mod guard;
pub mod log;
pub mod subscriptions;

use std::sync::Arc;

use tokio::sync::Notify;

/// Wakes this process's delivery worker: deliveries were written or asked for again.
#[derive(Clone, Debug, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn wake(&self) {
        self.0.notify_one();
    }

    pub async fn notified(&self) {
        self.0.notified().await;
    }
}
