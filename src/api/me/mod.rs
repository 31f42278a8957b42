//! `/api/v1/me`: the caller's own account.

mod password;
mod read;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadSelf), read::me);
    r.add(Access::Requires(Action::ChangeOwnPassword), password::change_password);
}
