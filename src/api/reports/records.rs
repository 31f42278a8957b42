use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{created, tagged};
use crate::model::list::{CursorList, WalkParams};
use crate::model::reports::{NewReport, ReportFilter, ReportSummary, ReportView};
use crate::service::{Caller, reports};
use crate::state::AppState;

/// Creates the report of a unit for a campaign and period (one each; a second is 409).
#[utoipa::path(
    tag = "reports",
    operation_id = "create_report",
    request_body = NewReport,
    responses(
        (status = 201, description = "Created as a draft", body = ReportView,
            headers(("Location" = String, description = "The new report"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The report exists already, or a rule blocks it: `campaign_closed`, `campaign_not_active`, `period_locked`, `not_a_participant`"),
    ),
)]
#[post("/reports")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewReport>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let caches = state.caches.clone();
    let view = state.db.write(move |conn| reports::records::create(conn, &caller, &caches, input)).await?;
    Ok(created(&format!("/api/v1/reports/{}", view.id), view.version, &view))
}

/// Lists the reports the caller may read (a reporter: its own unit's), newest change first.
#[utoipa::path(
    tag = "reports",
    operation_id = "list_reports",
    params(WalkParams, ReportFilter),
    responses((status = 200, description = "One page of reports", body = CursorList<ReportSummary>)),
)]
#[get("/reports")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<WalkParams>,
    filter: Query<ReportFilter>,
) -> Result<web::Json<CursorList<ReportSummary>>, ApiError> {
    let page = page.0.paging()?;
    let filter = filter.0;
    let list = state.db.run(move |conn| reports::records::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Reads one report with its values.
#[utoipa::path(
    tag = "reports",
    operation_id = "get_report",
    params(("id" = String, Path, description = "The report's id")),
    responses((status = 200, description = "The report", body = ReportView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/reports/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let caches = state.caches.clone();
    let found = state.db.run(move |conn| reports::records::get(conn, &caller, &caches, &id)).await?;
    Ok(tagged(HttpResponse::Ok(), found.version)
        .content_type(mime::APPLICATION_JSON)
        .body(web::Bytes::from_owner(found.body)))
}
