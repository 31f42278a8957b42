use actix_web::{HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::users::PasswordReset;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Sets a new password for an account; its tokens are revoked.
#[utoipa::path(
    tag = "users",
    operation_id = "reset_user_password",
    params(("id" = String, Path, description = "The user's id")),
    request_body = PasswordReset,
    responses((status = 204, description = "Reset")),
)]
#[post("/users/{id}/password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    service::users::reset_password(&state.db, &state.auth.passwords, &caller, &id, body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
