//! Extractors for JSON bodies and query strings that answer bad input in
//! problem+json and name the exact field (`criteria[3].target`), in place of
//! actix's plain-text 400s.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::nul::{Step, has_nul, ignored_by, nul_error, nul_in};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::state::AppState;

/// The largest body a handler reads: `THIDUA_MAX_BODY_BYTES` from the app
/// state, or 1 MiB (the setting's default) where there is none (unit tests).
pub fn body_limit(req: &HttpRequest) -> usize {
    let import = req.method() == actix_web::http::Method::POST && req.path() == IMPORTS_PATH;
    req.app_data::<web::Data<AppState>>().map_or(1 << 20, |state| {
        if import { state.max_import_bytes.max(state.max_body_bytes) } else { state.max_body_bytes }
    })
}

/// The one operation whose body may be larger (`THIDUA_MAX_IMPORT_BYTES`):
/// a bulk import of a district's figures.
const IMPORTS_PATH: &str = "/api/v1/imports";

/// A bulk import's body: JSON (`application/json`) or CSV (`text/csv`);
/// 415 for anything else.
#[derive(Debug)]
pub enum JsonOrCsv<T> {
    Json(T),
    Csv(web::BytesMut),
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonOrCsv<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let csv = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| m.type_() == mime::TEXT && m.subtype() == mime::CSV);
        let body = Body::take(req, payload);
        Box::pin(async move {
            match body.media {
                Media::Json => parse_json(&body.read().await?).map(JsonOrCsv::Json),
                _ if csv => Ok(JsonOrCsv::Csv(body.read().await?)),
                _ => Err(ApiError::unsupported_media_type("application/json or text/csv")),
            }
        })
    }
}

/// A JSON request body. Answers 415 unless the body is `application/json`
/// (or `+json`), 413 over the body limit, 400 when it is not JSON, and 422
/// naming the field when it is JSON of the wrong shape.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = Body::take(req, payload);
        Box::pin(async move {
            if body.media != Media::Json {
                return Err(ApiError::unsupported_media_type("application/json"));
            }
            parse_json(&body.read().await?).map(Json)
        })
    }
}

/// A JSON body that may be left out, as a move that needs no reason takes
/// it: no body, an empty one (whatever its content type says), `null` and
/// `{}` all mean "nothing to say" — generated clients send each of them.
/// Anything else is read as strictly as [`Json`].
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = Body::take(req, payload);
        Box::pin(async move {
            let media = body.media;
            let bytes = body.read().await?;
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(None));
            }
            if media != Media::Json {
                return Err(ApiError::unsupported_media_type("application/json"));
            }
            parse_json::<Option<T>>(&bytes).map(OptionalJson)
        })
    }
}

/// A body sent as JSON or as an HTML form (`application/x-www-form-urlencoded`),
/// as OAuth 2.0 clients do at the token endpoint.
#[derive(Debug)]
pub struct JsonOrForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonOrForm<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = Body::take(req, payload);
        Box::pin(async move {
            let media = body.media;
            let bytes = match media {
                Media::Json | Media::Form => body.read().await?,
                Media::Other => {
                    return Err(ApiError::unsupported_media_type(
                        "application/json or application/x-www-form-urlencoded",
                    ));
                }
            };
            match media {
                Media::Form => parse_form(&bytes).map(JsonOrForm),
                _ => parse_json(&bytes).map(JsonOrForm),
            }
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Media {
    Json,
    Form,
    Other,
}

/// A request body not yet read, with what the headers say of it.
struct Body {
    media: Media,
    limit: usize,
    declared_length: Option<usize>,
    payload: Payload,
}

impl Body {
    fn take(req: &HttpRequest, payload: &mut Payload) -> Self {
        let mime = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok());
        let media = match mime {
            Some(m) if m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON) => Media::Json,
            Some(m) if m.type_() == mime::APPLICATION && m.subtype() == mime::WWW_FORM_URLENCODED => Media::Form,
            _ => Media::Other,
        };
        Self {
            media,
            limit: body_limit(req),
            declared_length: req
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok()),
            payload: payload.take(),
        }
    }

    /// Reads the body whole, refusing it (413) as soon as it passes the limit.
    async fn read(mut self) -> Result<web::BytesMut, ApiError> {
        if self.declared_length.is_some_and(|n| n > self.limit) {
            return Err(ApiError::payload_too_large(self.limit));
        }
        let mut body = web::BytesMut::new();
        while let Some(chunk) = self.payload.next().await {
            let chunk = chunk.map_err(|_| {
                ApiError::bad_request(ErrorCode::UnreadableBody, "The request body could not be read.", Vec::new())
            })?;
            if body.len() + chunk.len() > self.limit {
                return Err(ApiError::payload_too_large(self.limit));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

fn parse_form<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // A form `T` cannot read at all is answered below, by the reading proper.
    if form_urlencoded::parse(body).any(|(name, value)| has_nul(&name) || has_nul(&value))
        && let Some(ignored) = ignored_by::<T, _>(serde_urlencoded::Deserializer::new(form_urlencoded::parse(body)))
    {
        let read = |name: &str| !ignored.iter().any(|steps| steps.as_slice() == [Step::Key(name.to_owned())]);
        if let Some((name, _)) =
            form_urlencoded::parse(body).find(|(name, value)| read(name) && (has_nul(name) || has_nul(value)))
        {
            return Err(ApiError::validation(vec![nul_error(if has_nul(&name) { "body" } else { &name })]));
        }
    }
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(body));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        ApiError::validation(vec![FieldError::unreadable(&path, error.into_inner().to_string(), "body")])
    })
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // A NUL can only come as the escape `\u0000`: look closer only then.
    if contains_ignoring_case(body, b"\\u0000")
        && let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body)
        && let Some(ignored) = {
            whole_numbers_as_integers(&mut value);
            ignored_by::<T, _>(&value)
        }
    {
        let mut fields = Vec::new();
        nul_in(&value, "", &mut Vec::new(), &ignored, &mut fields);
        if !fields.is_empty() {
            return Err(ApiError::validation(fields.iter().map(|f| nul_error(f)).collect()));
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => value,
        // JSON Schema counts `3.0` as an integer, as JavaScript does: a whole
        // number written with a fraction is read as the integer it is.
        Err(error)
            if error.inner().is_data() && error.inner().to_string().starts_with("invalid type: floating point") =>
        {
            return match serde_json::from_slice::<serde_json::Value>(body) {
                Ok(mut tree) => {
                    whole_numbers_as_integers(&mut tree);
                    serde_path_to_error::deserialize(tree).map_err(shape_error)
                }
                Err(_) => Err(shape_error(error)),
            };
        }
        Err(error) if error.inner().is_data() => return Err(shape_error(error)),
        // A number past a double's range (`1e400`) is a value out of bounds,
        // not broken JSON: named, as every figure beyond its bounds is.
        Err(error) if error.inner().to_string().starts_with("number out of range") => {
            let field = error.path().to_string();
            let field = if field == "." { "body".to_owned() } else { field };
            return Err(ApiError::validation(vec![FieldError::new(field, "out_of_range", "The number is too large.")]));
        }
        // serde_json reports a value of the wrong kind where an enum is
        // wanted (`"measure": null`) as a syntax error. Read as a tree, valid
        // JSON says what the value is and where: a 422 naming the field.
        Err(error) => match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(tree) => return serde_path_to_error::deserialize(tree).map_err(shape_error),
            Err(_) => return Err(malformed(error.into_inner())),
        },
    };
    deserializer.end().map_err(malformed)?;
    Ok(value)
}

/// Rewrites every number with no fraction (`323.0`, `1e3`) that an `i64`
/// holds as that integer; a field read as a double reads it the same.
fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                // Below 2^53 every whole double is exact, so the cast loses nothing.
                #[allow(clippy::cast_possible_truncation)]
                let whole = f as i64;
                *value = serde_json::Value::from(whole);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// Valid JSON of the wrong shape: 422 naming the field and the rule.
fn shape_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    ApiError::validation(vec![FieldError::unreadable(&path, without_position(error.inner()), "body")])
}

fn malformed(error: serde_json::Error) -> ApiError {
    ApiError::bad_request(ErrorCode::MalformedJson, format!("The request body is not valid JSON: {error}."), Vec::new())
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// serde's message without " at line 1 column 17", which means nothing to a form.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Query-string parameters. Answers 400 naming the parameter that does not
/// fit its type.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    if let Some((name, _)) =
        form_urlencoded::parse(query.as_bytes()).find(|(name, value)| has_nul(name) || has_nul(value))
    {
        let field = if has_nul(&name) { "query".to_owned() } else { name.into_owned() };
        let error = nul_error(&field);
        return Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            format!("Query parameter {field}: {}.", error.message),
            vec![error],
        ));
    }
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let field = error.path().to_string();
        let message = error.into_inner().to_string();
        ApiError::bad_request(
            ErrorCode::InvalidQuery,
            format!("Query parameter {field}: {message}."),
            vec![FieldError::new(field, "invalid", message)],
        )
    })
}

/// actix's path extractor answers a segment that does not parse with 404:
/// no resource can live at such an address.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| ApiError::not_found("No resource exists at this address.").into())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        target: u8,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Choice {
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    enum Kind {
        A,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Params {
        limit: Option<u32>,
    }

    #[test]
    fn json_errors_name_the_field() {
        let err = parse_json::<Body>(br#"{"name":"x","items":[{"target":1},{"target":300}]}"#).unwrap_err();
        let problem = err.problem();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.errors[0].field, "items[1].target");

        let err = parse_json::<Body>(br#"{"items":[]}"#).unwrap_err();
        assert_eq!(err.problem().errors[0].field, "name");
        assert_eq!(err.problem().errors[0].code, "required");

        let err = parse_json::<Body>(br#"{"name":"x","items":[{}]}"#).unwrap_err();
        assert_eq!(err.problem().errors[0].field, "items[0].target");

        let err = parse_json::<Body>(br#""a string""#).unwrap_err();
        assert_eq!(err.problem().errors[0].field, "body");
    }

    #[test]
    fn a_choice_of_the_wrong_kind_is_named() {
        for body in [&br#"{"kind":null}"#[..], br#"{"kind":1}"#, br#"{"kind":["A"]}"#] {
            let err = parse_json::<Choice>(body).unwrap_err();
            assert_eq!((err.problem().status, err.problem().errors[0].field.as_str()), (422, "kind"));
        }
        assert_eq!(parse_json::<Choice>(br#"{"kind":nul}"#).unwrap_err().problem().status, 400);
    }

    #[test]
    fn a_number_past_any_bound_is_named() {
        let err = parse_json::<Body>(br#"{"name":"x","items":[{"target":1e400}]}"#).unwrap_err();
        let problem = err.problem();
        assert_eq!((problem.status, problem.errors[0].field.as_str()), (422, "items[0].target"));
        assert_eq!(problem.errors[0].code, "out_of_range");
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        for body in [&b"{"[..], b"not json", b"{\"name\":\"x\",\"items\":[]} trailing"] {
            assert_eq!(parse_json::<Body>(body).unwrap_err().problem().status, 400);
        }
    }

    #[test]
    fn query_errors_name_the_parameter() {
        assert_eq!(parse_query::<Params>("limit=5").unwrap().limit, Some(5));
        let err = parse_query::<Params>("limit=abc").unwrap_err();
        assert_eq!(err.problem().status, 400);
        assert_eq!(err.problem().errors[0].field, "limit");
    }
}
