//! The bounds of every figure a unit reports or a criterion targets: the
//! one source of the checks and of what the OpenAPI document states.
//!
//! Figures travel as JSON numbers and are kept as doubles. A double — and
//! every JSON client that reads numbers as one, JavaScript's first — holds
//! each whole number exactly only up to 2^53, so a figure must stay far
//! below that: a number the server cannot keep exactly is refused (422),
//! never rounded in silence.

/// The largest count, numerator or denominator: a billion, far above any
/// commune's dossiers, people or transactions in a period, and small enough
/// that the scoreboard's sums of them (every unit × every period of a
/// campaign) stay exact too.
pub const MAX_COUNT: u32 = 1_000_000_000;

/// A percentage has at most this many decimals (92.75): more could not be
/// given back as it was sent.
pub const PERCENTAGE_DECIMALS: i32 = 2;

/// Why a whole figure (a count, a numerator, a denominator) is refused:
/// (code, sentence about `field`), or `None` when it fits.
pub fn check_count(field: &str, value: f64) -> Option<(&'static str, String)> {
    if !value.is_finite() || value < 0.0 {
        Some(("negative", format!("{field} must be 0 or more.")))
    } else if value.fract() != 0.0 {
        Some(("not_whole", format!("{field} must be a whole number.")))
    } else if value > f64::from(MAX_COUNT) {
        Some(("out_of_range", format!("{field} must be at most {MAX_COUNT}.")))
    } else {
        None
    }
}

/// Why a percentage is refused: (code, sentence about `field`), or `None`
/// when it is from 0 to 100 with at most [`PERCENTAGE_DECIMALS`] decimals.
pub fn check_percentage(field: &str, value: f64) -> Option<(&'static str, String)> {
    if !value.is_finite() || !(0.0..=100.0).contains(&value) {
        return Some(("out_of_range", format!("{field} must be from 0 to 100.")));
    }
    // 92.75 is 9274.999… hundredths as a double: the nearest whole number
    // of hundredths must be the value itself, give or take that noise.
    let scaled = value * 10f64.powi(PERCENTAGE_DECIMALS);
    if (scaled - scaled.round()).abs() > 1e-6 {
        return Some(("too_precise", format!("{field} has at most {PERCENTAGE_DECIMALS} decimals.")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_and_bounded() {
        assert_eq!(check_count("count", 0.0), None);
        assert_eq!(check_count("count", 1e9), None);
        assert_eq!(check_count("count", 1e9 + 1.0).unwrap().0, "out_of_range");
        // 2^53 + 1 reaches the server as 2^53: refused, not stored rounded.
        assert_eq!(check_count("count", 9_007_199_254_740_993_u64 as f64).unwrap().0, "out_of_range");
        assert_eq!(check_count("count", -1.0).unwrap().0, "negative");
        assert_eq!(check_count("count", f64::NAN).unwrap().0, "negative");
        assert_eq!(check_count("count", 2.5).unwrap().0, "not_whole");
    }

    #[test]
    fn percentages_have_two_decimals_at_most() {
        for fine in [0.0, 100.0, 92.5, 92.75, 0.07, 33.33] {
            assert_eq!(check_percentage("percentage", fine), None, "{fine}");
        }
        assert_eq!(check_percentage("percentage", 33.333).unwrap().0, "too_precise");
        assert_eq!(check_percentage("percentage", 100.01).unwrap().0, "out_of_range");
        assert_eq!(check_percentage("percentage", -0.5).unwrap().0, "out_of_range");
    }
}
