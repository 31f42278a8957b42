//! Signing in and out: passwords and client credentials for tokens, refresh
//! rotation with reuse detection, logout, throttled failed logins.
//!
//! None of this is audited: a sign-in, a refresh or a sign-out changes no
//! record anyone edits (only tokens and throttle counters), and the token
//! endpoints have no authenticated caller to name. A password change is a
//! change of the account, and is audited where every password is set
//! (`service::users::store_password`).
//!
//! Hashing and verifying passwords is slow on purpose, so these use cases
//! take the database and the auth services (`AppState::auth`) and run their
//! own short transactions around the hashing.

use chrono::TimeDelta;
use secrecy::{ExposeSecret, SecretString};

use crate::auth::Auth;
use crate::auth::passwords::Verified;
use crate::auth::tokens::{random_secret, secret_hash};
use crate::db::{self, Db, DbConnection, DbError};
use crate::domain::accounts::User;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::auth::{
    CLIENT_CREDENTIALS, PASSWORD, REFRESH_TOKEN, RefreshRequest, TOKEN_TYPE, TokenRequest, TokenResponse,
};

/// What the transport tells about a token request besides its body.
#[derive(Debug, Default)]
pub struct TokenClient {
    /// The client's IP address: failed sign-ins are throttled by it too.
    pub address: Option<String>,
    /// The encoded `id:secret` of an `Authorization: Basic` header, if one
    /// came (RFC 6749 §2.3.1: a client may authenticate so instead of in the body).
    pub basic_credentials: Option<String>,
}

/// Issues tokens for the grant the request asks for. Without `grant_type`
/// the grant follows from the fields: `username` + `password`, or
/// `client_id` + `client_secret`, or `refresh_token`.
pub async fn issue(
    auth: &Auth,
    db: &Db,
    request: TokenRequest,
    client: TokenClient,
) -> Result<TokenResponse, ApiError> {
    let grant = match request.grant_type.as_deref() {
        Some(grant) => grant.to_owned(),
        None if request.username.is_some() || request.password.is_some() => PASSWORD.to_owned(),
        None if request.client_id.is_some() || request.client_secret.is_some() => CLIENT_CREDENTIALS.to_owned(),
        None if request.refresh_token.is_some() => REFRESH_TOKEN.to_owned(),
        None => return Err(required("grant_type", None).unwrap_err()),
    };
    match grant.as_str() {
        PASSWORD => {
            let username = required("username", request.username)?;
            let password = SecretString::from(required("password", request.password)?);
            password_grant(auth, db, &username, &password, client.address).await
        }
        CLIENT_CREDENTIALS => {
            let credentials = client_credentials(client.basic_credentials, request.client_id, request.client_secret)?;
            client_credentials_grant(auth, db, &credentials).await
        }
        REFRESH_TOKEN => {
            let presented = SecretString::from(required("refresh_token", request.refresh_token)?);
            refresh_grant(auth, db, &presented).await
        }
        other => Err(ApiError::oauth(
            ErrorCode::UnsupportedGrantType,
            format!("The grant type {other:?} is not supported; use password, client_credentials or refresh_token."),
        )),
    }
}

/// Rotates a refresh token: the old one is spent, a new one comes with a new access token.
pub async fn refresh(auth: &Auth, db: &Db, request: RefreshRequest) -> Result<TokenResponse, ApiError> {
    refresh_grant(auth, db, &SecretString::from(request.refresh_token)).await
}

fn required(field: &str, value: Option<String>) -> Result<String, ApiError> {
    value.filter(|v| !v.is_empty()).ok_or_else(|| {
        let mut error =
            ApiError::oauth(ErrorCode::InvalidRequest, format!("The {field} field is required for this grant."));
        error.set_errors(vec![FieldError::new(field, "required", format!("{field} is required"))]);
        error
    })
}

/// A service account's client id and secret.
struct ClientCredentials {
    id: String,
    secret: SecretString,
}

/// Client credentials from the body, or from HTTP Basic authentication (RFC 6749 §2.3.1).
fn client_credentials(
    basic: Option<String>,
    id: Option<String>,
    secret: Option<String>,
) -> Result<ClientCredentials, ApiError> {
    use base64::Engine;
    if id.is_none()
        && let Some(basic) = basic
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| ApiError::oauth(ErrorCode::InvalidClient, "The Basic credentials cannot be read."))?;
        let (id, secret) = decoded
            .split_once(':')
            .ok_or_else(|| ApiError::oauth(ErrorCode::InvalidClient, "The Basic credentials cannot be read."))?;
        return Ok(ClientCredentials { id: id.to_owned(), secret: SecretString::from(secret) });
    }
    let id = required("client_id", id)?;
    let secret = SecretString::from(required("client_secret", secret)?);
    Ok(ClientCredentials { id, secret })
}

fn invalid_grant(detail: &str) -> ApiError {
    ApiError::oauth(ErrorCode::InvalidGrant, detail)
}

/// Username and password → tokens. Failed attempts count against the
/// account and the client address; past the limit both answer 429 (bounded).
async fn password_grant(
    auth: &Auth,
    db: &Db,
    username: &str,
    password: &SecretString,
    address: Option<String>,
) -> Result<TokenResponse, ApiError> {
    let username = username.trim().to_lowercase();
    let keys = throttle_keys(&username, address.as_deref());
    check_throttle(db, &keys).await?;

    let lookup = username.clone();
    let found = db.run(move |conn| db::users::credentials(conn, &lookup)).await?;
    let stored = found.as_ref().map(|(_, _, hash)| hash.clone());
    let verified = auth.passwords.verify(password, stored).await?;
    let user = match (verified, found) {
        (Verified::Match { rehash }, Some((user, _, old_hash))) if user.active => {
            if rehash {
                let new_hash = auth.passwords.hash(password).await?;
                let id = user.id.clone();
                db.write(move |conn| db::users::rehash(conn, &id, &old_hash, &new_hash)).await?;
                tracing::info!(user = %user.username, "password rehashed at the current cost");
            }
            user
        }
        _ => {
            record_failure(auth, db, keys).await?;
            return Err(invalid_grant("The username or password is wrong, or the account is inactive."));
        }
    };
    let cleared = keys.clone();
    db.write(move |conn| {
        let keys: Vec<&str> = cleared.iter().map(String::as_str).collect();
        db::login_throttles::clear(conn, &keys)
    })
    .await?;
    let refresh_ttl = auth.refresh_ttl;
    let user_for_token = user.clone();
    let family = uuid::Uuid::now_v7().to_string();
    let new_family = family.clone();
    let refresh = db.write(move |conn| new_refresh_token(conn, &new_family, &user_for_token.id, refresh_ttl)).await?;
    Ok(user_tokens(auth, &user, &family, refresh))
}

/// A refresh token → new tokens; the old one is spent. Presenting a spent or
/// revoked token revokes its whole family (someone replayed a stolen token).
async fn refresh_grant(auth: &Auth, db: &Db, refresh_token: &SecretString) -> Result<TokenResponse, ApiError> {
    enum Outcome {
        Rotated(Box<User>, String, String),
        Replayed,
        Invalid,
    }
    let hash = secret_hash(refresh_token.expose_secret());
    let ttl = auth.refresh_ttl;
    // The family is revoked in a committed transaction even when the answer is an error.
    let outcome = db
        .write(move |conn| -> Result<Outcome, ApiError> {
            let Some(stored) = db::refresh_tokens::find(conn, &hash)? else { return Ok(Outcome::Invalid) };
            if stored.used || stored.revoked || !db::refresh_tokens::use_once(conn, &stored.id)? {
                db::refresh_tokens::revoke_family(conn, &stored.family_id)?;
                return Ok(Outcome::Replayed);
            }
            if stored.expires_at <= crate::domain::now() {
                return Ok(Outcome::Invalid);
            }
            match db::users::get(conn, &stored.user_id)? {
                Some((user, _)) if user.active => {
                    let token = new_refresh_token(conn, &stored.family_id, &user.id, ttl)?;
                    Ok(Outcome::Rotated(Box::new(user), stored.family_id, token))
                }
                _ => Ok(Outcome::Invalid),
            }
        })
        .await?;
    match outcome {
        Outcome::Rotated(user, family, refresh) => Ok(user_tokens(auth, &user, &family, refresh)),
        Outcome::Replayed => {
            tracing::warn!("a spent refresh token was presented again; its family is revoked");
            Err(invalid_grant("The refresh token was already used; every token of its sign-in is now revoked."))
        }
        Outcome::Invalid => Err(invalid_grant("The refresh token is invalid, expired or revoked.")),
    }
}

/// Revokes the sign-in (token family) a refresh token belongs to. Unknown
/// tokens are ignored: logging out twice is not an error.
pub async fn logout(db: &Db, request: RefreshRequest) -> Result<(), ApiError> {
    let hash = secret_hash(&request.refresh_token);
    db.write(move |conn| -> Result<(), ApiError> {
        if let Some(stored) = db::refresh_tokens::find(conn, &hash)? {
            db::refresh_tokens::revoke_family(conn, &stored.family_id)?;
        }
        Ok(())
    })
    .await?;
    Ok(())
}

/// Client id and secret → an access token for a service account (no refresh token).
async fn client_credentials_grant(
    auth: &Auth,
    db: &Db,
    credentials: &ClientCredentials,
) -> Result<TokenResponse, ApiError> {
    let lookup = credentials.id.clone();
    let found = db.run(move |conn| db::service_accounts::credentials(conn, &lookup)).await?;
    let presented = secret_hash(credentials.secret.expose_secret());
    match found {
        Some((account, _, stored)) if account.active && constant_time_eq(&presented, &stored) => {
            let scope = account.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
            Ok(TokenResponse {
                access_token: auth.tokens.issue(
                    format!("service:{}", account.id),
                    "service",
                    &account.org_unit_id,
                    1,
                    None,
                ),
                token_type: TOKEN_TYPE.to_owned(),
                expires_in: auth.tokens.access_ttl().as_secs(),
                refresh_token: None,
                scope: Some(scope),
            })
        }
        _ => Err(ApiError::oauth(
            ErrorCode::InvalidClient,
            "The client id or secret is wrong, or the client is revoked.",
        )),
    }
}

/// Whether `current` is the user's password. Checked before a password
/// change; wrong ones count as failed logins (and past the limit answer 429).
pub async fn check_current_password(
    auth: &Auth,
    db: &Db,
    user: &User,
    current: &SecretString,
) -> Result<bool, ApiError> {
    let keys = throttle_keys(&user.username, None);
    check_throttle(db, &keys).await?;
    let id = user.id.clone();
    let stored = db.run(move |conn| db::users::password_hash(conn, &id)).await?;
    if auth.passwords.verify(current, stored).await? == Verified::Mismatch {
        record_failure(auth, db, keys).await?;
        return Ok(false);
    }
    Ok(true)
}

/// The tokens of a user's sign-in `family` (its refresh tokens' family id).
fn user_tokens(auth: &Auth, user: &User, family: &str, refresh: String) -> TokenResponse {
    TokenResponse {
        access_token: auth.tokens.issue(
            format!("user:{}", user.id),
            user.role.as_str(),
            &user.org_unit_id,
            user.credentials_version,
            Some(family),
        ),
        token_type: TOKEN_TYPE.to_owned(),
        expires_in: auth.tokens.access_ttl().as_secs(),
        refresh_token: Some(refresh),
        scope: None,
    }
}

fn new_refresh_token(
    conn: &mut DbConnection,
    family_id: &str,
    user_id: &str,
    ttl: std::time::Duration,
) -> Result<String, DbError> {
    let token = random_secret();
    let expires_at = crate::domain::now() + TimeDelta::from_std(ttl).unwrap_or(TimeDelta::MAX);
    db::refresh_tokens::insert(conn, family_id, user_id, &secret_hash(&token), expires_at)?;
    Ok(token)
}

fn throttle_keys(username: &str, address: Option<&str>) -> Vec<String> {
    let mut keys = vec![format!("account:{username}")];
    if let Some(address) = address {
        keys.push(format!("address:{address}"));
    }
    keys
}

async fn check_throttle(db: &Db, keys: &[String]) -> Result<(), ApiError> {
    let keys = keys.to_vec();
    let now = crate::domain::now();
    let until = db
        .run(move |conn| -> Result<_, ApiError> {
            let mut latest = None;
            for key in &keys {
                latest = latest.max(db::login_throttles::locked_until(conn, key, now)?);
            }
            Ok(latest)
        })
        .await?;
    match until {
        Some(until) => {
            let seconds = u64::try_from((until - now).num_seconds()).unwrap_or(0) + 1;
            Err(ApiError::too_many_requests(seconds))
        }
        None => Ok(()),
    }
}

async fn record_failure(auth: &Auth, db: &Db, keys: Vec<String>) -> Result<(), ApiError> {
    let (account_rule, address_rule) = (auth.account_throttle, auth.address_throttle);
    let now = crate::domain::now();
    db.write(move |conn| -> Result<(), ApiError> {
        for key in &keys {
            let rule = if key.starts_with("account:") { &account_rule } else { &address_rule };
            db::login_throttles::record_failure(conn, key, rule, now)?;
        }
        Ok(())
    })
    .await?;
    Ok(())
}

/// Compares two hashes without an early exit.
fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}
