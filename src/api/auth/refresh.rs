use actix_web::{HttpResponse, post, web};

use super::token::no_store;
use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::auth::{RefreshRequest, TokenResponse};
use crate::service;
use crate::state::AppState;

/// Rotates a refresh token.
///
/// The old one is spent, a new one comes with a new access token. A spent
/// token presented again revokes its whole sign-in.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh_token",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 400, description = "Malformed body, or an invalid, expired, revoked or already used refresh token (`invalid_grant`)"),
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let tokens = service::auth::refresh(&state.auth, &state.db, body.0).await?;
    Ok(no_store(tokens))
}
