//! A subscription's delivery log, and redelivery by hand.

use super::subscriptions::find;
use crate::auth::policy::not_found;
use crate::db::webhook_deliveries::Delivery;
use crate::db::{self, DbConnection};
use crate::domain::page::Page;
use crate::error::ApiError;
use crate::model::list::List;
use crate::model::webhooks::{DeliveryQuery, DeliveryStatus, DeliveryView};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};

/// The deliveries of a subscription in the caller's scope, newest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    webhook_id: &str,
    query: &DeliveryQuery,
) -> Result<List<DeliveryView>, ApiError> {
    find(conn, caller, webhook_id)?;
    let page = Page::new(query.limit, query.offset.map(u64::from));
    let status = query.status.map(status_word);
    let (items, total) = db::webhook_deliveries::list(conn, webhook_id, status, page.limit, page.offset)?;
    Ok(List::new(items.into_iter().map(view).collect(), total, page))
}

/// One delivery of a subscription in the caller's scope.
pub fn get(conn: &mut DbConnection, caller: &Caller, webhook_id: &str, id: &str) -> Result<DeliveryView, ApiError> {
    find(conn, caller, webhook_id)?;
    let delivery = db::webhook_deliveries::get(conn, webhook_id, id)?.ok_or_else(not_found)?;
    Ok(view(delivery))
}

/// Sends a delivery again, whatever became of it: it is pending and due at
/// once, with the full number of attempts before it fails again (a disabled
/// subscription's waits until it is enabled). Same `webhook-id`, same body.
pub fn redeliver(
    conn: &mut DbConnection,
    caller: &Caller,
    webhook_id: &str,
    id: &str,
) -> Result<DeliveryView, ApiError> {
    let subscription = find(conn, caller, webhook_id)?;
    if !db::webhook_deliveries::redeliver(conn, webhook_id, id)? {
        return Err(not_found());
    }
    let delivery = db::webhook_deliveries::get(conn, webhook_id, id)?.ok_or_else(not_found)?;
    let view = view(delivery);
    Change::new(caller, Entity::Webhook, webhook_id, "redeliver", Some(&subscription.scope_path))
        .after(&serde_json::json!({ "delivery_id": id, "event_id": view.event_id }))
        .record(conn)?;
    Ok(view)
}

fn status_word(status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => "pending",
        DeliveryStatus::Delivered => "delivered",
        DeliveryStatus::Failed => "failed",
    }
}

fn view(d: Delivery) -> DeliveryView {
    let status = match d.status.as_str() {
        "delivered" => DeliveryStatus::Delivered,
        "failed" => DeliveryStatus::Failed,
        _ => DeliveryStatus::Pending,
    };
    DeliveryView {
        id: d.id,
        event_id: d.event_id,
        kind: d.event_type,
        status,
        attempts: u32::try_from(d.attempts).unwrap_or(0),
        next_attempt_at: d.next_attempt_at.map(|t| t.and_utc()),
        last_attempt_at: d.last_attempt_at.map(|t| t.and_utc()),
        response_code: d.response_code.and_then(|c| u16::try_from(c).ok()),
        last_error: d.last_error,
        created_at: d.created_at.and_utc(),
        delivered_at: d.delivered_at.map(|t| t.and_utc()),
    }
}
