//! `/api/v1/campaigns/{id}/award-rules`, `/api/v1/award-rules/{id}` and
//! `/api/v1/campaigns/{id}/award-bar`: what earns each award in a campaign,
//! and which complaints bar its nominees. Read by whoever sees the campaign;
//! set by the office of its issuing unit. The rules live in
//! `service::award_rules`.

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ReadCampaigns), read::list_rules);
    r.add(Requires(Action::ReadCampaigns), read::get_rule);
    r.add(Requires(Action::ManageNominations), write::create_rule);
    r.add(Requires(Action::ManageNominations), write::update_rule);
    r.add(Requires(Action::ManageNominations), write::delete_rule);
    r.add(Requires(Action::ReadCampaigns), read::get_bar);
    r.add(Requires(Action::ManageNominations), write::put_bar);
}
