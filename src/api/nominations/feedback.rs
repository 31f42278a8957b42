use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::nominations::{FeedbackInput, FeedbackView};
use crate::service::Caller;
use crate::service::nominations::feedback;
use crate::state::AppState;

/// Records feedback from the public on a posted nomination.
#[utoipa::path(
    tag = "nominations",
    operation_id = "add_nomination_feedback",
    params(("id" = String, Path, description = "The nomination's id")),
    request_body = FeedbackInput,
    responses(
        (status = 201, description = "Recorded", body = FeedbackView,
            headers(("Location" = String, description = "The nomination's feedback"))),
        (status = 409, description = "The nomination is not posted (`nomination_not_posted`, with `current_status`)"),
    ),
)]
#[post("/nominations/{id}/feedback")]
pub async fn add(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<FeedbackInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.0);
    let view = state.db.write(move |conn| feedback::add(conn, &caller, &id, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/nominations/{}/feedback", view.nomination_id),
        ))
        .json(view))
}

/// The feedback recorded on a nomination, in the order received.
#[utoipa::path(
    tag = "nominations",
    operation_id = "list_nomination_feedback",
    params(("id" = String, Path, description = "The nomination's id")),
    responses((status = 200, description = "The feedback", body = Vec<FeedbackView>)),
)]
#[get("/nominations/{id}/feedback")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<FeedbackView>>, ApiError> {
    let id = id.into_inner();
    let items = state.db.run(move |conn| feedback::list(conn, &caller, &id)).await?;
    Ok(web::Json(items))
}
