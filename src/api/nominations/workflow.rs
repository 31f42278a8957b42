use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::{Json, OptionalJson};
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::nominations::{
    DecideInput, NominationHistoryEntry, NominationView, PostInput, SuperiorDecisionInput, WithdrawInput,
};
use crate::model::reasons::MoveInput;
use crate::service::Caller;
use crate::service::nominations::workflow::{self, MoveRequest, Step};
use crate::state::AppState;

/// Moves the nomination and answers it as moved.
async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    if_match: IfMatch,
    step: Step,
) -> Result<HttpResponse, ApiError> {
    let request = MoveRequest { nomination_id: id, step, expected_version: if_match.precondition() };
    let view = workflow::move_nomination(&state.db, state.caches.clone(), caller, request).await?;
    Ok(ok_with_etag(view.version, &view))
}

const ILLEGAL: &str = "The nomination's state does not allow the move (`illegal_move`, with `current_status`)";

/// Proposes a draft nomination (draft → proposed).
#[utoipa::path(
    tag = "nominations",
    operation_id = "propose_nomination",
    params(("id" = String, Path, description = "The nomination's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body(content = Option<MoveInput>, description = "Optional"),
    responses(
        (status = 200, description = "Proposed", body = NominationView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = ILLEGAL),
    ),
)]
#[post("/nominations/{id}/propose")]
pub async fn propose(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: OptionalJson<MoveInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, Step::Propose(body.0.unwrap_or_default())).await
}

/// Posts a proposed nomination publicly (proposed → posted) from `posted_on`
/// (default today) for the setting `nominations.posting_working_days`
/// (default 10) working days, Monday to Friday: `posted_until` is that many
/// working days after `posted_on`.
#[utoipa::path(
    tag = "nominations",
    operation_id = "post_nomination",
    params(("id" = String, Path, description = "The nomination's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body(content = Option<PostInput>, description = "Optional; `posted_on` defaults to today"),
    responses(
        (status = 200, description = "Posted", body = NominationView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = ILLEGAL),
    ),
)]
#[post("/nominations/{id}/post")]
pub async fn post(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: OptionalJson<PostInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, Step::Post(body.0.unwrap_or_default())).await
}

/// Forwards a reviewed nomination to the superior level (reviewed →
/// forwarded), for an award above the commune's power; sets `forwarded_at`.
#[utoipa::path(
    tag = "nominations",
    operation_id = "forward_nomination",
    params(("id" = String, Path, description = "The nomination's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body(content = Option<MoveInput>, description = "Optional"),
    responses(
        (status = 200, description = "Forwarded", body = NominationView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "`illegal_move` (with `current_status`), or `not_forwardable`: the commune chairman decides this award"),
    ),
)]
#[post("/nominations/{id}/forward")]
pub async fn forward(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: OptionalJson<MoveInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, Step::Forward(body.0.unwrap_or_default())).await
}

/// The chairman decides a reviewed nomination (reviewed → approved |
/// rejected). Approving needs every eligibility rule met, or an
/// `override_reason` (kept on the nomination and in the audit log); an award
/// above the commune's power is forwarded, never approved here.
#[utoipa::path(
    tag = "nominations",
    operation_id = "decide_nomination",
    params(("id" = String, Path, description = "The nomination's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = DecideInput,
    responses(
        (status = 200, description = "Decided", body = NominationView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "`illegal_move` (with `current_status`); `must_be_forwarded`: the award is decided \
                                     above the commune; `not_eligible`: rules not met or pending, each named in `errors` \
                                     (`rules[<code>]`, `not_met` or `pending`) — send an `override_reason` to approve anyway"),
    ),
)]
#[post("/nominations/{id}/decide")]
pub async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<DecideInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, Step::Decide(body.0)).await
}

/// The superior level records its own decision on a forwarded nomination
/// (forwarded → approved | rejected): its number, date and issuer.
#[utoipa::path(
    tag = "nominations",
    operation_id = "record_superior_decision",
    params(("id" = String, Path, description = "The nomination's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = SuperiorDecisionInput,
    responses(
        (status = 200, description = "Recorded", body = NominationView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = ILLEGAL),
    ),
)]
#[post("/nominations/{id}/superior-decision")]
pub async fn superior_decision(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<SuperiorDecisionInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, Step::SuperiorDecision(body.0)).await
}

/// Withdraws a nomination not yet decided nor forwarded, with a reason.
#[utoipa::path(
    tag = "nominations",
    operation_id = "withdraw_nomination",
    params(("id" = String, Path, description = "The nomination's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = WithdrawInput,
    responses(
        (status = 200, description = "Withdrawn", body = NominationView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = ILLEGAL),
    ),
)]
#[post("/nominations/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<WithdrawInput>,
) -> Result<HttpResponse, ApiError> {
    transition(state, caller, id.into_inner(), if_match, Step::Withdraw(body.0)).await
}

/// The nomination's history: who moved it, when, from what, to what, and why.
#[utoipa::path(
    tag = "nominations",
    operation_id = "nomination_history",
    params(("id" = String, Path, description = "The nomination's id")),
    responses((status = 200, description = "The moves, oldest first", body = Vec<NominationHistoryEntry>)),
)]
#[get("/nominations/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<NominationHistoryEntry>>, ApiError> {
    let id = id.into_inner();
    let entries = state.db.run(move |conn| workflow::history(conn, &caller, &id)).await?;
    Ok(web::Json(entries))
}
