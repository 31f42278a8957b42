//! Who may call an operation is settled before its body is read: the
//! caller's token is checked and its role held against the operation's
//! action (the access table the routes declare, `http::method_table`).
//! Someone who may not call an operation learns nothing of the shape its
//! body must have (401/403, never a 422), and no later step — the replay of
//! an idempotent answer included — runs for them.
//!
//! The scope is still the use case's: the gate asks only whether the role
//! (or service scope) may ever do this, as `auth::policy::authorize` does.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError, web};

use super::caller::{Authenticated, bearer_token};
use crate::auth::policy::authorize;
use crate::auth::principal::authenticate;
use crate::state::AppState;

/// The middleware, for `actix_web::middleware::from_fn`.
pub async fn gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let needs = state
        .method_table
        .operation(req.method().as_str(), req.match_info().as_str())
        .and_then(|operation| operation.needs);
    let Some(action) = needs else {
        // Public, or no route: the operation (or the fallback) answers.
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let checked = match bearer_token(req.request()) {
        Ok(token) => match authenticate(&state.auth, &state.db, &token).await {
            Ok(principal) => authorize(&principal, action).map(|_| principal),
            Err(refused) => Err(refused),
        },
        Err(refused) => Err(refused),
    };
    match checked {
        Ok(principal) => {
            // The `Caller` extractor takes it from here instead of looking again.
            req.extensions_mut().insert(Authenticated(principal));
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        Err(refused) => Ok(req.into_response(refused.error_response())),
    }
}
