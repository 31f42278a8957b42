//! The papers a commune signs, on the wire: which file format to answer.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The file a paper comes as: `docx` (editable, for the office to finish
/// before signing) or `pdf` (for the record, its font embedded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Docx,
    Pdf,
}

/// `?format=`: overrides `Accept`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentParams {
    /// `pdf` (the default) or `docx`; overrides `Accept`
    /// (`application/pdf`, or the WordprocessingML media type).
    #[param(inline)]
    pub format: Option<DocumentFormat>,
}

/// `?period=&format=`: a paper about a campaign's period, or (no `period`)
/// the whole campaign.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodDocumentParams {
    /// A period of the campaign (`2023Q4`, see its `/periods`); absent: the whole campaign.
    pub period: Option<String>,
    /// `pdf` (the default) or `docx`; overrides `Accept`
    /// (`application/pdf`, or the WordprocessingML media type).
    #[param(inline)]
    pub format: Option<DocumentFormat>,
}
