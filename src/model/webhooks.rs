//! Webhook subscriptions, their deliveries, and the messages they send, as
//! the API shows them. Only [`CreatedWebhook`], the answer to a creation,
//! holds the secret.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewWebhook {
    /// Where to POST each change: `http://` or `https://`, at most 2000
    /// characters, no credentials, no fragment. Its host must resolve to
    /// public addresses only (loopback, private, link-local and the like are
    /// refused unless `THIDUA_WEBHOOK_ALLOW_NETS` allows them); redirects are
    /// never followed.
    #[schema(min_length = 1, max_length = 2000)]
    pub url: String,
    /// Kinds (`report`, `campaign`, `nomination`, `award_decision`) or types
    /// (`report.submit`), as the change feed's `types`; absent or empty: every change.
    #[serde(default)]
    pub types: Vec<String>,
}

/// Whether a subscription is sent to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookStatus {
    Active,
    /// Stopped after too many failed attempts in a row, or by hand; changes
    /// made meanwhile are not sent. Enable it to resume.
    Disabled,
}

/// A subscription.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookView {
    pub id: String,
    pub url: String,
    /// The kinds or types sent; empty: every change.
    pub types: Vec<String>,
    pub status: WebhookStatus,
    /// Why it was disabled.
    pub disabled_reason: Option<String>,
    /// Failed attempts since the last success.
    pub failures: u32,
    /// Who made it (`user:<id>`): it is sent the changes this account may read.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new subscription and its signing secret, shown this once.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: WebhookView,
    /// `whsec_` + base64 of 32 random bytes: the key of `webhook-signature`
    /// (the base64 part, decoded). It cannot be read again.
    pub secret: String,
}

/// Where a delivery is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not yet delivered; tried again at `next_attempt_at`.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed (`THIDUA_WEBHOOK_MAX_ATTEMPTS`); redeliver to try again.
    Failed,
}

/// One change sent (or to send) to one subscription.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    /// The message's `webhook-id`: the same on every attempt, so receivers can drop repeats.
    pub id: String,
    /// The change's id (the change feed's `id`).
    pub event_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: DeliveryStatus,
    /// Attempts made in all.
    pub attempts: u32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's status code at the last attempt; absent when it did not answer.
    pub response_code: Option<u16>,
    /// Why the last attempt failed (a timeout, a refused address, a status code).
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries with this status.
    pub status: Option<DeliveryStatus>,
    /// Items per page: 50 when absent, at most 200 (a larger value is lowered to 200).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_u64)]
    pub limit: Option<u32>,
    /// Items to skip from the start.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_u64)]
    pub offset: Option<u32>,
}

/// The body of every webhook message (Standard Webhooks): the change, as
/// the change feed gives it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookMessage {
    /// `<kind>.<action>`, e.g. `report.submit`; a deadline reminder is
    /// `report.due_soon` or `report.overdue`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the change was made.
    pub timestamp: DateTime<Utc>,
    pub data: WebhookChange,
}

/// The change a message carries.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookChange {
    /// The change's id (the change feed's and the audit log's).
    pub id: String,
    /// `report`, `campaign`, `nomination` or `award_decision`.
    pub entity: String,
    pub entity_id: String,
    /// What was done, e.g. `create`, `put_values`, `submit`, `approve`; or
    /// a deadline reminder of a report (`due_soon`, `overdue`), sent by `system`.
    pub action: String,
    /// `user:<id>`, `service:<id>` or `system`.
    pub actor: String,
    #[schema(schema_with = super::reminders::change_record)]
    pub record: Option<serde_json::Value>,
}
