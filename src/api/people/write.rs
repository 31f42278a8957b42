use actix_web::{HttpResponse, patch, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::people::{NewPerson, PersonChanges, PersonView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Adds a person to a unit in the caller's scope.
#[utoipa::path(
    tag = "people",
    operation_id = "create_person",
    request_body = NewPerson,
    responses(
        (status = 201, description = "Created", body = PersonView,
            headers(("Location" = String, description = "The new person"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The user account is linked to another person"),
    ),
)]
#[post("/people")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewPerson>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0.into();
    let person = state.db.write(move |conn| service::people::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/people/{}", person.id), person.version, &person))
}

/// Updates a person. Needs `If-Match`.
#[utoipa::path(
    tag = "people",
    operation_id = "update_person",
    params(("id" = String, Path, description = "The person's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = PersonChanges,
    responses(
        (status = 200, description = "Updated", body = PersonView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The user account is linked to another person"),
    ),
)]
#[patch("/people/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<PersonChanges>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let input = body.0.into();
    let expected = if_match.precondition();
    let person = state.db.write(move |conn| service::people::update(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(person.version, &person))
}
