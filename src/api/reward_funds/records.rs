use actix_web::{HttpResponse, get, post, put, web};

use crate::error::ApiError;
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::award_decisions::{NewRewardFund, RewardFundFilter, RewardFundUpdate, RewardFundView};
use crate::model::list::{List, PageParams};
use crate::service::{Caller, reward_funds};
use crate::state::AppState;

/// Lists the reward funds of the issuers in the caller's scope, latest year first.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "list_reward_funds",
    params(PageParams, RewardFundFilter),
    responses((status = 200, description = "One page of funds: budget, committed, remaining", body = List<RewardFundView>)),
)]
#[get("/reward-funds")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
    filter: Query<RewardFundFilter>,
) -> Result<web::Json<List<RewardFundView>>, ApiError> {
    let (page, filter) = (page.0.page(), filter.0);
    let list = state.db.run(move |conn| reward_funds::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}

/// Opens the reward fund of an issuing commune for a year, with its budget.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "create_reward_fund",
    request_body = NewRewardFund,
    responses(
        (status = 201, description = "Opened", body = RewardFundView,
            headers(("Location" = String, description = "The new fund"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The issuer has a fund for that year (`already_exists`)"),
    ),
)]
#[post("/reward-funds")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewRewardFund>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let fund = state.db.write(move |conn| reward_funds::create(conn, &caller, input)).await?;
    Ok(created(&format!("/api/v1/reward-funds/{}", fund.id), fund.version, &fund))
}

/// Reads one fund: budget, committed, remaining.
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "get_reward_fund",
    params(("id" = String, Path, description = "The fund's id")),
    responses((status = 200, description = "The fund", body = RewardFundView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/reward-funds/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let fund = state.db.run(move |conn| reward_funds::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(fund.version, &fund))
}

/// Sets a fund's budget. Needs `If-Match` (every signature and revocation
/// charging the fund raises its version).
#[utoipa::path(
    tag = "award-decisions",
    operation_id = "update_reward_fund",
    params(("id" = String, Path, description = "The fund's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = RewardFundUpdate,
    responses(
        (status = 200, description = "Updated", body = RewardFundView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The budget is less than what is committed (`budget_below_committed`)"),
    ),
)]
#[put("/reward-funds/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<RewardFundUpdate>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let fund = state.db.write(move |conn| reward_funds::update(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(fund.version, &fund))
}
