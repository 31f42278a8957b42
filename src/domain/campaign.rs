//! Campaigns (phong trào thi đua) and their criteria (tiêu chí).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::figures::{MAX_COUNT, check_count, check_percentage};
use super::org::OrgKind;
use super::periods::{Deadlines, PeriodType};

/// The longest legal basis (căn cứ) a campaign names, in characters.
pub const MAX_LEGAL_BASIS: usize = 1000;

/// Where a campaign is in its life: criteria and participants change only
/// in `draft`; an `active` campaign takes reports; a `closed` one is read-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    Draft,
    Active,
    Closed,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 3] = [CampaignStatus::Draft, CampaignStatus::Active, CampaignStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Active => "active",
            CampaignStatus::Closed => "closed",
        }
    }
}

impl std::str::FromStr for CampaignStatus {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CampaignStatus::ALL.into_iter().find(|c| c.as_str() == s).ok_or("must be draft, active or closed")
    }
}

/// How a criterion is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Achieved or not (đạt / không đạt).
    Boolean,
    /// A numerator over a denominator, as a percentage.
    Ratio,
    /// A percentage reported as such (e.g. a satisfaction survey).
    Percentage,
    /// A whole number.
    Count,
}

impl Measure {
    pub const ALL: [Measure; 4] = [Measure::Boolean, Measure::Ratio, Measure::Percentage, Measure::Count];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Boolean => "boolean",
            Measure::Ratio => "ratio",
            Measure::Percentage => "percentage",
            Measure::Count => "count",
        }
    }
}

impl std::str::FromStr for Measure {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Measure::ALL.into_iter().find(|m| m.as_str() == s).ok_or("must be boolean, ratio, percentage or count")
    }
}

/// How a figure is compared with the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "=")]
    Equal,
}

impl Comparator {
    pub const ALL: [Comparator; 3] = [Comparator::AtLeast, Comparator::AtMost, Comparator::Equal];

    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::AtLeast => ">=",
            Comparator::AtMost => "<=",
            Comparator::Equal => "=",
        }
    }
}

impl std::str::FromStr for Comparator {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Comparator::ALL.into_iter().find(|c| c.as_str() == s).ok_or("must be >=, <= or =")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub id: String,
    pub code: String,
    pub title: String,
    pub issuer_id: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: PeriodType,
    pub legal_bases: Vec<String>,
    pub description: String,
    pub status: CampaignStatus,
    pub deadlines: Deadlines,
    pub results_public: bool,
    /// The original campaign an imported definition came from; `None` for an original.
    pub lineage: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub campaign_id: String,
    pub parent_id: Option<String>,
    pub ordinal: i32,
    pub code: String,
    pub title: String,
    pub description: String,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    pub numerator_label: Option<String>,
    pub denominator_label: Option<String>,
    pub weight: f64,
    /// Only participants of these kinds report it (`None`: see `applies_to_units`, else all).
    pub applies_to_kinds: Option<Vec<OrgKind>>,
    /// Only these participants report it.
    pub applies_to_units: Option<Vec<String>>,
    pub version: i32,
}

impl Criterion {
    /// Whether a participant of this kind and id reports the criterion.
    pub fn applies_to(&self, kind: OrgKind, unit_id: &str) -> bool {
        match (&self.applies_to_kinds, &self.applies_to_units) {
            (Some(kinds), _) => kinds.contains(&kind),
            (None, Some(units)) => units.iter().any(|u| u == unit_id),
            (None, None) => true,
        }
    }
}

/// The measurable part of a criterion, checked as a whole.
#[derive(Clone, Copy, Debug)]
pub struct Rule<'a> {
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    pub numerator_label: Option<&'a str>,
    pub denominator_label: Option<&'a str>,
}

/// Each broken rule as (field, code, message).
pub fn check_rule(rule: Rule<'_>) -> Vec<(&'static str, &'static str, String)> {
    let mut errors = Vec::new();
    match rule.measure {
        Measure::Boolean => {
            if rule.comparator != Comparator::Equal {
                errors.push((
                    "comparator",
                    "does_not_fit_measure",
                    "A yes/no criterion is met or not: use =.".to_owned(),
                ));
            }
            if rule.target.is_some() {
                errors.push(("target", "not_allowed", "A yes/no criterion has no numeric target.".to_owned()));
            }
        }
        // A target is a figure of the measure's kind, within the same bounds.
        Measure::Ratio | Measure::Percentage => match rule.target {
            None => errors.push(("target", "required", "A percentage target is required.".to_owned())),
            Some(t) => errors.extend(check_percentage("A percentage target", t).map(|(code, m)| ("target", code, m))),
        },
        Measure::Count => match rule.target {
            None => errors.push(("target", "required", "A count target is required.".to_owned())),
            Some(t) => {
                if check_count("target", t).is_some() {
                    let message = format!("A count target must be a whole number from 0 to {MAX_COUNT}.");
                    errors.push(("target", "out_of_range", message));
                }
            }
        },
    }
    let labels = rule.numerator_label.is_some() || rule.denominator_label.is_some();
    if rule.measure == Measure::Ratio {
        if rule.numerator_label.is_none_or(|l| l.trim().is_empty()) {
            errors.push(("numerator_label", "required", "A ratio names what it counts above the line.".to_owned()));
        }
        if rule.denominator_label.is_none_or(|l| l.trim().is_empty()) {
            errors.push(("denominator_label", "required", "A ratio names what it counts below the line.".to_owned()));
        }
    } else if labels {
        errors.push((
            "numerator_label",
            "not_allowed",
            "Only a ratio has numerator and denominator labels.".to_owned(),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(measure: Measure, comparator: Comparator, target: Option<f64>) -> Vec<&'static str> {
        let labelled = measure == Measure::Ratio;
        check_rule(Rule {
            measure,
            comparator,
            target,
            numerator_label: labelled.then_some("n"),
            denominator_label: labelled.then_some("d"),
        })
        .into_iter()
        .map(|(field, code, _)| if field == "target" { code } else { field })
        .collect()
    }

    #[test]
    fn rules_fit_measures() {
        assert!(rule(Measure::Boolean, Comparator::Equal, None).is_empty());
        assert_eq!(rule(Measure::Boolean, Comparator::AtLeast, None), ["comparator"]);
        assert_eq!(rule(Measure::Boolean, Comparator::Equal, Some(1.0)), ["not_allowed"]);
        assert!(rule(Measure::Ratio, Comparator::AtLeast, Some(65.0)).is_empty());
        assert_eq!(rule(Measure::Ratio, Comparator::Equal, Some(101.0)), ["out_of_range"]);
        assert_eq!(rule(Measure::Percentage, Comparator::AtLeast, Some(-1.0)), ["out_of_range"]);
        assert_eq!(rule(Measure::Percentage, Comparator::AtLeast, None), ["required"]);
        assert_eq!(rule(Measure::Count, Comparator::AtMost, Some(2.5)), ["out_of_range"]);
        assert!(rule(Measure::Count, Comparator::AtMost, Some(3.0)).is_empty());
        assert_eq!(rule(Measure::Count, Comparator::AtMost, Some(1e9 + 1.0)), ["out_of_range"]);
        assert_eq!(rule(Measure::Percentage, Comparator::AtLeast, Some(60.125)), ["too_precise"]);
        let unlabelled = check_rule(Rule {
            measure: Measure::Ratio,
            comparator: Comparator::Equal,
            target: Some(100.0),
            numerator_label: None,
            denominator_label: Some(" "),
        });
        assert_eq!(unlabelled.len(), 2);
    }
}
