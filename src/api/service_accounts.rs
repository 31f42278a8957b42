//! `/api/v1/service-accounts`: machine clients for district integration,
//! managed by admins. The client secret is shown once, at creation.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::policy::not_found;
use crate::auth::tokens::{random_secret, secret_hash};
use crate::auth::{Action, Principal, authorize};
use crate::db::{self, Db};
use crate::domain::accounts::ServiceAccount;
use crate::domain::org::within;
use crate::domain::role::Scope;
use crate::domain::text::check_name;
use crate::error::{ApiError, FieldError};
use crate::http::extract::{Json, Query};
use crate::model::list::{List, PageParams};

/// A service account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ServiceAccountView {
    pub id: String,
    /// Sent as `client_id` to the token endpoint.
    pub client_id: String,
    pub name: String,
    pub org_unit_id: String,
    pub scopes: Vec<Scope>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ServiceAccount> for ServiceAccountView {
    fn from(a: ServiceAccount) -> Self {
        Self {
            id: a.id,
            client_id: a.client_id,
            name: a.name,
            org_unit_id: a.org_unit_id,
            scopes: a.scopes,
            active: a.active,
            created_at: a.created_at,
            revoked_at: a.revoked_at,
        }
    }
}

/// A new service account and its secret, shown this once.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedServiceAccount {
    #[serde(flatten)]
    pub account: ServiceAccountView,
    /// Sent as `client_secret` to the token endpoint. Kept only as a hash: it cannot be shown again.
    pub client_secret: String,
}

/// Lists the service accounts in the caller's scope.
#[utoipa::path(
    tag = "service-accounts",
    operation_id = "list_service_accounts",
    params(PageParams),
    responses((status = 200, description = "One page of service accounts", body = List<ServiceAccountView>)),
)]
#[get("/service-accounts")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    page: Query<PageParams>,
) -> Result<web::Json<List<ServiceAccountView>>, ApiError> {
    let grant = authorize(&principal, Action::ManageServiceAccounts)?;
    let page = page.0.page();
    let scope = grant.within().to_owned();
    let (items, total) = db.run(move |conn| db::service_accounts::list(conn, &scope, page)).await?;
    Ok(web::Json(List::new(items.into_iter().map(Into::into).collect(), total, page)))
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
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<ServiceAccountView>, ApiError> {
    let grant = authorize(&principal, Action::ManageServiceAccounts)?;
    let id = id.into_inner();
    let (account, path) = db.run(move |conn| db::service_accounts::get(conn, &id)).await?.ok_or_else(not_found)?;
    grant.check(&path)?;
    Ok(web::Json(account.into()))
}

/// A new service account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewServiceAccount {
    /// What the client is, e.g. `Hệ thống báo cáo huyện Vụ Bản`.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// The unit whose subtree the client works in.
    pub org_unit_id: String,
    /// `read` and/or `import`; at least one.
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
}

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
    db: web::Data<Db>,
    principal: Principal,
    body: Json<NewServiceAccount>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageServiceAccounts)?;
    let input = body.0;
    let mut errors = Vec::new();
    let name = check_name(&input.name, 200)
        .map_err(|rule| errors.push(FieldError::new("name", "invalid", format!("The name {rule}."))));
    let mut scopes: Vec<Scope> = Vec::new();
    for scope in input.scopes {
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        errors.push(FieldError::new("scopes", "required", "Name at least one scope: read or import."));
    }
    let Ok(name) = name else { return Err(ApiError::validation(errors)) };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let scope = grant.within().to_owned();
    let secret = random_secret();
    let hash = secret_hash(&secret);
    let scope_list = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
    let unit_id = input.org_unit_id;
    let account = db
        .write(move |conn| -> Result<ServiceAccount, ApiError> {
            if db::org_units::get(conn, &unit_id)?.filter(|u| within(&u.path, &scope)).is_none() {
                return Err(ApiError::validation(vec![FieldError::new(
                    "org_unit_id",
                    "not_found",
                    "No such org unit in your scope.",
                )]));
            }
            let id = uuid::Uuid::now_v7().to_string();
            let client_id = format!("svc-{}", &uuid::Uuid::now_v7().simple().to_string()[16..]);
            let new = db::service_accounts::NewServiceAccount {
                id: &id,
                client_id: &client_id,
                name: &name,
                secret_hash: &hash,
                org_unit_id: &unit_id,
                scopes: &scope_list,
            };
            Ok(db::service_accounts::insert(conn, new)?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/service-accounts/{}", account.id)))
        .json(CreatedServiceAccount { account: account.into(), client_secret: secret }))
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
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<ServiceAccountView>, ApiError> {
    let grant = authorize(&principal, Action::ManageServiceAccounts)?;
    let scope = grant.within().to_owned();
    let id = id.into_inner();
    let account = db
        .write(move |conn| -> Result<ServiceAccount, ApiError> {
            let (_, path) = db::service_accounts::get(conn, &id)?.ok_or_else(not_found)?;
            if !within(&path, &scope) {
                return Err(not_found());
            }
            db::service_accounts::revoke(conn, &id)?;
            Ok(db::service_accounts::get(conn, &id)?.ok_or_else(not_found)?.0)
        })
        .await?;
    Ok(web::Json(account.into()))
}
