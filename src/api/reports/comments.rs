use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::reports::{CommentView, NewComment};
use crate::service::{Caller, reports};
use crate::state::AppState;

/// The report's comment thread, oldest first.
#[utoipa::path(
    tag = "reports",
    operation_id = "list_report_comments",
    params(("id" = String, Path, description = "The report's id")),
    responses((status = 200, description = "The comments", body = Vec<CommentView>)),
)]
#[get("/reports/{id}/comments")]
pub async fn comments(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<CommentView>>, ApiError> {
    let id = id.into_inner();
    let thread = state.db.run(move |conn| reports::comments::list(conn, &caller, &id)).await?;
    Ok(web::Json(thread))
}

/// Adds a comment to the report's thread (the unit and the reviewers talk here).
#[utoipa::path(
    tag = "reports",
    operation_id = "add_report_comment",
    params(("id" = String, Path, description = "The report's id")),
    request_body = NewComment,
    responses((status = 201, description = "Added", body = CommentView)),
)]
#[post("/reports/{id}/comments")]
pub async fn add_comment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<NewComment>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.0);
    let comment = state.db.write(move |conn| reports::comments::add(conn, &caller, &id, input)).await?;
    Ok(HttpResponse::Created().json(comment))
}
