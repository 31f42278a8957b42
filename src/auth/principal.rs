//! The authenticated caller, from the bearer token of every request
//! (`http::caller` reads the header; [`authenticate`] decides).
//!
//! The token is checked first (signature, algorithm, issuer, audience,
//! times, claims); then the account is read: a deactivated account, a
//! changed password or role, or a revoked service account makes the token
//! stop working.
//!
//! Reading the account costs two queries on every request, so what was read
//! is kept for a moment ([`Principals`]). A change made through this
//! process's API (users, service accounts, org units) drops everything kept
//! before its answer is sent, so it holds from the very next request. A
//! change made by another process — the `thidua user` CLI, another instance
//! on the same PostgreSQL database — is seen within [`PRINCIPAL_TTL`].
//!
//! An entry past half its life is read again by the first request that
//! finds it so, while the others go on with it: were it only read again
//! once expired, every request arriving during that reading would miss it
//! too and read it as well — once a second, at 5,000 requests a second,
//! some fifty lookups at once, queued for the pool's connections, the
//! slowest hundredth of all requests (p99 5–20 ms, 80 ms with 4 connections).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::Auth;
use super::tokens::Claims;
use crate::cache::BoundedCache;
use crate::db::{self, Db, DbConnection, DbError};
use crate::domain::accounts::scope_top;
use crate::domain::org::{OrgKind, ancestors};
use crate::domain::role::{Role, Scope};
use crate::error::{ApiError, ErrorCode};

/// Who is calling: a user, a service account, or the system — the operator
/// at the machine, through the `thidua` command line. The system has no
/// account, so no token names it and [`Principal`]'s extractor never yields
/// it (a token's `sub` is `user:…` or `service:…`, read by `load`); only code
/// builds it (`service::Caller::system`). The policy lets it do what an admin
/// may, over the whole tree; the audit log names it `system`.
#[derive(Clone, Debug)]
pub enum Actor {
    User { id: String, username: String, role: Role },
    Service { id: String, client_id: String, scopes: Vec<Scope> },
    System,
}

/// The caller, where it sits in the tree, and the subtree it may read.
#[derive(Clone, Debug)]
pub struct Principal {
    pub actor: Actor,
    pub unit_id: String,
    pub unit_path: String,
    /// The top of the subtree this caller works in.
    pub scope_path: String,
    /// The subtrees of the units its scope's units succeeded (mergers and
    /// splits, however far back): their records it may read, not change.
    pub history: Vec<String>,
    /// The day a reorganisation closed the caller's unit: from then it may
    /// read, not act, until an admin moves it.
    pub unit_closed_on: Option<chrono::NaiveDate>,
}

impl Principal {
    /// The operator at the machine ([`Actor::System`]). It belongs to no
    /// unit (its unit id is empty, which names none) and works over the
    /// whole tree: `/` begins every unit's path.
    pub fn system() -> Self {
        Self {
            actor: Actor::System,
            unit_id: String::new(),
            unit_path: "/".to_owned(),
            scope_path: "/".to_owned(),
            history: Vec::new(),
            unit_closed_on: None,
        }
    }

    /// The caller as the audit log and report history name it: `user:<id>`, `service:<id>` or `system`.
    pub fn actor_ref(&self) -> String {
        match &self.actor {
            Actor::User { id, .. } => format!("user:{id}"),
            Actor::Service { id, .. } => format!("service:{id}"),
            Actor::System => "system".to_owned(),
        }
    }

    /// The user's id, if the caller is a user.
    pub fn user_id(&self) -> Option<&str> {
        match &self.actor {
            Actor::User { id, .. } => Some(id),
            Actor::Service { .. } | Actor::System => None,
        }
    }
}

/// The principal an access token names, as its account is now: the
/// token checked, then the account read (or taken from the cache of
/// accounts read within [`PRINCIPAL_TTL`]). 401 `invalid_token` when the
/// token or the account no longer holds.
pub async fn authenticate(auth: &Auth, db: &Db, token: &str) -> Result<Principal, ApiError> {
    let claims = auth.tokens.verify(token).map_err(|reason| {
        tracing::debug!(%reason, "access token refused");
        invalid_token()
    })?;
    let account = match auth.principals.get(&claims.sub, db.accounts_generation()) {
        Some(account) => account,
        None => {
            // Read before the lookup: a change committed during it leaves the entry stale.
            let generation = db.accounts_generation();
            let sub = claims.sub.clone();
            let account = db.run(move |conn| load(conn, &sub)).await?;
            auth.principals.put(claims.sub.clone(), account.clone(), generation);
            account
        }
    };
    let principal = account.and_then(|a| a.accepts(&claims)).ok_or_else(invalid_token)?;
    if let Some(sid) = &claims.sid {
        let stands = match auth.principals.session(sid, db.accounts_generation()) {
            Some(stands) => stands,
            None => {
                let generation = db.accounts_generation();
                let family = sid.clone();
                let stands = db.run(move |conn| db::refresh_tokens::family_stands(conn, &family)).await?;
                auth.principals.put_session(sid.clone(), stands, generation);
                stands
            }
        };
        if !stands {
            return Err(invalid_token());
        }
    }
    Ok(principal)
}

/// 401 for a token that is malformed, forged, expired or revoked.
pub fn invalid_token() -> ApiError {
    ApiError::unauthorized(ErrorCode::InvalidToken, "The access token is invalid, expired or revoked.")
}

/// How long an account read for one request serves the next ones: the
/// bound on how late a change made by another process is seen.
pub const PRINCIPAL_TTL: Duration = Duration::from_secs(1);

/// Beyond this many accounts kept, the cache starts over (every entry expires within a second anyway).
const MAX_KEPT: usize = 10_000;

/// An account as read for a token's `sub`, and what its tokens must match.
#[derive(Clone, Debug)]
pub struct Account {
    principal: Principal,
    active: bool,
    /// A user's role or `service`: a token issued under another role stops working.
    role: String,
    /// A user's credentials version (a service account's tokens carry none that counts).
    credentials_version: Option<i32>,
}

impl Account {
    /// The caller, if a token with these claims still stands for this account.
    fn accepts(self, claims: &Claims) -> Option<Principal> {
        let current = self.active
            // A token issued before the `district` role became `superior` stands.
            && (self.role == claims.role || claims.role.parse::<Role>().is_ok_and(|r| r.as_str() == self.role))
            && self.credentials_version.is_none_or(|version| version == claims.ver);
        current.then_some(self.principal)
    }
}

/// Accounts read recently, by token subject; see the module's notes.
#[derive(Debug)]
pub struct Principals {
    kept: BoundedCache<String, Kept<Option<Account>>>,
    /// Whether each sign-in (a token's `sid`) still stands, read as accounts are.
    sessions: BoundedCache<String, Kept<bool>>,
    ttl: Duration,
}

/// What was read, and how fresh it is.
#[derive(Clone, Debug)]
struct Kept<T> {
    value: T,
    freshness: Freshness,
}

/// When an entry was read, under which generation of the accounts, and
/// whether a request is reading it again (shared by the entry's copies).
#[derive(Clone, Debug)]
struct Freshness {
    read_at: Instant,
    generation: u64,
    renewing: Arc<AtomicBool>,
}

impl Freshness {
    fn new(generation: u64) -> Self {
        Self { read_at: Instant::now(), generation, renewing: Arc::default() }
    }

    /// Whether the entry may serve a request made under `generation`.
    fn current(&self, generation: u64, ttl: Duration) -> bool {
        self.generation == generation && self.read_at.elapsed() < ttl
    }

    /// Whether this request is the one to read the entry again: past half
    /// its life, the first that asks (see the module's notes).
    fn claims_renewal(&self, ttl: Duration) -> bool {
        self.read_at.elapsed() >= ttl / 2 && !self.renewing.swap(true, Ordering::AcqRel)
    }
}

impl Principals {
    pub fn new(ttl: Duration) -> Self {
        Self { kept: BoundedCache::new(MAX_KEPT), sessions: BoundedCache::new(MAX_KEPT), ttl }
    }

    /// Whether the sign-in `sid` stands (see [`Principals::fresh`]).
    fn session(&self, sid: &str, generation: u64) -> Option<bool> {
        self.fresh(&self.sessions, sid, generation)
    }

    fn put_session(&self, sid: String, stands: bool, generation: u64) {
        self.sessions.insert(sid, Kept { value: stands, freshness: Freshness::new(generation) });
    }

    /// The account kept for `sub` (see [`Principals::fresh`]); the inner
    /// `None`: no such account.
    fn get(&self, sub: &str, generation: u64) -> Option<Option<Account>> {
        self.fresh(&self.kept, sub, generation)
    }

    fn put(&self, sub: String, account: Option<Account>, generation: u64) {
        self.kept.insert(sub, Kept { value: account, freshness: Freshness::new(generation) });
    }

    /// What `cache` keeps for `key`, if it was read under `generation` less
    /// than the TTL ago; `None` when this request is to read it (again).
    fn fresh<T: Clone>(&self, cache: &BoundedCache<String, Kept<T>>, key: &str, generation: u64) -> Option<T> {
        let kept = cache.get_if(key, |entry| entry.freshness.current(generation, self.ttl))?;
        (!kept.freshness.claims_renewal(self.ttl)).then_some(kept.value)
    }
}

/// The principal of the user `id` as its own requests would see it; `None`
/// for no such user, or one deactivated. For code that acts as a person
/// through the use cases (the demo's results).
pub fn of_user(conn: &mut DbConnection, id: &str) -> Result<Option<Principal>, DbError> {
    Ok(load(conn, &format!("user:{id}"))?.filter(|a| a.active).map(|a| a.principal))
}

/// The principal of the account `actor` (`user:…`, `service:…`, as
/// [`Principal::actor_ref`] names it) as it is now; `None` when it is gone
/// or deactivated. For work done later on an account's behalf (a queued import).
pub fn of_actor(conn: &mut DbConnection, actor: &str) -> Result<Option<Principal>, DbError> {
    Ok(load(conn, actor)?.filter(|a| a.active).map(|a| a.principal))
}

/// The account a token's `sub` names, as it is now.
fn load(conn: &mut DbConnection, sub: &str) -> Result<Option<Account>, DbError> {
    if let Some(id) = sub.strip_prefix("user:") {
        let Some((user, unit_path)) = db::users::get(conn, id)? else { return Ok(None) };
        let scope_path = read_scope(conn, user.role, &unit_path)?;
        let history = db::org_units::predecessor_paths(conn, &scope_path)?;
        let unit_closed_on = db::org_units::get(conn, &user.org_unit_id)?.and_then(|u| u.valid_to);
        return Ok(Some(Account {
            active: user.active,
            role: user.role.as_str().to_owned(),
            credentials_version: Some(user.credentials_version),
            principal: Principal {
                actor: Actor::User { id: user.id, username: user.username, role: user.role },
                unit_id: user.org_unit_id,
                unit_path,
                scope_path,
                history,
                unit_closed_on,
            },
        }));
    }
    if let Some(id) = sub.strip_prefix("service:") {
        let Some((account, unit_path)) = db::service_accounts::get(conn, id)? else { return Ok(None) };
        let history = db::org_units::predecessor_paths(conn, &unit_path)?;
        return Ok(Some(Account {
            active: account.active,
            role: "service".to_owned(),
            credentials_version: None,
            principal: Principal {
                actor: Actor::Service { id: account.id, client_id: account.client_id, scopes: account.scopes },
                unit_id: account.org_unit_id,
                scope_path: unit_path.clone(),
                unit_path,
                history,
                unit_closed_on: None,
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> Option<Account> {
        Some(Account {
            principal: Principal {
                actor: Actor::User { id: "u1".into(), username: "admin".into(), role: Role::Admin },
                unit_id: "root".into(),
                unit_path: "/root/".into(),
                scope_path: "/root/".into(),
                history: Vec::new(),
                unit_closed_on: None,
            },
            active: true,
            role: "admin".into(),
            credentials_version: Some(1),
        })
    }

    #[test]
    fn an_account_is_kept_until_a_change_or_the_ttl() {
        let kept = Principals::new(Duration::from_secs(60));
        kept.put("user:u1".into(), admin(), 7);
        assert!(kept.get("user:u1", 7).is_some());
        assert!(kept.get("user:u1", 8).is_none(), "a change through this process drops it");
        assert!(kept.get("user:u2", 7).is_none());
        let expired = Principals::new(Duration::ZERO);
        expired.put("user:u1".into(), admin(), 7);
        assert!(expired.get("user:u1", 7).is_none(), "past the TTL it is read again");
    }

    #[test]
    fn past_half_its_life_an_account_is_read_again_by_one_request_only() {
        let kept = Principals::new(Duration::from_secs(60));
        let read_at = Instant::now() - Duration::from_secs(40);
        let freshness = Freshness { read_at, generation: 7, renewing: Arc::default() };
        kept.kept.insert("user:u1".into(), Kept { value: admin(), freshness });
        assert!(kept.get("user:u1", 7).is_none(), "the first request reads it again");
        assert!(kept.get("user:u1", 7).is_some(), "the others go on with it meanwhile");
        assert!(kept.get("user:u1", 7).is_some());
        kept.put("user:u1".into(), admin(), 7);
        assert!(kept.get("user:u1", 7).is_some(), "read again, it is young");
    }
}
