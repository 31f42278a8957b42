//! `/api/v1/changes`: the change feed, for systems that follow what changed
//! instead of polling lists.

mod feed;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadChanges), feed::list);
}
