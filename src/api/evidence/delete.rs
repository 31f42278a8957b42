use actix_web::{HttpResponse, delete, web};

use crate::api::responses::ReportLocked;
use crate::error::ApiError;
use crate::service::{Caller, evidence};
use crate::state::AppState;

/// Deletes a piece of evidence from an editable report. It is marked, not
/// erased: the row and the file stay for the audit trail.
#[utoipa::path(
    tag = "evidence",
    operation_id = "delete_evidence",
    params(("evidence_id" = String, Path, description = "The evidence's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, response = ReportLocked),
    ),
)]
#[delete("/evidence/{evidence_id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let caches = state.caches.clone();
    state.db.write(move |conn| evidence::delete(conn, &caller, &caches, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
