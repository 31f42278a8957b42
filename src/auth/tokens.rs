//! Access tokens (JWT, HS256 pinned) and opaque secrets (refresh tokens,
//! client secrets), which are stored only as SHA-256 hashes.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Who issues the tokens, and for whom.
pub const ISSUER: &str = "thidua";
pub const AUDIENCE: &str = "thidua-api";
/// `typ` of an access token; anything else is refused as one.
pub const ACCESS: &str = "access";
/// Clock skew tolerated on `exp` and `nbf`.
const LEEWAY_SECS: u64 = 5;

/// The claims of an access token. Every one is required on the way in.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// `user:<id>` or `service:<id>`.
    pub sub: String,
    pub exp: u64,
    pub nbf: u64,
    pub iat: u64,
    pub jti: String,
    pub typ: String,
    /// The user's role, or `service` for a service account.
    pub role: String,
    /// The org unit the caller is bound to.
    pub org: String,
    /// The credentials version the token was issued under.
    pub ver: i32,
    /// The sign-in (refresh-token family) a user's token belongs to: when
    /// that sign-in is revoked (logout, a replayed refresh token) its access
    /// tokens stop at the next request. Service accounts have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// Signs and checks access tokens.
#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    access_ttl: Duration,
}

impl Tokens {
    pub fn new(secret: &SecretString, access_ttl: Duration) -> Self {
        let key = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Self {
            encoding: EncodingKey::from_secret(key),
            decoding: DecodingKey::from_secret(key),
            validation,
            access_ttl,
        }
    }

    /// The lifetime of an access token.
    pub fn access_ttl(&self) -> Duration {
        self.access_ttl
    }

    /// A signed access token for `sub`.
    pub fn issue(&self, sub: String, role: &str, org: &str, ver: i32, sid: Option<&str>) -> String {
        let now = unix_now();
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub,
            exp: now + self.access_ttl.as_secs(),
            nbf: now,
            iat: now,
            jti: uuid::Uuid::now_v7().to_string(),
            typ: ACCESS.to_owned(),
            role: role.to_owned(),
            org: org.to_owned(),
            ver,
            sid: sid.map(str::to_owned),
        };
        self.sign(&claims)
    }

    /// Signs any claims with this key (tests forge bad tokens with it).
    pub fn sign(&self, claims: &Claims) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding).expect("HS256 signing cannot fail")
    }

    /// The claims of a valid access token: signature, algorithm, issuer,
    /// audience, times, every claim present and `typ` = access.
    pub fn verify(&self, token: &str) -> Result<Claims, String> {
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| e.to_string())?;
        if data.claims.typ != ACCESS {
            return Err(format!("typ {:?} is not an access token", data.claims.typ));
        }
        Ok(data.claims)
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// A new random secret: 32 bytes, URL-safe base64.
pub fn random_secret() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a high-entropy secret: its SHA-256, hex. (Passwords,
/// which people choose, get argon2id instead.)
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The JWT key: `THIDUA_JWT_SECRET`, or one generated once and kept in the
/// data directory (readable by the service's user only).
pub fn load_or_create_secret(configured: Option<&SecretString>, data_dir: &Path) -> Result<SecretString, String> {
    if let Some(secret) = configured {
        return Ok(secret.clone());
    }
    let path = data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() < 32 {
            return Err(format!("{} holds fewer than 32 bytes; delete it or set THIDUA_JWT_SECRET", path.display()));
        }
        return Ok(SecretString::from(existing));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let secret = format!("{}{}", random_secret(), random_secret());
    write_private(&path, &secret).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    tracing::warn!(
        path = %path.display(),
        "THIDUA_JWT_SECRET is not set: generated a signing key and kept it in the data directory; \
         set THIDUA_JWT_SECRET when several instances serve the same database"
    );
    Ok(SecretString::from(secret))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Tokens {
        Tokens::new(&SecretString::from("k".repeat(32)), Duration::from_secs(900))
    }

    #[test]
    fn issued_tokens_verify_and_carry_every_claim() {
        let t = tokens();
        let claims = t.verify(&t.issue("user:1".to_owned(), "office", "u1", 3, None)).unwrap();
        assert_eq!(
            (claims.sub.as_str(), claims.role.as_str(), claims.org.as_str(), claims.ver),
            ("user:1", "office", "u1", 3)
        );
        assert_eq!(claims.exp - claims.iat, 900);
        assert_eq!(claims.typ, ACCESS);
    }

    #[test]
    fn another_key_or_typ_is_refused() {
        let t = tokens();
        let other = Tokens::new(&SecretString::from("z".repeat(32)), Duration::from_secs(900));
        assert!(t.verify(&other.issue("user:1".to_owned(), "office", "u1", 1, None)).is_err());
        let mut claims = t.verify(&t.issue("user:1".to_owned(), "office", "u1", 1, None)).unwrap();
        claims.typ = "refresh".to_owned();
        assert!(t.verify(&t.sign(&claims)).is_err());
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let (a, b) = (random_secret(), random_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(secret_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn the_generated_key_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create_secret(None, dir.path()).unwrap();
        let second = load_or_create_secret(None, dir.path()).unwrap();
        assert_eq!(first.expose_secret(), second.expose_secret());
        assert!(first.expose_secret().len() >= 32);
    }
}
