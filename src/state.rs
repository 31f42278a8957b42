//! What every request may need, built once by `app::start` and shared by
//! every worker as the one piece of app data.

use std::sync::Arc;

use crate::auth::Auth;
use crate::db::Db;
use crate::http::metrics::Metrics;
use crate::service::Caches;
use crate::storage::Files;

/// The service's shared state. Cloning it is cheap: every part is a handle.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub auth: Auth,
    /// Where evidence files are kept.
    pub files: Files,
    pub metrics: Metrics,
    /// What the use cases keep between requests.
    pub caches: Arc<Caches>,
}
