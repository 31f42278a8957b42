//! The `people` table: cán bộ, công chức who can be nominated.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{org_units, people};
use super::{DbConnection, DbError, Guarded};
use crate::domain::accounts::Person;
use crate::domain::page::Paging;
use crate::domain::search;

type Row = (String, String, String, String, Option<String>, bool, i32, NaiveDateTime, NaiveDateTime);

const COLUMNS: (
    people::id,
    people::org_unit_id,
    people::full_name,
    people::position,
    people::user_id,
    people::active,
    people::version,
    people::created_at,
    people::updated_at,
) = (
    people::id,
    people::org_unit_id,
    people::full_name,
    people::position,
    people::user_id,
    people::active,
    people::version,
    people::created_at,
    people::updated_at,
);

fn from_row(row: Row) -> Person {
    let (id, org_unit_id, full_name, position, user_id, active, version, created_at, updated_at) = row;
    Person {
        id,
        org_unit_id,
        full_name,
        position,
        user_id,
        active,
        version,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
    }
}

/// The editable fields of a person.
pub struct Fields<'a> {
    pub org_unit_id: &'a str,
    pub full_name: &'a str,
    pub position: &'a str,
    pub user_id: Option<&'a str>,
    pub active: bool,
}

pub fn insert(conn: &mut DbConnection, id: &str, fields: Fields<'_>) -> Result<Person, DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(people::table)
        .values((
            people::id.eq(id),
            people::org_unit_id.eq(fields.org_unit_id),
            people::full_name.eq(fields.full_name),
            people::search_key.eq(search::search_key(fields.full_name)),
            people::sort_key.eq(search::sort_key(fields.full_name)),
            people::position.eq(fields.position),
            people::user_id.eq(fields.user_id),
            people::active.eq(fields.active),
            people::version.eq(1),
            people::created_at.eq(now),
            people::updated_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, id)?.map(|(p, _)| p).ok_or(DbError::NotFound)
}

/// A person and the path of their org unit (for scope checks).
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(Person, String)>, DbError> {
    let row: Option<(Row, String)> = people::table
        .inner_join(org_units::table)
        .filter(people::id.eq(id))
        .select((COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    Ok(row.map(|(row, path)| (from_row(row), path)))
}

#[derive(Debug, Default)]
pub struct Filter {
    pub within: String,
    pub org_unit_id: Option<String>,
    pub active: Option<bool>,
    /// Only people whose name holds this search key (`domain::search`).
    pub q: Option<String>,
    /// Only rows changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
}

/// One page of people (by offset: in Vietnamese alphabetical order of
/// their names), and how many match.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    paging: impl Into<Paging>,
) -> Result<(Vec<Person>, u64), DbError> {
    let paging = &paging.into();
    let query = || {
        let mut query = people::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        if let Some(unit) = &filter.org_unit_id {
            query = query.filter(people::org_unit_id.eq(unit.clone()));
        }
        if let Some(active) = filter.active {
            query = query.filter(people::active.eq(active));
        }
        if let Some(q) = &filter.q {
            query = query.filter(people::search_key.like(super::search::containing(q)).escape('\\'));
        }
        if let Some(since) = filter.updated_since {
            query = query.filter(people::updated_at.ge(since.naive_utc()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let mut rows = query().select(COLUMNS);
    rows = match paging {
        Paging::Offset(page) => rows
            .order((people::sort_key.asc(), people::id.asc()))
            .offset(i64::try_from(page.offset).unwrap_or(i64::MAX)),
        Paging::After { key, .. } => {
            if let Some(key) = key {
                let at = key.updated_at.naive_utc();
                rows = rows
                    .filter(people::updated_at.gt(at).or(people::updated_at.eq(at).and(people::id.gt(key.id.clone()))));
            }
            rows.order((people::updated_at.asc(), people::id.asc()))
        }
    };
    let rows: Vec<Row> = rows.limit(paging.rows()).load(conn)?;
    Ok((rows.into_iter().map(from_row).collect(), u64::try_from(total).unwrap_or(0)))
}

pub fn update(conn: &mut DbConnection, id: &str, version: i32, fields: Fields<'_>) -> Result<Guarded, DbError> {
    let updated = diesel::update(people::table.find(id).filter(people::version.eq(version)))
        .set((
            people::org_unit_id.eq(fields.org_unit_id),
            people::full_name.eq(fields.full_name),
            people::search_key.eq(search::search_key(fields.full_name)),
            people::sort_key.eq(search::sort_key(fields.full_name)),
            people::position.eq(fields.position),
            people::user_id.eq(fields.user_id),
            people::active.eq(fields.active),
            people::version.eq(version + 1),
            people::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}
