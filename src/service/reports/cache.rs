//! The two caches of the report read and write paths, each a
//! [`BoundedCache`]: campaign definitions past draft, and report answers as
//! sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;

use super::Definition;
use crate::auth::policy::not_found;
use crate::cache::BoundedCache;
use crate::db::{self, DbConnection};
use crate::domain::campaign::CampaignStatus;
use crate::domain::org::OrgKind;
use crate::domain::periods::periods;
use crate::error::ApiError;

/// The definitions of campaigns past draft, kept for the life of the
/// process: a report is then read with two queries (the report with its
/// unit and campaign status, and its values) instead of seven.
///
/// With them, the units' labels on the periods' last days (a report's
/// `org_unit_label`), each kept with the stamp of the units' names it was
/// read under: a reorganisation or a change to a unit raises the stamp
/// ([`Definitions::names_changed`]) and labels and kept report answers are
/// read afresh. (Each process keeps its own; another process's catch up as
/// its caches turn over.)
pub struct Definitions {
    definitions: BoundedCache<String, Arc<Definition>>,
    labels: BoundedCache<(String, NaiveDate), (u64, String)>,
    names: AtomicU64,
}

impl Default for Definitions {
    fn default() -> Self {
        Self {
            definitions: BoundedCache::new(Self::MAX_KEPT),
            labels: BoundedCache::new(Views::MAX_KEPT),
            names: AtomicU64::new(0),
        }
    }
}

impl Definitions {
    /// A bound that no real installation reaches (a few campaigns a year);
    /// past it everything is dropped and read again.
    const MAX_KEPT: usize = 1_000;

    pub(super) fn of(&self, conn: &mut DbConnection, campaign_id: &str) -> Result<Arc<Definition>, ApiError> {
        if let Some(kept) = self.definitions.get(campaign_id) {
            return Ok(kept);
        }
        let (campaign, _) = db::campaigns::get(conn, campaign_id)?.ok_or_else(not_found)?;
        let definition = Arc::new(Definition {
            campaign_id: campaign.id.clone(),
            periods: periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines),
            criteria: db::criteria::of_campaign(conn, campaign_id)?,
            settled: campaign.status != CampaignStatus::Draft,
        });
        // A draft's definition still changes; it is read afresh each time.
        if definition.settled {
            self.definitions.insert(campaign.id, definition.clone());
        }
        Ok(definition)
    }

    /// The names' stamp: read before anything named is built, and kept with it.
    pub(super) fn names(&self) -> u64 {
        self.names.load(Ordering::Acquire)
    }

    /// Units were renamed, moved or reorganised: no kept label or report answer is used again.
    pub fn names_changed(&self) {
        self.names.fetch_add(1, Ordering::AcqRel);
    }

    /// Reads the labels of `wanted` not kept yet, in one go (a bulk
    /// import's batch), so that [`Definitions::label`] then finds them kept.
    pub(super) fn read_labels(&self, conn: &mut DbConnection, wanted: &[(&str, NaiveDate)]) -> Result<(), ApiError> {
        let names = self.names();
        let mut missing: Vec<(&str, NaiveDate)> = wanted
            .iter()
            .filter(|(id, day)| self.labels.get_if(&((*id).to_owned(), *day), |(stamp, _)| *stamp == names).is_none())
            .copied()
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return Ok(());
        }
        let mut found = crate::service::org_units::labels_for(conn, &missing)?;
        for (id, day) in missing {
            let key = (id.to_owned(), day);
            let label = found.remove(&key).map(|(_, label)| label).unwrap_or_default();
            self.labels.insert(key, (names, label));
        }
        Ok(())
    }

    /// The unit's label on `day` (see `service::org_units::labels_for`),
    /// kept while the names are unchanged.
    pub(super) fn label(&self, conn: &mut DbConnection, unit_id: &str, day: NaiveDate) -> Result<String, ApiError> {
        let names = self.names();
        let key = (unit_id.to_owned(), day);
        if let Some((_, label)) = self.labels.get_if(&key, |(stamp, _)| *stamp == names) {
            return Ok(label);
        }
        let label = crate::service::org_units::labels_for(conn, &[(unit_id, day)])?
            .remove(&key)
            .map(|(_, label)| label)
            .unwrap_or_default();
        self.labels.insert(key, (names, label.clone()));
        Ok(label)
    }
}

/// Report answers as sent, kept by everything they are built from that
/// can change: the report's version (raised by every change to the report
/// or its values, in the same transaction), its unit's kind (which decides
/// the applicable criteria), a settled definition (see [`Definition`]) and
/// the units' names, which give the answer its dated `org_unit_label` (the
/// stamp of [`Definitions::names`]).
/// A read then takes one query, for the report's version, path and kind.
pub struct Views(BoundedCache<String, KeptView>);

#[derive(Clone)]
struct KeptView {
    version: i32,
    unit_kind: OrgKind,
    names: u64,
    body: JsonBody,
}

/// A report's answer as JSON, shared (never copied) by every read that sends it.
#[derive(Clone, Debug)]
pub struct JsonBody(Arc<Vec<u8>>);

impl From<Vec<u8>> for JsonBody {
    fn from(json: Vec<u8>) -> Self {
        Self(Arc::new(json))
    }
}

impl AsRef<[u8]> for JsonBody {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Default for Views {
    fn default() -> Self {
        Self(BoundedCache::new(Self::MAX_KEPT))
    }
}

impl Views {
    /// Past it everything is dropped; a few megabytes at most.
    const MAX_KEPT: usize = 10_000;

    pub(super) fn get(&self, located: &db::reports::Located, names: u64) -> Option<JsonBody> {
        let current = |view: &KeptView| {
            view.version == located.report.version && view.unit_kind == located.unit_kind && view.names == names
        };
        self.0.get_if(located.report.id.as_str(), current).map(|view| view.body)
    }

    /// Keeps an answer built from the names as they were at `names`.
    pub(super) fn keep(&self, located: &db::reports::Located, body: JsonBody, names: u64) {
        let view = KeptView { version: located.report.version, unit_kind: located.unit_kind, names, body };
        self.0.insert(located.report.id.clone(), view);
    }
}
