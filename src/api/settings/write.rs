use actix_web::{put, web};

use crate::error::ApiError;
use crate::http::extract::Json;
use crate::model::settings::{SettingInput, SettingView, WritableSettingKey};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Changes a setting: the value must keep the key's rule, and is stored in
/// canonical form (`" 070 "` is stored as `70`, media types in lower case).
#[utoipa::path(
    tag = "settings",
    operation_id = "put_setting",
    params(("key" = WritableSettingKey, Path, description = "The setting's key")),
    request_body = SettingInput,
    responses(
        (status = 200, description = "The setting as stored", body = SettingView),
        (status = 404, description = "The service knows no setting of this key"),
        (status = 409, description = "The setting is set by the service alone, such as `instance.id` (`read_only_setting`)"),
        (status = 422, description = "The value breaks the key's rule: `errors` names `value` with `not_an_integer`, \
                                      `out_of_range`, `invalid_media_type`, `required`, `too_many` or `too_long`"),
    ),
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
