use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use crate::api::responses::ReportLocked;
use crate::error::ApiError;
use crate::http::attachments::read_upload;
use crate::http::extract::Json;
use crate::model::evidence::{EvidenceUpload, EvidenceView, NewLink};
use crate::service::Caller;
use crate::service::evidence;
use crate::state::AppState;

/// Uploads a file as evidence (multipart/form-data: `file`, and optionally
/// `title` and `criterion`). Size and type limits come from the settings
/// `evidence.max_bytes` and `evidence.allowed_types`.
#[utoipa::path(
    tag = "evidence",
    operation_id = "upload_evidence",
    params(("id" = String, Path, description = "The report's id")),
    request_body(content = EvidenceUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = EvidenceView,
            headers(("Location" = String, description = "The new piece of evidence"))),
        (status = 409, response = ReportLocked),
    ),
)]
#[post("/reports/{id}/evidence")]
pub async fn upload(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let report_id = id.into_inner();
    let (checker, caches) = (caller.clone(), state.caches.clone());
    let rules = state.db.run(move |conn| evidence::upload_rules(conn, &checker, &caches, &report_id)).await?;
    let form = read_upload(form, rules.max_bytes()).await?;
    let view = evidence::upload(&state.db, &state.files, state.caches.clone(), caller, rules, form).await?;
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/evidence/{}", view.id))).json(view))
}

/// Adds a link as evidence.
#[utoipa::path(
    tag = "evidence",
    operation_id = "add_evidence_link",
    params(("id" = String, Path, description = "The report's id")),
    request_body = NewLink,
    responses(
        (status = 201, description = "Added", body = EvidenceView,
            headers(("Location" = String, description = "The new piece of evidence"))),
        (status = 409, response = ReportLocked),
    ),
)]
#[post("/reports/{id}/evidence-links")]
pub async fn add_link(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<NewLink>,
) -> Result<HttpResponse, ApiError> {
    let (report_id, input) = (id.into_inner(), body.0);
    let caches = state.caches.clone();
    let view = state.db.write(move |conn| evidence::add_link(conn, &caller, &caches, &report_id, input)).await?;
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/evidence/{}", view.id))).json(view))
}
