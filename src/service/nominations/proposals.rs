//! Lists drawn from a campaign's nominations and results: the suggestions
//! (who attains each collective award rule, from the approved scoreboard)
//! and the proposal list (danh sách đề nghị).

use std::collections::HashMap;

use super::{Reach, period_of};
use crate::auth::Action;
use crate::auth::policy::{campaign_visible, not_found};
use crate::db::{self, DbConnection};
use crate::domain::campaign::Campaign;
use crate::domain::eligibility::{Results, Verdict, attainment};
use crate::domain::nomination::{NominationStatus, NomineeKind};
use crate::domain::org::within;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::award_rules::AwardRuleView;
use crate::model::nominations::{ProposalLine, ProposalList, SuggestedAward, SuggestedUnit, Suggestions};
use crate::model::scoreboard::CampaignRef;
use crate::service::scoreboard::results::approved_board;
use crate::service::{Caches, Caller};

/// The campaign `id` and its issuer's path, if it reaches the caller (404 otherwise).
fn campaign_in_reach(conn: &mut DbConnection, reach: &Reach, id: &str) -> Result<(Campaign, String), ApiError> {
    match db::campaigns::get(conn, id)? {
        Some((campaign, path)) if campaign_visible(&path, reach.within()) => Ok((campaign, path)),
        _ => Err(not_found()),
    }
}

fn campaign_ref(c: &Campaign) -> CampaignRef {
    CampaignRef { id: c.id.clone(), code: c.code.clone(), title: c.title.clone(), issuer_id: c.issuer_id.clone() }
}

/// The statuses of a nomination that is alive: neither withdrawn nor rejected.
const LIVE: [NominationStatus; 6] = [
    NominationStatus::Draft,
    NominationStatus::Proposed,
    NominationStatus::Posted,
    NominationStatus::Reviewed,
    NominationStatus::Approved,
    NominationStatus::Forwarded,
];

/// For each of the campaign's collective award rules, the units in the
/// caller's reach that attain it on the approved scoreboard of `period`
/// (or the whole campaign), best first, marked when already nominated.
pub fn suggestions(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    campaign_id: &str,
    period: Option<&str>,
) -> Result<Suggestions, ApiError> {
    let reach = Reach::of(caller, Action::ReadNominations)?;
    let (campaign, issuer_path) = campaign_in_reach(conn, &reach, campaign_id)?;
    let board = approved_board(conn, &caches.scoreboards, &campaign, &issuer_path, period)?;
    let paths: HashMap<String, String> =
        db::campaigns::participants(conn, &campaign.id)?.into_iter().map(|u| (u.id, u.path)).collect();
    let mut filter = reach.filter();
    filter.campaign_id = Some(campaign.id.clone());
    filter.period_id = Some(period.map(str::to_owned));
    filter.subject_kind = Some(NomineeKind::Collective.as_str().to_owned());
    filter.statuses = LIVE.iter().map(|s| s.as_str().to_owned()).collect();
    let (nominated, _) = db::nominations::list(conn, &filter, None, false)?;
    let mut rules = Vec::new();
    for rule in db::award_rules::of_campaign(conn, &campaign.id)? {
        if rule.subject_kind != NomineeKind::Collective {
            continue;
        }
        let award = db::awards::get_award_type(conn, &rule.award_type_id)?
            .ok_or_else(|| ApiError::internal(&format!("award rule {} has no award type", rule.id)))?;
        let units = board
            .units
            .iter()
            .filter(|u| paths.get(&u.org_unit_id).is_some_and(|p| within(p, reach.within())))
            .filter(|u| {
                let results = Results {
                    score: u.score,
                    rank: u.rank,
                    met: u.met,
                    applicable: u.applicable,
                    units_ranked: board.units.len(),
                    periods: Vec::new(),
                };
                attainment(Some(&rule), &award.name, NomineeKind::Collective, Some(&results), None).verdict
                    == Verdict::Met
            })
            .map(|u| {
                let nomination_ids: Vec<String> = nominated
                    .iter()
                    .filter(|r| r.nomination.org_unit_id == u.org_unit_id && r.nomination.award_type_id == award.id)
                    .map(|r| r.nomination.id.clone())
                    .collect();
                SuggestedUnit {
                    org_unit_id: u.org_unit_id.clone(),
                    code: u.code.clone(),
                    name: u.name.clone(),
                    score: u.score,
                    rank: u.rank,
                    targets_met: u.met,
                    targets_applicable: u.applicable,
                    already_nominated: !nomination_ids.is_empty(),
                    nomination_ids,
                }
            })
            .collect();
        rules.push(SuggestedAward {
            award_type_name: award.name.clone(),
            issuing_level: award.issuing_level,
            rule: AwardRuleView::from(rule),
            units,
        });
    }
    Ok(Suggestions {
        campaign: campaign_ref(&campaign),
        period: board.period.clone(),
        periods: board.periods.clone(),
        rules,
    })
}

/// The statuses on the proposal list: put forward, not drafts nor withdrawn.
const PROPOSED: [NominationStatus; 6] = [
    NominationStatus::Proposed,
    NominationStatus::Posted,
    NominationStatus::Reviewed,
    NominationStatus::Approved,
    NominationStatus::Rejected,
    NominationStatus::Forwarded,
];

/// The danh sách đề nghị of a campaign (one period's, or every one): no.,
/// name, position and unit, award, summary, status — by award, collectives
/// first, then by name.
pub fn proposal_list(
    conn: &mut DbConnection,
    caller: &Caller,
    campaign_id: &str,
    period: Option<&str>,
) -> Result<ProposalList, ApiError> {
    let reach = Reach::of(caller, Action::ReadNominations)?;
    let (campaign, _) = campaign_in_reach(conn, &reach, campaign_id)?;
    if let Some(asked) = period
        && period_of(&campaign, asked).is_none()
    {
        return Err(ApiError::bad_request(
            ErrorCode::BadQuery,
            format!("The campaign has no period {asked:?}."),
            vec![FieldError::new("period", "unknown_period", "Not a period of this campaign; see its /periods.")],
        ));
    }
    let mut filter = reach.filter();
    filter.campaign_id = Some(campaign.id.clone());
    filter.period_id = period.map(|p| Some(p.to_owned()));
    filter.statuses = PROPOSED.iter().map(|s| s.as_str().to_owned()).collect();
    let (records, _) = db::nominations::list(conn, &filter, None, true)?;
    // A collective's line names the unit it belongs to.
    let mut parents: HashMap<String, String> = HashMap::new();
    let mut items = Vec::new();
    for (i, r) in records.into_iter().enumerate() {
        let n = r.nomination;
        let (name, position_unit) = match n.subject_kind {
            NomineeKind::Individual => {
                let position = r.person_position.unwrap_or_default();
                let position_unit =
                    if position.is_empty() { r.unit_name.clone() } else { format!("{position}, {}", r.unit_name) };
                (r.person_name.unwrap_or_default(), position_unit)
            }
            NomineeKind::Collective => {
                let parent = match parents.get(&n.org_unit_id) {
                    Some(name) => name.clone(),
                    None => {
                        let parent_id = db::org_units::get(conn, &n.org_unit_id)?.and_then(|u| u.parent_id);
                        let name = match parent_id {
                            Some(id) => db::org_units::get(conn, &id)?.map(|p| p.name).unwrap_or_default(),
                            None => String::new(),
                        };
                        parents.insert(n.org_unit_id.clone(), name.clone());
                        name
                    }
                };
                (r.unit_name.clone(), parent)
            }
        };
        items.push(ProposalLine {
            no: u32::try_from(i + 1).unwrap_or(u32::MAX),
            nomination_id: n.id,
            subject_kind: n.subject_kind,
            name,
            position_unit,
            award_type_id: n.award_type_id,
            award: r.award_type_name,
            period_id: n.period_id,
            summary: n.summary,
            status: n.status,
        });
    }
    Ok(ProposalList {
        campaign: campaign_ref(&campaign),
        period: period.map(str::to_owned),
        generated_at: crate::domain::now(),
        items,
    })
}
