//! Liveness, readiness and metrics: the operators' probes, outside
//! `/api/v1`. HTTP only — no use case; readiness asks the settings service
//! whether the database is set up.

use actix_web::{HttpResponse, get, web};

use super::{Access, Routes};
use crate::error::ApiError;
use crate::model::health::Health;
use crate::service;
use crate::state::AppState;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Public, healthz);
    r.add(Access::Public, readyz);
    r.add(Access::Public, metrics);
}

/// Liveness: the process answers.
///
/// Touches no database, so an orchestrator does not restart the service
/// because the database is down.
#[utoipa::path(
    tag = "operations",
    operation_id = "healthz",
    responses((status = 200, description = "The process is alive", body = Health)),
)]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok".to_owned(), database: None, version: env!("CARGO_PKG_VERSION").to_owned() })
}

/// Readiness: a round trip to the database, reading this installation's id
/// from the `settings` table (so the schema is there too).
///
/// Bounded like every use of the database: when the database does not
/// answer — down, or behind a network that fell silent — the answer is 503
/// with `Retry-After`, after waiting at most `THIDUA_DB_TIMEOUT_MS` for a
/// connection and as long again for the check.
#[utoipa::path(
    tag = "operations",
    operation_id = "readyz",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, response = inline(ReadyzUnavailable)),
    ),
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    let installed = state.db.run(service::settings::installed).await;
    match installed {
        Ok(true) => Ok(web::Json(Health {
            status: "ready".to_owned(),
            database: Some(state.db.backend().to_owned()),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })),
        Ok(false) => Err(ApiError::not_ready("The database answers but has not been set up.")),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            Err(ApiError::unavailable())
        }
    }
}

/// The 503 of `/readyz`.
#[derive(utoipa::ToResponse)]
#[response(
    description = "The database does not answer; retry after `Retry-After` seconds",
    content_type = "application/problem+json",
    headers(("Retry-After" = u32, description = "Seconds to wait before retrying"))
)]
#[allow(dead_code)] // describes a response; never built
pub struct ReadyzUnavailable(crate::error::Problem);

/// Prometheus metrics.
///
/// `thidua_http_requests_total` and `thidua_http_request_duration_seconds`,
/// by method, route and status. Keep it behind the reverse proxy.
#[utoipa::path(
    tag = "operations",
    operation_id = "metrics",
    responses((status = 200, description = "Prometheus text exposition format 0.0.4", body = String, content_type = "text/plain; version=0.0.4")),
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(state.metrics.render())
}
