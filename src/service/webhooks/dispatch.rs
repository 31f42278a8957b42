//! The dispatcher: follows the change feed — the outbox, written in the
//! transaction of every change — in commit order, and turns each change
//! into one delivery per active subscription that wants its type and
//! whose creator may read it (the feed's own rule, `service::audit::readable`).
//!
//! Its place in the feed (`webhook_dispatch`) moves in the transaction that
//! writes the deliveries, so a crash loses nothing and repeats nothing: the
//! next run starts where the last commit left. On PostgreSQL the place is
//! locked `FOR UPDATE SKIP LOCKED`: of several instances one fans a batch
//! out, and the others skip it. The feed shows a change only once every
//! transaction older than it has ended, so none is passed over.

use std::time::Duration;

use super::Wake;
use crate::auth::principal::of_actor;
use crate::db::changes::{Filter, Position};
use crate::db::webhooks::Subscription;
use crate::db::{self, Db, DbConnection};
use crate::error::ApiError;
use crate::model::webhooks::{WebhookChange, WebhookMessage};
use crate::service::Caller;
use crate::service::audit::readable;
use crate::service::changes::wanted;

/// Changes read per transaction.
const BATCH: u32 = 500;

/// Runs the dispatcher until the process ends: a batch at a time while the
/// feed has more, then every `poll`.
pub async fn run(db: Db, poll: Duration, wake: Wake) {
    loop {
        match db.write_in_background(dispatch).await {
            Ok(Dispatched { scanned, fanned }) => {
                if fanned > 0 {
                    wake.wake();
                }
                if scanned == BATCH as usize {
                    continue;
                }
            }
            Err(error) => tracing::warn!(%error, "webhook changes could not be dispatched now"),
        }
        tokio::time::sleep(poll).await;
    }
}

/// What one run did: changes passed, deliveries written.
#[derive(Debug, Default)]
pub struct Dispatched {
    pub scanned: usize,
    pub fanned: usize,
}

/// Fans the next batch of the feed out to the subscriptions, and moves the
/// dispatcher's place past it; in the caller's transaction.
pub fn dispatch(conn: &mut DbConnection) -> Result<Dispatched, ApiError> {
    let Some(position) = db::webhooks::take_position(conn)? else { return Ok(Dispatched::default()) };
    let subscriptions = db::webhooks::active(conn)?;
    if subscriptions.is_empty() {
        // Nobody to send to: skip to the end (a new subscription starts there anyway).
        let newest = db::changes::newest(conn)?;
        if newest > position {
            db::webhooks::set_position(conn, newest)?;
        }
        return Ok(Dispatched::default());
    }
    let batch = db::changes::positions(conn, position, BATCH)?;
    let Some(&(reached, _)) = batch.last() else { return Ok(Dispatched::default()) };
    let mut fanned = 0;
    for subscription in &subscriptions {
        fanned += fan_out(conn, subscription, &batch)?;
    }
    db::webhooks::set_position(conn, reached)?;
    Ok(Dispatched { scanned: batch.len(), fanned })
}

/// Writes the deliveries of `batch` for one subscription: the changes after
/// its start, of its types, that its creator may read now.
fn fan_out(conn: &mut DbConnection, s: &Subscription, batch: &[(Position, String)]) -> Result<usize, ApiError> {
    let ids: Vec<&str> = batch.iter().filter(|(p, _)| *p > s.start()).map(|(_, id)| id.as_str()).collect();
    if ids.is_empty() {
        return Ok(0);
    }
    // An account that is gone or deactivated reads nothing.
    let Some(principal) = of_actor(conn, &s.actor)? else { return Ok(0) };
    let caller = Caller::new(principal, format!("webhook:{}", s.id));
    let types = (!s.types.is_empty()).then_some(s.types.as_str());
    let (kinds, actions) = wanted(types)?;
    let filter = Filter { readable: readable(&caller, &kinds), actions };
    if filter.readable.is_empty() {
        return Ok(0);
    }
    let mut found = db::changes::among(conn, &filter, &ids)?;
    let mut fanned = 0;
    for id in ids {
        let Some(event) = found.remove(id) else { continue };
        let kind = format!("{}.{}", event.entity, event.action);
        let message = WebhookMessage {
            kind: kind.clone(),
            timestamp: event.at,
            data: WebhookChange {
                id: event.id.clone(),
                entity: event.entity,
                entity_id: event.entity_id,
                action: event.action,
                actor: event.actor,
                record: event.after.and_then(|text| serde_json::from_str(&text).ok()),
            },
        };
        let payload = serde_json::to_string(&message).map_err(|e| ApiError::internal(&e))?;
        let delivery_id = format!("msg_{}", uuid::Uuid::now_v7().simple());
        db::webhook_deliveries::insert(conn, &delivery_id, &s.id, &event.id, &kind, &payload)?;
        fanned += 1;
    }
    Ok(fanned)
}
