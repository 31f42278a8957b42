//! The council's paper: a meeting's minutes (Biên bản) as DOCX or PDF
//! (`service::documents::minutes`).

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::papers::respond;
use crate::model::documents::DocumentParams;
use crate::service::{Caller, documents};
use crate::state::AppState;

/// Renders the meeting's minutes (Biên bản họp Hội đồng Thi đua - Khen
/// thưởng): the day, the members present and absent, the quorum, each
/// nominee's votes and result against the threshold, the conclusion, the
/// secretary's and the chair's signatures. An open meeting's is marked DỰ
/// THẢO. Read like the minutes.
#[utoipa::path(
    tag = "council",
    operation_id = "council_meeting_minutes_document",
    params(("id" = String, Path, description = "The meeting's id"), DocumentParams),
    responses((status = 200, description = "The minutes as a file named from the meeting's day \
                                           (`BB-HDTDKT_2023-12-15.pdf`), in `Content-Disposition`",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"…\"`: the file's name")),
        content(
            (crate::model::file::FileBytes = "application/pdf"),
            (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ))),
)]
#[get("/council-meetings/{id}/minutes/document")]
pub async fn minutes(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<DocumentParams>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    respond(&state, &req, params.0.format, move |conn, format| documents::minutes::minutes(conn, &caller, &id, format))
        .await
}
