//! Org units: the tree's use cases — where a unit may sit, how it moves,
//! when it may be deactivated.

use super::audit::{Change, Entity};
use super::{Caller, version};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::accounts::OrgUnit;
use crate::domain::if_match::IfMatch;
use crate::domain::org::{OrgKind, ancestors, child_path, label, within};
use crate::domain::page::{Key, Paging};
use crate::domain::text::{MAX_NAME, check_code, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::list::CursorList;
use crate::model::org_units::{NewOrgUnit, OrgUnitChanges, OrgUnitFilter, OrgUnitView};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The units in the caller's scope, in tree order: those that exist on the
/// day asked for (today by default), named as they were then.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: OrgUnitFilter,
    paging: Paging,
) -> Result<CursorList<OrgUnitView>, ApiError> {
    let grant = caller.may(Action::ReadOrgUnits)?;
    // The search text is checked first: a subtree outside the scope answers
    // an empty list, but never accepts a malformed `q`.
    let q = super::search::query(filter.q.as_deref())?;
    let scope = grant.within();
    let mut top = scope.to_owned();
    if let Some(id) = &filter.subtree_of {
        let unit = db::org_units::get(conn, id)?.filter(|u| within(&u.path, scope));
        match unit {
            Some(unit) => top = unit.path,
            // A subtree outside the scope holds nothing the caller may see.
            None => return Ok(CursorList::empty(&paging)),
        }
    }
    let on = filter.on.unwrap_or_else(crate::domain::today);
    let query = db::org_units::Filter {
        within: top,
        parent_id: filter.parent_id,
        kind: filter.kind.map(|k| k.as_str().to_owned()),
        active: filter.active,
        code: filter.code,
        on: (filter.include_closed != Some(true)).then_some(on),
        q,
        updated_since: filter.updated_since,
    };
    let (items, total) = db::org_units::list(conn, &query, paging.clone())?;
    Ok(CursorList::new(describe(conn, items, on)?, total, &paging, |u| Key::new(u.updated_at, &u.id)))
}

/// One unit, if it lies in the caller's scope (or is a predecessor of a
/// unit that does), named as it was on `on` (today by default).
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str, on: Option<NaiveDate>) -> Result<OrgUnitView, ApiError> {
    let grant = caller.may(Action::ReadOrgUnits)?;
    let unit = db::org_units::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&unit.path)?;
    let on = on.unwrap_or_else(crate::domain::today);
    Ok(describe(conn, vec![unit], on)?.remove(0))
}

/// Units as they were on `on`: the name and code each carried that day, its
/// label with its parents' names of that day, and its lineage.
pub fn describe(conn: &mut DbConnection, units: Vec<OrgUnit>, on: NaiveDate) -> Result<Vec<OrgUnitView>, ApiError> {
    let labels = labels_on(conn, &units, on)?;
    let ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let links = db::org_units::lineage(conn, &ids)?;
    Ok(units
        .into_iter()
        .map(|unit| {
            let (name, code, label) = labels.get(&unit.id).cloned().unwrap_or_default();
            let predecessors = links.iter().filter(|(_, s)| *s == unit.id).map(|(p, _)| p.clone()).collect();
            let successors = links.iter().filter(|(p, _)| *p == unit.id).map(|(_, s)| s.clone()).collect();
            let mut view = OrgUnitView::from(unit);
            view.name = name;
            view.code = code;
            view.label = label;
            view.predecessors = predecessors;
            view.successors = successors;
            view
        })
        .collect())
}

/// For each unit: the name and code it carried on `date`, and its label —
/// its name followed by its parents' as they were that day. The one place
/// a record's unit is named as it was.
pub fn labels_on(
    conn: &mut DbConnection,
    units: &[OrgUnit],
    date: NaiveDate,
) -> Result<HashMap<String, (String, String, String)>, ApiError> {
    Ok(NameBook::read(conn, units)?.labels(units, date))
}

/// What names units and their parents on any day: today's kinds, names and
/// codes, and every earlier name with the day it ended — read once, so
/// naming records of many days costs no query per day.
struct NameBook {
    today: HashMap<String, (OrgKind, String, String)>,
    /// `(unit, name, code, valid_to)`, by unit and then by day.
    earlier: Vec<(String, String, String, NaiveDate)>,
}

impl NameBook {
    /// Two queries for `units` and all their parents.
    fn read(conn: &mut DbConnection, units: &[OrgUnit]) -> Result<Self, ApiError> {
        let mut ids: Vec<&str> = units.iter().flat_map(|u| ancestors(&u.path)).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut today: HashMap<String, (OrgKind, String, String)> = HashMap::new();
        for (id, kind, name) in db::org_units::names_of(conn, &ids)? {
            let kind = kind.parse().unwrap_or(OrgKind::Root);
            today.insert(id, (kind, name, String::new()));
        }
        for unit in units {
            if let Some(entry) = today.get_mut(&unit.id) {
                entry.2 = unit.code.clone();
            }
        }
        Ok(Self { today, earlier: db::org_units::name_history(conn, &ids)? })
    }

    /// A unit's kind, name and code on `date`: the earliest earlier name
    /// that outlived the day, or today's.
    fn on(&self, id: &str, date: NaiveDate) -> Option<(OrgKind, String, String)> {
        let (kind, name, code) = self.today.get(id)?.clone();
        let then = self.earlier.iter().find(|(unit, _, _, valid_to)| unit == id && *valid_to > date);
        Some(match then {
            Some((_, name, code, _)) => (kind, name.clone(), code.clone()),
            None => (kind, name, code),
        })
    }

    /// Each unit's `(name, code, label)` on `date`.
    fn labels(&self, units: &[OrgUnit], date: NaiveDate) -> HashMap<String, (String, String, String)> {
        let mut out = HashMap::new();
        for unit in units {
            let (_, name, code) = self.on(&unit.id, date).unwrap_or((unit.kind, unit.name.clone(), unit.code.clone()));
            let mut chain: Vec<&str> = ancestors(&unit.path).collect();
            chain.pop();
            let parents: Vec<String> = chain
                .into_iter()
                .rev()
                .filter_map(|id| self.on(id, date))
                .filter(|(kind, ..)| *kind != OrgKind::Root)
                .map(|(_, name, _)| name)
                .collect();
            let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
            let label = label(&name, &parents);
            out.insert(unit.id.clone(), (name, code, label));
        }
        out
    }
}

/// `(unit id, day)` → `(name, label)`: see [`labels_for`].
pub type DatedNames = HashMap<(String, NaiveDate), (String, String)>;

/// The names and labels of units on the days records concern — for each
/// `(unit, day)` asked for, `(name, label)` as [`labels_on`] writes them ("Xã Đại Thắng, huyện Vụ Bản,
/// tỉnh Nam Định" for 2023 even after the merger). Three queries, however
/// many days.
pub fn labels_for(conn: &mut DbConnection, wanted: &[(&str, NaiveDate)]) -> Result<DatedNames, ApiError> {
    let mut ids: Vec<&str> = wanted.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let units = db::org_units::by_ids(conn, &ids)?;
    let book = NameBook::read(conn, &units)?;
    let mut out = HashMap::new();
    for (id, day) in wanted {
        if let Some(unit) = units.iter().find(|u| u.id == *id)
            && let Some((name, _, label)) = book.labels(std::slice::from_ref(unit), *day).remove(*id)
        {
            out.insert(((*id).to_owned(), *day), (name, label));
        }
    }
    Ok(out)
}

/// Creates a unit under a parent in the caller's scope.
pub fn create(conn: &mut DbConnection, caller: &Caller, input: NewOrgUnit) -> Result<OrgUnitView, ApiError> {
    let grant = caller.may(Action::ManageOrgUnits)?;
    let mut errors = Vec::new();
    let code = check_code(&input.code)
        .map_err(|rule| errors.push(FieldError::new("code", "invalid", format!("The code {rule}."))));
    let name = check_name(&input.name, MAX_NAME)
        .map_err(|rule| errors.push(FieldError::new("name", "invalid", format!("The name {rule}."))));
    let kind = Some(input.kind).filter(|k| *k != OrgKind::Root);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "invalid", "There is one root unit; choose another kind."));
    }
    let (Ok(code), Ok(name), Some(kind)) = (code, name, kind) else { return Err(ApiError::validation(errors)) };
    let parent = unit_in_scope(conn, "parent_id", &input.parent_id, grant.within())?;
    check_placement(kind, &parent)?;
    if db::org_units::get_by_code(conn, &code)?.is_some() {
        return Err(code_taken(&code));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let path = child_path(&parent.path, &id);
    let new = db::org_units::NewOrgUnit {
        id: &id,
        code: &code,
        name: &name,
        kind: kind.as_str(),
        parent_id: Some(&parent.id),
        path: &path,
        valid_from: None,
    };
    let unit = db::org_units::insert(conn, new).map_err(|e| match e {
        db::DbError::UniqueViolation(_) => code_taken(&code),
        other => other.into(),
    })?;
    let view = OrgUnitView::from(unit);
    Change::new(caller, Entity::OrgUnit, &id, "create", Some(&path)).after(&view).record(conn)?;
    Ok(view)
}

fn code_taken(code: &str) -> ApiError {
    let detail = format!("Another org unit has the code {code:?}.");
    ApiError::taken(ErrorCode::CodeTaken, "code", detail, "Another org unit has this code.")
}

/// The unit `id` if it lies in `scope`; else 422, naming `field` — the one
/// answer for an org unit a body names that the caller cannot reach.
pub fn unit_in_scope(conn: &mut DbConnection, field: &str, id: &str, scope: &str) -> Result<OrgUnit, ApiError> {
    let unit = db::org_units::get(conn, id)?.filter(|u| within(&u.path, scope));
    unit.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(field, "not_found", "No such org unit in your scope.")])
    })
}

/// 422 unless a unit of `kind` may sit under `parent`, which must be active.
fn check_placement(kind: OrgKind, parent: &OrgUnit) -> Result<(), ApiError> {
    if !parent.active {
        return Err(ApiError::validation(vec![FieldError::new(
            "parent_id",
            "inactive",
            "The parent unit is deactivated.",
        )]));
    }
    if !kind.fits_under(parent.kind) {
        let allowed: Vec<&str> = kind.allowed_parents().iter().map(|k| k.as_str()).collect();
        return Err(ApiError::validation(vec![FieldError::new(
            "parent_id",
            "wrong_parent_kind",
            format!("A {kind} unit belongs under a {}, not a {}.", allowed.join(" or "), parent.kind),
        )]));
    }
    Ok(())
}

/// Updates, moves, deactivates or reactivates a unit read at version
/// `expected` (the `If-Match` header's), checked in the order of
/// [`super::version`].
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    changes: OrgUnitChanges,
) -> Result<OrgUnitView, ApiError> {
    let grant = caller.may(Action::ManageOrgUnits)?;
    let scope = grant.within();
    let unit = db::org_units::get(conn, id)?.filter(|u| within(&u.path, scope)).ok_or_else(not_found)?;
    let mut errors = Vec::new();
    let code = changes.code.as_deref().map(check_code).transpose().map_err(|rule| {
        errors.push(FieldError::new("code", "invalid", format!("The code {rule}.")));
    });
    let name = changes.name.as_deref().map(|n| check_name(n, MAX_NAME)).transpose().map_err(|rule| {
        errors.push(FieldError::new("name", "invalid", format!("The name {rule}.")));
    });
    let (Ok(code), Ok(name)) = (code, name) else { return Err(ApiError::validation(errors)) };
    let is_root = unit.parent_id.is_none();
    let new_parent = match changes.parent_id.filter(|p| Some(p) != unit.parent_id.as_ref()) {
        Some(new_parent) => {
            let parent = unit_in_scope(conn, "parent_id", &new_parent, scope)?;
            // The root moving, or a unit moving under itself, is answered
            // 409 below (after the version), not as a parent of the wrong kind.
            if !is_root && !within(&parent.path, &unit.path) {
                check_placement(unit.kind, &parent)?;
            }
            Some(parent)
        }
        None => None,
    };
    version::check(unit.version, expected)?;
    let before = OrgUnitView::from(unit.clone());
    let mut parent_id = unit.parent_id.clone();
    let mut new_path = None;
    if let Some(parent) = new_parent {
        if is_root {
            return Err(ApiError::conflict(ErrorCode::RootIsFixed, "The root unit cannot be moved."));
        }
        if within(&parent.path, &unit.path) {
            return Err(ApiError::conflict(
                ErrorCode::Cycle,
                "A unit cannot move under itself or under one of its own units.",
            ));
        }
        new_path = Some(child_path(&parent.path, &unit.id));
        parent_id = Some(parent.id);
    }
    let active = changes.active.unwrap_or(unit.active);
    if !active && unit.active {
        if is_root {
            return Err(ApiError::conflict(ErrorCode::RootIsFixed, "The root unit cannot be deactivated."));
        }
        if db::org_units::open_children(conn, &unit.id, crate::domain::today())? > 0 {
            return Err(ApiError::conflict(ErrorCode::HasActiveChildren, "Deactivate the units below this one first."));
        }
    }
    let code = code.unwrap_or(unit.code.clone());
    if code != unit.code && db::org_units::get_by_code(conn, &code)?.is_some() {
        return Err(code_taken(&code));
    }
    let fields = db::org_units::Changes {
        code: &code,
        name: &name.unwrap_or(unit.name.clone()),
        parent_id: parent_id.as_deref(),
        active,
    };
    version::landed(db::org_units::update(conn, &unit.id, unit.version, fields)?, unit.version)?;
    if let Some(new_path) = new_path {
        db::org_units::move_subtree(conn, &unit.path, &new_path)?;
    }
    let updated = db::org_units::get(conn, &unit.id)?.ok_or_else(not_found)?;
    let path = updated.path.clone();
    let after = OrgUnitView::from(updated);
    // The unit's own path, where it now sits, decides who reads the event.
    Change::new(caller, Entity::OrgUnit, &unit.id, "update", Some(&path)).before(&before).after(&after).record(conn)?;
    Ok(after)
}
