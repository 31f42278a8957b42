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
