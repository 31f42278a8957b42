//! The facts the eligibility rules read, gathered for one nomination, and
//! the rules' verdicts (`domain::eligibility`) as the API explains them.

use chrono::NaiveDate;

use super::{Reach, achievement_dates, campaign_of, reachable};
use crate::auth::Action;
use crate::db::nominations::Record;
use crate::db::{self, DbConnection};
use crate::domain::eligibility::{Facts, Results, RuleOutcome, evaluate, overall};
use crate::domain::nomination::NomineeKind;
use crate::error::ApiError;
use crate::model::nominations::{EligibilityView, RuleView};
use crate::service::award_rules::bar_of;
use crate::service::scoreboard::results::approved_board;
use crate::service::{Caches, Caller};

/// Every rule, judged for `record` on `today`.
pub fn judge(
    conn: &mut DbConnection,
    caches: &Caches,
    record: &Record,
    today: NaiveDate,
) -> Result<Vec<RuleOutcome>, ApiError> {
    let n = &record.nomination;
    let (campaign, issuer_path) = campaign_of(conn, record)?;
    let award = db::awards::get_award_type(conn, &n.award_type_id)?
        .ok_or_else(|| ApiError::internal(&format!("nomination {} has no award type", n.id)))?;
    let rule = db::award_rules::rule_for(conn, &campaign.id, &n.award_type_id, n.subject_kind.as_str())?;
    let board = approved_board(conn, &caches.scoreboards, &campaign, &issuer_path, n.period_id.as_deref())?;
    let results = board.units.iter().find(|u| u.org_unit_id == n.org_unit_id).map(|u| Results {
        score: u.score,
        rank: u.rank,
        met: u.met,
        applicable: u.applicable,
        units_ranked: board.units.len(),
        periods: board.periods.clone(),
    });
    let bar = bar_of(conn, &campaign.id)?;
    let complaints = match (n.subject_kind, &n.person_id) {
        (NomineeKind::Individual, Some(person)) => db::eligibility_facts::complaints_about_person(conn, person)?,
        _ => db::eligibility_facts::complaints_within(conn, &record.unit_path)?,
    };
    let others = db::eligibility_facts::same_achievement(conn, n)?;
    let feedback_count = db::nomination_history::feedback_count(conn, &n.id)?;
    Ok(evaluate(&Facts {
        kind: n.subject_kind,
        award: &award,
        rule: rule.as_ref(),
        results: results.as_ref(),
        task_rating: n.task_rating,
        bar: &bar,
        achievement: achievement_dates(&campaign, n.period_id.as_deref()),
        complaints: &complaints,
        others: &others,
        forwarded: n.forwarded_at.is_some(),
        council_result: n.council_result,
        posted_on: n.posted_on,
        posted_until: n.posted_until,
        feedback_count,
        today,
    }))
}

/// Every rule the nomination is checked against, judged today and explained.
pub fn eligibility(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    id: &str,
) -> Result<EligibilityView, ApiError> {
    let reach = Reach::of(caller, Action::ReadNominations)?;
    let record = reachable(conn, &reach, id)?;
    let today = crate::domain::today();
    let outcomes = judge(conn, caches, &record, today)?;
    let outcome = overall(&outcomes);
    Ok(EligibilityView {
        nomination_id: record.nomination.id.clone(),
        status: record.nomination.status,
        evaluated_on: today,
        outcome,
        eligible: outcome == crate::domain::eligibility::Verdict::Met,
        rules: outcomes.into_iter().map(RuleView::from).collect(),
    })
}
