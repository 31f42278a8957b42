//! What makes an acceptable password.

/// Fewest characters a password may have.
pub const MIN_LEN: usize = 12;
/// Most characters: longer ones only cost hashing time.
pub const MAX_LEN: usize = 128;

/// Passwords seen first in every guessing list, and their Vietnamese cousins.
const DENIED: [&str; 16] = [
    "123456789012",
    "1234567890123",
    "123456789abc",
    "password1234",
    "password12345",
    "passwordpassword",
    "qwertyuiop12",
    "qwerty123456",
    "111111111111",
    "000000000000",
    "abc123456789",
    "iloveyou1234",
    "matkhau12345",
    "matkhau123456",
    "admin1234567",
    "thidua123456",
];

/// Checks that a new password is long, uncommon and varied enough, and does
/// not contain the username; returns the rule it breaks, for the client.
pub fn check_strength(password: &str, username: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(format!("must be at least {MIN_LEN} characters"));
    }
    if len > MAX_LEN {
        return Err(format!("must be at most {MAX_LEN} characters"));
    }
    let lower = password.to_lowercase();
    if DENIED.contains(&lower.as_str()) {
        return Err("is too common; choose another".to_owned());
    }
    if password.chars().all(|c| c == password.chars().next().unwrap_or(c)) {
        return Err("must not repeat one character".to_owned());
    }
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Err("must not contain the username".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(check_strength("đủ dài và riêng tư", "nguyenvana").is_ok());
        assert!(check_strength("short", "u").is_err());
        assert!(check_strength(&"x".repeat(129), "u").is_err());
        assert!(check_strength("Password1234", "u").is_err(), "deny-list ignores case");
        assert!(check_strength("aaaaaaaaaaaaaa", "u").is_err());
        assert!(check_strength("nguyenvana-2023!", "nguyenvana").is_err());
    }
}
