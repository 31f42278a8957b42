//! Award decisions and reward funds on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::scoreboard::Format;
use crate::domain::award_decision::{DecisionStatus, RevocationGround};
use crate::domain::awards::SubjectKind;

/// A decision to prepare, or a draft's fields replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AwardDecisionInput {
    /// Number and symbol (số, ký hiệu), unique for the issuer: a digit, no
    /// spaces inside, at most 50 characters.
    #[schema(example = "12/QĐ-UBND", min_length = 1, max_length = 50)]
    pub number: String,
    /// The day it is (to be) signed: it decides the coefficients and the base salary.
    #[schema(example = "2023-12-20")]
    pub signed_on: NaiveDate,
    #[schema(example = "Nguyễn Văn An", min_length = 1, max_length = 200)]
    pub signer_name: String,
    #[schema(example = "Chủ tịch UBND xã", min_length = 1, max_length = 200)]
    pub signer_title: String,
    /// Existing legal bases (`/api/v1/award-reference/legal-bases`), each once; at least one.
    #[schema(min_items = 1)]
    pub legal_basis_ids: Vec<String>,
    /// Nominations approved by the commune's chairman for an award the
    /// commune issues, on no other decision; each once, at least one. The
    /// lines follow this order.
    #[schema(min_items = 1)]
    pub nomination_ids: Vec<String>,
}

/// The chairman's signature: with a reason, a decision may exceed the year's
/// reward fund or be signed with no fund recorded for that year.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SignInput {
    /// Why it is signed over the budget, or without a fund (kept and audited).
    pub over_budget_reason: Option<String>,
}

/// Revoking one line (hủy bỏ, thu hồi tiền thưởng).
#[derive(Debug, Deserialize, ToSchema)]
pub struct RevokeInput {
    pub ground: RevocationGround,
    /// The facts: what was found, the concluding document.
    #[schema(example = "Kết luận số 05/KL-UBND ngày 10/3/2024: khiếu nại đúng, xảy ra trong năm được khen")]
    pub reason: String,
    /// The money to recover; the line's amount when absent. 0 to the amount.
    #[schema(minimum = 0)]
    pub recover_vnd: Option<i64>,
}

/// One awarded subject, with the amount and every figure it was computed from.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DecisionLineView {
    pub id: String,
    pub decision_id: String,
    /// Its number on the decision's list (số thứ tự), from 1.
    pub ordinal: i32,
    pub nomination_id: String,
    pub campaign_id: String,
    pub subject_kind: SubjectKind,
    /// The person, or the unit for a collective, as named on the decision.
    pub subject_name: String,
    pub org_unit_id: String,
    pub org_unit_name: String,
    pub person_id: Option<String>,
    pub award_type_id: String,
    pub award_type_name: String,
    /// Fixed when signed: the coefficient in force for the subject kind on the signing day.
    #[schema(example = "0.15")]
    pub coefficient: Option<String>,
    pub coefficient_id: Option<String>,
    /// Fixed when signed: the base salary in force on the signing day.
    pub base_salary_vnd: Option<i64>,
    pub base_salary_id: Option<String>,
    /// coefficient × base salary.
    pub raw_amount_vnd: Option<i64>,
    /// The raw amount rounded up to the next 10,000 đồng: what is paid.
    pub amount_vnd: Option<i64>,
    /// The legal basis of the coefficient applied (the decree in force).
    pub legal_basis_id: Option<String>,
    pub revoked: bool,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<String>,
    pub revoke_ground: Option<RevocationGround>,
    pub revoke_reason: Option<String>,
    /// The money to recover.
    pub recover_vnd: Option<i64>,
    /// The line's own version: revoking it needs it in `If-Match`.
    pub version: i32,
}

/// A decision with its lines.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AwardDecisionView {
    pub id: String,
    /// The issuing commune, named as it was on `signed_on`, and its label
    /// with its parents' names of that day, as the decision's heading writes
    /// it (`Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định` for 2023, after the
    /// merger too). Its lines' units are named as of that day as well.
    pub org_unit_id: String,
    pub org_unit_name: String,
    pub org_unit_label: String,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signer_name: String,
    pub signer_title: String,
    pub legal_basis_ids: Vec<String>,
    pub status: DecisionStatus,
    /// The sum of the lines' amounts, fixed when signed (0 for a draft).
    pub total_vnd: i64,
    /// The sum of the money to recover from revoked lines.
    pub recovered_vnd: i64,
    /// The reward fund charged, when one was.
    pub fund_id: Option<String>,
    pub over_budget_reason: Option<String>,
    pub signed_by: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    pub lines: Vec<DecisionLineView>,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A decision in a list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AwardDecisionSummary {
    pub id: String,
    pub org_unit_id: String,
    pub org_unit_name: String,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signer_name: String,
    pub status: DecisionStatus,
    pub total_vnd: i64,
    /// How many lines it has.
    pub lines: i64,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// `?year=&status=&campaign_id=&award_type_id=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AwardDecisionFilter {
    /// Signed (or to be signed) in this year.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 65535)]
    pub year: Option<u16>,
    /// `draft` or `signed`; drafts are listed only to the office and the chairman.
    pub status: Option<DecisionStatus>,
    /// With a line for a nomination of this campaign.
    pub campaign_id: Option<String>,
    /// With a line of this award type.
    pub award_type_id: Option<String>,
}

/// `?format=`: the decision as JSON, or its list as a file.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AwardDecisionParams {
    /// `json` (the default), `csv` or `xlsx`; overrides `Accept`.
    #[param(inline)]
    pub format: Option<Format>,
}

/// A reward fund to open for an issuer and a year.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRewardFund {
    /// The issuing commune, in the caller's scope.
    pub org_unit_id: String,
    #[schema(example = 2023, minimum = 1900, maximum = 9999)]
    pub year: i32,
    #[schema(example = 20_000_000, minimum = 0)]
    pub budget_vnd: i64,
}

/// A fund's new budget.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RewardFundUpdate {
    /// At least what is committed already.
    #[schema(example = 25_000_000, minimum = 0)]
    pub budget_vnd: i64,
}

/// A reward fund (quỹ thi đua, khen thưởng) of an issuer for a year.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RewardFundView {
    pub id: String,
    pub org_unit_id: String,
    pub org_unit_name: String,
    pub year: i32,
    pub budget_vnd: i64,
    /// What signed decisions have charged to it, less what revoked lines recover.
    pub committed_vnd: i64,
    /// Budget less committed (negative when a decision was signed over the budget).
    pub remaining_vnd: i64,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `?year=&org_unit_id=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RewardFundFilter {
    #[param(value_type = Option<i64>, minimum = 0, maximum = 65535)]
    pub year: Option<u16>,
    pub org_unit_id: Option<String>,
}
