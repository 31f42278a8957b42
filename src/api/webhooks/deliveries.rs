use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::list::List;
use crate::model::webhooks::{DeliveryQuery, DeliveryView};
use crate::service::Caller;
use crate::service::webhooks::log;
use crate::state::AppState;

/// A subscription's delivery log, newest first: each change sent (or to
/// send), its attempts, status, the receiver's last status code, the last
/// error and when it is tried next.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhook_deliveries",
    params(("id" = String, Path, description = "The subscription's id"), DeliveryQuery),
    responses((status = 200, description = "One page of deliveries", body = List<DeliveryView>)),
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: Query<DeliveryQuery>,
) -> Result<web::Json<List<DeliveryView>>, ApiError> {
    let (id, query) = (id.into_inner(), query.0);
    let list = state.db.run(move |conn| log::list(conn, &caller, &id, &query)).await?;
    Ok(web::Json(list))
}

/// One delivery of a subscription.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "get_webhook_delivery",
    params(
        ("id" = String, Path, description = "The subscription's id"),
        ("delivery_id" = String, Path, description = "The delivery's id (its `webhook-id`)"),
    ),
    responses((status = 200, description = "The delivery", body = DeliveryView)),
)]
#[get("/webhooks/{id}/deliveries/{delivery_id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<web::Json<DeliveryView>, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let view = state.db.run(move |conn| log::get(conn, &caller, &id, &delivery_id)).await?;
    Ok(web::Json(view))
}

/// Sends a delivery again, whatever became of it — delivered, failed or
/// still pending: it is due at once with the full number of attempts, the
/// same `webhook-id` and the same body (receivers drop repeats by the id).
/// A disabled subscription's waits until it is enabled.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "redeliver_webhook_delivery",
    params(
        ("id" = String, Path, description = "The subscription's id"),
        ("delivery_id" = String, Path, description = "The delivery's id (its `webhook-id`)"),
    ),
    responses((status = 202, description = "Queued to be sent again; follow `Location`", body = DeliveryView,
        headers(("Location" = String, description = "The delivery, to follow")))),
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let location = format!("/api/v1/webhooks/{id}/deliveries/{delivery_id}");
    let view = state.db.write(move |conn| log::redeliver(conn, &caller, &id, &delivery_id)).await?;
    state.caches.webhook_wake.wake();
    Ok(HttpResponse::Accepted().insert_header((header::LOCATION, location)).json(view))
}
