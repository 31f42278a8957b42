use actix_web::{get, web};

use crate::error::ApiError;
use crate::model::me::MeView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Who the access token belongs to.
#[utoipa::path(
    tag = "me",
    operation_id = "get_me",
    responses((status = 200, description = "The caller's account", body = MeView)),
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<MeView>, ApiError> {
    let me = state.db.run(move |conn| service::me::get(conn, &caller)).await?;
    Ok(web::Json(me))
}
