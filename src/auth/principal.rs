//! The authenticated caller, taken from the bearer token on every request.
//!
//! The token is checked first (signature, algorithm, issuer, audience,
//! times, claims); then the account is read: a deactivated account, a
//! changed password or role, or a revoked service account makes the token
//! stop working at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use super::Auth;
use super::tokens::Claims;
use crate::db::{self, Db, DbConnection, DbError};
use crate::domain::accounts::scope_top;
use crate::domain::org::{OrgKind, ancestors};
use crate::domain::role::{Role, Scope};
use crate::error::ApiError;

/// Who is calling.
#[derive(Clone, Debug)]
pub enum Actor {
    User { id: String, username: String, role: Role },
    Service { id: String, client_id: String, scopes: Vec<Scope> },
}

/// The caller, where it sits in the tree, and the subtree it may read.
#[derive(Clone, Debug)]
pub struct Principal {
    pub actor: Actor,
    pub unit_id: String,
    pub unit_path: String,
    /// The top of the subtree this caller works in.
    pub scope_path: String,
}

impl Principal {
    /// The caller as the audit log and report history name it: `user:<id>` or `service:<id>`.
    pub fn actor_ref(&self) -> String {
        match &self.actor {
            Actor::User { id, .. } => format!("user:{id}"),
            Actor::Service { id, .. } => format!("service:{id}"),
        }
    }

    /// The user's id, if the caller is a user.
    pub fn user_id(&self) -> Option<&str> {
        match &self.actor {
            Actor::User { id, .. } => Some(id),
            Actor::Service { .. } => None,
        }
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer_token(req);
        let auth = req.app_data::<web::Data<Auth>>().cloned();
        let db = req.app_data::<web::Data<Db>>().cloned();
        Box::pin(async move {
            let token = token?;
            let (Some(auth), Some(db)) = (auth, db) else {
                return Err(ApiError::internal(&"authentication is not configured"));
            };
            let claims = auth.tokens.verify(&token).map_err(|reason| {
                tracing::debug!(%reason, "access token refused");
                invalid_token()
            })?;
            db.run(move |conn| load(conn, &claims)).await?.ok_or_else(invalid_token)
        })
    }
}

fn invalid_token() -> ApiError {
    ApiError::unauthorized("invalid_token", "The access token is invalid, expired or revoked.")
}

fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized("unauthenticated", "This operation needs a bearer access token."));
    };
    let value = value.to_str().map_err(|_| invalid_token())?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(invalid_token()),
    }
}

/// The principal a valid token stands for, if its account still allows it.
fn load(conn: &mut DbConnection, claims: &Claims) -> Result<Option<Principal>, DbError> {
    if let Some(id) = claims.sub.strip_prefix("user:") {
        let Some((user, unit_path)) = db::users::get(conn, id)? else { return Ok(None) };
        let current = user.active && user.credentials_version == claims.ver && user.role.as_str() == claims.role;
        if !current {
            return Ok(None);
        }
        let scope_path = read_scope(conn, user.role, &unit_path)?;
        return Ok(Some(Principal {
            actor: Actor::User { id: user.id, username: user.username, role: user.role },
            unit_id: user.org_unit_id,
            unit_path: unit_path.clone(),
            scope_path,
        }));
    }
    if let Some(id) = claims.sub.strip_prefix("service:") {
        let Some((account, unit_path)) = db::service_accounts::get(conn, id)? else { return Ok(None) };
        if !account.active || claims.role != "service" {
            return Ok(None);
        }
        return Ok(Some(Principal {
            actor: Actor::Service { id: account.id, client_id: account.client_id, scopes: account.scopes },
            unit_id: account.org_unit_id,
            scope_path: unit_path.clone(),
            unit_path,
        }));
    }
    Ok(None)
}

/// The top of the subtree a user reads, from the kinds of its unit's ancestors.
pub fn read_scope(conn: &mut DbConnection, role: Role, unit_path: &str) -> Result<String, DbError> {
    let ids: Vec<&str> = ancestors(unit_path).collect();
    let found = db::org_units::kinds(conn, &ids)?;
    let mut chain: Vec<(OrgKind, String)> =
        found.into_iter().filter_map(|(_, kind, path)| kind.parse::<OrgKind>().ok().map(|k| (k, path))).collect();
    chain.sort_by_key(|(_, path)| path.len());
    Ok(scope_top(role, &chain).unwrap_or_else(|| unit_path.to_owned()))
}
