//! The organisation tree as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::accounts::OrgUnit;
use crate::domain::org::OrgKind;

/// An org unit.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrgUnitView {
    pub id: String,
    /// A unique human code, usable by integrations (e.g. `XA-DAI-THANG`).
    pub code: String,
    /// The Vietnamese name, e.g. `Hội Liên hiệp Phụ nữ`.
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<String>,
    pub active: bool,
    /// Send it back in `If-Match` to update.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<OrgUnit> for OrgUnitView {
    fn from(u: OrgUnit) -> Self {
        Self {
            id: u.id,
            code: u.code,
            name: u.name,
            kind: u.kind,
            parent_id: u.parent_id,
            active: u.active,
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}
