//! `/api/v1/campaigns/{id}/criteria`: a campaign's criteria (tiêu chí thi đua).

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ReadCampaigns), read::list);
    r.add(Requires(Action::ReadCampaigns), read::get);
    r.add(Requires(Action::ManageCampaigns), write::create);
    r.add(Requires(Action::ManageCampaigns), write::update);
    r.add(Requires(Action::ManageCampaigns), write::delete);
}
