//! A campaign's scoreboard, and its preview: who met which target, scored
//! and ranked (the rules are in `domain::score`), for the units in the
//! caller's scope.

use super::cache::ScoreboardCache;
use super::compute::{BoardRequest, today};
use crate::auth::Action;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::model::scoreboard::Scoreboard;
use crate::service::caller::Caller;
use crate::service::campaigns::visible;

/// The scoreboard of campaign `campaign_id`, from approved figures only, for
/// `period` or (`None`) the whole campaign.
pub fn read(
    conn: &mut DbConnection,
    caller: &Caller,
    cache: &ScoreboardCache,
    campaign_id: &str,
    period: Option<&str>,
) -> Result<Scoreboard, ApiError> {
    board(conn, caller, cache, Counting::Approved, campaign_id, period)
}

/// The scoreboard with submitted reports counted too, for the office before it approves.
pub fn preview(
    conn: &mut DbConnection,
    caller: &Caller,
    cache: &ScoreboardCache,
    campaign_id: &str,
    period: Option<&str>,
) -> Result<Scoreboard, ApiError> {
    board(conn, caller, cache, Counting::WithSubmitted, campaign_id, period)
}

/// Which reports a board counts, and so who may read it.
#[derive(Clone, Copy)]
enum Counting {
    Approved,
    /// A preview: submitted reports too, their figures provisional.
    WithSubmitted,
}

fn board(
    conn: &mut DbConnection,
    caller: &Caller,
    cache: &ScoreboardCache,
    counting: Counting,
    campaign_id: &str,
    period: Option<&str>,
) -> Result<Scoreboard, ApiError> {
    let action = match counting {
        Counting::Approved => Action::ReadScoreboard,
        Counting::WithSubmitted => Action::PreviewScoreboard,
    };
    let grant = caller.may(action)?;
    let campaign = visible(conn, campaign_id, grant.within())?;
    let request = BoardRequest {
        campaign: &campaign,
        within: grant.within(),
        period,
        preview: matches!(counting, Counting::WithSubmitted),
        today: today(),
        with_criteria: true,
    };
    cache.board(conn, &request)
}
