use actix_web::{HttpResponse, put, web};

use crate::api::responses::ReportLocked;
use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::reports::{ReportView, ValueFigures, ValuesInput};
use crate::service::Caller;
use crate::service::reports::values::{StoreValues, ValuesToStore, store};
use crate::state::AppState;

/// Stores values in an editable report (a draft may stay incomplete). Each
/// value is checked against its criterion's measure; the percentage and
/// whether the target is met are computed here. Needs `If-Match`.
#[utoipa::path(
    tag = "reports",
    operation_id = "put_report_values",
    params(("id" = String, Path, description = "The report's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = ValuesInput,
    responses(
        (status = 200, description = "The report with its values", body = ReportView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, response = ReportLocked),
    ),
)]
#[put("/reports/{id}/values")]
pub async fn put_values(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<ValuesInput>,
) -> Result<HttpResponse, ApiError> {
    let request = StoreValues {
        report_id: id.into_inner(),
        values: ValuesToStore::Batch(body.0),
        expected_version: if_match.precondition(),
    };
    let caches = state.caches.clone();
    let view = store(&state.db, caller, caches, request).await?;
    Ok(ok_with_etag(view.version, &view))
}

/// Stores the value of one criterion in an editable report: the same rules,
/// `If-Match`, audit and answer as storing several at once.
#[utoipa::path(
    tag = "reports",
    operation_id = "put_report_value",
    params(
        ("id" = String, Path, description = "The report's id"),
        ("criterion" = String, Path, description = "The criterion, by id or code"),
        ("If-Match" = String, Header, description = "The version read, as its ETag"),
    ),
    request_body = ValueFigures,
    responses(
        (status = 200, description = "The report with its values", body = ReportView, headers(("ETag" = String, description = "The new version"))),
        (status = 404, description = "No such report in reach, or the campaign has no criterion with this id or code"),
        (status = 409, response = ReportLocked),
        (status = 422, description = "The criterion does not apply to the report's unit (`not_applicable`), or the figures break its rules"),
    ),
)]
#[put("/reports/{id}/values/{criterion}")]
pub async fn put_value(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Json<ValueFigures>,
) -> Result<HttpResponse, ApiError> {
    let (report_id, criterion) = path.into_inner();
    let values = ValuesToStore::One { criterion, value: body.0 };
    let request = StoreValues { report_id, values, expected_version: if_match.precondition() };
    let caches = state.caches.clone();
    let view = store(&state.db, caller, caches, request).await?;
    Ok(ok_with_etag(view.version, &view))
}
