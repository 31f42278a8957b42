//! The decision's papers: the Quyết định itself and its Giấy khen, as DOCX
//! or PDF (`service::documents`).

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::papers::respond;
use crate::model::documents::DocumentParams;
use crate::service::{Caller, documents};
use crate::state::AppState;

/// Renders the decision (Quyết định khen thưởng) in the NĐ 30/2020 format:
/// the header, the legal bases, Điều 1 with the awarded list, each amount
/// and the total, the funding, the recipients and the signature. PDF (the
/// font embedded) or editable DOCX, by `?format=` or `Accept`. Read like the
/// decision: a draft only by the office and the chairman, marked DỰ THẢO.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "get_award_decision_document",
    params(("id" = String, Path, description = "The decision's id"), DocumentParams),
    responses((status = 200, description = "The decision as a file named from its number and date \
                                           (`QD-12-QD-UBND_2023-12-20.pdf`), in `Content-Disposition`",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"…\"`: the file's name")),
        content(
            (crate::model::file::FileBytes = "application/pdf"),
            (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ))),
)]
#[get("/award-decisions/{id}/document")]
pub async fn decision(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<DocumentParams>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    respond(&state, &req, params.0.format, move |conn, format| {
        documents::decision::decision(conn, &caller, &id, format)
    })
    .await
}

/// Renders the Giấy khen of every line of the decision the caller may read,
/// one landscape page each ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ … TẶNG GIẤY KHEN",
/// the awardee, the achievement, the decision's number and date, the
/// signature). A reporter gets its own unit's only; 404 when it has none.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "get_award_decision_certificates",
    params(("id" = String, Path, description = "The decision's id"), DocumentParams),
    responses((status = 200, description = "The certificates as one file (`GK-12-QD-UBND_2023-12-20.pdf`)",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"…\"`: the file's name")),
        content(
            (crate::model::file::FileBytes = "application/pdf"),
            (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ))),
)]
#[get("/award-decisions/{id}/certificates")]
pub async fn certificates(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<DocumentParams>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    respond(&state, &req, params.0.format, move |conn, format| {
        documents::certificate::for_decision(conn, &caller, &id, format)
    })
    .await
}

/// Renders the Giấy khen of one line. A reporter reads its own unit's
/// (the person's unit, or the collective) only: another's is 404.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "get_award_decision_line_certificate",
    params(
        ("id" = String, Path, description = "The decision's id"),
        ("line_id" = String, Path, description = "The line's id"),
        DocumentParams,
    ),
    responses((status = 200, description = "The certificate (`GK-12-QD-UBND_2023-12-20_1.pdf`, the line's number last)",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"…\"`: the file's name")),
        content(
            (crate::model::file::FileBytes = "application/pdf"),
            (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ))),
)]
#[get("/award-decisions/{id}/lines/{line_id}/certificate")]
pub async fn line_certificate(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    params: Query<DocumentParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, line_id) = path.into_inner();
    respond(&state, &req, params.0.format, move |conn, format| {
        documents::certificate::for_line(conn, &caller, &id, &line_id, format)
    })
    .await
}
