//! `/api/v1/settings`: service-wide settings; every user reads them, admins write them.

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadSettings), read::list);
    r.add(Access::Requires(Action::ReadSettings), read::get);
    r.add(Access::Requires(Action::WriteSettings), write::put);
}
