//! `/api/v1/reports/{id}/evidence…` and `/api/v1/evidence/…`: files and
//! links supporting a report. The rules live in `service::evidence`; these
//! handlers extract, call and render (an upload's file is streamed here and
//! stored through `state.files`).

mod add;
mod delete;
mod read;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::WriteReports), add::upload);
    r.add(Requires(Action::WriteReports), add::add_link);
    r.add(Requires(Action::ReadReports), read::list);
    r.add(Requires(Action::ReadReports), read::download);
    r.add(Requires(Action::WriteReports), delete::remove);
}
