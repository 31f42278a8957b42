//! Times a request carries, read strictly as RFC 3339 writes them
//! (`domain::text::read_time`), so that what the document's pattern refuses
//! the service refuses too: `chrono`'s own reading also takes a space for
//! the `T` and an offset without its colon.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

use crate::domain::text::read_time;

const EXPECTED: &str = "an RFC 3339 time such as 2023-12-31T17:00:00Z or 2024-01-01T00:00:00+07:00";

/// `#[serde(deserialize_with = "rfc3339")]` on a required time.
pub fn rfc3339<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(deserializer)?;
    read_time(&text).ok_or_else(|| serde::de::Error::invalid_value(serde::de::Unexpected::Str(&text), &EXPECTED))
}

/// `#[serde(default, deserialize_with = "rfc3339_opt")]` on an optional time.
pub fn rfc3339_opt<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => read_time(&text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::invalid_value(serde::de::Unexpected::Str(&text), &EXPECTED)),
    }
}
