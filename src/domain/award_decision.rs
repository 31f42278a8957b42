//! Award decisions (quyết định khen thưởng): a draft the office prepares,
//! signed by the chairman — which fixes each line's amount by the regime in
//! force on the signing date (`domain::awards::amount`) and charges the
//! issuer's reward fund for that year — and lines revoked, never deleted,
//! on the grounds of Luật Thi đua, khen thưởng 06/2022/QH15 chương VII.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::awards::{Coefficient, SubjectKind};

/// Where a decision is: a `draft` (editable, deletable) or `signed` (for good).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    Draft,
    Signed,
}

impl DecisionStatus {
    pub const ALL: [DecisionStatus; 2] = [DecisionStatus::Draft, DecisionStatus::Signed];

    pub const fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Draft => "draft",
            DecisionStatus::Signed => "signed",
        }
    }
}

impl std::str::FromStr for DecisionStatus {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(DecisionStatus::Draft),
            "signed" => Ok(DecisionStatus::Signed),
            _ => Err("must be draft or signed"),
        }
    }
}

/// Why an award is revoked (hủy bỏ quyết định khen thưởng, thu hồi hiện vật
/// và tiền thưởng): the grounds of Luật 06/2022/QH15 chương VII, or another
/// ground stated in the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevocationGround {
    /// The achievement was declared falsely (khai man thành tích).
    FalseDeclaration,
    /// The dossier's documents were forged (giả mạo hồ sơ).
    ForgedDocuments,
    /// The award was given against the rules (đề nghị, quyết định khen thưởng trái quy định).
    UnlawfulAward,
    /// A later conclusion found violations during the achievement period —
    /// such as a complaint concluded founded after the award.
    LaterViolation,
    /// Another ground, which the reason states.
    Other,
}

impl RevocationGround {
    pub const ALL: [RevocationGround; 5] = [
        RevocationGround::FalseDeclaration,
        RevocationGround::ForgedDocuments,
        RevocationGround::UnlawfulAward,
        RevocationGround::LaterViolation,
        RevocationGround::Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            RevocationGround::FalseDeclaration => "false_declaration",
            RevocationGround::ForgedDocuments => "forged_documents",
            RevocationGround::UnlawfulAward => "unlawful_award",
            RevocationGround::LaterViolation => "later_violation",
            RevocationGround::Other => "other",
        }
    }
}

impl std::str::FromStr for RevocationGround {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RevocationGround::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or("must be false_declaration, forged_documents, unlawful_award, later_violation or other")
    }
}

/// The longest decision number (số, ký hiệu), in characters.
pub const MAX_NUMBER: usize = 50;

/// [`check_number`] as the document states it (with `maxLength`
/// [`MAX_NUMBER`]): spaces around, then no space or control character, and
/// a digit somewhere.
pub const NUMBER_PATTERN: &str = concat!(
    r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*",
    r"[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[0-9]",
    r"[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*",
    r"[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$",
);

/// A decision's number and symbol (`12/QĐ-UBND`): trimmed, at least one
/// digit, no control characters or spaces inside; at most [`MAX_NUMBER`]
/// characters as sent (the document's `maxLength` counts spaces around).
pub fn check_number(raw: &str) -> Result<String, &'static str> {
    let number = raw.trim();
    if number.is_empty() || raw.chars().count() > MAX_NUMBER {
        return Err("must be 1 to 50 characters, such as 12/QĐ-UBND");
    }
    if number.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("may not contain spaces or control characters, such as 12/QĐ-UBND");
    }
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return Err("must hold the decision's number, such as 12/QĐ-UBND");
    }
    Ok(number.to_owned())
}

/// A reward fund's figures when a decision would be charged to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FundCharge {
    pub budget_vnd: i64,
    pub committed_vnd: i64,
    pub total_vnd: i64,
}

impl FundCharge {
    /// What remains before the charge.
    pub fn remaining_vnd(&self) -> i64 {
        self.budget_vnd - self.committed_vnd
    }

    /// Whether the charge fits the budget: committed + total ≤ budget.
    pub fn fits(&self) -> bool {
        self.committed_vnd.checked_add(self.total_vnd).is_some_and(|after| after <= self.budget_vnd)
    }

    /// By how much it would exceed the budget (0 when it fits).
    pub fn excess_vnd(&self) -> i64 {
        (self.committed_vnd.saturating_add(self.total_vnd) - self.budget_vnd).max(0)
    }
}

/// A decision as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub id: String,
    /// The issuing commune.
    pub org_unit_id: String,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signer_name: String,
    pub signer_title: String,
    pub legal_basis_ids: Vec<String>,
    pub status: DecisionStatus,
    pub total_vnd: i64,
    pub fund_id: Option<String>,
    pub over_budget_reason: Option<String>,
    pub signed_by: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One awarded subject of a decision, with what its amount was computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionLine {
    pub id: String,
    pub decision_id: String,
    pub ordinal: i32,
    pub nomination_id: String,
    pub award_type_id: String,
    pub subject_kind: SubjectKind,
    pub org_unit_id: String,
    pub person_id: Option<String>,
    pub subject_name: String,
    pub coefficient_id: Option<String>,
    pub coefficient: Option<Coefficient>,
    pub base_salary_id: Option<String>,
    pub base_salary_vnd: Option<i64>,
    pub raw_amount_vnd: Option<i64>,
    pub amount_vnd: Option<i64>,
    pub legal_basis_id: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<String>,
    pub revoke_ground: Option<RevocationGround>,
    pub revoke_reason: Option<String>,
    pub recover_vnd: Option<i64>,
    pub version: i32,
}

/// The reward fund (quỹ thi đua, khen thưởng) of an issuer for a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RewardFund {
    pub id: String,
    pub org_unit_id: String,
    pub year: i32,
    pub budget_vnd: i64,
    pub committed_vnd: i64,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(check_number(" 12/QĐ-UBND ").unwrap(), "12/QĐ-UBND");
        assert!(check_number("").is_err());
        assert!(check_number("QĐ-UBND").is_err(), "no number in it");
        assert!(check_number("12 /QĐ-UBND").is_err());
        assert!(check_number(&format!("1{}", "Đ".repeat(50))).is_err());
    }

    /// The pattern says what the check does (length aside: `maxLength`).
    #[test]
    fn the_number_pattern_is_the_check() {
        let pattern = regex::Regex::new(NUMBER_PATTERN).unwrap();
        for sample in [
            "12/QĐ-UBND",
            " 12/QĐ-UBND\u{3000}",
            "QĐ-UBND",
            "12 /QĐ",
            "12\u{a0}/QĐ",
            "12/QĐ\u{85}",
            "\u{85}12",
            "1\u{0}2",
            "1\u{7f}",
            "1\u{feff}",
            "",
            " ",
            "٣/QĐ",
            "9",
        ] {
            assert_eq!(pattern.is_match(sample), check_number(sample).is_ok(), "{sample:?}");
        }
    }

    #[test]
    fn a_charge_fits_up_to_the_last_dong() {
        let charge =
            |committed, total| FundCharge { budget_vnd: 1_000_000, committed_vnd: committed, total_vnd: total };
        assert!(charge(460_000, 540_000).fits());
        assert!(!charge(460_001, 540_000).fits());
        assert_eq!(charge(700_000, 540_000).excess_vnd(), 240_000);
        assert_eq!(charge(700_000, 540_000).remaining_vnd(), 300_000);
        assert!(!charge(i64::MAX, 1).fits(), "no overflow");
    }

    #[test]
    fn words_read_back() {
        for ground in RevocationGround::ALL {
            assert_eq!(ground.as_str().parse::<RevocationGround>(), Ok(ground));
        }
        assert_eq!("signed".parse::<DecisionStatus>(), Ok(DecisionStatus::Signed));
        assert!("voided".parse::<DecisionStatus>().is_err());
    }
}
