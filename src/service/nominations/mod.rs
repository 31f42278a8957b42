//! Nominations (đề nghị khen thưởng): the record (`records`), its workflow
//! (`workflow`), the public's feedback while posted (`feedback`), the
//! eligibility rules with the facts they read (`eligibility`), and the
//! lists drawn from the results (`proposals`: suggestions, the proposal
//! list).
//!
//! Who sees a nomination: the office, the chairman and admins inside their
//! grant; a reporter its own unit's (its grant is its unit); the superior
//! level only those forwarded to it (`auth::policy::forwarded_nominations_only`).
//! Anything else answers 404.

pub mod eligibility;
pub mod feedback;
pub mod proposals;
pub mod records;
pub mod workflow;

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Caller;
use crate::auth::Action;
use crate::auth::policy::{forwarded_nominations_only, not_found};
use crate::db::nominations::{Filter, Record};
use crate::db::{self, DbConnection};
use crate::domain::campaign::Campaign;
use crate::domain::day_in_vietnam;
use crate::domain::org::within;
use crate::domain::periods::{Period, periods};
use crate::error::ApiError;
use crate::model::nominations::NominationView;

/// Where a caller may see or act on nominations for one action.
pub(crate) struct Reach {
    within: String,
    forwarded_only: bool,
}

impl Reach {
    /// Authorises `action` and says where it reaches.
    pub(crate) fn of(caller: &Caller, action: Action) -> Result<Self, ApiError> {
        let grant = caller.may(action)?;
        Ok(Self { within: grant.within().to_owned(), forwarded_only: forwarded_nominations_only(&caller.principal) })
    }

    pub(crate) fn within(&self) -> &str {
        &self.within
    }

    fn admits(&self, record: &Record) -> bool {
        within(&record.unit_path, &self.within) && (!self.forwarded_only || record.nomination.forwarded_at.is_some())
    }

    /// A list filter holding only what the reach admits.
    fn filter(&self) -> Filter {
        Filter { within: self.within.clone(), forwarded_only: self.forwarded_only, ..Filter::default() }
    }
}

/// The nomination `id` if the reach admits it; 404 otherwise.
fn reachable(conn: &mut DbConnection, reach: &Reach, id: &str) -> Result<Record, ApiError> {
    db::nominations::get(conn, id)?.filter(|r| reach.admits(r)).ok_or_else(not_found)
}

/// A nomination's campaign and its issuer's path.
fn campaign_of(conn: &mut DbConnection, record: &Record) -> Result<(Campaign, String), ApiError> {
    db::campaigns::get(conn, &record.nomination.campaign_id)?
        .ok_or_else(|| ApiError::internal(&format!("nomination {} has no campaign", record.nomination.id)))
}

/// The campaign's period `id`.
fn period_of(campaign: &Campaign, id: &str) -> Option<Period> {
    periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines)
        .into_iter()
        .find(|p| p.id == id)
}

/// The achievement's first and last day: its period's, or the campaign's.
fn achievement_dates(campaign: &Campaign, period_id: Option<&str>) -> (NaiveDate, NaiveDate) {
    match period_id.and_then(|id| period_of(campaign, id)) {
        Some(p) => (p.starts_on, p.ends_on),
        None => (campaign.starts_on, campaign.ends_on),
    }
}

/// A nomination as the API shows it: see [`views`].
pub(crate) fn view(conn: &mut DbConnection, record: Record) -> Result<NominationView, ApiError> {
    Ok(views(conn, vec![record])?.remove(0))
}

/// Nominations with their units named as they were on the achievement's
/// last day — its period's, or its campaign's (`service::org_units::labels_for`):
/// one read per campaign on the page, three for the names.
pub(crate) fn views(conn: &mut DbConnection, records: Vec<Record>) -> Result<Vec<NominationView>, ApiError> {
    let mut campaigns: HashMap<String, Campaign> = HashMap::new();
    for record in &records {
        let id = &record.nomination.campaign_id;
        if !campaigns.contains_key(id)
            && let Some((campaign, _)) = db::campaigns::get(conn, id)?
        {
            campaigns.insert(id.clone(), campaign);
        }
    }
    let mut views: Vec<NominationView> = records.into_iter().map(NominationView::from).collect();
    let days: Vec<NaiveDate> = views
        .iter()
        .map(|v| match campaigns.get(&v.campaign_id) {
            Some(campaign) => achievement_dates(campaign, v.period_id.as_deref()).1,
            None => day_in_vietnam(v.created_at),
        })
        .collect();
    let labels = {
        let wanted: Vec<(&str, NaiveDate)> =
            views.iter().zip(&days).map(|(v, day)| (v.org_unit_id.as_str(), *day)).collect();
        crate::service::org_units::labels_for(conn, &wanted)?
    };
    for (view, day) in views.iter_mut().zip(days) {
        if let Some((name, label)) = labels.get(&(view.org_unit_id.clone(), day)) {
            view.org_unit_name.clone_from(name);
            view.org_unit_label.clone_from(label);
        }
    }
    Ok(views)
}

impl From<Record> for NominationView {
    fn from(r: Record) -> Self {
        let n = r.nomination;
        Self {
            id: n.id,
            campaign_id: n.campaign_id,
            period_id: n.period_id,
            subject_kind: n.subject_kind,
            org_unit_id: n.org_unit_id,
            org_unit_name: r.unit_name,
            // Dated by `views`, which has the database.
            org_unit_label: String::new(),
            person_id: n.person_id,
            person_name: r.person_name,
            person_position: r.person_position,
            award_type_id: n.award_type_id,
            award_type_code: r.award_type_code,
            award_type_name: r.award_type_name,
            issuing_level: r.issuing_level,
            summary: n.summary,
            achievement_text: n.achievement_text,
            task_rating: n.task_rating,
            status: n.status,
            posted_on: n.posted_on,
            posted_until: n.posted_until,
            council_meeting_id: n.council_meeting_id,
            council_result: n.council_result,
            decided_by: n.decided_by,
            decided_at: n.decided_at,
            decision_reason: n.decision_reason,
            override_reason: n.override_reason,
            forwarded_at: n.forwarded_at,
            superior_decision_number: n.superior_decision_number,
            superior_decision_on: n.superior_decision_on,
            superior_decision_issuer: n.superior_decision_issuer,
            version: n.version,
            created_by: n.created_by,
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}
