//! Why a unit scored what it did: each figure, the rule, met or not, the
//! points, the report — added up to the unit's line on the scoreboard.

use super::cache::ScoreboardCache;
use super::compute::{BoardRequest, today};
use crate::auth::Action;
use crate::auth::policy::{not_found, results_grant};
use crate::db::scoreboard::{Counted, statuses};
use crate::db::{self, DbConnection};
use crate::domain::accounts::OrgUnit;
use crate::domain::campaign::{Campaign, Criterion};
use crate::domain::report::Target;
use crate::domain::score::rule_text;
use crate::error::ApiError;
use crate::model::scoreboard::{ExplainedReport, ExplainedValue, Explanation, Outcome, Scoreboard, UnitLine};
use crate::service::caller::Caller;
use crate::service::campaigns::visible;

/// Unit `unit_id`'s explanation on campaign `campaign_id`'s scoreboard (for
/// `period` or the whole campaign). A reporter reads its own unit's; other
/// units' only when the campaign's results are public (403 otherwise).
pub fn explain(
    conn: &mut DbConnection,
    caller: &Caller,
    cache: &ScoreboardCache,
    campaign_id: &str,
    unit_id: &str,
    period: Option<&str>,
) -> Result<Explanation, ApiError> {
    let grant = caller.may(Action::ReadScoreboard)?;
    let campaign = visible(conn, campaign_id, grant.within())?;
    let request = BoardRequest {
        campaign: &campaign,
        within: grant.within(),
        period,
        preview: false,
        today: today(),
        with_criteria: false,
    };
    let board = cache.board(conn, &request)?;
    let unit = board.units.iter().find(|u| u.org_unit_id == unit_id).cloned().ok_or_else(not_found)?;
    let unit_row = db::org_units::get(conn, &unit.org_unit_id)?.ok_or_else(not_found)?;
    if results_grant(&caller.principal, grant.clone(), campaign.results_public).check(&unit_row.path).is_err() {
        return Err(ApiError::forbidden("The campaign's results are not public: a unit reads its own explanation."));
    }
    explain_unit(conn, &campaign, &board, unit, &unit_row)
}

pub(super) fn explain_unit(
    conn: &mut DbConnection,
    campaign: &Campaign,
    board: &Scoreboard,
    unit: UnitLine,
    unit_row: &OrgUnit,
) -> Result<Explanation, ApiError> {
    let counted = Counted { campaign_id: &campaign.id, period_ids: &board.periods, statuses: statuses(false) };
    let (values, _) = db::scoreboard::counted_values(conn, &counted, &unit_row.path, Some(&unit.org_unit_id), None)?;
    let reports = db::scoreboard::unit_reports(conn, &campaign.id, &unit.org_unit_id, &board.periods)?;
    let criteria = db::criteria::of_campaign(conn, &campaign.id)?;
    let reported: Vec<&Criterion> = criteria.iter().filter(|c| c.applies_to(unit_row.kind, &unit_row.id)).collect();
    let mut explained = Vec::new();
    for period in &board.periods {
        for c in &reported {
            let target = Target { measure: c.measure, comparator: c.comparator, target: c.target };
            let value = values.iter().find(|v| &v.period_id == period && v.value.criterion_id == c.id);
            let outcome = match value {
                None => Outcome::NoCountedReport,
                Some(v) if v.value.computed.not_applicable => Outcome::NotApplicable,
                Some(v) if v.value.computed.met == Some(true) => Outcome::Met,
                Some(_) => Outcome::NotMet,
            };
            explained.push(ExplainedValue {
                period_id: period.clone(),
                criterion_id: c.id.clone(),
                criterion_code: c.code.clone(),
                title: c.title.clone(),
                rule: rule_text(target),
                weight: c.weight,
                report_id: value.map(|v| v.report_id.clone()),
                figures: value.map(|v| v.value.figures.clone()),
                computed_percentage: value.and_then(|v| v.value.computed.percentage),
                outcome,
                points: if outcome == Outcome::Met { c.weight } else { 0.0 },
                possible_points: if outcome == Outcome::NotApplicable { 0.0 } else { c.weight },
            });
        }
    }
    let counted_statuses = statuses(false);
    Ok(Explanation {
        campaign: board.campaign.clone(),
        period: board.period.clone(),
        periods: board.periods.clone(),
        unit,
        reports: reports
            .into_iter()
            .map(|r| ExplainedReport {
                counted: counted_statuses.contains(&r.status.as_str()),
                period_id: r.period_id,
                report_id: r.id,
                status: r.status,
                first_submitted_at: r.first_submitted_at.map(|t| t.and_utc()),
                on_time: r.submitted_on_time,
            })
            .collect(),
        values: explained,
    })
}
