//! The demo's second tree: since 2025-07-01 local government has two tiers.
//! Tỉnh Nam Định, Hà Nam and Ninh Bình became tỉnh Ninh Bình (Nghị quyết số
//! 202/2025/QH15), and the province's published plan merged xã Liên Minh,
//! Vĩnh Hào and Đại Thắng into xã Liên Minh. Recorded through the
//! reorganisation use case, after the 2023 results: 2023's records keep
//! their names, the commune's office and chairman move to the new commune
//! (and read the old one's history through its lineage), the district's
//! account moves to the province, and the reporters of the closed units
//! stay there, able to read, not act.

use chrono::NaiveDate;
use serde_json::json;

use super::{COMMUNE_CODE, PROVINCE_CODE};
use crate::bootstrap::ROOT_CODE;
use crate::db::{self, Db, DbConnection};
use crate::domain::org::{OrgKind, child_path};
use crate::error::ApiError;
use crate::service::{Caller, reorganisations};

/// The communes merged with xã Đại Thắng: code, name.
pub const NEIGHBOURS: [(&str, &str); 2] = [("XA-LIEN-MINH", "Xã Liên Minh"), ("XA-VINH-HAO", "Xã Vĩnh Hào")];
pub const NEW_PROVINCE_CODE: &str = "TINH-NINH-BINH";
pub const NEW_COMMUNE_CODE: &str = "XA-LIEN-MINH-2025";

/// The day the two-tier local government began.
pub fn effective_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("a valid date")
}

/// Records the 2025 reorganisations; answers whether it did (`false` when
/// they are recorded already or the demo is missing).
pub async fn load(db: &Db) -> Result<bool, ApiError> {
    db.write(|conn| {
        if db::org_units::get_by_code(conn, NEW_PROVINCE_CODE)?.is_some()
            || db::org_units::get_by_code(conn, COMMUNE_CODE)?.is_none()
        {
            return Ok(false);
        }
        record(conn)?;
        Ok(true)
    })
    .await
}

fn id_of(conn: &mut DbConnection, code: &str) -> Result<String, ApiError> {
    Ok(db::org_units::get_by_code(conn, code)?.ok_or_else(|| ApiError::internal(&format!("no unit {code}")))?.id)
}

fn user_id(conn: &mut DbConnection, username: &str) -> Result<Option<String>, ApiError> {
    Ok(db::users::credentials(conn, username)?.map(|(user, ..)| user.id))
}

fn record(conn: &mut DbConnection) -> Result<(), ApiError> {
    let caller = Caller::system("demo");
    let root = db::org_units::get_by_code(conn, ROOT_CODE)?.ok_or_else(|| ApiError::internal(&"no root unit"))?;
    let province_id = uuid::Uuid::now_v7().to_string();
    let path = child_path(&root.path, &province_id);
    db::org_units::insert(
        conn,
        db::org_units::NewOrgUnit {
            id: &province_id,
            code: NEW_PROVINCE_CODE,
            name: "Tỉnh Ninh Bình",
            kind: OrgKind::Province.as_str(),
            parent_id: Some(&root.id),
            path: &path,
            valid_from: Some(effective_on()),
        },
    )?;

    let mut communes = Vec::new();
    for code in [NEIGHBOURS[0].0, NEIGHBOURS[1].0, COMMUNE_CODE] {
        communes.push(id_of(conn, code)?);
    }
    let mut move_users = Vec::new();
    for username in [super::USERS[0].0, super::USERS[1].0] {
        if let Some(id) = user_id(conn, username)? {
            move_users.push(json!({ "id": id, "to": NEW_COMMUNE_CODE }));
        }
    }
    let communes = json!({
        "kind": "merge",
        "effective_on": effective_on(),
        "reason": "Sắp xếp đơn vị hành chính cấp xã năm 2025: hợp nhất xã Liên Minh, xã Vĩnh Hào và xã Đại Thắng \
                   thành xã Liên Minh.",
        "legal_basis": "Phương án sắp xếp đơn vị hành chính cấp xã của tỉnh Nam Định năm 2025",
        "predecessors": communes,
        "successors": [{ "code": NEW_COMMUNE_CODE, "name": "Xã Liên Minh", "parent_id": province_id }],
        "move_users": move_users,
    });
    reorganisations::create(conn, &caller, input(communes)?)?;

    let mut move_users = Vec::new();
    if let Some(id) = user_id(conn, super::USERS[4].0)? {
        move_users.push(json!({ "id": id, "to": NEW_PROVINCE_CODE }));
    }
    let province = json!({
        "kind": "merge",
        "effective_on": effective_on(),
        "reason": "Sắp xếp đơn vị hành chính cấp tỉnh năm 2025: tỉnh Hà Nam, tỉnh Nam Định và tỉnh Ninh Bình \
                   thành tỉnh Ninh Bình; không tổ chức cấp huyện.",
        "legal_basis": "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh",
        "predecessors": [id_of(conn, PROVINCE_CODE)?],
        "successors": [{ "org_unit_id": province_id }],
        "move_users": move_users,
    });
    reorganisations::create(conn, &caller, input(province)?)?;
    Ok(())
}

fn input<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::internal(&e))
}
