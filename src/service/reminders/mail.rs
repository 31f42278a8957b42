//! E-mailing the reminders: each pending one, once, to the active users of
//! its unit who have an address, through `THIDUA_SMTP_URL` (lettre, rustls).
//! A failure is logged and tried again at the next run, up to
//! [`ATTEMPTS`] times; it never stops the scheduler. Each e-mail is claimed
//! before it is sent, so two instances never both send it.

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::SmtpConfig;
use crate::db::reminders::Mail;
use crate::db::{self, Db, DbError};
use crate::domain::reminder::{self, Owed, ReminderKind};

/// Attempts at one reminder's e-mail before it is given up as `failed`.
pub const ATTEMPTS: i32 = 5;
/// E-mails sent per run at most; the rest wait for the next.
const BATCH: i64 = 50;
/// How long one SMTP conversation may take.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How long a claim on one e-mail holds: far longer than its SMTP
/// conversations (one per address, each within [`TIMEOUT`]) take, so only
/// an instance stopped mid-send leaves one to run out.
const CLAIM: chrono::TimeDelta = chrono::TimeDelta::minutes(15);

/// The SMTP transport and the sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(config: &SmtpConfig) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(config.url.expose_secret())
            .map_err(|e| format!("THIDUA_SMTP_URL is not usable: {e}"))?
            .timeout(Some(TIMEOUT))
            .build();
        let from = config.from.parse().map_err(|e| format!("THIDUA_SMTP_FROM is not an address: {e}"))?;
        Ok(Self { transport, from })
    }
}

/// Sends the pending e-mails; how many were sent.
pub async fn send_pending(db: &Db, mailer: &Mailer) -> usize {
    let read_at = crate::domain::now().naive_utc();
    let pending = match db.run(move |conn| db::reminders::pending_mail(conn, read_at, BATCH)).await {
        Ok(pending) => pending,
        Err(error) => {
            tracing::warn!(%error, "pending reminder e-mails could not be read now");
            return 0;
        }
    };
    let mut sent = 0;
    for mail in pending {
        // Claimed first: an instance that took the scheduler's lease over
        // while this one is still sending reads the same pending e-mails,
        // and must not send them again.
        let id = mail.id.clone();
        let claimed = db
            .write_in_background(move |conn| {
                let now = crate::domain::now().naive_utc();
                db::reminders::claim_mail(conn, &id, now, now + CLAIM)
            })
            .await;
        match claimed {
            Ok(true) => {}
            Ok(false) => continue,
            Err(error) => {
                tracing::warn!(reminder = %mail.id, %error, "a reminder e-mail could not be claimed now");
                continue;
            }
        }
        let (status, error) = match send(db, mailer, &mail).await {
            Ok(0) => ("none", None),
            Ok(_) => {
                sent += 1;
                ("sent", None)
            }
            Err(error) => {
                let last = mail.attempts + 1 >= ATTEMPTS;
                tracing::warn!(reminder = %mail.id, attempt = mail.attempts + 1, %error,
                    "a reminder e-mail could not be sent{}", if last { "; given up" } else { "; tried again later" });
                (if last { "failed" } else { "pending" }, Some(error))
            }
        };
        let id = mail.id.clone();
        let recorded =
            db.write_in_background(move |conn| db::reminders::mailed(conn, &id, status, error.as_deref())).await;
        if let Err(error) = recorded {
            tracing::warn!(reminder = %mail.id, %error, "how a reminder e-mail went could not be recorded");
        }
    }
    sent
}

/// Sends one reminder to its unit's addresses; how many it was sent to.
async fn send(db: &Db, mailer: &Mailer, mail: &Mail) -> Result<usize, String> {
    let unit = mail.org_unit_id.clone();
    let to = db.run(move |conn| db::reminders::addresses(conn, &unit)).await.map_err(|e: DbError| e.to_string())?;
    let mut builder = Message::builder().from(mailer.from.clone());
    let mut recipients = 0;
    for (name, address) in to {
        match address.parse() {
            Ok(address) => {
                builder = builder.to(Mailbox::new(Some(name), address));
                recipients += 1;
            }
            Err(error) => tracing::warn!(%address, %error, "a user's e-mail address is not usable"),
        }
    }
    if recipients == 0 {
        return Ok(0);
    }
    let kind = ReminderKind::ALL
        .into_iter()
        .find(|k| k.as_str() == mail.kind)
        .ok_or_else(|| format!("the reminder has an unknown kind {:?}", mail.kind))?;
    let owed = Owed {
        kind,
        campaign_code: &mail.campaign_code,
        campaign_title: &mail.campaign_title,
        unit_name: &mail.unit_name,
        period_id: &mail.period_id,
        due_on: mail.due_on,
    };
    let body = Body::new_with_encoding(reminder::body(&owed), ContentTransferEncoding::Base64)
        .map_err(|_| "the body cannot be encoded".to_owned())?;
    let message = builder
        .subject(reminder::subject(&owed))
        .header(ContentType::TEXT_PLAIN)
        .date_now()
        .body(body)
        .map_err(|e| format!("the message cannot be built: {e}"))?;
    mailer.transport.send(message).await.map_err(|e| e.to_string())?;
    Ok(recipients)
}
