//! What a batch of an import's reports is judged by, read for the whole
//! batch in a few statements ([`BatchFacts`]), not per report.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Found, ReportRows, ignored, new_of};
use crate::auth::Grant;
use crate::auth::policy::not_found;
use crate::db::report_moves::ForMove;
use crate::db::{self, DbConnection};
use crate::domain::accounts::OrgUnit;
use crate::domain::campaign::Campaign;
use crate::error::ApiError;
use crate::model::imports::ImportStrategy;
use crate::service::Caches;
use crate::service::reports::cache::Definitions;
use crate::service::reports::records::{CreationFacts, creatable_by};
use crate::service::reports::{Definition, loaded};

/// What a batch's reports are judged by, read for the batch at once: the
/// campaigns, the new reports' units and whether they take part, the
/// definitions (from their cache), the units' labels (into their cache),
/// the lock exceptions open for locked periods, and the reports there are
/// with their values. What was not read is read when asked (as for one report).
pub(super) struct BatchFacts<'a> {
    caches: &'a Caches,
    campaigns: HashMap<String, Option<(Campaign, String)>>,
    definitions: HashMap<String, Arc<Definition>>,
    units: HashMap<String, OrgUnit>,
    /// By campaign: the units of the batch that take part.
    participants: HashMap<String, HashSet<String>>,
    /// The campaigns and periods whose lock exceptions were read, and the
    /// units with one open.
    exceptions_read: HashSet<(String, String)>,
    exceptions_open: HashSet<(String, String, String)>,
    existing: HashMap<String, ForMove>,
}

impl<'a> BatchFacts<'a> {
    pub(super) fn read(
        conn: &mut DbConnection,
        caches: &'a Caches,
        batch: &[ReportRows],
        strategy: ImportStrategy,
        now: DateTime<Utc>,
    ) -> Result<Self, ApiError> {
        let judged: Vec<&ReportRows> = batch.iter().filter(|rows| !ignored(rows, strategy)).collect();
        let distinct = |pick: fn(&ReportRows) -> Option<&str>| {
            let mut values: Vec<&str> = judged.iter().filter_map(|rows| pick(rows)).collect();
            values.sort_unstable();
            values.dedup();
            values
        };
        let mut facts = BatchFacts {
            caches,
            campaigns: HashMap::new(),
            definitions: HashMap::new(),
            units: HashMap::new(),
            participants: HashMap::new(),
            exceptions_read: HashSet::new(),
            exceptions_open: HashSet::new(),
            existing: HashMap::new(),
        };
        // A few campaigns per import: one look-up each.
        for id in distinct(|rows| Some(&rows.campaign_id)) {
            let campaign = db::campaigns::get(conn, id)?;
            if campaign.is_some() {
                facts.definitions.insert(id.to_owned(), caches.definitions.of(conn, id)?);
            }
            facts.campaigns.insert(id.to_owned(), campaign);
        }
        let new_units = distinct(|rows| rows.existing.is_none().then_some(rows.unit_id.as_str()));
        if !new_units.is_empty() {
            facts.units = db::org_units::by_ids(conn, &new_units)?.into_iter().map(|u| (u.id.clone(), u)).collect();
            for campaign in facts.campaigns.keys() {
                let units: Vec<&str> = judged
                    .iter()
                    .filter(|rows| rows.existing.is_none() && rows.campaign_id == *campaign)
                    .map(|rows| rows.unit_id.as_str())
                    .collect();
                let taking_part = db::report_batches::participants(conn, campaign, &units)?;
                facts.participants.insert(campaign.clone(), taking_part);
            }
        }
        let ids = distinct(|rows| rows.existing.as_deref());
        if !ids.is_empty() {
            for (located, values) in db::report_batches::located_with_values(conn, &ids)? {
                let id = located.report.id.clone();
                facts.existing.insert(id, ForMove { located, values, lock_exception_open: None });
            }
        }
        // The labels, and the lock exceptions of the periods locked today.
        let today = crate::domain::day_in_vietnam(now);
        let mut labels = Vec::new();
        let mut locked: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
        for rows in &judged {
            let Some(definition) = facts.definitions.get(&rows.campaign_id) else { continue };
            let Some(period) = definition.periods.iter().find(|p| p.id == rows.period_id) else { continue };
            labels.push((rows.unit_id.as_str(), period.ends_on));
            if period.is_locked_on(today) {
                locked.entry((&rows.campaign_id, &rows.period_id)).or_default().push(&rows.unit_id);
            }
        }
        caches.definitions.read_labels(conn, &labels)?;
        for ((campaign, period), units) in locked {
            for unit in db::report_batches::lock_exceptions_open(conn, campaign, period, &units, now)? {
                facts.exceptions_open.insert((campaign.to_owned(), period.to_owned(), unit));
            }
            facts.exceptions_read.insert((campaign.to_owned(), period.to_owned()));
        }
        let mut existing = std::mem::take(&mut facts.existing);
        for read in existing.values_mut() {
            let report = &read.located.report;
            read.lock_exception_open =
                facts.lock_exception_open(&report.campaign_id, &report.period_id, &report.org_unit_id);
        }
        facts.existing = existing;
        Ok(facts)
    }

    /// The report of `rows`, as read for the batch (404 if it is gone),
    /// or its context if it may be created.
    pub(super) fn found(
        &mut self,
        conn: &mut DbConnection,
        grant: &Grant,
        rows: &ReportRows,
        now: DateTime<Utc>,
    ) -> Result<Found, ApiError> {
        match &rows.existing {
            Some(id) => {
                let read = self.existing.remove(id).ok_or_else(not_found)?;
                loaded(conn, &self.caches.definitions, read, grant).map(|l| Found::Existing(Box::new(l)))
            }
            None => creatable_by(conn, grant, self, &new_of(rows), now).map(Found::New),
        }
    }
}

impl CreationFacts for BatchFacts<'_> {
    fn campaign(&mut self, conn: &mut DbConnection, id: &str) -> Result<Option<(Campaign, String)>, ApiError> {
        match self.campaigns.get(id) {
            Some(campaign) => Ok(campaign.clone()),
            None => Ok(db::campaigns::get(conn, id)?),
        }
    }

    fn unit(&mut self, conn: &mut DbConnection, id: &str) -> Result<Option<OrgUnit>, ApiError> {
        match self.units.get(id) {
            Some(unit) => Ok(Some(unit.clone())),
            None => Ok(db::org_units::get(conn, id)?),
        }
    }

    fn is_participant(&mut self, conn: &mut DbConnection, campaign_id: &str, unit_id: &str) -> Result<bool, ApiError> {
        // Read for every new report's unit of the campaign in the batch.
        match self.participants.get(campaign_id) {
            Some(units) => Ok(units.contains(unit_id)),
            None => Ok(db::campaigns::is_participant(conn, campaign_id, unit_id)?),
        }
    }

    fn definition(&mut self, conn: &mut DbConnection, campaign_id: &str) -> Result<Arc<Definition>, ApiError> {
        match self.definitions.get(campaign_id) {
            Some(definition) => Ok(definition.clone()),
            None => self.caches.definitions.of(conn, campaign_id),
        }
    }

    fn definitions(&self) -> &Definitions {
        &self.caches.definitions
    }

    fn lock_exception_open(&self, campaign_id: &str, period_id: &str, unit_id: &str) -> Option<bool> {
        let key = (campaign_id.to_owned(), period_id.to_owned());
        self.exceptions_read.contains(&key).then(|| self.exceptions_open.contains(&(key.0, key.1, unit_id.to_owned())))
    }
}
