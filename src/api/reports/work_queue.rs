use actix_web::{get, web};

use crate::error::ApiError;
use crate::model::reports::WorkQueue;
use crate::service::{Caller, reports};
use crate::state::AppState;

/// The caller's work queue: for reviewers, what waits for review in their
/// commune; for reporters, their returned reports and those due.
#[utoipa::path(
    tag = "reports",
    operation_id = "work_queue",
    responses((status = 200, description = "The work queue", body = WorkQueue)),
)]
#[get("/work-queue")]
pub async fn work_queue(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<WorkQueue>, ApiError> {
    let queue = state.db.run(move |conn| reports::work_queue::of_caller(conn, &caller)).await?;
    Ok(web::Json(queue))
}
