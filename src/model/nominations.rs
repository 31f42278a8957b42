//! Nominations (đề nghị khen thưởng) as the API shows and takes them: the
//! record and its achievement report, the workflow's inputs, the public
//! feedback, the eligibility explained rule by rule, the suggestions and
//! the proposal list.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::award_rules::AwardRuleView;
use super::scoreboard::{CampaignRef, Format, Outcome};
use crate::domain::awards::IssuingLevel;
use crate::domain::campaign::Measure;
use crate::domain::eligibility::{RuleCode, RuleOutcome, Verdict};
use crate::domain::nomination::{CouncilResult, Decision, NominationMove, NominationStatus, NomineeKind, TaskRating};
use crate::domain::report::Figures;

/// A nomination to draft.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewNomination {
    /// A campaign past its draft.
    pub campaign_id: String,
    /// One of the campaign's periods (`2023`, `2023Q4`); absent or `null`:
    /// the whole campaign is the achievement.
    #[serde(default)]
    #[schema(example = "2023")]
    pub period_id: Option<String>,
    pub subject_kind: NomineeKind,
    /// A collective: the participant unit nominated (required). An
    /// individual: optional, the person's participant unit if given.
    #[serde(default)]
    pub org_unit_id: Option<String>,
    /// An individual: the person nominated, of a participant unit (required);
    /// a collective: absent.
    #[serde(default)]
    pub person_id: Option<String>,
    /// An award type that may go to `subject_kind` and is awarded after the achievement.
    #[schema(example = "at-giay-khen-xa")]
    pub award_type_id: String,
    /// The achievement in a line or two: 1–2,000 characters.
    #[schema(min_length = 1, max_length = 2000)]
    pub summary: String,
    /// The achievement report's own words (báo cáo thành tích): up to 20,000 characters.
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub achievement_text: String,
    /// Individuals: the year's task-completion rating (required); collectives: absent.
    #[serde(default)]
    pub task_rating: Option<TaskRating>,
}

/// What may change while a nomination is a draft or proposed: every field.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NominationContent {
    pub award_type_id: String,
    #[schema(min_length = 1, max_length = 2000)]
    pub summary: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub achievement_text: String,
    #[serde(default)]
    pub task_rating: Option<TaskRating>,
}

/// A nomination.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NominationView {
    pub id: String,
    pub campaign_id: String,
    /// `null`: the whole campaign.
    pub period_id: Option<String>,
    pub subject_kind: NomineeKind,
    /// The participant unit: the nominee, or the nominee's unit.
    pub org_unit_id: String,
    /// The unit's name, and its label with its parents' names, as they were
    /// on the achievement's last day (its period's, or its campaign's): a 2023 nomination keeps saying
    /// `Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định` after the merger.
    pub org_unit_name: String,
    pub org_unit_label: String,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub person_position: Option<String>,
    pub award_type_id: String,
    pub award_type_code: String,
    pub award_type_name: String,
    /// Whose chairman decides the award: above `commune`, it is forwarded.
    pub issuing_level: IssuingLevel,
    pub summary: String,
    pub achievement_text: String,
    pub task_rating: Option<TaskRating>,
    pub status: NominationStatus,
    /// The public posting: its first day and its last (working days counted).
    pub posted_on: Option<NaiveDate>,
    pub posted_until: Option<NaiveDate>,
    /// Set when the council's meeting concludes.
    pub council_meeting_id: Option<String>,
    pub council_result: Option<CouncilResult>,
    /// Who decided (`user:<id>`), when and why: the chairman, or who recorded the superior level's decision.
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    /// The chairman's reason for approving over a rule not met or pending.
    pub override_reason: Option<String>,
    pub forwarded_at: Option<DateTime<Utc>>,
    /// The superior level's own decision: its number, date and issuer.
    pub superior_decision_number: Option<String>,
    pub superior_decision_on: Option<NaiveDate>,
    pub superior_decision_issuer: Option<String>,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A nomination with its achievement report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NominationDetail {
    #[serde(flatten)]
    pub nomination: NominationView,
    pub achievement_report: AchievementReport,
}

/// The báo cáo thành tích: the unit's figures from its approved reports,
/// filled in by the server, and the nomination's own words.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AchievementReport {
    /// The period of the achievement; `null`: the whole campaign.
    pub period: Option<String>,
    /// The periods counted.
    pub periods: Vec<String>,
    /// The unit whose figures these are.
    pub org_unit_id: String,
    /// On the campaign's approved scoreboard, among all its participants.
    pub score: Option<f64>,
    pub rank: Option<u32>,
    pub units_ranked: usize,
    /// Criteria met and applicable, once per counted period.
    pub targets_met: i64,
    pub targets_applicable: i64,
    /// Each criterion the unit reports, in each counted period.
    pub criteria: Vec<AchievementLine>,
    pub summary: String,
    pub achievement_text: String,
}

/// One criterion in one period: the figures, the target, met or not.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AchievementLine {
    pub period_id: String,
    pub criterion_code: String,
    pub title: String,
    pub measure: Measure,
    /// The target in words: `≥ 90%`, `achieved`.
    pub rule: String,
    pub target: Option<f64>,
    /// The approved figures; `null` when the period has no approved report.
    pub figures: Option<Figures>,
    /// The percentage computed from them (ratios and percentages).
    pub percentage: Option<f64>,
    pub outcome: Outcome,
    pub met: bool,
    /// The approved report the figures come from.
    pub report_id: Option<String>,
}

/// `?campaign_id=&status=&subject_kind=&award_type_id=&year=&org_unit_id=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NominationFilter {
    pub campaign_id: Option<String>,
    #[param(inline)]
    pub status: Option<NominationStatus>,
    #[param(inline)]
    pub subject_kind: Option<NomineeKind>,
    pub award_type_id: Option<String>,
    /// The achievement's year: its period's, or for a whole-campaign
    /// achievement any year the campaign runs in.
    #[param(minimum = 1900, maximum = 9999)]
    pub year: Option<i32>,
    /// The participant unit (the nominee, or the nominee's unit).
    pub org_unit_id: Option<String>,
    /// Only records changed at or after this instant (RFC 3339): what an
    /// integration syncs since its last call.
    #[serde(default, deserialize_with = "super::time::rfc3339_opt")]
    pub updated_since: Option<DateTime<Utc>>,
}

/// Withdrawing: why.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawInput {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Posting publicly.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct PostInput {
    /// The first day of the posting; absent: today. The posting lasts the
    /// setting `nominations.posting_working_days` (default 10) working days.
    #[serde(default)]
    pub posted_on: Option<NaiveDate>,
}

/// The chairman's decision.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecideInput {
    pub outcome: Decision,
    /// Why: required to reject, optional to approve.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
    /// To approve over eligibility rules not met or pending: why (kept and audited).
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub override_reason: Option<String>,
}

/// The superior level's decision on a forwarded nomination.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SuperiorDecisionInput {
    pub outcome: Decision,
    /// Its number and symbol: 1–100 characters.
    #[schema(example = "1234/QĐ-UBND", min_length = 1, max_length = 100)]
    pub decision_number: String,
    /// The day it was signed, not in the future.
    pub decided_on: NaiveDate,
    /// Who issued it: 1–200 characters.
    #[schema(example = "Chủ tịch UBND huyện Vụ Bản", min_length = 1, max_length = 200)]
    pub issuer: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

/// Feedback from the public while the nomination is posted.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FeedbackInput {
    /// Not before the posting began, not in the future.
    pub received_on: NaiveDate,
    /// Who or where it came from: 1–200 characters.
    #[schema(example = "Hòm thư góp ý thôn Đồng Phù", min_length = 1, max_length = 200)]
    pub source: String,
    /// 1–5,000 characters.
    #[schema(min_length = 1, max_length = 5000)]
    pub body: String,
}

/// Feedback recorded on a nomination.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackView {
    pub id: String,
    pub nomination_id: String,
    pub received_on: NaiveDate,
    pub source: String,
    pub body: String,
    /// `user:<id>`.
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

/// Every rule a nomination is checked against, judged and explained.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EligibilityView {
    pub nomination_id: String,
    pub status: NominationStatus,
    /// The day the rules were read on.
    pub evaluated_on: NaiveDate,
    /// The worst of the rules: `met` only when every rule is met.
    pub outcome: Verdict,
    pub eligible: bool,
    pub rules: Vec<RuleView>,
}

/// One rule, for one nominee.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RuleView {
    pub code: RuleCode,
    /// What the rule says.
    pub text: String,
    /// The article it comes from.
    #[schema(example = "Kế hoạch 05/KH-UBND §VI.2")]
    pub basis: String,
    pub outcome: Verdict,
    /// Why, naming the figures.
    pub explanation: String,
    /// The figures the rule read (score, rank, targets, complaints, prior awards, …).
    #[schema(value_type = Object)]
    pub figures: serde_json::Value,
}

impl From<RuleOutcome> for RuleView {
    fn from(o: RuleOutcome) -> Self {
        Self {
            code: o.code,
            text: o.code.text().to_owned(),
            basis: o.basis,
            outcome: o.verdict,
            explanation: o.explanation,
            figures: o.figures,
        }
    }
}

/// `?period=`: one period, or (absent) the whole campaign.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionParams {
    /// One period (`2023Q4`); absent: the whole campaign.
    pub period: Option<String>,
}

/// Who attains each of a campaign's collective award rules.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Suggestions {
    pub campaign: CampaignRef,
    pub period: Option<String>,
    /// The periods counted.
    pub periods: Vec<String>,
    pub rules: Vec<SuggestedAward>,
}

/// One rule and the units that attain it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SuggestedAward {
    pub rule: AwardRuleView,
    pub award_type_name: String,
    pub issuing_level: IssuingLevel,
    /// Best first.
    pub units: Vec<SuggestedUnit>,
}

/// A unit that attains a rule.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SuggestedUnit {
    pub org_unit_id: String,
    pub code: String,
    pub name: String,
    pub score: Option<f64>,
    pub rank: Option<u32>,
    pub targets_met: i64,
    pub targets_applicable: i64,
    /// Whether a live nomination (not withdrawn or rejected) of the unit for
    /// this award and achievement exists already.
    pub already_nominated: bool,
    pub nomination_ids: Vec<String>,
}

/// `?period=&format=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalParams {
    /// One period's nominations; absent: every nomination of the campaign.
    pub period: Option<String>,
    /// `json` (the default), `csv` or `xlsx`; overrides `Accept`.
    #[param(inline)]
    pub format: Option<Format>,
}

/// The danh sách đề nghị: the nominations put forward (every status but
/// draft and withdrawn), by award, collectives first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProposalList {
    pub campaign: CampaignRef,
    pub period: Option<String>,
    pub generated_at: DateTime<Utc>,
    pub items: Vec<ProposalLine>,
}

/// One line of the proposal list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProposalLine {
    /// 1, 2, 3, … in the list's order.
    pub no: u32,
    pub nomination_id: String,
    pub subject_kind: NomineeKind,
    /// The person's full name, or the unit's name.
    pub name: String,
    /// An individual: position, unit; a collective: the unit it belongs to.
    pub position_unit: String,
    pub award_type_id: String,
    pub award: String,
    pub period_id: Option<String>,
    pub summary: String,
    pub status: NominationStatus,
}

/// One move in a nomination's history: its own moves and statuses, not a report's.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NominationHistoryEntry {
    /// `user:<id>` or `service:<id>`.
    pub actor: String,
    pub at: DateTime<Utc>,
    #[schema(value_type = NominationMove)]
    pub action: String,
    #[schema(value_type = Option<NominationStatus>)]
    pub from_status: Option<String>,
    #[schema(value_type = NominationStatus)]
    pub to_status: String,
    pub reason: Option<String>,
}
