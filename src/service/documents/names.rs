//! The one place a paper takes a unit's name from: the issuer, each
//! awardee's unit. A paper prints names as they were on its date (after a
//! merger, 2023's papers still say "UBND xã Đại Thắng"; after a rename,
//! the old name), read through `service::org_units::labels_on`.

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
    let mut units = Vec::new();
    for id in ids {
        if units.iter().any(|u: &crate::domain::accounts::OrgUnit| u.id == *id) {
            continue;
        }
        units.extend(db::org_units::get(conn, id)?);
    }
    let labels = crate::service::org_units::labels_on(conn, &units, on)?;
    Ok(units
        .into_iter()
        .map(|unit| {
            let name = labels.get(&unit.id).map_or(unit.name, |(name, ..)| name.clone());
            (unit.id, UnitName { name, kind: unit.kind })
        })
        .collect())
}

/// One unit's name on `on`; 500 when it is gone (a record names only units that exist).
pub fn name(conn: &mut DbConnection, id: &str, on: NaiveDate) -> Result<UnitName, ApiError> {
    names(conn, &[id], on)?
        .remove(id)
        .ok_or_else(|| ApiError::internal(&format!("the unit {id} a record names does not exist")))
}
