//! Scoring: how approved figures become a unit's points, its rank, and the
//! commune-wide figure of each criterion.
//!
//! The rules, in one place:
//! - Each criterion a unit reports is worth its weight in each counted period;
//!   a ratio over a zero denominator ("not applicable") is left out of both
//!   what was met and what could be met. Sub-criteria (9.1) score on their
//!   own, with their own weight, like any other criterion.
//! - A unit's score is `100 × weight met ÷ weight applicable`, on the
//!   100-point scale of the national reform index, rounded to 2 decimals.
//!   A counted period without a counted report gives nothing met.
//! - Ranks are competition ranks ("1, 2, 2, 4") on the rounded score: equal
//!   scores share a rank, and the next rank skips. A unit with nothing
//!   applicable has no score and no rank.
//! - The commune-wide figure of a ratio criterion is the sum of numerators
//!   over the sum of denominators — never an average of percentages.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::campaign::{Comparator, Measure};
use super::periods::Period;
use super::report::{Computed, Target, meets};

/// What a unit's counted reports add up to, as the database sums them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UnitTally {
    /// Weight of the values that met their target.
    pub met_weight: f64,
    /// How many values met their target.
    pub met: i64,
    /// Weight of the values that were not applicable (a ratio over zero).
    pub not_applicable_weight: f64,
    pub not_applicable: i64,
}

impl UnitTally {
    /// What one report's values add up to: each value's criterion weight and
    /// what the server computed from its figures.
    pub fn of_values<'a>(values: impl IntoIterator<Item = (f64, &'a Computed)>) -> Self {
        let mut tally = UnitTally::default();
        for (weight, computed) in values {
            if computed.not_applicable {
                tally.not_applicable += 1;
                tally.not_applicable_weight += weight;
            } else if computed.met == Some(true) {
                tally.met += 1;
                tally.met_weight += weight;
            }
        }
        tally
    }

    /// Both tallies together (a preview: approved and awaiting review).
    pub fn plus(&self, other: &UnitTally) -> UnitTally {
        UnitTally {
            met_weight: self.met_weight + other.met_weight,
            met: self.met + other.met,
            not_applicable_weight: self.not_applicable_weight + other.not_applicable_weight,
            not_applicable: self.not_applicable + other.not_applicable,
        }
    }

    /// This tally without `part` (what periods not counted hold).
    pub fn minus(&self, part: &UnitTally) -> UnitTally {
        UnitTally {
            met_weight: self.met_weight - part.met_weight,
            met: self.met - part.met,
            not_applicable_weight: self.not_applicable_weight - part.not_applicable_weight,
            not_applicable: self.not_applicable - part.not_applicable,
        }
    }
}

/// A unit's result over the counted periods.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitScore {
    pub met: i64,
    pub applicable: i64,
    pub not_applicable: i64,
    pub met_weight: f64,
    pub applicable_weight: f64,
    pub score: Option<f64>,
}

/// Scores a unit that reports `criteria` criteria of total weight `weight`
/// in each of `periods` counted periods.
pub fn unit_score(criteria: i64, weight: f64, periods: i64, tally: UnitTally) -> UnitScore {
    let applicable = criteria * periods - tally.not_applicable;
    let applicable_weight = weight * periods as f64 - tally.not_applicable_weight;
    UnitScore {
        met: tally.met,
        applicable,
        not_applicable: tally.not_applicable,
        met_weight: tally.met_weight,
        applicable_weight,
        score: score(tally.met_weight, applicable_weight),
    }
}

/// `100 × met ÷ applicable`, to 2 decimals; `None` when nothing is applicable.
pub fn score(met_weight: f64, applicable_weight: f64) -> Option<f64> {
    // Weights are sums of floats: a hair above zero is still nothing.
    (applicable_weight > 1e-9).then(|| round2(100.0 * met_weight / applicable_weight))
}

pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Competition ranks for scores already in descending order (`None` last):
/// equal scores share a rank and the next one skips.
pub fn ranks(sorted_scores: &[Option<f64>]) -> Vec<Option<u32>> {
    let mut out = Vec::with_capacity(sorted_scores.len());
    let mut previous: Option<(f64, u32)> = None;
    for (i, score) in sorted_scores.iter().enumerate() {
        let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
        out.push(score.map(|s| match previous {
            Some((p, rank)) if p == s => rank,
            _ => {
                previous = Some((s, position));
                position
            }
        }));
    }
    out
}

/// Descending by score (`None` last); ties keep their given order.
pub fn by_score_desc(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// What one criterion's counted values add up to, as the database sums them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CriterionTally {
    pub numerator_sum: Option<f64>,
    pub denominator_sum: Option<f64>,
    pub percentage_mean: Option<f64>,
    pub count_sum: Option<f64>,
    /// Values counted (one per unit and period).
    pub values: i64,
    /// Values judged met or not met (the applicable ones).
    pub measured: i64,
    pub met: i64,
    pub not_applicable: i64,
}

/// How the commune-wide figure of a criterion is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Ratio: 100 × sum of numerators ÷ sum of denominators.
    RatioOfSums,
    /// Percentage: the mean of the units' percentages (only percentages are reported).
    MeanOfPercentages,
    /// Count: the sum; the commune meets the target when every unit does.
    SumOfCounts,
    /// Yes/no: the share of units that achieved it; met when every unit did.
    ShareAchieved,
}

/// The commune-wide figure of a criterion and whether it meets the target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CommuneFigure {
    pub aggregation: Aggregation,
    /// A percentage (ratio, percentage, yes/no) or a count; `None` when nothing was measured.
    pub value: Option<f64>,
    pub meets_target: Option<bool>,
}

pub fn commune_figure(target: Target, tally: &CriterionTally) -> CommuneFigure {
    let every_unit = (tally.measured > 0).then_some(tally.met == tally.measured);
    match target.measure {
        Measure::Ratio => {
            let value = match (tally.numerator_sum, tally.denominator_sum) {
                (Some(n), Some(d)) if d > 0.0 => Some(100.0 * n / d),
                _ => None,
            };
            CommuneFigure {
                aggregation: Aggregation::RatioOfSums,
                value: value.map(round2),
                meets_target: value.map(|v| meets(target.comparator, target.target, v)),
            }
        }
        Measure::Percentage => CommuneFigure {
            aggregation: Aggregation::MeanOfPercentages,
            value: tally.percentage_mean.map(round2),
            meets_target: tally.percentage_mean.map(|v| meets(target.comparator, target.target, v)),
        },
        Measure::Count => CommuneFigure {
            aggregation: Aggregation::SumOfCounts,
            value: tally.count_sum.filter(|_| tally.measured > 0),
            meets_target: every_unit,
        },
        Measure::Boolean => CommuneFigure {
            aggregation: Aggregation::ShareAchieved,
            value: (tally.measured > 0).then(|| round2(100.0 * tally.met as f64 / tally.measured as f64)),
            meets_target: every_unit,
        },
    }
}

/// The rule a figure is judged by, in words: `≥ 65%`, `= 100%`, `≤ 2`, `achieved`.
pub fn rule_text(target: Target) -> String {
    let sign = match target.comparator {
        Comparator::AtLeast => "≥",
        Comparator::AtMost => "≤",
        Comparator::Equal => "=",
    };
    let goal = target.target.unwrap_or(0.0);
    match target.measure {
        Measure::Boolean => "achieved".to_owned(),
        Measure::Count => format!("{sign} {goal}"),
        Measure::Ratio | Measure::Percentage => format!("{sign} {goal}%"),
    }
}

/// The periods a scoreboard counts. One asked-for period counts whatever its
/// state. For the whole campaign: every period whose due day has passed by
/// `today` (its reports are expected), and every period that already has a
/// counted report (results come in before the due day too).
pub fn counted_periods(all: &[Period], today: NaiveDate, with_results: &[String]) -> Vec<Period> {
    all.iter().filter(|p| p.due_on < today || with_results.contains(&p.id)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank_and_the_next_one_skips() {
        assert_eq!(
            ranks(&[Some(100.0), Some(87.5), Some(87.5), Some(50.0), None]),
            [Some(1), Some(2), Some(2), Some(4), None]
        );
        assert_eq!(ranks(&[Some(0.0), Some(0.0)]), [Some(1), Some(1)]);
        let mut scores = vec![None, Some(1.0), Some(3.0), Some(1.0)];
        scores.sort_by(|a, b| by_score_desc(*a, *b));
        assert_eq!(scores, [Some(3.0), Some(1.0), Some(1.0), None]);
    }

    #[test]
    fn not_applicable_leaves_both_sides() {
        // 17 criteria of weight 1, two periods; 20 met, 2 not applicable.
        let tally = UnitTally { met_weight: 20.0, met: 20, not_applicable_weight: 2.0, not_applicable: 2 };
        let s = unit_score(17, 17.0, 2, tally);
        assert_eq!((s.applicable, s.met, s.score), (32, 20, Some(62.5)));
        // Nothing counted: a unit with no report scores zero, not nothing.
        assert_eq!(unit_score(17, 17.0, 1, UnitTally::default()).score, Some(0.0));
        assert_eq!(unit_score(0, 0.0, 1, UnitTally::default()).score, None);
        assert_eq!(score(1.0, 3.0), Some(33.33));
    }

    #[test]
    fn a_ratio_is_summed_not_averaged() {
        let at_least_65 = Target { measure: Measure::Ratio, comparator: Comparator::AtLeast, target: Some(65.0) };
        // Units: 1/1 (100%) and 10/20 (50%): the mean of percentages would be 75%, the commune's figure is 11/21.
        let tally = CriterionTally {
            numerator_sum: Some(11.0),
            denominator_sum: Some(21.0),
            values: 2,
            measured: 2,
            met: 1,
            ..Default::default()
        };
        let figure = commune_figure(at_least_65, &tally);
        assert_eq!((figure.value, figure.meets_target), (Some(52.38), Some(false)));
        let nothing = CriterionTally { numerator_sum: Some(0.0), denominator_sum: Some(0.0), ..tally };
        assert_eq!(commune_figure(at_least_65, &nothing).value, None);
    }

    #[test]
    fn yes_no_needs_every_unit() {
        let achieved = Target { measure: Measure::Boolean, comparator: Comparator::Equal, target: None };
        let tally = CriterionTally { values: 4, measured: 4, met: 3, ..Default::default() };
        let figure = commune_figure(achieved, &tally);
        assert_eq!((figure.value, figure.meets_target), (Some(75.0), Some(false)));
        assert_eq!(rule_text(achieved), "achieved");
        let at_most = Target { measure: Measure::Count, comparator: Comparator::AtMost, target: Some(2.0) };
        assert_eq!(rule_text(at_most), "≤ 2");
    }

    #[test]
    fn whole_campaign_counts_due_periods_and_those_with_results() {
        let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
        let period = |id: &str, due| Period {
            id: id.into(),
            starts_on: day(1, 1),
            ends_on: day(1, 1),
            partial: false,
            due_on: due,
            locks_after: due,
        };
        let all = [period("2023Q1", day(4, 5)), period("2023Q2", day(7, 5)), period("2023Q3", day(10, 5))];
        let ids = |v: Vec<Period>| v.into_iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(ids(counted_periods(&all, day(7, 5), &[])), ["2023Q1"]);
        assert_eq!(ids(counted_periods(&all, day(7, 6), &[])), ["2023Q1", "2023Q2"]);
        assert_eq!(ids(counted_periods(&all, day(4, 1), &["2023Q2".into()])), ["2023Q2"]);
    }
}
