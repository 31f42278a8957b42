//! Service accounts (machine clients) as the API shows them. Only
//! [`CreatedServiceAccount`], the answer to a creation, holds the secret.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::accounts::ServiceAccount;
use crate::domain::role::Scope;

/// A service account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ServiceAccountView {
    pub id: String,
    /// Sent as `client_id` to the token endpoint.
    pub client_id: String,
    pub name: String,
    pub org_unit_id: String,
    pub scopes: Vec<Scope>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ServiceAccount> for ServiceAccountView {
    fn from(a: ServiceAccount) -> Self {
        Self {
            id: a.id,
            client_id: a.client_id,
            name: a.name,
            org_unit_id: a.org_unit_id,
            scopes: a.scopes,
            active: a.active,
            created_at: a.created_at,
            revoked_at: a.revoked_at,
        }
    }
}

/// A new service account and its secret, shown this once.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedServiceAccount {
    #[serde(flatten)]
    pub account: ServiceAccountView,
    /// Sent as `client_secret` to the token endpoint. Kept only as a hash: it cannot be shown again.
    pub client_secret: String,
}

/// A new service account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewServiceAccount {
    /// What the client is, e.g. `Hệ thống báo cáo huyện Vụ Bản`.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// The unit whose subtree the client works in.
    pub org_unit_id: String,
    /// `read` and/or `import`; at least one.
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
}
