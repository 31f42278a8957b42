//! The reasons given with a move — required to return, reopen, withdraw or
//! decline; optional to submit, approve, propose or forward — one schema
//! each in the document, whatever the record moved.

use serde::Deserialize;
use utoipa::ToSchema;

/// A required reason: at least one character that is not a space (it is
/// kept trimmed), 2,000 at most.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonInput {
    #[schema(min_length = 1, max_length = 2000, example = "Người phản ánh rút đơn ngày 12/3.")]
    pub reason: String,
}

/// An optional reason: blank is taken as none; 2,000 characters at most.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct MoveInput {
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

impl From<ReasonInput> for MoveInput {
    fn from(input: ReasonInput) -> Self {
        Self { reason: Some(input.reason) }
    }
}
