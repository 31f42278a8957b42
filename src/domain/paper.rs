//! How Vietnamese administrative papers write things (NĐ 30/2020/NĐ-CP,
//! Phụ lục I): amounts, the place and date line, the place name of an
//! issuer, file names. Pure: the renderers and the tests share them.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// Text as every paper prints it: Unicode NFC (precomposed letters), the
/// form the font's Vietnamese glyphs and a reader's search expect.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// `1080000` → `1.080.000 đồng`: the dot groups thousands in Vietnamese.
pub fn amount(vnd: i64) -> String {
    format!("{} đồng", grouped(vnd))
}

/// `1080000` → `1.080.000`.
pub fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}

/// `ngày 20 tháng 12 năm 2023`. NĐ 30/2020 Phụ lục I: a day below 10 and
/// the months 1 and 2 take a leading zero (`ngày 05 tháng 02 năm 2024`).
pub fn date_words(date: NaiveDate) -> String {
    let month = if date.month() < 3 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

/// `Đại Thắng, ngày 20 tháng 12 năm 2023`: the place and date line.
pub fn place_date(place: &str, date: NaiveDate) -> String {
    format!("{place}, {}", date_words(date))
}

/// The words that name a unit's kind before its proper name.
const KIND_WORDS: [&str; 8] = ["Xã ", "Phường ", "Thị trấn ", "Huyện ", "Quận ", "Thị xã ", "Thành phố ", "Tỉnh "];

/// `Xã Đại Thắng` → `Đại Thắng`: the place name a date line carries.
pub fn place_of(unit_name: &str) -> String {
    let name = unit_name.trim();
    KIND_WORDS
        .iter()
        .find_map(|kind| {
            let lower = kind.to_lowercase();
            name.strip_prefix(kind).or_else(|| name.strip_prefix(lower.as_str()))
        })
        .unwrap_or(name)
        .trim()
        .to_owned()
}

/// A file name from a number and a date: `QD`, `12/QĐ-UBND`, 2023-12-20 →
/// `QD-12-QD-UBND_2023-12-20` — ASCII letters, digits, `-` and `_` only, so
/// every file system and every old mail client takes it.
pub fn file_name(prefix: &str, number: &str, date: NaiveDate) -> String {
    let mut out = String::from(prefix);
    out.push('-');
    for c in ascii_fold(number).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    format!("{out}_{date}")
}

/// Vietnamese letters without their marks: `Đại Thắng` → `Dai Thang`.
pub fn ascii_fold(text: &str) -> String {
    text.nfd()
        .filter_map(|c| match c {
            'đ' => Some('d'),
            'Đ' => Some('D'),
            c if c.is_ascii() => Some(c),
            // Combining marks (U+0300–U+036F) go; any other letter becomes `-`.
            '\u{0300}'..='\u{036f}' => None,
            _ => Some('-'),
        })
        .collect()
}

/// Upper case for a heading (`Xã Đại Thắng` → `XÃ ĐẠI THẮNG`), kept NFC.
pub fn upper(text: &str) -> String {
    nfc(&text.to_uppercase())
}

/// The lines above the signer's name (NĐ 30/2020 §II.8): a commune's
/// chairman signs for the people's committee (`TM. ỦY BAN NHÂN DÂN` /
/// `CHỦ TỊCH`); a vice-chairman signs in the chairman's stead (`KT. CHỦ TỊCH`
/// / `PHÓ CHỦ TỊCH`).
pub fn signature_heads(signer_title: &str) -> Vec<String> {
    let title = signer_title.trim().to_lowercase();
    let mut heads = vec!["TM. ỦY BAN NHÂN DÂN".to_owned()];
    if title.starts_with("phó chủ tịch") {
        heads.push("KT. CHỦ TỊCH".to_owned());
        heads.push("PHÓ CHỦ TỊCH".to_owned());
    } else {
        heads.push("CHỦ TỊCH".to_owned());
    }
    heads
}

/// The kinds of legal document a title may start with.
const LEGAL_KINDS: [&str; 7] = ["Nghị định", "Thông tư", "Nghị quyết", "Quyết định", "Kế hoạch", "Chỉ thị", "Luật"];

/// A legal basis as a decision cites it: `Căn cứ Nghị định số 91/2017/NĐ-CP
/// ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết …`.
pub fn citation(code: &str, title: &str, issuer: &str, issued_on: Option<NaiveDate>) -> String {
    let date = issued_on.map(|d| format!(" {}", date_words(d))).unwrap_or_default();
    let of = if issuer.trim().is_empty() { String::new() } else { format!(" của {}", issuer.trim()) };
    match LEGAL_KINDS.iter().find(|k| title.starts_with(*k)) {
        Some(kind) if *kind != "Luật" => {
            let rest = title[kind.len()..].trim();
            format!("Căn cứ {kind} số {code}{date}{of} {rest}").trim_end().to_owned()
        }
        _ => format!("Căn cứ {title} số {code}{date}"),
    }
}

/// A figure as a paper prints it: a decimal comma, at most two decimals, no
/// trailing zero, thousands grouped: `95.5` → `95,5`, `1234` → `1.234`.
pub fn decimal(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc() as i64;
    let cents = ((rounded - rounded.trunc()).abs() * 100.0).round() as i64;
    let sign = if rounded < 0.0 && whole == 0 { "-" } else { "" };
    let mut out = format!("{sign}{}", grouped(whole));
    if cents > 0 {
        let fraction = format!("{cents:02}");
        out.push(',');
        out.push_str(fraction.trim_end_matches('0'));
    }
    out
}

/// A report's figures in words: `19/20 (95%)`, `95%`, `12`, `Đạt`; an em
/// dash for none.
pub fn figures_text(figures: Option<&crate::domain::report::Figures>, percentage: Option<f64>) -> String {
    let Some(f) = figures else { return "—".to_owned() };
    match (f.numerator, f.denominator, f.percentage, f.count, f.achieved) {
        (Some(n), Some(d), ..) => match percentage {
            Some(p) => format!("{}/{} ({}%)", decimal(n), decimal(d), decimal(p)),
            None => format!("{}/{}", decimal(n), decimal(d)),
        },
        (_, _, Some(p), ..) => format!("{}%", decimal(p)),
        (_, _, _, Some(c), _) => decimal(c),
        (_, _, _, _, Some(true)) => "Đạt".to_owned(),
        (_, _, _, _, Some(false)) => "Không đạt".to_owned(),
        _ => "—".to_owned(),
    }
}

/// A target as `domain::score::rule_text` words it, in a paper's words:
/// `achieved` → `Đạt`, `≥ 65.5%` → `≥ 65,5%`.
pub fn target_words(rule: &str) -> String {
    if rule == "achieved" { "Đạt".to_owned() } else { rule.replace('.', ",") }
}

/// A period of a campaign in words: `2023Q4` → `quý IV năm 2023`, `2023S1`
/// → `6 tháng đầu năm 2023`, `2023M05` → `tháng 5 năm 2023`, `2023` → `năm
/// 2023`; `None` (the whole campaign) → `cả đợt thi đua`.
pub fn period_words(period: Option<&str>) -> String {
    let Some(id) = period else { return "cả đợt thi đua".to_owned() };
    let (year, rest) = id.split_at(id.len().min(4));
    let index = rest.get(1..).and_then(|i| i.parse::<u32>().ok());
    match (rest.chars().next(), index) {
        (None, _) => format!("năm {year}"),
        (Some('Q'), Some(q @ 1..=4)) => format!("quý {} năm {year}", ["I", "II", "III", "IV"][q as usize - 1]),
        (Some('S'), Some(1)) => format!("6 tháng đầu năm {year}"),
        (Some('S'), Some(2)) => format!("6 tháng cuối năm {year}"),
        (Some('M'), Some(m @ 1..=12)) => format!("tháng {m} năm {year}"),
        _ => format!("kỳ {id}"),
    }
}

/// `Phát động phong trào` → `phát động phong trào`: a title inside a sentence.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.trim().chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn amounts_group_thousands_with_dots() {
        assert_eq!(amount(1_080_000), "1.080.000 đồng");
        assert_eq!(amount(0), "0 đồng");
        assert_eq!(amount(999), "999 đồng");
        assert_eq!(amount(1000), "1.000 đồng");
        assert_eq!(grouped(123_456_789), "123.456.789");
        assert_eq!(grouped(-1_500), "-1.500");
    }

    #[test]
    fn dates_are_written_out_with_the_decrees_leading_zeros() {
        assert_eq!(place_date("Đại Thắng", day(2023, 12, 20)), "Đại Thắng, ngày 20 tháng 12 năm 2023");
        assert_eq!(date_words(day(2024, 2, 5)), "ngày 05 tháng 02 năm 2024");
        assert_eq!(date_words(day(2024, 3, 9)), "ngày 09 tháng 3 năm 2024");
    }

    #[test]
    fn the_place_is_the_name_without_its_kind() {
        assert_eq!(place_of("Xã Đại Thắng"), "Đại Thắng");
        assert_eq!(place_of("xã Đại Thắng"), "Đại Thắng");
        assert_eq!(place_of("Thị trấn Gôi"), "Gôi");
        assert_eq!(place_of("Đại Thắng"), "Đại Thắng");
    }

    #[test]
    fn file_names_are_ascii_from_the_number_and_the_date() {
        assert_eq!(file_name("QD", "12/QĐ-UBND", day(2023, 12, 20)), "QD-12-QD-UBND_2023-12-20");
        assert_eq!(ascii_fold("Nguyễn Thị Hoa"), "Nguyen Thi Hoa");
    }

    #[test]
    fn the_signature_and_the_citations_follow_the_decree() {
        assert_eq!(signature_heads("Chủ tịch UBND xã"), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
        assert_eq!(signature_heads("Phó Chủ tịch UBND xã"), ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert_eq!(
            citation(
                "91/2017/NĐ-CP",
                "Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
                "Chính phủ",
                Some(day(2017, 7, 31))
            ),
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành \
             một số điều của Luật Thi đua, khen thưởng"
        );
        assert_eq!(
            citation("06/2022/QH15", "Luật Thi đua, khen thưởng", "Quốc hội", Some(day(2022, 6, 15))),
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
        );
    }

    #[test]
    fn text_is_composed_and_upper_cased_composed() {
        let decomposed = "Thi\u{0323}\u{0302}nh"; // ị as i + dot below, then circumflex
        assert_eq!(nfc("Nguye\u{0302}\u{0303}n"), "Nguyễn");
        assert!(nfc(decomposed).chars().count() < decomposed.chars().count());
        assert_eq!(upper("Xã Đại Thắng"), "XÃ ĐẠI THẮNG");
    }
    #[test]
    fn figures_and_periods_read_as_a_paper_writes_them() {
        use crate::domain::report::Figures;
        assert_eq!(decimal(95.0), "95");
        assert_eq!(decimal(87.5), "87,5");
        assert_eq!(decimal(66.666), "66,67");
        assert_eq!(decimal(1234.0), "1.234");
        let none = Figures { numerator: None, denominator: None, percentage: None, count: None, achieved: None };
        let ratio = Figures { numerator: Some(19.0), denominator: Some(20.0), ..none.clone() };
        assert_eq!(figures_text(Some(&ratio), Some(95.0)), "19/20 (95%)");
        assert_eq!(figures_text(Some(&Figures { achieved: Some(true), ..none.clone() }), None), "Đạt");
        assert_eq!(figures_text(Some(&Figures { count: Some(12.0), ..none }), None), "12");
        assert_eq!(figures_text(None, None), "—");
        assert_eq!(period_words(Some("2023Q4")), "quý IV năm 2023");
        assert_eq!(period_words(Some("2023S1")), "6 tháng đầu năm 2023");
        assert_eq!(period_words(Some("2023M05")), "tháng 5 năm 2023");
        assert_eq!(period_words(Some("2023")), "năm 2023");
        assert_eq!(period_words(None), "cả đợt thi đua");
        assert_eq!(lower_first("Phát động"), "phát động");
        assert_eq!(target_words("achieved"), "Đạt");
        assert_eq!(target_words("≥ 65.5%"), "≥ 65,5%");
    }
}
