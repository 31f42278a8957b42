//! Campaign definitions as JSON: what an export answers and an import reads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::criteria::CriterionInput;
use crate::domain::periods::PeriodType;

/// The format marker of a definition.
pub const FORMAT: &str = "thidua.campaign/1";

super::choices::choice!(
    /// `CampaignDefinition.format`.
    DefinitionFormat,
    "The format marker of a campaign definition.",
    [FORMAT]
);

/// A campaign's definition: everything but its id, status and history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CampaignDefinition {
    #[schema(value_type = DefinitionFormat, example = "thidua.campaign/1")]
    pub format: String,
    pub campaign: DefinedCampaign,
    /// Parents before their sub-criteria; parents named by `parent_code`,
    /// units by code.
    pub criteria: Vec<CriterionInput>,
    /// The participating units, by code.
    pub participants: Vec<String>,
}

/// The campaign part of a definition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DefinedCampaign {
    pub code: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: PeriodType,
    pub legal_bases: Vec<String>,
    pub description: String,
    /// Days after a period's end when reports are due.
    #[schema(maximum = 365)]
    pub submission_days: u32,
    /// Days after a period's end when it locks (not before the due day).
    #[schema(maximum = 366)]
    pub lock_days: u32,
    pub results_public: bool,
    /// The original campaign's id, written on export and kept by import, so
    /// that copies of a plan stay recognisable whatever their code.
    #[serde(default)]
    pub lineage: Option<String>,
}

/// A definition to import as a new draft campaign.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportRequest {
    /// The unit that issues the new campaign.
    pub issuer_id: String,
    pub definition: CampaignDefinition,
    /// Overrides the definition's code (e.g. a new plan number).
    pub code: Option<String>,
    /// Overrides the definition's dates (e.g. another year).
    pub issued_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Overrides the definition's participants (ids or codes); `[]` for none yet.
    pub participants: Option<Vec<String>>,
}
