//! The nominations' papers: the proposal (Tờ trình) of a campaign's
//! nominations with its list, and a nominee's achievement report (Báo cáo
//! thành tích), as DOCX or PDF (`service::documents`).

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::papers::respond;
use crate::model::documents::{DocumentParams, PeriodDocumentParams};
use crate::service::{Caller, documents};
use crate::state::AppState;

/// Renders the proposal (Tờ trình) of the campaign's nominations put
/// forward — for `period`, or the whole campaign: the council's heading,
/// the legal bases and the plan, the list (no., name, position and unit,
/// award, summary), the signature. The list is the proposal list's, read
/// the same way (a reporter's holds its own unit's nominations only).
#[utoipa::path(
    tag = "nominations",
    operation_id = "nomination_proposal_document",
    params(("id" = String, Path, description = "The campaign's id"), PeriodDocumentParams),
    responses((status = 200, description = "The Tờ trình as a file named from the plan, the period and the date \
                                           (`TTr-05-KH-UBND-2023Q4_2023-12-31.pdf`), in `Content-Disposition`",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"…\"`: the file's name")),
        content(
            (crate::model::file::FileBytes = "application/pdf"),
            (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ))),
)]
#[get("/campaigns/{id}/nominations/proposal-document")]
pub async fn proposal(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<PeriodDocumentParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, PeriodDocumentParams { period, format }) = (id.into_inner(), params.0);
    respond(&state, &req, format, move |conn, format| {
        documents::proposal::proposal(conn, &caller, &id, period.as_deref(), format)
    })
    .await
}

/// Renders the nominee's achievement report (Báo cáo thành tích): who, the
/// award proposed, each criterion's approved figures against its target in
/// each counted period, the score and rank, the nomination's own words and
/// the signatures. Read like the nomination: a reporter its own unit's only.
#[utoipa::path(
    tag = "nominations",
    operation_id = "nomination_achievement_report",
    params(("id" = String, Path, description = "The nomination's id"), DocumentParams),
    responses((status = 200, description = "The report as a file named from the nominee and the nomination's date \
                                           (`BCTT-Nguyen-Thi-Hoa-lao-dong-tien-tien_2023-12-01.pdf`), in `Content-Disposition`",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"…\"`: the file's name")),
        content(
            (crate::model::file::FileBytes = "application/pdf"),
            (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ))),
)]
#[get("/nominations/{id}/achievement-report")]
pub async fn achievement_report(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<DocumentParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, caches) = (id.into_inner(), state.caches.clone());
    respond(&state, &req, params.0.format, move |conn, format| {
        documents::achievement::achievement(conn, &caller, &caches, &id, format)
    })
    .await
}
