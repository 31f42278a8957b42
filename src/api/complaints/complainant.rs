use actix_web::{get, web};

use crate::error::ApiError;
use crate::model::complaints::ComplainantView;
use crate::service::Caller;
use crate::service::complaints::complainant;
use crate::state::AppState;

/// Reads who complained: the identity and contact, protected by law (a
/// denouncer's above all). The only operation that answers them; every
/// read is written to the audit log (`read_complainant`).
#[utoipa::path(
    tag = "complaints",
    operation_id = "get_complainant",
    params(("id" = String, Path, description = "The complaint's id")),
    responses((status = 200, description = "The complainant; `recorded` is false when none is", body = ComplainantView)),
)]
#[get("/complaints/{id}/complainant")]
pub async fn read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ComplainantView>, ApiError> {
    let id = id.into_inner();
    // A write: the read and its audit event are one transaction.
    let view = state.db.write(move |conn| complainant::read(conn, &caller, &id)).await?;
    Ok(web::Json(view))
}
