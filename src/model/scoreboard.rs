//! The scoreboard as the API shows it: the board (per unit and per
//! criterion), a unit's explanation, the counted values, the district's
//! roll-up, and the query parameters that choose them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::campaign::{Comparator, Measure};
use crate::domain::org::OrgKind;
use crate::domain::report::Figures;
use crate::domain::score::Aggregation;

/// The form of an answer: `json` (the default), `csv` or `xlsx`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScoreboardParams {
    /// One period (`2023Q1`); absent: the whole campaign — every period
    /// whose due day has passed, and every period that already has results.
    pub period: Option<String>,
    /// `json` (the default), `csv` or `xlsx`; overrides `Accept`.
    #[param(inline)]
    pub format: Option<Format>,
}

/// The campaign a scoreboard belongs to.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignRef {
    pub id: String,
    pub code: String,
    pub title: String,
    pub issuer_id: String,
}

/// Reports of a unit in the counted periods.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct ReportTally {
    /// One per counted period.
    pub expected: i64,
    /// Submitted at least once.
    pub submitted: i64,
    /// First submitted by the due day.
    pub on_time: i64,
    pub approved: i64,
    /// Submitted and not yet reviewed: counted only in a preview, where they are provisional.
    pub awaiting_review: i64,
}

/// One unit's line on the scoreboard.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitLine {
    /// Competition rank ("1, 2, 2, 4"); `null` when nothing applies to the unit.
    pub rank: Option<u32>,
    pub org_unit_id: String,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// 100 × weight met ÷ weight applicable, to 2 decimals.
    pub score: Option<f64>,
    /// Criteria met, counted once per period.
    pub met: i64,
    /// Criteria that could be met (not-applicable values left out), once per period.
    pub applicable: i64,
    /// Ratios over a zero denominator: nothing to measure.
    pub not_applicable: i64,
    pub met_weight: f64,
    pub applicable_weight: f64,
    pub reports: ReportTally,
}

/// One criterion across the units on the scoreboard.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CriterionLine {
    pub criterion_id: String,
    pub code: String,
    pub parent_code: Option<String>,
    pub title: String,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    /// The target in words: `≥ 65%`, `= 100%`, `achieved`.
    pub rule: String,
    pub weight: f64,
    pub aggregation: Aggregation,
    /// Ratios: the sums the commune-wide figure is formed from.
    pub numerator_sum: Option<f64>,
    pub denominator_sum: Option<f64>,
    /// The commune-wide figure: a percentage, or for counts the sum.
    pub value: Option<f64>,
    /// Whether the commune-wide figure meets the target; `null` when nothing was measured.
    pub meets_target: Option<bool>,
    /// Units on the scoreboard that report this criterion.
    pub units_reporting: i64,
    /// Counted values (one per unit and period).
    pub values: i64,
    pub met: i64,
    pub not_met: i64,
    pub not_applicable: i64,
}

/// A campaign's scoreboard for a period or the whole campaign.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Scoreboard {
    pub campaign: CampaignRef,
    /// The period asked for; `null` for the whole campaign.
    pub period: Option<String>,
    /// The periods counted.
    pub periods: Vec<String>,
    /// `true`: submitted reports not yet approved are counted too — provisional figures.
    pub preview: bool,
    #[schema(value_type = super::choices::ScoreBasis)]
    pub basis: String,
    pub generated_at: DateTime<Utc>,
    /// Best first; equal scores share a rank and are listed by unit code.
    pub units: Vec<UnitLine>,
    /// In the campaign's order.
    pub criteria: Vec<CriterionLine>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplanationParams {
    /// One period; absent: the whole campaign (as the scoreboard counts it).
    pub period: Option<String>,
}

/// How one figure scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    NotMet,
    /// A ratio over a zero denominator: left out of what could be met.
    NotApplicable,
    /// No approved report for the period: nothing met, everything could have been.
    NoCountedReport,
}

/// One criterion in one period, for one unit.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ExplainedValue {
    pub period_id: String,
    pub criterion_id: String,
    pub criterion_code: String,
    pub title: String,
    /// The rule applied: `≥ 65%`, `= 100%`, `achieved`.
    pub rule: String,
    pub weight: f64,
    /// The report the figure came from; `null` when the period has no counted report.
    pub report_id: Option<String>,
    pub figures: Option<Figures>,
    /// The percentage computed from the figures (ratios and percentages).
    pub computed_percentage: Option<f64>,
    pub outcome: Outcome,
    /// The weight when met, else 0.
    pub points: f64,
    /// The weight, or 0 when not applicable.
    pub possible_points: f64,
}

/// One of the unit's reports in the counted periods.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ExplainedReport {
    pub period_id: String,
    pub report_id: String,
    #[schema(value_type = crate::domain::report::ReportStatus)]
    pub status: String,
    /// Whether its figures count: approved (or, in a preview, submitted).
    pub counted: bool,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub on_time: Option<bool>,
}

/// Why a unit ranks where it does.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Explanation {
    pub campaign: CampaignRef,
    pub period: Option<String>,
    pub periods: Vec<String>,
    /// The unit's line, as on the scoreboard.
    pub unit: UnitLine,
    /// The unit's reports in the counted periods, counted or not.
    pub reports: Vec<ExplainedReport>,
    /// Each criterion the unit reports, in each counted period; the points add up to `unit.met_weight`
    /// and the possible points to `unit.applicable_weight`.
    pub values: Vec<ExplainedValue>,
}

/// One counted value, as exported.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ValueLine {
    pub period_id: String,
    pub org_unit_id: String,
    pub org_unit_code: String,
    pub org_unit_name: String,
    pub criterion_id: String,
    pub criterion_code: String,
    pub report_id: String,
    pub figures: Figures,
    pub computed_percentage: Option<f64>,
    pub met: Option<bool>,
    pub not_applicable: bool,
    pub note: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollupParams {
    /// One period (`2023Q1`); absent: each campaign as a whole.
    pub period: Option<String>,
}

/// The unit that issued a commune's campaign, named as it was then.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
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
    /// When the issuer has closed since (a merger, a split): the unit of the
    /// caller's scope that carries on its work, through which its results
    /// are included. `null` for a commune of the caller's own tree.
    pub successor: Option<Issuer>,
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
