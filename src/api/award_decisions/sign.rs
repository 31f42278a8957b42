use actix_web::{HttpResponse, post, web};

use crate::error::ApiError;
use crate::http::extract::OptionalJson;
use crate::http::precondition::{IfMatch, ok_with_etag};
use crate::model::award_decisions::{AwardDecisionView, SignInput};
use crate::service::{Caller, award_decisions};
use crate::state::AppState;

/// Signs a draft (the chairman): each line's amount by the regime in force
/// on `signed_on` — the coefficient for the award type and subject kind that
/// day × the base salary that day, rounded up to the next 10,000 đồng — kept
/// with the coefficient, base salary, their ids, the raw amount and the
/// legal basis; the total charged to the issuer's reward fund for the year
/// of `signed_on`, in the same transaction. Needs `If-Match`.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "sign_award_decision",
    params(("id" = String, Path, description = "The decision's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body(content = Option<SignInput>, description = "Optional: `over_budget_reason` to sign over the \
                                                             fund's budget, or with no fund for the year"),
    responses(
        (status = 200, description = "Signed", body = AwardDecisionView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "`decision_signed` (with `current_status`); `nomination_not_awardable`; \
                                     `amount_unavailable`: no coefficient or base salary in force on the signing \
                                     day (`errors` names each line); `fund_exceeded`: the fund's budget, committed \
                                     and remaining amounts and the total in `detail`; `no_fund`: no fund for the \
                                     year — both unless `over_budget_reason` is given"),
    ),
)]
#[post("/award-decisions/{id}/sign")]
pub async fn sign(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: OptionalJson<SignInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, expected, input) = (id.into_inner(), if_match.precondition(), body.0.unwrap_or_default());
    let decision = state.db.write(move |conn| award_decisions::sign::sign(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(decision.version, &decision))
}
