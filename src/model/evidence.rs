//! Evidence as the API reads and answers it: files and links supporting a
//! report or one of its values.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A piece of evidence.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EvidenceView {
    pub id: String,
    pub report_id: String,
    /// The criterion it supports; none: the report as a whole.
    pub criterion_id: Option<String>,
    #[schema(value_type = super::choices::EvidenceKind)]
    pub kind: String,
    pub title: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    /// SHA-256 of the file, hex.
    pub sha256: Option<String>,
    pub url: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Set when it was deleted; it is kept for the audit trail.
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<String>,
}

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // describes the request; the handler reads the parts as a stream
pub struct EvidenceUpload {
    /// The file; its part's Content-Type must be an allowed type (setting `evidence.allowed_types`).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// A title; the file name when absent.
    title: Option<String>,
    /// The criterion it supports, by id or code.
    criterion: Option<String>,
}

/// A link as evidence.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewLink {
    /// An http or https address.
    #[schema(max_length = 2000, example = "https://daithang.vuban.namdinh.gov.vn/tthc")]
    pub url: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    /// The criterion it supports, by id or code.
    pub criterion: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceFilter {
    /// Include deleted items (kept for the audit trail).
    pub include_deleted: Option<bool>,
}
