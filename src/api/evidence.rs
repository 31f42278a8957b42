//! Evidence (tài liệu kiểm chứng) for a report or one of its values: files
//! uploaded as multipart and kept in the object store with their SHA-256, or
//! links. Read and downloaded like the report; a deleted item is kept for the
//! audit trail.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::not_found;
use crate::auth::{Action, Grant, Principal, authorize};
use crate::db::evidence::Evidence;
use crate::db::{self, Db, DbConnection};
use crate::domain::report::ReportStatus;
use crate::domain::settings::{EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, evidence_limits};
use crate::domain::text::check_name;
use crate::error::{ApiError, FieldError};
use crate::http::RequestId;
use crate::http::extract::{Json, Query};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};
use crate::service::reports::in_reach;
use crate::storage::Files;

/// A piece of evidence.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EvidenceView {
    pub id: String,
    pub report_id: String,
    /// The criterion it supports; none: the report as a whole.
    pub criterion_id: Option<String>,
    /// `file` or `link`.
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

/// A report, its unit's path, and the evidence limits (bytes, allowed media types).
type EditableReport = (crate::domain::report::Report, String, (u64, Vec<String>));

/// A report the grant reaches and that can take evidence now; with the limits.
fn editable_report(conn: &mut DbConnection, report_id: &str, grant: &Grant) -> Result<EditableReport, ApiError> {
    let (report, unit_path) = in_reach(conn, report_id, grant)?;
    if !report.status.editable() {
        return Err(ApiError::illegal_state(
            if report.status == ReportStatus::Approved { "report_approved" } else { "report_not_editable" },
            format!("The report is {}; its evidence cannot change now.", report.status.as_str()),
            report.status.as_str(),
        ));
    }
    let max = db::settings::get(conn, EVIDENCE_MAX_BYTES)?.map(|s| s.value);
    let types = db::settings::get(conn, EVIDENCE_TYPES)?.map(|s| s.value);
    Ok((report, unit_path, evidence_limits(max.as_deref(), types.as_deref())))
}

/// The criterion `reference` (id or code) of the report's campaign.
fn criterion_of(
    conn: &mut DbConnection,
    campaign_id: &str,
    reference: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let Some(reference) = reference.filter(|r| !r.is_empty()) else { return Ok(None) };
    let found = db::criteria::of_campaign(conn, campaign_id)?
        .into_iter()
        .find(|c| c.id == reference || c.code == reference)
        .map(|c| c.id);
    found.map(Some).ok_or_else(|| {
        ApiError::validation(vec![FieldError::new("criterion", "not_found", "The campaign has no such criterion.")])
    })
}

/// Uploads a file as evidence (multipart/form-data: `file`, and optionally
/// `title` and `criterion`). Size and type limits come from the settings
/// `evidence.max_bytes` and `evidence.allowed_types`.
#[utoipa::path(
    tag = "evidence",
    operation_id = "upload_evidence",
    params(("id" = String, Path, description = "The report's id")),
    request_body(content = EvidenceUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = EvidenceView),
        (status = 409, description = "The report cannot change now (`report_not_editable`, `report_approved`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/reports/{id}/evidence")]
pub async fn upload(
    db: web::Data<Db>,
    files: web::Data<Files>,
    principal: Principal,
    request_id: RequestId,
    id: web::Path<String>,
    mut form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::WriteReports)?;
    let report_id = id.into_inner();
    let check_grant = grant.clone();
    let check_id = report_id.clone();
    let (report, _, (max_bytes, allowed)) = db.run(move |conn| editable_report(conn, &check_id, &check_grant)).await?;

    let mut file: Option<(String, String, Vec<u8>)> = None;
    let mut title = None;
    let mut criterion = None;
    while let Some(part) = form.next().await {
        let mut part = part.map_err(|e| {
            ApiError::bad_request("malformed_multipart", format!("The form cannot be read: {e}."), Vec::new())
        })?;
        let name = part.name().unwrap_or_default().to_owned();
        let filename = part.content_disposition().and_then(|d| d.get_filename()).map(str::to_owned);
        let content_type = part.content_type().map(|m| m.essence_str().to_owned());
        let mut bytes = Vec::new();
        let limit = if name == "file" { max_bytes } else { 10_000 };
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request("malformed_multipart", format!("The form cannot be read: {e}."), Vec::new())
            })?;
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(ApiError::payload_too_large(usize::try_from(limit).unwrap_or(usize::MAX)));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => {
                let content_type = content_type.unwrap_or_else(|| "application/octet-stream".to_owned());
                file = Some((filename.unwrap_or_else(|| "tai-lieu".to_owned()), content_type, bytes));
            }
            "title" => title = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "criterion" => criterion = Some(String::from_utf8_lossy(&bytes).trim().to_owned()),
            _ => {}
        }
    }
    let Some((filename, content_type, bytes)) = file else {
        return Err(ApiError::validation(vec![FieldError::new(
            "file",
            "required",
            "Send the file in a part named `file`.",
        )]));
    };
    if !allowed.iter().any(|t| t == &content_type) {
        let mut e = ApiError::unsupported_media_type(&allowed.join(", "));
        e.set_errors(vec![FieldError::new(
            "file",
            "type_not_allowed",
            format!("{content_type} is not an allowed evidence type."),
        )]);
        return Err(e);
    }
    let title = match title.filter(|t| !t.trim().is_empty()) {
        Some(t) => check_name(&t, 500).map_err(|rule| {
            ApiError::validation(vec![FieldError::new("title", "invalid", format!("The title {rule}."))])
        })?,
        None => filename.clone(),
    };
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let evidence_id = uuid::Uuid::now_v7().to_string();
    let key = format!("reports/{}/{evidence_id}", report.id);
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    files.put(&key, bytes).await.map_err(|e| ApiError::internal(&e))?;

    let stored = key.clone();
    let written = db
        .write(move |conn| -> Result<EvidenceView, ApiError> {
            let (report, unit_path, _) = editable_report(conn, &report_id, &grant)?;
            let criterion_id = criterion_of(conn, &report.campaign_id, criterion.as_deref())?;
            let evidence = Evidence {
                id: evidence_id,
                report_id: report.id,
                criterion_id,
                kind: "file".to_owned(),
                title,
                filename: Some(filename),
                content_type: Some(content_type),
                size_bytes: Some(size),
                sha256: Some(sha256),
                storage_key: Some(key),
                url: None,
                created_by: principal.actor_ref(),
                created_at: crate::domain::now(),
                deleted_at: None,
                deleted_by: None,
            };
            db::evidence::insert(conn, &evidence)?;
            let view = EvidenceView::from(evidence);
            let caller = Caller::new(principal, request_id.to_string());
            Change::new(&caller, Entity::Evidence, &view.id, "upload", Some(&unit_path)).after(&view).record(conn)?;
            Ok(view)
        })
        .await;
    let view = match written {
        Ok(view) => view,
        Err(refused) => {
            // No record points at the file (the report was submitted meanwhile,
            // the database failed…): remove it rather than leave an orphan.
            if let Err(e) = files.delete(&stored).await {
                tracing::warn!(key = %stored, error = %e, "an unrecorded evidence file could not be removed");
            }
            return Err(refused);
        }
    };
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/evidence/{}", view.id))).json(view))
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

/// Adds a link as evidence.
#[utoipa::path(
    tag = "evidence",
    operation_id = "add_evidence_link",
    params(("id" = String, Path, description = "The report's id")),
    request_body = NewLink,
    responses(
        (status = 201, description = "Added", body = EvidenceView),
        (status = 409, description = "The report cannot change now", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/reports/{id}/evidence-links")]
pub async fn add_link(
    db: web::Data<Db>,
    principal: Principal,
    request_id: RequestId,
    id: web::Path<String>,
    body: Json<NewLink>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::WriteReports)?;
    let input = body.0;
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
    let report_id = id.into_inner();
    let view = db
        .write(move |conn| -> Result<EvidenceView, ApiError> {
            let (report, unit_path, _) = editable_report(conn, &report_id, &grant)?;
            let criterion_id = criterion_of(conn, &report.campaign_id, input.criterion.as_deref())?;
            let evidence = Evidence {
                id: uuid::Uuid::now_v7().to_string(),
                report_id: report.id,
                criterion_id,
                kind: "link".to_owned(),
                title,
                filename: None,
                content_type: None,
                size_bytes: None,
                sha256: None,
                storage_key: None,
                url: Some(url),
                created_by: principal.actor_ref(),
                created_at: crate::domain::now(),
                deleted_at: None,
                deleted_by: None,
            };
            db::evidence::insert(conn, &evidence)?;
            let view = EvidenceView::from(evidence);
            let caller = Caller::new(principal, request_id.to_string());
            Change::new(&caller, Entity::Evidence, &view.id, "add_link", Some(&unit_path)).after(&view).record(conn)?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/evidence/{}", view.id))).json(view))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceFilter {
    /// Include deleted items (kept for the audit trail).
    pub include_deleted: Option<bool>,
}

/// Lists a report's evidence, oldest first.
#[utoipa::path(
    tag = "evidence",
    operation_id = "list_evidence",
    params(("id" = String, Path, description = "The report's id"), EvidenceFilter),
    responses((status = 200, description = "The evidence", body = Vec<EvidenceView>)),
)]
#[get("/reports/{id}/evidence")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    filter: Query<EvidenceFilter>,
) -> Result<web::Json<Vec<EvidenceView>>, ApiError> {
    let grant = authorize(&principal, Action::ReadReports)?;
    let id = id.into_inner();
    let include_deleted = filter.0.include_deleted.unwrap_or(false);
    let found = db
        .run(move |conn| -> Result<_, ApiError> {
            let (report, _) = in_reach(conn, &id, &grant)?;
            Ok(db::evidence::of_report(conn, &report.id, include_deleted)?)
        })
        .await?;
    Ok(web::Json(found.into_iter().map(Into::into).collect()))
}

/// The evidence `id` if the grant reaches its report.
fn reachable(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<Evidence, ApiError> {
    let evidence = db::evidence::get(conn, id)?.ok_or_else(not_found)?;
    in_reach(conn, &evidence.report_id, grant)?;
    Ok(evidence)
}

/// Downloads an evidence file, as stored (also after deletion: it is kept for the audit trail).
#[utoipa::path(
    tag = "evidence",
    operation_id = "download_evidence",
    params(("evidence_id" = String, Path, description = "The evidence's id")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>,
            headers(("Content-Disposition" = String, description = "attachment, with the file name"), ("ETag" = String, description = "The file's SHA-256"))),
        (status = 409, description = "The evidence is a link, not a file", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/evidence/{evidence_id}/content")]
pub async fn download(
    db: web::Data<Db>,
    files: web::Data<Files>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ReadReports)?;
    let id = id.into_inner();
    let evidence = db.run(move |conn| reachable(conn, &id, &grant)).await?;
    let Some(key) = &evidence.storage_key else {
        return Err(ApiError::conflict("evidence_is_a_link", "This evidence is a link; follow its url."));
    };
    let bytes = files.get(key).await.map_err(|e| ApiError::internal(&e))?;
    let filename = evidence.filename.clone().unwrap_or_else(|| "tai-lieu".to_owned());
    let encoded: String = form_urlencoded::byte_serialize(filename.as_bytes()).collect::<String>().replace('+', "%20");
    Ok(HttpResponse::Ok()
        .content_type(evidence.content_type.clone().unwrap_or_else(|| "application/octet-stream".to_owned()))
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename*=UTF-8''{encoded}")))
        .insert_header((header::ETAG, format!("\"{}\"", evidence.sha256.clone().unwrap_or_default())))
        .body(bytes))
}

/// Deletes a piece of evidence from an editable report. It is marked, not
/// erased: the row and the file stay for the audit trail.
#[utoipa::path(
    tag = "evidence",
    operation_id = "delete_evidence",
    params(("evidence_id" = String, Path, description = "The evidence's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The report cannot change now", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[delete("/evidence/{evidence_id}")]
pub async fn remove(
    db: web::Data<Db>,
    principal: Principal,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::WriteReports)?;
    let id = id.into_inner();
    db.write(move |conn| -> Result<(), ApiError> {
        let evidence = reachable(conn, &id, &grant)?;
        let (_, unit_path, _) = editable_report(conn, &evidence.report_id, &grant)?;
        let now = crate::domain::now();
        if db::evidence::mark_deleted(conn, &id, &principal.actor_ref(), now)? {
            let after = EvidenceView::from(db::evidence::get(conn, &id)?.ok_or_else(not_found)?);
            let caller = Caller::new(principal, request_id.to_string());
            Change::new(&caller, Entity::Evidence, &id, "delete", Some(&unit_path)).after(&after).record(conn)?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
