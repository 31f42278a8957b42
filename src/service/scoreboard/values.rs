//! The counted values themselves, one per unit, period and criterion: to
//! check the scoreboard's sums, or to work on them in a spreadsheet.

use std::collections::HashMap;

use super::compute::{BoardRequest, periods_of, today};
use crate::auth::Action;
use crate::auth::policy::results_grant;
use crate::db::scoreboard::{Counted, statuses};
use crate::db::{self, DbConnection};
use crate::domain::accounts::OrgUnit;
use crate::domain::page::Page;
use crate::error::ApiError;
use crate::model::scoreboard::ValueLine;
use crate::service::caller::Caller;
use crate::service::campaigns::visible;

/// The values asked for, and what a file of them is named after.
pub struct CountedValues {
    /// The campaign's code (`05/KH-UBND`).
    pub campaign_code: String,
    /// One page of them, or every one when no page was asked for.
    pub lines: Vec<ValueLine>,
    /// How many there are in all.
    pub total: i64,
}

/// The approved values of campaign `campaign_id` in `period` (or every
/// counted period), `page` of them or (`None`) all. A reporter gets its own
/// unit's values unless the campaign's results are public.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    campaign_id: &str,
    period: Option<&str>,
    page: Option<Page>,
) -> Result<CountedValues, ApiError> {
    let grant = caller.may(Action::ReadScoreboard)?;
    let campaign = visible(conn, campaign_id, grant.within())?;
    let grant = results_grant(&caller.principal, grant, campaign.results_public);
    let request = BoardRequest {
        campaign: &campaign,
        within: grant.within(),
        period,
        preview: false,
        today: today(),
        with_criteria: false,
    };
    let period_ids: Vec<String> = periods_of(conn, &request)?.into_iter().map(|p| p.id).collect();
    let counted = Counted { campaign_id: &campaign.id, period_ids: &period_ids, statuses: statuses(false) };
    let window = page.map(|page| (i64::from(page.limit), i64::try_from(page.offset).unwrap_or(i64::MAX)));
    let (values, total) = db::scoreboard::counted_values(conn, &counted, grant.within(), None, window)?;
    let units: HashMap<String, OrgUnit> =
        db::campaigns::participants(conn, &campaign.id)?.into_iter().map(|u| (u.id.clone(), u)).collect();
    let codes: HashMap<String, String> =
        db::criteria::of_campaign(conn, &campaign.id)?.into_iter().map(|c| (c.id, c.code)).collect();
    let lines = values
        .into_iter()
        .map(|v| {
            let unit = units.get(&v.org_unit_id);
            ValueLine {
                org_unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
                org_unit_name: unit.map(|u| u.name.clone()).unwrap_or_default(),
                criterion_code: codes.get(&v.value.criterion_id).cloned().unwrap_or_default(),
                period_id: v.period_id,
                org_unit_id: v.org_unit_id,
                criterion_id: v.value.criterion_id,
                report_id: v.report_id,
                figures: v.value.figures,
                computed_percentage: v.value.computed.percentage,
                met: v.value.computed.met,
                not_applicable: v.value.computed.not_applicable,
                note: v.value.note,
            }
        })
        .collect::<Vec<_>>();
    Ok(CountedValues { campaign_code: campaign.code, lines, total })
}
