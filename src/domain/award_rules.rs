//! A campaign's award rules — what earns each award type — and its bar:
//! which complaints keep a nominee from any award (plan 05/KH-UBND §VI).
//! How they are applied to a nominee is `domain::eligibility`.

use chrono::{DateTime, Utc};

use super::complaint::Conduct;
use super::nomination::{NomineeKind, TaskRating};

/// What earns one award type, for one kind of nominee, in one campaign. A
/// threshold that is `None` (or `all_targets_met: false`) is not checked.
#[derive(Clone, Debug, PartialEq)]
pub struct AwardRule {
    pub id: String,
    pub campaign_id: String,
    pub award_type_id: String,
    pub subject_kind: NomineeKind,
    /// The lowest score (100-point scale) that earns it.
    pub min_score: Option<f64>,
    /// Whether every applicable target must have been met.
    pub all_targets_met: bool,
    /// The lowest rank that earns it (1 is the best).
    pub max_rank: Option<u32>,
    /// Individuals: the lowest task-completion rating of the year that earns it.
    pub min_rating: Option<TaskRating>,
    /// The article the rule comes from, cited in every explanation.
    pub basis: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The article plan 05 bars nominees by.
pub const PLAN_05_BAR_BASIS: &str = "Kế hoạch 05/KH-UBND §VI.2";

/// A campaign's bar: the conduct a founded complaint must be about to bar a
/// nominee, and whether a complaint about a member bars the member's unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardBar {
    pub campaign_id: String,
    pub barred_conducts: Vec<Conduct>,
    pub members_bar_collective: bool,
    pub basis: String,
    /// 0 while the campaign keeps the default (no row stored yet).
    pub version: i32,
    /// `None` while the campaign keeps the default.
    pub updated_at: Option<DateTime<Utc>>,
}

impl AwardBar {
    /// The bar of a campaign that set none: plan 05's five categories (quan
    /// liêu, cửa quyền, sách nhiễu, tham ô, lãng phí), about the nominee
    /// itself — a complaint about a member does not bar its unit.
    pub fn plan_05(campaign_id: &str) -> Self {
        Self {
            campaign_id: campaign_id.to_owned(),
            barred_conducts: Conduct::PLAN_05_BARRED.to_vec(),
            members_bar_collective: false,
            basis: PLAN_05_BAR_BASIS.to_owned(),
            version: 0,
            updated_at: None,
        }
    }

    pub fn bars(&self, conduct: Conduct) -> bool {
        self.barred_conducts.contains(&conduct)
    }
}

/// The stored form of a bar's categories: space-separated, in the register's order.
pub fn conducts_text(conducts: &[Conduct]) -> String {
    Conduct::ALL.iter().filter(|c| conducts.contains(c)).map(|c| c.as_str()).collect::<Vec<_>>().join(" ")
}

/// The categories of a stored bar; `Err` names a word that is none.
pub fn parse_conducts(text: &str) -> Result<Vec<Conduct>, String> {
    text.split_whitespace().map(str::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_bar_is_plan_05s() {
        let bar = AwardBar::plan_05("c");
        assert_eq!(bar.barred_conducts.len(), 5);
        assert!(bar.bars(Conduct::Harassment) && !bar.bars(Conduct::Delay) && !bar.bars(Conduct::Other));
        assert!(!bar.members_bar_collective);
        assert_eq!(bar.basis, "Kế hoạch 05/KH-UBND §VI.2");
        assert_eq!(bar.version, 0);
    }

    #[test]
    fn conducts_are_stored_as_words_in_the_registers_order() {
        let text = conducts_text(&[Conduct::Waste, Conduct::Bureaucracy, Conduct::Waste]);
        assert_eq!(text, "bureaucracy waste");
        assert_eq!(parse_conducts(&text), Ok(vec![Conduct::Bureaucracy, Conduct::Waste]));
        assert_eq!(parse_conducts(""), Ok(vec![]));
        assert!(parse_conducts("bureaucracy rudeness").is_err());
    }
}
