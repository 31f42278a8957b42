use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};

use super::export::{lines_sheet, stem};
use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::http::sheets::{self, negotiate};
use crate::model::award_decisions::{
    AwardDecisionFilter, AwardDecisionInput, AwardDecisionParams, AwardDecisionSummary, AwardDecisionView,
};
use crate::model::list::{List, PageParams};
use crate::model::scoreboard::Format;
use crate::service::{Caller, award_decisions};
use crate::state::AppState;

/// Lists the decisions in the caller's scope, latest signing date first:
/// signed ones for everyone in scope, drafts too for the office and the chairman.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "list_award_decisions",
    params(PageParams, AwardDecisionFilter),
    responses((status = 200, description = "One page of decisions", body = List<AwardDecisionSummary>)),
)]
#[get("/award-decisions")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
    filter: Query<AwardDecisionFilter>,
) -> Result<web::Json<List<AwardDecisionSummary>>, ApiError> {
    let (page, filter) = (page.0.page(), filter.0);
    let list = state.db.run(move |conn| award_decisions::records::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Prepares a draft decision of the caller's commune over nominations the
/// commune's chairman approved for an award the commune issues, each on no
/// other decision; the lines follow the order given, without amounts until signed.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "create_award_decision",
    request_body = AwardDecisionInput,
    responses(
        (status = 201, description = "Prepared as a draft", body = AwardDecisionView,
            headers(("Location" = String, description = "The new decision"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "`number_taken`: the issuer has a decision with this number; \
                                     `nomination_not_awardable`: a nomination is not approved, was forwarded, or is \
                                     not issued at commune level; `nomination_on_decision`: a nomination is on \
                                     another decision (`errors` names each); `already_exists` when another \
                                     request took the number or a nomination at the same moment"),
    ),
)]
#[post("/award-decisions")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<AwardDecisionInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let decision = state.db.write(move |conn| award_decisions::records::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/award-decisions/{}", decision.id), decision.version, &decision))
}

/// Reads one decision with its lines — as JSON, or its list as CSV (UTF-8
/// with BOM) or XLSX by `?format=` or `Accept`: no., name, unit, award,
/// coefficient, base salary, amount, revoked. Drafts are read only by the
/// office and the chairman.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "get_award_decision",
    params(("id" = String, Path, description = "The decision's id"), AwardDecisionParams),
    responses((status = 200, description = "JSON by default (with its `ETag`); `text/csv` or the XLSX workbook by \
                                           `Accept` or `?format=`", content(
        (AwardDecisionView = "application/json"),
        (String = "text/csv"),
        (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/award-decisions/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<AwardDecisionParams>,
) -> Result<HttpResponse, ApiError> {
    let format = negotiate(&req, params.0.format);
    let id = id.into_inner();
    let decision = state.db.run(move |conn| award_decisions::records::get(conn, &caller, &id)).await?;
    if format == Format::Json {
        return Ok(ok_with_etag(decision.version, &decision));
    }
    sheets::attachment(format, &stem(&decision), vec![lines_sheet(&decision)]).await
}

/// Replaces a draft's fields and lines. Needs `If-Match`.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "update_award_decision",
    params(("id" = String, Path, description = "The decision's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = AwardDecisionInput,
    responses(
        (status = 200, description = "Updated", body = AwardDecisionView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "`decision_signed` (with `current_status`); `number_taken`, \
                                     `nomination_not_awardable`, `nomination_on_decision` as for a new draft"),
    ),
)]
#[put("/award-decisions/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<AwardDecisionInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let decision =
        state.db.write(move |conn| award_decisions::records::update(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(decision.version, &decision))
}

/// Deletes a draft; a signed decision is never deleted. Needs `If-Match`.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "delete_award_decision",
    params(("id" = String, Path, description = "The decision's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The decision is signed (`decision_signed`, with `current_status`)"),
    ),
)]
#[delete("/award-decisions/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (id, expected) = (id.into_inner(), if_match.precondition());
    state.db.write(move |conn| award_decisions::records::delete(conn, &caller, &id, expected)).await?;
    Ok(HttpResponse::NoContent().finish())
}
