//! The stored search and sort keys (`domain::search`): how a list matches
//! `q`, and the keys of rows written before the keys existed.

use diesel::prelude::*;

use super::schema::{campaigns, org_units, people, users};
use super::{DbConnection, DbError};
use crate::domain::search::{search_key, sort_key};

/// The search key of a record people know by code and name (units,
/// campaigns): either finds it.
pub fn coded_key(code: &str, name: &str) -> String {
    search_key(&format!("{code} {name}"))
}

/// The `LIKE` pattern matching keys that contain the search key `q`, with
/// `%`, `_` and the escape character itself taken literally (escape `\`).
pub fn containing(q: &str) -> String {
    let mut pattern = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Gives every row still without keys (written before the migration that
/// added them) its keys. Runs after the migrations; a row's keys are never
/// empty once written, so a second run finds nothing.
pub fn backfill(conn: &mut DbConnection) -> Result<usize, DbError> {
    let mut filled = 0;
    let units: Vec<(String, String, String)> = org_units::table
        .filter(org_units::search_key.eq(""))
        .select((org_units::id, org_units::code, org_units::name))
        .load(conn)?;
    for (id, code, name) in units {
        filled += diesel::update(org_units::table.find(id))
            .set(org_units::search_key.eq(coded_key(&code, &name)))
            .execute(conn)?;
    }
    let found: Vec<(String, String, String)> = campaigns::table
        .filter(campaigns::search_key.eq(""))
        .select((campaigns::id, campaigns::code, campaigns::title))
        .load(conn)?;
    for (id, code, title) in found {
        filled += diesel::update(campaigns::table.find(id))
            .set(campaigns::search_key.eq(coded_key(&code, &title)))
            .execute(conn)?;
    }
    let accounts: Vec<(String, String)> =
        users::table.filter(users::search_key.eq("")).select((users::id, users::display_name)).load(conn)?;
    for (id, name) in accounts {
        filled += diesel::update(users::table.find(id)).set(users::search_key.eq(search_key(&name))).execute(conn)?;
    }
    let persons: Vec<(String, String)> = people::table
        .filter(people::search_key.eq("").or(people::sort_key.eq("")))
        .select((people::id, people::full_name))
        .load(conn)?;
    for (id, name) in persons {
        filled += diesel::update(people::table.find(id))
            .set((people::search_key.eq(search_key(&name)), people::sort_key.eq(sort_key(&name))))
            .execute(conn)?;
    }
    Ok(filled)
}
