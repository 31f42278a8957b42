//! `Idempotency-Key` for POSTs that create: the same key with the same
//! request gives the first (successful) answer again, created nothing twice;
//! the same key with another request is 422. Keys are kept in the database,
//! per caller, so every instance of the service honours them.
//!
//! Only successful answers are kept: a refused request changed nothing, so a
//! retry simply runs again. The token endpoints are left out — a token must
//! never be handed out twice.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, ResponseError, web};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::extract::body_limit;
use crate::db;
use crate::db::idempotency::{Claimed, Stored};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::state::AppState;

pub const HEADER: &str = "idempotency-key";
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
        Ok(key) if (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) => key,
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
    let (db, auth) = (state.db.clone(), &state.auth);
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

    let (claim_actor, claim_key, claim_hash) = (actor.clone(), key.clone(), hash.clone());
    let claimed = db.run(move |conn| db::idempotency::claim(conn, &claim_actor, &claim_key, &claim_hash)).await;
    match claimed {
        Err(error) => return Ok(req.into_response(ApiError::from(error).error_response())),
        Ok(Claimed::Seen { request_hash, .. }) if request_hash != hash => {
            let error = ApiError::validation(vec![FieldError::new(
                "Idempotency-Key",
                "idempotency_key_reused",
                "This key was used for another request; use a new key.",
            )]);
            return Ok(req.into_response(error.error_response()));
        }
        Ok(Claimed::Seen { answer: None, .. }) => {
            let error = ApiError::conflict(
                ErrorCode::IdempotencyInProgress,
                "The first request with this key is still being answered; retry shortly.",
            );
            return Ok(req.into_response(error.error_response()));
        }
        Ok(Claimed::Seen { answer: Some(stored), .. }) => return Ok(req.into_response(replay(&stored))),
        Ok(Claimed::New) => {}
    }

    req.set_payload(Payload::from(body));
    let response = next.call(req).await?.map_into_boxed_body();
    let status = response.status();
    let (request, response) = response.into_parts();
    if !status.is_success() {
        db.run(move |conn| db::idempotency::release(conn, &actor, &key)).await.ok();
        return Ok(ServiceResponse::new(request, response));
    }
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
    if let Err(error) = db.run(move |conn| db::idempotency::complete(conn, &actor, &key, &stored)).await {
        tracing::warn!(%error, "could not keep the answer to an idempotent request");
    }
    Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(bytes))))
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
