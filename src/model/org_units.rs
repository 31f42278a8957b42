//! The organisation tree as the API shows it.

use chrono::{DateTime, NaiveDate, Utc};
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
    /// The Vietnamese name, e.g. `Hội Liên hiệp Phụ nữ` — as it was on the
    /// day asked for (`on`), today's otherwise.
    pub name: String,
    /// The name with its parents' as they were on that day, as papers write
    /// it: `Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định`.
    pub label: String,
    pub kind: OrgKind,
    pub parent_id: Option<String>,
    pub active: bool,
    /// The first day the unit exists; `null`: since before the records began.
    pub valid_from: Option<NaiveDate>,
    /// The day a reorganisation closed it; `null`: it exists today. A closed
    /// unit keeps its records and names; its users may only read them.
    pub valid_to: Option<NaiveDate>,
    /// The units whose work it carries on (it succeeded them in a merger or a split).
    pub predecessors: Vec<String>,
    /// The units that carry on its work since it closed.
    pub successors: Vec<String>,
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
            label: u.name.clone(),
            name: u.name,
            kind: u.kind,
            parent_id: u.parent_id,
            active: u.active,
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            predecessors: Vec::new(),
            successors: Vec::new(),
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
    /// The tree as it stood on this day: the units that existed then, with
    /// the names they carried. Default: today.
    pub on: Option<NaiveDate>,
    /// Every unit, closed ones too, whatever `on` says.
    pub include_closed: Option<bool>,
    /// Only units whose code or current name holds this text, compared without diacritics or case: `dai thang` finds
    /// "Xã Đại Thắng", `d` finds `đ`. At most 100 characters; blank: no filter.
    #[param(max_length = 100, example = "dai thang")]
    pub q: Option<String>,
    /// Only records changed at or after this instant (RFC 3339): what an
    /// integration syncs since its last call.
    #[serde(default, deserialize_with = "super::time::rfc3339_opt")]
    pub updated_since: Option<DateTime<Utc>>,
}

/// Reads a unit as it was on a day.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgUnitOn {
    /// The unit's name and label as they were on this day. Default: today.
    pub on: Option<NaiveDate>,
}

/// The kinds a new unit may have: every kind but `root`, made at first start.
fn creatable_kind() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    let kinds = OrgKind::ALL.into_iter().filter(|k| *k != OrgKind::Root).map(OrgKind::as_str);
    super::choices::one_of("Any kind but `root`, of which there is one.", kinds)
}

/// A new unit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrgUnit {
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$", example = "XA-DAI-THANG")]
    pub code: String,
    #[schema(min_length = 1, max_length = 200, example = "Xã Đại Thắng")]
    pub name: String,
    /// Any kind but `root`, of which there is one.
    #[schema(schema_with = creatable_kind)]
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
