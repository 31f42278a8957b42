//! A campaign's participants: the units that report in it.

use super::{managed, readable, require_draft, resolve_units};
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::domain::accounts::OrgUnit;
use crate::error::ApiError;
use crate::model::campaigns::ParticipantsInput;
use crate::model::org_units::OrgUnitView;
use crate::service::Caller;
use crate::service::audit::{Change, Entity};
use crate::service::org_units::describe;

/// A campaign's participants, in tree order, named as they were when it began.
pub fn list(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<OrgUnitView>, ApiError> {
    let campaign = readable(conn, caller, id)?;
    let units = db::campaigns::participants(conn, &campaign.id)?;
    describe(conn, units, campaign.starts_on)
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
    let before = unit_ids(&db::campaigns::participants(conn, id)?);
    db::campaigns::set_participants(conn, id, &ids)?;
    db::campaigns::touch(conn, id)?;
    let units = db::campaigns::participants(conn, id)?;
    Change::new(caller, Entity::Participants, id, "set", Some(&managed.issuer_path))
        .before(&before)
        .after(&unit_ids(&units))
        .record(conn)?;
    describe(conn, units, managed.campaign.starts_on)
}

/// The participants as the audit log keeps them: their ids, in tree order.
fn unit_ids(units: &[OrgUnit]) -> Vec<String> {
    units.iter().map(|unit| unit.id.clone()).collect()
}
