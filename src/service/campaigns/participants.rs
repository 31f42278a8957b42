//! A campaign's participants: the units that report in it.

use super::{managed, readable, require_draft, resolve_units};
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::model::campaigns::ParticipantsInput;
use crate::model::org_units::OrgUnitView;
use crate::service::Caller;

/// A campaign's participants, in tree order.
pub fn list(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<OrgUnitView>, ApiError> {
    let campaign = readable(conn, caller, id)?;
    let units = db::campaigns::participants(conn, &campaign.id)?;
    Ok(units.into_iter().map(Into::into).collect())
}

/// Replaces the participants of a draft campaign; answers them in tree order.
pub fn set(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    input: ParticipantsInput,
) -> Result<Vec<OrgUnitView>, ApiError> {
    let grant = caller.may(Action::ManageCampaigns)?;
    let managed = managed(conn, id, &grant)?;
    require_draft(&managed.campaign)?;
    let ids = resolve_units(conn, "org_units", &input.org_units, &managed.issuer_path)?;
    db::campaigns::set_participants(conn, id, &ids)?;
    db::campaigns::touch(conn, id)?;
    let units = db::campaigns::participants(conn, id)?;
    Ok(units.into_iter().map(Into::into).collect())
}
