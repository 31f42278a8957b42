//! Who asks, and in which request: what a use case needs to decide and to audit.

use crate::auth::{Action, Grant, Principal, authorize};
use crate::error::ApiError;

/// The authenticated caller of one request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub principal: Principal,
    /// The request's id (its `X-Request-Id`), recorded with every change it makes.
    pub request_id: String,
}

impl Caller {
    pub fn new(principal: Principal, request_id: impl Into<String>) -> Self {
        Self { principal, request_id: request_id.into() }
    }

    /// Whether the caller may take `action`, and where (see [`authorize`]).
    pub fn may(&self, action: Action) -> Result<Grant, ApiError> {
        authorize(&self.principal, action)
    }
}
