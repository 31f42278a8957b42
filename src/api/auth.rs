//! `/api/v1/auth`: tokens for users (password) and service accounts (client
//! credentials), refresh rotation, logout.

use actix_web::{HttpRequest, HttpResponse, post, web};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Auth;
use crate::auth::session::{self, Issued};
use crate::db::Db;
use crate::error::{ApiError, FieldError};
use crate::http::extract::{Json, JsonOrForm};

/// A token request, as JSON or as an OAuth 2.0 form. Without `grant_type`
/// the grant follows from the fields: `username` + `password`, or
/// `client_id` + `client_secret`, or `refresh_token`.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `password`, `client_credentials` or `refresh_token`.
    #[schema(example = "password")]
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
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
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

impl From<Issued> for TokenResponse {
    fn from(issued: Issued) -> Self {
        Self {
            access_token: issued.access_token,
            token_type: "Bearer".to_owned(),
            expires_in: issued.expires_in,
            refresh_token: issued.refresh_token,
            scope: issued.scope,
        }
    }
}

/// A refresh token, to rotate or to revoke.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

fn tokens(issued: Issued) -> HttpResponse {
    // RFC 6749 §5.1: token responses must not be cached.
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Pragma", "no-cache"))
        .json(TokenResponse::from(issued))
}

fn required(field: &str, value: Option<String>) -> Result<String, ApiError> {
    value.filter(|v| !v.is_empty()).ok_or_else(|| {
        let mut error = ApiError::oauth("invalid_request", format!("The {field} field is required for this grant."));
        error.set_errors(vec![FieldError::new(field, "required", format!("{field} is required"))]);
        error
    })
}

/// Issues tokens.
///
/// Wrong credentials are `400 invalid_grant` (users) or `401 invalid_client`
/// (service accounts) as RFC 6749 §5.2 says, in problem+json with the OAuth
/// `error` field. Repeated failures for one account or client address answer
/// 429 with `Retry-After`, with a bounded back-off.
#[utoipa::path(
    tag = "auth",
    operation_id = "issue_token",
    request_body(content(
        (TokenRequest = "application/json"),
        (TokenRequest = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "Tokens", body = TokenResponse),
        (status = 400, description = "Malformed request, unknown grant, or wrong username or password (`invalid_grant`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong client credentials (`invalid_client`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is neither JSON nor a form", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
#[post("/auth/token")]
pub async fn token(
    req: HttpRequest,
    auth: web::Data<Auth>,
    db: web::Data<Db>,
    body: JsonOrForm<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let grant = match request.grant_type.as_deref() {
        Some(grant) => grant.to_owned(),
        None if request.username.is_some() || request.password.is_some() => "password".to_owned(),
        None if request.client_id.is_some() || request.client_secret.is_some() => "client_credentials".to_owned(),
        None if request.refresh_token.is_some() => "refresh_token".to_owned(),
        None => return Err(required("grant_type", None).unwrap_err()),
    };
    let issued = match grant.as_str() {
        "password" => {
            let username = required("username", request.username)?;
            let password = SecretString::from(required("password", request.password)?);
            let address = req.peer_addr().map(|a| a.ip().to_string());
            session::password_grant(&auth, &db, &username, &password, address).await?
        }
        "client_credentials" => {
            let (id, secret) = client_credentials(&req, request.client_id, request.client_secret)?;
            session::client_credentials_grant(&auth, &db, &id, &SecretString::from(secret)).await?
        }
        "refresh_token" => {
            let presented = SecretString::from(required("refresh_token", request.refresh_token)?);
            session::refresh_grant(&auth, &db, &presented).await?
        }
        other => {
            return Err(ApiError::oauth(
                "unsupported_grant_type",
                format!(
                    "The grant type {other:?} is not supported; use password, client_credentials or refresh_token."
                ),
            ));
        }
    };
    Ok(tokens(issued))
}

/// Client credentials from the body, or from HTTP Basic authentication (RFC 6749 §2.3.1).
fn client_credentials(
    req: &HttpRequest,
    id: Option<String>,
    secret: Option<String>,
) -> Result<(String, String), ApiError> {
    use base64::Engine;
    if id.is_none()
        && let Some(basic) =
            req.headers().get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| ApiError::oauth("invalid_client", "The Basic credentials cannot be read."))?;
        let (id, secret) = decoded
            .split_once(':')
            .ok_or_else(|| ApiError::oauth("invalid_client", "The Basic credentials cannot be read."))?;
        return Ok((id.to_owned(), secret.to_owned()));
    }
    Ok((required("client_id", id)?, required("client_secret", secret)?))
}

/// Rotates a refresh token: the old one is spent, a new one comes with a new
/// access token. A spent token presented again revokes its whole sign-in.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh_token",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 400, description = "Malformed body, or an invalid, expired, revoked or already used refresh token (`invalid_grant`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh(
    auth: web::Data<Auth>,
    db: web::Data<Db>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = SecretString::from(body.0.refresh_token);
    Ok(tokens(session::refresh_grant(&auth, &db, &presented).await?))
}

/// Signs out: revokes the refresh token's sign-in (every token of its
/// family). Access tokens already issued expire on their own (≤ 15 minutes).
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out (also when the token was unknown)")),
)]
#[post("/auth/logout")]
pub async fn logout(db: web::Data<Db>, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    session::logout(&db, &SecretString::from(body.0.refresh_token)).await?;
    Ok(HttpResponse::NoContent().finish())
}
