use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::model::list::{List, PageParams};
use crate::model::webhooks::{CreatedWebhook, NewWebhook, WebhookView};
use crate::service::Caller;
use crate::service::webhooks::subscriptions;
use crate::state::AppState;

/// Lists the webhook subscriptions made in the caller's scope, oldest first.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhooks",
    params(PageParams),
    responses((status = 200, description = "One page of subscriptions", body = List<WebhookView>)),
)]
#[get("/webhooks")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
) -> Result<web::Json<List<WebhookView>>, ApiError> {
    let page = page.0.page();
    let list = state.db.run(move |conn| subscriptions::list(conn, &caller, page)).await?;
    Ok(web::Json(list))
}

/// Subscribes a URL to the change feed: every change of the chosen types
/// made from now on that the caller may read (each kind by its own read
/// rule and scope, as in `GET /api/v1/changes`) is POSTed to it as a
/// Standard Webhooks message (see the document's `webhooks`), signed with
/// the secret this answer holds — shown this once. The URL's host must
/// resolve to public addresses only (422 `address_refused` otherwise).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "create_webhook",
    request_body = NewWebhook,
    responses((status = 201, description = "Subscribed; keep the secret", body = CreatedWebhook,
        headers(("Location" = String, description = "The new subscription")))),
)]
#[post("/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewWebhook>,
) -> Result<HttpResponse, ApiError> {
    let created = subscriptions::create(&state.db, &state.webhooks, caller, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/webhooks/{}", created.webhook.id)))
        .json(created))
}

/// Reads one subscription (never its secret).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "get_webhook",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 200, description = "The subscription", body = WebhookView)),
)]
#[get("/webhooks/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<WebhookView>, ApiError> {
    let id = id.into_inner();
    let view = state.db.run(move |conn| subscriptions::get(conn, &caller, &id)).await?;
    Ok(web::Json(view))
}

/// Deletes a subscription with its delivery log: nothing more is sent to it.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "delete_webhook",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/webhooks/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.db.write(move |conn| subscriptions::delete(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Enables a subscription again (after it was disabled by hand or for
/// failing): its count of failures starts afresh and its pending deliveries
/// are sent; changes made while it was disabled are not.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "enable_webhook",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 200, description = "Enabled", body = WebhookView)),
)]
#[post("/webhooks/{id}/enable")]
pub async fn enable(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<WebhookView>, ApiError> {
    let id = id.into_inner();
    let view = state.db.write(move |conn| subscriptions::set_enabled(conn, &caller, &id, true)).await?;
    state.caches.webhook_wake.wake();
    Ok(web::Json(view))
}

/// Disables a subscription: nothing is sent to it, and changes made until
/// it is enabled again are not sent.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "disable_webhook",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 200, description = "Disabled", body = WebhookView)),
)]
#[post("/webhooks/{id}/disable")]
pub async fn disable(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<WebhookView>, ApiError> {
    let id = id.into_inner();
    let view = state.db.write(move |conn| subscriptions::set_enabled(conn, &caller, &id, false)).await?;
    Ok(web::Json(view))
}
