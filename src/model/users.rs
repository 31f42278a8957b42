//! User accounts as the API shows them. No type here holds a password
//! hash; only the inputs that set a password hold the password.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::accounts::User;
use crate::domain::role::Role;

/// A user account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub display_name: String,
    /// Where deadline reminders of the unit's reports are e-mailed; `null`: none.
    pub email: Option<String>,
    pub role: Role,
    pub org_unit_id: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            email: u.email,
            role: u.role,
            org_unit_id: u.org_unit_id,
            active: u.active,
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub org_unit_id: Option<String>,
    pub active: Option<bool>,
    /// Only accounts whose username or display name holds this text, compared without diacritics or case: `dai thang` finds
    /// "Xã Đại Thắng", `d` finds `đ`. At most 100 characters; blank: no filter.
    #[param(max_length = 100, example = "dai thang")]
    pub q: Option<String>,
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// 3–64 of a-z, 0-9, `.`, `_`, `-` (stored in lower case).
    #[schema(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$", example = "nguyenvana")]
    pub username: String,
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
    pub role: Role,
    /// District users sit at a district; office, chairman and reporter inside a commune.
    pub org_unit_id: String,
    /// At least 12 characters, not a common password, not containing the username.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
    /// An e-mail address (`local@domain`, at most 254 characters), where the
    /// deadline reminders of the unit's reports are sent; optional.
    #[schema(max_length = 254, example = "tuphap@daithang.gov.vn")]
    pub email: Option<String>,
}

/// Changes to an account; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UserChanges {
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub org_unit_id: Option<String>,
    /// `false` deactivates the account: its tokens stop working at once.
    pub active: Option<bool>,
    /// An e-mail address (`local@domain`, at most 254 characters) for the
    /// deadline reminders; absent: it stays as it is; `null`: removed.
    #[serde(default, deserialize_with = "super::present")]
    #[schema(value_type = Option<String>, max_length = 254)]
    pub email: Option<Option<String>>,
}

/// An admin's reset of someone's password.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordReset {
    /// At least 12 characters, not a common password, not containing the username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}
