//! The caller of a use case, taken from the request: the authenticated
//! principal and the request's id.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::RequestId;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::service::Caller;

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request_id = RequestId::from_request(req, payload).into_inner().ok();
        let principal = Principal::from_request(req, payload);
        Box::pin(async move {
            let principal = principal.await?;
            let request_id = request_id.map(|id| id.to_string()).unwrap_or_default();
            Ok(Caller::new(principal, request_id))
        })
    }
}
