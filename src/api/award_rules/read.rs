use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::precondition::ok_with_etag;
use crate::model::award_rules::{AwardBarView, AwardRuleView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// The campaign's award rules: which award types it leads to and what earns each.
#[utoipa::path(
    tag = "nominations",
    operation_id = "list_award_rules",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The rules, by award type and subject kind", body = Vec<AwardRuleView>)),
)]
#[get("/campaigns/{id}/award-rules")]
pub async fn list_rules(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<AwardRuleView>>, ApiError> {
    let id = id.into_inner();
    let rules = state.db.run(move |conn| service::award_rules::list(conn, &caller, &id)).await?;
    Ok(web::Json(rules))
}

/// One award rule.
#[utoipa::path(
    tag = "nominations",
    operation_id = "get_award_rule",
    params(("id" = String, Path, description = "The rule's id")),
    responses((status = 200, description = "The rule", body = AwardRuleView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/award-rules/{id}")]
pub async fn get_rule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let rule = state.db.run(move |conn| service::award_rules::get(conn, &caller, &id)).await?;
    Ok(ok_with_etag(rule.version, &rule))
}

/// The campaign's bar: the conduct a founded complaint must concern to bar a
/// nominee, and whether a member's complaint bars the unit. Plan 05's five
/// categories (version 0) until the office sets its own.
#[utoipa::path(
    tag = "nominations",
    operation_id = "get_award_bar",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The bar", body = AwardBarView, headers(("ETag" = String, description = "The version: \"0\" for the default")))),
)]
#[get("/campaigns/{id}/award-bar")]
pub async fn get_bar(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let bar = state.db.run(move |conn| service::award_rules::bar(conn, &caller, &id)).await?;
    Ok(ok_with_etag(bar.version, &bar))
}
