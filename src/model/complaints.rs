//! The complaints register as the API reads and answers it: a complaint
//! (never with who complained), what the office records and corrects, the
//! moves, the history, the evidence, and the complainant — answered by one
//! operation only.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::complaint::{Channel, ComplaintStatus, Conduct, LegalKind, Outcome};

/// A complaint (phản ánh, kiến nghị; khiếu nại; tố cáo) in the register.
/// Who complained is never part of it: `has_complainant` says whether an
/// identity is recorded, readable by the office and the chairman alone at
/// `/complaints/{id}/complainant`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplaintView {
    pub id: String,
    pub received_on: NaiveDate,
    pub channel: Channel,
    pub legal_kind: LegalKind,
    pub conduct: Conduct,
    /// When what is complained of happened.
    pub incident_on: NaiveDate,
    /// The unit concerned; for a complaint about a person, that person's unit.
    pub org_unit_id: String,
    /// The person concerned, if the complaint is about one.
    pub person_id: Option<String>,
    pub description: String,
    /// Whether a complainant's identity is recorded.
    pub has_complainant: bool,
    pub status: ComplaintStatus,
    /// How it was concluded (`concluded` only).
    pub outcome: Option<Outcome>,
    /// The concluding document's number, e.g. `15/KL-UBND`.
    pub conclusion_number: Option<String>,
    pub conclusion_on: Option<NaiveDate>,
    /// Who concluded it, e.g. `Chủ tịch UBND xã Đại Thắng`.
    pub conclusion_issuer: Option<String>,
    /// Why it was withdrawn or not accepted.
    pub status_reason: Option<String>,
    /// Send it back in `If-Match` to correct or move the complaint.
    pub version: i32,
    /// `user:<id>` of whoever recorded it.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Who complained, as the office records it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ComplainantInput {
    #[schema(min_length = 1, max_length = 200, example = "Trần Văn An")]
    pub name: String,
    /// A telephone, an e-mail or an address.
    #[schema(max_length = 500, example = "0912 345 678")]
    pub contact: Option<String>,
}

/// A complaint's details, recorded or corrected by the office.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ComplaintInput {
    /// Not after today (as counted in Vietnam).
    pub received_on: NaiveDate,
    pub channel: Channel,
    pub legal_kind: LegalKind,
    pub conduct: Conduct,
    /// Not after `received_on`.
    pub incident_on: NaiveDate,
    /// The unit concerned, in the caller's scope.
    pub org_unit_id: String,
    /// The person concerned: one of the people of `org_unit_id` itself.
    pub person_id: Option<String>,
    #[schema(min_length = 1, max_length = 20000)]
    pub description: String,
    /// Who complained. On a correction: absent, it stays as recorded;
    /// `null`, it is removed; given, it replaces the one recorded.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(value_type = Option<ComplainantInput>)]
    pub complainant: Option<Option<ComplainantInput>>,
}

/// The complainant of a complaint: read only by the office and the
/// chairman, and every read is written to the audit log.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplainantView {
    pub complaint_id: String,
    /// Whether an identity is recorded; `name` and `contact` are null when not.
    pub recorded: bool,
    pub name: Option<String>,
    pub contact: Option<String>,
}

/// The list's filters. `year` and `received_from`/`received_to` may be combined.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplaintFilter {
    pub status: Option<ComplaintStatus>,
    pub legal_kind: Option<LegalKind>,
    pub conduct: Option<Conduct>,
    /// Complaints about this unit or any unit below it.
    pub org_unit_id: Option<String>,
    pub person_id: Option<String>,
    /// The year the incident happened in.
    #[param(minimum = 1900, maximum = 9999)]
    pub year: Option<i32>,
    /// Received on or after this day.
    pub received_from: Option<NaiveDate>,
    /// Received on or before this day (not before `received_from`).
    pub received_to: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
}

/// A conclusion: the outcome and the concluding document.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConcludeInput {
    pub outcome: Outcome,
    /// The concluding document's number.
    #[schema(min_length = 1, max_length = 100, example = "15/KL-UBND")]
    pub conclusion_number: String,
    /// Not before the complaint was received, not after today.
    pub conclusion_on: NaiveDate,
    /// Who concluded it.
    #[schema(min_length = 1, max_length = 200, example = "Chủ tịch UBND xã Đại Thắng")]
    pub conclusion_issuer: String,
}

/// One move of a complaint: who, when, from what, to what, and why.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplaintHistoryEntry {
    /// `user:<id>`.
    pub actor: String,
    pub at: DateTime<Utc>,
    #[schema(value_type = super::choices::ComplaintAction)]
    pub action: String,
    /// None for the recording of the complaint.
    pub from_status: Option<ComplaintStatus>,
    pub to_status: ComplaintStatus,
    pub reason: Option<String>,
}

/// A piece of a complaint's evidence: a file in the evidence store, or a link.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplaintEvidenceView {
    pub id: String,
    pub complaint_id: String,
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

/// The multipart form of an upload to a complaint.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // describes the request; the handler reads the parts as a stream
pub struct ComplaintEvidenceUpload {
    /// The file; its part's Content-Type must be an allowed type (setting `evidence.allowed_types`).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// A title; the file name when absent.
    title: Option<String>,
}

/// A link as a complaint's evidence.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ComplaintLinkInput {
    /// An http or https address.
    #[schema(max_length = 2000, example = "https://dichvucong.gov.vn/p/phan-anh")]
    pub url: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(body: serde_json::Value) -> ComplaintInput {
        let mut full = serde_json::json!({
            "received_on": "2023-05-02", "channel": "hotline", "legal_kind": "feedback", "conduct": "delay",
            "incident_on": "2023-05-01", "org_unit_id": "u", "description": "d",
        });
        full.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
        serde_json::from_value(full).unwrap()
    }

    #[test]
    fn an_absent_complainant_differs_from_a_null_one() {
        assert!(input(serde_json::json!({})).complainant.is_none(), "absent: kept");
        assert!(matches!(input(serde_json::json!({ "complainant": null })).complainant, Some(None)), "null: removed");
        let given = input(serde_json::json!({ "complainant": { "name": "A" } })).complainant;
        assert!(matches!(given, Some(Some(ComplainantInput { ref name, contact: None })) if name == "A"));
    }
}
