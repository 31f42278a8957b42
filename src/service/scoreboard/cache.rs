//! Scoreboards computed lately, kept while nothing they show has changed.
//!
//! A scoreboard is read far more often than its campaign's reports change
//! (a commune reloads it all day; approvals come in bursts), and computing
//! one sums every counted value. Each read first takes the campaign's
//! fingerprint (one statement over one row per unit: the moves of its
//! reports kept in `unit_totals`, its units' versions); an equal
//! fingerprint gives the kept board back. The
//! fingerprint is taken *before* computing, so a board is never older than
//! the fingerprint it is kept under: a change made meanwhile only causes one
//! more computation.
//!
//! A board computed afresh (a report moved) needs the campaign's
//! participants again, and they change far less often than their reports:
//! only when a unit changes (its version, in the fingerprint) or the
//! participants do (the campaign's version). So they are kept too, under
//! those two, and a province's board reads only its kept totals, one row per
//! unit — reading 20,000 participants joined to their units and totals was
//! most of the database's share of the computation.

use std::sync::Arc;

use chrono::NaiveDate;

use super::compute::{BoardRequest, compute};
use crate::cache::BoundedCache;
use crate::db::campaigns::Participant;
use crate::db::{self, DbConnection};
use crate::domain::campaign::Campaign;
use crate::error::ApiError;
use crate::model::scoreboard::Scoreboard;

/// More than this many boards: the cache starts over (a commune has a few
/// campaigns, each with a dozen periods and two views).
const CAPACITY: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    campaign_id: String,
    campaign_version: i32,
    within: String,
    period: Option<String>,
    preview: bool,
    with_criteria: bool,
    /// Which periods a whole-campaign board counts depends on the day.
    today: NaiveDate,
}

/// What `db::scoreboard::fingerprint` answers: how many units have moved
/// reports, how many moves there were, the sum of its units' versions.
type Fingerprint = (i64, Option<i64>, Option<i64>);

/// What a campaign's participants are read under: its version (raised when
/// the participants change) and the sum of their units' versions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ParticipantsKey {
    campaign_id: String,
    campaign_version: i32,
    unit_versions: Option<i64>,
}

/// A board and the fingerprint its campaign had when the computation began;
/// shared, not copied, with each reader (a province's board has tens of
/// thousands of lines).
#[derive(Clone)]
struct KeptBoard {
    fingerprint: Fingerprint,
    board: Arc<Scoreboard>,
}

/// The boards kept, by what each was computed over (see the module's doc).
pub struct ScoreboardCache {
    boards: BoundedCache<Key, KeptBoard>,
    participants: BoundedCache<ParticipantsKey, Arc<Vec<Participant>>>,
}

impl Default for ScoreboardCache {
    fn default() -> Self {
        Self { boards: BoundedCache::new(CAPACITY), participants: BoundedCache::new(CAPACITY) }
    }
}

impl ScoreboardCache {
    /// The board `request` asks for: the kept one while its campaign is unchanged, else computed.
    pub fn board(&self, conn: &mut DbConnection, request: &BoardRequest<'_>) -> Result<Arc<Scoreboard>, ApiError> {
        let key = Key {
            campaign_id: request.campaign.id.clone(),
            campaign_version: request.campaign.version,
            within: request.within.to_owned(),
            period: request.period.map(str::to_owned),
            preview: request.preview,
            with_criteria: request.with_criteria,
            today: request.today,
        };
        let fingerprint = db::scoreboard::fingerprint(conn, &request.campaign.id)?;
        if let Some(kept) = self.boards.get_if(&key, |kept| kept.fingerprint == fingerprint) {
            return Ok(kept.board);
        }
        let participants = self.participants(conn, request.campaign, fingerprint.2)?;
        let board = Arc::new(compute(conn, request, &participants)?);
        self.boards.insert(key, KeptBoard { fingerprint, board: Arc::clone(&board) });
        Ok(board)
    }

    /// The participants of `campaign` while its units' versions add up to
    /// `unit_versions` (read before them, as the fingerprint is).
    fn participants(
        &self,
        conn: &mut DbConnection,
        campaign: &Campaign,
        unit_versions: Option<i64>,
    ) -> Result<Arc<Vec<Participant>>, ApiError> {
        let key =
            ParticipantsKey { campaign_id: campaign.id.clone(), campaign_version: campaign.version, unit_versions };
        if let Some(kept) = self.participants.get(&key) {
            return Ok(kept);
        }
        let participants = Arc::new(db::campaigns::participants_unordered(conn, &campaign.id)?);
        self.participants.insert(key, Arc::clone(&participants));
        Ok(participants)
    }
}
