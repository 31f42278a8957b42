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
    /// Only records changed at or after this instant (RFC 3339): what an
    /// integration syncs since its last call.
    #[serde(default, deserialize_with = "super::time::rfc3339_opt")]
    pub updated_since: Option<DateTime<Utc>>,
}

/// A person's fields as the service checks them, from a creation
/// (`NewPerson`) or a change (`PersonChanges`): absent fields stay as they
/// are, or are required on creation.
#[derive(Debug, Default, Deserialize)]
pub struct PersonInput {
    pub org_unit_id: Option<String>,
    pub full_name: Option<String>,
    pub position: Option<String>,
    pub user_id: Option<String>,
    pub active: Option<bool>,
}

/// A new person. The fields the document marks required are checked by
/// the service, which names every one missing in one 422; they are read as
/// options so that it can.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPerson {
    /// A unit in the caller's scope.
    #[schema(value_type = String)]
    pub org_unit_id: Option<String>,
    #[schema(value_type = String, min_length = 1, max_length = 200, example = "Nguyễn Thị Hoa")]
    pub full_name: Option<String>,
    /// Empty when absent.
    #[schema(max_length = 200)]
    pub position: Option<String>,
    /// Links the person to a user account in the caller's scope; an empty string links none.
    pub user_id: Option<String>,
    /// Default `true`.
    pub active: Option<bool>,
}

impl From<NewPerson> for PersonInput {
    fn from(n: NewPerson) -> Self {
        let NewPerson { org_unit_id, full_name, position, user_id, active } = n;
        Self { org_unit_id, full_name, position, user_id, active }
    }
}

/// Changes to a person: absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PersonChanges {
    /// Moves the person to another unit in the caller's scope.
    pub org_unit_id: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub full_name: Option<String>,
    #[schema(max_length = 200)]
    pub position: Option<String>,
    /// Links the person to a user account; an empty string unlinks it.
    pub user_id: Option<String>,
    pub active: Option<bool>,
}

impl From<PersonChanges> for PersonInput {
    fn from(c: PersonChanges) -> Self {
        let PersonChanges { org_unit_id, full_name, position, user_id, active } = c;
        Self { org_unit_id, full_name, position, user_id, active }
    }
}
