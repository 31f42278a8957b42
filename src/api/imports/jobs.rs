use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};

use crate::error::{ApiError, FieldError};
use crate::http::extract::{JsonOrCsv, Query};
use crate::model::imports::{ImportInput, ImportOptions, ImportView};
use crate::service::imports::rows::{from_csv, from_json};
use crate::service::imports::{Answer, ImportRequest};
use crate::service::{Caller, imports};
use crate::state::AppState;

/// Imports figures by codes — campaign, unit, period, criterion — from JSON
/// (`{"rows": [...]}`) or CSV (`text/csv`, UTF-8 with or without BOM, a
/// header naming the columns of `ImportRow`). Each report is created,
/// filled and (with `submit=true`) submitted by the report API's own rules;
/// every problem is listed by row, field and code. Above the setting
/// `imports.async_above_rows` the import is queued: 202 with `Location`.
#[utoipa::path(
    tag = "imports",
    operation_id = "create_import",
    params(ImportOptions),
    request_body(content(
        (ImportInput = "application/json"),
        (String = "text/csv"),
    )),
    responses(
        (status = 200, description = "A dry run: what the import would do, and every problem", body = ImportView),
        (status = 201, description = "Written: the summary, and (each report on its own) the problems of those not written", body = ImportView,
            headers(("Location" = String, description = "The import"))),
        (status = 202, description = "Queued for the background worker; follow `Location`", body = ImportView,
            headers(("Location" = String, description = "The import, to follow"))),
    ),
)]
#[post("/imports")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    options: Query<ImportOptions>,
    body: JsonOrCsv<ImportInput>,
) -> Result<HttpResponse, ApiError> {
    let rows = match body {
        JsonOrCsv::Json(input) => from_json(input.rows),
        JsonOrCsv::Csv(bytes) => from_csv(&bytes)?,
    };
    let request = ImportRequest { options: options.0, rows };
    let location = |view: &ImportView| format!("/api/v1/imports/{}", view.id);
    Ok(match imports::import(&state.db, state.caches.clone(), caller, request).await? {
        Answer::Checked(view) => HttpResponse::Ok().json(view),
        Answer::Done(view) => HttpResponse::Created().insert_header((header::LOCATION, location(&view))).json(view),
        Answer::Queued(view) => HttpResponse::Accepted().insert_header((header::LOCATION, location(&view))).json(view),
        Answer::Refused(view) => return Err(refused(&view)),
    })
}

/// An all-or-nothing import with problems: 422 naming each row's field
/// (`rows[3].numerator`, rows counted from 1).
fn refused(view: &ImportView) -> ApiError {
    ApiError::validation(
        view.problems
            .iter()
            .map(|p| FieldError::new(format!("rows[{}].{}", p.row, p.field), p.code.clone(), p.message.clone()))
            .collect(),
    )
}

/// An import: its progress while the worker writes it, then its summary and problems.
#[utoipa::path(
    tag = "imports",
    operation_id = "get_import",
    params(("id" = String, Path, description = "The import's id")),
    responses((status = 200, description = "The import", body = ImportView)),
)]
#[get("/imports/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ImportView>, ApiError> {
    let id = id.into_inner();
    let view = state.db.run(move |conn| imports::get(conn, &caller, &id)).await?;
    Ok(web::Json(view))
}
