//! The answer of every paper (a decision, a Giấy khen, a proposal, an
//! achievement report, the council's minutes, a results report): the file
//! format by `?format=` or `Accept`, the paper rendered inside a read, the
//! file as an attachment named from its record.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::model::documents::DocumentFormat;
use crate::service::documents::{DOCX, File};
use crate::state::AppState;

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

/// Renders a paper in the format the request asks for: `render` (a use case
/// of `service::documents`, which authorises) runs on a pooled connection,
/// its file is answered as an attachment. Every paper's handler is this call.
pub async fn respond<F>(
    state: &AppState,
    req: &HttpRequest,
    asked: Option<DocumentFormat>,
    render: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut DbConnection, DocumentFormat) -> Result<File, ApiError> + Send + 'static,
{
    let format = negotiate(req, asked);
    let file = state.db.run(move |conn| render(conn, format)).await?;
    attachment(file)
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
