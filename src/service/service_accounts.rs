//! Service accounts: machine clients for district integration, managed by
//! admins. The client secret is made here, shown once and kept as a hash.

use super::Caller;
use super::audit::{Change, Entity};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::auth::tokens::{random_secret, secret_hash};
use crate::db::{self, DbConnection};
use crate::domain::org::within;
use crate::domain::page::Page;
use crate::domain::role::Scope;
use crate::domain::text::{MAX_NAME, check_name};
use crate::error::{ApiError, FieldError};
use crate::model::list::List;
use crate::model::service_accounts::{CreatedServiceAccount, NewServiceAccount, ServiceAccountView};

/// The service accounts in the caller's scope.
pub fn list(conn: &mut DbConnection, caller: &Caller, page: Page) -> Result<List<ServiceAccountView>, ApiError> {
    let grant = caller.may(Action::ManageServiceAccounts)?;
    let (items, total) = db::service_accounts::list(conn, grant.within(), page)?;
    Ok(List::new(items.into_iter().map(Into::into).collect(), total, page))
}

/// One service account, if in the caller's scope.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ServiceAccountView, ApiError> {
    let grant = caller.may(Action::ManageServiceAccounts)?;
    let (account, path) = db::service_accounts::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&path)?;
    Ok(account.into())
}

/// Creates a service account with a new secret, returned this once.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: NewServiceAccount,
) -> Result<CreatedServiceAccount, ApiError> {
    let grant = caller.may(Action::ManageServiceAccounts)?;
    let mut errors = Vec::new();
    let name = check_name(&input.name, MAX_NAME)
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
    let scope = grant.within();
    let secret = random_secret();
    let hash = secret_hash(&secret);
    let scope_list = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
    let unit_id = input.org_unit_id;
    let unit = super::org_units::unit_in_scope(conn, "org_unit_id", &unit_id, scope)?;
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
    let account = ServiceAccountView::from(db::service_accounts::insert(conn, new)?);
    // The view, never the answer: the secret (and its hash) stays out of the log.
    Change::new(caller, Entity::ServiceAccount, &id, "create", Some(&unit.path)).after(&account).record(conn)?;
    Ok(CreatedServiceAccount { account, client_secret: secret })
}

/// Revokes a service account for good: its tokens stop working at once.
pub fn revoke(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ServiceAccountView, ApiError> {
    let grant = caller.may(Action::ManageServiceAccounts)?;
    let (before, path) = db::service_accounts::get(conn, id)?.ok_or_else(not_found)?;
    if !within(&path, grant.within()) {
        return Err(not_found());
    }
    db::service_accounts::revoke(conn, id)?;
    let after = ServiceAccountView::from(db::service_accounts::get(conn, id)?.ok_or_else(not_found)?.0);
    Change::new(caller, Entity::ServiceAccount, id, "revoke", Some(&path))
        .before(&ServiceAccountView::from(before))
        .after(&after)
        .record(conn)?;
    Ok(after)
}
