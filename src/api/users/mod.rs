//! `/api/v1/users`: accounts, managed by admins. No answer ever holds a
//! password hash.

mod password;
mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ManageUsers), read::list);
    r.add(Access::Requires(Action::ManageUsers), read::get);
    r.add(Access::Requires(Action::ManageUsers), write::create);
    r.add(Access::Requires(Action::ManageUsers), write::update);
    r.add(Access::Requires(Action::ManageUsers), password::reset_password);
}
