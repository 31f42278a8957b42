use actix_web::{HttpResponse, get, post, put, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::council::{
    AttendanceInput, CouncilMeetingFilter, CouncilMeetingSummary, CouncilMeetingView, NewCouncilMeeting, VotesInput,
};
use crate::model::list::{List, PageParams};
use crate::service::{Caller, council};
use crate::state::AppState;

/// Lists the meetings of the caller's commune's council, latest first.
#[utoipa::path(
    tag = "council",
    operation_id = "list_council_meetings",
    params(PageParams, CouncilMeetingFilter),
    responses((status = 200, description = "One page of meetings", body = List<CouncilMeetingSummary>)),
)]
#[get("/council-meetings")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
    filter: Query<CouncilMeetingFilter>,
) -> Result<web::Json<List<CouncilMeetingSummary>>, ApiError> {
    let (page, filter) = (page.0.page(), filter.0);
    let list = state.db.run(move |conn| council::meetings::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Prepares a meeting of the council with the nominations it will consider:
/// each posted publicly, its posting ended by the meeting's day.
#[utoipa::path(
    tag = "council",
    operation_id = "create_council_meeting",
    request_body = NewCouncilMeeting,
    responses(
        (status = 201, description = "Prepared, open", body = CouncilMeetingView,
            headers(("Location" = String, description = "The new meeting"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "A nomination is not posted, or still posted after the meeting's day \
                                     (`nomination_not_ready`; `errors` names each)"),
    ),
)]
#[post("/council-meetings")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewCouncilMeeting>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let meeting = state.db.write(move |conn| council::meetings::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/council-meetings/{}", meeting.id), meeting.version, &meeting))
}

/// Reads one meeting: its attendance, the nominations it considers, their votes and results.
#[utoipa::path(
    tag = "council",
    operation_id = "get_council_meeting",
    params(("id" = String, Path, description = "The meeting's id")),
    responses((status = 200, description = "The meeting", body = CouncilMeetingView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/council-meetings/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let meeting = state.db.run(move |conn| council::meetings::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(meeting.version, &meeting))
}

/// Records the members present (replacing what was recorded): members of
/// the council whose term covers the meeting's day. Needs the meeting's `If-Match`.
#[utoipa::path(
    tag = "council",
    operation_id = "set_council_attendance",
    params(("id" = String, Path, description = "The meeting's id"), ("If-Match" = String, Header, description = "The meeting's version read, as its ETag")),
    request_body = AttendanceInput,
    responses(
        (status = 200, description = "Recorded", body = CouncilMeetingView, headers(("ETag" = String, description = "The meeting's new version"))),
        (status = 409, description = "The meeting concluded (`meeting_concluded`), or fewer members than the \
                                     votes already recorded (`votes_exceed_attendance`)"),
    ),
)]
#[put("/council-meetings/{id}/attendance")]
pub async fn set_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<AttendanceInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let meeting =
        state.db.write(move |conn| council::meetings::set_attendance(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(meeting.version, &meeting))
}

/// Records the votes on one nomination the meeting considers (for,
/// against, cast; cast at most the members present). Needs the meeting's `If-Match`.
#[utoipa::path(
    tag = "council",
    operation_id = "set_council_votes",
    params(
        ("id" = String, Path, description = "The meeting's id"),
        ("nomination_id" = String, Path, description = "A nomination the meeting considers"),
        ("If-Match" = String, Header, description = "The meeting's version read, as its ETag"),
    ),
    request_body = VotesInput,
    responses(
        (status = 200, description = "Recorded", body = CouncilMeetingView, headers(("ETag" = String, description = "The meeting's new version"))),
        (status = 409, description = "The meeting concluded (`meeting_concluded`)"),
    ),
)]
#[put("/council-meetings/{id}/votes/{nomination_id}")]
pub async fn set_votes(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Json<VotesInput>,
) -> Result<HttpResponse, ApiError> {
    let ((id, nomination_id), input, expected) = (path.into_inner(), body.0, if_match.precondition());
    let meeting = state
        .db
        .write(move |conn| council::meetings::set_votes(conn, &caller, &id, &nomination_id, expected, input))
        .await?;
    Ok(ok_with_etag(meeting.version, &meeting))
}
