use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::list::{List, PageParams};
use crate::model::service_accounts::ServiceAccountView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the service accounts in the caller's scope.
#[utoipa::path(
    tag = "service-accounts",
    operation_id = "list_service_accounts",
    params(PageParams),
    responses((status = 200, description = "One page of service accounts", body = List<ServiceAccountView>)),
)]
#[get("/service-accounts")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
) -> Result<web::Json<List<ServiceAccountView>>, ApiError> {
    let page = page.0.page();
    let list = state.db.run(move |conn| service::service_accounts::list(conn, &caller, page)).await?;
    Ok(web::Json(list))
}

/// Reads one service account.
#[utoipa::path(
    tag = "service-accounts",
    operation_id = "get_service_account",
    params(("id" = String, Path, description = "The account's id")),
    responses((status = 200, description = "The account", body = ServiceAccountView)),
)]
#[get("/service-accounts/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ServiceAccountView>, ApiError> {
    let id = id.into_inner();
    let account = state.db.run(move |conn| service::service_accounts::get(conn, &caller, &id)).await?;
    Ok(web::Json(account))
}
