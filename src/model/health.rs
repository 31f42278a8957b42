//! The answer of the operators' probes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The answer of the health probes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` (alive) or `ready` (the database answers).
    #[schema(example = "ready")]
    pub status: String,
    /// The database backend, on readiness: `sqlite` or `postgres`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// The service's version.
    pub version: String,
}
