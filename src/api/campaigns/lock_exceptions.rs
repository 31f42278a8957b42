use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::campaigns::{LockExceptionInput, LockExceptionView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists a campaign's lock exceptions, newest first.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_lock_exceptions",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The lock exceptions", body = Vec<LockExceptionView>)),
)]
#[get("/campaigns/{id}/lock-exceptions")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<LockExceptionView>>, ApiError> {
    let id = id.into_inner();
    let found = state.db.run(move |conn| service::campaigns::lock_exceptions::list(conn, &caller, &id)).await?;
    Ok(web::Json(found))
}

/// Opens a locked period for one participant until `expires_at`.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "create_lock_exception",
    params(("id" = String, Path, description = "The campaign's id")),
    request_body = LockExceptionInput,
    responses(
        (status = 201, description = "Opened", body = LockExceptionView),
        (status = 409, description = "The campaign is closed"),
    ),
)]
#[post("/campaigns/{id}/lock-exceptions")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<LockExceptionInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.0);
    let exception =
        state.db.write(move |conn| service::campaigns::lock_exceptions::create(conn, &caller, &id, input)).await?;
    Ok(HttpResponse::Created().json(exception))
}
