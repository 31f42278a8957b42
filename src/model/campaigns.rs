//! Campaigns as the API shows them: the campaign, its participants, periods
//! and lock exceptions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::campaign::{Campaign, CampaignStatus};
use crate::domain::periods::{Period, PeriodType};

/// A campaign.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignView {
    pub id: String,
    /// The plan's number, e.g. `05/KH-UBND`.
    pub code: String,
    pub title: String,
    /// The issuing unit (a commune or a district).
    pub issuer_id: String,
    /// The issuer named as it was on `issued_on`, with its parents — as the
    /// plan's own heading writes it, even after a merger or a rename:
    /// `Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định`.
    pub issuer_label: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: PeriodType,
    /// Căn cứ: the legal bases, one per entry.
    pub legal_bases: Vec<String>,
    pub description: String,
    pub status: CampaignStatus,
    /// Reports are due this many days after a period ends.
    pub submission_days: u32,
    /// A period locks this many days after it ends.
    pub lock_days: u32,
    /// Whether every participant may see every unit's results.
    pub results_public: bool,
    /// The original campaign whose definition this one was imported from
    /// (`null` for an original). Communes sharing a code or a lineage are
    /// rolled up together for the district.
    pub lineage: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Campaign> for CampaignView {
    fn from(c: Campaign) -> Self {
        Self {
            id: c.id,
            code: c.code,
            title: c.title,
            issuer_id: c.issuer_id,
            // Named by `service::campaigns::view`, which has the database.
            issuer_label: String::new(),
            issued_on: c.issued_on,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            period_type: c.period_type,
            legal_bases: c.legal_bases,
            description: c.description,
            status: c.status,
            submission_days: c.deadlines.submission_days,
            lock_days: c.deadlines.lock_days,
            results_public: c.results_public,
            lineage: c.lineage,
            version: c.version,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignFilter {
    pub status: Option<CampaignStatus>,
    /// Only campaigns with this code, e.g. `05/KH-UBND`.
    pub code: Option<String>,
    /// Only campaigns whose code or title holds this text, compared without diacritics or case: `dai thang` finds
    /// "Xã Đại Thắng", `d` finds `đ`. At most 100 characters; blank: no filter.
    #[param(max_length = 100, example = "cai cach hanh chinh")]
    pub q: Option<String>,
    /// Only records changed at or after this instant (RFC 3339): what an
    /// integration syncs since its last call.
    #[serde(default, deserialize_with = "super::time::rfc3339_opt")]
    pub updated_since: Option<DateTime<Utc>>,
}

/// A campaign's definition as the service checks it, from a creation
/// (`NewCampaign`), a change (`CampaignChanges`) or an imported definition:
/// fields absent stay as they are, or are required on creation.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CampaignInput {
    pub code: Option<String>,
    pub title: Option<String>,
    pub issuer_id: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub period_type: Option<PeriodType>,
    pub legal_bases: Option<Vec<String>>,
    pub description: Option<String>,
    pub submission_days: Option<u32>,
    pub lock_days: Option<u32>,
    pub results_public: Option<bool>,
}

/// A new draft campaign. The fields the document marks required are
/// checked by the service, which names every one missing in one 422; they
/// are read as options so that it can.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCampaign {
    #[schema(value_type = String, pattern = r"^[A-Za-z0-9._/-]{1,50}$", example = "05/KH-UBND")]
    pub code: Option<String>,
    #[schema(value_type = String, min_length = 1, max_length = 500)]
    pub title: Option<String>,
    /// The issuing unit: a commune, district or province in the caller's scope. Fixed once created.
    #[schema(value_type = String)]
    pub issuer_id: Option<String>,
    #[schema(value_type = NaiveDate)]
    pub issued_on: Option<NaiveDate>,
    #[schema(value_type = NaiveDate)]
    pub starts_on: Option<NaiveDate>,
    /// Not before `starts_on`, at most ten years after it.
    #[schema(value_type = NaiveDate)]
    pub ends_on: Option<NaiveDate>,
    #[schema(value_type = PeriodType)]
    pub period_type: Option<PeriodType>,
    /// Căn cứ: the legal bases, one per entry (none when absent).
    pub legal_bases: Option<Vec<String>>,
    pub description: Option<String>,
    /// Days after a period's end when reports are due (default 5).
    #[schema(minimum = 0, maximum = 365)]
    pub submission_days: Option<u32>,
    /// Days after a period's end when it locks (default 15; not before the due day).
    #[schema(minimum = 0, maximum = 366)]
    pub lock_days: Option<u32>,
    /// Default `false`.
    pub results_public: Option<bool>,
}

impl From<NewCampaign> for CampaignInput {
    fn from(n: NewCampaign) -> Self {
        let NewCampaign {
            code,
            title,
            issuer_id,
            issued_on,
            starts_on,
            ends_on,
            period_type,
            legal_bases,
            description,
            submission_days,
            lock_days,
            results_public,
        } = n;
        Self {
            code,
            title,
            issuer_id,
            issued_on,
            starts_on,
            ends_on,
            period_type,
            legal_bases,
            description,
            submission_days,
            lock_days,
            results_public,
        }
    }
}

/// Changes to a draft campaign: absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CampaignChanges {
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$", example = "05/KH-UBND")]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 500)]
    pub title: Option<String>,
    /// Read only to be refused (`issuer_id`, `fixed`): an issuer is fixed once created.
    #[schema(ignore)]
    pub issuer_id: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    /// Not before `starts_on`, at most ten years after it.
    pub ends_on: Option<NaiveDate>,
    pub period_type: Option<PeriodType>,
    /// Căn cứ: the legal bases, one per entry.
    pub legal_bases: Option<Vec<String>>,
    pub description: Option<String>,
    /// Days after a period's end when reports are due.
    #[schema(minimum = 0, maximum = 365)]
    pub submission_days: Option<u32>,
    /// Days after a period's end when it locks (not before the due day).
    #[schema(minimum = 0, maximum = 366)]
    pub lock_days: Option<u32>,
    pub results_public: Option<bool>,
}

impl From<CampaignChanges> for CampaignInput {
    fn from(c: CampaignChanges) -> Self {
        let CampaignChanges {
            code,
            title,
            issuer_id,
            issued_on,
            starts_on,
            ends_on,
            period_type,
            legal_bases,
            description,
            submission_days,
            lock_days,
            results_public,
        } = c;
        Self {
            code,
            title,
            issuer_id,
            issued_on,
            starts_on,
            ends_on,
            period_type,
            legal_bases,
            description,
            submission_days,
            lock_days,
            results_public,
        }
    }
}

/// The participants of a draft campaign.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ParticipantsInput {
    /// Units inside the issuer's subtree, by id or by code.
    pub org_units: Vec<String>,
}

/// A reporting period.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PeriodView {
    /// `2023`, `2023S1`, `2023Q1` or `2023M02`.
    #[schema(example = "2023Q1")]
    pub id: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Shorter than its calendar period: the campaign starts or ends inside it.
    pub partial: bool,
    /// Reports are due by the end of this day.
    pub due_on: NaiveDate,
    /// After this day the period is locked.
    pub locks_after: NaiveDate,
    /// Whether it is locked today (UTC).
    pub locked: bool,
}

impl PeriodView {
    /// The period `p` as seen on `today`.
    pub fn new(p: Period, today: NaiveDate) -> Self {
        Self {
            locked: p.is_locked_on(today),
            id: p.id,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            partial: p.partial,
            due_on: p.due_on,
            locks_after: p.locks_after,
        }
    }
}

/// A lock exception: one unit may work in one locked period until it expires.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LockExceptionView {
    pub id: String,
    pub period_id: String,
    pub org_unit_id: String,
    pub reason: String,
    pub expires_at: DateTime<Utc>,
    /// The user who opened it.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// A new lock exception.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LockExceptionInput {
    #[schema(example = "2023Q1")]
    pub period_id: String,
    /// A participant of the campaign.
    pub org_unit_id: String,
    /// Why the unit may still work in the locked period.
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
    /// When the exception ends: in the future, within 90 days.
    #[serde(deserialize_with = "super::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}
