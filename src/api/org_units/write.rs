use actix_web::{HttpResponse, patch, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::org_units::{NewOrgUnit, OrgUnitChanges, OrgUnitView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Creates a unit under a parent in the caller's scope.
#[utoipa::path(
    tag = "org-units",
    operation_id = "create_org_unit",
    request_body = NewOrgUnit,
    responses(
        (status = 201, description = "Created", body = OrgUnitView,
            headers(("Location" = String, description = "The new unit"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The code is taken"),
    ),
)]
#[post("/org-units")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewOrgUnit>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let unit = state.db.write(move |conn| service::org_units::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/org-units/{}", unit.id), unit.version, &unit))
}

/// Updates, moves, deactivates or reactivates a unit. Needs `If-Match`.
#[utoipa::path(
    tag = "org-units",
    operation_id = "update_org_unit",
    params(("id" = String, Path, description = "The unit's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = OrgUnitChanges,
    responses(
        (status = 200, description = "Updated", body = OrgUnitView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The move would make a cycle, the code is taken, the unit has active children, or it is the root"),
    ),
)]
#[patch("/org-units/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<OrgUnitChanges>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let changes = body.0;
    let expected = if_match.precondition();
    let unit = state.db.write(move |conn| service::org_units::update(conn, &caller, &id, expected, changes)).await?;
    state.caches.definitions.names_changed();
    Ok(ok_with_etag(unit.version, &unit))
}
