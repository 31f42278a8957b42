//! Service-wide settings as the API shows them: each known key with the
//! value in force and the rule a new value must keep, so that a frontend can
//! render a form from the list alone.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::settings::{KNOWN, Known, Writer};

/// One setting the service knows.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SettingView {
    /// The setting's name, such as `council.quorum_percent`.
    #[schema(example = "council.quorum_percent")]
    pub key: String,
    /// The value in force, as text: the stored value, or the default when
    /// none is stored.
    #[schema(example = "50")]
    pub value: String,
    /// When the value was stored; `null` while the default applies.
    pub updated_at: Option<DateTime<Utc>>,
    /// The value when none is stored; `null` for a value only the service sets.
    #[schema(example = "50")]
    pub default: Option<String>,
    /// What the value is.
    #[serde(rename = "type")]
    pub kind: SettingType,
    /// The smallest value, for an `integer`.
    pub minimum: Option<u32>,
    /// The largest value, for an `integer`.
    pub maximum: Option<u32>,
    /// What the setting means.
    pub description: String,
    /// Who may change it: `admin` (through `PUT /api/v1/settings/{key}` or
    /// the CLI), or `system` (the service alone; a write is 409 `read_only_setting`).
    pub changed_by: SettingWriter,
}

/// What a setting's value is. Every value travels as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettingType {
    /// A whole number in decimal digits, from `minimum` to `maximum`.
    Integer,
    /// Media types (`type/subtype`) separated by spaces, at least one; stored
    /// in lower case, each once.
    MediaTypes,
    /// A UUID.
    Uuid,
}

/// Who may change a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettingWriter {
    Admin,
    System,
}

impl SettingView {
    /// The view of `known` with the value in force and when it was stored.
    pub fn new(known: Known, value: String, updated_at: Option<DateTime<Utc>>) -> Self {
        let range = known.range();
        Self {
            key: known.key().to_owned(),
            value,
            updated_at,
            default: known.default_text(),
            kind: match known {
                Known::Integer(_) => SettingType::Integer,
                Known::MediaTypes(_) => SettingType::MediaTypes,
                Known::Id(_) => SettingType::Uuid,
            },
            minimum: range.map(|(min, _)| min),
            maximum: range.map(|(_, max)| max),
            description: known.description().to_owned(),
            changed_by: match known.writer() {
                Writer::Admin => SettingWriter::Admin,
                Writer::System => SettingWriter::System,
            },
        }
    }
}

/// The body of a settings write.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SettingInput {
    /// The new value as text, at most 10,000 characters, keeping the key's
    /// rule (see `type`, `minimum` and `maximum` in the setting's view).
    #[schema(example = "60")]
    pub value: String,
}

/// A key of the settings the service knows (the path parameter of a read).
pub struct SettingKey;

/// A key of the settings an admin may change (the path parameter of a write).
pub struct WritableSettingKey;

fn key_schema(description: &str, keys: impl Iterator<Item = Known>) -> RefOr<Schema> {
    let mut text = description.to_owned();
    let mut names = Vec::new();
    for known in keys {
        let rule = match (known, known.range(), known.default_text()) {
            (_, Some((min, max)), Some(default)) => format!("integer from {min} to {max}, default {default}"),
            (Known::MediaTypes(_), _, _) => "media types separated by spaces".to_owned(),
            _ => "set by the service, read-only".to_owned(),
        };
        text.push_str(&format!("\n- `{}` ({rule}): {}", known.key(), known.description()));
        names.push(known.key());
    }
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)).description(Some(text)).into()
}

impl PartialSchema for SettingKey {
    fn schema() -> RefOr<Schema> {
        key_schema("A setting the service knows:", KNOWN.iter().copied())
    }
}

impl ToSchema for SettingKey {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("SettingKey")
    }
}

impl PartialSchema for WritableSettingKey {
    fn schema() -> RefOr<Schema> {
        key_schema("A setting an admin may change:", KNOWN.iter().copied().filter(|k| k.writer() == Writer::Admin))
    }
}

impl ToSchema for WritableSettingKey {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("WritableSettingKey")
    }
}
