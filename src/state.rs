//! What every request may need, built once by `app::start` and shared by
//! every worker as the one piece of app data.

use std::sync::Arc;

use actix_web::web::Bytes;

use crate::auth::Auth;
use crate::db::Db;
use crate::domain::forwarded::TrustedProxies;
use crate::http::method_table::MethodTable;
use crate::http::metrics::Metrics;
use crate::service::Caches;
use crate::storage::Files;

/// The service's shared state, one per server, behind `web::Data`.
pub struct AppState {
    pub db: Db,
    pub auth: Auth,
    /// Where evidence files are kept.
    pub files: Files,
    pub metrics: Metrics,
    /// What the use cases keep between requests.
    pub caches: Arc<Caches>,
    /// `THIDUA_MAX_BODY_BYTES`: the largest request body read.
    pub max_body_bytes: usize,
    /// `THIDUA_MAX_IMPORT_BYTES`: the largest bulk import read.
    pub max_import_bytes: usize,
    /// The OpenAPI document as served, rendered once at start.
    pub openapi_json: Bytes,
    /// Every path with its methods, for the 404/405 of requests no route took.
    pub method_table: MethodTable,
    /// `THIDUA_TRUSTED_PROXIES`: whose forwarding headers name the client.
    pub trusted_proxies: TrustedProxies,
    /// `THIDUA_WEBHOOK_*`: where webhooks may go and how they are retried.
    pub webhooks: crate::config::WebhookConfig,
}
