use actix_web::{HttpResponse, get, post, web};

use crate::domain::complaint::ComplaintMove;
use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::complaints::{ComplaintHistoryEntry, ComplaintView, ConcludeInput};
use crate::model::reasons::ReasonInput;
use crate::service::Caller;
use crate::service::complaints::moves::{self, MoveRequest};
use crate::state::AppState;

/// Moves the complaint and answers it as moved.
async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    complaint_id: String,
    if_match: IfMatch,
    step: ComplaintMove,
    conclusion: Option<ConcludeInput>,
    reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let request = MoveRequest { complaint_id, step, conclusion, reason, expected_version: if_match.precondition() };
    let view = state.db.write(move |conn| moves::move_complaint(conn, &caller, request)).await?;
    Ok(ok_with_etag(view.version, &view))
}

/// Starts handling a received complaint (thụ lý): `received → in_progress`.
#[utoipa::path(
    tag = "complaints",
    operation_id = "start_complaint",
    params(("id" = String, Path, description = "The complaint's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 200, description = "Moved", body = ComplaintView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The complaint's status does not allow the move (`illegal_move`, with `current_status`)"),
    ),
)]
#[post("/complaints/{id}/start")]
pub async fn start(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, ComplaintMove::Start, None, None).await
}

/// Concludes a complaint (`received | in_progress → concluded`) with its
/// outcome and the concluding document's number, date and issuer.
#[utoipa::path(
    tag = "complaints",
    operation_id = "conclude_complaint",
    params(("id" = String, Path, description = "The complaint's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = ConcludeInput,
    responses(
        (status = 200, description = "Concluded", body = ComplaintView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The complaint's status does not allow the move (`illegal_move`, with `current_status`)"),
    ),
)]
#[post("/complaints/{id}/conclude")]
pub async fn conclude(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<ConcludeInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, ComplaintMove::Conclude, Some(body.0), None).await
}

/// Records that the complainant withdrew the complaint (`received |
/// in_progress → withdrawn`), with a reason.
#[utoipa::path(
    tag = "complaints",
    operation_id = "withdraw_complaint",
    params(("id" = String, Path, description = "The complaint's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Withdrawn", body = ComplaintView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The complaint's status does not allow the move (`illegal_move`, with `current_status`)"),
    ),
)]
#[post("/complaints/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<ReasonInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, ComplaintMove::Withdraw, None, Some(body.0.reason)).await
}

/// Declines a received complaint (không thụ lý: `received → not_accepted`), with a reason.
#[utoipa::path(
    tag = "complaints",
    operation_id = "decline_complaint",
    params(("id" = String, Path, description = "The complaint's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = ReasonInput,
    responses(
        (status = 200, description = "Not accepted", body = ComplaintView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The complaint's status does not allow the move (`illegal_move`, with `current_status`): only a received complaint is declined"),
    ),
)]
#[post("/complaints/{id}/decline")]
pub async fn decline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<ReasonInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, ComplaintMove::Decline, None, Some(body.0.reason)).await
}

/// The complaint's history: its recording and every move — who, when, from what, to what, and why.
#[utoipa::path(
    tag = "complaints",
    operation_id = "complaint_history",
    params(("id" = String, Path, description = "The complaint's id")),
    responses((status = 200, description = "The entries, oldest first", body = Vec<ComplaintHistoryEntry>)),
)]
#[get("/complaints/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<ComplaintHistoryEntry>>, ApiError> {
    let id = id.into_inner();
    let entries = state.db.run(move |conn| moves::history(conn, &caller, &id)).await?;
    Ok(web::Json(entries))
}
