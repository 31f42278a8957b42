use actix_web::{HttpResponse, get, post, put, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::council::{CouncilMemberFilter, CouncilMemberUpdate, CouncilMemberView, NewCouncilMember};
use crate::model::list::{List, PageParams};
use crate::service::{Caller, council};
use crate::state::AppState;

/// Lists the members of the council of the caller's commune, by term.
#[utoipa::path(
    tag = "council",
    operation_id = "list_council_members",
    params(PageParams, CouncilMemberFilter),
    responses((status = 200, description = "One page of members", body = List<CouncilMemberView>)),
)]
#[get("/council-members")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
    filter: Query<CouncilMemberFilter>,
) -> Result<web::Json<List<CouncilMemberView>>, ApiError> {
    let (page, filter) = (page.0.page(), filter.0);
    let list = state.db.run(move |conn| council::members::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Seats a person of the caller's commune on the commune's council, with a
/// role and a term. A person holds one seat at a time, the council one chair.
#[utoipa::path(
    tag = "council",
    operation_id = "create_council_member",
    request_body = NewCouncilMember,
    responses(
        (status = 201, description = "Seated", body = CouncilMemberView,
            headers(("Location" = String, description = "The new member"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The person's term overlaps a seat they hold (`already_exists`), or another \
                                     chair's (`chair_taken`)"),
    ),
)]
#[post("/council-members")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewCouncilMember>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let member = state.db.write(move |conn| council::members::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/council-members/{}", member.id), member.version, &member))
}

/// Reads one member.
#[utoipa::path(
    tag = "council",
    operation_id = "get_council_member",
    params(("id" = String, Path, description = "The member's id")),
    responses((status = 200, description = "The member", body = CouncilMemberView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/council-members/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let member = state.db.run(move |conn| council::members::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(member.version, &member))
}

/// Changes a member's role or ends the term (`term_to`). Needs `If-Match`.
#[utoipa::path(
    tag = "council",
    operation_id = "update_council_member",
    params(("id" = String, Path, description = "The member's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = CouncilMemberUpdate,
    responses(
        (status = 200, description = "Updated", body = CouncilMemberView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Another chair's term overlaps (`chair_taken`)"),
    ),
)]
#[put("/council-members/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<CouncilMemberUpdate>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let member = state.db.write(move |conn| council::members::update(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(member.version, &member))
}
