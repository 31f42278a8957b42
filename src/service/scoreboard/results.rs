//! A campaign's approved results for the use cases built on them — a
//! nomination's achievement report, its eligibility, the suggestions — which
//! authorise their callers themselves. The board is the scoreboard's own
//! (kept in its cache), over every participant of the campaign, so a rank
//! here is the rank on the scoreboard: nothing is scored twice.

use std::sync::Arc;

use super::cache::ScoreboardCache;
use super::compute::{BoardRequest, today};
use super::explain::explain_unit;
use crate::db::DbConnection;
use crate::domain::accounts::OrgUnit;
use crate::domain::campaign::Campaign;
use crate::error::ApiError;
use crate::model::scoreboard::{Explanation, Scoreboard};

/// The approved scoreboard of `campaign` (issued at `issuer_path`) for
/// `period` or the whole campaign, over all its participants.
pub fn approved_board(
    conn: &mut DbConnection,
    cache: &ScoreboardCache,
    campaign: &Campaign,
    issuer_path: &str,
    period: Option<&str>,
) -> Result<Arc<Scoreboard>, ApiError> {
    let request =
        BoardRequest { campaign, within: issuer_path, period, preview: false, today: today(), with_criteria: false };
    cache.board(conn, &request)
}

/// Why `unit` stands where it does on that board: each approved figure, the
/// rule, met or not; `None` when the unit is not on it.
pub fn unit_results(
    conn: &mut DbConnection,
    cache: &ScoreboardCache,
    campaign: &Campaign,
    issuer_path: &str,
    unit: &OrgUnit,
    period: Option<&str>,
) -> Result<Option<(Explanation, usize)>, ApiError> {
    let board = approved_board(conn, cache, campaign, issuer_path, period)?;
    let ranked = board.units.len();
    let Some(line) = board.units.iter().find(|u| u.org_unit_id == unit.id).cloned() else {
        return Ok(None);
    };
    Ok(Some((explain_unit(conn, campaign, &board, line, unit)?, ranked)))
}
