//! The one error type of the HTTP API, rendered as RFC 9457 problem+json.
//!
//! Handlers return `ApiError`; actix's own failures (unknown route, wrong
//! method, unreadable JSON, …) are turned into the same shape by
//! `crate::http::context`, which also stamps every problem with the request id.
//! Whatever caused an internal error is logged here and never sent.

mod code;
mod vietnamese;

pub use code::ErrorCode;

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::DbError;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Seconds a client is asked to wait when the database is unavailable.
pub const RETRY_AFTER_UNAVAILABLE_SECS: u64 = 1;

/// One invalid input: which field, which rule, and a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field, as the client named it (`limit`, `criteria[3].target`, `body`).
    pub field: String,
    /// The rule that failed, stable for machines (`required`, `out_of_range`, …).
    pub code: String,
    /// What is wrong, in words.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }

    /// What serde could not read at `path` (`serde_path_to_error`'s, `.` for
    /// the whole input, which `whole` then names), with its `message`. serde
    /// reports a missing field at its parent's path: the field is named, and
    /// the rule is `required`.
    pub fn unreadable(path: &str, message: String, whole: &str) -> Self {
        let name = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()).map(str::to_owned);
        match name {
            Some(name) if path == "." => Self::new(name, "required", message),
            Some(name) => Self::new(format!("{path}.{name}"), "required", message),
            None if path == "." => Self::new(whole, "invalid", message),
            None => Self::new(path, "invalid", message),
        }
    }
}

/// An RFC 9457 problem details object.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:thidua:problem:not_found",
    "title": "Not Found",
    "status": 404,
    "detail": "No setting has the key \"reward.base_salary\".",
    "code": "not_found",
    "instance": "/api/v1/settings/reward.base_salary",
    "request_id": "0193a4f1-7c1e-7a2b-9d51-4be2c1d0f7aa"
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:thidua:problem:{code}`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The HTTP status phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, in words.
    pub detail: String,
    /// A stable machine-readable code for the rule that answered.
    pub code: ErrorCode,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The request id, also sent as the `X-Request-Id` header; quote it when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For validation problems: each invalid field and the rule it broke.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For a refused state change: the state the resource is in now.
    #[schema(value_type = crate::model::choices::CurrentStatus)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
    /// The token endpoint only: the OAuth 2.0 error code (RFC 6749 §5.2), for OAuth client libraries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorCode>,
}

impl Problem {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            type_: format!("urn:thidua:problem:{}", code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code,
            instance: None,
            request_id: None,
            errors: Vec::new(),
            current_status: None,
            error: None,
        }
    }

    /// The generic problem for a status that no handler explained (actix's own answers).
    pub fn for_status(status: StatusCode) -> Self {
        let (code, detail) = match status.as_u16() {
            400 => (ErrorCode::BadRequest, "The request could not be read."),
            404 => (ErrorCode::NotFound, "No resource exists at this address."),
            405 => (ErrorCode::MethodNotAllowed, "This resource does not support this method."),
            406 => (ErrorCode::NotAcceptable, "No representation matches the Accept header."),
            408 => (ErrorCode::RequestTimeout, "The request took too long to arrive."),
            413 => (ErrorCode::PayloadTooLarge, "The request body is too large."),
            414 => (ErrorCode::UriTooLong, "The request address is too long."),
            415 => (ErrorCode::UnsupportedMediaType, "The request body's media type is not accepted here."),
            431 => (ErrorCode::HeadersTooLarge, "The request headers are too large."),
            503 => (ErrorCode::Unavailable, "The service is temporarily unavailable; try again shortly."),
            s if s >= 500 => (ErrorCode::Internal, "An unexpected error occurred; it has been logged."),
            _ => (ErrorCode::Error, "The request failed."),
        };
        Self::new(status, code, detail)
    }

    /// The response carrying this problem.
    pub fn to_response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(self).expect("a problem always serialises");
        let mut response = HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
            .body(body);
        // Kept beside the body so the request-context middleware can add the request id.
        response.extensions_mut().insert(self.clone());
        response
    }
}

/// Every way a request can fail, as the client sees it.
#[derive(Debug)]
pub struct ApiError {
    // Boxed: errors travel in every `Result` and should stay small.
    problem: Box<Problem>,
    /// Headers the answer needs beside the body (`Retry-After`, `Allow`).
    headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl ApiError {
    fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self { problem: Box::new(Problem::new(status, code, detail)), headers: Vec::new() }
    }

    /// 400: the request could not be read (not JSON, bad query string, …).
    pub fn bad_request(code: ErrorCode, detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail).with_errors(errors)
    }

    /// 401: no valid credentials. `WWW-Authenticate` tells the client to send a bearer token.
    pub fn unauthorized(code: ErrorCode, detail: impl Into<String>) -> Self {
        let challenge = if code == ErrorCode::Unauthenticated {
            "Bearer realm=\"thidua\"".to_owned()
        } else {
            format!("Bearer realm=\"thidua\", error=\"{}\"", code.as_str())
        };
        Self::new(StatusCode::UNAUTHORIZED, code, detail).with_header(header::WWW_AUTHENTICATE, &challenge)
    }

    /// 403: the caller's role may not do this at all.
    /// 403 for a reason of its own (`code`), not the role.
    pub fn forbidden_because(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, detail)
    }

    /// An OAuth 2.0 token-endpoint error (RFC 6749 §5.2): 400, or 401 for `invalid_client`.
    pub fn oauth(error: ErrorCode, detail: impl Into<String>) -> Self {
        let status = if error == ErrorCode::InvalidClient { StatusCode::UNAUTHORIZED } else { StatusCode::BAD_REQUEST };
        let mut e = Self::new(status, error, detail);
        e.problem.error = Some(error);
        e
    }

    /// 412: the `If-Match` version is not the current one.
    pub fn precondition_failed(current_version: i32) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            ErrorCode::StaleVersion,
            format!("The resource changed since it was read; it is now at version {current_version}."),
        )
    }

    /// 412: `If-Match` names the current version only by a weak tag, which
    /// its strong comparison never matches (RFC 9110 §13.1.1).
    pub fn precondition_failed_weak(current_version: i32) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            ErrorCode::StaleVersion,
            format!(
                "If-Match compares entity tags strongly, so the weak W/\"{current_version}\" never matches: \
                 send the ETag as it came, \"{current_version}\"."
            ),
        )
    }

    /// 428: an update without `If-Match`.
    pub fn precondition_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            ErrorCode::IfMatchRequired,
            "Send the version you read in an If-Match header (the ETag of the last answer).",
        )
    }

    /// 429: too many failed attempts; retry after `seconds`.
    pub fn too_many_requests(seconds: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyAttempts,
            format!("Too many failed attempts; try again in {seconds} seconds."),
        )
        .with_retry_after(seconds)
    }

    /// 404: no such resource — also the answer for one outside the caller's scope.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, detail)
    }

    /// 405: the resource exists but not with this method; `allowed` lists those it has.
    pub fn method_not_allowed(method: &str, allowed: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            format!("This resource does not support {method}; it supports {allowed}."),
        )
        .with_header(header::ALLOW, allowed)
    }

    /// 409: the resource's state does not allow this.
    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    /// 409 for a duplicate of a request still being answered: retry in a second.
    pub fn idempotency_in_progress() -> Self {
        Self::conflict(
            ErrorCode::IdempotencyInProgress,
            "The first request with this key is still being answered; retry shortly.",
        )
        .with_retry_after(1)
    }

    /// 409: a value that must be unique is another's already; `field`
    /// names it (rule `taken`, with `message`), `detail` tells the whole.
    pub fn taken(code: ErrorCode, field: &str, detail: impl Into<String>, message: &str) -> Self {
        Self::conflict(code, detail).with_errors(vec![FieldError::new(field, "taken", message)])
    }

    /// 413: the body is larger than the limit.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("The request body is larger than the limit of {limit} bytes."),
        )
    }

    /// 415: the body's media type is not accepted.
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            format!("The request body must be sent as {expected}."),
        )
    }

    /// 422: the request was read but its values break the rules listed.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} values are invalid; see errors.", many.len()),
        };
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ValidationFailed, detail).with_errors(errors)
    }

    /// 503: the database cannot be reached; the client may retry.
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::DatabaseUnavailable,
            "The database is unavailable; try again shortly.",
        )
        .with_retry_after(RETRY_AFTER_UNAVAILABLE_SECS)
    }

    /// 503: the database answers but the service cannot use it yet (e.g. not migrated).
    pub fn not_ready(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::NotReady, detail)
            .with_retry_after(RETRY_AFTER_UNAVAILABLE_SECS)
    }

    /// 500: a fault of ours. The cause is logged here and never sent.
    pub fn internal(cause: &dyn fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "An unexpected error occurred; it has been logged.",
        )
    }

    fn with_retry_after(self, seconds: u64) -> Self {
        self.with_header(header::RETRY_AFTER, &seconds.to_string())
    }

    fn with_header(mut self, name: header::HeaderName, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }

    /// 409 for a move the resource's state does not allow; names the state.
    pub fn illegal_state(code: ErrorCode, detail: impl Into<String>, current_status: &str) -> Self {
        let mut e = Self::new(StatusCode::CONFLICT, code, detail);
        e.problem.current_status = Some(current_status.to_owned());
        e
    }

    /// The invalid fields of a 422, to list among others a use case finds;
    /// any other error (the database's, say) as it is.
    pub fn into_field_errors(self) -> Result<Vec<FieldError>, ApiError> {
        if self.problem.code == ErrorCode::ValidationFailed { Ok(self.problem.errors) } else { Err(self) }
    }

    /// Lists the invalid fields of a problem built otherwise.
    pub fn set_errors(&mut self, errors: Vec<FieldError>) {
        self.problem.errors = errors;
    }

    fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.problem.errors = errors;
        self
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.problem.status, self.problem.code.as_str(), self.problem.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = self.problem.to_response();
        for (name, value) in &self.headers {
            response.headers_mut().insert(name.clone(), value.clone());
        }
        response
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
                Self::unavailable()
            }
            DbError::NotFound => Self::not_found("The resource does not exist."),
            DbError::UniqueViolation(constraint) => {
                tracing::debug!(%constraint, "unique violation");
                Self::conflict(ErrorCode::AlreadyExists, "A resource with these identifying values already exists.")
            }
            DbError::Other(cause) => Self::internal(&cause),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_value_is_a_409_naming_its_field() {
        let e = ApiError::taken(ErrorCode::CodeTaken, "code", "Another unit has the code \"X\".", "Taken.");
        let problem = e.problem();
        assert_eq!((problem.status, problem.code), (409, ErrorCode::CodeTaken));
        assert_eq!(problem.detail, "Another unit has the code \"X\".");
        assert_eq!(problem.errors, vec![FieldError::new("code", "taken", "Taken.")]);
    }

    #[test]
    fn only_a_422_gives_up_its_field_errors() {
        let field = FieldError::new("name", "invalid", "The name must not be empty.");
        assert_eq!(ApiError::validation(vec![field.clone()]).into_field_errors().unwrap(), vec![field]);
        assert_eq!(ApiError::unavailable().into_field_errors().unwrap_err().problem().status, 503);
    }

    #[test]
    fn every_code_is_sent_as_its_declared_name() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str(), "{code:?}");
        }
    }
}
