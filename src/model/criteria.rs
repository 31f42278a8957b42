//! A campaign's criteria as the API shows them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::campaign::{Comparator, Criterion, Measure};
use crate::domain::org::OrgKind;

/// A criterion.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CriterionView {
    pub id: String,
    pub campaign_id: String,
    /// The criterion this one is a sub-criterion of (criterion 9 of plan 05/KH-UBND has one).
    pub parent_id: Option<String>,
    /// Its number in the plan; a sub-criterion shares its parent's.
    pub ordinal: i32,
    /// A short code, unique in the campaign, e.g. `9` or `9.1`.
    pub code: String,
    /// The criterion as the plan states it, in Vietnamese.
    pub title: String,
    pub description: String,
    pub measure: Measure,
    pub comparator: Comparator,
    /// A percentage (0–100) for ratios and percentages, a whole number for counts, none for yes/no.
    pub target: Option<f64>,
    pub numerator_label: Option<String>,
    pub denominator_label: Option<String>,
    pub weight: f64,
    /// Only participants of these kinds report it.
    pub applies_to_kinds: Option<Vec<OrgKind>>,
    /// Only these participants (ids) report it. Neither list: every participant.
    pub applies_to_units: Option<Vec<String>>,
    pub version: i32,
}

impl From<Criterion> for CriterionView {
    fn from(c: Criterion) -> Self {
        Self {
            id: c.id,
            campaign_id: c.campaign_id,
            parent_id: c.parent_id,
            ordinal: c.ordinal,
            code: c.code,
            title: c.title,
            description: c.description,
            measure: c.measure,
            comparator: c.comparator,
            target: c.target,
            numerator_label: c.numerator_label,
            denominator_label: c.denominator_label,
            weight: c.weight,
            applies_to_kinds: c.applies_to_kinds,
            applies_to_units: c.applies_to_units,
            version: c.version,
        }
    }
}

/// A criterion's definition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CriterionInput {
    #[schema(minimum = 1, maximum = 1000)]
    pub ordinal: i32,
    #[schema(pattern = r"^[A-Za-z0-9._-]{1,20}$", example = "9.1")]
    pub code: String,
    #[schema(min_length = 1, max_length = 2000)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub measure: Measure,
    pub comparator: Comparator,
    #[schema(schema_with = super::figures::target)]
    pub target: Option<f64>,
    /// Required for a ratio: what the numerator counts.
    pub numerator_label: Option<String>,
    /// Required for a ratio: what the denominator counts.
    pub denominator_label: Option<String>,
    /// Default 1.
    #[schema(minimum = 0, maximum = 100)]
    pub weight: Option<f64>,
    /// The parent criterion, by id (it must belong to the same campaign)…
    pub parent_id: Option<String>,
    /// …or by code.
    pub parent_code: Option<String>,
    pub applies_to_kinds: Option<Vec<OrgKind>>,
    /// Units by id or code, inside the issuing unit.
    pub applies_to_units: Option<Vec<String>>,
}
