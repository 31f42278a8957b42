//! Optimistic concurrency: responses carry the version as a strong `ETag`;
//! updates must send it back in `If-Match` (428 without, 412 when stale).

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};

use crate::error::{ApiError, ErrorCode};

/// The `If-Match` header of an update. The extractor never fails: the
/// handler hands [`IfMatch::version`] — the version, or why there is none —
/// to the service, which checks it after the caller's scope and the body's
/// values (`service::version`), so those are answered first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfMatch(Option<String>);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let raw = req.headers().get(header::IF_MATCH).map(|v| v.to_str().unwrap_or("").to_owned());
        std::future::ready(Ok(IfMatch(raw)))
    }
}

impl IfMatch {
    /// The version the client read, from `If-Match: "7"` (a weak `W/"7"` is
    /// taken too): 428 without the header, 412 when it names no version.
    pub fn version(&self) -> Result<i32, ApiError> {
        parse(self.0.as_deref().map(HeaderValue::from_str).and_then(Result::ok).as_ref())
    }
}

fn parse(value: Option<&HeaderValue>) -> Result<i32, ApiError> {
    let value = value.ok_or_else(ApiError::precondition_required)?;
    let text = value.to_str().unwrap_or("").trim();
    // Our own bare version (`7`) is taken as a convenience for curl users.
    if let Ok(version) = text.parse::<i32>() {
        return Ok(version);
    }
    let opaque = text.strip_prefix("W/").unwrap_or(text);
    let quoted = opaque.len() >= 2 && opaque.starts_with('"') && opaque.ends_with('"');
    if !quoted && text != "*" {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidIfMatch,
            "If-Match must be an entity tag, such as \"7\" from the ETag of the last answer.",
            vec![crate::error::FieldError::new("If-Match", "invalid", "Not an entity tag.")],
        ));
    }
    // A well-formed tag that is no version of ours (or `*`) matches nothing we can check.
    opaque.trim_matches('"').parse::<i32>().map_err(|_| ApiError::precondition_failed_unknown())
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
    fn if_match_forms() {
        let v = |s: &'static str| parse(Some(&HeaderValue::from_static(s)));
        assert_eq!(v("\"7\"").unwrap(), 7);
        assert_eq!(v("W/\"7\"").unwrap(), 7);
        assert_eq!(v("7").unwrap(), 7);
        assert_eq!(v("\"abc\"").unwrap_err().problem().status, 412);
        assert_eq!(v("abc").unwrap_err().problem().status, 400);
        assert_eq!(parse(None).unwrap_err().problem().status, 428);
    }

    #[test]
    fn a_creation_answers_201_with_location_and_etag() {
        let response = created("/api/v1/people/p1", 1, &serde_json::json!({ "id": "p1" }));
        assert_eq!(response.status(), actix_web::http::StatusCode::CREATED);
        assert_eq!(response.headers().get(header::LOCATION).unwrap(), "/api/v1/people/p1");
        assert_eq!(response.headers().get(header::ETAG).unwrap(), "\"1\"");
    }
}
