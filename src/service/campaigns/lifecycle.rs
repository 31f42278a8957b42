//! A campaign's status: draft → active → closed.

use super::managed;
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::campaign::CampaignStatus;
use crate::domain::if_match::IfMatch;
use crate::error::{ApiError, ErrorCode};
use crate::model::campaigns::CampaignView;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// A move of a campaign's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StatusMove {
    /// draft → active.
    Activate,
    /// active → closed.
    Close,
}

impl StatusMove {
    /// The only status the move starts from.
    fn required_status(self) -> CampaignStatus {
        match self {
            StatusMove::Activate => CampaignStatus::Draft,
            StatusMove::Close => CampaignStatus::Active,
        }
    }

    /// The action the audit log names the move by.
    fn action(self) -> &'static str {
        match self {
            StatusMove::Activate => "activate",
            StatusMove::Close => "close",
        }
    }

    /// The status the campaign has after the move.
    fn next_status(self) -> CampaignStatus {
        match self {
            StatusMove::Activate => CampaignStatus::Active,
            StatusMove::Close => CampaignStatus::Closed,
        }
    }
}

/// Starts the campaign: draft → active. It needs at least one criterion and
/// one participant; from now on it takes reports and its definition is fixed.
/// `expected` is the version the caller read (its `If-Match`), or why it has none.
pub fn activate(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
) -> Result<CampaignView, ApiError> {
    move_status(conn, caller, id, expected, StatusMove::Activate)
}

/// Ends the campaign: active → closed. A closed campaign is read-only.
pub fn close(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
) -> Result<CampaignView, ApiError> {
    move_status(conn, caller, id, expected, StatusMove::Close)
}

fn move_status(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    status_move: StatusMove,
) -> Result<CampaignView, ApiError> {
    let grant = caller.may(Action::ManageCampaigns)?;
    let (from, to) = (status_move.required_status(), status_move.next_status());
    let managed = managed(conn, id, &grant)?;
    let current = managed.campaign;
    version::check(current.version, expected)?;
    if current.status != from {
        return Err(ApiError::conflict(
            ErrorCode::IllegalStatusChange,
            format!(
                "The campaign is {}; only a {} campaign can become {}.",
                current.status.as_str(),
                from.as_str(),
                to.as_str()
            ),
        ));
    }
    if to == CampaignStatus::Active {
        let criterion_count = db::criteria::of_campaign(conn, id)?.len();
        let participant_count = db::campaigns::participants(conn, id)?.len();
        if criterion_count == 0 || participant_count == 0 {
            return Err(ApiError::conflict(
                ErrorCode::IncompleteDefinition,
                format!(
                    "A campaign needs criteria and participants to start; it has {criterion_count} and {participant_count}."
                ),
            ));
        }
    }
    let outcome = db::campaigns::set_status(conn, id, current.version, from.as_str(), to.as_str())?;
    version::landed(outcome, current.version)?;
    let changed = db::campaigns::get(conn, id)?.ok_or_else(not_found)?.0;
    let view = super::view(conn, changed)?;
    Change::new(caller, Entity::Campaign, id, status_move.action(), Some(&managed.issuer_path))
        .before(&super::view(conn, current)?)
        .after(&view)
        .record(conn)?;
    Ok(view)
}
