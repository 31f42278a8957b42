//! Reorganisations of the tree (mergers, splits, renames) as the API takes
//! and shows them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::org::OrgKind;
pub use crate::domain::reorganisation::ReorganisationKind;

/// A reorganisation to record: one transaction closes the predecessors (and
/// everything below them) from `effective_on`, opens the new successors,
/// links them, and moves the users and people listed.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "kind": "merge",
    "effective_on": "2025-07-01",
    "reason": "Sắp xếp đơn vị hành chính cấp xã năm 2025",
    "legal_basis": "Phương án sắp xếp đơn vị hành chính cấp xã của tỉnh Nam Định năm 2025",
    "predecessors": ["0193a1b2-…", "0193a1b3-…", "0193a1b4-…"],
    "successors": [{ "code": "XA-LIEN-MINH-2025", "name": "Xã Liên Minh", "parent_id": "0193a1c0-…" }]
}))]
pub struct NewReorganisation {
    pub kind: ReorganisationKind,
    /// The first day the successors exist and the predecessors do not.
    pub effective_on: NaiveDate,
    /// Why, in the office's words.
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// The decision it carries out, e.g. `Nghị quyết số 202/2025/QH15`.
    #[schema(min_length = 1, max_length = 500)]
    pub legal_basis: String,
    /// The units that close (merge: one or more; split: one) or the one renamed.
    #[schema(min_items = 1, max_items = 100)]
    pub predecessors: Vec<String>,
    /// merge: exactly one; split: two or more; rename: none.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub successors: Vec<Successor>,
    /// rename: the new name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// rename: the new code (absent: the code stays).
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$")]
    pub code: Option<String>,
    /// Users of the closed units to move, each to a unit open on the day.
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub move_users: Vec<Transfer>,
    /// People of the closed units to move, each to a unit open on the day.
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub move_people: Vec<Transfer>,
}

/// A successor: an existing unit that carries on (give only `org_unit_id`),
/// or a new one (give `code`, `name` and `parent_id`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct Successor {
    /// An existing unit, open on the day, of the predecessors' level.
    pub org_unit_id: Option<String>,
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$", example = "XA-LIEN-MINH-2025")]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 200, example = "Xã Liên Minh")]
    pub name: Option<String>,
    /// Where the new unit sits (a commune since July 2025: under the province).
    pub parent_id: Option<String>,
    /// The new unit's kind; it must be the predecessors' (default).
    pub kind: Option<OrgKind>,
}

/// A user or person to move to another unit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Transfer {
    /// The user's (or the person's) id.
    pub id: String,
    /// The code of the unit it moves to: a successor's, or any unit open on the day.
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$")]
    pub to: String,
}

/// A unit as a reorganisation names it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitRef {
    pub id: String,
    pub code: String,
    /// Its name the day before the reorganisation (a predecessor) or from
    /// its date (a successor).
    pub name: String,
}

/// A recorded reorganisation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReorganisationView {
    pub id: String,
    pub kind: ReorganisationKind,
    pub effective_on: NaiveDate,
    pub reason: String,
    pub legal_basis: String,
    /// The units closed (a rename: the unit under its old name).
    pub predecessors: Vec<UnitRef>,
    /// The units that carry on (a rename: the unit under its new name).
    pub successors: Vec<UnitRef>,
    /// Who recorded it (`user:<id>`).
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}
