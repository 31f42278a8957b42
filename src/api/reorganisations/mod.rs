//! `/api/v1/reorganisations`: mergers, splits and renames of org units.

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadOrgUnits), read::list);
    r.add(Access::Requires(Action::ReadOrgUnits), read::get);
    r.add(Access::Requires(Action::ManageOrgUnits), write::create);
}
