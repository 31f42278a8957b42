use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::attachments::attachment;
use crate::http::extract::Query;
use crate::model::evidence::{EvidenceFilter, EvidenceView};
use crate::service::{Caller, evidence};
use crate::state::AppState;

/// Lists a report's evidence, oldest first.
#[utoipa::path(
    tag = "evidence",
    operation_id = "list_evidence",
    params(("id" = String, Path, description = "The report's id"), EvidenceFilter),
    responses((status = 200, description = "The evidence", body = Vec<EvidenceView>)),
)]
#[get("/reports/{id}/evidence")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    filter: Query<EvidenceFilter>,
) -> Result<web::Json<Vec<EvidenceView>>, ApiError> {
    let (report_id, filter) = (id.into_inner(), filter.0);
    let found = state.db.run(move |conn| evidence::list(conn, &caller, &report_id, filter)).await?;
    Ok(web::Json(found))
}

/// Downloads an evidence file, as stored (also after deletion: it is kept for the audit trail).
#[utoipa::path(
    tag = "evidence",
    operation_id = "download_evidence",
    params(("evidence_id" = String, Path, description = "The evidence's id")),
    responses(
        (status = 200, description = "The file, in the media type it was stored with (Content-Type)", content_type = "*/*", body = crate::model::file::FileBytes,
            headers(("Content-Disposition" = String, description = "attachment, with the file name"), ("ETag" = String, description = "The file's SHA-256"))),
        (status = 409, description = "The evidence is a link, not a file"),
    ),
)]
#[get("/evidence/{evidence_id}/content")]
pub async fn download(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let file = state.db.run(move |conn| evidence::stored_file(conn, &caller, &id)).await?;
    let bytes = state.files.get(&file.key).await.map_err(|e| ApiError::internal(&e))?;
    Ok(attachment(file, bytes))
}
