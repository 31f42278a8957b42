//! A campaign's scoreboard, and its preview: who met which target, scored
//! and ranked (the rules are in `domain::score`), for the units in the
//! caller's scope.

use std::sync::Arc;

use super::cache::ScoreboardCache;
use super::compute::{BoardRequest, today};
use crate::auth::Action;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::model::scoreboard::Scoreboard;
use crate::service::caller::Caller;
use crate::service::campaigns::reached;

/// Which reports a board counts, and so who may read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// Approved reports only: the scoreboard.
    Approved,
    /// A preview: submitted reports too, their figures provisional.
    WithSubmitted,
}

/// The scoreboard of campaign `campaign_id` for `period` or (`None`) the
/// whole campaign, counting what `counting` says, for the caller's scope.
pub fn board(
    conn: &mut DbConnection,
    caller: &Caller,
    cache: &ScoreboardCache,
    counting: Counting,
    campaign_id: &str,
    period: Option<&str>,
) -> Result<Arc<Scoreboard>, ApiError> {
    let action = match counting {
        Counting::Approved => Action::ReadScoreboard,
        Counting::WithSubmitted => Action::PreviewScoreboard,
    };
    let grant = caller.may(action)?;
    // A predecessor's campaign is read through the predecessor's subtree.
    let (campaign, scope) = reached(conn, campaign_id, &grant)?;
    let request = BoardRequest {
        campaign: &campaign,
        within: &scope,
        period,
        preview: matches!(counting, Counting::WithSubmitted),
        today: today(),
        with_criteria: true,
    };
    cache.board(conn, &request)
}
