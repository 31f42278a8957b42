//! The change feed's cursor: a place in the feed, opaque to clients.
//!
//! A place is `(xid, seq)` — the writing transaction's id on PostgreSQL (0 on
//! SQLite) and the change's number (`db::changes`). Clients get it as
//! `c1.` and URL-safe base64, so they pass it back as it is and never build
//! one; the prefix names the format should it ever change.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A place in the feed: a read starts after it. The default: before every change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub xid: i64,
    pub seq: i64,
}

const PREFIX: &str = "c1.";

impl Cursor {
    pub fn encode(self) -> String {
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(format!("{}:{}", self.xid, self.seq)))
    }

    /// The cursor `text` encodes; `None` when it is not one this service gave.
    pub fn decode(text: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text.strip_prefix(PREFIX)?).ok()?;
        let (xid, seq) = std::str::from_utf8(&bytes).ok()?.split_once(':')?;
        let cursor = Cursor { xid: xid.parse().ok()?, seq: seq.parse().ok()? };
        (cursor.xid >= 0 && cursor.seq >= 0).then_some(cursor)
    }
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
        for text in ["", "c1.", "42", "c2.MDo0Mg", "c1.!!", "c1.LTE6Mg", "c1.MDo0Mjo1"] {
            assert_eq!(Cursor::decode(text), None, "{text}");
        }
    }
}
