use actix_web::{HttpResponse, post, put, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::awards::{BaseSalaryInput, BaseSalaryView, LegalBasisInput, LegalBasisView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Records a legal basis (admins).
#[utoipa::path(
    tag = "award-reference",
    operation_id = "create_award_legal_basis",
    request_body = LegalBasisInput,
    responses(
        (status = 201, description = "Created", body = LegalBasisView,
            headers(("Location" = String, description = "The new legal basis"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "Another legal basis has the code (`code_taken`)"),
    ),
)]
#[post("/award-reference/legal-bases")]
pub async fn create_legal_basis(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<LegalBasisInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let basis = state.db.write(move |conn| service::awards::create_legal_basis(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/award-reference/legal-bases/{}", basis.id), basis.version, &basis))
}

/// Corrects a legal basis: every field is replaced. Needs `If-Match` (admins).
#[utoipa::path(
    tag = "award-reference",
    operation_id = "update_award_legal_basis",
    params(("id" = String, Path, description = "The legal basis's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = LegalBasisInput,
    responses(
        (status = 200, description = "Updated", body = LegalBasisView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Another legal basis has the code (`code_taken`)"),
    ),
)]
#[put("/award-reference/legal-bases/{id}")]
pub async fn update_legal_basis(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<LegalBasisInput>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let input = body.0;
    let expected = if_match.precondition();
    let basis =
        state.db.write(move |conn| service::awards::update_legal_basis(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(basis.version, &basis))
}

/// Records a base salary from a date (admins).
#[utoipa::path(
    tag = "award-reference",
    operation_id = "create_base_salary",
    request_body = BaseSalaryInput,
    responses(
        (status = 201, description = "Created", body = BaseSalaryView,
            headers(("Location" = String, description = "The new row"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "Another row starts on the same day (`already_exists`)"),
    ),
)]
#[post("/award-reference/base-salaries")]
pub async fn create_base_salary(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<BaseSalaryInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let salary = state.db.write(move |conn| service::awards::create_base_salary(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/award-reference/base-salaries/{}", salary.id), salary.version, &salary))
}

/// Corrects a base salary row: every field is replaced. Needs `If-Match` (admins).
#[utoipa::path(
    tag = "award-reference",
    operation_id = "update_base_salary",
    params(("id" = String, Path, description = "The row's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = BaseSalaryInput,
    responses(
        (status = 200, description = "Updated", body = BaseSalaryView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Another row starts on the same day (`already_exists`)"),
    ),
)]
#[put("/award-reference/base-salaries/{id}")]
pub async fn update_base_salary(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<BaseSalaryInput>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let input = body.0;
    let expected = if_match.precondition();
    let salary =
        state.db.write(move |conn| service::awards::update_base_salary(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(salary.version, &salary))
}
