//! Computing a scoreboard from the database: a few grouped queries (the sums
//! stay in SQL), then the rules of `domain::score`. No authorisation and no
//! cache here: the use cases in `board`, `explain`, `values` and `rollup`
//! decide who may ask, and `cache` keeps what this computes.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::db::campaigns::Participant;
use crate::db::scoreboard::{Counted, ReportCounts, statuses};
use crate::db::unit_totals::UnitTotals;
use crate::db::{self, DbConnection};
use crate::domain::campaign::{Campaign, Measure};
use crate::domain::org::within;
use crate::domain::periods::{Period, periods};
use crate::domain::report::Target;
use crate::domain::score::{
    CriterionTally, UnitTally, by_score_desc, commune_figure, counted_periods, ranks, round2, rule_text, unit_score,
};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::scoreboard::{CampaignRef, CriterionLine, ReportTally, Scoreboard, UnitLine};

/// What a scoreboard is computed over.
pub struct BoardRequest<'a> {
    pub campaign: &'a Campaign,
    /// Units and figures inside this subtree.
    pub within: &'a str,
    pub period: Option<&'a str>,
    pub preview: bool,
    pub today: NaiveDate,
    /// Whether to compute the criteria's commune-wide figures (an explanation needs only the units).
    pub with_criteria: bool,
}

/// The periods a request counts; 400 naming `period` when the campaign has no such period.
pub fn periods_of(conn: &mut DbConnection, r: &BoardRequest<'_>) -> Result<Vec<Period>, ApiError> {
    let c = r.campaign;
    let all = periods(c.period_type, c.starts_on, c.ends_on, c.deadlines);
    match r.period {
        Some(asked) => match all.into_iter().find(|p| p.id == asked) {
            Some(period) => Ok(vec![period]),
            None => Err(ApiError::bad_request(
                ErrorCode::BadQuery,
                format!("The campaign has no period {asked:?}."),
                vec![FieldError::new("period", "unknown_period", "Not a period of this campaign; see its /periods.")],
            )),
        },
        None => {
            // A period due before today counts whatever it holds: only the
            // others are looked for among the reports.
            let open: Vec<String> = all.iter().filter(|p| p.due_on >= r.today).map(|p| p.id.clone()).collect();
            let with_results = match open.is_empty() {
                true => Vec::new(),
                false => db::scoreboard::periods_with_results(conn, &c.id, &open, statuses(r.preview))?,
            };
            Ok(counted_periods(&all, r.today, &with_results))
        }
    }
}

/// Computes a scoreboard of `participants` (all the campaign's, as
/// `cache` keeps them): a few grouped queries, then the rules of `domain::score`.
pub fn compute(
    conn: &mut DbConnection,
    r: &BoardRequest<'_>,
    participants: &[Participant],
) -> Result<Scoreboard, ApiError> {
    let campaign = r.campaign;
    let counted_periods = periods_of(conn, r)?;
    let period_ids: Vec<String> = counted_periods.iter().map(|p| p.id.clone()).collect();
    let counted = Counted { campaign_id: &campaign.id, period_ids: &period_ids, statuses: statuses(r.preview) };
    let units: Vec<(&Participant, Tallied)> =
        tallied(conn, r, &counted, participants)?.into_iter().filter(|(u, _)| within(&u.path, r.within)).collect();
    let criteria = db::criteria::of_campaign(conn, &campaign.id)?;
    let all_inside = units.len() == participants.len();
    let criterion_tallies: HashMap<String, CriterionTally> = match (r.with_criteria, r.preview, all_inside) {
        (false, ..) => HashMap::new(),
        // Approved figures of every participant: the totals kept at each approval.
        (true, false, true) => db::scoreboard::approved_tallies(conn, &campaign.id, &period_ids)?.into_iter().collect(),
        // A preview, or a caller who sees only some participants: summed from the values.
        (true, ..) => {
            db::scoreboard::criterion_tallies(conn, &counted, (!all_inside).then_some(r.within))?.into_iter().collect()
        }
    };

    // Each unit named as it was when the counted periods ended: a unit
    // renamed since keeps, on this board, the name its reports were made under.
    let named_on = counted_periods.last().map_or(campaign.ends_on, |p| p.ends_on);
    let mut names: HashMap<String, (String, String)> =
        db::org_units::participant_names_on(conn, &campaign.id, named_on)?
            .into_iter()
            .map(|(id, name, code)| (id, (name, code)))
            .collect();
    let n_periods = i64::try_from(period_ids.len()).unwrap_or(i64::MAX);
    // How many of the units each criterion applies to, counted as the lines are made.
    let mut reporting = vec![0_i64; criteria.len()];
    let mut lines: Vec<UnitLine> = units
        .into_iter()
        .map(|(unit, (tally, c))| {
            let (mut n, mut weight) = (0_i64, 0.0_f64);
            for (criterion, reporting) in criteria.iter().zip(reporting.iter_mut()) {
                if criterion.applies_to(unit.kind, &unit.id) {
                    n += 1;
                    weight += criterion.weight;
                    *reporting += 1;
                }
            }
            let s = unit_score(n, weight, n_periods, tally);
            let (name, code) = names.remove(&unit.id).unwrap_or_else(|| (unit.name.clone(), unit.code.clone()));
            UnitLine {
                rank: None,
                org_unit_id: unit.id.clone(),
                code,
                name,
                kind: unit.kind,
                score: s.score,
                met: s.met,
                applicable: s.applicable,
                not_applicable: s.not_applicable,
                met_weight: round2(s.met_weight),
                applicable_weight: round2(s.applicable_weight),
                reports: ReportTally {
                    expected: n_periods,
                    submitted: c.submitted,
                    on_time: c.on_time,
                    approved: c.approved,
                    awaiting_review: c.awaiting_review,
                },
            }
        })
        .collect();
    lines.sort_by(|a, b| by_score_desc(a.score, b.score).then_with(|| a.code.cmp(&b.code)));
    let scores: Vec<Option<f64>> = lines.iter().map(|l| l.score).collect();
    for (line, rank) in lines.iter_mut().zip(ranks(&scores)) {
        line.rank = rank;
    }

    let code_of = |id: &str| criteria.iter().find(|c| c.id == id).map(|c| c.code.clone());
    let criterion_lines = criteria
        .iter()
        .zip(reporting)
        .map(|(c, reporting)| {
            let tally = criterion_tallies.get(&c.id).copied().unwrap_or_default();
            let target = Target { measure: c.measure, comparator: c.comparator, target: c.target };
            let figure = commune_figure(target, &tally);
            CriterionLine {
                criterion_id: c.id.clone(),
                code: c.code.clone(),
                parent_code: c.parent_id.as_deref().and_then(code_of),
                title: c.title.clone(),
                measure: c.measure,
                comparator: c.comparator,
                target: c.target,
                rule: rule_text(target),
                weight: c.weight,
                aggregation: figure.aggregation,
                numerator_sum: tally.numerator_sum.filter(|_| c.measure == Measure::Ratio),
                denominator_sum: tally.denominator_sum.filter(|_| c.measure == Measure::Ratio),
                value: figure.value,
                meets_target: figure.meets_target,
                units_reporting: reporting,
                values: tally.values,
                met: tally.met,
                not_met: tally.measured - tally.met,
                not_applicable: tally.not_applicable,
            }
        })
        .collect();
    Ok(Scoreboard {
        campaign: CampaignRef {
            id: campaign.id.clone(),
            code: campaign.code.clone(),
            title: campaign.title.clone(),
            issuer_id: campaign.issuer_id.clone(),
        },
        period: r.period.map(str::to_owned),
        periods: period_ids,
        preview: r.preview,
        basis: if r.preview { "approved_and_submitted" } else { "approved" }.to_owned(),
        generated_at: crate::domain::now(),
        units: lines,
        criteria: criterion_lines,
    })
}

/// A unit's counted reports' tally, and the counts of its reports in the counted periods.
type Tallied = (UnitTally, ReportCounts);

/// Each of `participants` with its [`Tallied`]. A period's board sums that
/// period's reports; a whole-campaign board takes the totals kept per unit
/// over every period (one row per unit) and takes away what the periods it
/// does not count hold (only periods not yet due can be left out, so that is
/// at most the reports of the periods still open, and usually none).
fn tallied<'p>(
    conn: &mut DbConnection,
    r: &BoardRequest<'_>,
    counted: &Counted<'_>,
    participants: &'p [Participant],
) -> Result<Vec<(&'p Participant, Tallied)>, ApiError> {
    let of_reports = |conn: &mut DbConnection, c: &Counted<'_>| -> Result<HashMap<String, Tallied>, ApiError> {
        Ok(db::scoreboard::unit_tallies(conn, c)?
            .into_iter()
            .map(|(unit, tally, counts)| (unit, (tally, counts)))
            .collect())
    };
    let c = r.campaign;
    let mut tallies: HashMap<String, Tallied> = match r.period {
        Some(_) => of_reports(conn, counted)?,
        None => db::unit_totals::of_campaign(conn, &c.id)?
            .into_iter()
            .map(|(unit, kept)| (unit, kept_tally(kept, r.preview)))
            .collect(),
    };
    let left_out: Vec<String> = match r.period {
        Some(_) => Vec::new(),
        None => periods(c.period_type, c.starts_on, c.ends_on, c.deadlines)
            .into_iter()
            .filter(|p| !counted.period_ids.contains(&p.id))
            .map(|p| p.id)
            .collect(),
    };
    if !left_out.is_empty() {
        for (unit, (left_tally, left_counts)) in of_reports(conn, &Counted { period_ids: &left_out, ..*counted })? {
            if let Some((tally, counts)) = tallies.get_mut(&unit) {
                *tally = tally.minus(&left_tally);
                *counts = counts.minus(&left_counts);
            }
        }
    }
    Ok(participants.iter().map(|unit| (unit, tallies.remove(&unit.id).unwrap_or_default())).collect())
}

/// What a unit's kept totals give a board: the approved reports' tally (and
/// in a preview the submitted ones' too), and its report counts.
fn kept_tally(kept: UnitTotals, preview: bool) -> Tallied {
    let tally = match preview {
        true => kept.approved_tally.plus(&kept.awaiting_tally),
        false => kept.approved_tally,
    };
    let counts = ReportCounts {
        submitted: kept.submitted,
        on_time: kept.on_time,
        approved: kept.approved,
        awaiting_review: kept.awaiting,
    };
    (tally, counts)
}

/// The day whose periods a whole-campaign board counts.
pub fn today() -> NaiveDate {
    crate::domain::today()
}
