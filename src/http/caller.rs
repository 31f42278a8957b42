//! The caller of a use case, taken from the request: the principal its
//! bearer token names (`auth::principal::authenticate`, usually already done
//! by the gate, `http::gate`) and the request's id.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::RequestId;
use crate::auth::principal::{Principal, authenticate, invalid_token};
use crate::domain::forwarded::Client;
use crate::error::{ApiError, ErrorCode};
use crate::service::Caller;
use crate::state::AppState;

/// The principal the gate authenticated and authorised for this request.
pub struct Authenticated(pub Principal);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request_id = RequestId::from_request(req, payload).into_inner().ok();
        let address = req.extensions().get::<Client>().and_then(|c| c.address);
        let checked = req.extensions().get::<Authenticated>().map(|a| a.0.clone());
        let token = bearer_token(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let request_id = request_id.map(|id| id.to_string()).unwrap_or_default();
            if let Some(principal) = checked {
                return Ok(Caller::new(principal, request_id).from_address(address));
            }
            let token = token?;
            let Some(state) = state else {
                return Err(ApiError::internal(&"authentication is not configured"));
            };
            let principal = authenticate(&state.auth, &state.db, &token).await?;
            Ok(Caller::new(principal, request_id).from_address(address))
        })
    }
}

/// The token of `Authorization: Bearer <token>`: 401 `unauthenticated`
/// without the header, `invalid_token` with another scheme or none.
pub(super) fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized(ErrorCode::Unauthenticated, "This operation needs a bearer access token."));
    };
    let value = value.to_str().map_err(|_| invalid_token())?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(invalid_token()),
    }
}
