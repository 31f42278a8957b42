use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::created;
use crate::model::campaigns::CampaignView;
use crate::model::definitions::{CampaignDefinition, ImportRequest};
use crate::service::{self, Caller};
use crate::state::AppState;

/// The definition of a campaign, ready to import elsewhere.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "export_campaign",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The definition", body = CampaignDefinition)),
)]
#[get("/campaigns/{id}/definition")]
pub async fn export(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<CampaignDefinition>, ApiError> {
    let id = id.into_inner();
    let definition = state.db.run(move |conn| service::campaigns::definitions::export(conn, &caller, &id)).await?;
    Ok(web::Json(definition))
}

/// Creates a draft campaign from a definition: all of it, or — when any
/// part is invalid — nothing, with every problem listed.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "import_campaign",
    request_body = ImportRequest,
    responses(
        (status = 201, description = "Imported as a draft", body = CampaignView,
            headers(("Location" = String, description = "The new campaign"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The issuer already has a campaign with this code"),
    ),
)]
#[post("/campaigns/import")]
pub async fn import(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ImportRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let campaign = state.db.write(move |conn| service::campaigns::definitions::import(conn, &caller, request)).await?;
    Ok(created(&format!("/api/v1/campaigns/{}", campaign.id), campaign.version, &campaign))
}
