//! Evidence files over HTTP, whatever record they support: reading an
//! upload's multipart form within its limits, and sending a stored file as
//! an attachment.

use actix_multipart::Multipart;
use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::Bytes;
use futures_util::StreamExt;

use crate::error::{ApiError, ErrorCode};
use crate::service::attachments::{FilePart, StoredFile, UploadForm};

/// The most a part other than the file may hold (a title, a criterion).
const TEXT_PART_MAX_BYTES: u64 = 10_000;

/// Reads the form's parts, each within its limit (413 past it): the part
/// named `file` within `max_bytes`, the others, read as text, within
/// [`TEXT_PART_MAX_BYTES`]. 400 `malformed_multipart` for a form that
/// cannot be read.
pub async fn read_upload(mut form: Multipart, max_bytes: u64) -> Result<UploadForm, ApiError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        ApiError::bad_request(ErrorCode::MalformedMultipart, format!("The form cannot be read: {e}."), Vec::new())
    };
    let mut read = UploadForm::default();
    while let Some(part) = form.next().await {
        let mut part = part.map_err(|e| unreadable(&e))?;
        let name = part.name().unwrap_or_default().to_owned();
        let filename = part.content_disposition().and_then(|d| d.get_filename()).map(str::to_owned);
        let content_type = part.content_type().map(|m| m.essence_str().to_owned());
        let mut bytes = Vec::new();
        let limit = if name == "file" { max_bytes } else { TEXT_PART_MAX_BYTES };
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|e| unreadable(&e))?;
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(ApiError::payload_too_large(usize::try_from(limit).unwrap_or(usize::MAX)));
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "file" {
            read.file = Some(FilePart { filename, content_type, bytes });
        } else {
            read.set_text(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(read)
}

/// 200 with a stored file's bytes: its media type, an attachment
/// disposition with its name (RFC 5987-encoded), and its SHA-256 as `ETag`.
pub fn attachment(file: StoredFile, bytes: Bytes) -> HttpResponse {
    let encoded: String =
        form_urlencoded::byte_serialize(file.filename.as_bytes()).collect::<String>().replace('+', "%20");
    HttpResponse::Ok()
        .content_type(file.content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename*=UTF-8''{encoded}")))
        .insert_header((header::ETAG, format!("\"{}\"", file.sha256)))
        .body(bytes)
}
