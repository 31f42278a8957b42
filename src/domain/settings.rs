//! Service-wide settings: the one registry of the keys the service knows —
//! each one's type, range, default, meaning and who may change it — and the
//! rules that check a new value and read a stored one into its type.
//!
//! A key outside the registry is not a setting: it is neither stored nor
//! answered. Values are stored as their canonical text (what [`Known::check`]
//! answers), so a reader never meets a value it cannot read unless the row
//! predates these rules or was edited by hand; such a value counts as the
//! default (see [`IntegerSetting::read`]).

use chrono::{DateTime, Utc};

/// One stored setting, as the table holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

/// The longest value accepted, in characters, whatever the key's rule.
pub const MAX_VALUE_LEN: usize = 10_000;

/// Who may change a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writer {
    /// Whoever may write settings (the admin; the operator's CLI).
    Admin,
    /// The service alone: written once at first start, never through the
    /// API or the CLI.
    System,
}

/// A rule a value broke: a stable code and a sentence completing "The value …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub code: &'static str,
    pub rule: String,
}

impl Broken {
    fn new(code: &'static str, rule: impl Into<String>) -> Self {
        Self { code, rule: rule.into() }
    }
}

/// A setting whose value is a whole number within a range.
#[derive(Debug)]
pub struct IntegerSetting {
    pub key: &'static str,
    pub description: &'static str,
    pub min: u32,
    pub max: u32,
    pub default: u32,
}

impl IntegerSetting {
    /// The number `text` writes (decimal digits, spaces around allowed), if
    /// it is within the range.
    pub fn parse(&self, text: &str) -> Result<u32, Broken> {
        let (min, max) = (self.min, self.max);
        let digits = text.trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Broken::new("not_an_integer", format!("must be a whole number from {min} to {max}")));
        }
        match digits.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(Broken::new("out_of_range", format!("must be from {min} to {max}"))),
        }
    }

    /// The value in force: the stored one, or the default when none is
    /// stored or the stored one breaks the rule.
    pub fn read(&self, stored: Option<&str>) -> u32 {
        stored.and_then(|text| self.parse(text).ok()).unwrap_or(self.default)
    }
}

/// A setting whose value is a list of media types (`type/subtype`),
/// separated by spaces.
#[derive(Debug)]
pub struct MediaTypesSetting {
    pub key: &'static str,
    pub description: &'static str,
    /// The default list, in canonical form.
    pub default: &'static str,
}

/// The most media types one list may hold.
pub const MAX_MEDIA_TYPES: usize = 100;

impl MediaTypesSetting {
    /// The media types `text` lists: at least one, each `type/subtype` of
    /// RFC 6838 names, in lower case (media types ignore case), each once.
    pub fn parse(&self, text: &str) -> Result<Vec<String>, Broken> {
        let mut types: Vec<String> = Vec::new();
        for token in text.split_whitespace() {
            if !is_media_type(token) {
                return Err(Broken::new(
                    "invalid_media_type",
                    format!("lists {token:?}, which is not a media type such as application/pdf"),
                ));
            }
            let token = token.to_ascii_lowercase();
            if !types.contains(&token) {
                types.push(token);
            }
        }
        if types.is_empty() {
            return Err(Broken::new("required", "must list at least one media type, such as application/pdf"));
        }
        if types.len() > MAX_MEDIA_TYPES {
            return Err(Broken::new("too_many", format!("may list at most {MAX_MEDIA_TYPES} media types")));
        }
        Ok(types)
    }

    /// The value in force: the stored list, or the default when none is
    /// stored or the stored one breaks the rule.
    pub fn read(&self, stored: Option<&str>) -> Vec<String> {
        stored
            .and_then(|text| self.parse(text).ok())
            .unwrap_or_else(|| self.default.split(' ').map(str::to_owned).collect())
    }
}

/// `type/subtype`, each an RFC 6838 restricted name: 1 to 127 of letters,
/// digits and `!#$&-^_.+`, starting with a letter or digit.
fn is_media_type(token: &str) -> bool {
    let name = |part: &str| {
        part.len() <= 127
            && part.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    token.split_once('/').is_some_and(|(kind, sub)| name(kind) && name(sub))
}

/// A setting the service gives itself: a UUID, never changed afterwards.
#[derive(Debug)]
pub struct IdSetting {
    pub key: &'static str,
    pub description: &'static str,
}

/// The id each installation records at first start (it tells apart the
/// databases of several installations; readiness asks whether it is there).
pub static INSTANCE_ID: IdSetting = IdSetting {
    key: "instance.id",
    description: "This installation's id, recorded at its first start; it never changes.",
};

/// The council's quorum (see `domain::council`).
pub static QUORUM_PERCENT: IntegerSetting = IntegerSetting {
    key: "council.quorum_percent",
    description: "A council meeting may decide when more than this share (in percent) of the members in office that \
                  day attend; 50 is a majority. At most 99: no meeting has more than all its members.",
    min: 1,
    max: 99,
    default: 50,
};

/// The council's vote threshold (see `domain::council`).
pub static PASS_PERCENT: IntegerSetting = IntegerSetting {
    key: "council.pass_percent",
    description: "A nomination passes the council with votes for from at least this share (in percent) of all the \
                  members in office that day, present or not.",
    min: 1,
    max: 100,
    default: 70,
};

/// How long a nomination is posted publicly before the council reviews it.
/// The default, 10 working days, is the statutory posting of NĐ 98/2023/NĐ-CP
/// Điều 46 for high awards, kept as good practice for a commune's Giấy khen;
/// the bound keeps nominations from being held for months.
pub static POSTING_WORKING_DAYS: IntegerSetting = IntegerSetting {
    key: "nominations.posting_working_days",
    description: "For how many working days (Monday to Friday) a nomination is posted publicly (công khai) before \
                  the council reviews it.",
    min: 1,
    max: 60,
    default: 10,
};

/// Above how many rows an import is answered at once with `202 Accepted`
/// and written by the background worker. A request on PostgreSQL waits
/// on its database work at most `THIDUA_DB_TIMEOUT_MS` (a second by
/// default); 2,000 rows are written well within it, and a larger import
/// would keep the client waiting on one connection.
pub static IMPORT_ASYNC_ROWS: IntegerSetting = IntegerSetting {
    key: "imports.async_above_rows",
    description: "Above how many rows a bulk import is queued for the background worker (202 Accepted) instead of \
                  answered when written.",
    min: 1,
    max: 1_000_000,
    default: 2_000,
};

/// The largest evidence file. Files are held in memory while they are
/// checked and stored, hence the bound.
pub static EVIDENCE_MAX_BYTES: IntegerSetting = IntegerSetting {
    key: "evidence.max_bytes",
    description: "The largest evidence file accepted, in bytes (10 MiB by default, at most 100 MiB).",
    min: 1,
    max: 100 << 20,
    default: 10 << 20,
};

/// The media types an evidence file may have.
pub static EVIDENCE_ALLOWED_TYPES: MediaTypesSetting = MediaTypesSetting {
    key: "evidence.allowed_types",
    description: "The media types an evidence file may have, separated by spaces (PDF, JPEG, PNG, text, Word and \
                  Excel by default).",
    default: "application/pdf image/jpeg image/png text/plain application/msword \
              application/vnd.openxmlformats-officedocument.wordprocessingml.document application/vnd.ms-excel \
              application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/// A key the service knows, with its rule.
#[derive(Clone, Copy, Debug)]
pub enum Known {
    Integer(&'static IntegerSetting),
    MediaTypes(&'static MediaTypesSetting),
    Id(&'static IdSetting),
}

/// Every setting the service knows, in key order.
pub static KNOWN: [Known; 7] = [
    Known::Integer(&PASS_PERCENT),
    Known::Integer(&QUORUM_PERCENT),
    Known::MediaTypes(&EVIDENCE_ALLOWED_TYPES),
    Known::Integer(&EVIDENCE_MAX_BYTES),
    Known::Integer(&IMPORT_ASYNC_ROWS),
    Known::Id(&INSTANCE_ID),
    Known::Integer(&POSTING_WORKING_DAYS),
];

/// The setting named `key`, if the service knows it.
pub fn known(key: &str) -> Option<Known> {
    KNOWN.iter().copied().find(|k| k.key() == key)
}

impl Known {
    pub fn key(self) -> &'static str {
        match self {
            Known::Integer(s) => s.key,
            Known::MediaTypes(s) => s.key,
            Known::Id(s) => s.key,
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Known::Integer(s) => s.description,
            Known::MediaTypes(s) => s.description,
            Known::Id(s) => s.description,
        }
    }

    pub fn writer(self) -> Writer {
        match self {
            Known::Integer(_) | Known::MediaTypes(_) => Writer::Admin,
            Known::Id(_) => Writer::System,
        }
    }

    /// The default in canonical form; `None` for a value only the service sets.
    pub fn default_text(self) -> Option<String> {
        match self {
            Known::Integer(s) => Some(s.default.to_string()),
            Known::MediaTypes(s) => Some(s.default.to_owned()),
            Known::Id(_) => None,
        }
    }

    /// `(min, max)` of a number.
    pub fn range(self) -> Option<(u32, u32)> {
        match self {
            Known::Integer(s) => Some((s.min, s.max)),
            Known::MediaTypes(_) | Known::Id(_) => None,
        }
    }

    /// The value `text` means, in canonical form (what is stored), or the
    /// rule it breaks.
    pub fn check(self, text: &str) -> Result<String, Broken> {
        match self {
            Known::Integer(s) => s.parse(text).map(|n| n.to_string()),
            Known::MediaTypes(s) => s.parse(text).map(|types| types.join(" ")),
            Known::Id(_) => uuid::Uuid::parse_str(text.trim())
                .map(|id| id.hyphenated().to_string())
                .map_err(|_| Broken::new("invalid_id", "must be a UUID")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_key_order_and_every_default_keeps_its_rule() {
        let keys: Vec<&str> = KNOWN.iter().map(|k| k.key()).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(keys, sorted);
        for k in KNOWN {
            if let Some(default) = k.default_text() {
                assert_eq!(k.check(&default).as_deref(), Ok(default.as_str()), "{}", k.key());
            }
        }
        assert_eq!(known("instance.id").map(Known::writer), Some(Writer::System));
        assert!(known("a.b").is_none());
    }

    #[test]
    fn integers_are_whole_numbers_in_range() {
        let s = &PASS_PERCENT;
        assert_eq!(s.parse(" 66 "), Ok(66));
        assert_eq!(s.parse("100"), Ok(100));
        for bad in ["lots", "", "6.5", "-5", "+5", "1e2", "７０"] {
            assert_eq!(s.parse(bad).unwrap_err().code, "not_an_integer", "{bad:?}");
        }
        for bad in ["0", "101", "99999999999999999999"] {
            assert_eq!(s.parse(bad).unwrap_err().code, "out_of_range", "{bad:?}");
        }
        assert_eq!(Known::Integer(s).check("070"), Ok("70".to_owned()));
    }

    #[test]
    fn a_stored_value_that_breaks_the_rule_reads_as_the_default() {
        assert_eq!(QUORUM_PERCENT.read(None), 50);
        assert_eq!(QUORUM_PERCENT.read(Some("66")), 66);
        assert_eq!(QUORUM_PERCENT.read(Some("100")), 50);
        assert_eq!(POSTING_WORKING_DAYS.read(Some("mười")), 10);
        assert_eq!(EVIDENCE_MAX_BYTES.read(Some("lots")), 10 << 20);
        assert!(EVIDENCE_ALLOWED_TYPES.read(Some("")).iter().any(|t| t == "application/pdf"));
    }

    #[test]
    fn media_types_are_listed_once_in_lower_case() {
        let s = &EVIDENCE_ALLOWED_TYPES;
        assert_eq!(
            s.parse(" Image/PNG  application/pdf image/png "),
            Ok(vec!["image/png".into(), "application/pdf".into()])
        );
        assert_eq!(s.parse("application/vnd.ms-excel").unwrap().len(), 1);
        assert_eq!(s.parse("  ").unwrap_err().code, "required");
        for bad in ["pdf", "image/", "/png", "image/png;q=1", "a/b/c", "ảnh/png"] {
            assert_eq!(s.parse(bad).unwrap_err().code, "invalid_media_type", "{bad:?}");
        }
        let many = (0..=MAX_MEDIA_TYPES).map(|i| format!("x/t{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(s.parse(&many).unwrap_err().code, "too_many");
    }

    #[test]
    fn an_id_is_a_uuid() {
        let id = Known::Id(&INSTANCE_ID);
        assert!(id.check("0193a4f1-7c1e-7a2b-9d51-4be2c1d0f7aa").is_ok());
        assert_eq!(id.check("not-a-uuid").unwrap_err().code, "invalid_id");
    }
}
