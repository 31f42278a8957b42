use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::precondition::ok_with_etag;
use crate::model::list::{List, PageParams};
use crate::model::users::{UserFilter, UserView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the accounts in the caller's scope.
#[utoipa::path(
    tag = "users",
    operation_id = "list_users",
    params(PageParams, UserFilter),
    responses((status = 200, description = "One page of users", body = List<UserView>)),
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
    filter: Query<UserFilter>,
) -> Result<web::Json<List<UserView>>, ApiError> {
    let page = page.0.page();
    let filter = filter.0;
    let list = state.db.run(move |conn| service::users::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Reads one account.
#[utoipa::path(
    tag = "users",
    operation_id = "get_user",
    params(("id" = String, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = UserView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/users/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = state.db.run(move |conn| service::users::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(user.version, &user))
}
