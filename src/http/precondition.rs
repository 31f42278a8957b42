//! Optimistic concurrency: responses carry the version as a strong `ETag`;
//! updates must send it back in `If-Match` (428 without, 412 when it does
//! not match, 400 when it is no `If-Match` value).

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};

use crate::domain::if_match::{self, Malformed};
use crate::error::{ApiError, ErrorCode, FieldError};

/// The `If-Match` header of an update. The extractor never fails: the
/// handler hands [`IfMatch::precondition`] — what the header asks, or why
/// there is none — to the service, which checks it after the caller's scope
/// and the body's values (`service::version`), so those are answered first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfMatch(Option<String>);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Several lines of one list field are one list, joined by commas
        // (RFC 9110 §5.3). Bytes beyond ASCII are kept, as `obs-text` an
        // entity tag may hold: they can only fail to match ours.
        let lines: Vec<String> = req
            .headers()
            .get_all(header::IF_MATCH)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        std::future::ready(Ok(IfMatch((!lines.is_empty()).then(|| lines.join(", ")))))
    }
}

impl IfMatch {
    /// What the client asks (RFC 9110 §13.1.1): `*` or a list of entity
    /// tags. 428 without the header, 400 `invalid_if_match` for a value that
    /// is neither.
    pub fn precondition(&self) -> Result<if_match::IfMatch, ApiError> {
        parse(self.0.as_deref())
    }
}

fn parse(value: Option<&str>) -> Result<if_match::IfMatch, ApiError> {
    let value = value.ok_or_else(ApiError::precondition_required)?;
    if_match::IfMatch::parse(value).map_err(|Malformed(why)| {
        ApiError::bad_request(
            ErrorCode::InvalidIfMatch,
            "If-Match must be * or entity tags, such as \"7\" from the ETag of the last answer.",
            vec![FieldError::new("If-Match", "invalid", why)],
        )
    })
}

/// The `ETag` of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// 200 with the body and its `ETag`.
pub fn ok_with_etag<T: serde::Serialize>(version: i32, body: &T) -> HttpResponse {
    tagged(HttpResponse::Ok(), version).json(body)
}

/// 201 for what was created at `location`, with the body and its `ETag`.
pub fn created<T: serde::Serialize>(location: &str, version: i32, body: &T) -> HttpResponse {
    tagged(HttpResponse::Created(), version).insert_header((header::LOCATION, location)).json(body)
}

/// A builder with the `ETag` of `version` set.
pub fn tagged(mut builder: HttpResponseBuilder, version: i32) -> HttpResponseBuilder {
    builder.insert_header((header::ETAG, etag(version)));
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_header_is_428_and_one_that_is_no_precondition_400() {
        assert_eq!(parse(Some("\"7\"")).unwrap(), if_match::IfMatch::version(7));
        assert_eq!(parse(Some("*")).unwrap(), if_match::IfMatch::Any);
        assert_eq!(parse(None).unwrap_err().problem().status, 428);
        let malformed = parse(Some("7")).unwrap_err();
        assert_eq!(malformed.problem().status, 400);
        assert_eq!(malformed.problem().code, ErrorCode::InvalidIfMatch);
    }

    #[test]
    fn a_creation_answers_201_with_location_and_etag() {
        let response = created("/api/v1/people/p1", 1, &serde_json::json!({ "id": "p1" }));
        assert_eq!(response.status(), actix_web::http::StatusCode::CREATED);
        assert_eq!(response.headers().get(header::LOCATION).unwrap(), "/api/v1/people/p1");
        assert_eq!(response.headers().get(header::ETAG).unwrap(), "\"1\"");
    }
}
