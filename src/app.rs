//! Builds and starts the HTTP server: the only place that wires things together.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::web::Redirect;
use actix_web::{App, HttpServer, web};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{self as swagger_ui, SwaggerUi};

use crate::api;
use crate::auth::Auth;
use crate::auth::tokens::load_or_create_secret;
use crate::bootstrap;
use crate::config::Config;
use crate::db::{self, Db, DbError};
use crate::domain::settings::INSTANCE_ID;
use crate::http::context::request_context;
use crate::http::extract::path_config;
use crate::http::fallback::fallback;
use crate::http::gate::gate;
use crate::http::idempotency::idempotency;
use crate::http::method_table::MethodTable;
use crate::http::metrics::Metrics;
use crate::http::strict_query::refuse_unknown_query;
use crate::service::Caches;
use crate::state::AppState;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot prepare the database {url}: {source}")]
    Database { url: String, source: DbError },
    #[error("cannot open the evidence store: {0}")]
    Evidence(String),
    #[error("cannot set up token signing: {0}")]
    Secret(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// A server that is listening; await `server` to run it to the end.
pub struct Running {
    pub server: Server,
    pub addr: SocketAddr,
    pub db: Db,
    /// The background tasks (purge, import worker, webhook dispatcher and
    /// worker, reminder scheduler): they end with the process; a caller that stops the server
    /// but goes on (a test restarting it) aborts them.
    pub background: Vec<tokio::task::AbortHandle>,
}

/// Brings the database up to date: runs pending migrations, records this
/// installation's id, warns of stored settings it will not use, and on
/// first start creates the root unit and the admin. Blocking; safe to run
/// any number of times.
pub fn prepare_database(config: &Config) -> Result<Vec<String>, StartError> {
    let fail = |source| StartError::Database { url: config.database.redacted(), source };
    let mut conn = db::connect_once(&config.database, config.db_timeout).map_err(fail)?;
    let applied = db::migrations::run_pending(&mut conn).map_err(fail)?;
    let instance_id = uuid::Uuid::now_v7().to_string();
    let recorded =
        db::write_transaction(&mut conn, |conn| db::settings::put_if_absent(conn, INSTANCE_ID.key, &instance_id));
    match recorded {
        // Another instance starting at the same moment recorded its id first.
        Ok(_) | Err(DbError::UniqueViolation(_)) => {}
        Err(e) => return Err(fail(e)),
    }
    crate::service::settings::warn_of_unused(&mut conn).map_err(fail)?;
    match bootstrap::first_start(&mut conn, config) {
        Ok(_) | Err(DbError::UniqueViolation(_)) => Ok(applied),
        Err(e) => Err(fail(e)),
    }
}

/// Every hour, deletes the Idempotency-Keys older than a day. A failure
/// (the database away) is logged and tried again at the next hour.
async fn purge_idempotency_keys(db: Db) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match db.run(crate::db::idempotency::purge).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "idempotency keys older than a day deleted"),
            Err(e) => tracing::warn!(error = %e, "idempotency keys not purged"),
        }
    }
}

/// Prepares the database, binds the address and builds the server. The
/// server is returned unstarted: the caller awaits (or spawns) it.
pub async fn start(config: Config) -> Result<Running, StartError> {
    let prepare_config = config.clone();
    let applied = tokio::task::spawn_blocking(move || prepare_database(&prepare_config))
        .await
        .expect("the database preparation task does not panic")?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "applied migrations");
    }

    let auth_config = config.clone();
    let auth = tokio::task::spawn_blocking(move || {
        let secret = load_or_create_secret(auth_config.auth.jwt_secret.as_ref(), &auth_config.data_dir)?;
        Ok::<_, String>(Auth::new(&auth_config.auth, &secret))
    })
    .await
    .expect("the auth set-up task does not panic")
    .map_err(StartError::Secret)?;
    let files = crate::storage::Files::open(&config.evidence_store).map_err(StartError::Evidence)?;
    let db = Db::new(&config);
    // Built once: the served JSON and the 404/405 table come from the same document.
    let document = api::openapi::document();
    let state = web::Data::new(AppState {
        db: db.clone(),
        auth,
        files,
        metrics: Metrics::new(),
        caches: Arc::new(Caches::default()),
        max_body_bytes: config.max_body_bytes,
        max_import_bytes: config.max_import_bytes,
        openapi_json: api::openapi::to_json(&document).into(),
        method_table: MethodTable::from_openapi(&document, |id| match api::access(id) {
            Some(api::Access::Requires(action)) => Some(action),
            Some(api::Access::Public) | None => None,
        }),
        trusted_proxies: config.trusted_proxies.clone(),
        webhooks: config.webhooks.clone(),
    });
    let listener = TcpListener::bind(config.bind).map_err(|source| StartError::Bind { addr: config.bind, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: config.bind, source })?;

    let wake = state.caches.webhook_wake.clone();
    let background = vec![
        tokio::spawn(purge_idempotency_keys(db.clone())).abort_handle(),
        tokio::spawn(crate::service::imports::worker::run(db.clone(), state.caches.clone())).abort_handle(),
        tokio::spawn(crate::service::webhooks::dispatch::run(db.clone(), config.webhooks.poll, wake.clone()))
            .abort_handle(),
        tokio::spawn(crate::service::webhooks::deliver::run(db.clone(), config.webhooks.clone(), wake)).abort_handle(),
        tokio::spawn(crate::service::reminders::run(db.clone(), config.reminders.clone())).abort_handle(),
    ];
    let app_config = config.clone();
    let server = HttpServer::new(move || {
        let (app, _) = App::new()
            .app_data(state.clone())
            // actix's own path extractor answers problem+json.
            .app_data(path_config())
            .wrap(from_fn(idempotency))
            // Before the idempotency key: a request refused changes and keeps nothing.
            .wrap(from_fn(refuse_unknown_query))
            // Before all that: a replay, or a word about a body's shape or a
            // query's parameters, goes only to a caller who may call.
            .wrap(from_fn(gate))
            .wrap(cors(&app_config.cors_origins))
            // Last wrapped runs first: the request context sees every answer, CORS ones too.
            .wrap(from_fn(request_context))
            .into_utoipa_app()
            .configure(api::routes)
            .split_for_parts();
        // validator "none": Swagger UI would otherwise send the document to an outside validator.
        let docs = swagger_ui::Config::from("/api/v1/openapi.json").validator_url("none");
        app.service(SwaggerUi::new("/docs/{_:.*}").config(docs))
            .route("/docs", web::get().to(|| async { Redirect::to("/docs/").permanent() }))
            .default_service(web::to(fallback))
    })
    .workers(config.workers)
    // SIGTERM/SIGINT: stop accepting, let in-flight requests finish for this long.
    .shutdown_timeout(config.shutdown_timeout_secs)
    .listen(listener)
    .map_err(|source| StartError::Bind { addr, source })?
    .run();

    tracing::info!(%addr, database = %config.database.redacted(), "thidua is listening");
    Ok(Running { server, addr, db, background })
}

/// Only configured origins may call from a browser; none by default.
/// A browser script reads only the answer headers listed as exposed: the
/// file name of an export (`Content-Disposition`), where a creation lives
/// (`Location`), the version to send back (`ETag`), when to retry, the
/// request id, and whether an answer was replayed.
fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers(["authorization", "content-type", "if-match", "idempotency-key", "x-request-id"])
        .expose_headers([
            "content-disposition",
            "etag",
            "idempotent-replayed",
            "location",
            "retry-after",
            "x-request-id",
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
