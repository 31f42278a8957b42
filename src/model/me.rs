//! The caller's own account as the API shows it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::org_units::OrgUnitView;

/// The caller.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeView {
    #[schema(value_type = super::choices::CallerKind)]
    pub kind: String,
    pub id: String,
    /// A user's username, or a service account's client id.
    pub username: String,
    pub display_name: String,
    #[schema(value_type = super::choices::CallerRole)]
    pub role: String,
    /// A service account's scopes.
    #[schema(value_type = Vec<crate::domain::role::Scope>)]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    pub org_unit: OrgUnitView,
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    /// At least 12 characters, not a common password, not containing the username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}
