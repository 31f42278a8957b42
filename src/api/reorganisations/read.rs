use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::list::{List, PageParams};
use crate::model::reorganisations::ReorganisationView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the reorganisations touching a unit of the caller's scope, latest first.
#[utoipa::path(
    tag = "org-units",
    operation_id = "list_reorganisations",
    params(PageParams),
    responses((status = 200, description = "One page of reorganisations", body = List<ReorganisationView>)),
)]
#[get("/reorganisations")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
) -> Result<web::Json<List<ReorganisationView>>, ApiError> {
    let page = page.0.page();
    let list = state.db.run(move |conn| service::reorganisations::list(conn, &caller, page)).await?;
    Ok(web::Json(list))
}

/// Reads one reorganisation: its units, named as they were the day before
/// (the predecessors) and from its date (the successors).
#[utoipa::path(
    tag = "org-units",
    operation_id = "get_reorganisation",
    params(("id" = String, Path, description = "The reorganisation's id")),
    responses((status = 200, description = "The reorganisation", body = ReorganisationView)),
)]
#[get("/reorganisations/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ReorganisationView>, ApiError> {
    let id = id.into_inner();
    let view = state.db.run(move |conn| service::reorganisations::get(conn, &caller, &id)).await?;
    Ok(web::Json(view))
}
