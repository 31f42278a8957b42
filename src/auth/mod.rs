//! Authentication and authorisation: passwords, tokens, the caller of each
//! request, and the one policy that decides what it may do.

pub mod passwords;
pub mod policy;
pub mod principal;
pub mod tokens;

use std::sync::Arc;
use std::time::Duration;

use crate::config::AuthConfig;
use crate::domain::throttle::ThrottleRule;
pub use policy::{Action, Grant, authorize};
pub use principal::{Actor, Principal};

/// What the auth endpoints and the principal extractor need, shared as app data.
#[derive(Clone)]
pub struct Auth {
    pub tokens: tokens::Tokens,
    pub passwords: passwords::Passwords,
    pub refresh_ttl: Duration,
    /// Failed logins per account.
    pub account_throttle: ThrottleRule,
    /// Failed logins per client address.
    pub address_throttle: ThrottleRule,
    /// Accounts read recently, so a request does not read its caller again.
    pub principals: Arc<principal::Principals>,
}

impl Auth {
    /// Builds the auth services; blocking (it computes a dummy password hash).
    pub fn new(config: &AuthConfig, jwt_secret: &secrecy::SecretString) -> Self {
        let rule = |max_failures| ThrottleRule {
            max_failures,
            base_lock: Duration::from_secs(30).min(config.login_max_lock),
            max_lock: config.login_max_lock,
            window: Duration::from_secs(3600),
        };
        Self {
            tokens: tokens::Tokens::new(jwt_secret, config.access_token_ttl),
            passwords: passwords::Passwords::new(config.argon2),
            refresh_ttl: config.refresh_token_ttl,
            account_throttle: rule(config.login_max_failures),
            address_throttle: rule(config.login_max_failures_per_address),
            principals: Arc::new(principal::Principals::new(principal::PRINCIPAL_TTL)),
        }
    }
}

use utoipa::Modify;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The name of the scheme every authenticated operation names:
/// `Authorization: Bearer <JWT>`.
pub const BEARER: &str = "bearer";

/// Adds the bearer scheme to the document's components.
pub struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token (JWT, HS256) issued by the token endpoint, handled as RFC8725 (JSON Web \
                         Token Best Current Practices) advises: one algorithm, fixed by the server and never taken \
                         from the token; issuer, audience and expiry checked; at most 15 minutes.",
                    ))
                    .build(),
            ),
        );
    }
}
