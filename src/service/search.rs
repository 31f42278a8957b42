//! A list's `q` parameter, checked once for every list that takes it.

use crate::domain::search::check_query;
use crate::error::{ApiError, ErrorCode, FieldError};

/// The search key of `q`, or `None` when there is nothing to search for;
/// a `q` that breaks the rule is a 400 naming it.
pub fn query(q: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(raw) = q else { return Ok(None) };
    check_query(raw).map_err(|rule| {
        ApiError::bad_request(
            ErrorCode::BadQuery,
            format!("The search text `q` {rule}."),
            vec![FieldError::new("q", "invalid_search", format!("The search text {rule}."))],
        )
    })
}
