use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::precondition::ok_with_etag;
use crate::model::awards::{AmountParams, AwardAmountView, AwardTypeView, BaseSalaryView, LegalBasisView};
use crate::model::list::{List, PageParams};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the legal bases of commendation figures, oldest in force first.
#[utoipa::path(
    tag = "award-reference",
    operation_id = "list_award_legal_bases",
    params(PageParams),
    responses((status = 200, description = "One page of legal bases", body = List<LegalBasisView>)),
)]
#[get("/award-reference/legal-bases")]
pub async fn list_legal_bases(
    state: web::Data<AppState>,
    caller: Caller,
    params: Query<PageParams>,
) -> Result<web::Json<List<LegalBasisView>>, ApiError> {
    let page = params.0.page();
    let list = state.db.run(move |conn| service::awards::list_legal_bases(conn, &caller, page)).await?;
    Ok(web::Json(list))
}

/// Lists the base salary table (mức lương cơ sở), oldest first.
#[utoipa::path(
    tag = "award-reference",
    operation_id = "list_base_salaries",
    params(PageParams),
    responses((status = 200, description = "One page of base salaries", body = List<BaseSalaryView>)),
)]
#[get("/award-reference/base-salaries")]
pub async fn list_base_salaries(
    state: web::Data<AppState>,
    caller: Caller,
    params: Query<PageParams>,
) -> Result<web::Json<List<BaseSalaryView>>, ApiError> {
    let page = params.0.page();
    let list = state.db.run(move |conn| service::awards::list_base_salaries(conn, &caller, page)).await?;
    Ok(web::Json(list))
}

/// Lists the award types in code order, each with its subjects and dated coefficients.
#[utoipa::path(
    tag = "award-reference",
    operation_id = "list_award_types",
    params(PageParams),
    responses((status = 200, description = "One page of award types", body = List<AwardTypeView>)),
)]
#[get("/award-types")]
pub async fn list_award_types(
    state: web::Data<AppState>,
    caller: Caller,
    params: Query<PageParams>,
) -> Result<web::Json<List<AwardTypeView>>, ApiError> {
    let page = params.0.page();
    let list = state.db.run(move |conn| service::awards::list_award_types(conn, &caller, page)).await?;
    Ok(web::Json(list))
}

/// Reads one award type with its subjects and dated coefficients.
#[utoipa::path(
    tag = "award-reference",
    operation_id = "get_award_type",
    params(("id" = String, Path, description = "The award type's id")),
    responses((status = 200, description = "The award type", body = AwardTypeView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/award-types/{id}")]
pub async fn get_award_type(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let award = state.db.run(move |conn| service::awards::get_award_type(conn, &caller, &id)).await?;
    Ok(ok_with_etag(award.version, &award))
}

/// The amount an award of this type carries for a subject kind when the
/// decision is signed on a date: the coefficient and base salary in force
/// then, the raw amount, the amount rounded up to the next 10,000 đồng, and
/// the legal bases used. 422 names `subject_kind` when the type has no
/// coefficient for it on that date, `on` when the type was not in force or
/// no base salary was.
#[utoipa::path(
    tag = "award-reference",
    operation_id = "award_amount",
    params(("id" = String, Path, description = "The award type's id"), AmountParams),
    responses(
        (status = 200, description = "The amount and every input used", body = AwardAmountView),
        (status = 422, description = "Nothing to compute on that day: no coefficient for the subject kind \
                                     (`subject_kind`), no base salary yet (`on`), or the award type no longer in \
                                     force (`on`)"),
    ),
)]
#[get("/award-types/{id}/amount")]
pub async fn amount(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    params: Query<AmountParams>,
) -> Result<web::Json<AwardAmountView>, ApiError> {
    let id = id.into_inner();
    let params = params.0;
    let answer = state.db.run(move |conn| service::awards::amount(conn, &caller, &id, params)).await?;
    Ok(web::Json(answer))
}

/// Reads one legal basis.
#[utoipa::path(
    tag = "award-reference",
    operation_id = "get_award_legal_basis",
    params(("id" = String, Path, description = "The legal basis's id")),
    responses((status = 200, description = "The legal basis", body = LegalBasisView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/award-reference/legal-bases/{id}")]
pub async fn get_legal_basis(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let basis = state.db.run(move |conn| service::awards::get_legal_basis(conn, &caller, &id)).await?;
    Ok(ok_with_etag(basis.version, &basis))
}

/// Reads one base salary row.
#[utoipa::path(
    tag = "award-reference",
    operation_id = "get_base_salary",
    params(("id" = String, Path, description = "The row's id")),
    responses((status = 200, description = "The base salary row", body = BaseSalaryView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/award-reference/base-salaries/{id}")]
pub async fn get_base_salary(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let salary = state.db.run(move |conn| service::awards::get_base_salary(conn, &caller, &id)).await?;
    Ok(ok_with_etag(salary.version, &salary))
}
