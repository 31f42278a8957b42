//! Query parameters no operation takes are refused: a typo
//! (`?stauts=approved`) would otherwise be ignored and answer every report.
//! Each operation takes exactly the query parameters the document lists
//! for it ([`MethodTable`]); any other is a 400 `invalid_query` naming it,
//! before the handler runs, so a write with one changes nothing.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

use super::method_table::MethodTable;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::state::AppState;

/// The middleware, for `actix_web::middleware::from_fn`.
pub async fn refuse_unknown_query(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !req.query_string().is_empty()
        && let Some(state) = req.app_data::<web::Data<AppState>>()
        && let Some(error) = unknown(&state.method_table, &req)
    {
        return Ok(req.into_response(error.error_response()));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The refusal of the first parameter the operation does not take, if any.
fn unknown(table: &MethodTable, req: &ServiceRequest) -> Option<ApiError> {
    let known = &table.operation(req.method().as_str(), req.match_info().as_str())?.query;
    let (name, _) =
        form_urlencoded::parse(req.query_string().as_bytes()).find(|(name, _)| !known.iter().any(|k| k == name))?;
    // A name that is no name (empty, control characters, very long) is not echoed.
    let printable = !name.is_empty() && name.chars().count() <= 100 && !name.chars().any(char::is_control);
    let field = if printable { name.into_owned() } else { "query".to_owned() };
    let takes = if known.is_empty() {
        "This operation takes no query parameter.".to_owned()
    } else {
        format!("This operation takes: {}.", known.join(", "))
    };
    let message = format!("Unknown query parameter. {takes}");
    Some(ApiError::bad_request(
        ErrorCode::InvalidQuery,
        format!("Query parameter {field} is not one this operation takes. {takes}"),
        vec![FieldError::new(field, "unknown", message)],
    ))
}
