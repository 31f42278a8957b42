//! Service-wide settings as the API shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::settings::Setting;

/// One setting.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SettingView {
    /// The setting's name, such as `instance.id`.
    #[schema(example = "instance.id")]
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

impl From<Setting> for SettingView {
    fn from(s: Setting) -> Self {
        Self { key: s.key, value: s.value, updated_at: s.updated_at }
    }
}

/// The body of a settings write.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SettingInput {
    /// The new value, at most 10,000 characters.
    pub value: String,
}
