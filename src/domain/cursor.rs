//! The change feed's cursor: a place in the feed, opaque to clients.
//!
//! A place is `(xid, seq)` — the writing transaction's id on PostgreSQL (0 on
//! SQLite) and the change's number (`db::changes`). Clients get it as
//! `c2.<xid>.<seq>` and pass it back as it is, never building one; the
//! prefix names the format should it ever change. Its shape is a pattern the
//! OpenAPI document states ([`PATTERN`]), and every string of that shape is a
//! place (each number at most 18 digits, so it fits an `i64`): a client that
//! keeps to the document is never refused. The first format (`c1.` and
//! URL-safe base64 of `xid:seq`) is still read.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A place in the feed: a read starts after it. The default: before every change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub xid: i64,
    pub seq: i64,
}

/// What a cursor looks like: `c2.`, then two numbers without leading zeros.
pub const PATTERN: &str = r"^c2\.(?:0|[1-9][0-9]{0,17})\.(?:0|[1-9][0-9]{0,17})$";

const PREFIX: &str = "c2.";
const FIRST_PREFIX: &str = "c1.";

impl Cursor {
    pub fn encode(self) -> String {
        format!("{PREFIX}{}.{}", self.xid, self.seq)
    }

    /// The cursor `text` encodes; `None` when it is not one this service gives.
    pub fn decode(text: &str) -> Option<Cursor> {
        if let Some(first) = text.strip_prefix(FIRST_PREFIX) {
            let bytes = URL_SAFE_NO_PAD.decode(first).ok()?;
            let (xid, seq) = std::str::from_utf8(&bytes).ok()?.split_once(':')?;
            let cursor = Cursor { xid: xid.parse().ok()?, seq: seq.parse().ok()? };
            return (cursor.xid >= 0 && cursor.seq >= 0).then_some(cursor);
        }
        let (xid, seq) = text.strip_prefix(PREFIX)?.split_once('.')?;
        Some(Cursor { xid: number(xid)?, seq: number(seq)? })
    }
}

/// A number as [`PATTERN`] writes it: digits, no sign, no leading zero, at most 18.
fn number(text: &str) -> Option<i64> {
    let plain = !text.is_empty()
        && text.len() <= 18
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if plain { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_it_was() {
        for cursor in [Cursor::default(), Cursor { xid: 0, seq: 42 }, Cursor { xid: 4_294_967_300, seq: 7 }] {
            assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "c1.",
            "42",
            "c2.MDo0Mg",
            "c1.!!",
            "c1.LTE6Mg",
            "c1.MDo0Mjo1",
            "c2.",
            "c2.1",
            "c2.01.2",
            "c2.1.-2",
            "c2.1.2.3",
            "c2.1234567890123456789.1",
            "c2. 1.2",
            "c2.1.2 ",
        ] {
            assert_eq!(Cursor::decode(text), None, "{text}");
        }
    }

    #[test]
    fn the_pattern_is_what_decodes() {
        let pattern = regex::Regex::new(PATTERN).unwrap();
        for text in [
            "c2.0.0",
            "c2.1.2",
            "c2.999999999999999999.42",
            "c2.01.2",
            "c2.1.",
            "c1.MDo0Mg",
            "c2.1234567890123456789.1",
        ] {
            assert_eq!(pattern.is_match(text), Cursor::decode(text).is_some() && text.starts_with("c2."), "{text}");
        }
        // The first format still reads.
        assert_eq!(Cursor::decode("c1.MDo0Mg"), Some(Cursor { xid: 0, seq: 42 }));
    }
}
