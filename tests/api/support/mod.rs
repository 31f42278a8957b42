//! The test harness: the real server on port 0 with a fresh database per test.
//!
//! SQLite by default (a temporary file). When `THIDUA_TEST_DATABASE_URL`
//! names a PostgreSQL server, each test creates its own uniquely named
//! database there and drops it afterwards, so the same tests run on both.

pub mod commendations;
pub mod fixture;
pub mod nominations;
pub mod proxy;
pub mod receiver;
pub mod smtp;
pub mod standins;
pub mod subprocess;

use std::path::PathBuf;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::header::HeaderMap;
use secrecy::SecretString;
use serde_json::Value;
use tempfile::TempDir;
use thidua::config::{Config, DatabaseUrl};
use thidua::db::Db;

pub const PROBLEM_JSON: &str = "application/problem+json";
/// The first admin's password in every test server.
pub const ADMIN_PASSWORD: &str = "quản trị viên thử nghiệm";
/// The signing key of every test server (tests forge tokens with it).
/// A small PDF as a multipart/form-data upload (`file` only): its content type and body.
pub const SMALL_PDF_FORM: (&str, &str) = (
    "multipart/form-data; boundary=X",
    concat!(
        "--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n",
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4 minh chung\r\n--X--\r\n"
    ),
);

pub const JWT_SECRET: &str = "test-signing-key-of-thirty-two-bytes-or-more";

/// A running server and what it stands on; dropping it stops the server
/// and removes its database.
pub struct TestApp {
    pub base: String,
    /// An access token of the bootstrap admin.
    pub admin: String,
    pub client: reqwest::Client,
    pub config: Config,
    pub db: Db,
    handle: ServerHandle,
    /// The server's background tasks, ended with it.
    background: Vec<tokio::task::AbortHandle>,
    // Options only so that `restart` can move them to the next server.
    database: Option<TestDatabase>,
    dir: Option<TempDir>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts a server whose settings `adjust` may change first.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let database = TestDatabase::migrated(dir.path().join("thidua.db"));
        let mut config = test_config(dir.path(), database.url());
        adjust(&mut config);
        Self::start(config, database, dir).await
    }

    /// Starts a server with the given settings on the given database.
    pub async fn start(config: Config, database: TestDatabase, dir: TempDir) -> Self {
        let running = thidua::app::start(config.clone()).await.expect("the server starts");
        let handle = running.server.handle();
        actix_web::rt::spawn(running.server);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            // Below the server's keep-alive (actix's 5 s): a connection the
            // server is closing is never reused for the next request, which
            // then failed now and then with `IncompleteMessage`.
            .pool_idle_timeout(Duration::from_secs(2))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let base = format!("http://{}", running.addr);
        let admin = login(&client, &base, "admin", ADMIN_PASSWORD).await;
        let background = running.background;
        Self {
            base,
            admin,
            client,
            config,
            db: running.db,
            handle,
            background,
            database: Some(database),
            dir: Some(dir),
        }
    }

    /// Stops this server and starts another on the same database, with settings `adjust` changed.
    pub async fn restart(mut self, adjust: impl FnOnce(&mut Config)) -> Self {
        let (database, dir) = (self.database.take().unwrap(), self.dir.take().unwrap());
        self.handle.stop(true).await;
        self.background.iter().for_each(tokio::task::AbortHandle::abort);
        let mut config = self.config.clone();
        adjust(&mut config);
        Self::start(config, database, dir).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request to build: `app.call(Method::GET, "/x").bearer(&token).send().await`.
    pub fn call(&self, method: reqwest::Method, path: &str) -> Call {
        Call { request: self.client.request(method, self.url(path)) }
    }

    /// An access token for a user, by password.
    pub async fn login(&self, username: &str, password: &str) -> String {
        login(&self.client, &self.base, username, password).await
    }

    /// `GET` as the admin.
    pub async fn admin_get(&self, path: &str) -> Answer {
        self.call(reqwest::Method::GET, path).bearer(&self.admin).send().await
    }

    /// A raw body as the admin.
    pub async fn admin_send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Answer {
        self.call(method, path).bearer(&self.admin).body(content_type, body).send().await
    }

    /// `PUT` JSON as the admin.
    pub async fn admin_put(&self, path: &str, body: Value) -> Answer {
        self.admin_json(reqwest::Method::PUT, path, body).await
    }

    /// A JSON request as the admin.
    pub async fn admin_json(&self, method: reqwest::Method, path: &str, body: Value) -> Answer {
        self.call(method, path).bearer(&self.admin).json(body).send().await
    }

    pub async fn get(&self, path: &str) -> Answer {
        Answer::of(self.client.get(self.url(path)).send().await.expect("request sent")).await
    }

    /// Sends `body` as it is, with a content type.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Answer {
        let request =
            self.client.request(method, self.url(path)).header("content-type", content_type).body(body.into());
        Answer::of(request.send().await.expect("request sent")).await
    }
}

/// A request being built.
pub struct Call {
    request: reqwest::RequestBuilder,
}

impl Call {
    pub fn bearer(self, token: &str) -> Self {
        Self { request: self.request.bearer_auth(token) }
    }

    pub fn header(self, name: &str, value: &str) -> Self {
        Self { request: self.request.header(name, value) }
    }

    pub fn json(self, body: Value) -> Self {
        Self { request: self.request.header("content-type", "application/json").body(body.to_string()) }
    }

    pub fn body(self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self { request: self.request.header("content-type", content_type).body(body.into()) }
    }

    pub async fn send(self) -> Answer {
        Answer::of(self.request.send().await.expect("request sent")).await
    }
}

/// Settings of a test server: port 0, the test admin password and key,
/// and ten seconds for the database instead of production's one. The suite
/// runs dozens of servers at once on two cores, where a request that reads
/// a dozen rows can wait past a second for its turn; the tests are about
/// answers, not deadlines, and those about deadlines (`outage`) set their own.
pub fn test_config(dir: &std::path::Path, database: DatabaseUrl) -> Config {
    let mut config = Config::for_tests(dir, database);
    config.db_timeout = std::time::Duration::from_secs(10);
    config.auth.admin_password = Some(SecretString::from(ADMIN_PASSWORD));
    config.auth.jwt_secret = Some(SecretString::from(JWT_SECRET));
    // Webhook receivers in tests listen on loopback (`tests/api/webhooks.rs` sets quick polls and retries).
    config.webhooks.allow_nets = thidua::domain::webhook::parse_nets(LOOPBACK_NETS).unwrap();
    // The reminder scheduler runs once, at start (on an empty database), then
    // not again within a test: reminders of the fixtures' campaigns would
    // otherwise join the changes other tests count (`reminders.rs` sets its own).
    config.reminders.interval = std::time::Duration::from_secs(86_400);
    // …and holds the lease a second, so that another instance may take it.
    config.reminders.lease = std::time::Duration::from_secs(1);
    config
}

/// `THIDUA_WEBHOOK_ALLOW_NETS` of test servers: loopback, where receivers listen.
pub const LOOPBACK_NETS: &str = "127.0.0.0/8, ::1/128";

async fn login(client: &reqwest::Client, base: &str, username: &str, password: &str) -> String {
    let response = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({ "username": username, "password": password }))
        .send()
        .await
        .expect("token request sent");
    let answer = Answer::of(response).await;
    assert_eq!(answer.status, 200, "login of {username}: {}", answer.body);
    answer.body["access_token"].as_str().expect("an access token").to_owned()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent at once; nothing needs to wait for it.
        std::mem::drop(self.handle.stop(false));
        self.background.iter().for_each(tokio::task::AbortHandle::abort);
    }
}

/// A response's status, headers and body (JSON when it parses), read once.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as it came, for files (CSV, XLSX).
    pub bytes: Vec<u8>,
}

impl Answer {
    pub async fn of(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("body read").to_vec();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Self { status, headers, body, bytes }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an RFC 9457 problem with this status and code that carries
    /// the request id of the `X-Request-Id` header; returns the body.
    pub fn assert_problem(&self, status: u16, code: &str) -> &Value {
        let body = &self.body;
        assert_eq!(self.status, status, "status; body: {body}");
        assert_eq!(self.header("content-type"), Some(PROBLEM_JSON), "content type; body: {body}");
        assert_eq!(body["status"], status, "{body}");
        assert_eq!(body["code"], code, "{body}");
        assert_eq!(body["type"], format!("urn:thidua:problem:{code}"), "{body}");
        assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
        assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
        let id = self.header("x-request-id").expect("x-request-id header");
        assert_eq!(body["request_id"], id, "the body's request id is the header's");
        body
    }
}

/// The database under one test.
pub enum TestDatabase {
    Sqlite(PathBuf),
    Postgres { server: String, name: String },
}

impl TestDatabase {
    /// A new database: a SQLite file at `sqlite_path`, or a new PostgreSQL
    /// database when `THIDUA_TEST_DATABASE_URL` names a server.
    pub fn create(sqlite_path: PathBuf) -> Self {
        Self::new(sqlite_path, None)
    }

    /// A new database with every migration applied: on PostgreSQL a copy of
    /// a migrated template, made once per set of migrations — migrating
    /// costs the server about 0.8 s a test, copying the template nothing
    /// more than creating an empty database. (On SQLite the server starts
    /// by migrating, in a few milliseconds.)
    pub fn migrated(sqlite_path: PathBuf) -> Self {
        match postgres_server() {
            None => Self::create(sqlite_path),
            Some(server) => Self::new(sqlite_path, Some(postgres_template(&server))),
        }
    }

    fn new(sqlite_path: PathBuf, template: Option<&str>) -> Self {
        match postgres_server() {
            None => Self::Sqlite(sqlite_path),
            Some(server) => {
                let name = format!("thidua_test_{}", uuid::Uuid::now_v7().simple());
                let mut admin = PgConnection::establish(&server).expect("the test PostgreSQL server answers");
                let from = template.map(|t| format!(" TEMPLATE {t}")).unwrap_or_default();
                diesel::sql_query(format!("CREATE DATABASE {name}{from}"))
                    .execute(&mut admin)
                    .expect("create database");
                Self::Postgres { server, name }
            }
        }
    }

    pub fn url(&self) -> DatabaseUrl {
        match self {
            Self::Sqlite(path) => DatabaseUrl::Sqlite(path.clone()),
            Self::Postgres { server, name } => DatabaseUrl::Postgres(SecretString::from(with_database(server, name))),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Self::Postgres { server, name } = self
            && let Ok(mut admin) = PgConnection::establish(server)
        {
            // FORCE: the server's pool may still hold connections.
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
        }
    }
}

/// The migrated template database on `server`, named by a digest of the
/// PostgreSQL migrations: built once (migrated under a temporary name, then
/// renamed, so no test ever copies a half-migrated one) and kept for later
/// runs. A changed migration makes a new one; old ones are left for the
/// branches that may still use them (`DROP DATABASE thidua_template_…`).
fn postgres_template(server: &str) -> &'static str {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("thidua_template_{}", migrations_digest());
        let mut admin = PgConnection::establish(server).expect("the test PostgreSQL server answers");
        #[derive(diesel::QueryableByName)]
        struct Found {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            count: i64,
        }
        let found: Found =
            diesel::sql_query(format!("SELECT count(*) AS count FROM pg_database WHERE datname = '{name}'"))
                .get_result(&mut admin)
                .expect("look for the template");
        if found.count > 0 {
            return name;
        }
        let building = format!("thidua_building_{}", uuid::Uuid::now_v7().simple());
        diesel::sql_query(format!("CREATE DATABASE {building}")).execute(&mut admin).expect("create the template");
        let url = SecretString::from(with_database(server, &building));
        let mut conn = thidua::db::connect_once(&DatabaseUrl::Postgres(url), Duration::from_secs(10))
            .expect("connect to the template");
        thidua::db::migrations::run_pending(&mut conn).expect("migrate the template");
        drop(conn);
        // Another test process may have finished first: then its template stands.
        let renamed = diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}")).execute(&mut admin);
        if renamed.is_err() {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).execute(&mut admin);
        }
        name
    })
}

/// A digest of every PostgreSQL migration's files (FNV-1a: stable across
/// Rust versions, unlike the standard hasher).
fn migrations_digest() -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the migrations folder")
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).unwrap().map(|f| f.unwrap().path()))
        .collect();
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let relative = file.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        for byte in relative.into_bytes().into_iter().chain(std::fs::read(&file).unwrap()) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The PostgreSQL server named by `THIDUA_TEST_DATABASE_URL`, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("THIDUA_TEST_DATABASE_URL").ok().filter(|url| url.starts_with("postgres"))
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

/// A 422's field errors as (field, code) pairs, in order.
pub fn fields(body: &serde_json::Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect()
}
