//! Deadline reminders: `report.due_soon` within the days before a report's
//! due day, `report.overdue` once it has passed, each emitted once per
//! campaign, unit and period for a report a participant of an active
//! campaign still owes (the work queue's rule: `reports::work_queue::owed`).
//!
//! A scheduler in every instance wakes every `THIDUA_REMINDER_INTERVAL_SECS`;
//! the one holding the lease `reminders` (`db::leases`) runs, the others
//! skip. Emitting writes the reminder (`UNIQUE` on kind, campaign, unit and
//! period: once, even were two to run) and its audit event in one
//! transaction: the event is a change of the feed, the webhooks' outbox, so
//! the dispatcher sends it to the subscriptions that want it and whose
//! creator may read the unit's reports. With `THIDUA_SMTP_URL` set, the
//! reminder is also e-mailed ([`mail`]) to the unit's active users who have
//! an address.

pub mod mail;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, TimeDelta, Utc};

use super::Caller;
use super::audit::{Change, Entity};
use super::reports::work_queue::owed;
use crate::config::ReminderConfig;
use crate::db::reminders::NewReminder;
use crate::db::{self, Db, DbConnection, DbError};
use crate::domain::accounts::OrgUnit;
use crate::domain::reminder;
use crate::error::ApiError;
use crate::model::reminders::ReminderRecord;

/// The lease the schedulers of all instances share.
pub const LEASE: &str = "reminders";

/// Runs the scheduler until the process ends.
pub async fn run(db: Db, config: ReminderConfig) {
    let holder = uuid::Uuid::now_v7().to_string();
    let mailer = config.smtp.as_ref().and_then(|smtp| match mail::Mailer::new(smtp) {
        Ok(mailer) => Some(mailer),
        Err(error) => {
            tracing::error!(%error, "the SMTP transport cannot be built; reminders are not e-mailed");
            None
        }
    });
    loop {
        match once(&db, &config, &holder, mailer.as_ref()).await {
            Ok(Ran { emitted, mailed, .. }) if emitted + mailed > 0 => {
                tracing::info!(emitted, mailed, "deadline reminders sent");
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "deadline reminders could not be sent now; tried again later"),
        }
        tokio::time::sleep(config.interval).await;
    }
}

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ran {
    /// Whether this instance held the lease (and so ran).
    pub held: bool,
    pub emitted: usize,
    pub mailed: usize,
}

/// One run: takes (or renews) the lease; holding it, emits the reminders
/// due now and sends the pending e-mails.
pub async fn once(
    db: &Db,
    config: &ReminderConfig,
    holder: &str,
    mailer: Option<&mail::Mailer>,
) -> Result<Ran, ApiError> {
    let lease = TimeDelta::from_std(config.lease).unwrap_or(TimeDelta::days(1));
    let claimant = holder.to_owned();
    let held = db
        .write_in_background(move |conn| {
            let now = crate::domain::now().naive_utc();
            db::leases::claim(conn, LEASE, &claimant, now, now + lease)
        })
        .await;
    match held {
        Ok(true) => {}
        // Another instance took it first.
        Ok(false) | Err(DbError::UniqueViolation(_)) => return Ok(Ran::default()),
        Err(error) => return Err(error.into()),
    }
    let (days_before, mail) = (config.days_before, mailer.is_some());
    let emitted = db.write_in_background(move |conn| emit(conn, crate::domain::now(), days_before, mail)).await?;
    let mailed = match mailer {
        Some(mailer) => mail::send_pending(db, mailer).await,
        None => 0,
    };
    Ok(Ran { held: true, emitted, mailed })
}

/// Emits the reminders due at `now` that were not emitted before; in the
/// caller's transaction. `mail`: whether each is to be e-mailed too.
pub fn emit(conn: &mut DbConnection, now: DateTime<Utc>, days_before: u32, mail: bool) -> Result<usize, ApiError> {
    let today = crate::domain::day_in_vietnam(now);
    let caller = Caller::system("reminders");
    let mut emitted = 0;
    // What was sent and the units named: read once for the run, not per report owed.
    let owed = owed(conn, "/", now)?;
    let campaign_ids: BTreeSet<&str> = owed.iter().map(|d| d.campaign_id.as_str()).collect();
    let sent = db::reminders::emitted_for(conn, &campaign_ids.into_iter().collect::<Vec<_>>())?;
    let unit_ids: BTreeSet<&str> = owed.iter().map(|d| d.org_unit_id.as_str()).collect();
    let units: HashMap<String, OrgUnit> = db::org_units::by_ids(conn, &unit_ids.into_iter().collect::<Vec<_>>())?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    for due in owed {
        let Some(kind) = reminder::due(today, due.due_on, days_before) else { continue };
        let key = (kind.as_str().to_owned(), due.campaign_id.clone(), due.org_unit_id.clone(), due.period_id.clone());
        if sent.contains(&key) {
            continue;
        }
        let Some(unit) = units.get(&due.org_unit_id) else { continue };
        let record = ReminderRecord {
            id: format!("rem_{}", uuid::Uuid::now_v7().simple()),
            kind,
            campaign_id: due.campaign_id,
            campaign_code: due.campaign_code,
            org_unit_id: due.org_unit_id,
            org_unit_name: unit.name.clone(),
            period_id: due.period_id,
            due_on: due.due_on,
            locks_after: due.locks_after,
            report_id: due.report_id,
            status: due.status,
        };
        let report_id = record.report_id.clone().unwrap_or_default();
        let event =
            Change::new(&caller, Entity::Report, &report_id, kind.as_str(), Some(&unit.path)).after(&record).event();
        db::audit::record(conn, &event)?;
        let new = NewReminder {
            id: &record.id,
            kind: kind.as_str(),
            campaign_id: &record.campaign_id,
            org_unit_id: &record.org_unit_id,
            period_id: &record.period_id,
            due_on: record.due_on,
            event_id: &event.id,
            mail_status: if mail { "pending" } else { "none" },
        };
        db::reminders::insert(conn, &new)?;
        emitted += 1;
    }
    Ok(emitted)
}
