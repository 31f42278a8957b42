//! The one place a paper takes a unit's name from: the issuer, each
//! awardee's unit. A paper prints names as they were on its date (after a
//! merger, 2023's papers still say "UBND xã Đại Thắng"); until units keep
//! their dated names this reads the current ones, and switching to dated
//! names is a change here alone.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::db::{self, DbConnection};
use crate::domain::org::OrgKind;
use crate::error::ApiError;

/// A unit as a paper names it.
#[derive(Clone, Debug)]
pub struct UnitName {
    /// `Xã Đại Thắng`, `Hội Nông dân`.
    pub name: String,
    pub kind: OrgKind,
}

/// The names of `ids` as they were on `on`; an id that names no unit is left out.
pub fn names(conn: &mut DbConnection, ids: &[&str], on: NaiveDate) -> Result<HashMap<String, UnitName>, ApiError> {
    // Dated names are not kept yet (`on` is for when they are).
    let _ = on;
    let mut out = HashMap::new();
    for id in ids {
        if out.contains_key(*id) {
            continue;
        }
        if let Some(unit) = db::org_units::get(conn, id)? {
            out.insert((*id).to_owned(), UnitName { name: unit.name, kind: unit.kind });
        }
    }
    Ok(out)
}

/// One unit's name on `on`; 500 when it is gone (a record names only units that exist).
pub fn name(conn: &mut DbConnection, id: &str, on: NaiveDate) -> Result<UnitName, ApiError> {
    names(conn, &[id], on)?
        .remove(id)
        .ok_or_else(|| ApiError::internal(&format!("the unit {id} a record names does not exist")))
}
