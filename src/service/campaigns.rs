//! Campaigns: the rules shared by every use case that reads one.

use crate::auth::policy::{campaign_visible, not_found};
use crate::db::{self, DbConnection};
use crate::domain::campaign::Campaign;
use crate::error::ApiError;

/// The campaign `id` if it reaches the caller (404 otherwise).
pub fn visible(conn: &mut DbConnection, id: &str, scope: &str) -> Result<Campaign, ApiError> {
    match db::campaigns::get(conn, id)? {
        Some((campaign, issuer_path)) if campaign_visible(&issuer_path, scope) => Ok(campaign),
        _ => Err(not_found()),
    }
}
