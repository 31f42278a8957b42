//! Settings: built-in defaults, overridden by environment variables.
//!
//! Every variable is read and checked here, once, at start-up; a bad value is
//! an error that names the variable and the rule, so the service refuses to
//! start rather than run half-configured.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::domain::forwarded::TrustedProxies;

mod integration;

pub use integration::{ReminderConfig, SmtpConfig, WebhookConfig};
use integration::{reminders_from, webhooks_from};

/// Which database the service talks to, decided from `DATABASE_URL`'s scheme.
#[derive(Clone, Debug)]
pub enum DatabaseUrl {
    /// An SQLite file (created, with its folder, on first use).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL. Kept secret: it may hold a password.
    Postgres(SecretString),
}

impl DatabaseUrl {
    /// Parses `DATABASE_URL`. Accepted: `postgres://…`, `postgresql://…`,
    /// `sqlite://PATH` and `sqlite:PATH`. Anything else is refused, so a typo
    /// never silently becomes a new SQLite file named after it.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(SecretString::from(raw.to_owned())));
        }
        let path = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .ok_or_else(|| "must start with postgres://, postgresql://, sqlite:// or sqlite:".to_owned())?;
        if path.is_empty() {
            return Err("the sqlite: URL names no file".to_owned());
        }
        if path == ":memory:" || path.contains("mode=memory") {
            // Each pooled connection would get its own empty database.
            return Err("an in-memory SQLite database cannot be shared by a pool; name a file".to_owned());
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    /// The backend's name, for logs and metrics.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    /// A form that is safe to log: the PostgreSQL password is masked.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => redact_password(url.expose_secret()),
        }
    }
}

fn redact_password(url: &str) -> String {
    // postgres://user:password@host/db → postgres://user:***@host/db
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines, for a terminal.
    Plain,
    /// One JSON object per line, for a log collector.
    Json,
}

/// The service's settings. See the README's configuration table.
#[derive(Clone, Debug)]
pub struct Config {
    /// `THIDUA_BIND`: the address and port to listen on.
    pub bind: SocketAddr,
    /// `THIDUA_DATA_DIR`: where the default SQLite file and other local state live.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: which database to use.
    pub database: DatabaseUrl,
    /// `THIDUA_DB_POOL_SIZE`: the most database connections held open.
    pub db_pool_size: u32,
    /// `THIDUA_DB_TIMEOUT_MS`: how long a request waits on the database —
    /// for a connection, then as long again for its work — before it is
    /// answered 503. On PostgreSQL it also sets the connection's timeouts
    /// (libpq's connect timeout, TCP keepalives and user timeout, the
    /// session's statement timeout), so a silent network holds nothing.
    pub db_timeout: Duration,
    /// `THIDUA_CORS_ORIGINS`: browser origins allowed to call the API.
    pub cors_origins: Vec<String>,
    /// `THIDUA_TRUSTED_PROXIES`: reverse proxies (addresses, CIDR ranges)
    /// whose `Forwarded` / `X-Forwarded-For` headers name the client.
    pub trusted_proxies: TrustedProxies,
    /// `THIDUA_LOG_FORMAT`: `plain` or `json`.
    pub log_format: LogFormat,
    /// `THIDUA_MAX_BODY_BYTES`: the largest request body accepted.
    pub max_body_bytes: usize,
    /// `THIDUA_MAX_IMPORT_BYTES`: the largest bulk import accepted (`POST
    /// /api/v1/imports`): 34,000 values as JSON take about 4 MiB.
    pub max_import_bytes: usize,
    /// `THIDUA_WORKERS`: HTTP worker threads.
    pub workers: usize,
    /// `THIDUA_SHUTDOWN_TIMEOUT_SECS`: how long in-flight requests may run after SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// Identity and access.
    pub auth: AuthConfig,
    /// `THIDUA_EVIDENCE_STORE`: where evidence files go.
    pub evidence_store: EvidenceStore,
    /// How webhooks are delivered.
    pub webhooks: WebhookConfig,
    /// When deadline reminders are sent, and where they are e-mailed.
    pub reminders: ReminderConfig,
}

/// Where evidence files are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceStore {
    /// A local folder (default: `<data dir>/evidence`).
    Local(PathBuf),
    /// An S3-compatible bucket, with a key prefix; credentials from `AWS_*`.
    S3 { bucket: String, prefix: String },
}

/// Settings of identity and access.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// `THIDUA_JWT_SECRET`: the HS256 key, at least 32 bytes. When unset, a
    /// random one is kept in `<data dir>/jwt-secret`.
    pub jwt_secret: Option<SecretString>,
    /// `THIDUA_ACCESS_TOKEN_TTL_SECS`: access-token lifetime, at most 15 minutes.
    pub access_token_ttl: Duration,
    /// `THIDUA_REFRESH_TOKEN_TTL_HOURS`: refresh-token lifetime.
    pub refresh_token_ttl: Duration,
    /// `THIDUA_ARGON2_MEMORY_KIB`, `THIDUA_ARGON2_ITERATIONS`, `THIDUA_ARGON2_PARALLELISM`:
    /// password hashing cost, never below m=19456 KiB, t=2, p=1.
    pub argon2: Argon2Cost,
    /// `THIDUA_ADMIN_PASSWORD`: the first admin's password; generated and logged once when unset.
    pub admin_password: Option<SecretString>,
    /// `THIDUA_LOGIN_MAX_FAILURES`: failed logins per account before it is throttled.
    pub login_max_failures: u32,
    /// `THIDUA_LOGIN_MAX_FAILURES_PER_ADDRESS`: failed logins per client address before it is throttled.
    pub login_max_failures_per_address: u32,
    /// `THIDUA_LOGIN_MAX_LOCK_SECS`: the longest a throttled account or address waits.
    pub login_max_lock: Duration,
}

/// Argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Argon2Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Argon2Cost {
    /// OWASP's floor for argon2id, and the default.
    pub const MINIMUM: Argon2Cost = Argon2Cost { memory_kib: 19_456, iterations: 2, parallelism: 1 };
}

/// A setting that could not be used: names the variable, the value and the rule.
#[derive(Debug, thiserror::Error)]
#[error("{variable}={value:?} is not valid: {rule}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub rule: String,
}

impl Config {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let bind = parse_or("THIDUA_BIND", get("THIDUA_BIND"), "127.0.0.1:8080".parse().unwrap(), |v| {
            v.trim()
                .parse::<SocketAddr>()
                .map_err(|_| "must be an IP address and port, like 127.0.0.1:8080 or 0.0.0.0:8080".to_owned())
        })?;
        let data_dir = get("THIDUA_DATA_DIR").map_or_else(|| PathBuf::from("./data"), PathBuf::from);
        let database = match get("DATABASE_URL") {
            Some(raw) => DatabaseUrl::parse(&raw).map_err(|rule| ConfigError {
                variable: "DATABASE_URL",
                value: DatabaseUrl::Postgres(SecretString::from(raw.clone())).redacted(),
                rule,
            })?,
            None => DatabaseUrl::Sqlite(data_dir.join("thidua.db")),
        };
        let db_pool_size =
            parse_or("THIDUA_DB_POOL_SIZE", get("THIDUA_DB_POOL_SIZE"), 10, |v| bounded_integer(v, 1, 200))?;
        let db_timeout_ms =
            parse_or("THIDUA_DB_TIMEOUT_MS", get("THIDUA_DB_TIMEOUT_MS"), 1_000, |v| bounded_integer(v, 50, 60_000))?;
        let cors_origins = parse_or("THIDUA_CORS_ORIGINS", get("THIDUA_CORS_ORIGINS"), Vec::new(), |v| {
            v.split(',').map(str::trim).filter(|o| !o.is_empty()).map(parse_origin).collect()
        })?;
        let trusted_proxies = parse_or(
            "THIDUA_TRUSTED_PROXIES",
            get("THIDUA_TRUSTED_PROXIES"),
            TrustedProxies::default(),
            TrustedProxies::parse,
        )?;
        let log_format = parse_or("THIDUA_LOG_FORMAT", get("THIDUA_LOG_FORMAT"), LogFormat::Plain, |v| {
            match v.trim().to_ascii_lowercase().as_str() {
                "plain" | "text" => Ok(LogFormat::Plain),
                "json" => Ok(LogFormat::Json),
                _ => Err("must be plain or json".to_owned()),
            }
        })?;
        let max_body_bytes = parse_or("THIDUA_MAX_BODY_BYTES", get("THIDUA_MAX_BODY_BYTES"), 1 << 20, |v| {
            bounded_integer(v, 1_024, 1 << 30)
        })?;
        let max_import_bytes = parse_or("THIDUA_MAX_IMPORT_BYTES", get("THIDUA_MAX_IMPORT_BYTES"), 32 << 20, |v| {
            bounded_integer(v, 1_024, 1 << 30)
        })?;
        let default_workers = std::thread::available_parallelism().map_or(2, usize::from);
        let workers =
            parse_or("THIDUA_WORKERS", get("THIDUA_WORKERS"), default_workers, |v| bounded_integer(v, 1, 256))?;
        let shutdown_timeout_secs =
            parse_or("THIDUA_SHUTDOWN_TIMEOUT_SECS", get("THIDUA_SHUTDOWN_TIMEOUT_SECS"), 30, |v| {
                bounded_integer(v, 0, 3_600)
            })?;

        let auth = auth_from(&get)?;
        let evidence_store = match get("THIDUA_EVIDENCE_STORE") {
            None => EvidenceStore::Local(data_dir.join("evidence")),
            Some(raw) => match raw.strip_prefix("s3://") {
                Some(rest) => {
                    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
                    if bucket.is_empty() {
                        return Err(ConfigError {
                            variable: "THIDUA_EVIDENCE_STORE",
                            value: raw,
                            rule: "an S3 store is s3://bucket or s3://bucket/prefix".to_owned(),
                        });
                    }
                    EvidenceStore::S3 { bucket: bucket.to_owned(), prefix: prefix.trim_matches('/').to_owned() }
                }
                None => EvidenceStore::Local(PathBuf::from(raw)),
            },
        };

        let webhooks = webhooks_from(&get)?;
        let reminders = reminders_from(&get)?;

        Ok(Self {
            webhooks,
            reminders,
            evidence_store,
            auth,
            bind,
            data_dir,
            database,
            db_pool_size,
            db_timeout: Duration::from_millis(db_timeout_ms),
            cors_origins,
            trusted_proxies,
            log_format,
            max_body_bytes,
            max_import_bytes,
            workers,
            shutdown_timeout_secs,
        })
    }

    /// Settings for a test: port 0 and the given database, everything else default.
    pub fn for_tests(data_dir: &Path, database: DatabaseUrl) -> Self {
        let mut config = Self::from_lookup(|_| None).expect("defaults are valid");
        config.bind = "127.0.0.1:0".parse().unwrap();
        config.data_dir = data_dir.to_owned();
        config.evidence_store = EvidenceStore::Local(data_dir.join("evidence"));
        config.database = database;
        config.workers = 1;
        config.shutdown_timeout_secs = 1;
        config
    }
}

fn auth_from(get: &impl Fn(&str) -> Option<String>) -> Result<AuthConfig, ConfigError> {
    let jwt_secret = match get("THIDUA_JWT_SECRET") {
        Some(secret) if secret.len() < 32 => {
            return Err(ConfigError {
                variable: "THIDUA_JWT_SECRET",
                value: "(hidden)".to_owned(),
                rule: format!("must be at least 32 bytes long; it has {}", secret.len()),
            });
        }
        other => other.map(SecretString::from),
    };
    let access = parse_or("THIDUA_ACCESS_TOKEN_TTL_SECS", get("THIDUA_ACCESS_TOKEN_TTL_SECS"), 900, |v| {
        bounded_integer(v, 30, 900)
    })?;
    let refresh_hours = parse_or("THIDUA_REFRESH_TOKEN_TTL_HOURS", get("THIDUA_REFRESH_TOKEN_TTL_HOURS"), 336, |v| {
        bounded_integer(v, 1, 24 * 90)
    })?;
    let min = Argon2Cost::MINIMUM;
    let argon2 = Argon2Cost {
        memory_kib: parse_or("THIDUA_ARGON2_MEMORY_KIB", get("THIDUA_ARGON2_MEMORY_KIB"), min.memory_kib, |v| {
            bounded_integer(v, min.memory_kib, 4 << 20)
        })?,
        iterations: parse_or("THIDUA_ARGON2_ITERATIONS", get("THIDUA_ARGON2_ITERATIONS"), min.iterations, |v| {
            bounded_integer(v, min.iterations, 64)
        })?,
        parallelism: parse_or("THIDUA_ARGON2_PARALLELISM", get("THIDUA_ARGON2_PARALLELISM"), min.parallelism, |v| {
            bounded_integer(v, min.parallelism, 16)
        })?,
    };
    let admin_password = get("THIDUA_ADMIN_PASSWORD");
    if let Some(password) = &admin_password
        && let Err(rule) = crate::domain::password::check_strength(password, crate::domain::accounts::ADMIN_USERNAME)
    {
        return Err(ConfigError { variable: "THIDUA_ADMIN_PASSWORD", value: "(hidden)".to_owned(), rule });
    }
    let admin_password = admin_password.map(SecretString::from);
    let login_max_failures =
        parse_or("THIDUA_LOGIN_MAX_FAILURES", get("THIDUA_LOGIN_MAX_FAILURES"), 5, |v| bounded_integer(v, 1, 1_000))?;
    let login_max_failures_per_address =
        parse_or("THIDUA_LOGIN_MAX_FAILURES_PER_ADDRESS", get("THIDUA_LOGIN_MAX_FAILURES_PER_ADDRESS"), 50, |v| {
            bounded_integer(v, 1, 100_000)
        })?;
    let max_lock = parse_or("THIDUA_LOGIN_MAX_LOCK_SECS", get("THIDUA_LOGIN_MAX_LOCK_SECS"), 900, |v| {
        bounded_integer(v, 1, 86_400)
    })?;
    Ok(AuthConfig {
        jwt_secret,
        access_token_ttl: Duration::from_secs(access),
        refresh_token_ttl: Duration::from_secs(refresh_hours * 3600),
        argon2,
        admin_password,
        login_max_failures,
        login_max_failures_per_address,
        login_max_lock: Duration::from_secs(max_lock),
    })
}

fn parse_or<T>(
    variable: &'static str,
    raw: Option<String>,
    default: T,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, ConfigError> {
    match raw {
        None => Ok(default),
        Some(value) => parse(&value).map_err(|rule| ConfigError { variable, value, rule }),
    }
}

fn bounded_integer<T>(raw: &str, min: T, max: T) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match raw.trim().parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(format!("must be a whole number from {min} to {max}")),
    }
}

/// An origin is `scheme://host[:port]` with no path, as browsers send it.
fn parse_origin(raw: &str) -> Result<String, String> {
    let rule = || format!("{raw:?} is not an origin like https://example.org or http://localhost:3000");
    let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://")).ok_or_else(rule)?;
    let valid_host =
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid_host {
        return Err(rule());
    }
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert!(matches!(&c.database, DatabaseUrl::Sqlite(p) if p == Path::new("./data/thidua.db")));
        assert_eq!(c.log_format, LogFormat::Plain);
        assert_eq!(c.max_body_bytes, 1 << 20);
        assert!(c.cors_origins.is_empty());
    }

    #[test]
    fn sqlite_default_follows_the_data_dir() {
        let c = config(&[("THIDUA_DATA_DIR", "/var/lib/thidua")]).unwrap();
        assert!(matches!(&c.database, DatabaseUrl::Sqlite(p) if p == Path::new("/var/lib/thidua/thidua.db")));
    }

    #[test]
    fn every_bad_value_names_its_variable() {
        for (var, value) in [
            ("THIDUA_BIND", "localhost"),
            ("DATABASE_URL", "mysql://root@localhost/thidua"),
            ("DATABASE_URL", "thidua.db"),
            ("DATABASE_URL", "sqlite::memory:"),
            ("THIDUA_DB_POOL_SIZE", "0"),
            ("THIDUA_DB_TIMEOUT_MS", "ten"),
            ("THIDUA_CORS_ORIGINS", "https://ok.example, *"),
            ("THIDUA_CORS_ORIGINS", "https://example.org/path"),
            ("THIDUA_LOG_FORMAT", "xml"),
            ("THIDUA_MAX_BODY_BYTES", "-1"),
            ("THIDUA_WORKERS", "0"),
            ("THIDUA_SHUTDOWN_TIMEOUT_SECS", "forever"),
            ("THIDUA_JWT_SECRET", "too-short"),
            ("THIDUA_ACCESS_TOKEN_TTL_SECS", "3600"),
            ("THIDUA_ARGON2_MEMORY_KIB", "4096"),
            ("THIDUA_ARGON2_ITERATIONS", "1"),
            ("THIDUA_LOGIN_MAX_FAILURES", "0"),
            ("THIDUA_TRUSTED_PROXIES", "proxy.local"),
            ("THIDUA_TRUSTED_PROXIES", "10.0.0.0/40"),
            ("THIDUA_ADMIN_PASSWORD", "admin-password-123"),
            ("THIDUA_WEBHOOK_ALLOW_NETS", "localhost"),
            ("THIDUA_WEBHOOK_TIMEOUT_MS", "0"),
            ("THIDUA_WEBHOOK_MAX_ATTEMPTS", "0"),
            ("THIDUA_WEBHOOK_BACKOFF_MS", "1"),
            ("THIDUA_WEBHOOK_DISABLE_AFTER", "0"),
            ("THIDUA_WEBHOOK_POLL_MS", "1"),
            ("THIDUA_REMINDER_DAYS_BEFORE", "-1"),
            ("THIDUA_REMINDER_INTERVAL_SECS", "0"),
            ("THIDUA_SMTP_URL", "http://mail.example.vn"),
            ("THIDUA_SMTP_URL", "smtp://"),
            ("THIDUA_SMTP_FROM", "not an address"),
        ] {
            let err = config(&[(var, value)]).expect_err(var);
            assert_eq!(err.variable, var);
            assert!(err.to_string().starts_with(var), "{err}");
        }
    }

    #[test]
    fn database_url_schemes() {
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/d"), Ok(DatabaseUrl::Postgres(_))));
        assert!(matches!(DatabaseUrl::parse("postgresql://u@h/d"), Ok(DatabaseUrl::Postgres(_))));
        assert!(
            matches!(DatabaseUrl::parse("sqlite:///tmp/x.db"), Ok(DatabaseUrl::Sqlite(p)) if p == Path::new("/tmp/x.db"))
        );
        assert!(
            matches!(DatabaseUrl::parse("sqlite:data/x.db"), Ok(DatabaseUrl::Sqlite(p)) if p == Path::new("data/x.db"))
        );
        assert!(DatabaseUrl::parse("sqlite:").is_err());
    }

    #[test]
    fn a_short_jwt_secret_is_refused_without_being_shown() {
        let err = config(&[("THIDUA_JWT_SECRET", "0123456789")]).unwrap_err();
        assert!(!err.to_string().contains("0123456789"), "{err}");
        assert!(config(&[("THIDUA_JWT_SECRET", &"k".repeat(32))]).unwrap().auth.jwt_secret.is_some());
    }

    #[test]
    fn passwords_never_reach_logs() {
        let url = DatabaseUrl::parse("postgres://thidua:s3cret@db:5432/thidua").unwrap();
        assert_eq!(url.redacted(), "postgres://thidua:***@db:5432/thidua");
        assert!(!format!("{url:?}").contains("s3cret"));
        let err = config(&[("DATABASE_URL", "mysql://root:s3cret@db/x")]).unwrap_err();
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn reminders_default_to_three_days_every_five_minutes_and_no_mail() {
        let c = config(&[]).unwrap();
        assert_eq!((c.reminders.days_before, c.reminders.interval), (3, Duration::from_secs(300)));
        assert!(c.reminders.smtp.is_none());
        let c = config(&[
            ("THIDUA_SMTP_URL", "smtps://thidua:s3cret@mail.example.vn"),
            ("THIDUA_SMTP_FROM", "Thi đua <thidua@example.vn>"),
        ])
        .unwrap();
        let smtp = c.reminders.smtp.unwrap();
        assert_eq!(smtp.from, "Thi đua <thidua@example.vn>");
        assert!(!format!("{smtp:?}").contains("s3cret"));
        let err = config(&[("THIDUA_SMTP_URL", "imap://thidua:s3cret@mail.example.vn")]).unwrap_err();
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn cors_origins_are_a_comma_separated_list() {
        let c = config(&[("THIDUA_CORS_ORIGINS", "https://a.example, http://localhost:3000")]).unwrap();
        assert_eq!(c.cors_origins, ["https://a.example", "http://localhost:3000"]);
    }
}
