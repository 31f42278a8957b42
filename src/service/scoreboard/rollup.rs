//! The district's view of a plan: every commune below it running the same
//! plan (the same code, or a definition copied from the same original),
//! scored and compared criterion by criterion.

use std::sync::Arc;

use super::cache::ScoreboardCache;
use super::compute::{BoardRequest, today};
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::domain::periods::periods;
use crate::domain::score::{by_score_desc, ranks, round2, score};
use crate::error::ApiError;
use crate::model::scoreboard::{
    CommuneFigureLine, CommuneLine, CriterionComparison, CriterionLine, Issuer, ReportTally, Rollup, Scoreboard,
};
use crate::service::caller::Caller;
use crate::service::campaigns::reached;
use crate::service::org_units::labels_on;

/// One commune's board and the unit that issued its campaign.
struct CommuneBoard {
    board: Arc<Scoreboard>,
    issuer: Issuer,
    successor: Option<Issuer>,
}

/// The unit inside `scope` that carries on the work of unit `id`, following
/// its successors (a few reorganisations at most).
fn successor_within(
    conn: &mut DbConnection,
    id: &str,
    scope: &str,
) -> Result<Option<crate::domain::accounts::OrgUnit>, ApiError> {
    let mut current = vec![id.to_owned()];
    for _ in 0..8 {
        let ids: Vec<&str> = current.iter().map(String::as_str).collect();
        let next: Vec<String> = db::org_units::lineage(conn, &ids)?
            .into_iter()
            .filter(|(p, _)| current.contains(p))
            .map(|(_, s)| s)
            .collect();
        for successor in &next {
            if let Some(unit) = db::org_units::get(conn, successor)?.filter(|u| u.path.starts_with(scope)) {
                return Ok(Some(unit));
            }
        }
        if next.is_empty() {
            break;
        }
        current = next;
    }
    Ok(None)
}

/// Every commune running the same plan as campaign `campaign_id`, below the
/// caller's district, running at the same time and having `period` (when one
/// is asked for).
pub fn rollup(
    conn: &mut DbConnection,
    caller: &Caller,
    cache: &ScoreboardCache,
    campaign_id: &str,
    period: Option<String>,
) -> Result<Rollup, ApiError> {
    let grant = caller.may(Action::ReadRollup)?;
    let (reference, _) = reached(conn, campaign_id, &grant)?;
    let lineage = reference.lineage.clone().unwrap_or_else(|| reference.id.clone());
    let today = today();
    let mut boards: Vec<CommuneBoard> = Vec::new();
    // The communes of the caller's scope, then those its communes succeeded
    // (by lineage: a merged commune's results count under its successor).
    let mut found: Vec<(String, String)> = Vec::new();
    for subtree in grant.subtrees() {
        for id in db::scoreboard::family(conn, &reference.code, &lineage, subtree)? {
            if !found.iter().any(|(known, _)| *known == id) {
                found.push((id, subtree.to_owned()));
            }
        }
    }
    for (commune_campaign_id, scope) in found {
        let scope = scope.as_str();
        let Some((campaign, _)) = db::campaigns::get(conn, &commune_campaign_id)? else { continue };
        // Running at the same time: last year's edition of the plan is not a commune of this one.
        if campaign.ends_on < reference.starts_on || campaign.starts_on > reference.ends_on {
            continue;
        }
        let has_period = period.as_ref().is_none_or(|asked| {
            periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines)
                .iter()
                .any(|p| &p.id == asked)
        });
        if !has_period {
            continue;
        }
        let Some(issuer) = db::org_units::get(conn, &campaign.issuer_id)? else { continue };
        let request = BoardRequest {
            campaign: &campaign,
            within: scope,
            period: period.as_deref(),
            preview: false,
            today,
            with_criteria: true,
        };
        // Named as it was when its campaign ran, and — when it closed since —
        // by the unit of the caller's scope that carries on its work.
        let successor =
            if scope == grant.within() { None } else { successor_within(conn, &issuer.id, grant.within())? };
        let named = labels_on(conn, std::slice::from_ref(&issuer), campaign.ends_on)?;
        let (name, code, _) =
            named.get(&issuer.id).cloned().unwrap_or((issuer.name.clone(), issuer.code.clone(), String::new()));
        boards.push(CommuneBoard {
            board: cache.board(conn, &request)?,
            issuer: Issuer { id: issuer.id, code, name },
            successor: successor.map(|u| Issuer { id: u.id, code: u.code, name: u.name }),
        });
    }
    Ok(roll_up(&reference.code, period, boards))
}

/// The communes' boards summed up and ranked, and each criterion's commune-wide figures side by side.
fn roll_up(code: &str, period: Option<String>, boards: Vec<CommuneBoard>) -> Rollup {
    let mut communes: Vec<CommuneLine> = boards
        .iter()
        .map(|CommuneBoard { board, issuer, successor }| {
            let measured: Vec<&CriterionLine> = board.criteria.iter().filter(|c| c.meets_target.is_some()).collect();
            let met: Vec<&&CriterionLine> = measured.iter().filter(|c| c.meets_target == Some(true)).collect();
            let unit_scores: Vec<f64> = board.units.iter().filter_map(|u| u.score).collect();
            let mut reports = ReportTally::default();
            for u in &board.units {
                reports.expected += u.reports.expected;
                reports.submitted += u.reports.submitted;
                reports.on_time += u.reports.on_time;
                reports.approved += u.reports.approved;
                reports.awaiting_review += u.reports.awaiting_review;
            }
            CommuneLine {
                rank: None,
                campaign: board.campaign.clone(),
                issuer: Issuer { id: issuer.id.clone(), code: issuer.code.clone(), name: issuer.name.clone() },
                successor: successor.as_ref().map(|s| Issuer {
                    id: s.id.clone(),
                    code: s.code.clone(),
                    name: s.name.clone(),
                }),
                periods: board.periods.clone(),
                score: score(met.iter().map(|c| c.weight).sum(), measured.iter().map(|c| c.weight).sum()),
                criteria_met: as_count(met.len()),
                criteria_measured: as_count(measured.len()),
                mean_unit_score: (!unit_scores.is_empty())
                    .then(|| round2(unit_scores.iter().sum::<f64>() / unit_scores.len() as f64)),
                units: as_count(board.units.len()),
                reports,
            }
        })
        .collect();
    communes.sort_by(|a, b| by_score_desc(a.score, b.score).then_with(|| a.issuer.code.cmp(&b.issuer.code)));
    let scores: Vec<Option<f64>> = communes.iter().map(|c| c.score).collect();
    for (line, rank) in communes.iter_mut().zip(ranks(&scores)) {
        line.rank = rank;
    }

    // Criteria by code, in the order the plans list them; communes in rank order.
    let mut criteria: Vec<CriterionComparison> = Vec::new();
    for commune in &communes {
        let Some(CommuneBoard { board, .. }) = boards.iter().find(|b| b.board.campaign.id == commune.campaign.id)
        else {
            continue;
        };
        for c in &board.criteria {
            let line = CommuneFigureLine {
                campaign_id: board.campaign.id.clone(),
                value: c.value,
                meets_target: c.meets_target,
                met: c.met,
                values: c.values,
            };
            match criteria.iter_mut().find(|x| x.code == c.code) {
                Some(existing) => existing.communes.push(line),
                None => criteria.push(CriterionComparison {
                    code: c.code.clone(),
                    title: c.title.clone(),
                    rule: c.rule.clone(),
                    communes: vec![line],
                    communes_meeting: 0,
                }),
            }
        }
    }
    for c in &mut criteria {
        c.communes_meeting = as_count(c.communes.iter().filter(|x| x.meets_target == Some(true)).count());
    }
    Rollup { code: code.to_owned(), period, communes, criteria }
}

/// A number of lines as the wire's integer.
fn as_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
