//! The answer for requests no route took: 405 with `Allow` when the path
//! exists under other methods (see [`crate::http::method_table::MethodTable`]), 404 otherwise.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::state::AppState;

/// The default service.
pub async fn fallback(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match state.method_table.allowed(req.match_info().as_str()) {
        Some(methods) if !methods.contains(&req.method().as_str()) => {
            Err(ApiError::method_not_allowed(req.method().as_str(), &methods.join(", ")))
        }
        _ => Err(ApiError::not_found("No resource exists at this address.")),
    }
}
