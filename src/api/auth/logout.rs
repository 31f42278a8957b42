use actix_web::{HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::auth::RefreshRequest;
use crate::service;
use crate::state::AppState;

/// Signs out.
///
/// Revokes the refresh token's sign-in (every token of its family). Access
/// tokens already issued stop at their next request, or expire on their own
/// (≤ 15 minutes).
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out (also when the token was unknown)")),
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    service::auth::logout(&state.db, body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
