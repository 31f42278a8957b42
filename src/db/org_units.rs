//! The `org_units` table: the organisation tree as materialised paths.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::dsl::case_when;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::schema::{campaign_participants, org_lineage, org_unit_names, org_units};
use super::{DbConnection, DbError, Guarded};
use crate::domain::accounts::OrgUnit;
use crate::domain::page::Paging;

diesel::define_sql_function! {
    /// SQL `substr(text, start)`, the same on both backends.
    fn substr(text: Text, start: Integer) -> Text;
}

pub(super) type Row = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    bool,
    i32,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

pub(super) const COLUMNS: (
    org_units::id,
    org_units::code,
    org_units::name,
    org_units::kind,
    org_units::parent_id,
    org_units::path,
    org_units::active,
    org_units::version,
    org_units::created_at,
    org_units::updated_at,
    org_units::valid_from,
    org_units::valid_to,
) = (
    org_units::id,
    org_units::code,
    org_units::name,
    org_units::kind,
    org_units::parent_id,
    org_units::path,
    org_units::active,
    org_units::version,
    org_units::created_at,
    org_units::updated_at,
    org_units::valid_from,
    org_units::valid_to,
);

pub(super) fn from_row(row: Row) -> Result<OrgUnit, DbError> {
    let (id, code, name, kind, parent_id, path, active, version, created_at, updated_at, valid_from, valid_to) = row;
    Ok(OrgUnit {
        kind: kind.parse().map_err(|_| DbError::Other(format!("org unit {id} has an unknown kind {kind:?}")))?,
        id,
        code,
        name,
        parent_id,
        path,
        active,
        version,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
        valid_from,
        valid_to,
    })
}

/// A unit to insert; its path is computed by the caller.
pub struct NewOrgUnit<'a> {
    pub id: &'a str,
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_id: Option<&'a str>,
    pub path: &'a str,
    /// The first day it exists; `None`: since before the records began.
    pub valid_from: Option<NaiveDate>,
}

pub fn insert(conn: &mut DbConnection, unit: NewOrgUnit<'_>) -> Result<OrgUnit, DbError> {
    super::accounts_changed();
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(org_units::table)
        .values((
            org_units::id.eq(unit.id),
            org_units::code.eq(unit.code),
            org_units::name.eq(unit.name),
            org_units::search_key.eq(super::search::coded_key(unit.code, unit.name)),
            org_units::kind.eq(unit.kind),
            org_units::parent_id.eq(unit.parent_id),
            org_units::path.eq(unit.path),
            org_units::active.eq(true),
            org_units::version.eq(1),
            org_units::created_at.eq(now),
            org_units::updated_at.eq(now),
            org_units::valid_from.eq(unit.valid_from),
        ))
        .execute(conn)?;
    get(conn, unit.id)?.ok_or(DbError::NotFound)
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<OrgUnit>, DbError> {
    org_units::table.find(id).select(COLUMNS).first::<Row>(conn).optional()?.map(from_row).transpose()
}

/// Keys looked up per statement: far below either database's limit on
/// bound parameters, however many units a province lists.
const LOOKUP: usize = 1_000;

/// The given units (those that exist), in no particular order.
pub fn by_ids(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<OrgUnit>, DbError> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(LOOKUP) {
        found.extend(org_units::table.filter(org_units::id.eq_any(chunk)).select(COLUMNS).load::<Row>(conn)?);
    }
    found.into_iter().map(from_row).collect()
}

/// The units with the given codes (those that exist), in no particular order.
pub fn by_codes(conn: &mut DbConnection, codes: &[&str]) -> Result<Vec<OrgUnit>, DbError> {
    let mut found = Vec::with_capacity(codes.len());
    for chunk in codes.chunks(LOOKUP) {
        found.extend(org_units::table.filter(org_units::code.eq_any(chunk)).select(COLUMNS).load::<Row>(conn)?);
    }
    found.into_iter().map(from_row).collect()
}

pub fn get_by_code(conn: &mut DbConnection, code: &str) -> Result<Option<OrgUnit>, DbError> {
    org_units::table
        .filter(org_units::code.eq(code))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(from_row)
        .transpose()
}

/// How many units there are (0 on a new installation).
pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(org_units::table.count().get_result(conn)?)
}

/// What a list may be narrowed to. `within` is always set: the caller's scope.
#[derive(Debug, Default)]
pub struct Filter {
    pub within: String,
    pub parent_id: Option<String>,
    pub kind: Option<String>,
    pub active: Option<bool>,
    pub code: Option<String>,
    /// Only units that existed on this day; `None`: every unit, closed or not.
    pub on: Option<NaiveDate>,
    /// Only units whose code or name holds this search key (`domain::search`).
    pub q: Option<String>,
    /// Only rows changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
}

/// One page of units (by offset: in tree order), and how many match.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    paging: impl Into<Paging>,
) -> Result<(Vec<OrgUnit>, u64), DbError> {
    let paging = &paging.into();
    let query = || {
        let mut query = org_units::table.filter(org_units::path.like(format!("{}%", filter.within))).into_boxed();
        if let Some(parent) = &filter.parent_id {
            query = query.filter(org_units::parent_id.eq(parent.clone()));
        }
        if let Some(kind) = &filter.kind {
            query = query.filter(org_units::kind.eq(kind.clone()));
        }
        if let Some(active) = filter.active {
            query = query.filter(org_units::active.eq(active));
        }
        if let Some(code) = &filter.code {
            query = query.filter(org_units::code.eq(code.clone()));
        }
        if let Some(on) = filter.on {
            query = query
                .filter(org_units::valid_from.is_null().or(org_units::valid_from.le(on)))
                .filter(org_units::valid_to.is_null().or(org_units::valid_to.gt(on)));
        }
        if let Some(q) = &filter.q {
            query = query.filter(org_units::search_key.like(super::search::containing(q)).escape('\\'));
        }
        if let Some(since) = filter.updated_since {
            query = query.filter(org_units::updated_at.ge(since.naive_utc()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let mut rows = query().select(COLUMNS);
    rows = match paging {
        Paging::Offset(page) => rows
            .order((org_units::path.asc(), org_units::code.asc()))
            .offset(i64::try_from(page.offset).unwrap_or(i64::MAX)),
        Paging::After { key, .. } => {
            if let Some(key) = key {
                let at = key.updated_at.naive_utc();
                rows = rows.filter(
                    org_units::updated_at.gt(at).or(org_units::updated_at.eq(at).and(org_units::id.gt(key.id.clone()))),
                );
            }
            rows.order((org_units::updated_at.asc(), org_units::id.asc()))
        }
    };
    let rows: Vec<Row> = rows.limit(paging.rows()).load(conn)?;
    let units = rows.into_iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((units, u64::try_from(total).unwrap_or(0)))
}

/// The kinds and paths of the given units (a unit's ancestors, from its path).
pub fn kinds(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<(String, String, String)>, DbError> {
    Ok(org_units::table
        .filter(org_units::id.eq_any(ids))
        .select((org_units::id, org_units::kind, org_units::path))
        .load(conn)?)
}

/// The kinds and names of the given units.
pub fn names_of(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<(String, String, String)>, DbError> {
    Ok(org_units::table
        .filter(org_units::id.eq_any(ids))
        .select((org_units::id, org_units::kind, org_units::name))
        .load(conn)?)
}

/// Active units directly under `id`.
pub fn active_children(conn: &mut DbConnection, id: &str) -> Result<i64, DbError> {
    Ok(org_units::table
        .filter(org_units::parent_id.eq(id))
        .filter(org_units::active.eq(true))
        .count()
        .get_result(conn)?)
}

/// The editable fields of a unit, as they should be after the update.
pub struct Changes<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub parent_id: Option<&'a str>,
    pub active: bool,
}

/// Updates a unit if it is still at `version`.
pub fn update(conn: &mut DbConnection, id: &str, version: i32, changes: Changes<'_>) -> Result<Guarded, DbError> {
    super::accounts_changed();
    let updated = diesel::update(org_units::table.find(id).filter(org_units::version.eq(version)))
        .set((
            org_units::code.eq(changes.code),
            org_units::name.eq(changes.name),
            org_units::search_key.eq(super::search::coded_key(changes.code, changes.name)),
            org_units::parent_id.eq(changes.parent_id),
            org_units::active.eq(changes.active),
            org_units::version.eq(version + 1),
            org_units::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}

/// Re-roots a subtree: every path starting with `old_prefix` starts with
/// `new_prefix` instead. Run inside the transaction that changed the subtree's
/// top unit (which raised its version). Every unit below it changes where it
/// sits, so its version is raised too: its ETag, and the fingerprint of a
/// kept scoreboard (which reads who is in whose scope by path), must see it.
pub fn move_subtree(conn: &mut DbConnection, old_prefix: &str, new_prefix: &str) -> Result<usize, DbError> {
    super::accounts_changed();
    let keep_from = i32::try_from(old_prefix.chars().count() + 1).map_err(|e| DbError::Other(e.to_string()))?;
    let below = case_when(org_units::path.eq(old_prefix), 0.into_sql::<Integer>()).otherwise(1.into_sql::<Integer>());
    Ok(diesel::update(org_units::table.filter(org_units::path.like(format!("{old_prefix}%"))))
        .set((
            org_units::path.eq(new_prefix.to_owned().into_sql::<Text>().concat(substr(org_units::path, keep_from))),
            org_units::version.eq(org_units::version + below),
        ))
        .execute(conn)?)
}

/// Active units directly under `id` that are still open on `date`.
pub fn open_children(conn: &mut DbConnection, id: &str, date: NaiveDate) -> Result<i64, DbError> {
    Ok(org_units::table
        .filter(org_units::parent_id.eq(id))
        .filter(org_units::active.eq(true))
        .filter(org_units::valid_to.is_null().or(org_units::valid_to.gt(date)))
        .count()
        .get_result(conn)?)
}

/// Closes every unit of the subtree at `path` not closed already: from
/// `date` on, they exist only in the records they made.
pub fn close_subtree(conn: &mut DbConnection, path: &str, date: NaiveDate) -> Result<usize, DbError> {
    super::accounts_changed();
    Ok(diesel::update(
        org_units::table.filter(org_units::path.like(format!("{path}%"))).filter(org_units::valid_to.is_null()),
    )
    .set((
        org_units::valid_to.eq(Some(date)),
        org_units::version.eq(org_units::version + 1),
        org_units::updated_at.eq(crate::domain::now().naive_utc()),
    ))
    .execute(conn)?)
}

/// Keeps the name and code a unit carried until `until` (a rename's date),
/// then gives it the new ones.
pub fn rename(
    conn: &mut DbConnection,
    unit: &OrgUnit,
    until: NaiveDate,
    name: &str,
    code: &str,
) -> Result<Guarded, DbError> {
    super::accounts_changed();
    diesel::insert_into(org_unit_names::table)
        .values((
            org_unit_names::org_unit_id.eq(&unit.id),
            org_unit_names::name.eq(&unit.name),
            org_unit_names::code.eq(&unit.code),
            org_unit_names::valid_to.eq(until),
        ))
        .execute(conn)?;
    let updated = diesel::update(org_units::table.find(&unit.id).filter(org_units::version.eq(unit.version)))
        .set((
            org_units::name.eq(name),
            org_units::code.eq(code),
            org_units::search_key.eq(super::search::coded_key(code, name)),
            org_units::version.eq(unit.version + 1),
            org_units::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, &unit.id)?.is_some()))
}

/// The last day a unit was renamed on (its current name holds from then).
pub fn last_renamed(conn: &mut DbConnection, id: &str) -> Result<Option<NaiveDate>, DbError> {
    Ok(org_unit_names::table
        .filter(org_unit_names::org_unit_id.eq(id))
        .select(diesel::dsl::max(org_unit_names::valid_to))
        .first(conn)?)
}

/// The names and codes that campaign `campaign_id`'s participants carried
/// on `date`, of those renamed since: `(unit, name, code)`. Joined to the
/// participants rather than listing their ids, which a province's board
/// would have bound past the databases' limits on parameters (SQLite
/// 32,766; PostgreSQL 65,535).
pub fn participant_names_on(
    conn: &mut DbConnection,
    campaign_id: &str,
    date: NaiveDate,
) -> Result<Vec<(String, String, String)>, DbError> {
    let rows: Vec<(String, String, String, NaiveDate)> = org_unit_names::table
        .inner_join(
            campaign_participants::table.on(campaign_participants::org_unit_id
                .eq(org_unit_names::org_unit_id)
                .and(campaign_participants::campaign_id.eq(campaign_id))),
        )
        .filter(org_unit_names::valid_to.gt(date))
        .select((org_unit_names::org_unit_id, org_unit_names::name, org_unit_names::code, org_unit_names::valid_to))
        .order((org_unit_names::org_unit_id.asc(), org_unit_names::valid_to.asc()))
        .load(conn)?;
    Ok(earliest_names(rows))
}

/// Of each unit's names, ordered by unit and then by the day each ended,
/// the earliest: the one it carried on the day the rows were chosen after.
fn earliest_names(rows: Vec<(String, String, String, NaiveDate)>) -> Vec<(String, String, String)> {
    let mut names: Vec<(String, String, String)> = Vec::new();
    for (id, name, code, _) in rows {
        if names.last().is_none_or(|(last, ..)| *last != id) {
            names.push((id, name, code));
        }
    }
    names
}

/// Every earlier name of the given units: `(unit, name, code, valid_to)`,
/// by unit and then by the day each name ended.
pub fn name_history(
    conn: &mut DbConnection,
    ids: &[&str],
) -> Result<Vec<(String, String, String, NaiveDate)>, DbError> {
    Ok(org_unit_names::table
        .filter(org_unit_names::org_unit_id.eq_any(ids))
        .select((org_unit_names::org_unit_id, org_unit_names::name, org_unit_names::code, org_unit_names::valid_to))
        .order((org_unit_names::org_unit_id.asc(), org_unit_names::valid_to.asc()))
        .load(conn)?)
}

/// Records that `successor` carries on the work of `predecessor`.
pub fn link(conn: &mut DbConnection, reorganisation: &str, predecessor: &str, successor: &str) -> Result<(), DbError> {
    diesel::insert_into(org_lineage::table)
        .values((
            org_lineage::reorganisation_id.eq(reorganisation),
            org_lineage::predecessor_id.eq(predecessor),
            org_lineage::successor_id.eq(successor),
        ))
        .execute(conn)?;
    Ok(())
}

/// The (predecessor, successor) links touching any of `ids`.
pub fn lineage(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<(String, String)>, DbError> {
    Ok(org_lineage::table
        .filter(org_lineage::predecessor_id.eq_any(ids).or(org_lineage::successor_id.eq_any(ids)))
        .select((org_lineage::predecessor_id, org_lineage::successor_id))
        .order((org_lineage::predecessor_id.asc(), org_lineage::successor_id.asc()))
        .load(conn)?)
}

/// Every unit whose work the units under `path` carry on, however many
/// reorganisations back: their paths (for reading their history).
pub fn predecessor_paths(conn: &mut DbConnection, path: &str) -> Result<Vec<String>, DbError> {
    let mut frontier: Vec<String> = org_units::table
        .filter(org_units::path.like(format!("{path}%")))
        .inner_join(org_lineage::table.on(org_lineage::successor_id.eq(org_units::id)))
        .select(org_lineage::predecessor_id)
        .load(conn)?;
    let mut paths: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    while !frontier.is_empty() {
        frontier.retain(|id| !seen.contains(id));
        if frontier.is_empty() {
            break;
        }
        seen.extend(frontier.iter().cloned());
        let found: Vec<String> =
            org_units::table.filter(org_units::id.eq_any(&frontier)).select(org_units::path).load(conn)?;
        paths.extend(found.into_iter().filter(|p| !p.starts_with(path)));
        frontier = org_lineage::table
            .filter(org_lineage::successor_id.eq_any(&frontier))
            .select(org_lineage::predecessor_id)
            .load(conn)?;
    }
    paths.sort();
    // A predecessor inside another's subtree is read through its top.
    let mut tops: Vec<String> = Vec::new();
    for p in paths {
        if !tops.iter().any(|t| p.starts_with(t.as_str())) {
            tops.push(p);
        }
    }
    Ok(tops)
}
