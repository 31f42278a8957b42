//! Paging of lists: `?limit=&offset=`, the limit capped; or, on the lists
//! an integrator walks, `?after=CURSOR`: keyset paging in the order of
//! `(updated_at, id)`, which neither skips nor repeats an item when rows
//! are written between pages, as an offset does.

use chrono::{DateTime, Utc};

/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most items one page may hold; a larger `limit` is lowered to this.
pub const MAX_LIMIT: u32 = 200;

/// A page request, already clamped to the allowed range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
}

impl Page {
    /// Applies the defaults and the cap: a missing limit is [`DEFAULT_LIMIT`],
    /// one above [`MAX_LIMIT`] is lowered to it, and 0 is raised to 1.
    pub fn new(limit: Option<u32>, offset: Option<u64>) -> Self {
        Self { limit: limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT), offset: offset.unwrap_or(0) }
    }
}

/// How a list is paged: by offset in the list's own order, or after a
/// key in the order of `(updated_at, id)` ascending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paging {
    Offset(Page),
    /// `key` `None`: from the first item.
    After {
        limit: u32,
        key: Option<Key>,
    },
}

impl From<Page> for Paging {
    fn from(page: Page) -> Self {
        Paging::Offset(page)
    }
}

impl Paging {
    pub fn limit(&self) -> u32 {
        match self {
            Paging::Offset(page) => page.limit,
            Paging::After { limit, .. } => *limit,
        }
    }

    /// The offset applied: 0 in a walk by cursor.
    pub fn offset(&self) -> u64 {
        match self {
            Paging::Offset(page) => page.offset,
            Paging::After { .. } => 0,
        }
    }

    /// Rows a store reads for a page: one more than the limit in a walk,
    /// to know whether a next page exists without counting.
    pub fn rows(&self) -> i64 {
        match self {
            Paging::Offset(page) => i64::from(page.limit),
            Paging::After { limit, .. } => i64::from(*limit) + 1,
        }
    }

    /// The page of `items` (as the store read them) and the cursor of the
    /// next page: `None` in offset paging and on a walk's last page.
    pub fn cut<T>(&self, mut items: Vec<T>, key: impl Fn(&T) -> Key) -> (Vec<T>, Option<String>) {
        let Paging::After { limit, .. } = self else { return (items, None) };
        let limit = *limit as usize;
        if items.len() <= limit {
            return (items, None);
        }
        items.truncate(limit);
        let next = items.last().map(|last| key(last).encode());
        (items, next)
    }
}

/// A place in a walk: the last item's `updated_at` and id. Clients get it
/// as `k2.<microseconds since 1970>.<id>` and pass it back as it is, never
/// building one; the prefix names the format. Its shape is a pattern the
/// OpenAPI document states ([`KEY_PATTERN`], which also takes the empty
/// `after=` that starts a walk), and every string of that shape is a place:
/// a walk needs no item to hold the key, only the order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub updated_at: DateTime<Utc>,
    pub id: String,
}

/// What `after=` takes: empty (from the first item), or a key; the time at
/// most 18 digits (every such number of microseconds is a time `chrono`
/// holds), the id 1–64 printable ASCII characters.
pub const KEY_PATTERN: &str = r"^(?:k2\.(?:0|[1-9][0-9]{0,17})\.[!-~]{1,64})?$";

const KEY_PREFIX: &str = "k2.";

impl Key {
    pub fn new(updated_at: DateTime<Utc>, id: &str) -> Self {
        Self { updated_at, id: id.to_owned() }
    }

    pub fn encode(&self) -> String {
        format!("{KEY_PREFIX}{}.{}", self.updated_at.timestamp_micros(), self.id)
    }

    /// The key `text` encodes; `None` when it is not of [`KEY_PATTERN`]'s shape.
    pub fn decode(text: &str) -> Option<Key> {
        let (micros, id) = text.strip_prefix(KEY_PREFIX)?.split_once('.')?;
        let plain = !micros.is_empty()
            && micros.len() <= 18
            && micros.bytes().all(|b| b.is_ascii_digit())
            && (micros == "0" || !micros.starts_with('0'));
        let updated_at = DateTime::from_timestamp_micros(if plain { micros.parse().ok()? } else { return None })?;
        let valid_id = !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_graphic());
        valid_id.then(|| Key { updated_at, id: id.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_as_it_was() {
        let at = DateTime::from_timestamp_micros(1_796_000_000_123_456).unwrap();
        let key = Key::new(at, "0193a6b2-7c1e-7d3a-9f00-1234567890ab");
        assert_eq!(Key::decode(&key.encode()), Some(key));
    }

    #[test]
    fn anything_else_is_not_a_key() {
        for text in
            ["", "k2.", "42", "k2.!!", "k2.5.", "k2.x.abc", "c2.0.42", "k2.05.a", "k2.-5.a", "k2.5.a b", "k1.NTphYmM"]
        {
            assert_eq!(Key::decode(text), None, "{text}");
        }
    }

    #[test]
    fn the_key_pattern_is_what_decodes() {
        let pattern = regex::Regex::new(KEY_PATTERN).unwrap();
        let long = format!("k2.1.{}", "a".repeat(65));
        for text in [
            "k2.0.a",
            "k2.1796000000123456.0193a6b2-7c1e",
            "k2.999999999999999999.~",
            "k2.05.a",
            "k2.1.",
            &long,
            "k2.1.a\u{e9}",
        ] {
            assert_eq!(pattern.is_match(text), Key::decode(text).is_some(), "{text}");
        }
        assert!(pattern.is_match(""), "an empty after= starts a walk");
    }

    #[test]
    fn a_walk_reads_one_more_and_cuts_it() {
        let walk = Paging::After { limit: 2, key: None };
        let at = DateTime::from_timestamp_micros(7).unwrap();
        let key = |id: &&str| Key::new(at, id);
        assert_eq!(walk.rows(), 3);
        let (items, next) = walk.cut(vec!["a", "b", "c"], key);
        assert_eq!((items, next), (vec!["a", "b"], Some(Key::new(at, "b").encode())));
        assert_eq!(walk.cut(vec!["a", "b"], key), (vec!["a", "b"], None));
        let offset = Paging::Offset(Page::new(Some(2), None));
        assert_eq!(offset.cut(vec!["a", "b"], key), (vec!["a", "b"], None));
    }

    #[test]
    fn limits_are_defaulted_and_capped() {
        assert_eq!(Page::new(None, None), Page { limit: DEFAULT_LIMIT, offset: 0 });
        assert_eq!(Page::new(Some(10_000), Some(5)), Page { limit: MAX_LIMIT, offset: 5 });
        assert_eq!(Page::new(Some(0), None).limit, 1);
    }
}
