//! The `If-Match` precondition of RFC 9110 §13.1.1, against the version a
//! resource is at. Its `ETag` is the version, quoted (`"7"`), and always
//! strong: every change to what a client reads raises it.

/// The values [`IfMatch::parse`] reads, as a regular expression for the
/// document: `*`, or entity tags (`"7"`, `W/"7"`; etagc is visible ASCII
/// but the quote, or non-ASCII) separated by commas, with optional white
/// space and empty elements — none at all too: an empty list, which no
/// version matches (412). A test parses what it matches.
pub const PATTERN: &str = r#"^(?:[ \t]*\*[ \t]*|[ \t,]*(?:(?:W/)?"[^"\x00-\x20\x7F]*"(?:[ \t]*,[ \t,]*(?:W/)?"[^"\x00-\x20\x7F]*")*[ \t,]*)?)$"#;

/// What an `If-Match` header asks of the resource's current version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: any current representation. The resource exists by the time
    /// this is checked, so it holds; the update stays guarded by the
    /// version read with it.
    Any,
    /// A list of entity tags: it holds when one of them is the current
    /// `ETag` by the strong comparison, so a weak tag never does.
    Tags(Vec<EntityTag>),
}

/// One entity tag of an `If-Match` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityTag {
    /// `W/"7"`: a weak tag, which the strong comparison never matches.
    pub weak: bool,
    /// What is between the quotes.
    pub opaque: String,
}

/// Why an `If-Match` value is not one: what a client should send instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed(pub String);

impl IfMatch {
    /// The precondition of a client that read `version`: its `ETag`.
    pub fn version(version: i32) -> Self {
        IfMatch::Tags(vec![EntityTag { weak: false, opaque: version.to_string() }])
    }

    /// Reads a field value: `*`, or a comma-separated list of entity tags
    /// (`"7"`, `W/"7"`), empty elements ignored (RFC 9110 §5.6.1). Several
    /// header lines arrive joined by commas, as the RFC combines them.
    pub fn parse(value: &str) -> Result<Self, Malformed> {
        let value = value.trim_matches(is_ows);
        if value == "*" {
            return Ok(IfMatch::Any);
        }
        let mut tags = Vec::new();
        let mut rest = value;
        loop {
            rest = rest.trim_start_matches(is_ows);
            if let Some(after) = rest.strip_prefix(',') {
                rest = after;
                continue;
            }
            if rest.is_empty() {
                break;
            }
            let (tag, after) = entity_tag(rest)?;
            tags.push(tag);
            rest = after.trim_start_matches(is_ows);
            match rest.strip_prefix(',') {
                Some(after) => rest = after,
                None if rest.is_empty() => break,
                None => return Err(malformed(&format!("Separate the entity tags with commas, not {rest:?}."))),
            }
        }
        Ok(IfMatch::Tags(tags))
    }

    /// Whether the precondition holds for a resource at `current`.
    pub fn matches(&self, current: i32) -> bool {
        match self {
            IfMatch::Any => true,
            IfMatch::Tags(tags) => tags.iter().any(|t| !t.weak && t.opaque == current.to_string()),
        }
    }

    /// Whether only a weak tag names `current`: the client meant the right
    /// version, but If-Match compares strongly, so it fails all the same.
    pub fn only_weakly_matches(&self, current: i32) -> bool {
        match self {
            IfMatch::Any => false,
            IfMatch::Tags(tags) => {
                !self.matches(current) && tags.iter().any(|t| t.weak && t.opaque == current.to_string())
            }
        }
    }
}

/// OWS: optional white space, spaces and horizontal tabs.
fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `[ W/ ] DQUOTE *etagc DQUOTE` at the start of `text`, and what follows it.
fn entity_tag(text: &str) -> Result<(EntityTag, &str), Malformed> {
    let (weak, quoted) = match text.strip_prefix("W/") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let Some(inner) = quoted.strip_prefix('"') else {
        let element = text.split(',').next().unwrap_or(text).trim_matches(is_ows);
        return Err(malformed(&format!(
            "{element:?} is not an entity tag: send the ETag as it came, quotes included, such as \"7\"."
        )));
    };
    let Some(end) = inner.find('"') else {
        return Err(malformed("An entity tag is not closed by its quote."));
    };
    let opaque = &inner[..end];
    // etagc: visible ASCII but the quote, or any non-ASCII (obs-text).
    if let Some(c) = opaque.chars().find(|&c| c.is_ascii() && !c.is_ascii_graphic()) {
        return Err(malformed(&format!("An entity tag holds {c:?}, which it may not.")));
    }
    Ok((EntityTag { weak, opaque: opaque.to_owned() }, &inner[end + 1..]))
}

fn malformed(detail: &str) -> Malformed {
    Malformed(detail.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[(bool, &str)]) -> IfMatch {
        IfMatch::Tags(list.iter().map(|&(weak, opaque)| EntityTag { weak, opaque: opaque.to_owned() }).collect())
    }

    #[test]
    fn reads_a_star_and_lists_of_entity_tags() {
        assert_eq!(IfMatch::parse("*"), Ok(IfMatch::Any));
        assert_eq!(IfMatch::parse(" * "), Ok(IfMatch::Any));
        assert_eq!(IfMatch::parse("\"7\""), Ok(IfMatch::version(7)));
        assert_eq!(IfMatch::parse("W/\"7\""), Ok(tags(&[(true, "7")])));
        assert_eq!(IfMatch::parse("\"1\", W/\"2\",\"3\""), Ok(tags(&[(false, "1"), (true, "2"), (false, "3")])));
        // Empty elements are ignored; an empty list is a list that matches nothing.
        assert_eq!(IfMatch::parse(" , \"1\" ,, "), Ok(tags(&[(false, "1")])));
        assert_eq!(IfMatch::parse(""), Ok(tags(&[])));
        // Opaque tags of other servers are well-formed: they match nothing of ours.
        assert_eq!(
            IfMatch::parse("\"abc\", \"\", \"xyzzy-é\""),
            Ok(tags(&[(false, "abc"), (false, ""), (false, "xyzzy-é")]))
        );
    }

    #[test]
    fn refuses_what_is_no_entity_tag() {
        for value in
            ["7", "abc", "w/\"7\"", "W/7", "\"7", "\"7\" \"8\"", "\"7\"x", "\"7\";", "**", "*, \"7\"", "\"a b\""]
        {
            assert!(IfMatch::parse(value).is_err(), "{value:?} was taken");
        }
        let Malformed(detail) = IfMatch::parse("7, \"8\"").unwrap_err();
        assert!(detail.starts_with("\"7\" is not an entity tag"), "{detail}");
    }

    #[test]
    fn matches_by_the_strong_comparison() {
        let parsed = |value: &str| IfMatch::parse(value).unwrap();
        assert!(parsed("*").matches(3));
        assert!(parsed("\"3\"").matches(3));
        assert!(parsed("\"1\", \"3\"").matches(3));
        assert!(!parsed("\"1\", \"2\"").matches(3));
        assert!(!parsed("\"03\"").matches(3));
        assert!(!parsed("").matches(3));
        let weak = parsed("W/\"3\"");
        assert!(!weak.matches(3));
        assert!(weak.only_weakly_matches(3));
        assert!(!parsed("W/\"3\", \"3\"").only_weakly_matches(3));
        assert!(!parsed("W/\"2\"").only_weakly_matches(3));
    }
}
