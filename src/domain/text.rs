//! Checks on the text people type: names, codes.

/// A name or title: trimmed, 1 to `max` characters (Unicode, so Vietnamese
/// counts by letter, not byte), no control characters.
pub fn check_name(raw: &str, max: usize) -> Result<String, String> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err("must not be empty".to_owned());
    }
    if len > max {
        return Err(format!("must be at most {max} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(name.to_owned())
}

/// The rule of [`check_code`], for the OpenAPI document.
pub const CODE_PATTERN: &str = r"^[A-Za-z0-9._/-]{1,50}$";

/// A human code used by integrations (`XA-DAI-THANG`, `05/KH-UBND`):
/// 1–50 of letters, digits and `.`, `_`, `-`, `/`.
pub fn check_code(raw: &str) -> Result<String, String> {
    let code = raw;
    if code.is_empty() || code.len() > 50 {
        return Err("must be 1 to 50 characters".to_owned());
    }
    if !code.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/')) {
        return Err("may hold only letters, digits, '.', '_', '-' and '/'".to_owned());
    }
    Ok(code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_unicode_and_bounded() {
        assert_eq!(check_name("  Văn phòng – Thống kê ", 200).unwrap(), "Văn phòng – Thống kê");
        assert!(check_name("   ", 200).is_err());
        assert!(check_name(&"ệ".repeat(201), 200).is_err());
        assert!(check_name(&"ệ".repeat(200), 200).is_ok());
        assert!(check_name("a\u{0}b", 200).is_err());
    }

    #[test]
    fn codes() {
        assert_eq!(check_code("XA-DAI-THANG").unwrap(), "XA-DAI-THANG");
        assert!(check_code(" XA ").is_err());
        assert!(check_code("05/KH-UBND").is_ok());
        assert!(check_code("xã").is_err());
        assert!(check_code("").is_err());
    }
}
