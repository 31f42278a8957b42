//! The HTTP API: one module per resource, handlers thin, each described by
//! `#[utoipa::path]` so the document and the routes come from one list.

pub mod health;
pub mod list;
pub mod openapi;
pub mod settings;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

/// Every route of the service (but the Swagger UI and the fallback), in one list.
pub fn routes(config: &mut ServiceConfig) {
    config.service(health::healthz).service(health::readyz).service(health::metrics).service(
        scope("/api/v1")
            .service(openapi::openapi_json)
            .service(settings::list)
            .service(settings::get)
            .service(settings::put),
    );
}
