use actix_web::{put, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::settings::{SettingInput, SettingView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Stores a value under a key, creating or replacing the setting.
#[utoipa::path(
    tag = "settings",
    operation_id = "put_setting",
    params(("key" = String, Path, description = "The setting's key: 1–100 of a-z, 0-9, '.', '_', '-'", pattern = r"^[a-z0-9._-]{1,100}$")),
    request_body = SettingInput,
    responses((status = 200, description = "The setting as stored", body = SettingView)),
)]
#[put("/settings/{key}")]
pub async fn put(
    state: web::Data<AppState>,
    caller: Caller,
    key: web::Path<String>,
    input: Json<SettingInput>,
) -> Result<web::Json<SettingView>, ApiError> {
    let key = key.into_inner();
    let input = input.0;
    let stored = state.db.write(move |conn| service::settings::put(conn, &caller, &key, input)).await?;
    Ok(web::Json(stored))
}
