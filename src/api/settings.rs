//! `/api/v1/settings`: service-wide settings; every user reads them, admins write them.

use actix_web::{get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Action, Principal, authorize};
use crate::db::{self, Db};
use crate::domain::settings::{MAX_VALUE_LEN, Setting, check_key};
use crate::error::{ApiError, FieldError};
use crate::http::extract::{Json, Query};
use crate::model::list::{List, PageParams};

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
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    params: Query<PageParams>,
) -> Result<web::Json<List<SettingView>>, ApiError> {
    authorize(&principal, Action::ReadSettings)?;
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
pub async fn get(
    db: web::Data<Db>,
    principal: Principal,
    key: web::Path<String>,
) -> Result<web::Json<SettingView>, ApiError> {
    authorize(&principal, Action::ReadSettings)?;
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

/// The body of a settings write.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SettingInput {
    /// The new value, at most 10,000 characters.
    pub value: String,
}

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
    db: web::Data<Db>,
    principal: Principal,
    key: web::Path<String>,
    input: Json<SettingInput>,
) -> Result<web::Json<SettingView>, ApiError> {
    authorize(&principal, Action::WriteSettings)?;
    let key = key.into_inner();
    let value = input.0.value;
    let mut errors = Vec::new();
    if let Err(rule) = check_key(&key) {
        errors.push(FieldError::new("key", "invalid_key", format!("The key {rule}.")));
    }
    if value.chars().count() > MAX_VALUE_LEN {
        errors.push(FieldError::new(
            "value",
            "too_long",
            format!("The value may hold at most {MAX_VALUE_LEN} characters."),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let stored = db.write(move |conn| db::settings::put(conn, &key, &value)).await?;
    Ok(web::Json(stored.into()))
}
