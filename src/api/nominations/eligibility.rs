use actix_web::{get, web};

use crate::error::ApiError;
use crate::model::nominations::EligibilityView;
use crate::service::Caller;
use crate::service::nominations::eligibility as service;
use crate::state::AppState;

/// Every rule the nomination is checked against, judged today and
/// explained: the rule, its article, the figures it read, and `met`,
/// `not_met` or `pending` — attainment (the campaign's award rule against
/// the approved results), no founded complaint about barred conduct in the
/// period (plan 05 §VI.2), one achievement one reward (Luật 06/2022/QH15
/// Điều 5), authority (Điều 80), the council, the public posting.
#[utoipa::path(
    tag = "nominations",
    operation_id = "nomination_eligibility",
    params(("id" = String, Path, description = "The nomination's id")),
    responses((status = 200, description = "Each rule, judged and explained", body = EligibilityView)),
)]
#[get("/nominations/{id}/eligibility")]
pub async fn eligibility(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<EligibilityView>, ApiError> {
    let id = id.into_inner();
    let caches = state.caches.clone();
    let view = state.db.run(move |conn| service::eligibility(conn, &caller, &caches, &id)).await?;
    Ok(web::Json(view))
}
