//! `/api/v1/nominations` and `/api/v1/campaigns/{id}/nominations/…`:
//! nominations (đề nghị khen thưởng), their workflow and history, the
//! public's feedback, their eligibility explained rule by rule, the
//! suggestions drawn from the approved results and the proposal list. The
//! rules live in `service::nominations`; these handlers extract, call and
//! render.

mod eligibility;
mod feedback;
mod papers;
mod proposals;
mod records;
mod workflow;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ManageNominations), records::create);
    r.add(Requires(Action::ReadNominations), records::list);
    r.add(Requires(Action::ReadNominations), records::get);
    r.add(Requires(Action::ManageNominations), records::update);
    r.add(Requires(Action::ManageNominations), workflow::propose);
    r.add(Requires(Action::ManageNominations), workflow::post);
    r.add(Requires(Action::ManageNominations), workflow::forward);
    r.add(Requires(Action::DecideNominations), workflow::decide);
    r.add(Requires(Action::RecordSuperiorDecisions), workflow::superior_decision);
    r.add(Requires(Action::ManageNominations), workflow::withdraw);
    r.add(Requires(Action::ReadNominations), workflow::history);
    r.add(Requires(Action::ManageNominations), feedback::add);
    r.add(Requires(Action::ReadNominations), feedback::list);
    r.add(Requires(Action::ReadNominations), eligibility::eligibility);
    r.add(Requires(Action::ReadNominations), proposals::suggestions);
    r.add(Requires(Action::ReadNominations), proposals::proposal_list);
    r.add(Requires(Action::ReadNominations), papers::proposal);
    r.add(Requires(Action::ReadNominations), papers::achievement_report);
}
