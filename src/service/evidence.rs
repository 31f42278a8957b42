//! Evidence (tài liệu kiểm chứng) for a report or one of its values: files
//! kept in the object store with their SHA-256, or links. Read like the
//! report; added and deleted only while the report may be edited, by the
//! rule its values follow (`service::reports::editable_now`: its status, the
//! campaign, the period lock and lock exceptions); a deleted item is kept for
//! the audit trail.
//!
//! An upload is two calls, because the form is streamed in between:
//! [`upload_rules`] checks the report and gives the limits before the form
//! is read (so a refused upload is answered before its file arrives), and
//! [`upload`] checks the form read, stores the file, and records it in one
//! transaction.

use std::sync::Arc;

use super::attachments::{self, CheckedUpload, StoredFile, UploadForm, UploadLimits};
use super::audit::{Change, Entity};
use super::reports::{EditableReport, editable_now, in_reach};
use super::{Caches, Caller};
use crate::auth::policy::not_found;
use crate::auth::{Action, Grant};
use crate::db::evidence::Evidence;
use crate::db::{self, Db, DbConnection};
use crate::domain::campaign::Criterion;
use crate::error::{ApiError, FieldError};
use crate::model::evidence::{EvidenceFilter, EvidenceView, NewLink};
use crate::storage::Files;

impl From<Evidence> for EvidenceView {
    fn from(e: Evidence) -> Self {
        Self {
            id: e.id,
            report_id: e.report_id,
            criterion_id: e.criterion_id,
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

/// The criterion `reference` (id or code) among the report's campaign's `criteria`.
fn criterion_of(criteria: &[Criterion], reference: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(reference) = reference.filter(|r| !r.is_empty()) else { return Ok(None) };
    let found = criteria.iter().find(|c| c.id == reference || c.code == reference).map(|c| c.id.clone());
    found.map(Some).ok_or_else(|| {
        ApiError::validation(vec![FieldError::new("criterion", "not_found", "The campaign has no such criterion.")])
    })
}

/// What an upload to one report may hold: read before the form is, so a
/// refused upload is answered before its file is read.
pub struct UploadRules {
    report_id: String,
    limits: UploadLimits,
}

impl UploadRules {
    /// The largest file accepted, in bytes (setting `evidence.max_bytes`).
    pub fn max_bytes(&self) -> u64 {
        self.limits.max_bytes
    }
}

/// Checks that the caller may add evidence to the report now, and gives the limits of an upload.
pub fn upload_rules(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    report_id: &str,
) -> Result<UploadRules, ApiError> {
    let grant = caller.may(Action::WriteReports)?;
    let EditableReport { report, .. } = editable_now(conn, &caches.definitions, report_id, &grant)?;
    Ok(UploadRules { report_id: report.id, limits: attachments::upload_limits(conn)? })
}

/// A file that passed the checks, to be stored at `key` and then recorded by [`record_file`].
struct CheckedFile {
    report_id: String,
    evidence_id: String,
    key: String,
    upload: CheckedUpload,
    /// The criterion it supports, by id or code, as sent.
    criterion: Option<String>,
}

/// Stores an uploaded file and records it as evidence: the form (its
/// `file`, `title` and `criterion` parts) checked against `rules` (read by
/// [`upload_rules`] before the form was), the file put in the object store,
/// then recorded in one write (`attachments::store_then_record`: a file
/// whose record is refused is removed again).
pub async fn upload(
    db: &Db,
    files: &Files,
    caches: Arc<Caches>,
    caller: Caller,
    rules: UploadRules,
    form: UploadForm,
) -> Result<EvidenceView, ApiError> {
    let criterion = form.text("criterion").map(|c| c.trim().to_owned());
    let mut upload = rules.limits.check(form)?;
    let evidence_id = uuid::Uuid::now_v7().to_string();
    let key = format!("reports/{}/{evidence_id}", rules.report_id);
    let bytes = std::mem::take(&mut upload.bytes);
    let file = CheckedFile { report_id: rules.report_id, evidence_id, key: key.clone(), upload, criterion };
    let record = db.write(move |conn| record_file(conn, &caller, &caches, file));
    attachments::store_then_record(files, &key, bytes, record).await
}

/// Records a stored file as evidence of its report, if the report can still take it.
fn record_file(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    file: CheckedFile,
) -> Result<EvidenceView, ApiError> {
    let grant = caller.may(Action::WriteReports)?;
    let editable = editable_now(conn, &caches.definitions, &file.report_id, &grant)?;
    let criterion_id = criterion_of(editable.criteria(), file.criterion.as_deref())?;
    let upload = file.upload;
    let evidence = Evidence {
        id: file.evidence_id,
        report_id: editable.report.id.clone(),
        criterion_id,
        kind: "file".to_owned(),
        title: upload.title,
        filename: Some(upload.filename),
        content_type: Some(upload.content_type),
        size_bytes: Some(upload.size),
        sha256: Some(upload.sha256),
        storage_key: Some(file.key),
        url: None,
        created_by: caller.principal.actor_ref(),
        created_at: crate::domain::now(),
        deleted_at: None,
        deleted_by: None,
    };
    db::evidence::insert(conn, &evidence)?;
    let view = EvidenceView::from(evidence);
    Change::new(caller, Entity::Evidence, &view.id, "upload", Some(editable.unit_path())).after(&view).record(conn)?;
    Ok(view)
}

/// Adds a link as evidence.
pub fn add_link(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    report_id: &str,
    input: NewLink,
) -> Result<EvidenceView, ApiError> {
    let grant = caller.may(Action::WriteReports)?;
    let (url, title) = attachments::check_link(&input.url, &input.title)?;
    let editable = editable_now(conn, &caches.definitions, report_id, &grant)?;
    let criterion_id = criterion_of(editable.criteria(), input.criterion.as_deref())?;
    let evidence = Evidence {
        id: uuid::Uuid::now_v7().to_string(),
        report_id: editable.report.id.clone(),
        criterion_id,
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
    db::evidence::insert(conn, &evidence)?;
    let view = EvidenceView::from(evidence);
    Change::new(caller, Entity::Evidence, &view.id, "add_link", Some(editable.unit_path()))
        .after(&view)
        .record(conn)?;
    Ok(view)
}

/// A report's evidence, oldest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    report_id: &str,
    filter: EvidenceFilter,
) -> Result<Vec<EvidenceView>, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let (report, _) = in_reach(conn, report_id, &grant)?;
    let include_deleted = filter.include_deleted.unwrap_or(false);
    Ok(db::evidence::of_report(conn, &report.id, include_deleted)?.into_iter().map(Into::into).collect())
}

/// The evidence `id` if the grant reaches its report.
fn reachable(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<Evidence, ApiError> {
    let evidence = db::evidence::get(conn, id)?.ok_or_else(not_found)?;
    in_reach(conn, &evidence.report_id, grant)?;
    Ok(evidence)
}

/// The file of the evidence `id` (also after deletion: it is kept for the audit trail).
pub fn stored_file(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<StoredFile, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let evidence = reachable(conn, id, &grant)?;
    StoredFile::of(evidence.storage_key, evidence.filename, evidence.content_type, evidence.sha256)
}

/// Deletes a piece of evidence from an editable report. It is marked, not
/// erased: the row and the file stay for the audit trail.
pub fn delete(conn: &mut DbConnection, caller: &Caller, caches: &Caches, id: &str) -> Result<(), ApiError> {
    let grant = caller.may(Action::WriteReports)?;
    let evidence = db::evidence::get(conn, id)?.ok_or_else(not_found)?;
    let editable = editable_now(conn, &caches.definitions, &evidence.report_id, &grant)?;
    let now = crate::domain::now();
    if db::evidence::mark_deleted(conn, id, &caller.principal.actor_ref(), now)? {
        let after = EvidenceView::from(db::evidence::get(conn, id)?.ok_or_else(not_found)?);
        Change::new(caller, Entity::Evidence, id, "delete", Some(editable.unit_path()))
            .before(&EvidenceView::from(evidence))
            .after(&after)
            .record(conn)?;
    }
    Ok(())
}
