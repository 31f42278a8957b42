//! `/api/v1/complaints…`: the complaints register — complaints recorded,
//! corrected and moved by the office, their history and evidence, and the
//! complainant, answered by one operation only. The rules live in
//! `service::complaints`; these handlers extract, call and render.

mod complainant;
mod evidence;
mod moves;
mod records;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ReadComplaints), records::list);
    r.add(Requires(Action::ManageComplaints), records::create);
    r.add(Requires(Action::ReadComplaints), records::get);
    r.add(Requires(Action::ManageComplaints), records::update);
    r.add(Requires(Action::ReadComplainant), complainant::read);
    r.add(Requires(Action::ManageComplaints), moves::start);
    r.add(Requires(Action::ManageComplaints), moves::conclude);
    r.add(Requires(Action::ManageComplaints), moves::withdraw);
    r.add(Requires(Action::ManageComplaints), moves::decline);
    r.add(Requires(Action::ReadComplaints), moves::history);
    r.add(Requires(Action::ManageComplaints), evidence::upload);
    r.add(Requires(Action::ManageComplaints), evidence::add_link);
    r.add(Requires(Action::ReadComplaints), evidence::list);
    r.add(Requires(Action::ReadComplaints), evidence::download);
    r.add(Requires(Action::ManageComplaints), evidence::remove);
}
