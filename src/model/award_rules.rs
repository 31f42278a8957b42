//! A campaign's award rules and bar as the API shows and takes them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::award_rules::{AwardBar, AwardRule};
use crate::domain::complaint::Conduct;
use crate::domain::nomination::{NomineeKind, TaskRating};

/// What earns one award type, for one kind of nominee, in a campaign.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AwardRuleView {
    pub id: String,
    pub campaign_id: String,
    #[schema(example = "at-giay-khen-xa")]
    pub award_type_id: String,
    pub subject_kind: NomineeKind,
    /// The lowest score on the 100-point scale that earns it; absent: not checked.
    #[schema(example = 90.0)]
    pub min_score: Option<f64>,
    /// Whether every applicable target must have been met.
    pub all_targets_met: bool,
    /// The lowest rank that earns it (1 is the best); absent: not checked.
    #[schema(example = 3)]
    pub max_rank: Option<u32>,
    /// Individuals: the lowest task-completion rating of the year that earns it.
    pub min_rating: Option<TaskRating>,
    /// The article the rule comes from, cited in every explanation.
    #[schema(example = "Kế hoạch 05/KH-UBND §VI.1")]
    pub basis: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<AwardRule> for AwardRuleView {
    fn from(r: AwardRule) -> Self {
        Self {
            id: r.id,
            campaign_id: r.campaign_id,
            award_type_id: r.award_type_id,
            subject_kind: r.subject_kind,
            min_score: r.min_score,
            all_targets_met: r.all_targets_met,
            max_rank: r.max_rank,
            min_rating: r.min_rating,
            basis: r.basis,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A rule to add, or its corrected fields (all of them).
#[derive(Debug, Deserialize, ToSchema)]
pub struct AwardRuleInput {
    /// An award type that may go to `subject_kind`.
    #[schema(example = "at-giay-khen-xa")]
    pub award_type_id: String,
    pub subject_kind: NomineeKind,
    /// 0–100; absent: not checked.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub min_score: Option<f64>,
    /// Absent: `false`.
    #[serde(default)]
    pub all_targets_met: bool,
    /// 1 or more; absent: not checked.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100_000)]
    pub max_rank: Option<u32>,
    /// Individuals only: `completed`, `completed_well` or `completed_excellently`.
    #[serde(default)]
    pub min_rating: Option<TaskRating>,
    /// 1–500 characters.
    #[schema(example = "Kế hoạch 05/KH-UBND §VI.1", min_length = 1, max_length = 500)]
    pub basis: String,
}

/// Which complaints bar a campaign's nominees (plan 05 §VI.2 by default).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AwardBarView {
    pub campaign_id: String,
    /// A founded or partly founded complaint about one of these, in the
    /// achievement period, bars the nominee.
    pub barred_conducts: Vec<Conduct>,
    /// Whether a complaint about a member of a unit bars the unit too.
    pub members_bar_collective: bool,
    #[schema(example = "Kế hoạch 05/KH-UBND §VI.2")]
    pub basis: String,
    /// `true` while the campaign keeps plan 05's default (version 0).
    pub default: bool,
    pub version: i32,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<AwardBar> for AwardBarView {
    fn from(b: AwardBar) -> Self {
        Self {
            default: b.version == 0,
            campaign_id: b.campaign_id,
            barred_conducts: b.barred_conducts,
            members_bar_collective: b.members_bar_collective,
            basis: b.basis,
            version: b.version,
            updated_at: b.updated_at,
        }
    }
}

/// A campaign's bar, every field.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AwardBarInput {
    /// At least one category; repeats are ignored.
    #[schema(min_items = 1)]
    pub barred_conducts: Vec<Conduct>,
    pub members_bar_collective: bool,
    /// 1–500 characters.
    #[schema(example = "Kế hoạch 05/KH-UBND §VI.2", min_length = 1, max_length = 500)]
    pub basis: String,
}
