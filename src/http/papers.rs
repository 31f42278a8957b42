//! The answer of every paper (a decision, a Giấy khen): the file format by
//! `?format=` or `Accept`, the file as an attachment named from its record.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::model::documents::DocumentFormat;
use crate::service::documents::{DOCX, File};

/// `?format=` wins; else the first of the two media types `Accept` names;
/// else PDF (what a browser shows, and the copy for the record).
pub fn negotiate(req: &HttpRequest, asked: Option<DocumentFormat>) -> DocumentFormat {
    if let Some(format) = asked {
        return format;
    }
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    match (accept.find("application/pdf"), accept.find(DOCX)) {
        (Some(pdf), Some(docx)) if docx < pdf => DocumentFormat::Docx,
        (None, Some(_)) => DocumentFormat::Docx,
        _ => DocumentFormat::Pdf,
    }
}

/// The file, to download under its name (ASCII already: `QD-12-QD-UBND_2023-12-20.pdf`).
pub fn attachment(file: File) -> Result<HttpResponse, ApiError> {
    let disposition = format!("attachment; filename=\"{}\"", file.name);
    Ok(HttpResponse::Ok()
        .content_type(file.media_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).map_err(|e| ApiError::internal(&e))?,
        ))
        .body(file.bytes))
}
