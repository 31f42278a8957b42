//! The delivery worker: takes due deliveries (`db::webhook_deliveries::claim`:
//! `FOR UPDATE SKIP LOCKED` and a lease, so of several instances one sends
//! each), POSTs them signed as Standard Webhooks does, and records how it
//! went: delivered on a 2xx; otherwise tried again after an exponentially
//! growing wait until the attempts run out; and after too many failures in
//! a row the subscription is disabled.
//!
//! A delivery whose worker died mid-attempt is taken again once its lease
//! runs out, so a receiver may get a message twice (same `webhook-id`),
//! never not at all.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use futures_util::future::join_all;
use webhook_http::{Client, redirect};

use super::Wake;
use super::guard::{self, GuardedResolver};
use crate::config::WebhookConfig;
use crate::db::webhook_deliveries::{Attempt, Delivery};
use crate::db::webhooks::Subscription;
use crate::db::{self, Db, DbError};
use crate::domain::webhook::{backoff, sign};

/// Deliveries taken at once (sent concurrently).
const BATCH: i64 = 16;
/// How long a delivery stays with its worker beyond the attempt's timeout.
const LEASE_MARGIN: Duration = Duration::from_secs(30);

/// The client deliveries are sent with: no redirects, no proxy, every
/// address its resolver finds checked by the SSRF guard.
pub fn client(config: &WebhookConfig) -> Result<Client, String> {
    Client::builder()
        .redirect(redirect::Policy::none())
        .no_proxy()
        .timeout(config.timeout)
        .user_agent(concat!("thidua-webhooks/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(GuardedResolver { allow: Arc::new(config.allow_nets.clone()) })
        .build()
        .map_err(|e| e.to_string())
}

/// Runs the worker until the process ends.
pub async fn run(db: Db, config: WebhookConfig, wake: Wake) {
    let client = match client(&config) {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "the webhook client cannot be built; webhooks are not delivered");
            return;
        }
    };
    let lease = TimeDelta::from_std(config.timeout + LEASE_MARGIN).unwrap_or(TimeDelta::MAX);
    loop {
        let claimed = db
            .write_in_background(move |conn| {
                let now = crate::domain::now().naive_utc();
                db::webhook_deliveries::claim(conn, now, now + lease, BATCH)
            })
            .await;
        match claimed {
            Ok(batch) if !batch.is_empty() => {
                join_all(batch.into_iter().map(|(d, s)| attempt(&db, &config, &client, d, s))).await;
                continue;
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "due webhook deliveries could not be taken now"),
        }
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(config.poll) => {}
        }
    }
}

/// Sends one delivery and records the outcome.
async fn attempt(db: &Db, config: &WebhookConfig, client: &Client, d: Delivery, s: Subscription) {
    let outcome = send(config, client, &d, &s).await;
    let at = crate::domain::now().naive_utc();
    let (response_code, error, retry) = match outcome {
        Ok(code) => (Some(code), None, None),
        Err((code, error)) => {
            let failed = u32::try_from(d.round_attempts).unwrap_or(0) + 1;
            let next = (failed < config.max_attempts)
                .then(|| at + TimeDelta::from_std(backoff(config.backoff, failed)).unwrap_or(TimeDelta::MAX));
            (code, Some(error), Some(next))
        }
    };
    let disable_after = config.disable_after;
    let (id, webhook_id) = (d.id.clone(), s.id.clone());
    let recorded = db
        .write_in_background(move |conn| {
            let delivered = retry.is_none();
            let attempt = Attempt { at, response_code, error: error.as_deref(), retry };
            if !db::webhook_deliveries::record(conn, &id, &attempt)? {
                return Ok::<_, DbError>(false);
            }
            if delivered {
                db::webhooks::succeeded(conn, &webhook_id)?;
                return Ok(false);
            }
            db::webhooks::failed(conn, &webhook_id, disable_after)
        })
        .await;
    match recorded {
        Ok(true) => {
            tracing::warn!(webhook = %s.id, "a webhook was disabled after {disable_after} failed attempts in a row")
        }
        Ok(false) => {}
        // The lease runs out and the delivery is tried again.
        Err(error) => tracing::warn!(delivery = %d.id, %error, "a webhook attempt could not be recorded"),
    }
}

/// POSTs the delivery: the receiver's status code on a 2xx, else the code
/// (when it answered) and why it failed.
async fn send(
    config: &WebhookConfig,
    client: &Client,
    d: &Delivery,
    s: &Subscription,
) -> Result<i32, (Option<i32>, String)> {
    let url = url::Url::parse(&s.url).map_err(|e| (None, format!("the URL is not usable: {e}")))?;
    // A literal address meets no resolver: the guard checks it here.
    guard::check_literal(&url, &config.allow_nets).map_err(|refusal| (None, refusal.to_string()))?;
    let timestamp = chrono::Utc::now().timestamp();
    let signature =
        sign(&s.secret, &d.id, timestamp, d.payload.as_bytes()).ok_or((None, "the secret is not usable".to_owned()))?;
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &d.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(d.payload.clone())
        .send()
        .await;
    match sent {
        Ok(response) => {
            let code = i32::from(response.status().as_u16());
            if response.status().is_success() {
                Ok(code)
            } else {
                Err((Some(code), format!("the receiver answered {}", response.status())))
            }
        }
        Err(error) if error.is_timeout() => Err((None, format!("no answer within {} ms", config.timeout.as_millis()))),
        Err(error) => Err((None, causes(&error))),
    }
}

/// An error and its causes, most general first: the guard's refusal is the innermost.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
