use actix_web::{HttpResponse, get, post, put, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::complaints::{ComplaintFilter, ComplaintInput, ComplaintView};
use crate::model::list::{List, PageParams};
use crate::service::Caller;
use crate::service::complaints::records;
use crate::state::AppState;

/// Lists the complaints the caller may read (a reporter: those about its
/// own unit), the latest received first. Never who complained.
#[utoipa::path(
    tag = "complaints",
    operation_id = "list_complaints",
    params(PageParams, ComplaintFilter),
    responses(
        (status = 200, description = "One page of complaints", body = List<ComplaintView>),
        (status = 422, description = "A filter out of range: `year` (1900–9999), or `received_to` before `received_from`"),
    ),
)]
#[get("/complaints")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
    filter: Query<ComplaintFilter>,
) -> Result<web::Json<List<ComplaintView>>, ApiError> {
    let (page, filter) = (page.0.page(), filter.0);
    let list = state.db.run(move |conn| records::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Records a complaint received against a unit or one of its people; it
/// starts `received`. 422 names each field that breaks a rule: dates after
/// today or an incident after the receipt, a unit outside the caller's
/// scope, a person not of that unit, text too long or holding control
/// characters.
#[utoipa::path(
    tag = "complaints",
    operation_id = "create_complaint",
    request_body = ComplaintInput,
    responses(
        (status = 201, description = "Recorded", body = ComplaintView,
            headers(("Location" = String, description = "The new complaint"), ("ETag" = String, description = "Its version"))),
    ),
)]
#[post("/complaints")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ComplaintInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let view = state.db.write(move |conn| records::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/complaints/{}", view.id), view.version, &view))
}

/// Reads one complaint, without who complained (`has_complainant` says
/// whether an identity is recorded).
#[utoipa::path(
    tag = "complaints",
    operation_id = "get_complaint",
    params(("id" = String, Path, description = "The complaint's id")),
    responses((status = 200, description = "The complaint", body = ComplaintView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/complaints/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = state.db.run(move |conn| records::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(view.version, &view))
}

/// Corrects a complaint's details while it is open. Needs `If-Match`. An
/// absent `complainant` leaves the one recorded; `null` removes it.
#[utoipa::path(
    tag = "complaints",
    operation_id = "update_complaint",
    params(("id" = String, Path, description = "The complaint's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = ComplaintInput,
    responses(
        (status = 200, description = "Corrected", body = ComplaintView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The complaint is concluded, withdrawn or not accepted (`complaint_final`, with `current_status`)"),
    ),
)]
#[put("/complaints/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<ComplaintInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let view = state.db.write(move |conn| records::update(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(view.version, &view))
}
