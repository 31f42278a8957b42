//! The caller's own account: who it is, and changing its password.

use secrecy::SecretString;

use super::Caller;
use crate::auth::policy::not_found;
use crate::auth::{Action, Actor, Auth};
use crate::db::{self, Db, DbConnection};
use crate::error::{ApiError, FieldError};
use crate::model::me::{MeView, PasswordChange};

/// Who the caller is, with its org unit.
pub fn get(conn: &mut DbConnection, caller: &Caller) -> Result<MeView, ApiError> {
    caller.may(Action::ReadSelf)?;
    let principal = &caller.principal;
    let unit = db::org_units::get(conn, &principal.unit_id)?.ok_or(db::DbError::NotFound)?;
    let unit = super::org_units::describe(conn, vec![unit], crate::domain::today())?.remove(0);
    let view = match &principal.actor {
        Actor::User { id, username, role } => MeView {
            kind: "user".to_owned(),
            id: id.clone(),
            username: username.clone(),
            display_name: db::users::get(conn, id)?.map(|(u, _)| u.display_name).unwrap_or_default(),
            role: role.as_str().to_owned(),
            scopes: Vec::new(),
            org_unit: unit,
        },
        Actor::Service { id, client_id, scopes } => MeView {
            kind: "service_account".to_owned(),
            id: id.clone(),
            username: client_id.clone(),
            display_name: db::service_accounts::get(conn, id)?.map(|(a, _)| a.name).unwrap_or_default(),
            role: crate::model::choices::SERVICE_ROLE.to_owned(),
            scopes: scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            org_unit: unit,
        },
        // Never reached: the policy refuses it `ReadSelf`.
        Actor::System => return Err(ApiError::forbidden("The system has no account.")),
    };
    Ok(view)
}

/// Changes the caller's password after checking the current one. Every
/// refresh token is revoked and access tokens issued before stop working.
pub async fn change_password(db: &Db, auth: &Auth, caller: &Caller, change: PasswordChange) -> Result<(), ApiError> {
    caller.may(Action::ChangeOwnPassword)?;
    let Actor::User { id, .. } = &caller.principal.actor else {
        return Err(ApiError::forbidden("Service accounts have no password."));
    };
    let id = id.clone();
    let user = db.run(move |conn| db::users::get(conn, &id)).await?.map(|(u, _)| u).ok_or_else(not_found)?;
    super::users::check_password("new_password", &change.new_password, &user.username)
        .map_err(|e| ApiError::validation(vec![e]))?;
    let current = SecretString::from(change.current_password);
    if !super::auth::check_current_password(auth, db, &user, &current).await? {
        return Err(ApiError::validation(vec![FieldError::new(
            "current_password",
            "incorrect",
            "The current password is wrong.",
        )]));
    }
    let hash = auth.passwords.hash(&SecretString::from(change.new_password)).await?;
    let caller = caller.clone();
    db.write(move |conn| super::users::store_password(conn, &caller, &user.id, &hash, "change_password")).await
}
