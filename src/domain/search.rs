//! Finding and ordering Vietnamese names.
//!
//! A search key lets "dai thang" find "Xã Đại Thắng": letters lose their
//! marks (tone and vowel marks alike), `đ` becomes `d`, case goes, and runs
//! of white space become one space. Stored beside the name and compared with
//! `LIKE`, it needs no database extension on either backend.
//!
//! A sort key orders names the way a Vietnamese dictionary does: first by
//! letters in the Vietnamese alphabet (a, ă, â, b, c, d, đ, e, ê, …, o, ô,
//! ơ, …, u, ư, …), then, between names with the same letters, by tones in
//! the order ngang, huyền, hỏi, ngã, sắc, nặng. The key is plain ASCII that
//! sorts byte by byte, so the database orders by it without a locale.

use unicode_normalization::UnicodeNormalization;

/// The longest search text taken, in characters.
pub const MAX_QUERY: usize = 100;

/// The letters of the Vietnamese alphabet in order, with f, j, w and z at
/// their Latin places for foreign names.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q",
    "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// The tone marks (as combining characters) in dictionary order after the
/// unmarked ngang: huyền, hỏi, ngã, sắc, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// The vowel marks that make new letters: breve (ă), circumflex (â, ê, ô), horn (ơ, ư).
const VOWEL_MARKS: [char; 3] = ['\u{306}', '\u{302}', '\u{31B}'];

/// [`check_query`]'s rule on characters, for the OpenAPI document (its
/// length is the parameter's `maxLength`).
pub const QUERY_PATTERN: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

/// A list's `q` parameter: at most [`MAX_QUERY`] characters, no control
/// characters. Answers its search key, or `None` when it holds nothing to
/// search for (a blank box searches nothing: every row matches).
pub fn check_query(raw: &str) -> Result<Option<String>, String> {
    if raw.chars().count() > MAX_QUERY {
        return Err(format!("must be at most {MAX_QUERY} characters"));
    }
    if raw.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    let key = search_key(raw);
    Ok((!key.is_empty()).then_some(key))
}

/// `text` with marks, case and repeated white space gone: what searches compare.
pub fn search_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining(c) {
            continue;
        }
        if c.is_whitespace() {
            if !key.is_empty() && !key.ends_with(' ') {
                key.push(' ');
            }
            continue;
        }
        match c {
            'đ' | 'Đ' => key.push('d'),
            _ => key.extend(c.to_lowercase()),
        }
    }
    let trimmed = key.trim_end().len();
    key.truncate(trimmed);
    key
}

/// The key that orders `name` alphabetically, Vietnamese style.
pub fn sort_key(name: &str) -> String {
    // Each character of the name becomes one primary symbol and one tone
    // digit; the primaries come first, then a space (below every primary),
    // then the tones, so tones only decide between names of the same letters.
    let mut primary = String::new();
    let mut tones = String::new();
    for (base, marks) in letters(name) {
        let tone = TONES.iter().position(|t| marks.contains(t)).map_or(0, |i| i + 1);
        primary.push(primary_symbol(base, &marks));
        tones.push(char::from(b'0' + u8::try_from(tone).unwrap_or(0)));
    }
    format!("{primary} {tones}")
}

/// The name's characters, each with the combining marks that follow it.
fn letters(name: &str) -> Vec<(char, Vec<char>)> {
    let mut out: Vec<(char, Vec<char>)> = Vec::new();
    for c in name.trim().nfd() {
        match out.last_mut() {
            Some((_, marks)) if is_combining(c) => marks.push(c),
            _ if is_combining(c) => {}
            _ => out.push((c, Vec::new())),
        }
    }
    out
}

/// One printable ASCII character above the space for each character of a
/// name: `!` for white space, `"` for punctuation, the digit itself, and
/// letters from `A` on in the alphabet's order.
fn primary_symbol(base: char, marks: &[char]) -> char {
    if base.is_whitespace() {
        return '!';
    }
    if base.is_ascii_digit() {
        return base;
    }
    let mut letter: String = match base {
        'đ' | 'Đ' => "đ".to_owned(),
        _ => base.to_lowercase().collect(),
    };
    // ă, â, ê, ô, ơ, ư are letters of their own; tone marks are not.
    letter.extend(marks.iter().filter(|m| VOWEL_MARKS.contains(m)));
    let letter: String = letter.nfc().collect();
    match ALPHABET.iter().position(|l| *l == letter) {
        Some(i) => char::from(b'A' + u8::try_from(i).unwrap_or(0)),
        None => '"',
    }
}

/// Unicode's combining diacritical marks, where Vietnamese keeps its marks.
fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_pattern_is_the_check() {
        let pattern = regex::Regex::new(QUERY_PATTERN).unwrap();
        for q in ["dai thang", "", "   ", "Đại\u{a0}Thắng", "a\tb", "a\u{0}", "a\u{85}", "\u{7f}", "đ\u{2028}"] {
            assert_eq!(pattern.is_match(q), check_query(q).is_ok(), "{q:?}");
        }
    }

    #[test]
    fn search_keys_drop_marks_case_and_extra_space() {
        assert_eq!(search_key("  Xã   Đại Thắng "), "xa dai thang");
        assert_eq!(search_key("UBND xã ĐẠI THẮNG"), "ubnd xa dai thang");
        assert_eq!(search_key("Nguyễn Thị Ửng"), "nguyen thi ung");
        assert_eq!(search_key("05/KH-UBND"), "05/kh-ubnd");
        // Precomposed and decomposed input give the same key.
        assert_eq!(search_key("Đức"), search_key("Đu\u{31B}\u{301}c"));
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        v.sort_by_key(|n| sort_key(n));
        v
    }

    #[test]
    fn letters_sort_in_the_vietnamese_alphabet() {
        assert_eq!(
            sorted(&["Đào", "Dương", "Ân", "Ăn", "An", "Bình", "Ơn", "Ôn", "On", "Ưng", "Uông", "Yến"]),
            ["An", "Ăn", "Ân", "Bình", "Dương", "Đào", "On", "Ôn", "Ơn", "Uông", "Ưng", "Yến"]
        );
    }

    #[test]
    fn tones_decide_only_between_the_same_letters_in_dictionary_order() {
        assert_eq!(sorted(&["Má", "Mạ", "Mã", "Mả", "Mà", "Ma", "Mai"]), ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mai"]);
        // A shorter name comes before the longer one it begins.
        assert_eq!(sorted(&["Nguyễn Văn An", "Nguyễn Văn", "Nguyễn"]), ["Nguyễn", "Nguyễn Văn", "Nguyễn Văn An"]);
    }

    #[test]
    fn a_query_is_its_search_key_and_a_blank_one_none() {
        assert_eq!(check_query(" Đại  THẮNG "), Ok(Some("dai thang".to_owned())));
        assert_eq!(check_query("   "), Ok(None));
        assert!(check_query(&"a".repeat(MAX_QUERY + 1)).is_err());
        assert_eq!(check_query(&"a".repeat(MAX_QUERY)), Ok(Some("a".repeat(MAX_QUERY))));
        assert!(check_query("a\u{7}b").is_err());
    }

    #[test]
    fn case_does_not_change_the_order() {
        assert_eq!(sort_key("ĐẠI THẮNG"), sort_key("đại thắng"));
    }
}
