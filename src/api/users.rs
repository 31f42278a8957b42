//! `/api/v1/users`: accounts, managed by admins. No answer ever holds a
//! password hash.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::not_found;
use crate::auth::{Action, Auth, Principal, authorize};
use crate::db::{self, Db, DbConnection, Guarded};
use crate::domain::accounts::{User, check_username, role_fits_unit};
use crate::domain::org::within;
use crate::domain::password;
use crate::domain::role::Role;
use crate::domain::text::check_name;
use crate::error::{ApiError, FieldError};
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, ok_with_etag, tagged};
use crate::model::list::{List, PageParams};

/// A user account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_unit_id: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            org_unit_id: u.org_unit_id,
            active: u.active,
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub org_unit_id: Option<String>,
    pub active: Option<bool>,
}

/// Lists the accounts in the caller's scope.
#[utoipa::path(
    tag = "users",
    operation_id = "list_users",
    params(PageParams, UserFilter),
    responses((status = 200, description = "One page of users", body = List<UserView>)),
)]
#[get("/users")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    page: Query<PageParams>,
    filter: Query<UserFilter>,
) -> Result<web::Json<List<UserView>>, ApiError> {
    let grant = authorize(&principal, Action::ManageUsers)?;
    let page = page.0.page();
    let filter = filter.0;
    let query = db::users::Filter {
        within: grant.within().to_owned(),
        role: filter.role.map(|r| r.as_str().to_owned()),
        org_unit_id: filter.org_unit_id,
        active: filter.active,
    };
    let (items, total) = db.run(move |conn| db::users::list(conn, &query, page)).await?;
    Ok(web::Json(List::new(items.into_iter().map(Into::into).collect(), total, page)))
}

/// Reads one account.
#[utoipa::path(
    tag = "users",
    operation_id = "get_user",
    params(("id" = String, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = UserView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/users/{id}")]
pub async fn get(db: web::Data<Db>, principal: Principal, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageUsers)?;
    let id = id.into_inner();
    let (user, path) = db.run(move |conn| db::users::get(conn, &id)).await?.ok_or_else(not_found)?;
    grant.check(&path)?;
    Ok(ok_with_etag(user.version, &UserView::from(user)))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// 3–64 of a-z, 0-9, `.`, `_`, `-` (stored in lower case).
    #[schema(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$", example = "nguyenvana")]
    pub username: String,
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
    pub role: Role,
    /// District users sit at a district; office, chairman and reporter inside a commune.
    pub org_unit_id: String,
    /// At least 12 characters, not a common password, not containing the username.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
}

/// Creates an account.
#[utoipa::path(
    tag = "users",
    operation_id = "create_user",
    request_body = NewUser,
    responses(
        (status = 201, description = "Created", body = UserView,
            headers(("Location" = String, description = "The new user"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The username is taken", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/users")]
pub async fn create(
    auth: web::Data<Auth>,
    db: web::Data<Db>,
    principal: Principal,
    body: Json<NewUser>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageUsers)?;
    let input = body.0;
    let mut errors = Vec::new();
    let username = check_username(&input.username)
        .map_err(|rule| errors.push(FieldError::new("username", "invalid", format!("The username {rule}."))));
    let display_name = check_name(&input.display_name, 200)
        .map_err(|rule| errors.push(FieldError::new("display_name", "invalid", format!("The name {rule}."))));
    let role = input.role;
    if let Ok(name) = &username
        && let Err(rule) = password::check_strength(&input.password, name)
    {
        errors.push(FieldError::new("password", "weak_password", format!("The password {rule}.")));
    }
    let (Ok(username), Ok(display_name)) = (username, display_name) else {
        return Err(ApiError::validation(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let hash = auth.passwords.hash(&SecretString::from(input.password)).await?;
    let scope = grant.within().to_owned();
    let unit_id = input.org_unit_id;
    let user = db
        .write(move |conn| -> Result<User, ApiError> {
            check_unit(conn, &scope, &unit_id, role)?;
            if db::users::credentials(conn, &username)?.is_some() {
                return Err(username_taken());
            }
            let id = uuid::Uuid::now_v7().to_string();
            let new = db::users::NewUser {
                id: &id,
                username: &username,
                display_name: &display_name,
                role: role.as_str(),
                org_unit_id: &unit_id,
                password_hash: &hash,
            };
            db::users::insert(conn, new).map_err(|e| match e {
                db::DbError::UniqueViolation(_) => username_taken(),
                other => other.into(),
            })
        })
        .await?;
    Ok(tagged(HttpResponse::Created(), user.version)
        .insert_header((header::LOCATION, format!("/api/v1/users/{}", user.id)))
        .json(UserView::from(user)))
}

fn username_taken() -> ApiError {
    let mut e = ApiError::conflict("username_taken", "Another account has this username.");
    e.set_errors(vec![FieldError::new("username", "taken", "Another account has this username.")]);
    e
}

/// 422 unless the unit is in scope and fits the role.
fn check_unit(conn: &mut DbConnection, scope: &str, unit_id: &str, role: Role) -> Result<(), ApiError> {
    let unit = db::org_units::get(conn, unit_id)?.filter(|u| within(&u.path, scope));
    let Some(unit) = unit else {
        return Err(ApiError::validation(vec![FieldError::new(
            "org_unit_id",
            "not_found",
            "No such org unit in your scope.",
        )]));
    };
    if !role_fits_unit(role, unit.kind) {
        return Err(ApiError::validation(vec![FieldError::new(
            "org_unit_id",
            "role_does_not_fit",
            format!("A {role} cannot be bound to a {} unit.", unit.kind),
        )]));
    }
    Ok(())
}

/// Changes to an account; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UserChanges {
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub org_unit_id: Option<String>,
    /// `false` deactivates the account: its tokens stop working at once.
    pub active: Option<bool>,
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
        (status = 409, description = "An admin cannot deactivate or demote themselves", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The user changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[patch("/users/{id}")]
pub async fn update(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<UserChanges>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageUsers)?;
    let changes = body.0;
    let mut errors = Vec::new();
    let display_name = changes.display_name.as_deref().map(|n| check_name(n, 200)).transpose().map_err(|rule| {
        errors.push(FieldError::new("display_name", "invalid", format!("The name {rule}.")));
    });
    let role = changes.role;
    let Ok(display_name) = display_name else { return Err(ApiError::validation(errors)) };
    // After the body: a malformed body is answered as such first.
    let expected = if_match.version()?;
    let scope = grant.within().to_owned();
    let caller = principal.user_id().map(str::to_owned);
    let id = id.into_inner();
    let user = db
        .write(move |conn| -> Result<User, ApiError> {
            let (current, path) = db::users::get(conn, &id)?.ok_or_else(not_found)?;
            if !within(&path, &scope) {
                return Err(not_found());
            }
            if current.version != expected {
                return Err(ApiError::precondition_failed(current.version));
            }
            let role = role.unwrap_or(current.role);
            let unit_id = changes.org_unit_id.unwrap_or(current.org_unit_id.clone());
            let active = changes.active.unwrap_or(current.active);
            if caller.as_deref() == Some(current.id.as_str()) && (!active || role != Role::Admin) {
                return Err(ApiError::conflict(
                    "cannot_lock_out_self",
                    "You cannot deactivate or demote your own account; ask another admin.",
                ));
            }
            if role != current.role || unit_id != current.org_unit_id {
                check_unit(conn, &scope, &unit_id, role)?;
            }
            let revoke_tokens = role != current.role || unit_id != current.org_unit_id || active != current.active;
            let fields = db::users::Changes {
                display_name: &display_name.unwrap_or(current.display_name.clone()),
                role: role.as_str(),
                org_unit_id: &unit_id,
                active,
                revoke_tokens,
            };
            match db::users::update(conn, &id, current.version, fields)? {
                Guarded::Done => Ok(db::users::get(conn, &id)?.ok_or_else(not_found)?.0),
                Guarded::Stale => Err(ApiError::precondition_failed(current.version + 1)),
                Guarded::Missing => Err(not_found()),
            }
        })
        .await?;
    Ok(ok_with_etag(user.version, &UserView::from(user)))
}

/// An admin's reset of someone's password.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordReset {
    /// At least 12 characters, not a common password, not containing the username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

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
    auth: web::Data<Auth>,
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    body: Json<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageUsers)?;
    let id = id.into_inner();
    let lookup = id.clone();
    let (user, path) = db.run(move |conn| db::users::get(conn, &lookup)).await?.ok_or_else(not_found)?;
    grant.check(&path)?;
    if let Err(rule) = password::check_strength(&body.0.new_password, &user.username) {
        return Err(ApiError::validation(vec![FieldError::new(
            "new_password",
            "weak_password",
            format!("The password {rule}."),
        )]));
    }
    let hash = auth.passwords.hash(&SecretString::from(body.0.new_password)).await?;
    db.write(move |conn| db::users::set_password(conn, &id, &hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}
