//! Signing in and out: passwords and client credentials for tokens, refresh
//! rotation with reuse detection, logout, throttled failed logins.

use chrono::TimeDelta;
use secrecy::{ExposeSecret, SecretString};

use super::Auth;
use super::passwords::Verified;
use super::tokens::{random_secret, secret_hash};
use crate::db::{self, Db, DbConnection, DbError};
use crate::domain::accounts::User;
use crate::error::ApiError;

/// What the token endpoint hands out.
#[derive(Debug)]
pub struct Issued {
    pub access_token: String,
    pub expires_in: u64,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}

fn invalid_grant(detail: &str) -> ApiError {
    ApiError::oauth("invalid_grant", detail)
}

/// Username and password → tokens. Failed attempts count against the
/// account and the client address; past the limit both answer 429 (bounded).
pub async fn password_grant(
    auth: &Auth,
    db: &Db,
    username: &str,
    password: &SecretString,
    address: Option<String>,
) -> Result<Issued, ApiError> {
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
    let refresh = db
        .write(move |conn| new_refresh_token(conn, &uuid::Uuid::now_v7().to_string(), &user_for_token.id, refresh_ttl))
        .await?;
    Ok(user_tokens(auth, &user, refresh))
}

/// A refresh token → new tokens; the old one is spent. Presenting a spent or
/// revoked token revokes its whole family (someone replayed a stolen token).
pub async fn refresh_grant(auth: &Auth, db: &Db, refresh_token: &SecretString) -> Result<Issued, ApiError> {
    enum Outcome {
        Rotated(User, String),
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
                    Ok(Outcome::Rotated(user, token))
                }
                _ => Ok(Outcome::Invalid),
            }
        })
        .await?;
    match outcome {
        Outcome::Rotated(user, refresh) => Ok(user_tokens(auth, &user, refresh)),
        Outcome::Replayed => {
            tracing::warn!("a spent refresh token was presented again; its family is revoked");
            Err(invalid_grant("The refresh token was already used; every token of its sign-in is now revoked."))
        }
        Outcome::Invalid => Err(invalid_grant("The refresh token is invalid, expired or revoked.")),
    }
}

/// Revokes the sign-in (token family) a refresh token belongs to. Unknown
/// tokens are ignored: logging out twice is not an error.
pub async fn logout(db: &Db, refresh_token: &SecretString) -> Result<(), ApiError> {
    let hash = secret_hash(refresh_token.expose_secret());
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
pub async fn client_credentials_grant(
    auth: &Auth,
    db: &Db,
    client_id: &str,
    client_secret: &SecretString,
) -> Result<Issued, ApiError> {
    let lookup = client_id.to_owned();
    let found = db.run(move |conn| db::service_accounts::credentials(conn, &lookup)).await?;
    let presented = secret_hash(client_secret.expose_secret());
    match found {
        Some((account, _, stored)) if account.active && constant_time_eq(&presented, &stored) => {
            let scope = account.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
            Ok(Issued {
                access_token: auth.tokens.issue(format!("service:{}", account.id), "service", &account.org_unit_id, 1),
                expires_in: auth.tokens.access_ttl().as_secs(),
                refresh_token: None,
                scope: Some(scope),
            })
        }
        _ => Err(ApiError::oauth("invalid_client", "The client id or secret is wrong, or the client is revoked.")),
    }
}

/// Changes the caller's own password after checking the current one. Wrong
/// current passwords count as failed logins.
pub async fn change_password(
    auth: &Auth,
    db: &Db,
    user: &User,
    current: &SecretString,
    new_password: &SecretString,
) -> Result<bool, ApiError> {
    let keys = throttle_keys(&user.username, None);
    check_throttle(db, &keys).await?;
    let id = user.id.clone();
    let stored = db.run(move |conn| db::users::password_hash(conn, &id)).await?;
    if auth.passwords.verify(current, stored).await? == Verified::Mismatch {
        record_failure(auth, db, keys).await?;
        return Ok(false);
    }
    let hash = auth.passwords.hash(new_password).await?;
    let id = user.id.clone();
    db.write(move |conn| db::users::set_password(conn, &id, &hash)).await?;
    Ok(true)
}

fn user_tokens(auth: &Auth, user: &User, refresh: String) -> Issued {
    Issued {
        access_token: auth.tokens.issue(
            format!("user:{}", user.id),
            user.role.as_str(),
            &user.org_unit_id,
            user.credentials_version,
        ),
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
