use actix_web::{HttpResponse, delete, post, put, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, created, ok_with_etag};
use crate::model::award_rules::{AwardBarInput, AwardBarView, AwardRuleInput, AwardRuleView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Adds an award rule to a campaign (the office of its issuing unit).
#[utoipa::path(
    tag = "nominations",
    operation_id = "create_award_rule",
    params(("id" = String, Path, description = "The campaign's id")),
    request_body = AwardRuleInput,
    responses(
        (status = 201, description = "Created", body = AwardRuleView,
            headers(("Location" = String, description = "The new rule"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The campaign has a rule for this award type and subject kind (`already_exists`)"),
    ),
)]
#[post("/campaigns/{id}/award-rules")]
pub async fn create_rule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<AwardRuleInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input) = (id.into_inner(), body.0);
    let rule = state.db.write(move |conn| service::award_rules::create(conn, &caller, &id, input)).await?;
    Ok(created(&format!("/api/v1/award-rules/{}", rule.id), rule.version, &rule))
}

/// Corrects every field of an award rule. Needs `If-Match`.
#[utoipa::path(
    tag = "nominations",
    operation_id = "update_award_rule",
    params(("id" = String, Path, description = "The rule's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = AwardRuleInput,
    responses(
        (status = 200, description = "Updated", body = AwardRuleView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Another rule of the campaign has this award type and subject kind (`already_exists`)"),
    ),
)]
#[put("/award-rules/{id}")]
pub async fn update_rule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<AwardRuleInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let rule = state.db.write(move |conn| service::award_rules::update(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(rule.version, &rule))
}

/// Removes an award rule: nothing in the campaign earns its award any more. Needs `If-Match`.
#[utoipa::path(
    tag = "nominations",
    operation_id = "delete_award_rule",
    params(("id" = String, Path, description = "The rule's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses((status = 204, description = "Removed")),
)]
#[delete("/award-rules/{id}")]
pub async fn delete_rule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (id, expected) = (id.into_inner(), if_match.precondition());
    state.db.write(move |conn| service::award_rules::delete(conn, &caller, &id, expected)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sets the campaign's bar, every field. Needs `If-Match` (`"0"` over the default).
#[utoipa::path(
    tag = "nominations",
    operation_id = "put_award_bar",
    params(("id" = String, Path, description = "The campaign's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = AwardBarInput,
    responses((status = 200, description = "Set", body = AwardBarView, headers(("ETag" = String, description = "The new version")))),
)]
#[put("/campaigns/{id}/award-bar")]
pub async fn put_bar(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<AwardBarInput>,
) -> Result<HttpResponse, ApiError> {
    let (id, input, expected) = (id.into_inner(), body.0, if_match.precondition());
    let bar = state.db.write(move |conn| service::award_rules::put_bar(conn, &caller, &id, expected, input)).await?;
    Ok(ok_with_etag(bar.version, &bar))
}
