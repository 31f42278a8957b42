use actix_web::{HttpResponse, delete, post, put, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::criteria::{CriterionInput, CriterionView};
use crate::service::criteria::CriterionRef;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Adds a criterion to a draft campaign.
#[utoipa::path(
    tag = "criteria",
    operation_id = "create_criterion",
    params(("id" = String, Path, description = "The campaign's id")),
    request_body = CriterionInput,
    responses(
        (status = 201, description = "Created", body = CriterionView,
            headers(("Location" = String, description = "The new criterion"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The campaign is not a draft, or the code is taken"),
    ),
)]
#[post("/campaigns/{id}/criteria")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<CriterionInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.0);
    let criterion = state.db.write(move |conn| service::criteria::create(conn, &caller, &id, input)).await?;
    let location = format!("/api/v1/campaigns/{}/criteria/{}", criterion.campaign_id, criterion.id);
    Ok(created(&location, criterion.version, &criterion))
}

/// Replaces a criterion of a draft campaign. Needs `If-Match`.
#[utoipa::path(
    tag = "criteria",
    operation_id = "update_criterion",
    params(
        ("id" = String, Path, description = "The campaign's id"),
        ("criterion_id" = String, Path, description = "The criterion's id"),
        ("If-Match" = String, Header, description = "The version read, as its ETag"),
    ),
    request_body = CriterionInput,
    responses(
        (status = 200, description = "Replaced", body = CriterionView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The campaign is not a draft, or the code is taken"),
    ),
)]
#[put("/campaigns/{id}/criteria/{criterion_id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Json<CriterionInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let (id, criterion_id) = path.into_inner();
    let criterion = state
        .db
        .write(move |conn| {
            let target = CriterionRef { campaign_id: &id, criterion_id: &criterion_id };
            service::criteria::update(conn, &caller, target, if_match.precondition(), input)
        })
        .await?;
    Ok(ok_with_etag(criterion.version, &criterion))
}

/// Removes a criterion from a draft campaign (its sub-criteria first).
#[utoipa::path(
    tag = "criteria",
    operation_id = "delete_criterion",
    params(("id" = String, Path, description = "The campaign's id"), ("criterion_id" = String, Path, description = "The criterion's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "The campaign is not a draft, or the criterion has sub-criteria"),
    ),
)]
#[delete("/campaigns/{id}/criteria/{criterion_id}")]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, criterion_id) = path.into_inner();
    state
        .db
        .write(move |conn| {
            let target = CriterionRef { campaign_id: &id, criterion_id: &criterion_id };
            service::criteria::delete(conn, &caller, target)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
