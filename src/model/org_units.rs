//! The organisation tree as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

/// Narrows the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgUnitFilter {
    /// Only the direct children of this unit.
    pub parent_id: Option<String>,
    /// Only units of this kind.
    pub kind: Option<OrgKind>,
    /// Only this unit and everything below it.
    pub subtree_of: Option<String>,
    /// Only active (`true`) or inactive (`false`) units.
    pub active: Option<bool>,
    /// Only the unit with this code.
    pub code: Option<String>,
}

/// A new unit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrgUnit {
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$", example = "XA-DAI-THANG")]
    pub code: String,
    #[schema(min_length = 1, max_length = 200, example = "Xã Đại Thắng")]
    pub name: String,
    /// Any kind but `root`, of which there is one.
    pub kind: OrgKind,
    /// The unit it belongs to; its kind must fit (a commune under a district, a sector under a commune, …).
    pub parent_id: String,
}

/// Changes to a unit; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OrgUnitChanges {
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$")]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// Moves the unit (and everything below it) under another parent.
    pub parent_id: Option<String>,
    /// `false` deactivates the unit; units are never deleted, so what refers to them stays.
    pub active: Option<bool>,
}
