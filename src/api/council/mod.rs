//! `/api/v1/council-members` and `/api/v1/council-meetings`: the commune's
//! emulation and commendation council — its members, its meetings with
//! their attendance and votes, the conclusion that moves the nominations
//! considered to `reviewed`, and the minutes. The rules live in
//! `service::council`.

mod conclude;
mod meetings;
mod members;
mod papers;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ReadCouncil), members::list);
    r.add(Requires(Action::ManageCouncil), members::create);
    r.add(Requires(Action::ReadCouncil), members::get);
    r.add(Requires(Action::ManageCouncil), members::update);
    r.add(Requires(Action::ReadCouncil), meetings::list);
    r.add(Requires(Action::ManageCouncil), meetings::create);
    r.add(Requires(Action::ReadCouncil), meetings::get);
    r.add(Requires(Action::ManageCouncil), meetings::set_attendance);
    r.add(Requires(Action::ManageCouncil), meetings::set_votes);
    r.add(Requires(Action::ManageCouncil), conclude::conclude);
    r.add(Requires(Action::ReadCouncil), conclude::minutes);
    r.add(Requires(Action::ReadCouncil), papers::minutes);
}
