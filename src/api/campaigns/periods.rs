use actix_web::{get, web};

use crate::error::ApiError;
use crate::model::campaigns::PeriodView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// The campaign's reporting periods, from its period type and dates.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_periods",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The periods, in order", body = Vec<PeriodView>)),
)]
#[get("/campaigns/{id}/periods")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<PeriodView>>, ApiError> {
    let id = id.into_inner();
    let periods = state.db.run(move |conn| service::campaigns::periods::list(conn, &caller, &id)).await?;
    Ok(web::Json(periods))
}
