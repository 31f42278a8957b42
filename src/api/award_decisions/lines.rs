use actix_web::{HttpResponse, get, post, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::award_decisions::{DecisionLineView, RevokeInput};
use crate::service::{Caller, award_decisions};
use crate::state::AppState;

/// Reads one line of a decision, with its own `ETag` (revoking it needs that version).
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "get_award_decision_line",
    params(("id" = String, Path, description = "The decision's id"), ("line_id" = String, Path, description = "The line's id")),
    responses((status = 200, description = "The line", body = DecisionLineView, headers(("ETag" = String, description = "The line's version")))),
)]
#[get("/award-decisions/{id}/lines/{line_id}")]
pub async fn get_line(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, line_id) = path.into_inner();
    let line = state.db.run(move |conn| award_decisions::revoke::get_line(conn, &caller, &id, &line_id)).await?;
    Ok(ok_with_etag(line.version, &line))
}

/// Revokes a line of a signed decision (the chairman): the ground (Luật
/// 06/2022/QH15 chương VII), the facts, and the money to recover — the
/// line's amount unless `recover_vnd` says less. The line is kept, marked;
/// the fund's committed amount goes down by the money recovered. Needs the
/// line's `If-Match`.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "revoke_award_decision_line",
    params(
        ("id" = String, Path, description = "The decision's id"),
        ("line_id" = String, Path, description = "The line's id"),
        ("If-Match" = String, Header, description = "The line's version read, as its ETag"),
    ),
    request_body = RevokeInput,
    responses(
        (status = 200, description = "Revoked", body = DecisionLineView, headers(("ETag" = String, description = "The line's new version"))),
        (status = 409, description = "`decision_not_signed`: a draft's lines are not revoked; `line_revoked`: \
                                     revoked already (both with `current_status`)"),
    ),
)]
#[post("/award-decisions/{id}/lines/{line_id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Json<RevokeInput>,
) -> Result<HttpResponse, ApiError> {
    let ((id, line_id), expected, input) = (path.into_inner(), if_match.precondition(), body.0);
    let line = state
        .db
        .write(move |conn| award_decisions::revoke::revoke(conn, &caller, &id, &line_id, expected, input))
        .await?;
    Ok(ok_with_etag(line.version, &line))
}
