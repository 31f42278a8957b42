//! Who asks, and in which request: what a use case needs to decide and to audit.

use crate::auth::{Action, Grant, Principal, authorize};
use crate::error::ApiError;

/// The authenticated caller of one request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub principal: Principal,
    /// The request's id (its `X-Request-Id`), recorded with every change it makes.
    pub request_id: String,
    /// The client's address as the service believes it (trusted proxies
    /// followed), recorded with every change; `None` for the command line.
    pub client_address: Option<String>,
}

impl Caller {
    pub fn new(principal: Principal, request_id: impl Into<String>) -> Self {
        Self { principal, request_id: request_id.into(), client_address: None }
    }

    /// The same caller, calling from `address`.
    pub fn from_address(mut self, address: Option<std::net::IpAddr>) -> Self {
        self.client_address = address.map(|a| a.to_string());
        self
    }

    /// The operator at the machine, for one command run from `origin`
    /// (`cli`): it may do what an admin may over the whole tree, and its
    /// changes are audited like anyone's, with the actor `system` and the
    /// request id `<origin>:<uuid v7>`.
    ///
    /// It is a caller of its own ([`Actor::System`](crate::auth::Actor::System)),
    /// not a stand-in admin account: the log then says who really made the
    /// change, and no token or request can name it — only code builds it.
    pub fn system(origin: &str) -> Self {
        Self::new(Principal::system(), format!("{origin}:{}", uuid::Uuid::now_v7()))
    }

    /// Whether the caller may take `action`, and where (see [`authorize`]).
    pub fn may(&self, action: Action) -> Result<Grant, ApiError> {
        authorize(&self.principal, action)
    }
}
