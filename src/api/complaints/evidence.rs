use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};

use crate::error::ApiError;
use crate::http::attachments::{attachment, read_upload};
use crate::http::extract::{Json, Query};
use crate::model::complaints::{ComplaintEvidenceUpload, ComplaintEvidenceView, ComplaintLinkInput};
use crate::model::evidence::EvidenceFilter;
use crate::service::Caller;
use crate::service::complaints::evidence;
use crate::state::AppState;

/// 201 for a piece of evidence just added.
fn added(view: &ComplaintEvidenceView) -> HttpResponse {
    let location = format!("/api/v1/complaints/{}/evidence/{}", view.complaint_id, view.id);
    HttpResponse::Created().insert_header((header::LOCATION, location)).json(view)
}

/// Uploads a file as the complaint's evidence (multipart/form-data: `file`,
/// and optionally `title`). Size and type limits come from the settings
/// `evidence.max_bytes` and `evidence.allowed_types`.
#[utoipa::path(
    tag = "complaints",
    operation_id = "upload_complaint_evidence",
    params(("id" = String, Path, description = "The complaint's id")),
    request_body(content = ComplaintEvidenceUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Stored", body = ComplaintEvidenceView,
        headers(("Location" = String, description = "The new piece of evidence")))),
)]
#[post("/complaints/{id}/evidence")]
pub async fn upload(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let complaint_id = id.into_inner();
    let checker = caller.clone();
    let rules = state.db.run(move |conn| evidence::upload_rules(conn, &checker, &complaint_id)).await?;
    let form = read_upload(form, rules.max_bytes()).await?;
    let view = evidence::upload(&state.db, &state.files, caller, rules, form).await?;
    Ok(added(&view))
}

/// Adds a link as the complaint's evidence.
#[utoipa::path(
    tag = "complaints",
    operation_id = "add_complaint_evidence_link",
    params(("id" = String, Path, description = "The complaint's id")),
    request_body = ComplaintLinkInput,
    responses((status = 201, description = "Added", body = ComplaintEvidenceView,
        headers(("Location" = String, description = "The new piece of evidence")))),
)]
#[post("/complaints/{id}/evidence-links")]
pub async fn add_link(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<ComplaintLinkInput>,
) -> Result<HttpResponse, ApiError> {
    let (complaint_id, input) = (id.into_inner(), body.0);
    let view = state.db.write(move |conn| evidence::add_link(conn, &caller, &complaint_id, input)).await?;
    Ok(added(&view))
}

/// Lists the complaint's evidence, oldest first.
#[utoipa::path(
    tag = "complaints",
    operation_id = "list_complaint_evidence",
    params(("id" = String, Path, description = "The complaint's id"), EvidenceFilter),
    responses((status = 200, description = "The evidence", body = Vec<ComplaintEvidenceView>)),
)]
#[get("/complaints/{id}/evidence")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    filter: Query<EvidenceFilter>,
) -> Result<web::Json<Vec<ComplaintEvidenceView>>, ApiError> {
    let (complaint_id, filter) = (id.into_inner(), filter.0);
    let found = state.db.run(move |conn| evidence::list(conn, &caller, &complaint_id, filter)).await?;
    Ok(web::Json(found))
}

/// Downloads an evidence file of the complaint, as stored (also after
/// deletion: it is kept for the audit trail).
#[utoipa::path(
    tag = "complaints",
    operation_id = "download_complaint_evidence",
    params(
        ("id" = String, Path, description = "The complaint's id"),
        ("evidence_id" = String, Path, description = "The evidence's id"),
    ),
    responses(
        (status = 200, description = "The file, in the media type it was stored with (Content-Type)", content_type = "*/*", body = crate::model::file::FileBytes,
            headers(("Content-Disposition" = String, description = "attachment, with the file name"), ("ETag" = String, description = "The file's SHA-256"))),
        (status = 409, description = "The evidence is a link, not a file (`evidence_is_a_link`)"),
    ),
)]
#[get("/complaints/{id}/evidence/{evidence_id}/content")]
pub async fn download(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (complaint_id, evidence_id) = path.into_inner();
    let file = state.db.run(move |conn| evidence::stored_file(conn, &caller, &complaint_id, &evidence_id)).await?;
    let bytes = state.files.get(&file.key).await.map_err(|e| ApiError::internal(&e))?;
    Ok(attachment(file, bytes))
}

/// Deletes a piece of evidence of an open complaint. It is marked, not
/// erased: the row and the file stay for the audit trail.
#[utoipa::path(
    tag = "complaints",
    operation_id = "delete_complaint_evidence",
    params(
        ("id" = String, Path, description = "The complaint's id"),
        ("evidence_id" = String, Path, description = "The evidence's id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The complaint is concluded, withdrawn or not accepted (`complaint_final`, with `current_status`)"),
    ),
)]
#[delete("/complaints/{id}/evidence/{evidence_id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (complaint_id, evidence_id) = path.into_inner();
    state.db.write(move |conn| evidence::delete(conn, &caller, &complaint_id, &evidence_id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
