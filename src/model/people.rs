//! People (cán bộ, công chức) as the API shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::accounts::Person;

/// A person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonView {
    pub id: String,
    pub org_unit_id: String,
    /// The full Vietnamese name, e.g. `Nguyễn Thị Hoa`.
    pub full_name: String,
    /// The position (chức vụ), e.g. `Công chức Văn phòng – Thống kê`.
    pub position: String,
    /// The user account of this person, if any.
    pub user_id: Option<String>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Person> for PersonView {
    fn from(p: Person) -> Self {
        Self {
            id: p.id,
            org_unit_id: p.org_unit_id,
            full_name: p.full_name,
            position: p.position,
            user_id: p.user_id,
            active: p.active,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonFilter {
    /// Only people of this unit.
    pub org_unit_id: Option<String>,
    /// Only active (`true`) or inactive (`false`) people.
    pub active: Option<bool>,
    /// Only people whose name holds this text, compared without diacritics or case: `hoa` finds
    /// "Nguyễn Thị Hoà", `d` finds `đ`. At most 100 characters; blank: no filter.
    #[param(max_length = 100, example = "nguyen thi hoa")]
    pub q: Option<String>,
}

/// A person's fields. On update, absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PersonInput {
    pub org_unit_id: Option<String>,
    pub full_name: Option<String>,
    pub position: Option<String>,
    /// Links the person to a user account; an empty string unlinks it.
    pub user_id: Option<String>,
    pub active: Option<bool>,
}
