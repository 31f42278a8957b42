//! `Idempotency-Key` for POSTs that create: the same key with the same
//! request gives the first (successful) answer again, created nothing twice;
//! the same key with another request is 422. Keys are kept in the database,
//! per caller, so every instance of the service honours them.
//!
//! The key is claimed by the request's first write, in that write's own
//! transaction (`db::idempotency::Pending`): it is claimed exactly when the
//! work commits. A refused request, or one whose process died before the
//! commit, leaves the key free, so the client's retry simply runs again. A
//! duplicate sent while the first is being answered waits for the first's
//! answer (up to [`AWAIT_FIRST`], then 409 with `Retry-After`).
//!
//! The gate (`http::gate`) runs before: a replay goes only to a caller who
//! may still call the operation. The token endpoints are left out — a token
//! must never be handed out twice.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, ResponseError, web};
use std::time::Duration;

use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::extract::body_limit;
use crate::db;
use crate::db::Db;
use crate::db::idempotency::{Claim, Outcome, Pending, Seen, Stored};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::state::AppState;

pub const HEADER: &str = "idempotency-key";
/// The longest key: 1 to this many visible ASCII characters (`!` to `~`).
pub const MAX_KEY: usize = 255;

/// A key the server takes, as the document's pattern says it.
pub fn key_pattern() -> String {
    format!("^[!-~]{{1,{MAX_KEY}}}$")
}
/// Marks an answer given again.
pub const REPLAYED: &str = "idempotent-replayed";

/// Whether a request may carry an idempotency key.
pub fn applies(method: &Method, path: &str) -> bool {
    method == Method::POST && path.starts_with("/api/v1/") && !path.starts_with("/api/v1/auth/")
}

/// The middleware, for `actix_web::middleware::from_fn`.
pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req.headers().get(HEADER).map(|v| v.to_str().map(str::to_owned));
    let (Some(key), true) = (key, applies(req.method(), req.path())) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key {
        Ok(key) if (1..=MAX_KEY).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) => key,
        _ => {
            let error = ApiError::bad_request(
                ErrorCode::InvalidIdempotencyKey,
                "Idempotency-Key is 1–255 visible ASCII characters.",
                vec![FieldError::new("Idempotency-Key", "invalid", "1–255 visible ASCII characters.")],
            );
            return Ok(req.into_response(error.error_response()));
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let (db, auth) = (&state.db, &state.auth);
    // Keys are the caller's own: another caller's identical key is another key.
    let actor = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(|token| auth.tokens.verify(token.trim()).ok())
        .map_or_else(|| "anonymous".to_owned(), |claims| claims.sub);

    let limit = body_limit(req.request());
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            let error =
                ApiError::bad_request(ErrorCode::UnreadableBody, "The request body could not be read.", Vec::new());
            return Ok(req.into_response(error.error_response()));
        };
        if body.len() + chunk.len() > limit {
            return Ok(req.into_response(ApiError::payload_too_large(limit).error_response()));
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b"\n");
    hasher.update(req.uri().to_string());
    hasher.update(b"\n");
    hasher.update(&body);
    let hash: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();

    let claim = Claim { actor, key, request_hash: hash };

    // A retry of a request already answered (or being answered) gets that answer.
    match find(db, &claim).await {
        Err(error) => return Ok(req.into_response(error.error_response())),
        Ok(Some(seen)) => return Ok(req.into_response(answer_of(db, &claim, seen).await)),
        Ok(None) => {}
    }

    req.set_payload(Payload::from(body));
    let pending = Pending::new(claim.clone());
    let response = pending.around(next.call(req)).await?.map_into_boxed_body();
    let status = response.status();
    match pending.outcome() {
        // A concurrent duplicate claimed the key first; this request's work was rolled back.
        Outcome::Taken => {
            let (request, _) = response.into_parts();
            Ok(ServiceResponse::new(request, awaited(db, &claim).await))
        }
        Outcome::Claimed => Ok(keep(db, claim, response, Keep::Claimed).await),
        Outcome::Unclaimed if status.is_success() => Ok(keep(db, claim, response, Keep::Unclaimed).await),
        // Refused. Perhaps by a rule a concurrent duplicate broke by committing
        // first (a report of that period exists now): then its answer is ours.
        Outcome::Unclaimed => match find(db, &claim).await {
            Ok(Some(seen)) => {
                let (request, _) = response.into_parts();
                Ok(ServiceResponse::new(request, answer_of(db, &claim, seen).await))
            }
            Ok(None) | Err(_) => Ok(response),
        },
    }
}

/// How long a duplicate waits for the first request's answer before it is
/// told to retry (409 `idempotency_in_progress` with `Retry-After`).
const AWAIT_FIRST: Duration = Duration::from_secs(5);
/// A claim that has no answer this long after it was made is taken to have
/// lost it: its work committed, and the process died before the answer was kept.
const ANSWER_LOST_AFTER: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

async fn find(db: &Db, claim: &Claim) -> Result<Option<Seen>, ApiError> {
    let (actor, key) = (claim.actor.clone(), claim.key.clone());
    Ok(db.run(move |conn| db::idempotency::find(conn, &actor, &key)).await?)
}

/// The answer for a request whose key is claimed already.
async fn answer_of(db: &Db, claim: &Claim, seen: Seen) -> HttpResponse {
    if seen.request_hash != claim.request_hash {
        return reused().error_response();
    }
    match seen.answer {
        Some(stored) => replay(&stored),
        None => awaited(db, claim).await,
    }
}

/// Waits for the first request's answer, a little while.
async fn awaited(db: &Db, claim: &Claim) -> HttpResponse {
    let deadline = tokio::time::Instant::now() + AWAIT_FIRST;
    loop {
        match find(db, claim).await {
            Err(error) => return error.error_response(),
            Ok(Some(seen)) if seen.request_hash != claim.request_hash => return reused().error_response(),
            Ok(Some(Seen { answer: Some(stored), .. })) => return replay(&stored),
            Ok(Some(seen)) if crate::domain::now().naive_utc() - seen.claimed_at > ANSWER_LOST_AFTER => {
                return ApiError::conflict(
                    ErrorCode::IdempotencyAnswerLost,
                    "The request sent with this key was carried out, but its answer was lost; \
                     read the resource to see the outcome, and use a new key for a new request.",
                )
                .error_response();
            }
            // Still being answered; or the claim is gone, and a retry will claim it anew.
            Ok(_) if tokio::time::Instant::now() >= deadline => {
                return ApiError::idempotency_in_progress().error_response();
            }
            Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

fn reused() -> ApiError {
    ApiError::validation(vec![FieldError::new(
        "Idempotency-Key",
        "idempotency_key_reused",
        "This key was used for another request; use a new key.",
    )])
}

/// Whether the key was claimed by the request's write, or is yet to be.
enum Keep {
    Claimed,
    Unclaimed,
}

/// Keeps the answer under the key, and gives it.
async fn keep(db: &Db, claim: Claim, response: ServiceResponse<BoxBody>, how: Keep) -> ServiceResponse<BoxBody> {
    let status = response.status();
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
    let kept: serde_json::Map<String, serde_json::Value> = [header::CONTENT_TYPE, header::LOCATION, header::ETAG]
        .iter()
        .filter_map(|name| {
            let value = head.headers().get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), serde_json::Value::String(value.to_owned())))
        })
        .collect();
    let stored = Stored {
        status: status.as_u16(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        headers: serde_json::Value::Object(kept).to_string(),
    };
    let kept = db
        .run(move |conn| match how {
            Keep::Claimed => db::idempotency::complete(conn, &claim.actor, &claim.key, &stored),
            // Nothing was written, so nothing is lost if a duplicate claimed it meanwhile.
            Keep::Unclaimed => db::idempotency::claim_answered(conn, &claim, &stored).map(|_| ()),
        })
        .await;
    if let Err(error) = kept {
        tracing::warn!(%error, "could not keep the answer to an idempotent request");
    }
    ServiceResponse::new(request, head.set_body(BoxBody::new(bytes)))
}

/// The first answer, given again.
fn replay(stored: &Stored) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    if let Ok(serde_json::Value::Object(headers)) = serde_json::from_str::<serde_json::Value>(&stored.headers) {
        for (name, value) in headers {
            if let (Ok(name), Some(value)) = (HeaderName::try_from(name.as_str()), value.as_str())
                && let Ok(value) = HeaderValue::from_str(value)
            {
                response.insert_header((name, value));
            }
        }
    }
    response.insert_header((HeaderName::from_static(REPLAYED), HeaderValue::from_static("true")));
    response.body(stored.body.clone())
}
