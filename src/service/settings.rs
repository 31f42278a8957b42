//! Service-wide settings: every user reads them, admins write the ones the
//! registry (`domain::settings`) lets them, and the other use cases read
//! their typed values here.

use serde::Serialize;

use super::Caller;
use super::audit::{Change, Entity};
use crate::auth::Action;
use crate::db::{self, DbConnection, DbError};
use crate::domain::page::Page;
use crate::domain::settings::{
    INSTANCE_ID, IntegerSetting, KNOWN, Known, MAX_VALUE_LEN, MediaTypesSetting, Setting, Writer, known,
};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::list::List;
use crate::model::settings::{SettingInput, SettingView};

/// The known settings in key order, each with the value in force.
pub fn list(conn: &mut DbConnection, caller: &Caller, page: Page) -> Result<List<SettingView>, ApiError> {
    caller.may(Action::ReadSettings)?;
    let keys: Vec<&str> = KNOWN.iter().map(|k| k.key()).collect();
    let stored = db::settings::of_keys(conn, &keys)?;
    let views: Vec<SettingView> =
        KNOWN.iter().filter_map(|&k| view(k, stored.iter().find(|s| s.key == k.key()))).collect();
    let total = views.len() as u64;
    let items = views
        .into_iter()
        .skip(usize::try_from(page.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page.limit).unwrap_or(usize::MAX))
        .collect();
    Ok(List::new(items, total, page))
}

/// The setting `key` with the value in force; 404 for a key the service
/// does not know.
pub fn get(conn: &mut DbConnection, caller: &Caller, key: &str) -> Result<SettingView, ApiError> {
    caller.may(Action::ReadSettings)?;
    let known = known(key).ok_or_else(|| unknown(key))?;
    let stored = db::settings::get(conn, key)?;
    view(known, stored.as_ref()).ok_or_else(|| unknown(key))
}

/// Stores a new value of a known setting, in its canonical form: 404 for a
/// key the service does not know, 409 `read_only_setting` for one only the
/// service sets, 422 naming `value` for a value that breaks the key's rule.
pub fn put(conn: &mut DbConnection, caller: &Caller, key: &str, input: SettingInput) -> Result<SettingView, ApiError> {
    caller.may(Action::WriteSettings)?;
    let known = known(key).ok_or_else(|| unknown(key))?;
    if known.writer() == Writer::System {
        return Err(ApiError::conflict(
            ErrorCode::ReadOnlySetting,
            format!("The setting {key:?} is set by the service and cannot be changed."),
        ));
    }
    let value = if input.value.chars().count() > MAX_VALUE_LEN {
        Err(FieldError::new("value", "too_long", format!("The value may hold at most {MAX_VALUE_LEN} characters.")))
    } else {
        known.check(&input.value).map_err(|b| FieldError::new("value", b.code, format!("The value {}.", b.rule)))
    }
    .map_err(|e| ApiError::validation(vec![e]))?;
    let before = db::settings::get(conn, key)?;
    let stored = db::settings::put(conn, key, &value)?;
    // A service-wide record: no org unit, every role reads its events.
    let mut change = Change::new(caller, Entity::Setting, key, "put", None);
    if let Some(before) = &before {
        change = change.before(&Record::of(before));
    }
    change.after(&Record::of(&stored)).record(conn)?;
    Ok(SettingView::new(known, value, Some(stored.updated_at)))
}

/// The value in force of a number setting.
pub fn integer(conn: &mut DbConnection, setting: &'static IntegerSetting) -> Result<u32, DbError> {
    let stored = db::settings::get(conn, setting.key)?;
    Ok(setting.read(stored.as_ref().map(|s| s.value.as_str())))
}

/// The value in force of a media types setting.
pub fn media_types(conn: &mut DbConnection, setting: &'static MediaTypesSetting) -> Result<Vec<String>, DbError> {
    let stored = db::settings::get(conn, setting.key)?;
    Ok(setting.read(stored.as_ref().map(|s| s.value.as_str())))
}

/// Whether the database has been set up: it holds this installation's id
/// (so the schema is there too). The readiness probe asks it.
pub fn installed(conn: &mut DbConnection) -> Result<bool, DbError> {
    Ok(db::settings::get(conn, INSTANCE_ID.key)?.is_some())
}

/// Warns of every stored setting the service will not use: a key it does
/// not know (kept, never read) or a value that breaks its key's rule (read
/// as the default until a valid value replaces it). Rows written before the
/// registry existed can be either; neither stops the service.
pub fn warn_of_unused(conn: &mut DbConnection) -> Result<(), DbError> {
    for s in db::settings::all(conn)? {
        match known(&s.key).map(|k| k.check(&s.value)) {
            None => tracing::warn!(key = %s.key, "a stored setting has a key the service does not know; it is ignored"),
            Some(Err(broken)) => tracing::warn!(
                key = %s.key,
                value = %s.value,
                rule = %broken.rule,
                "a stored setting breaks its rule; its default applies until a valid value is stored"
            ),
            Some(Ok(_)) => {}
        }
    }
    Ok(())
}

/// 404 for a key the service does not know (or, for `instance.id`, one not yet recorded).
fn unknown(key: &str) -> ApiError {
    ApiError::not_found(format!("No setting has the key {key:?}."))
}

/// The view of `known` with the value in force; `None` for a value only
/// the service sets that it has not set yet.
fn view(known: Known, stored: Option<&Setting>) -> Option<SettingView> {
    match stored.and_then(|s| Some((known.check(&s.value).ok()?, s.updated_at))) {
        Some((value, updated_at)) => Some(SettingView::new(known, value, Some(updated_at))),
        None => Some(SettingView::new(known, known.default_text()?, None)),
    }
}

/// A setting as the audit log records it: the stored row.
#[derive(Serialize)]
struct Record<'a> {
    key: &'a str,
    value: &'a str,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl<'a> Record<'a> {
    fn of(s: &'a Setting) -> Self {
        Self { key: &s.key, value: &s.value, updated_at: s.updated_at }
    }
}
