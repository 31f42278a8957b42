//! What the token endpoints read and answer. Secrets pass through these
//! types on their way in and out; none of them is ever recorded.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `TokenResponse.token_type`: the only kind of token given.
pub const TOKEN_TYPE: &str = "Bearer";

super::choices::choice!(
    /// `TokenResponse.token_type`.
    TokenType,
    "Always `Bearer`.",
    [TOKEN_TYPE]
);

/// The grants the token endpoint serves (`grant_type`).
pub const PASSWORD: &str = "password";
pub const CLIENT_CREDENTIALS: &str = "client_credentials";
pub const REFRESH_TOKEN: &str = "refresh_token";

/// A token request as the service reads it, as JSON or as an OAuth 2.0
/// form: every field optional, so that the service names what a grant
/// misses (`invalid_request`, 400, as RFC 6749 §5.2 says). Without
/// `grant_type` the grant follows from the fields: `username` + `password`,
/// or `client_id` + `client_secret`, or `refresh_token`. The document
/// shows it as `TokenGrant`: one of the three grants, with what each needs.
#[derive(Debug, Default, Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub refresh_token: Option<String>,
    /// Accepted and ignored: a token carries the account's own scopes.
    pub scope: Option<String>,
}

/// A token request: one of three grants, as JSON or as an OAuth 2.0 form.
// Only the document's: the handler reads `TokenRequest`, whose checks
// answer what a body missing a grant's fields gets.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[schema(as = TokenRequest)]
#[allow(dead_code)]
pub enum TokenGrant {
    Password(PasswordGrant),
    RefreshToken(RefreshTokenGrant),
    ClientCredentials(ClientCredentialsGrant),
}

fn the_word(word: &'static str) -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    super::choices::one_of("The grant; may be left out when the other fields name it.", [word])
}

fn password_word() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    the_word(PASSWORD)
}

fn refresh_word() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    the_word(REFRESH_TOKEN)
}

fn client_word() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    super::choices::one_of("The grant.", [CLIENT_CREDENTIALS])
}

/// A user signs in with a username and password.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PasswordGrant {
    #[schema(schema_with = password_word, required = false)]
    grant_type: Option<String>,
    #[schema(min_length = 1)]
    username: String,
    #[schema(min_length = 1)]
    password: String,
    /// Accepted and ignored: a token carries the account's own scopes.
    scope: Option<String>,
}

/// A refresh token is exchanged for new tokens (it is spent).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct RefreshTokenGrant {
    #[schema(schema_with = refresh_word, required = false)]
    grant_type: Option<String>,
    #[schema(min_length = 1)]
    refresh_token: String,
    /// Accepted and ignored.
    scope: Option<String>,
}

/// A service account signs in with its client id and secret, in the body
/// or as HTTP Basic credentials (RFC 6749 §2.3.1); with Basic, the body
/// needs only `grant_type`.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ClientCredentialsGrant {
    #[schema(schema_with = client_word)]
    grant_type: String,
    /// Required unless the credentials come as HTTP Basic.
    #[schema(min_length = 1)]
    client_id: Option<String>,
    /// Required unless the credentials come as HTTP Basic.
    #[schema(min_length = 1)]
    client_secret: Option<String>,
    /// Accepted and ignored: a token carries the account's own scopes.
    scope: Option<String>,
}

/// Tokens, in the shape of RFC 6749 §5.1.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    #[schema(value_type = TokenType, example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires (at most 900).
    pub expires_in: u64,
    /// An opaque token for `POST /api/v1/auth/refresh`; single use. Not given to service accounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// A service account's scopes, space-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// A refresh token, to rotate or to revoke.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}
