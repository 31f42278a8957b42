//! `/api/v1/me`: the caller's own account.

use actix_web::{HttpResponse, get, post, web};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session;
use crate::auth::{Action, Actor, Auth, Principal, authorize};
use crate::db::{self, Db};
use crate::domain::password;
use crate::error::{ApiError, FieldError};
use crate::http::extract::Json;
use crate::model::org_units::OrgUnitView;

/// The caller.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeView {
    /// `user` or `service_account`.
    pub kind: String,
    pub id: String,
    /// A user's username, or a service account's client id.
    pub username: String,
    pub display_name: String,
    /// A user's role; `service` for a service account.
    pub role: String,
    /// A service account's scopes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    pub org_unit: OrgUnitView,
}

/// Who the access token belongs to.
#[utoipa::path(
    tag = "me",
    operation_id = "get_me",
    responses((status = 200, description = "The caller's account", body = MeView)),
)]
#[get("/me")]
pub async fn me(db: web::Data<Db>, principal: Principal) -> Result<web::Json<MeView>, ApiError> {
    authorize(&principal, Action::ReadSelf)?;
    let actor = principal.actor.clone();
    let unit_id = principal.unit_id.clone();
    let (unit, display_name) = db
        .run(move |conn| -> Result<_, ApiError> {
            let unit = db::org_units::get(conn, &unit_id)?.ok_or(db::DbError::NotFound)?;
            let display_name = match &actor {
                Actor::User { id, .. } => db::users::get(conn, id)?.map(|(u, _)| u.display_name).unwrap_or_default(),
                Actor::Service { id, .. } => {
                    db::service_accounts::get(conn, id)?.map(|(a, _)| a.name).unwrap_or_default()
                }
            };
            Ok((unit, display_name))
        })
        .await?;
    let view = match principal.actor {
        Actor::User { id, username, role } => MeView {
            kind: "user".to_owned(),
            id,
            username,
            display_name,
            role: role.as_str().to_owned(),
            scopes: Vec::new(),
            org_unit: unit.into(),
        },
        Actor::Service { id, client_id, scopes } => MeView {
            kind: "service_account".to_owned(),
            id,
            username: client_id,
            display_name,
            role: "service".to_owned(),
            scopes: scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            org_unit: unit.into(),
        },
    };
    Ok(web::Json(view))
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    /// At least 12 characters, not a common password, not containing the username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Changes the caller's password. Every refresh token is revoked and access
/// tokens issued before stop working: sign in again with the new password.
#[utoipa::path(
    tag = "me",
    operation_id = "change_my_password",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 429, description = "Too many wrong current passwords; see `Retry-After`", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
#[post("/me/password")]
pub async fn change_password(
    auth: web::Data<Auth>,
    db: web::Data<Db>,
    principal: Principal,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    authorize(&principal, Action::ChangeOwnPassword)?;
    let Actor::User { id, .. } = &principal.actor else {
        return Err(ApiError::forbidden("Service accounts have no password."));
    };
    let id = id.clone();
    let user = db
        .run(move |conn| db::users::get(conn, &id))
        .await?
        .map(|(u, _)| u)
        .ok_or_else(crate::auth::policy::not_found)?;
    let change = body.0;
    if let Err(rule) = password::check_strength(&change.new_password, &user.username) {
        return Err(ApiError::validation(vec![FieldError::new(
            "new_password",
            "weak_password",
            format!("The password {rule}."),
        )]));
    }
    let current = SecretString::from(change.current_password);
    let new = SecretString::from(change.new_password);
    if !session::change_password(&auth, &db, &user, &current, &new).await? {
        return Err(ApiError::validation(vec![FieldError::new(
            "current_password",
            "incorrect",
            "The current password is wrong.",
        )]));
    }
    Ok(HttpResponse::NoContent().finish())
}
