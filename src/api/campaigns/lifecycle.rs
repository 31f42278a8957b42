use actix_web::{HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::campaigns::CampaignView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Starts the campaign: draft → active. It needs at least one criterion and
/// one participant; from now on it takes reports and its definition is fixed.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "activate_campaign",
    params(("id" = String, Path, description = "The campaign's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 200, description = "Active", body = CampaignView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Not a draft, or no criteria or participants yet"),
    ),
)]
#[post("/campaigns/{id}/activate")]
pub async fn activate(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let campaign = state
        .db
        .write(move |conn| service::campaigns::lifecycle::activate(conn, &caller, &id, if_match.precondition()))
        .await?;
    Ok(ok_with_etag(campaign.version, &campaign))
}

/// Ends the campaign: active → closed. A closed campaign is read-only.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "close_campaign",
    params(("id" = String, Path, description = "The campaign's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 200, description = "Closed", body = CampaignView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The campaign is not active"),
    ),
)]
#[post("/campaigns/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let campaign = state
        .db
        .write(move |conn| service::campaigns::lifecycle::close(conn, &caller, &id, if_match.precondition()))
        .await?;
    Ok(ok_with_etag(campaign.version, &campaign))
}
