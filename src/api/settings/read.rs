use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::list::{List, PageParams};
use crate::model::settings::{SettingKey, SettingView};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists every setting the service knows, in key order: the value in force
/// (the default while none is stored), and the rule a new value must keep.
#[utoipa::path(
    tag = "settings",
    operation_id = "list_settings",
    params(PageParams),
    responses((status = 200, description = "One page of the known settings", body = List<SettingView>)),
)]
#[get("/settings")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    params: Query<PageParams>,
) -> Result<web::Json<List<SettingView>>, ApiError> {
    let page = params.0.page();
    let list = state.db.run(move |conn| service::settings::list(conn, &caller, page)).await?;
    Ok(web::Json(list))
}

/// Reads one setting: the value in force (the default while none is
/// stored), and the rule a new value must keep.
#[utoipa::path(
    tag = "settings",
    operation_id = "get_setting",
    params(("key" = SettingKey, Path, description = "The setting's key")),
    responses(
        (status = 200, description = "The setting", body = SettingView),
        (status = 404, description = "The service knows no setting of this key"),
    ),
)]
#[get("/settings/{key}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    key: web::Path<String>,
) -> Result<web::Json<SettingView>, ApiError> {
    let key = key.into_inner();
    let setting = state.db.run(move |conn| service::settings::get(conn, &caller, &key)).await?;
    Ok(web::Json(setting))
}
