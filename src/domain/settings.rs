//! Service-wide settings: named values kept in the database.

use chrono::{DateTime, Utc};

/// The key under which each installation records its own id at first start.
pub const INSTANCE_ID: &str = "instance.id";

/// One stored setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

/// The longest key allowed (the tables enforce the same).
pub const MAX_KEY_LEN: usize = 100;

/// The longest value allowed, in characters.
pub const MAX_VALUE_LEN: usize = 10_000;

/// A key is 1–100 characters of lower-case ASCII letters, digits, `.`, `_`
/// and `-`, such as `reward.base_salary_vnd`. Returns the rule broken.
pub fn check_key(key: &str) -> Result<(), &'static str> {
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err("must be 1 to 100 characters long");
    }
    if !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')) {
        return Err("may hold only a-z, 0-9, '.', '_' and '-'");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert!(check_key(INSTANCE_ID).is_ok());
        assert!(check_key("reward.base_salary_vnd").is_ok());
        assert!(check_key("").is_err());
        assert!(check_key("Reward").is_err());
        assert!(check_key("a b").is_err());
        assert!(check_key(&"a".repeat(101)).is_err());
    }
}

/// The largest evidence file, in bytes (setting; default 10 MiB).
pub const EVIDENCE_MAX_BYTES: &str = "evidence.max_bytes";
/// The media types evidence files may have, space-separated (setting).
pub const EVIDENCE_TYPES: &str = "evidence.allowed_types";

const DEFAULT_EVIDENCE_MAX_BYTES: u64 = 10 << 20;
const DEFAULT_EVIDENCE_TYPES: &str = "application/pdf image/jpeg image/png text/plain \
    application/msword application/vnd.openxmlformats-officedocument.wordprocessingml.document \
    application/vnd.ms-excel application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The evidence limits from the stored settings (defaults where unset or unreadable).
pub fn evidence_limits(max_bytes: Option<&str>, types: Option<&str>) -> (u64, Vec<String>) {
    let max =
        max_bytes.and_then(|v| v.trim().parse::<u64>().ok()).filter(|n| *n > 0).unwrap_or(DEFAULT_EVIDENCE_MAX_BYTES);
    let types = types.filter(|t| !t.trim().is_empty()).unwrap_or(DEFAULT_EVIDENCE_TYPES);
    (max, types.split_whitespace().map(str::to_owned).collect())
}

#[cfg(test)]
mod evidence_tests {
    use super::*;

    #[test]
    fn limits_default_and_follow_the_settings() {
        let (max, types) = evidence_limits(None, None);
        assert_eq!(max, 10 << 20);
        assert!(types.iter().any(|t| t == "application/pdf"));
        let (max, types) = evidence_limits(Some("2048"), Some("image/png"));
        assert_eq!((max, types), (2048, vec!["image/png".to_owned()]));
        assert_eq!(evidence_limits(Some("lots"), None).0, 10 << 20);
    }
}
