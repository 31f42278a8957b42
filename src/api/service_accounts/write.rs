use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::service_accounts::{CreatedServiceAccount, NewServiceAccount, ServiceAccountView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Creates a service account and returns its secret once.
#[utoipa::path(
    tag = "service-accounts",
    operation_id = "create_service_account",
    request_body = NewServiceAccount,
    responses((status = 201, description = "Created; keep the secret", body = CreatedServiceAccount,
        headers(("Location" = String, description = "The new account")))),
)]
#[post("/service-accounts")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewServiceAccount>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let created = state.db.write(move |conn| service::service_accounts::create(conn, &caller, input)).await?;
    // Not `created`: a service account has no version, so no `ETag`.
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/service-accounts/{}", created.account.id)))
        .json(created))
}

/// Revokes a service account for good: its tokens stop working at once.
#[utoipa::path(
    tag = "service-accounts",
    operation_id = "revoke_service_account",
    params(("id" = String, Path, description = "The account's id")),
    responses((status = 200, description = "Revoked", body = ServiceAccountView)),
)]
#[post("/service-accounts/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ServiceAccountView>, ApiError> {
    let id = id.into_inner();
    let account = state.db.write(move |conn| service::service_accounts::revoke(conn, &caller, &id)).await?;
    Ok(web::Json(account))
}
