//! The audit log as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One recorded change.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEventView {
    pub id: String,
    pub at: DateTime<Utc>,
    /// `user:<id>`, `service:<id>` or `system`.
    pub actor: String,
    /// The request that made the change: its `X-Request-Id`, or `cli:<id>` for a
    /// change made with the command line on the server.
    pub request_id: Option<String>,
    /// The kind of record, e.g. `report`.
    pub entity: String,
    pub entity_id: String,
    /// What was done, e.g. `create`, `put_values`, `submit`, `approve`.
    pub action: String,
    /// The record before the change, as JSON.
    pub before: Option<serde_json::Value>,
    /// The record after the change, as JSON.
    pub after: Option<serde_json::Value>,
    /// The address of the client that made the change: behind trusted
    /// reverse proxies (`THIDUA_TRUSTED_PROXIES`) the one they forwarded,
    /// else the connection's. `null` for the command line on the server.
    pub client_address: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// `user:<id>`, `service:<id>` or `system` (the command line on the server).
    pub actor: Option<String>,
    /// At or after this instant.
    #[serde(default, deserialize_with = "super::time::rfc3339_opt")]
    pub since: Option<DateTime<Utc>>,
    /// Before this instant.
    #[serde(default, deserialize_with = "super::time::rfc3339_opt")]
    pub until: Option<DateTime<Utc>>,
}
