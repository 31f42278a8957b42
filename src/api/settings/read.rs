use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::list::{List, PageParams};
use crate::model::settings::SettingView;
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists the stored settings in key order.
#[utoipa::path(
    tag = "settings",
    operation_id = "list_settings",
    params(PageParams),
    responses((status = 200, description = "One page of settings", body = List<SettingView>)),
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

/// Reads one setting.
#[utoipa::path(
    tag = "settings",
    operation_id = "get_setting",
    params(("key" = String, Path, description = "The setting's key")),
    responses((status = 200, description = "The setting", body = SettingView)),
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
