//! Password hashing: argon2id at or above m=19456 KiB, t=2, p=1, PHC strings.
//!
//! Hashing is slow on purpose, so it runs on blocking threads, at most one
//! per CPU at a time (a burst of logins queues instead of starving the
//! database calls). An unknown username is checked against a dummy hash of
//! the same cost, so it takes as long as a wrong password.

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use crate::config::Argon2Cost;
use crate::error::ApiError;

/// The outcome of checking a password.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    /// It matches; `rehash` when the stored hash is cheaper than today's cost.
    Match { rehash: bool },
    /// It does not (or there was no such account).
    Mismatch,
}

/// Hashes and verifies passwords at the configured cost.
#[derive(Clone)]
pub struct Passwords {
    cost: Argon2Cost,
    permits: Arc<Semaphore>,
    dummy: Arc<String>,
}

impl Passwords {
    /// Builds the hasher; computes the dummy hash, so call it off the async workers.
    pub fn new(cost: Argon2Cost) -> Self {
        let dummy = hash_blocking(cost, "a password nobody has: only its cost matters").expect("argon2 hashes");
        let cpus = std::thread::available_parallelism().map_or(2, usize::from);
        Self { cost, permits: Arc::new(Semaphore::new(cpus)), dummy: Arc::new(dummy) }
    }

    /// The PHC string of `password`.
    pub async fn hash(&self, password: &SecretString) -> Result<String, ApiError> {
        let cost = self.cost;
        let password = password.clone();
        self.bounded(move || hash_blocking(cost, password.expose_secret())).await?.map_err(|e| ApiError::internal(&e))
    }

    /// Checks `password` against `stored`; `None` (no such account) costs the same as a mismatch.
    pub async fn verify(&self, password: &SecretString, stored: Option<String>) -> Result<Verified, ApiError> {
        let cost = self.cost;
        let password = password.clone();
        let (stored, known) = match stored {
            Some(hash) => (hash, true),
            None => (self.dummy.as_ref().clone(), false),
        };
        let verified = self.bounded(move || verify_blocking(cost, password.expose_secret(), &stored)).await?;
        Ok(if known { verified } else { Verified::Mismatch })
    }

    /// The cost new hashes get.
    pub fn cost(&self) -> Argon2Cost {
        self.cost
    }

    async fn bounded<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::internal(&e))?;
        tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::internal(&e))
    }
}

fn argon2(cost: Argon2Cost) -> Result<Argon2<'static>, argon2::Error> {
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes with a fresh random salt; blocking.
pub fn hash_blocking(cost: Argon2Cost, password: &str) -> Result<String, String> {
    let hasher = argon2(cost).map_err(|e| e.to_string())?;
    hasher.hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
}

fn verify_blocking(cost: Argon2Cost, password: &str, stored: &str) -> Verified {
    let Ok(parsed) = PasswordHash::new(stored) else { return Verified::Mismatch };
    let Ok(hasher) = argon2(cost) else { return Verified::Mismatch };
    // The stored hash's own parameters are used to verify.
    if hasher.verify_password(password.as_bytes(), &parsed).is_err() {
        return Verified::Mismatch;
    }
    Verified::Match { rehash: below(cost, &parsed) }
}

/// Whether a stored hash is of another algorithm or cheaper than `cost`.
fn below(cost: Argon2Cost, parsed: &PasswordHash) -> bool {
    if parsed.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(parsed) {
        Ok(p) => p.m_cost() < cost.memory_kib || p.t_cost() < cost.iterations || p.p_cost() < cost.parallelism,
        Err(_) => true,
    }
}

/// The cost parameters stored in a PHC string (for tests and audits).
pub fn stored_cost(phc: &str) -> Option<(String, Argon2Cost)> {
    let parsed = PasswordHash::new(phc).ok()?;
    let params = Params::try_from(&parsed).ok()?;
    let cost = Argon2Cost { memory_kib: params.m_cost(), iterations: params.t_cost(), parallelism: params.p_cost() };
    Some((parsed.algorithm.as_str().to_owned(), cost))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_at_the_cost_and_verify() {
        let cost = Argon2Cost::MINIMUM;
        let phc = hash_blocking(cost, "mật khẩu đủ dài").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert_eq!(stored_cost(&phc), Some(("argon2id".to_owned(), cost)));
        assert_eq!(verify_blocking(cost, "mật khẩu đủ dài", &phc), Verified::Match { rehash: false });
        assert_eq!(verify_blocking(cost, "another one", &phc), Verified::Mismatch);
        assert_eq!(verify_blocking(cost, "x", "not a phc string"), Verified::Mismatch);
        let higher = Argon2Cost { iterations: 3, ..cost };
        assert_eq!(verify_blocking(higher, "mật khẩu đủ dài", &phc), Verified::Match { rehash: true });
    }
}
