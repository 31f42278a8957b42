//! Reading reorganisations: each named with its units as they were the day
//! before (predecessors) and from its date (successors).

use chrono::{Days, NaiveDate};

use super::super::org_units::labels_on;
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::page::Page;
use crate::error::ApiError;
use crate::model::list::List;
use crate::model::reorganisations::{ReorganisationView, UnitRef};
use crate::service::Caller;

/// The reorganisations touching the caller's scope, latest first.
pub fn list(conn: &mut DbConnection, caller: &Caller, page: Page) -> Result<List<ReorganisationView>, ApiError> {
    let grant = caller.may(Action::ReadOrgUnits)?;
    let (rows, total) = db::reorganisations::list(conn, grant.within(), page)?;
    let items = rows.into_iter().map(|r| view(conn, r)).collect::<Result<_, _>>()?;
    Ok(List::new(items, total, page))
}

/// One reorganisation, if it touches the caller's scope.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ReorganisationView, ApiError> {
    let grant = caller.may(Action::ReadOrgUnits)?;
    let stored = db::reorganisations::get(conn, id)?.ok_or_else(not_found)?;
    let view = view(conn, stored)?;
    let ids: Vec<&str> = view.predecessors.iter().chain(&view.successors).map(|u| u.id.as_str()).collect();
    let mut reached = false;
    for unit_id in ids {
        if let Some(unit) = db::org_units::get(conn, unit_id)? {
            reached |= grant.check(&unit.path).is_ok();
        }
    }
    if reached { Ok(view) } else { Err(not_found()) }
}

/// The stored reorganisation with its units: predecessors named as they were
/// the day before, successors as they are from its date.
pub(super) fn view(
    conn: &mut DbConnection,
    r: db::reorganisations::Reorganisation,
) -> Result<ReorganisationView, ApiError> {
    let (before, after): (Vec<String>, Vec<String>) = match &r.renamed_id {
        Some(unit) => (vec![unit.clone()], vec![unit.clone()]),
        None => {
            let links = db::reorganisations::links(conn, &r.id)?;
            let mut before: Vec<String> = links.iter().map(|(p, _)| p.clone()).collect();
            let mut after: Vec<String> = links.into_iter().map(|(_, s)| s).collect();
            before.dedup();
            after.sort();
            after.dedup();
            (before, after)
        }
    };
    let day_before = r.effective_on.checked_sub_days(Days::new(1)).unwrap_or(r.effective_on);
    let predecessors = refs(conn, &before, day_before)?;
    let successors = refs(conn, &after, r.effective_on)?;
    Ok(ReorganisationView {
        id: r.id,
        kind: r.kind.parse().map_err(|()| ApiError::internal(&"a reorganisation of an unknown kind"))?,
        effective_on: r.effective_on,
        reason: r.reason,
        legal_basis: r.legal_basis,
        predecessors,
        successors,
        created_by: r.created_by,
        created_at: r.created_at.and_utc(),
    })
}

fn refs(conn: &mut DbConnection, ids: &[String], on: NaiveDate) -> Result<Vec<UnitRef>, ApiError> {
    let mut units = Vec::new();
    for id in ids {
        units.extend(db::org_units::get(conn, id)?);
    }
    let labels = labels_on(conn, &units, on)?;
    Ok(units
        .into_iter()
        .map(|u| {
            let (name, code, _) = labels.get(&u.id).cloned().unwrap_or((u.name.clone(), u.code.clone(), String::new()));
            UnitRef { id: u.id, code, name }
        })
        .collect())
}
