//! The settings of what the service sends out on its own: webhook
//! deliveries, deadline reminders and the e-mail they go by.

use std::time::Duration;

use secrecy::SecretString;

use super::{ConfigError, bounded_integer, parse_or, redact_password};

/// Settings of the deadline reminders (`service::reminders`).
#[derive(Clone, Debug)]
pub struct ReminderConfig {
    /// `THIDUA_REMINDER_DAYS_BEFORE`: how many days before a report's due
    /// day `report.due_soon` is sent (3; 0: on the due day only).
    pub days_before: u32,
    /// `THIDUA_REMINDER_INTERVAL_SECS`: how often the scheduler looks for reports owed (300 s).
    pub interval: Duration,
    /// How long a scheduler holds its lease once it runs: twice the interval
    /// and a minute. Another instance takes over once it has passed.
    pub lease: Duration,
    /// `THIDUA_SMTP_URL` and `THIDUA_SMTP_FROM`: where reminders are e-mailed; none: not e-mailed.
    pub smtp: Option<SmtpConfig>,
}

/// An SMTP server to send e-mail through.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    /// `THIDUA_SMTP_URL`: `smtp://host:port` (STARTTLS when the server offers
    /// it), `smtp://host:port?tls=required`, `smtps://user:pass@host` (TLS
    /// from the start, port 465). Kept secret: it may hold a password.
    pub url: SecretString,
    /// `THIDUA_SMTP_FROM`: the sender, `thidua <thidua@example.vn>` or an address.
    pub from: String,
}

/// Settings of webhook delivery.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    /// `THIDUA_WEBHOOK_ALLOW_NETS`: addresses and ranges a webhook may call
    /// although they are not public (loopback, private, link-local…); none by default.
    pub allow_nets: Vec<ipnet::IpNet>,
    /// `THIDUA_WEBHOOK_TIMEOUT_MS`: how long one attempt may take, connecting included (10 s).
    pub timeout: Duration,
    /// `THIDUA_WEBHOOK_MAX_ATTEMPTS`: attempts before a delivery is given up as failed (8).
    pub max_attempts: u32,
    /// `THIDUA_WEBHOOK_BACKOFF_MS`: the wait after a first failure, doubled after each next one (30 s).
    pub backoff: Duration,
    /// `THIDUA_WEBHOOK_DISABLE_AFTER`: failed attempts in a row, across the
    /// subscription's deliveries, after which it is disabled (40).
    pub disable_after: u32,
    /// `THIDUA_WEBHOOK_POLL_MS`: how often the dispatcher and the worker look for work (200 ms:
    /// the dispatcher waits that long at most to see a change, and the p99 lag from a change to
    /// its delivery must stay under a second at 100 changes a second; see bench/webhooks.py).
    pub poll: Duration,
}

pub(super) fn webhooks_from(get: &impl Fn(&str) -> Option<String>) -> Result<WebhookConfig, ConfigError> {
    let allow_nets = parse_or(
        "THIDUA_WEBHOOK_ALLOW_NETS",
        get("THIDUA_WEBHOOK_ALLOW_NETS"),
        Vec::new(),
        crate::domain::webhook::parse_nets,
    )?;
    let timeout = parse_or("THIDUA_WEBHOOK_TIMEOUT_MS", get("THIDUA_WEBHOOK_TIMEOUT_MS"), 10_000, |v| {
        bounded_integer(v, 100, 120_000)
    })?;
    let max_attempts =
        parse_or("THIDUA_WEBHOOK_MAX_ATTEMPTS", get("THIDUA_WEBHOOK_MAX_ATTEMPTS"), 8, |v| bounded_integer(v, 1, 50))?;
    let backoff = parse_or("THIDUA_WEBHOOK_BACKOFF_MS", get("THIDUA_WEBHOOK_BACKOFF_MS"), 30_000, |v| {
        bounded_integer(v, 10, 86_400_000)
    })?;
    let disable_after = parse_or("THIDUA_WEBHOOK_DISABLE_AFTER", get("THIDUA_WEBHOOK_DISABLE_AFTER"), 40, |v| {
        bounded_integer(v, 1, 100_000)
    })?;
    let poll =
        parse_or("THIDUA_WEBHOOK_POLL_MS", get("THIDUA_WEBHOOK_POLL_MS"), 200, |v| bounded_integer(v, 10, 60_000))?;
    Ok(WebhookConfig {
        allow_nets,
        timeout: Duration::from_millis(timeout),
        max_attempts,
        backoff: Duration::from_millis(backoff),
        disable_after,
        poll: Duration::from_millis(poll),
    })
}

pub(super) fn reminders_from(get: &impl Fn(&str) -> Option<String>) -> Result<ReminderConfig, ConfigError> {
    let days_before =
        parse_or("THIDUA_REMINDER_DAYS_BEFORE", get("THIDUA_REMINDER_DAYS_BEFORE"), 3, |v| bounded_integer(v, 0, 366))?;
    let interval = parse_or("THIDUA_REMINDER_INTERVAL_SECS", get("THIDUA_REMINDER_INTERVAL_SECS"), 300, |v| {
        bounded_integer(v, 1, 86_400)
    })?;
    let interval = Duration::from_secs(interval);
    let from = parse_or("THIDUA_SMTP_FROM", get("THIDUA_SMTP_FROM"), "thidua <thidua@localhost>".to_owned(), |v| {
        let v = v.trim();
        v.parse::<lettre::message::Mailbox>()
            .map(|_| v.to_owned())
            .map_err(|_| "must be an address, like thidua@example.vn or \"Thi đua\" <thidua@example.vn>".to_owned())
    })?;
    let smtp = match get("THIDUA_SMTP_URL") {
        None => None,
        Some(raw) => {
            let refuse = |rule: &str| ConfigError {
                variable: "THIDUA_SMTP_URL",
                value: redact_password(&raw),
                rule: rule.to_owned(),
            };
            let url = url::Url::parse(raw.trim()).map_err(|_| refuse("must be a URL, like smtp://127.0.0.1:25"))?;
            if !matches!(url.scheme(), "smtp" | "smtps") {
                return Err(refuse("must begin smtp:// or smtps://"));
            }
            if url.host_str().is_none_or(str::is_empty) {
                return Err(refuse("must name a host"));
            }
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(raw.trim())
                .map_err(|e| refuse(&format!("is not usable: {e}")))?;
            Some(SmtpConfig { url: SecretString::from(raw.trim().to_owned()), from })
        }
    };
    Ok(ReminderConfig { days_before, interval, lease: interval * 2 + Duration::from_secs(60), smtp })
}
