//! The complaints register (issue 13): phản ánh, kiến nghị; khiếu nại; tố
//! cáo received against a unit or a person, how each was handled, and how
//! it ended. The office records, corrects, moves and concludes them and
//! attaches their evidence; the chairman reads them; a reporter reads those
//! about its own unit (`auth::policy` narrows its grant).
//!
//! The complainant's identity and contact — a denouncer's protected by law
//! (Luật Tố cáo 2018) — are answered by [`complainant::read`] alone, to the
//! office and the chairman, and every read of them is audited. Nothing else
//! answers them: `db::complaints` selects only whether one is recorded (a
//! correction compares them, to mark a change), and the audit snapshots and
//! the history say only whether one is recorded or changed.

pub mod complainant;
pub mod evidence;
pub mod moves;
pub mod records;

use serde_json::Value;

use crate::auth::Grant;
use crate::auth::policy::not_found;
use crate::db::complaints::Complaint;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, FieldError};
use crate::model::complaints::ComplaintView;

impl From<Complaint> for ComplaintView {
    fn from(c: Complaint) -> Self {
        Self {
            id: c.id,
            received_on: c.received_on,
            channel: c.channel,
            legal_kind: c.legal_kind,
            conduct: c.conduct,
            incident_on: c.incident_on,
            org_unit_id: c.org_unit_id,
            person_id: c.person_id,
            description: c.description,
            has_complainant: c.has_complainant,
            status: c.status,
            outcome: c.outcome,
            conclusion_number: c.conclusion_number,
            conclusion_on: c.conclusion_on,
            conclusion_issuer: c.conclusion_issuer,
            status_reason: c.status_reason,
            version: c.version,
            created_by: c.created_by,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// The complaint `id` and its unit's path, if the grant reaches its unit; 404 otherwise.
fn reachable(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<(Complaint, String), ApiError> {
    let (complaint, unit_path) = db::complaints::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&unit_path)?;
    Ok((complaint, unit_path))
}

/// What the audit log keeps of the complainant: a marker, never the identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// No identity is recorded.
    None,
    /// One is recorded (the same as before, for an update's after).
    Recorded,
    /// An update replaced a recorded identity with another.
    Changed,
}

impl Marker {
    fn of(has_complainant: bool) -> Self {
        if has_complainant { Marker::Recorded } else { Marker::None }
    }

    fn as_str(self) -> &'static str {
        match self {
            Marker::None => "none",
            Marker::Recorded => "recorded",
            Marker::Changed => "changed",
        }
    }
}

/// A complaint as the audit log keeps it: the view (which never holds the
/// complainant) with the complainant's marker.
fn snapshot(view: &ComplaintView, complainant: Marker) -> Value {
    let mut value = serde_json::to_value(view).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        fields.insert("complainant".to_owned(), Value::from(complainant.as_str()));
    }
    value
}

/// 422 listing `errors`, if there are any.
fn refuse(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() { Ok(()) } else { Err(ApiError::validation(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_marks_the_complainant_and_holds_nothing_else_of_it() {
        let view = ComplaintView {
            id: "c".into(),
            received_on: "2023-05-02".parse().unwrap(),
            channel: crate::domain::complaint::Channel::Letter,
            legal_kind: crate::domain::complaint::LegalKind::Denunciation,
            conduct: crate::domain::complaint::Conduct::Harassment,
            incident_on: "2023-05-01".parse().unwrap(),
            org_unit_id: "u".into(),
            person_id: None,
            description: "d".into(),
            has_complainant: true,
            status: crate::domain::complaint::ComplaintStatus::Received,
            outcome: None,
            conclusion_number: None,
            conclusion_on: None,
            conclusion_issuer: None,
            status_reason: None,
            version: 1,
            created_by: "user:o".into(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        let kept = snapshot(&view, Marker::Changed);
        assert_eq!(kept["complainant"], "changed");
        assert_eq!(kept["has_complainant"], true);
        assert_eq!(snapshot(&view, Marker::of(false))["complainant"], "none");
    }
}
