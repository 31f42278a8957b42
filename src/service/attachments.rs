//! Evidence files and links, whatever record they support (a report, a
//! complaint): the limits of an upload (settings `evidence.max_bytes` and
//! `evidence.allowed_types`), the checks on an upload's form and on a link,
//! storing a file before its record is written, and a stored file to send.
//! Each record's own rules (who may add, when) stay with its use cases.

use std::collections::HashMap;
use std::future::Future;

use sha2::{Digest, Sha256};

use crate::db::DbConnection;
use crate::domain::settings::{EVIDENCE_ALLOWED_TYPES, EVIDENCE_MAX_BYTES};
use crate::domain::text::check_name;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::storage::Files;

/// The name of a file sent without one.
pub const UNNAMED_FILE: &str = "tai-lieu";
/// The media type of a file sent without one.
pub const UNTYPED_FILE: &str = "application/octet-stream";
/// The longest title of a piece of evidence, in characters.
const MAX_TITLE: usize = 500;

/// What an upload may hold, read from the settings before the form is, so
/// that a refused upload is answered before its file arrives.
pub struct UploadLimits {
    /// The largest file accepted, in bytes (setting `evidence.max_bytes`).
    pub max_bytes: u64,
    /// The media types accepted (setting `evidence.allowed_types`).
    allowed_types: Vec<String>,
}

/// The limits of an upload now, from the stored settings.
pub fn upload_limits(conn: &mut DbConnection) -> Result<UploadLimits, ApiError> {
    let max_bytes = u64::from(super::settings::integer(conn, &EVIDENCE_MAX_BYTES)?);
    let allowed_types = super::settings::media_types(conn, &EVIDENCE_ALLOWED_TYPES)?;
    Ok(UploadLimits { max_bytes, allowed_types })
}

/// An upload's form as read: the part named `file`, and the text of every
/// other part, each within its size limit.
#[derive(Default)]
pub struct UploadForm {
    pub file: Option<FilePart>,
    texts: HashMap<String, String>,
}

impl UploadForm {
    /// Keeps the text of the part `name` (a later part of the same name replaces it).
    pub fn set_text(&mut self, name: String, text: String) {
        self.texts.insert(name, text);
    }

    /// The text of the part `name`, as sent.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts.get(name).map(String::as_str)
    }
}

/// The `file` part of an upload.
pub struct FilePart {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A file that passed the checks, ready to be stored and recorded.
pub struct CheckedUpload {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub content_type: String,
    /// The `title` part, or the file name when none was sent.
    pub title: String,
    pub size: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
}

impl UploadLimits {
    /// Checks the form read: a file, of an allowed type, with a fitting
    /// title. 422 naming `file` without one, 415 for a type not allowed,
    /// 422 naming `title` for a title that breaks the text rules.
    pub fn check(&self, mut form: UploadForm) -> Result<CheckedUpload, ApiError> {
        let Some(file) = form.file.take() else {
            return Err(ApiError::validation(vec![FieldError::new(
                "file",
                "required",
                "Send the file in a part named `file`.",
            )]));
        };
        let filename = file.filename.unwrap_or_else(|| UNNAMED_FILE.to_owned());
        let content_type = file.content_type.unwrap_or_else(|| UNTYPED_FILE.to_owned());
        if !self.allowed_types.iter().any(|t| t == &content_type) {
            let mut e = ApiError::unsupported_media_type(&self.allowed_types.join(", "));
            e.set_errors(vec![FieldError::new(
                "file",
                "type_not_allowed",
                format!("{content_type} is not an allowed evidence type."),
            )]);
            return Err(e);
        }
        let title = match form.text("title").filter(|t| !t.trim().is_empty()) {
            Some(t) => check_name(t, MAX_TITLE).map_err(|rule| {
                ApiError::validation(vec![FieldError::new("title", "invalid", format!("The title {rule}."))])
            })?,
            None => filename.clone(),
        };
        let sha256: String = Sha256::digest(&file.bytes).iter().map(|b| format!("{b:02x}")).collect();
        let size = i64::try_from(file.bytes.len()).unwrap_or(i64::MAX);
        Ok(CheckedUpload { bytes: file.bytes, filename, content_type, title, size, sha256 })
    }
}

/// The shape [`check_link`] accepts, for the OpenAPI document: spaces
/// around (trimmed), `http://` or `https://` and at least one character,
/// none a space or a control character.
pub const LINK_PATTERN: &str = concat!(
    r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*https?://",
    r"[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+",
    r"[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
);

/// A link as evidence, checked: an http or https address of at most 2,000
/// characters, and a title. Answers the trimmed address and title, or 422
/// naming each field that breaks its rule.
pub fn check_link(url: &str, title: &str) -> Result<(String, String), ApiError> {
    let mut errors = Vec::new();
    let url = url.trim().to_owned();
    let valid_url =
        url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).is_some_and(|rest| !rest.is_empty())
            && url.len() <= 2000
            && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if !valid_url {
        errors.push(FieldError::new("url", "invalid", "An http or https address of at most 2,000 characters."));
    }
    let title = check_name(title, MAX_TITLE)
        .map_err(|rule| errors.push(FieldError::new("title", "invalid", format!("The title {rule}."))))
        .unwrap_or_default();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok((url, title))
}

/// Puts `bytes` in the object store under `key`, then writes its record
/// with `record`. A file whose record is refused (the record can no longer
/// take it, the database failed) is removed again rather than left behind
/// with nothing pointing at it.
pub async fn store_then_record<T>(
    files: &Files,
    key: &str,
    bytes: Vec<u8>,
    record: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    files.put(key, bytes).await.map_err(|e| ApiError::internal(&e))?;
    let recorded = record.await;
    if recorded.is_err()
        && let Err(e) = files.delete(key).await
    {
        tracing::warn!(key = %key, error = %e, "an unrecorded evidence file could not be removed");
    }
    recorded
}

/// An evidence file as stored, to be sent.
pub struct StoredFile {
    /// Where it is kept in the object store.
    pub key: String,
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
}

impl StoredFile {
    /// The file of a piece of evidence from its recorded columns; 409
    /// `evidence_is_a_link` when it has no stored file.
    pub fn of(
        storage_key: Option<String>,
        filename: Option<String>,
        content_type: Option<String>,
        sha256: Option<String>,
    ) -> Result<Self, ApiError> {
        let Some(key) = storage_key else {
            return Err(ApiError::conflict(ErrorCode::EvidenceIsALink, "This evidence is a link; follow its url."));
        };
        Ok(Self {
            key,
            filename: filename.unwrap_or_else(|| UNNAMED_FILE.to_owned()),
            content_type: content_type.unwrap_or_else(|| UNTYPED_FILE.to_owned()),
            sha256: sha256.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_link_pattern_is_the_check() {
        let pattern = regex::Regex::new(LINK_PATTERN).unwrap();
        for url in [
            "https://x.vn/a",
            " http://x \t",
            "http://x",
            "https://",
            "http://",
            "ftp://x",
            "https://x.vn/a b",
            "https://x\u{85}",
            "https://x\u{7f}",
            "HTTPS://x",
            "https://đường.vn",
            "",
        ] {
            assert_eq!(pattern.is_match(url), check_link(url, "Biên bản").is_ok(), "{url:?}");
        }
    }

    fn limits() -> UploadLimits {
        UploadLimits { max_bytes: 100, allowed_types: vec!["application/pdf".to_owned()] }
    }

    fn pdf(title: Option<&str>) -> UploadForm {
        let mut form = UploadForm {
            file: Some(FilePart {
                filename: Some("a.pdf".to_owned()),
                content_type: Some("application/pdf".to_owned()),
                bytes: b"%PDF".to_vec(),
            }),
            ..UploadForm::default()
        };
        if let Some(title) = title {
            form.set_text("title".to_owned(), title.to_owned());
        }
        form
    }

    #[test]
    fn an_upload_needs_a_file_of_an_allowed_type() {
        let missing = limits().check(UploadForm::default()).err().unwrap();
        assert_eq!(missing.problem().errors[0].field, "file");
        let mut exe = pdf(None);
        exe.file.as_mut().unwrap().content_type = Some("application/x-msdownload".to_owned());
        assert_eq!(limits().check(exe).err().unwrap().problem().status, 415);
    }

    #[test]
    fn the_title_defaults_to_the_file_name_and_the_digest_is_kept() {
        let checked = limits().check(pdf(Some("  "))).ok().unwrap();
        assert_eq!(checked.title, "a.pdf");
        assert_eq!(checked.size, 4);
        assert_eq!(checked.sha256.len(), 64);
        assert_eq!(limits().check(pdf(Some(" Biên bản "))).ok().unwrap().title, "Biên bản");
        let bad = limits().check(pdf(Some("a\u{0}b"))).err().unwrap();
        assert_eq!(bad.problem().errors[0].field, "title");
    }

    #[test]
    fn links_are_http_addresses_with_a_title() {
        assert_eq!(check_link(" https://x.vn/a ", "Biên bản").unwrap().0, "https://x.vn/a");
        let both = check_link("ftp://x", "").unwrap_err();
        let fields: Vec<&str> = both.problem().errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["url", "title"]);
        assert!(check_link("https://x.vn/a b", "t").is_err());
    }

    #[test]
    fn a_link_has_no_file_to_send() {
        let e = StoredFile::of(None, None, None, None).err().unwrap();
        assert_eq!(e.problem().code, ErrorCode::EvidenceIsALink);
        let file = StoredFile::of(Some("k".into()), None, None, None).ok().unwrap();
        assert_eq!((file.filename.as_str(), file.content_type.as_str()), (UNNAMED_FILE, UNTYPED_FILE));
    }
}
