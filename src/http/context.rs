//! The outermost middleware: gives every request an id, stamps every answer
//! with it and with the security headers, turns every error — actix's own
//! included — into problem+json, records metrics and writes the access log.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use tracing::Instrument;

use crate::domain::forwarded::{self, Client, TrustedProxies};
use crate::domain::language::Language;
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::state::AppState;

/// The header that carries the request id both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of one request: the client's `X-Request-Id` when it is sane,
/// otherwise a new UUIDv7. Handlers can take it from the request extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    /// Accepts 1–128 characters of letters, digits and `-_.:`; anything else
    /// (empty, too long, control characters) is replaced, never echoed.
    fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let value = headers.get(REQUEST_ID_HEADER)?.to_str().ok()?.trim();
        let sane = (1..=128).contains(&value.len())
            && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
        sane.then(|| Self(value.to_owned()))
    }

    fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl actix_web::FromRequest for RequestId {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let id = req.extensions().get::<RequestId>().cloned().unwrap_or_else(RequestId::generate);
        std::future::ready(Ok(id))
    }
}

/// The middleware itself, for `actix_web::middleware::from_fn`.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = RequestId::from_headers(req.headers()).unwrap_or_else(RequestId::generate);
    req.extensions_mut().insert(request_id.clone());
    let state = req.app_data::<web::Data<AppState>>();
    let metrics = state.map(|state| state.metrics.clone());
    let client = client_of(&req, state.map(|state| &state.trusted_proxies));
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        client = %client.address.map(|a| a.to_string()).unwrap_or_default(),
        scheme = client.scheme,
        method = %req.method(),
        path = %req.path(),
    );
    req.extensions_mut().insert(client);
    let language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Language::En, Language::negotiate);

    // Handlers' and extractors' errors arrive here as responses. An `Err` would
    // come only from a middleware inside this one (none of ours does); it is
    // passed on as it is, because the request (needed to build an answer) is
    // gone by then, and holding a clone of it would break routing.
    let response = if encodes_nul(req.uri().path()) {
        // No id, code or name holds a NUL (U+0000); PostgreSQL would refuse
        // it deep inside, SQLite store it: both answer this instead.
        let refused = ApiError::bad_request(
            ErrorCode::InvalidPath,
            "The address may not contain the NUL character (%00).",
            vec![FieldError::new("path", "nul_character", "Text may not contain the NUL character (U+0000).")],
        );
        req.into_response(actix_web::ResponseError::error_response(&refused))
    } else {
        next.call(req).instrument(span.clone()).await?.map_into_boxed_body()
    };
    let status = response.status();
    let mut response = if status.is_client_error() || status.is_server_error() {
        as_problem(response, &request_id, language)
    } else {
        response
    };
    add_headers(response.headers_mut(), &request_id);

    let elapsed = started.elapsed();
    let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let method = response.request().method().as_str().to_owned();
    if let Some(metrics) = metrics {
        metrics.observe(&method, &route, status.as_u16(), elapsed);
    }
    span.in_scope(|| {
        let millis = elapsed.as_secs_f64() * 1000.0;
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), %route, elapsed_ms = millis, "request failed");
        } else {
            tracing::info!(status = status.as_u16(), %route, elapsed_ms = millis, "request answered");
        }
    });
    Ok(response)
}

/// Whether a path, percent-decoded, would hold a NUL.
fn encodes_nul(path: &str) -> bool {
    path.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// The client of the request: the peer, or what trusted proxies forwarded
/// (`domain::forwarded`); handlers and extractors read it from the extensions.
fn client_of(req: &ServiceRequest, trusted: Option<&TrustedProxies>) -> Client {
    let values = |name: &str| -> Vec<&str> { req.headers().get_all(name).filter_map(|v| v.to_str().ok()).collect() };
    // thidua itself serves plain HTTP; TLS is the proxy's. (actix's own
    // `connection_info` believes forwarding headers from anyone: not used.)
    let own_scheme = "http";
    let no_proxies = TrustedProxies::default();
    forwarded::client(
        trusted.unwrap_or(&no_proxies),
        req.peer_addr().map(|a| a.ip()),
        &values("forwarded"),
        &values("x-forwarded-for"),
        &values("x-forwarded-proto"),
        own_scheme,
    )
}

/// Makes an error response problem+json carrying the request id. A problem
/// set by our own `ApiError` keeps its words; any other error (actix's 404,
/// 405, …) gets the generic problem for its status, never its internal text.
/// Headers such as `Retry-After`, `Allow` and CORS ones are kept. Its words
/// are in the language the request prefers, which `Content-Language` names.
fn as_problem(
    response: ServiceResponse<BoxBody>,
    request_id: &RequestId,
    language: Language,
) -> ServiceResponse<BoxBody> {
    let status = response.status();
    let known = response.response().extensions().get::<Problem>().cloned();
    let mut problem = known.unwrap_or_else(|| Problem::for_status(status));
    if language == Language::Vi {
        problem = problem.in_vietnamese();
    }
    problem.status = status.as_u16();
    problem.request_id = Some(request_id.to_string());
    problem.instance = Some(response.request().path().to_owned());

    let (request, original) = response.into_parts();
    let mut rendered = problem.to_response();
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    let headers = rendered.headers_mut();
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    headers.append(header::VARY, HeaderValue::from_static("accept-language"));
    ServiceResponse::new(request, rendered)
}

fn add_headers(headers: &mut HeaderMap, request_id: &RequestId) {
    if let Ok(value) = HeaderValue::from_str(request_id.as_str()) {
        headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        // Answers carry per-user data from the next issue on: nothing may keep them.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(HeaderName::from_static(REQUEST_ID_HEADER), HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn sane_request_ids_are_kept_and_others_replaced() {
        assert_eq!(RequestId::from_headers(&headers("abc-123_x.y:z")).unwrap().as_str(), "abc-123_x.y:z");
        assert!(RequestId::from_headers(&headers("")).is_none());
        assert!(RequestId::from_headers(&headers("has space")).is_none());
        assert!(RequestId::from_headers(&headers("<script>")).is_none());
        assert!(RequestId::from_headers(&headers(&"a".repeat(129))).is_none());
        assert!(RequestId::from_headers(&HeaderMap::new()).is_none());
    }
}
