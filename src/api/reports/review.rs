use actix_web::{HttpResponse, get, post, web};

use crate::domain::report::Move;
use crate::error::ApiError;
use crate::http::extract::OptionalJson;
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::reasons::{MoveInput, ReasonInput};
use crate::model::reports::{ReportHistoryEntry, ReportView};
use crate::service::Caller;
use crate::service::reports::review::{self, MoveRequest};
use crate::state::AppState;

/// Moves the report and answers it as moved.
async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    report_id: String,
    if_match: IfMatch,
    input: Option<MoveInput>,
    step: Move,
) -> Result<HttpResponse, ApiError> {
    let request = MoveRequest { report_id, step, input, expected_version: if_match.precondition() };
    let view = review::move_report(&state.db, state.caches.clone(), caller, request).await?;
    Ok(ok_with_etag(view.version, &view))
}

/// A move's endpoint. `$input` is the body read — `MoveInput` where a reason
/// may be given, `ReasonInput` where one is required — and `$documented` its
/// schema in the document, so that a typed client cannot leave a required
/// reason out. A missing body still reaches the service, which names the
/// reason it needs (422).
macro_rules! move_endpoint {
    ($name:ident, $path:literal, $operation:literal, $step:expr, $doc:literal, $input:ty, $documented:ty, $body_doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            tag = "reports",
            operation_id = $operation,
            params(("id" = String, Path, description = "The report's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
            request_body(content = $documented, description = $body_doc),
            responses(
                (status = 200, description = "Moved", body = ReportView, headers(("ETag" = String, description = "The new version"))),
                (status = 409, description = "The report's state does not allow the move (`illegal_move`, with `current_status`), or a rule blocks it: `campaign_closed`, `period_locked`"),
            ),
        )]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            caller: Caller,
            id: web::Path<String>,
            if_match: IfMatch,
            body: OptionalJson<$input>,
        ) -> Result<HttpResponse, ApiError> {
            transition(state, caller, id.into_inner(), if_match, body.0.map(MoveInput::from), $step).await
        }
    };
}

move_endpoint!(
    submit,
    "/reports/{id}/submit",
    "submit_report",
    Move::Submit,
    "Submits the report for review: every applicable value present, none inconsistent (422 lists each).",
    MoveInput,
    Option<MoveInput>,
    "Optional; no reason is needed to submit"
);
move_endpoint!(
    return_report,
    "/reports/{id}/return",
    "return_report",
    Move::Return,
    "Returns a submitted report to its unit, with a reason.",
    ReasonInput,
    ReasonInput,
    "Why it is returned"
);
move_endpoint!(
    approve,
    "/reports/{id}/approve",
    "approve_report",
    Move::Approve,
    "Approves a submitted report: its figures now count and it is read-only.",
    MoveInput,
    Option<MoveInput>,
    "Optional"
);
move_endpoint!(
    reopen,
    "/reports/{id}/reopen",
    "reopen_report",
    Move::Reopen,
    "Reopens an approved report, with a reason (chairman or office).",
    ReasonInput,
    ReasonInput,
    "Why it is reopened"
);

/// The report's history: who moved it, when, from what, to what, and why.
#[utoipa::path(
    tag = "reports",
    operation_id = "report_history",
    params(("id" = String, Path, description = "The report's id")),
    responses((status = 200, description = "The moves, oldest first", body = Vec<ReportHistoryEntry>)),
)]
#[get("/reports/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<ReportHistoryEntry>>, ApiError> {
    let id = id.into_inner();
    let entries = state.db.run(move |conn| review::history(conn, &caller, &id)).await?;
    Ok(web::Json(entries))
}
