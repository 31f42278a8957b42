use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::precondition::ok_with_etag;
use crate::model::criteria::CriterionView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists a campaign's criteria: by ordinal, each parent before its sub-criteria.
#[utoipa::path(
    tag = "criteria",
    operation_id = "list_criteria",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The criteria", body = Vec<CriterionView>)),
)]
#[get("/campaigns/{id}/criteria")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<CriterionView>>, ApiError> {
    let id = id.into_inner();
    let found = state.db.run(move |conn| service::criteria::list(conn, &caller, &id)).await?;
    Ok(web::Json(found))
}

/// Reads one criterion.
#[utoipa::path(
    tag = "criteria",
    operation_id = "get_criterion",
    params(("id" = String, Path, description = "The campaign's id"), ("criterion_id" = String, Path, description = "The criterion's id")),
    responses((status = 200, description = "The criterion", body = CriterionView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/campaigns/{id}/criteria/{criterion_id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, criterion_id) = path.into_inner();
    let criterion = state.db.run(move |conn| service::criteria::get(conn, &caller, &id, &criterion_id)).await?;
    Ok(ok_with_etag(criterion.version, &criterion))
}
