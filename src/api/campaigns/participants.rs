use actix_web::{get, put, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::campaigns::ParticipantsInput;
use crate::model::org_units::OrgUnitView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists a campaign's participants.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_participants",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The participating units, in tree order", body = Vec<OrgUnitView>)),
)]
#[get("/campaigns/{id}/participants")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<OrgUnitView>>, ApiError> {
    let id = id.into_inner();
    let units = state.db.run(move |conn| service::campaigns::participants::list(conn, &caller, &id)).await?;
    Ok(web::Json(units))
}

/// Replaces the participants of a draft campaign.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "set_participants",
    params(("id" = String, Path, description = "The campaign's id")),
    request_body = ParticipantsInput,
    responses(
        (status = 200, description = "The participants now", body = Vec<OrgUnitView>),
        (status = 409, description = "The campaign is not a draft"),
    ),
)]
#[put("/campaigns/{id}/participants")]
pub async fn set(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<ParticipantsInput>,
) -> Result<web::Json<Vec<OrgUnitView>>, ApiError> {
    let (id, input) = (id.into_inner(), body.0);
    let units = state.db.write(move |conn| service::campaigns::participants::set(conn, &caller, &id, input)).await?;
    Ok(web::Json(units))
}
