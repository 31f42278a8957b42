//! Checks on the text people type: names, descriptions, codes.

/// Longest name, in characters: of a person (and a position), an account,
/// an org unit, a service account.
pub const MAX_NAME: usize = 200;

/// Longest description, in characters: of a campaign, of a criterion.
pub const MAX_DESCRIPTION: usize = 20_000;

/// A name or title: trimmed, 1 to `max` characters (Unicode, so Vietnamese
/// counts by letter, not byte), no control characters.
pub fn check_name(raw: &str, max: usize) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("must not be empty".to_owned());
    }
    // Counted as sent, spaces around included: the document's `maxLength`
    // counts them, so what it refuses is refused here too.
    if raw.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(name.to_owned())
}

/// Free text of several lines (a description, a reason): trimmed, 1 to
/// `max` characters (by letter, as `domain::text` counts), no control
/// characters but line breaks and tabs — a NUL byte, which PostgreSQL
/// cannot store, among them.
pub fn check_text(raw: &str, max: usize) -> Result<String, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("must not be empty".to_owned());
    }
    // Counted as sent, spaces around included: the document's `maxLength`
    // counts them, so what it refuses is refused here too.
    if raw.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err("must not contain control characters other than line breaks and tabs".to_owned());
    }
    Ok(text.to_owned())
}

/// A description: free text, possibly empty, of [`MAX_DESCRIPTION`] characters at most.
pub fn check_description(text: &str) -> Result<(), String> {
    if text.chars().count() > MAX_DESCRIPTION {
        return Err("may hold 20,000 characters at most".to_owned());
    }
    Ok(())
}

// The rules above as the OpenAPI document states them (`pattern`, which
// JSON Schema, JavaScript, Python and Rust read alike): NUL, refused in
// every string, is outside each; "space" is what `str::trim` removes
// (Unicode White_Space), "control" what `char::is_control` is (Cc).

/// [`check_name`]: spaces around (trimmed), then no control character,
/// beginning and ending with one that is not a space.
pub const NAME_PATTERN: &str = r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]([^\u0000-\u001F\u007F-\u009F]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// [`check_text`]: spaces around (trimmed), then no control character but
/// tabs and line breaks, beginning and ending with one that is not a space.
pub const TEXT_PATTERN: &str = r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]([^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// Text that is required but free (a summary, a reason): one character
/// that is not a space, and no NUL.
pub const NOT_BLANK_PATTERN: &str =
    r"^[^\u0000]*[^\u0000\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000]*$";

/// Any text the service reads: no NUL (U+0000), which PostgreSQL cannot
/// store, so it is refused at the edge in every string, alike on both.
pub const NO_NUL_PATTERN: &str = r"^[^\u0000]*$";

/// A day as RFC 3339 writes it (`2023-12-31`), and only a day that exists:
/// months of 30 and 31 days, and 29 February in leap years only — what
/// `chrono` reads a date as.
pub const DATE_PATTERN: &str = concat!(
    r"^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
);

/// A time as RFC 3339 writes it (`2023-12-31T17:00:00Z`, `…+07:00`): a day of
/// [`DATE_PATTERN`], `T`, the time with optional fractions, and `Z` or an
/// offset with its colon, no leap second — exactly what [`read_time`] reads.
pub const DATE_TIME_PATTERN: &str = concat!(
    r"^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)",
    r"[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
);

/// A time a request carries, read as RFC 3339 writes it and as
/// [`DATE_TIME_PATTERN`] states: `T` between day and time (not a space) and
/// an offset with its colon, which `chrono`'s own reading would let pass.
pub fn read_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if !matches!(text.as_bytes().get(10), Some(b'T' | b't')) {
        return None;
    }
    // A leap second (`:60`) is refused: RFC 3339 allows it only at the end of
    // a UTC day, which neither `chrono` nor a pattern checks.
    if text.get(17..19) == Some("60") {
        return None;
    }
    chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&chrono::Utc))
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

/// The rule of [`check_criterion_code`], as the OpenAPI document publishes it.
pub const CRITERION_CODE_PATTERN: &str = r"^[A-Za-z0-9._-]{1,20}$";

/// A criterion's code, the number of an item of the plan (`9`, `9.1`):
/// 1–20 of letters, digits and `.`, `_`, `-`. Not [`check_code`]: the
/// OpenAPI document publishes this narrower rule for criteria (no `/`, 20
/// characters rather than 50), so clients may rely on it. A criterion code
/// names values in answers (`values[9.1].denominator`) and matches criteria
/// across communes in the roll-up.
pub fn check_criterion_code(raw: &str) -> Result<String, String> {
    let fits = !raw.is_empty()
        && raw.len() <= 20
        && raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !fits {
        return Err("is 1–20 of letters, digits, '.', '_' and '-'".to_owned());
    }
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_keeps_its_lines_but_no_nul() {
        assert_eq!(check_text("  Cán bộ hẹn\nlần thứ ba.\t ", 100).unwrap(), "Cán bộ hẹn\nlần thứ ba.");
        assert!(check_text(" \n ", 100).is_err());
        assert!(check_text("a\u{0}b", 100).is_err());
        assert!(check_text(&"ệ".repeat(101), 100).is_err());
        assert!(check_text(&"ệ".repeat(100), 100).is_ok());
    }

    /// The patterns say what the checks do, on the strings that tell them apart.
    #[test]
    fn the_documented_patterns_are_the_checks() {
        let samples = [
            "Văn phòng",
            "  Văn phòng ",
            "",
            " ",
            "\u{3000}",
            "\u{a0}x",
            "\u{feff}",
            "a\u{0}b",
            "a\tb",
            "a\nb",
            "\n\t",
            "a\u{1}b",
            "a\u{7f}",
            "a\u{85}",
            "\u{85}",
            "a\u{9f}",
            "\u{2028}",
            "x\u{202f}",
            "\u{1680}",
            "đ",
            "\ta b\n",
            "a\tb ",
            "\u{b}a\u{85}",
            "a \u{3000} b",
            " \u{0}",
            "a\u{0}",
        ];
        let name = regex::Regex::new(NAME_PATTERN).unwrap();
        let text = regex::Regex::new(TEXT_PATTERN).unwrap();
        let not_blank = regex::Regex::new(NOT_BLANK_PATTERN).unwrap();
        for s in samples {
            assert_eq!(name.is_match(s), check_name(s, 100).is_ok(), "name {s:?}");
            assert_eq!(text.is_match(s), check_text(s, 100).is_ok(), "text {s:?}");
            assert_eq!(not_blank.is_match(s), !s.trim().is_empty() && !s.contains('\0'), "not blank {s:?}");
        }
    }

    #[test]
    fn the_date_patterns_are_what_chrono_reads() {
        let date = regex::Regex::new(DATE_PATTERN).unwrap();
        let time = regex::Regex::new(DATE_TIME_PATTERN).unwrap();
        // Every day-of-month string of years around the leap-year rules.
        for year in [1900, 1999, 2000, 2023, 2024, 2100, 2400] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year:04}-{month:02}-{day:02}");
                    let read = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").is_ok();
                    assert_eq!(date.is_match(&text), read, "{text}");
                    let stamp = format!("{text}T17:00:00Z");
                    assert_eq!(
                        time.is_match(&stamp),
                        stamp.parse::<chrono::DateTime<chrono::Utc>>().is_ok(),
                        "{stamp}"
                    );
                }
            }
        }
        for stamp in [
            "2023-12-31T17:00:00.123+07:00",
            "2023-12-31T23:59:59-05:30",
            "2023-12-31T24:00:00Z",
            "2023-12-31 17:00:00Z",
            "2023-12-31t17:00:00z",
            "2023-12-31T17:00Z",
            "2023-12-31T17:00:00.1234567891Z",
            "2023-12-31T17:00:00+0700",
            "2023-12-31T17:00:00+07",
            "2023-12-31T17:00:00+24:00",
            "2023-12-31T17:00:60Z",
            "",
        ] {
            assert_eq!(time.is_match(stamp), read_time(stamp).is_some(), "{stamp}");
        }
        let no_nul = regex::Regex::new(NO_NUL_PATTERN).unwrap();
        assert!(no_nul.is_match("") && no_nul.is_match("Xã Đại Thắng\n") && !no_nul.is_match("a\u{0}b"));
    }

    #[test]
    fn names_are_trimmed_unicode_and_bounded() {
        assert_eq!(check_name("  Văn phòng – Thống kê ", 200).unwrap(), "Văn phòng – Thống kê");
        assert!(check_name("   ", 200).is_err());
        assert!(check_name(&"ệ".repeat(201), 200).is_err());
        assert!(check_name(&"ệ".repeat(200), 200).is_ok());
        assert!(check_name("a\u{0}b", 200).is_err());
    }

    #[test]
    fn descriptions_are_bounded_by_letter() {
        assert!(check_description("").is_ok());
        assert!(check_description(&"ệ".repeat(MAX_DESCRIPTION)).is_ok());
        assert_eq!(
            check_description(&"ệ".repeat(MAX_DESCRIPTION + 1)).unwrap_err(),
            "may hold 20,000 characters at most"
        );
    }

    #[test]
    fn criterion_codes_are_narrower_than_codes() {
        assert_eq!(check_criterion_code("9.1").unwrap(), "9.1");
        assert!(check_criterion_code(&"1".repeat(20)).is_ok());
        assert!(check_criterion_code(&"1".repeat(21)).is_err());
        assert!(check_code(&"1".repeat(21)).is_ok());
        assert!(check_criterion_code("05/KH").is_err());
        assert!(check_code("05/KH").is_ok());
        assert!(check_criterion_code("").is_err());
        assert!(check_criterion_code("9 1").is_err());
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
