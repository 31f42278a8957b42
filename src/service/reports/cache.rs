//! The two caches of the report read and write paths, each a
//! [`BoundedCache`]: campaign definitions past draft, and report answers as
//! sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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
pub struct Definitions(BoundedCache<String, Arc<Definition>>);

impl Default for Definitions {
    fn default() -> Self {
        Self(BoundedCache::new(Self::MAX_KEPT))
    }
}

impl Definitions {
    /// A bound that no real installation reaches (a few campaigns a year);
    /// past it everything is dropped and read again.
    const MAX_KEPT: usize = 1_000;

    pub(super) fn of(&self, conn: &mut DbConnection, campaign_id: &str) -> Result<Arc<Definition>, ApiError> {
        if let Some(kept) = self.0.get(campaign_id) {
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
            self.0.insert(campaign.id, definition.clone());
        }
        Ok(definition)
    }
}

/// Report answers as sent, kept by everything they are built from that
/// can change: the report's version (raised by every change to the report
/// or its values, in the same transaction), its unit's kind (which decides
/// the applicable criteria), a settled definition (see [`Definition`]) and
/// the units' names, which give the answer its dated `org_unit_label`: a
/// reorganisation or a unit's change of name raises [`Views::names_changed`]
/// and every kept answer is built afresh. (Each process keeps its own
/// answers; another process's kept labels catch up as its cache turns over.)
/// A read then takes one query, for the report's version, path and kind.
pub struct Views {
    kept: BoundedCache<String, KeptView>,
    names: AtomicU64,
}

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
        Self { kept: BoundedCache::new(Self::MAX_KEPT), names: AtomicU64::new(0) }
    }
}

impl Views {
    /// Past it everything is dropped; a few megabytes at most.
    const MAX_KEPT: usize = 10_000;

    pub(super) fn get(&self, located: &db::reports::Located) -> Option<JsonBody> {
        let names = self.names();
        let current = |view: &KeptView| {
            view.version == located.report.version && view.unit_kind == located.unit_kind && view.names == names
        };
        self.kept.get_if(located.report.id.as_str(), current).map(|view| view.body)
    }

    /// The names' stamp, read before an answer is built and given to [`Views::keep`].
    pub(super) fn names(&self) -> u64 {
        self.names.load(Ordering::Acquire)
    }

    /// Keeps an answer built from the names as they were at `names`.
    pub(super) fn keep(&self, located: &db::reports::Located, body: JsonBody, names: u64) {
        let view = KeptView { version: located.report.version, unit_kind: located.unit_kind, names, body };
        self.kept.insert(located.report.id.clone(), view);
    }

    /// Units were renamed, moved or reorganised: no kept answer is sent again.
    pub fn names_changed(&self) {
        self.names.fetch_add(1, Ordering::AcqRel);
    }
}
