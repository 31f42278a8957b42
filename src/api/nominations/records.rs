use actix_web::{HttpResponse, get, post, put, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::list::{CursorList, WalkParams};
use crate::model::nominations::{NewNomination, NominationContent, NominationDetail, NominationFilter, NominationView};
use crate::service::Caller;
use crate::service::nominations::records;
use crate::state::AppState;

/// Drafts a nomination: a participant unit (collective) or a person of one
/// (individual), for an award type and an achievement (a period of the
/// campaign, or the whole campaign).
#[utoipa::path(
    tag = "nominations",
    operation_id = "create_nomination",
    request_body = NewNomination,
    responses(
        (status = 201, description = "Created as a draft", body = NominationView,
            headers(("Location" = String, description = "The new nomination"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "A rule blocks it: `campaign_not_active` (a draft campaign), `not_a_participant`, \
                                     `already_nominated` (a live nomination of the subject for this award and achievement)"),
    ),
)]
#[post("/nominations")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewNomination>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let view = state.db.write(move |conn| records::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/nominations/{}", view.id), view.version, &view))
}

/// Lists the nominations the caller may see, newest first (a reporter: its
/// own unit's; the superior level: those forwarded to it).
#[utoipa::path(
    tag = "nominations",
    operation_id = "list_nominations",
    params(WalkParams, NominationFilter),
    responses(
        (status = 200, description = "One page of nominations", body = CursorList<NominationView>),
        (status = 422, description = "A filter out of range: `year` (1900–9999)"),
    ),
)]
#[get("/nominations")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<WalkParams>,
    filter: Query<NominationFilter>,
) -> Result<web::Json<CursorList<NominationView>>, ApiError> {
    let (page, filter) = (page.0.paging()?, filter.0);
    let list = state.db.run(move |conn| records::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Reads a nomination with its achievement report: the unit's approved
/// figures on the campaign's scoreboard (per criterion: the figures, the
/// target, met or not; the score and rank), and the nomination's own words.
#[utoipa::path(
    tag = "nominations",
    operation_id = "get_nomination",
    params(("id" = String, Path, description = "The nomination's id")),
    responses((status = 200, description = "The nomination", body = NominationDetail, headers(("ETag" = String, description = "The version")))),
)]
#[get("/nominations/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let caches = state.caches.clone();
    let detail = state.db.run(move |conn| records::get(conn, &caller, &caches, &id)).await?;
    Ok(ok_with_etag(detail.nomination.version, &detail))
}

/// Replaces a nomination's content (award type, summary, text, rating)
/// while it is a draft or proposed. Needs `If-Match`.
#[utoipa::path(
    tag = "nominations",
    operation_id = "update_nomination",
    params(("id" = String, Path, description = "The nomination's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = NominationContent,
    responses(
        (status = 200, description = "Updated", body = NominationView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Past proposing it is fixed (`nomination_not_editable`, with `current_status`), \
                                     or the new award is nominated already (`already_nominated`)"),
    ),
)]
#[put("/nominations/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<NominationContent>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let view = state.db.write(move |conn| records::update(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(view.version, &view))
}
