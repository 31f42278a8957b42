//! `/api/v1/imports`: bulk imports of figures by codes, as JSON or CSV.
//! The work is `service::imports`'; these handlers read, call and render.

mod jobs;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ImportFigures), jobs::create);
    r.add(Requires(Action::ImportFigures), jobs::get);
}
