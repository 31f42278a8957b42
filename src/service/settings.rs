//! Service-wide settings: every user reads them, admins write them.

use super::Caller;
use super::audit::{Change, Entity};
use crate::auth::Action;
use crate::db::{self, DbConnection, DbError};
use crate::domain::page::Page;
use crate::domain::settings::{INSTANCE_ID, MAX_VALUE_LEN, check_key};
use crate::error::{ApiError, FieldError};
use crate::model::list::List;
use crate::model::settings::{SettingInput, SettingView};

/// The stored settings in key order.
pub fn list(conn: &mut DbConnection, caller: &Caller, page: Page) -> Result<List<SettingView>, ApiError> {
    caller.may(Action::ReadSettings)?;
    let (items, total) = db::settings::list(conn, page)?;
    Ok(List::new(items.into_iter().map(SettingView::from).collect(), total, page))
}

/// The setting stored under `key`.
pub fn get(conn: &mut DbConnection, caller: &Caller, key: &str) -> Result<SettingView, ApiError> {
    caller.may(Action::ReadSettings)?;
    let not_found = || ApiError::not_found(format!("No setting has the key {key:?}."));
    if check_key(key).is_err() {
        return Err(not_found());
    }
    match db::settings::get(conn, key)? {
        Some(setting) => Ok(setting.into()),
        None => Err(not_found()),
    }
}

/// Stores a value under a key, creating or replacing the setting.
pub fn put(conn: &mut DbConnection, caller: &Caller, key: &str, input: SettingInput) -> Result<SettingView, ApiError> {
    caller.may(Action::WriteSettings)?;
    let value = input.value;
    let mut errors = Vec::new();
    if let Err(rule) = check_key(key) {
        errors.push(FieldError::new("key", "invalid_key", format!("The key {rule}.")));
    }
    if value.chars().count() > MAX_VALUE_LEN {
        errors.push(FieldError::new(
            "value",
            "too_long",
            format!("The value may hold at most {MAX_VALUE_LEN} characters."),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let before = db::settings::get(conn, key)?.map(SettingView::from);
    let stored = SettingView::from(db::settings::put(conn, key, &value)?);
    // A service-wide record: no org unit, every role reads its events.
    let mut change = Change::new(caller, Entity::Setting, key, "put", None);
    if let Some(before) = &before {
        change = change.before(before);
    }
    change.after(&stored).record(conn)?;
    Ok(stored)
}

/// Whether the database has been set up: it holds this installation's id
/// (so the schema is there too). The readiness probe asks it.
pub fn installed(conn: &mut DbConnection) -> Result<bool, DbError> {
    Ok(db::settings::get(conn, INSTANCE_ID)?.is_some())
}
