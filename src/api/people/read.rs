use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::precondition::ok_with_etag;
use crate::model::list::{CursorList, WalkParams};
use crate::model::people::{PersonFilter, PersonView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the people in the caller's scope.
#[utoipa::path(
    tag = "people",
    operation_id = "list_people",
    params(WalkParams, PersonFilter),
    responses((status = 200, description = "One page of people", body = CursorList<PersonView>)),
)]
#[get("/people")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<WalkParams>,
    filter: Query<PersonFilter>,
) -> Result<web::Json<CursorList<PersonView>>, ApiError> {
    let page = page.0.paging()?;
    let filter = filter.0;
    let list = state.db.run(move |conn| service::people::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Reads one person.
#[utoipa::path(
    tag = "people",
    operation_id = "get_person",
    params(("id" = String, Path, description = "The person's id")),
    responses((status = 200, description = "The person", body = PersonView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/people/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let person = state.db.run(move |conn| service::people::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(person.version, &person))
}
