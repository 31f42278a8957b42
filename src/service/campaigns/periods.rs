//! A campaign's reporting periods, derived from its period type and dates.

use super::readable;
use crate::db::DbConnection;
use crate::domain::periods::periods;
use crate::error::ApiError;
use crate::model::campaigns::PeriodView;
use crate::service::Caller;

/// The campaign's reporting periods, in order, as they stand today (UTC).
pub fn list(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<PeriodView>, ApiError> {
    let campaign = readable(conn, caller, id)?;
    let today = crate::domain::today();
    let found = periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines);
    Ok(found.into_iter().map(|p| PeriodView::new(p, today)).collect())
}
