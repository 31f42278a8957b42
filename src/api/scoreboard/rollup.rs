//! The district's roll-up of one plan across its communes.

use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::scoreboard::{Rollup, RollupParams};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Every commune running the same plan as campaign `id`, below the caller's district.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "campaign_rollup",
    description = "The communes below the caller's district whose campaign has the same code as campaign `id` or \
                   was imported from the same original definition, running at the same time (and having the \
                   period asked for): each commune's scoreboard summed up, ranked, and each criterion's \
                   commune-wide figure side by side. Only approved figures count.",
    params(("id" = String, Path, description = "A campaign of the plan"), RollupParams),
    responses((status = 200, description = "The roll-up", body = Rollup)),
)]
#[get("/campaigns/{id}/rollup")]
pub async fn rollup(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    params: Query<RollupParams>,
) -> Result<web::Json<Rollup>, ApiError> {
    let (id, period) = (id.into_inner(), params.0.period);
    let caches = state.caches.clone();
    let rollup = state
        .db
        .run(move |conn| service::scoreboard::rollup::rollup(conn, &caller, &caches.scoreboards, &id, period))
        .await?;
    Ok(web::Json(rollup))
}
