use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::reorganisations::{NewReorganisation, ReorganisationView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Records a merger, a split or a rename from a date, in one transaction:
/// the predecessors (and everything below them) close, new successors open
/// and are linked to them, and the users and people listed move. Closed
/// units keep their records and names; their users may only read until moved.
/// A merger or a split may be recorded ahead of its day; a rename only once
/// its day has come (Vietnam's date): a rename dated after today is 422
/// `in_future` on `effective_on`.
#[utoipa::path(
    tag = "org-units",
    operation_id = "create_reorganisation",
    request_body = NewReorganisation,
    responses(
        (status = 201, description = "Recorded", body = ReorganisationView,
            headers(("Location" = String, description = "The reorganisation"))),
        (status = 409, description = "A unit was closed already (`already_reorganised`), a successor would close \
            with its predecessors (`cycle`), a new code is taken (`code_taken`), or a closing unit has reports for \
            periods from the date on or campaigns running past it (`records_after_closing`)"),
    ),
)]
#[post("/reorganisations")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewReorganisation>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let view = state.db.write(move |conn| service::reorganisations::create(conn, &caller, input)).await?;
    state.caches.definitions.names_changed();
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/reorganisations/{}", view.id)))
        .json(view))
}
