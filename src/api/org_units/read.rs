use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::precondition::ok_with_etag;
use crate::model::list::{CursorList, WalkParams};
use crate::model::org_units::{OrgUnitFilter, OrgUnitOn, OrgUnitView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the units in the caller's scope, in tree order: today's tree, or
/// the tree as it stood on the day `on` names, with the names of that day.
#[utoipa::path(
    tag = "org-units",
    operation_id = "list_org_units",
    params(WalkParams, OrgUnitFilter),
    responses((status = 200, description = "One page of org units", body = CursorList<OrgUnitView>)),
)]
#[get("/org-units")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<WalkParams>,
    filter: Query<OrgUnitFilter>,
) -> Result<web::Json<CursorList<OrgUnitView>>, ApiError> {
    let page = page.0.paging()?;
    let filter = filter.0;
    let list = state.db.run(move |conn| service::org_units::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Reads one unit, named as it was on the day `on` names (today by default).
#[utoipa::path(
    tag = "org-units",
    operation_id = "get_org_unit",
    params(("id" = String, Path, description = "The unit's id"), OrgUnitOn),
    responses((status = 200, description = "The unit", body = OrgUnitView, headers(("ETag" = String, description = "The unit's version")))),
)]
#[get("/org-units/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    on: Query<OrgUnitOn>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let on = on.0.on;
    let unit = state.db.run(move |conn| service::org_units::get(conn, &caller, &id, on)).await?;
    Ok(ok_with_etag(unit.version, &unit))
}
