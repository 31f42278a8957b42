use actix_web::{HttpResponse, patch, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::users::{NewUser, UserChanges, UserView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Creates an account.
#[utoipa::path(
    tag = "users",
    operation_id = "create_user",
    request_body = NewUser,
    responses(
        (status = 201, description = "Created", body = UserView,
            headers(("Location" = String, description = "The new user"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The username is taken"),
    ),
)]
#[post("/users")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: Json<NewUser>) -> Result<HttpResponse, ApiError> {
    let user = service::users::create(&state.db, &state.auth.passwords, &caller, body.0).await?;
    Ok(created(&format!("/api/v1/users/{}", user.id), user.version, &user))
}

/// Updates, deactivates or reactivates an account. Needs `If-Match`. A
/// change of role, unit or activity revokes the account's tokens.
#[utoipa::path(
    tag = "users",
    operation_id = "update_user",
    params(("id" = String, Path, description = "The user's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = UserChanges,
    responses(
        (status = 200, description = "Updated", body = UserView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "An admin cannot deactivate or demote themselves"),
    ),
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<UserChanges>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let changes = body.0;
    let expected = if_match.precondition();
    let user = state.db.write(move |conn| service::users::update(conn, &caller, &id, expected, changes)).await?;
    Ok(ok_with_etag(user.version, &user))
}
