//! The proposal (Tờ trình) of a campaign's nominations: the council asks
//! the chairman to award the nominations put forward — for one period, or
//! the whole campaign — with the list (no., name, position and unit, award,
//! summary). The record is the proposal list
//! (`nominations::proposals::proposal_list`): the same rows, read with the
//! same reach (a reporter's list holds its own unit's nominations only).

use super::layout::{Align, Block, Cell, Orientation, Paper, Para, Table};
use super::names::{self, UnitName};
use super::{COUNCIL, File, committee, council_lines, dated, heading, minutes::council_chair, render, signature};
use crate::db::{self, DbConnection};
use crate::domain::campaign::Campaign;
use crate::domain::nomination::NomineeKind;
use crate::domain::paper::{date_words, file_name, lower_first, period_words, place_of};
use crate::error::ApiError;
use crate::model::documents::DocumentFormat;
use crate::model::nominations::ProposalList;
use crate::service::Caller;
use crate::service::nominations::proposals::proposal_list;

/// The Tờ trình of campaign `id` for `period` (or the whole campaign).
pub fn proposal(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    period: Option<&str>,
    format: DocumentFormat,
) -> Result<File, ApiError> {
    let list = proposal_list(conn, caller, id, period)?;
    let (campaign, _) = db::campaigns::get(conn, &list.campaign.id)?
        .ok_or_else(|| ApiError::internal(&format!("campaign {} vanished", list.campaign.id)))?;
    let on = dated(campaign.ends_on);
    let issuer = names::name(conn, &campaign.issuer_id, on)?;
    let chair = council_chair(conn, &campaign.issuer_id, on)?;
    let paper = compose(&campaign, &list, &issuer, chair.as_deref(), on);
    let stem = file_name("TTr", &format!("{} {}", campaign.code, period.unwrap_or("")), on);
    render(&paper, format, &stem, &format!("Tờ trình - Kế hoạch số {}", campaign.code))
}

/// The proposal laid out (no database).
pub fn compose(
    campaign: &Campaign,
    list: &ProposalList,
    issuer: &UnitName,
    chair: Option<&str>,
    on: chrono::NaiveDate,
) -> Paper {
    let mut blocks = vec![
        heading(&council_lines(issuer), &place_of(&issuer.name), Some("      /TTr-HĐTĐKT"), on),
        Block::Space(14.0),
    ];
    blocks.push(Block::Para(Para::new(Align::Center).size(14.0).bold("TỜ TRÌNH")));
    blocks.push(Block::Para(
        Para::new(Align::Center)
            .bold(format!(
                "Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích trong phong trào thi đua theo \
                 Kế hoạch số {}",
                campaign.code
            ))
            .rule(0.25)
            .after(6.0),
    ));
    let chairman = format!("Chủ tịch {}", committee(issuer));
    blocks.push(Block::Para(Para::new(Align::Center).text("Kính gửi: ").text(&chairman).after(8.0)));
    for basis in &campaign.legal_bases {
        blocks.push(Block::Para(Para::body("").italic(format!("Căn cứ {};", basis.trim().trim_end_matches(';')))));
    }
    blocks.push(Block::Para(Para::body("").italic(format!(
        "Căn cứ Kế hoạch số {} {} của {} về việc {};",
        campaign.code,
        date_words(campaign.issued_on),
        committee(issuer),
        lower_first(&campaign.title)
    ))));
    let individuals = list.items.iter().filter(|l| l.subject_kind == NomineeKind::Individual).count();
    let collectives = list.items.len() - individuals;
    blocks.push(Block::Para(Para::body(format!(
        "Hội đồng Thi đua - Khen thưởng xã kính trình {chairman} xem xét, quyết định khen thưởng {collectives} \
         tập thể và {individuals} cá nhân có thành tích trong phong trào thi đua {}, có danh sách kèm theo:",
        period_words(list.period.as_deref())
    ))));
    blocks.push(Block::Table(table(list)));
    blocks.push(Block::Para(Para::body(format!("Kính trình {chairman} xem xét, quyết định./."))));
    blocks.push(Block::Space(6.0));
    let recipients = ["- Như trên;", "- Lưu: VT, HĐTĐKT."].map(str::to_owned);
    let heads = [format!("TM. {COUNCIL}"), "CHỦ TỊCH".to_owned()];
    blocks.push(signature(&recipients, &heads, chair.unwrap_or(""), false));
    Paper { orientation: Orientation::Portrait, framed: false, pages: vec![blocks] }
}

/// The list: no., name, position and unit, award, summary.
fn table(list: &ProposalList) -> Table {
    let rows = list
        .items
        .iter()
        .map(|l| {
            vec![
                Cell::center(l.no.to_string()),
                Cell::left(&l.name),
                Cell::left(&l.position_unit),
                Cell::left(&l.award),
                Cell::left(&l.summary),
            ]
        })
        .collect();
    Table {
        shares: vec![0.07, 0.23, 0.22, 0.18, 0.30],
        header: ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức khen thưởng", "Tóm tắt thành tích"]
            .into_iter()
            .map(|h| Cell::center(h).bold())
            .collect(),
        rows,
    }
}
