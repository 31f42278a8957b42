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

/// The grants the token endpoint serves.
pub const GRANT_TYPES: [&str; 3] = ["password", "client_credentials", "refresh_token"];

super::choices::choice!(
    /// `TokenRequest.grant_type`.
    GrantType,
    "The grant asked for (RFC 6749).",
    GRANT_TYPES
);

/// A token request, as JSON or as an OAuth 2.0 form. Without `grant_type`
/// the grant follows from the fields: `username` + `password`, or
/// `client_id` + `client_secret`, or `refresh_token`.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TokenRequest {
    #[schema(value_type = Option<GrantType>, example = "password")]
    pub grant_type: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub refresh_token: Option<String>,
    /// Accepted and ignored: a token carries the account's own scopes.
    pub scope: Option<String>,
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
