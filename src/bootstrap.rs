//! What a new installation gets on first start: the root org unit and an
//! `admin` user bound to it, with the password from `THIDUA_ADMIN_PASSWORD`
//! or a generated one written once to the log.

use secrecy::ExposeSecret;

use crate::auth::passwords::hash_blocking;
use crate::auth::tokens::random_secret;
use crate::config::Config;
use crate::db::{self, DbConnection, DbError};
use crate::domain::org::{OrgKind, root_path};
use crate::domain::password;
use crate::domain::role::Role;

/// The root unit's code.
pub const ROOT_CODE: &str = "ROOT";
pub use crate::domain::accounts::ADMIN_USERNAME;

/// Creates the root unit and the first admin when the database has no org
/// unit yet; does nothing otherwise. Returns whether it created them.
pub fn first_start(conn: &mut DbConnection, config: &Config) -> Result<bool, DbError> {
    if db::org_units::count(conn)? > 0 {
        return Ok(false);
    }
    let (password, generated) = match &config.auth.admin_password {
        Some(given) => (given.expose_secret().to_owned(), false),
        None => (random_secret(), true),
    };
    if let Err(rule) = password::check_strength(&password, ADMIN_USERNAME) {
        return Err(DbError::Other(format!("THIDUA_ADMIN_PASSWORD {rule}")));
    }
    let hash = hash_blocking(config.auth.argon2, &password).map_err(DbError::Other)?;
    let created = db::write_transaction(conn, |conn| {
        // Another instance may have bootstrapped between the count and now.
        if db::org_units::count(conn)? > 0 {
            return Ok(false);
        }
        let root_id = uuid::Uuid::now_v7().to_string();
        let root = db::org_units::NewOrgUnit {
            id: &root_id,
            code: ROOT_CODE,
            name: "Toàn hệ thống",
            kind: OrgKind::Root.as_str(),
            parent_id: None,
            path: &root_path(&root_id),
            valid_from: None,
        };
        db::org_units::insert(conn, root)?;
        let admin_id = uuid::Uuid::now_v7().to_string();
        let admin = db::users::NewUser {
            id: &admin_id,
            username: ADMIN_USERNAME,
            display_name: "Quản trị hệ thống",
            role: Role::Admin.as_str(),
            org_unit_id: &root_id,
            password_hash: &hash,
            email: None,
        };
        db::users::insert(conn, admin)?;
        Ok::<_, DbError>(true)
    })?;
    if created {
        if generated {
            tracing::warn!(
                username = ADMIN_USERNAME,
                password = %password,
                "first start: created the admin account with this generated password; it is shown only now — \
                 sign in and change it, or set THIDUA_ADMIN_PASSWORD before the first start"
            );
        } else {
            tracing::info!(
                username = ADMIN_USERNAME,
                "first start: created the admin account with THIDUA_ADMIN_PASSWORD"
            );
        }
    }
    Ok(created)
}
