use crate::domain::forwarded::Client;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::extract::JsonOrForm;
use crate::model::auth::{TokenGrant, TokenRequest, TokenResponse};
use crate::service;
use crate::service::auth::TokenClient;
use crate::state::AppState;

/// Issues tokens.
///
/// Wrong credentials are `400 invalid_grant` (users) or `401 invalid_client`
/// (service accounts) as RFC 6749 §5.2 says, in problem+json with the OAuth
/// `error` field. Repeated failures for one account or client address answer
/// 429 with `Retry-After`, with a bounded back-off.
#[utoipa::path(
    tag = "auth",
    operation_id = "issue_token",
    request_body(content(
        (TokenGrant = "application/json"),
        (TokenGrant = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "Tokens", body = TokenResponse),
        (status = 400, description = "Malformed request, unknown grant, or wrong username or password (`invalid_grant`)"),
        (status = 401, description = "Wrong client credentials (`invalid_client`)"),
        (status = 415, description = "The body is neither JSON nor a form"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`",
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
#[post("/auth/token")]
pub async fn token(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonOrForm<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = TokenClient {
        // The client as the trusted proxies report it, not the proxy itself.
        address: req.extensions().get::<Client>().and_then(|c| c.address).map(|a| a.to_string()),
        basic_credentials: req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .map(str::to_owned),
    };
    let tokens = service::auth::issue(&state.auth, &state.db, body.0, client).await?;
    Ok(no_store(tokens))
}

/// 200 with the tokens, never cached (RFC 6749 §5.1).
pub(super) fn no_store(tokens: TokenResponse) -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).insert_header(("Pragma", "no-cache")).json(tokens)
}
