use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::council::{CouncilMeetingView, MinutesView};
use crate::service::{Caller, council};
use crate::state::AppState;

/// Concludes the meeting: checks the quorum (setting `council.quorum_percent`,
/// default 50: more than half the members in office that day present) and
/// that every nomination considered has its votes; fixes each result
/// (setting `council.pass_percent`, default 70: votes for from at least 70 %
/// of all the members in office) and, in one transaction, moves every
/// nomination considered `posted → reviewed` with its history entry. Needs `If-Match`.
#[utoipa::path(
    tag = "council",
    operation_id = "conclude_council_meeting",
    params(("id" = String, Path, description = "The meeting's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 200, description = "Concluded", body = CouncilMeetingView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "`meeting_concluded` (with `current_status`); `quorum_not_met` (the figures \
                                     in `detail`); `votes_missing` (`errors` names each nomination); \
                                     `nomination_moved`: a nomination is no longer posted — nothing was concluded"),
    ),
)]
#[post("/council-meetings/{id}/conclude")]
pub async fn conclude(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (id, expected) = (id.into_inner(), if_match.precondition());
    let meeting = state.db.write(move |conn| council::conclude::conclude(conn, &caller, &id, expected)).await?;
    Ok(ok_with_etag(meeting.version, &meeting))
}

/// The minutes (biên bản): members present and absent with their roles, the
/// quorum, and per nomination the votes, the result, the public feedback and
/// the complaints about the nominee in the achievement period (never who complained).
#[utoipa::path(
    tag = "council",
    operation_id = "council_meeting_minutes",
    params(("id" = String, Path, description = "The meeting's id")),
    responses((status = 200, description = "The minutes", body = MinutesView)),
)]
#[get("/council-meetings/{id}/minutes")]
pub async fn minutes(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<MinutesView>, ApiError> {
    let id = id.into_inner();
    let minutes = state.db.run(move |conn| council::minutes::minutes(conn, &caller, &id)).await?;
    Ok(web::Json(minutes))
}
