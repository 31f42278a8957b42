use actix_web::{HttpResponse, get, patch, post, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::campaigns::{CampaignChanges, CampaignFilter, CampaignView, NewCampaign};
use crate::model::list::{CursorList, WalkParams};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the campaigns that reach the caller: issued in its scope or above it.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_campaigns",
    params(WalkParams, CampaignFilter),
    responses((status = 200, description = "One page of campaigns", body = CursorList<CampaignView>)),
)]
#[get("/campaigns")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<WalkParams>,
    filter: Query<CampaignFilter>,
) -> Result<web::Json<CursorList<CampaignView>>, ApiError> {
    let page = page.0.paging()?;
    let filter = filter.0;
    let list = state.db.run(move |conn| service::campaigns::records::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Reads one campaign.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "get_campaign",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The campaign", body = CampaignView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/campaigns/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let campaign = state.db.run(move |conn| service::campaigns::records::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(campaign.version, &campaign))
}

/// Creates a draft campaign.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "create_campaign",
    request_body = NewCampaign,
    responses(
        (status = 201, description = "Created as a draft", body = CampaignView,
            headers(("Location" = String, description = "The new campaign"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The issuer already has a campaign with this code"),
    ),
)]
#[post("/campaigns")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewCampaign>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0.into();
    let campaign = state.db.write(move |conn| service::campaigns::records::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/campaigns/{}", campaign.id), campaign.version, &campaign))
}

/// Changes a draft campaign's definition. Needs `If-Match`.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "update_campaign",
    params(("id" = String, Path, description = "The campaign's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = CampaignChanges,
    responses(
        (status = 200, description = "Updated", body = CampaignView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The campaign is not a draft, or the code is taken"),
    ),
)]
#[patch("/campaigns/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<CampaignChanges>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.0.into());
    let campaign = state
        .db
        .write(move |conn| service::campaigns::records::update(conn, &caller, &id, if_match.precondition(), input))
        .await?;
    Ok(ok_with_etag(campaign.version, &campaign))
}
