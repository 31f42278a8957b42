//! Commendation reference data as the API shows it: legal bases, the base
//! salary table, award types with their dated coefficients, and an amount.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::awards::{
    AwardCoefficient, AwardKind, AwardType, BaseSalary, IssuingLevel, LegalBasis, SubjectKind,
};

/// A law or decree (văn bản) that figures rest on.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LegalBasisView {
    #[schema(example = "lb-nd-91-2017")]
    pub id: String,
    /// Its number and symbol.
    #[schema(example = "91/2017/NĐ-CP")]
    pub code: String,
    pub title: String,
    #[schema(example = "Chính phủ")]
    pub issuer: String,
    /// When it was signed; absent when not known.
    pub issued_on: Option<NaiveDate>,
    pub in_force_from: NaiveDate,
    /// The last day it was in force; absent while it is.
    pub in_force_to: Option<NaiveDate>,
    /// Whether the record was checked against the text or an official source;
    /// `false` marks a figure still to confirm.
    pub verified: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<LegalBasis> for LegalBasisView {
    fn from(b: LegalBasis) -> Self {
        Self {
            id: b.id,
            code: b.code,
            title: b.title,
            issuer: b.issuer,
            issued_on: b.issued_on,
            in_force_from: b.in_force_from,
            in_force_to: b.in_force_to,
            verified: b.verified,
            version: b.version,
            created_at: b.created_at,
            updated_at: b.updated_at,
        }
    }
}

/// The statutory base salary (mức lương cơ sở) from a date until the next row's.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BaseSalaryView {
    #[schema(example = "bs-2023-07-01")]
    pub id: String,
    pub in_force_from: NaiveDate,
    /// A month's base salary in đồng.
    #[schema(example = 1_800_000)]
    pub amount_vnd: i64,
    pub legal_basis_id: String,
    /// `false` marks a figure still to confirm.
    pub verified: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<BaseSalary> for BaseSalaryView {
    fn from(s: BaseSalary) -> Self {
        Self {
            id: s.id,
            in_force_from: s.in_force_from,
            amount_vnd: s.amount_vnd,
            legal_basis_id: s.legal_basis_id,
            verified: s.verified,
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// An award type's coefficient for one subject kind over a span of dates.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AwardCoefficientView {
    #[schema(example = "ac-giay-khen-xa-individual-2017")]
    pub id: String,
    pub subject_kind: SubjectKind,
    pub valid_from: NaiveDate,
    /// The last day it applies; absent while it does.
    pub valid_to: Option<NaiveDate>,
    /// The coefficient as an exact decimal, to be multiplied by the base salary.
    #[schema(example = "0.15", pattern = r"^[0-9]+(\.[0-9]{1,3})?$")]
    pub coefficient: String,
    pub legal_basis_id: String,
    /// `false` marks a figure still to confirm.
    pub verified: bool,
    pub version: i32,
}

impl From<AwardCoefficient> for AwardCoefficientView {
    fn from(c: AwardCoefficient) -> Self {
        Self {
            id: c.id,
            subject_kind: c.subject_kind,
            valid_from: c.valid_from,
            valid_to: c.valid_to,
            coefficient: c.coefficient.to_string(),
            legal_basis_id: c.legal_basis_id,
            verified: c.verified,
            version: c.version,
        }
    }
}

/// A form of commendation (Giấy khen, …) or an emulation title.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AwardTypeView {
    #[schema(example = "at-giay-khen-xa")]
    pub id: String,
    #[schema(example = "giay-khen-xa")]
    pub code: String,
    #[schema(example = "Giấy khen của Chủ tịch UBND xã")]
    pub name: String,
    pub kind: AwardKind,
    /// Whose chairman decides it.
    pub issuing_level: IssuingLevel,
    pub valid_from: NaiveDate,
    /// The last day it may be awarded; absent while it may.
    pub valid_to: Option<NaiveDate>,
    pub legal_basis_id: String,
    /// `false` marks a record still to confirm.
    pub verified: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The subject kinds it may go to, at any date.
    pub subjects: Vec<SubjectKind>,
    /// Its coefficients per subject kind, oldest first.
    pub coefficients: Vec<AwardCoefficientView>,
}

impl From<AwardType> for AwardTypeView {
    fn from(t: AwardType) -> Self {
        let subjects =
            SubjectKind::ALL.into_iter().filter(|s| t.coefficients.iter().any(|c| c.subject_kind == *s)).collect();
        Self {
            id: t.id,
            code: t.code,
            name: t.name,
            kind: t.kind,
            issuing_level: t.issuing_level,
            valid_from: t.valid_from,
            valid_to: t.valid_to,
            legal_basis_id: t.legal_basis_id,
            verified: t.verified,
            version: t.version,
            created_at: t.created_at,
            updated_at: t.updated_at,
            subjects,
            coefficients: t.coefficients.into_iter().map(AwardCoefficientView::from).collect(),
        }
    }
}

/// `?subject_kind=&on=`: whom the award goes to and the day the decision is signed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AmountParams {
    /// Who receives the award.
    pub subject_kind: SubjectKind,
    /// The date the decision is signed (YYYY-MM-DD): it decides the coefficient and the base salary.
    #[param(value_type = String, format = Date, example = "2023-12-20")]
    pub on: NaiveDate,
}

/// The money an award carries on a date, with every input it used.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AwardAmountView {
    pub award_type_id: String,
    pub subject_kind: SubjectKind,
    /// The signing date asked about.
    pub on: NaiveDate,
    /// The coefficient in force for that subject on that date.
    pub coefficient: AwardCoefficientView,
    /// The base salary in force on that date.
    pub base_salary: BaseSalaryView,
    /// coefficient × base salary, in đồng (rounded up to the đồng should it have a fraction).
    #[schema(example = 702_000)]
    pub raw_amount_vnd: i64,
    /// The amount paid: the raw amount rounded up to the next `rounding_step_vnd`.
    #[schema(example = 710_000)]
    pub amount_vnd: i64,
    #[schema(example = 10_000)]
    pub rounding_step_vnd: i64,
    /// The rounding rule in words, with its legal basis.
    pub rounding_rule: String,
    /// The legal bases of the award type, the coefficient and the base salary used.
    pub legal_bases: Vec<LegalBasisView>,
    /// Whether every figure used is verified; `false` when any is still to confirm.
    pub verified: bool,
}

/// A legal basis to record, or its corrected fields (all of them).
#[derive(Debug, Deserialize, ToSchema)]
pub struct LegalBasisInput {
    /// Its number and symbol, unique.
    #[schema(example = "73/2024/NĐ-CP", min_length = 1, max_length = 100)]
    pub code: String,
    #[schema(min_length = 1, max_length = 1000)]
    pub title: String,
    #[schema(min_length = 1, max_length = 200)]
    pub issuer: String,
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    pub in_force_from: NaiveDate,
    /// On or after `in_force_from`.
    #[serde(default)]
    pub in_force_to: Option<NaiveDate>,
    pub verified: bool,
}

/// A base salary row to record, or its corrected fields (all of them).
#[derive(Debug, Deserialize, ToSchema)]
pub struct BaseSalaryInput {
    /// Unique: one amount from each date.
    pub in_force_from: NaiveDate,
    /// More than 0 đồng.
    #[schema(example = 2_340_000, minimum = 1)]
    pub amount_vnd: i64,
    /// An existing legal basis.
    pub legal_basis_id: String,
    pub verified: bool,
}
