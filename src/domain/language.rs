//! The languages a problem's words come in, and which one a request asks
//! for (`Accept-Language`, RFC 9110 §12.5.4). Codes never change with the
//! language; only `title`, `detail` and each field error's `message` do.

/// A language thidua answers problems in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    /// English: the default, and the language of the logs.
    #[default]
    En,
    /// Vietnamese, for the people behind the frontends.
    Vi,
}

impl Language {
    /// The tag sent in `Content-Language`.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Vi => "vi",
        }
    }

    /// The language an `Accept-Language` value prefers among ours: the
    /// highest weight wins (the first listed between equals); `vi`, `vi-VN`
    /// and the like are Vietnamese, `en…` and `*` English. A header naming
    /// neither, or unreadable, gets English.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut best: Option<(u16, Self)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = parts.find_map(|p| p.trim().strip_prefix("q=").map(weight)).unwrap_or(Some(1000));
            let Some(weight) = weight else { continue };
            let language = match tag.split('-').next() {
                Some("vi") => Self::Vi,
                Some("en" | "*") => Self::En,
                _ => continue,
            };
            if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, language));
            }
        }
        best.map_or(Self::En, |(_, language)| language)
    }
}

/// A `q` weight in thousandths (0 to 1000), or `None` when it is not one.
fn weight(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    // The weight is at most three decimals between 0 and 1: the product fits.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (0.0..=1.0).contains(&value).then(|| (value * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::Language::{En, Vi};
    use super::*;

    #[test]
    fn the_heaviest_language_we_speak_wins() {
        assert_eq!(Language::negotiate("vi"), Vi);
        assert_eq!(Language::negotiate("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7"), Vi);
        assert_eq!(Language::negotiate("en-US,en;q=0.9,vi;q=0.8"), En);
        assert_eq!(Language::negotiate("fr-FR, vi;q=0.5"), Vi);
        assert_eq!(Language::negotiate("en;q=0.4, VI;q=0.6"), Vi);
    }

    #[test]
    fn anything_else_is_english() {
        assert_eq!(Language::negotiate(""), En);
        assert_eq!(Language::negotiate("fr, de"), En);
        assert_eq!(Language::negotiate("vi;q=0"), En);
        assert_eq!(Language::negotiate("vi;q=abc"), En);
        assert_eq!(Language::negotiate("vi;q=2"), En);
        assert_eq!(Language::negotiate("*, vi;q=0.5"), En);
        // Equal weights: the first listed.
        assert_eq!(Language::negotiate("en, vi"), En);
        assert_eq!(Language::negotiate("vi, en"), Vi);
    }
}
