use actix_web::{HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::me::PasswordChange;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Changes the caller's password. Every refresh token is revoked and access
/// tokens issued before stop working: sign in again with the new password.
#[utoipa::path(
    tag = "me",
    operation_id = "change_my_password",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 429, description = "Too many wrong current passwords; see `Retry-After`",
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    service::me::change_password(&state.db, &state.auth, &caller, body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
