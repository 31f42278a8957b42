//! Authentication and authorisation.
//!
//! For now: the bearer scheme that the OpenAPI document declares. Tokens,
//! passwords and the one policy module arrive with identity and access.

use utoipa::Modify;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The name of the scheme every authenticated operation names:
/// `Authorization: Bearer <JWT>`.
pub const BEARER: &str = "bearer";

/// Adds the bearer scheme to the document's components.
pub struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token (JWT) issued by the token endpoint."))
                    .build(),
            ),
        );
    }
}
