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

use sha2::{Digest, Sha256};

use super::audit::{Change, Entity};
use super::reports::{EditableReport, editable_now, in_reach};
use super::{Caches, Caller};
use crate::auth::policy::not_found;
use crate::auth::{Action, Grant};
use crate::db::evidence::Evidence;
use crate::db::{self, Db, DbConnection};
use crate::domain::campaign::Criterion;
use crate::domain::settings::{EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, evidence_limits};
use crate::domain::text::check_name;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::evidence::{EvidenceFilter, EvidenceView, NewLink};
use crate::storage::Files;

/// The name of a file sent without one.
const UNNAMED_FILE: &str = "tai-lieu";
/// The media type of a file sent without one.
const UNTYPED_FILE: &str = "application/octet-stream";

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
    /// The largest file accepted, in bytes (setting `evidence.max_bytes`).
    pub max_bytes: u64,
    /// The media types accepted (setting `evidence.allowed_types`).
    allowed_types: Vec<String>,
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
    let max = db::settings::get(conn, EVIDENCE_MAX_BYTES)?.map(|s| s.value);
    let types = db::settings::get(conn, EVIDENCE_TYPES)?.map(|s| s.value);
    let (max_bytes, allowed_types) = evidence_limits(max.as_deref(), types.as_deref());
    Ok(UploadRules { report_id: report.id, max_bytes, allowed_types })
}

/// An upload's form as read: each part within its size limit.
#[derive(Default)]
pub struct UploadForm {
    pub file: Option<FilePart>,
    pub title: Option<String>,
    /// The criterion it supports, by id or code.
    pub criterion: Option<String>,
}

/// The `file` part of an upload.
pub struct FilePart {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A file that passed the checks, to be stored at `key` and then recorded by [`record_file`].
struct CheckedFile {
    report_id: String,
    evidence_id: String,
    key: String,
    bytes: Vec<u8>,
    filename: String,
    content_type: String,
    title: String,
    criterion: Option<String>,
    size: i64,
    sha256: String,
}

impl UploadRules {
    /// Checks the form read: a file, of an allowed type, with a fitting title.
    fn check(self, form: UploadForm) -> Result<CheckedFile, ApiError> {
        let Some(file) = form.file else {
            return Err(ApiError::validation(vec![FieldError::new(
                "file",
                "required",
                "Send the file in a part named `file`.",
            )]));
        };
        let filename = file.filename.unwrap_or_else(|| UNNAMED_FILE.to_owned());
        let content_type = file.content_type.unwrap_or_else(|| UNTYPED_FILE.to_owned());
        if !self.allowed_types.iter().any(|t| t == &content_type) {
            let mut e = ApiError::unsupported_media_type(&self.allowed_types.join(", "));
            e.set_errors(vec![FieldError::new(
                "file",
                "type_not_allowed",
                format!("{content_type} is not an allowed evidence type."),
            )]);
            return Err(e);
        }
        let title = match form.title.filter(|t| !t.trim().is_empty()) {
            Some(t) => check_name(&t, 500).map_err(|rule| {
                ApiError::validation(vec![FieldError::new("title", "invalid", format!("The title {rule}."))])
            })?,
            None => filename.clone(),
        };
        let sha256: String = Sha256::digest(&file.bytes).iter().map(|b| format!("{b:02x}")).collect();
        let evidence_id = uuid::Uuid::now_v7().to_string();
        let key = format!("reports/{}/{evidence_id}", self.report_id);
        let size = i64::try_from(file.bytes.len()).unwrap_or(i64::MAX);
        Ok(CheckedFile {
            report_id: self.report_id,
            evidence_id,
            key,
            bytes: file.bytes,
            filename,
            content_type,
            title,
            criterion: form.criterion,
            size,
            sha256,
        })
    }
}

/// Stores an uploaded file and records it as evidence: the form checked
/// against `rules` (read by [`upload_rules`] before the form was), the file
/// put in the object store, then recorded in one write. A file whose record
/// is refused (the report was submitted meanwhile, the database failed) is
/// removed again rather than left behind with nothing pointing at it.
pub async fn upload(
    db: &Db,
    files: &Files,
    caches: Arc<Caches>,
    caller: Caller,
    rules: UploadRules,
    form: UploadForm,
) -> Result<EvidenceView, ApiError> {
    let mut file = rules.check(form)?;
    let key = file.key.clone();
    files.put(&key, std::mem::take(&mut file.bytes)).await.map_err(|e| ApiError::internal(&e))?;
    let recorded = db.write(move |conn| record_file(conn, &caller, &caches, file)).await;
    if recorded.is_err()
        && let Err(e) = files.delete(&key).await
    {
        tracing::warn!(key = %key, error = %e, "an unrecorded evidence file could not be removed");
    }
    recorded
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
    let evidence = Evidence {
        id: file.evidence_id,
        report_id: editable.report.id.clone(),
        criterion_id,
        kind: "file".to_owned(),
        title: file.title,
        filename: Some(file.filename),
        content_type: Some(file.content_type),
        size_bytes: Some(file.size),
        sha256: Some(file.sha256),
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
    let mut errors = Vec::new();
    let url = input.url.trim().to_owned();
    let valid_url = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 2000
        && url.len() > "https://".len()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if !valid_url {
        errors.push(FieldError::new("url", "invalid", "An http or https address of at most 2,000 characters."));
    }
    let title = check_name(&input.title, 500)
        .map_err(|rule| errors.push(FieldError::new("title", "invalid", format!("The title {rule}."))))
        .unwrap_or_default();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
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

/// An evidence file as stored, to be sent.
pub struct StoredFile {
    /// Where it is kept in the object store.
    pub key: String,
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
}

/// The file of the evidence `id` (also after deletion: it is kept for the audit trail).
pub fn stored_file(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<StoredFile, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let evidence = reachable(conn, id, &grant)?;
    let Some(key) = evidence.storage_key else {
        return Err(ApiError::conflict(ErrorCode::EvidenceIsALink, "This evidence is a link; follow its url."));
    };
    Ok(StoredFile {
        key,
        filename: evidence.filename.unwrap_or_else(|| UNNAMED_FILE.to_owned()),
        content_type: evidence.content_type.unwrap_or_else(|| UNTYPED_FILE.to_owned()),
        sha256: evidence.sha256.unwrap_or_default(),
    })
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
