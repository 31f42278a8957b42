//! `/api/v1/campaigns/{id}/scoreboard`: who met which target, scored and
//! ranked (the rules are in `domain::score`), explained per unit, and the
//! counted values themselves — as JSON, CSV or XLSX; and
//! `/api/v1/campaigns/{id}/rollup`, the district's view across its communes.
//! Every operation here only reads.

mod board;
mod explain;
mod papers;
mod rollup;
mod values;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadScoreboard), board::show);
    r.add(Access::Requires(Action::PreviewScoreboard), board::show_preview);
    r.add(Access::Requires(Action::ReadScoreboard), values::list_values);
    r.add(Access::Requires(Action::ReadScoreboard), explain::explain);
    r.add(Access::Requires(Action::ReadRollup), rollup::rollup);
    r.add(Access::Requires(Action::ReadScoreboard), papers::results_report);
}
