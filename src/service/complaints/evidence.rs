//! A complaint's evidence: files in the evidence store and links, through
//! the same checks and store as a report's (`service::attachments`). Read by
//! whoever may read the complaint; added and deleted by the office. Adding
//! is allowed in any status (the concluding document often arrives last and
//! an addition changes nothing decided); deleting only while the complaint
//! is open, and a deleted item is kept for the audit trail.

use super::reachable;
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::complaint_evidence::ComplaintEvidence;
use crate::db::{self, Db, DbConnection};
use crate::error::{ApiError, ErrorCode};
use crate::model::complaints::{ComplaintEvidenceView, ComplaintLinkInput};
use crate::model::evidence::EvidenceFilter;
use crate::service::Caller;
use crate::service::attachments::{self, CheckedUpload, StoredFile, UploadForm, UploadLimits};
use crate::service::audit::{Change, Entity};
use crate::storage::Files;

impl From<ComplaintEvidence> for ComplaintEvidenceView {
    fn from(e: ComplaintEvidence) -> Self {
        Self {
            id: e.id,
            complaint_id: e.complaint_id,
            kind: e.kind,
            title: e.title,
            filename: e.filename,
            content_type: e.content_type,
            size_bytes: e.size_bytes,
            sha256: e.sha256,
            url: e.url,
            created_by: e.created_by,
            created_at: e.created_at,
            deleted_at: e.deleted_at,
            deleted_by: e.deleted_by,
        }
    }
}

/// What an upload to one complaint may hold, read before the form is.
pub struct UploadRules {
    complaint_id: String,
    limits: UploadLimits,
}

impl UploadRules {
    /// The largest file accepted, in bytes (setting `evidence.max_bytes`).
    pub fn max_bytes(&self) -> u64 {
        self.limits.max_bytes
    }
}

/// Checks that the caller may add evidence to the complaint, and gives the limits of an upload.
pub fn upload_rules(conn: &mut DbConnection, caller: &Caller, complaint_id: &str) -> Result<UploadRules, ApiError> {
    let grant = caller.may(Action::ManageComplaints)?;
    let (complaint, _) = reachable(conn, complaint_id, &grant)?;
    Ok(UploadRules { complaint_id: complaint.id, limits: attachments::upload_limits(conn)? })
}

/// Stores an uploaded file (the form's `file` and `title` parts, checked
/// against `rules`) and records it as the complaint's evidence in one write;
/// a file whose record is refused is removed again.
pub async fn upload(
    db: &Db,
    files: &Files,
    caller: Caller,
    rules: UploadRules,
    form: UploadForm,
) -> Result<ComplaintEvidenceView, ApiError> {
    let mut upload = rules.limits.check(form)?;
    let evidence_id = uuid::Uuid::now_v7().to_string();
    let key = format!("complaints/{}/{evidence_id}", rules.complaint_id);
    let bytes = std::mem::take(&mut upload.bytes);
    let (complaint_id, stored_at) = (rules.complaint_id, key.clone());
    let record = db.write(move |conn| record_file(conn, &caller, &complaint_id, evidence_id, stored_at, upload));
    attachments::store_then_record(files, &key, bytes, record).await
}

/// Records a stored file as the complaint's evidence.
fn record_file(
    conn: &mut DbConnection,
    caller: &Caller,
    complaint_id: &str,
    evidence_id: String,
    key: String,
    upload: CheckedUpload,
) -> Result<ComplaintEvidenceView, ApiError> {
    let grant = caller.may(Action::ManageComplaints)?;
    let (complaint, unit_path) = reachable(conn, complaint_id, &grant)?;
    let evidence = ComplaintEvidence {
        id: evidence_id,
        complaint_id: complaint.id,
        kind: "file".to_owned(),
        title: upload.title,
        filename: Some(upload.filename),
        content_type: Some(upload.content_type),
        size_bytes: Some(upload.size),
        sha256: Some(upload.sha256),
        storage_key: Some(key),
        url: None,
        created_by: caller.principal.actor_ref(),
        created_at: crate::domain::now(),
        deleted_at: None,
        deleted_by: None,
    };
    db::complaint_evidence::insert(conn, &evidence)?;
    let view = ComplaintEvidenceView::from(evidence);
    Change::new(caller, Entity::ComplaintEvidence, &view.id, "upload", Some(&unit_path)).after(&view).record(conn)?;
    Ok(view)
}

/// Adds a link as the complaint's evidence.
pub fn add_link(
    conn: &mut DbConnection,
    caller: &Caller,
    complaint_id: &str,
    input: ComplaintLinkInput,
) -> Result<ComplaintEvidenceView, ApiError> {
    let grant = caller.may(Action::ManageComplaints)?;
    let (complaint, unit_path) = reachable(conn, complaint_id, &grant)?;
    let (url, title) = attachments::check_link(&input.url, &input.title)?;
    let evidence = ComplaintEvidence {
        id: uuid::Uuid::now_v7().to_string(),
        complaint_id: complaint.id,
        kind: "link".to_owned(),
        title,
        filename: None,
        content_type: None,
        size_bytes: None,
        sha256: None,
        storage_key: None,
        url: Some(url),
        created_by: caller.principal.actor_ref(),
        created_at: crate::domain::now(),
        deleted_at: None,
        deleted_by: None,
    };
    db::complaint_evidence::insert(conn, &evidence)?;
    let view = ComplaintEvidenceView::from(evidence);
    Change::new(caller, Entity::ComplaintEvidence, &view.id, "add_link", Some(&unit_path)).after(&view).record(conn)?;
    Ok(view)
}

/// A complaint's evidence, oldest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    complaint_id: &str,
    filter: EvidenceFilter,
) -> Result<Vec<ComplaintEvidenceView>, ApiError> {
    let grant = caller.may(Action::ReadComplaints)?;
    let (complaint, _) = reachable(conn, complaint_id, &grant)?;
    let include_deleted = filter.include_deleted.unwrap_or(false);
    Ok(db::complaint_evidence::of_complaint(conn, &complaint.id, include_deleted)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The file of a piece of the complaint's evidence (also after deletion:
/// it is kept for the audit trail); 409 `evidence_is_a_link` for a link.
pub fn stored_file(
    conn: &mut DbConnection,
    caller: &Caller,
    complaint_id: &str,
    evidence_id: &str,
) -> Result<StoredFile, ApiError> {
    let grant = caller.may(Action::ReadComplaints)?;
    let (complaint, _) = reachable(conn, complaint_id, &grant)?;
    let evidence = db::complaint_evidence::get(conn, &complaint.id, evidence_id)?.ok_or_else(not_found)?;
    StoredFile::of(evidence.storage_key, evidence.filename, evidence.content_type, evidence.sha256)
}

/// Deletes a piece of evidence of an open complaint (409 `complaint_final`
/// once it is concluded, withdrawn or not accepted). It is marked, not
/// erased: the row and the file stay for the audit trail; deleting it again
/// changes nothing.
pub fn delete(conn: &mut DbConnection, caller: &Caller, complaint_id: &str, evidence_id: &str) -> Result<(), ApiError> {
    let grant = caller.may(Action::ManageComplaints)?;
    let (complaint, unit_path) = reachable(conn, complaint_id, &grant)?;
    let evidence = db::complaint_evidence::get(conn, &complaint.id, evidence_id)?.ok_or_else(not_found)?;
    if complaint.status.is_final() {
        return Err(ApiError::illegal_state(
            ErrorCode::ComplaintFinal,
            format!("The evidence of a {} complaint stays as it was.", complaint.status.as_str()),
            complaint.status.as_str(),
        ));
    }
    if db::complaint_evidence::mark_deleted(conn, evidence_id, &caller.principal.actor_ref(), crate::domain::now())? {
        let after = db::complaint_evidence::get(conn, &complaint.id, evidence_id)?.ok_or_else(not_found)?;
        Change::new(caller, Entity::ComplaintEvidence, evidence_id, "delete", Some(&unit_path))
            .before(&ComplaintEvidenceView::from(evidence))
            .after(&ComplaintEvidenceView::from(after))
            .record(conn)?;
    }
    Ok(())
}
