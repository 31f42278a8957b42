//! The scoreboard's paper: the campaign's results report (Báo cáo kết quả)
//! as DOCX or PDF (`service::documents::results`).

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::papers::respond;
use crate::model::documents::PeriodDocumentParams;
use crate::service::{Caller, documents};
use crate::state::AppState;

/// Renders the campaign's results report (Báo cáo kết quả) for `period` or
/// the whole campaign, from the approved scoreboard of the caller's scope:
/// the units' scores and ranks, a bar chart of the scores (the same
/// figures), each criterion's commune-wide figure against its target, the
/// units that met every target, the signature. Read like the scoreboard.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "campaign_results_report",
    params(("id" = String, Path, description = "The campaign's id"), PeriodDocumentParams),
    responses((status = 200, description = "The report as a file named from the plan, the period and the date \
                                           (`BC-05-KH-UBND-2023Q4_2023-12-31.pdf`), in `Content-Disposition`",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"…\"`: the file's name")),
        content(
            (crate::model::file::FileBytes = "application/pdf"),
            (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ))),
)]
#[get("/campaigns/{id}/results-report")]
pub async fn results_report(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<PeriodDocumentParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, PeriodDocumentParams { period, format }) = (id.into_inner(), params.0);
    let caches = state.caches.clone();
    respond(&state, &req, format, move |conn, format| {
        documents::results::results(conn, &caller, &caches.scoreboards, &id, period.as_deref(), format)
    })
    .await
}
