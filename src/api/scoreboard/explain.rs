//! Why a unit ranks where it does.

use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::scoreboard::{Explanation, ExplanationParams};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Why a unit scored what it did: each figure, the rule, met or not, the points, the report.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "explain_unit_score",
    description = "A reporter reads its own unit's explanation; other units' only when the campaign's results are \
                   public (403 otherwise).",
    params(
        ("id" = String, Path, description = "The campaign's id"),
        ("unit_id" = String, Path, description = "The participant unit's id"),
        ExplanationParams,
    ),
    responses((status = 200, description = "The explanation", body = Explanation)),
)]
#[get("/campaigns/{id}/scoreboard/units/{unit_id}")]
pub async fn explain(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    params: Query<ExplanationParams>,
) -> Result<web::Json<Explanation>, ApiError> {
    let (id, unit_id) = path.into_inner();
    let period = params.0.period;
    let caches = state.caches.clone();
    let explanation = state
        .db
        .run(move |conn| {
            service::scoreboard::explain::explain(conn, &caller, &caches.scoreboards, &id, &unit_id, period.as_deref())
        })
        .await?;
    Ok(web::Json(explanation))
}
