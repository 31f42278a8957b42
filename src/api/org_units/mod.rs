//! `/api/v1/org-units`: the organisation tree (district → commune → units).

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadOrgUnits), read::list);
    r.add(Access::Requires(Action::ReadOrgUnits), read::get);
    r.add(Access::Requires(Action::ManageOrgUnits), write::create);
    r.add(Access::Requires(Action::ManageOrgUnits), write::update);
}
