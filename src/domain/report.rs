//! Reports (báo cáo) and their review: the state machine, and the figures
//! each value holds — checked and computed here, never taken from a client.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::campaign::{Comparator, Measure};
use super::figures::{check_count, check_percentage};

/// Where a report is in its review.
///
/// `draft → submitted → approved`; `submitted → returned → submitted`;
/// `approved → reopened → submitted`. Only `draft`, `returned` and
/// `reopened` reports can be edited; only approved figures count in scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Draft,
    Submitted,
    Returned,
    Approved,
    Reopened,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 5] = [
        ReportStatus::Draft,
        ReportStatus::Submitted,
        ReportStatus::Returned,
        ReportStatus::Approved,
        ReportStatus::Reopened,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Approved => "approved",
            ReportStatus::Reopened => "reopened",
        }
    }

    /// Whether its values may change.
    pub fn editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned | ReportStatus::Reopened)
    }
}

impl std::str::FromStr for ReportStatus {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or("must be draft, submitted, returned, approved or reopened")
    }
}

/// A move of the review workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Submit,
    Return,
    Approve,
    Reopen,
}

impl Move {
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Submit => "submit",
            Move::Return => "return",
            Move::Approve => "approve",
            Move::Reopen => "reopen",
        }
    }

    /// Whether the move needs a reason (trả lại, mở lại).
    pub fn needs_reason(self) -> bool {
        matches!(self, Move::Return | Move::Reopen)
    }

    /// The status the move leads to from `current`, if it is allowed there.
    pub fn next_status(self, current: ReportStatus) -> Option<ReportStatus> {
        use ReportStatus::*;
        match (self, current) {
            (Move::Submit, Draft | Returned | Reopened) => Some(Submitted),
            (Move::Return, Submitted) => Some(Returned),
            (Move::Approve, Submitted) => Some(Approved),
            (Move::Reopen, Approved) => Some(Reopened),
            _ => None,
        }
    }
}

/// One figure as a unit reports it; which fields apply follows the measure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Figures {
    /// Ratio: the count above the line.
    pub numerator: Option<f64>,
    /// Ratio: the count below the line.
    pub denominator: Option<f64>,
    /// Percentage: 0–100.
    pub percentage: Option<f64>,
    /// Count: a whole number.
    pub count: Option<f64>,
    /// Yes/no: achieved or not.
    pub achieved: Option<bool>,
}

/// What the server computes from the figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Computed {
    /// The percentage a ratio comes to, or the reported percentage.
    pub percentage: Option<f64>,
    /// Whether the target is met; `None` when not applicable (a ratio over zero).
    pub met: Option<bool>,
    /// A ratio with a zero denominator: nothing to measure this period.
    pub not_applicable: bool,
}

/// The part of a criterion a figure is judged by.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
}

/// One broken rule: the figure's field, a stable code, a sentence.
pub type Broken = (&'static str, &'static str, String);

/// The rules the figures break against their measure, every one of them
/// (none: the figures fit).
pub fn broken_rules(target: Target, f: &Figures) -> Vec<Broken> {
    let mut broken = Vec::new();
    let mut whole = |field: &'static str, value: Option<f64>| match value {
        None => broken.push((field, "required", format!("{field} is required."))),
        Some(v) => broken.extend(check_count(field, v).map(|(code, message)| (field, code, message))),
    };
    match target.measure {
        Measure::Ratio => {
            whole("numerator", f.numerator);
            whole("denominator", f.denominator);
            if let (Some(n), Some(d)) = (f.numerator, f.denominator)
                && n > d
            {
                broken.push((
                    "numerator",
                    "above_denominator",
                    "The numerator cannot exceed the denominator.".to_owned(),
                ));
            }
        }
        Measure::Count => whole("count", f.count),
        Measure::Percentage => match f.percentage {
            None => broken.push(("percentage", "required", "percentage is required.".to_owned())),
            Some(p) => {
                broken.extend(check_percentage("percentage", p).map(|(code, message)| ("percentage", code, message)))
            }
        },
        Measure::Boolean => {
            if f.achieved.is_none() {
                broken.push(("achieved", "required", "achieved is required.".to_owned()));
            }
        }
    }
    let stray = match target.measure {
        Measure::Ratio => f.percentage.is_some() || f.count.is_some() || f.achieved.is_some(),
        Measure::Percentage => {
            f.numerator.is_some() || f.denominator.is_some() || f.count.is_some() || f.achieved.is_some()
        }
        Measure::Count => {
            f.numerator.is_some() || f.denominator.is_some() || f.percentage.is_some() || f.achieved.is_some()
        }
        Measure::Boolean => {
            f.numerator.is_some() || f.denominator.is_some() || f.percentage.is_some() || f.count.is_some()
        }
    };
    if stray {
        broken.push((
            "figures",
            "does_not_fit_measure",
            format!("A {} criterion takes other figures.", target.measure.as_str()),
        ));
    }
    broken
}

/// Whether `value` meets `comparator target` (a missing target is 0), with
/// room for float noise: 13/20 is exactly 65%.
pub fn meets(comparator: Comparator, target: Option<f64>, value: f64) -> bool {
    let goal = target.unwrap_or(0.0);
    const EPSILON: f64 = 1e-9;
    match comparator {
        Comparator::AtLeast => value + EPSILON >= goal,
        Comparator::AtMost => value - EPSILON <= goal,
        Comparator::Equal => (value - goal).abs() <= EPSILON,
    }
}

/// Computes the percentage and whether the target is met, from figures that break none of the [`broken_rules`].
pub fn compute(target: Target, f: &Figures) -> Computed {
    let compare = |value: f64| meets(target.comparator, target.target, value);
    match target.measure {
        Measure::Ratio => match (f.numerator, f.denominator) {
            (Some(n), Some(d)) => {
                if d == 0.0 {
                    // Nothing to measure this period: not a division by zero, not a failure.
                    return Computed { percentage: None, met: None, not_applicable: true };
                }
                let percentage = n / d * 100.0;
                Computed { percentage: Some(percentage), met: Some(compare(percentage)), not_applicable: false }
            }
            _ => Computed { percentage: None, met: None, not_applicable: false },
        },
        Measure::Percentage => {
            Computed { percentage: f.percentage, met: f.percentage.map(compare), not_applicable: false }
        }
        Measure::Count => Computed { percentage: None, met: f.count.map(compare), not_applicable: false },
        Measure::Boolean => Computed { percentage: None, met: f.achieved, not_applicable: false },
    }
}

/// A sub-criterion measures a share *of* its parent's numerator (criterion
/// 9.1: transactions of the procedures that offer online payment), so it
/// has nothing to count when the parent's numerator is zero.
pub fn check_against_parent(parent: &Figures, child: &Figures) -> Option<Broken> {
    match (parent.numerator, child.denominator) {
        (Some(n), Some(d)) if n == 0.0 && d > 0.0 => Some((
            "denominator",
            "inconsistent_with_parent",
            "The parent criterion counts no such procedure, so there is nothing to count here.".to_owned(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The due day ends at midnight in Hà Nội (17:00 UTC), not at UTC's.
    #[test]
    fn on_time_ends_with_the_due_day_in_vietnam() {
        let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        let due = "2024-04-05".parse::<chrono::NaiveDate>().unwrap();
        assert!(on_time(at("2024-04-05T16:59:59Z"), due));
        assert!(!on_time(at("2024-04-05T17:00:00Z"), due), "midnight on the 6th in Hà Nội");
        assert!(on_time(at("2024-04-04T20:00:00Z"), due));
    }

    const RATIO_65: Target = Target { measure: Measure::Ratio, comparator: Comparator::AtLeast, target: Some(65.0) };
    const ALL: Target = Target { measure: Measure::Ratio, comparator: Comparator::Equal, target: Some(100.0) };

    fn ratio(n: f64, d: f64) -> Figures {
        Figures { numerator: Some(n), denominator: Some(d), ..Default::default() }
    }

    #[test]
    fn the_workflow() {
        use ReportStatus::*;
        assert_eq!(Move::Submit.next_status(Draft), Some(Submitted));
        assert_eq!(Move::Return.next_status(Submitted), Some(Returned));
        assert_eq!(Move::Submit.next_status(Returned), Some(Submitted));
        assert_eq!(Move::Approve.next_status(Submitted), Some(Approved));
        assert_eq!(Move::Reopen.next_status(Approved), Some(Reopened));
        assert_eq!(Move::Submit.next_status(Reopened), Some(Submitted));
        assert_eq!(Move::Approve.next_status(Draft), None);
        assert_eq!(Move::Approve.next_status(Approved), None);
        assert_eq!(Move::Return.next_status(Approved), None);
        assert_eq!(Move::Reopen.next_status(Submitted), None);
        assert!(!Approved.editable() && !Submitted.editable());
        assert!(Draft.editable() && Returned.editable() && Reopened.editable());
    }

    #[test]
    fn ratios_are_computed_here() {
        assert_eq!(compute(RATIO_65, &ratio(13.0, 20.0)).met, Some(true));
        assert_eq!(compute(RATIO_65, &ratio(12.0, 20.0)).met, Some(false));
        assert_eq!(compute(RATIO_65, &ratio(13.0, 20.0)).percentage, Some(65.0));
        assert_eq!(compute(ALL, &ratio(7.0, 7.0)).met, Some(true));
        assert_eq!(compute(ALL, &ratio(6.0, 7.0)).met, Some(false));
        let none = compute(ALL, &ratio(0.0, 0.0));
        assert!(none.not_applicable);
        assert_eq!((none.percentage, none.met), (None, None));
    }

    #[test]
    fn figures_follow_the_rules() {
        let codes =
            |t, f: &Figures| broken_rules(t, f).into_iter().map(|(field, code, _)| (field, code)).collect::<Vec<_>>();
        assert!(codes(RATIO_65, &ratio(3.0, 4.0)).is_empty());
        assert_eq!(codes(RATIO_65, &ratio(5.0, 4.0)), [("numerator", "above_denominator")]);
        assert_eq!(codes(RATIO_65, &ratio(-1.0, 4.0)), [("numerator", "negative")]);
        assert_eq!(codes(RATIO_65, &ratio(1.5, 4.0)), [("numerator", "not_whole")]);
        assert_eq!(codes(RATIO_65, &Figures::default()), [("numerator", "required"), ("denominator", "required")]);
        let pct = Target { measure: Measure::Percentage, comparator: Comparator::AtLeast, target: Some(90.0) };
        assert_eq!(
            codes(pct, &Figures { percentage: Some(101.0), ..Default::default() }),
            [("percentage", "out_of_range")]
        );
        assert_eq!(compute(pct, &Figures { percentage: Some(92.5), ..Default::default() }).met, Some(true));
        let yes = Target { measure: Measure::Boolean, comparator: Comparator::Equal, target: None };
        assert_eq!(compute(yes, &Figures { achieved: Some(false), ..Default::default() }).met, Some(false));
        assert_eq!(codes(yes, &ratio(1.0, 2.0)).last().unwrap().1, "does_not_fit_measure");
        let count = Target { measure: Measure::Count, comparator: Comparator::AtMost, target: Some(2.0) };
        assert_eq!(codes(count, &Figures { count: Some(2.5), ..Default::default() }), [("count", "not_whole")]);
        assert_eq!(codes(count, &Figures { count: Some(1e10), ..Default::default() }), [("count", "out_of_range")]);
        assert_eq!(
            codes(pct, &Figures { percentage: Some(92.125), ..Default::default() }),
            [("percentage", "too_precise")]
        );
        assert_eq!(compute(count, &Figures { count: Some(2.0), ..Default::default() }).met, Some(true));
    }

    #[test]
    fn a_sub_criterion_counts_within_its_parent() {
        assert!(check_against_parent(&ratio(0.0, 5.0), &ratio(3.0, 10.0)).is_some());
        assert!(check_against_parent(&ratio(0.0, 5.0), &ratio(0.0, 0.0)).is_none());
        assert!(check_against_parent(&ratio(4.0, 5.0), &ratio(3.0, 10.0)).is_none());
    }
}

/// A report: one unit's figures for one campaign and period.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub id: String,
    pub campaign_id: String,
    pub org_unit_id: String,
    pub period_id: String,
    pub status: ReportStatus,
    pub version: i32,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub approved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The first submission; later resubmissions (after a return) keep it.
    pub first_submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether the first submission came by the period's due day.
    pub submitted_on_time: Option<bool>,
}

/// On time: submitted by the end of the due day in Vietnam, the one rule
/// for a report's `on_time` and the scoreboard's count.
pub fn on_time(submitted_at: chrono::DateTime<chrono::Utc>, due_on: chrono::NaiveDate) -> bool {
    super::day_in_vietnam(submitted_at) <= due_on
}

/// A value as stored: the figures, what was computed from them, a note.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredValue {
    pub criterion_id: String,
    pub figures: Figures,
    pub computed: Computed,
    pub note: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
