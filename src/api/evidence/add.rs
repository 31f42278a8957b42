use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};
use futures_util::StreamExt;

use crate::api::responses::ReportLocked;
use crate::error::{ApiError, ErrorCode};
use crate::http::extract::Json;
use crate::model::evidence::{EvidenceUpload, EvidenceView, NewLink};
use crate::service::Caller;
use crate::service::evidence::{self, FilePart, UploadForm};
use crate::state::AppState;

/// The most a part other than the file may hold (a title, a criterion).
const TEXT_PART_MAX_BYTES: u64 = 10_000;

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
    let form = read_form(form, rules.max_bytes).await?;
    let view = evidence::upload(&state.db, &state.files, state.caches.clone(), caller, rules, form).await?;
    Ok(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/evidence/{}", view.id))).json(view))
}

/// Reads the form's parts, each within its limit (413 past it): the file
/// within `max_bytes`, the others within [`TEXT_PART_MAX_BYTES`].
async fn read_form(mut form: Multipart, max_bytes: u64) -> Result<UploadForm, ApiError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        ApiError::bad_request(ErrorCode::MalformedMultipart, format!("The form cannot be read: {e}."), Vec::new())
    };
    let mut read = UploadForm::default();
    while let Some(part) = form.next().await {
        let mut part = part.map_err(|e| unreadable(&e))?;
        let name = part.name().unwrap_or_default().to_owned();
        let filename = part.content_disposition().and_then(|d| d.get_filename()).map(str::to_owned);
        let content_type = part.content_type().map(|m| m.essence_str().to_owned());
        let mut bytes = Vec::new();
        let limit = if name == "file" { max_bytes } else { TEXT_PART_MAX_BYTES };
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|e| unreadable(&e))?;
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(ApiError::payload_too_large(usize::try_from(limit).unwrap_or(usize::MAX)));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => read.file = Some(FilePart { filename, content_type, bytes }),
            "title" => read.title = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "criterion" => read.criterion = Some(String::from_utf8_lossy(&bytes).trim().to_owned()),
            _ => {}
        }
    }
    Ok(read)
}

/// Adds a link as evidence.
#[utoipa::path(
    tag = "evidence",
    operation_id = "add_evidence_link",
    params(("id" = String, Path, description = "The report's id")),
    request_body = NewLink,
    responses(
        (status = 201, description = "Added", body = EvidenceView),
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
