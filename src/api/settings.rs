//! `/api/v1/settings`: service-wide settings, read-only over HTTP for now.
// Writes arrive with the admin role (identity and access); until then they
// are made with the `thidua settings set` command.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::list::{List, PageParams};
use crate::db::{self, Db};
use crate::domain::settings::{Setting, check_key};
use crate::error::ApiError;
use crate::http::extract::Query;

/// One setting.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SettingView {
    /// The setting's name, such as `instance.id`.
    #[schema(example = "instance.id")]
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

impl From<Setting> for SettingView {
    fn from(s: Setting) -> Self {
        Self { key: s.key, value: s.value, updated_at: s.updated_at }
    }
}

/// Lists the stored settings in key order.
#[utoipa::path(
    tag = "settings",
    operation_id = "list_settings",
    params(PageParams),
    responses((status = 200, description = "One page of settings", body = List<SettingView>)),
)]
#[get("/settings")]
pub async fn list(db: web::Data<Db>, params: Query<PageParams>) -> Result<web::Json<List<SettingView>>, ApiError> {
    let page = params.0.page();
    let (items, total) = db.run(move |conn| db::settings::list(conn, page)).await?;
    Ok(web::Json(List::new(items.into_iter().map(SettingView::from).collect(), total, page)))
}

/// Reads one setting.
#[utoipa::path(
    tag = "settings",
    operation_id = "get_setting",
    params(("key" = String, Path, description = "The setting's key")),
    responses((status = 200, description = "The setting", body = SettingView)),
)]
#[get("/settings/{key}")]
pub async fn get(db: web::Data<Db>, key: web::Path<String>) -> Result<web::Json<SettingView>, ApiError> {
    let key = key.into_inner();
    let not_found = || ApiError::not_found(format!("No setting has the key {key:?}."));
    if check_key(&key).is_err() {
        return Err(not_found());
    }
    let lookup = key.clone();
    match db.run(move |conn| db::settings::get(conn, &lookup)).await? {
        Some(setting) => Ok(web::Json(setting.into())),
        None => Err(not_found()),
    }
}
