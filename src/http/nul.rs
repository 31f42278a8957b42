//! The NUL rule of request text: no string the service reads may hold the
//! NUL character (U+0000). SQLite would store it and PostgreSQL refuses it,
//! so it is refused at the edge, alike on both, naming where it was — in a
//! JSON body, a form and a query. What an operation does not read (a key no
//! field names, and all under it) is never stored, so it is left alone.

use serde::de::DeserializeOwned;

use crate::error::FieldError;

/// The NUL character (U+0000): no text anywhere in the service may hold it.
/// SQLite would store it and PostgreSQL refuses it, so it is refused at the
/// edge, alike on both, naming where it was.
pub(super) fn has_nul(text: &str) -> bool {
    text.contains('\0')
}

pub(super) fn nul_error(field: &str) -> FieldError {
    FieldError::new(field, "nul_character", "Text may not contain the NUL character (U+0000).")
}

/// One step into a request body: a key of an object, or a place in a list.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// Where the body holds what `T` does not read (keys no field names, and
/// all under them): it is never stored, so a NUL there is no fault. `None`
/// when `T` cannot read the body at all: the paths past the fault are not
/// known then, and the reading proper answers the fault.
pub(super) fn ignored_by<'de, T: DeserializeOwned, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Option<Vec<Vec<Step>>> {
    fn steps(path: &serde_ignored::Path<'_>, into: &mut Vec<Step>) {
        match path {
            serde_ignored::Path::Root => {}
            serde_ignored::Path::Seq { parent, index } => {
                steps(parent, into);
                into.push(Step::Index(*index));
            }
            serde_ignored::Path::Map { parent, key } => {
                steps(parent, into);
                into.push(Step::Key(key.clone()));
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => steps(parent, into),
        }
    }
    let mut ignored = Vec::new();
    let read = serde_ignored::deserialize::<_, _, T>(deserializer, |path| {
        let mut into = Vec::new();
        steps(&path, &mut into);
        ignored.push(into);
    });
    read.ok().map(|_| ignored)
}

/// The paths (`values[2].note`, `reason`) of every string the operation
/// reads that holds a NUL — `body`, or the object's path, for a key holding
/// one — leaving out what it does not read (`ignored`).
pub(super) fn nul_in(
    value: &serde_json::Value,
    path: &str,
    at: &mut Vec<Step>,
    ignored: &[Vec<Step>],
    found: &mut Vec<String>,
) {
    if ignored.iter().any(|skipped| at.starts_with(skipped)) {
        return;
    }
    let here = |path: &str| if path.is_empty() { "body".to_owned() } else { path.to_owned() };
    match value {
        serde_json::Value::String(s) if has_nul(s) => found.push(here(path)),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Step::Index(i));
                nul_in(item, &format!("{path}[{i}]"), at, ignored, found);
                at.pop();
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                at.push(Step::Key(key.clone()));
                if ignored.iter().any(|skipped| at.starts_with(skipped)) {
                    // A key no field names: neither it nor what it holds is read.
                } else if has_nul(key) {
                    found.push(here(path));
                } else {
                    nul_in(
                        item,
                        &if path.is_empty() { key.clone() } else { format!("{path}.{key}") },
                        at,
                        ignored,
                        found,
                    );
                }
                at.pop();
            }
        }
        _ => {}
    }
}
