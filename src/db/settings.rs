//! The `settings` table.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::settings;
use super::{DbConnection, DbError};
use crate::domain::settings::Setting;

#[derive(Queryable)]
struct Row {
    key: String,
    value: String,
    updated_at: NaiveDateTime,
}

impl From<Row> for Setting {
    fn from(row: Row) -> Self {
        Self { key: row.key, value: row.value, updated_at: row.updated_at.and_utc() }
    }
}

const COLUMNS: (settings::key, settings::value, settings::updated_at) =
    (settings::key, settings::value, settings::updated_at);

/// The settings stored under `keys`, in key order.
pub fn of_keys(conn: &mut DbConnection, keys: &[&str]) -> Result<Vec<Setting>, DbError> {
    let rows: Vec<Row> =
        settings::table.filter(settings::key.eq_any(keys)).select(COLUMNS).order(settings::key).load(conn)?;
    Ok(rows.into_iter().map(Setting::from).collect())
}

/// Every stored setting, in key order.
pub fn all(conn: &mut DbConnection) -> Result<Vec<Setting>, DbError> {
    let rows: Vec<Row> = settings::table.select(COLUMNS).order(settings::key).load(conn)?;
    Ok(rows.into_iter().map(Setting::from).collect())
}

/// The setting stored under `key`, if any.
pub fn get(conn: &mut DbConnection, key: &str) -> Result<Option<Setting>, DbError> {
    let row: Option<Row> = settings::table.find(key).select(COLUMNS).first(conn).optional()?;
    Ok(row.map(Setting::from))
}

/// Stores `value` under `key`, replacing what was there.
pub fn put(conn: &mut DbConnection, key: &str, value: &str) -> Result<Setting, DbError> {
    let now = crate::domain::now().naive_utc();
    let updated = diesel::update(settings::table.find(key))
        .set((settings::value.eq(value), settings::updated_at.eq(now)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((settings::key.eq(key), settings::value.eq(value), settings::updated_at.eq(now)))
            .execute(conn)?;
    }
    Ok(Setting { key: key.to_owned(), value: value.to_owned(), updated_at: now.and_utc() })
}

/// Stores `value` under `key` unless a value is there already; returns the value kept.
pub fn put_if_absent(conn: &mut DbConnection, key: &str, value: &str) -> Result<Setting, DbError> {
    match get(conn, key)? {
        Some(existing) => Ok(existing),
        None => put(conn, key, value),
    }
}
