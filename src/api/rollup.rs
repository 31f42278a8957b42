//! `/api/v1/campaigns/{id}/rollup`: the district's view — every commune
//! below it running the same plan (the same code, or a definition copied
//! from the same original), scored and compared criterion by criterion.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::scoreboard::{CampaignRef, CriterionLine, ReportTally, Request, Scoreboard};
use super::scoreboard_cache::ScoreboardCache;
use crate::auth::{Action, Principal, authorize};
use crate::db::{self, Db};
use crate::domain::periods::periods;
use crate::domain::score::{by_score_desc, ranks, round2, score};
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::service::campaigns::visible;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollupParams {
    /// One period (`2023Q1`); absent: each campaign as a whole.
    pub period: Option<String>,
}

/// The unit that issued a commune's campaign.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Issuer {
    pub id: String,
    pub code: String,
    pub name: String,
}

/// One commune's line in the roll-up.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CommuneLine {
    /// Competition rank by `score`; `null` when nothing was measured.
    pub rank: Option<u32>,
    pub campaign: CampaignRef,
    pub issuer: Issuer,
    /// The periods counted.
    pub periods: Vec<String>,
    /// 100 × weight of the criteria whose commune-wide figure meets the
    /// target ÷ weight of the criteria measured, to 2 decimals.
    pub score: Option<f64>,
    pub criteria_met: i64,
    pub criteria_measured: i64,
    /// The mean of the commune's unit scores.
    pub mean_unit_score: Option<f64>,
    pub units: i64,
    /// The commune's reports, summed over its units.
    pub reports: ReportTally,
}

/// One commune's figure for one criterion.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CommuneFigureLine {
    pub campaign_id: String,
    pub value: Option<f64>,
    pub meets_target: Option<bool>,
    pub met: i64,
    pub values: i64,
}

/// One criterion, commune by commune (matched by criterion code).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CriterionComparison {
    pub code: String,
    pub title: String,
    pub rule: String,
    /// One per commune whose plan has the criterion, in the order of `communes`.
    pub communes: Vec<CommuneFigureLine>,
    /// How many communes meet the target.
    pub communes_meeting: i64,
}

/// The district's roll-up of one plan.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Rollup {
    /// The plan's code, from the campaign asked for.
    pub code: String,
    pub period: Option<String>,
    /// Best first.
    pub communes: Vec<CommuneLine>,
    /// Matched by code, in the order the plans list them.
    pub criteria: Vec<CriterionComparison>,
}

/// Every commune running the same plan as campaign `id`, below the caller's district.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "campaign_rollup",
    description = "The communes below the caller's district whose campaign has the same code as campaign `id` or \
                   was imported from the same original definition, running at the same time (and having the \
                   period asked for): each commune's scoreboard summed up, ranked, and each criterion's \
                   commune-wide figure side by side. Only approved figures count.",
    params(("id" = String, Path, description = "A campaign of the plan"), RollupParams),
    responses((status = 200, description = "The roll-up", body = Rollup)),
)]
#[get("/campaigns/{id}/rollup")]
pub async fn rollup(
    db: web::Data<Db>,
    cache: web::Data<ScoreboardCache>,
    principal: Principal,
    id: web::Path<String>,
    params: Query<RollupParams>,
) -> Result<web::Json<Rollup>, ApiError> {
    let grant = authorize(&principal, Action::ReadRollup)?;
    let id = id.into_inner();
    let period = params.0.period;
    let rollup = db
        .run(move |conn| -> Result<Rollup, ApiError> {
            let scope = grant.within();
            let reference = visible(conn, &id, scope)?;
            let lineage = reference.lineage.clone().unwrap_or_else(|| reference.id.clone());
            let today = crate::domain::now().date_naive();
            let mut boards: Vec<(Scoreboard, Issuer)> = Vec::new();
            for campaign_id in db::scoreboard::family(conn, &reference.code, &lineage, scope)? {
                let Some((campaign, _)) = db::campaigns::get(conn, &campaign_id)? else { continue };
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
                let request = Request {
                    campaign: &campaign,
                    within: scope,
                    period: period.as_deref(),
                    preview: false,
                    today,
                    with_criteria: true,
                };
                boards.push((
                    cache.board(conn, &request)?,
                    Issuer { id: issuer.id, code: issuer.code, name: issuer.name },
                ));
            }
            Ok(roll_up(&reference.code, period, boards))
        })
        .await?;
    Ok(web::Json(rollup))
}

fn roll_up(code: &str, period: Option<String>, boards: Vec<(Scoreboard, Issuer)>) -> Rollup {
    let mut communes: Vec<CommuneLine> = boards
        .iter()
        .map(|(board, issuer)| {
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
                periods: board.periods.clone(),
                score: score(met.iter().map(|c| c.weight).sum(), measured.iter().map(|c| c.weight).sum()),
                criteria_met: count(met.len()),
                criteria_measured: count(measured.len()),
                mean_unit_score: (!unit_scores.is_empty())
                    .then(|| round2(unit_scores.iter().sum::<f64>() / unit_scores.len() as f64)),
                units: count(board.units.len()),
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
        let Some((board, _)) = boards.iter().find(|(b, _)| b.campaign.id == commune.campaign.id) else { continue };
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
        c.communes_meeting = count(c.communes.iter().filter(|x| x.meets_target == Some(true)).count());
    }
    Rollup { code: code.to_owned(), period, communes, criteria }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
