//! The answer of the operators' probes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The answer of the health probes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    #[schema(value_type = super::choices::HealthStatus, example = "ready")]
    pub status: String,
    /// The database backend, on readiness.
    #[schema(value_type = super::choices::DatabaseBackend)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// The service's version.
    pub version: String,
}
