//! The Giấy khen: one landscape, framed page per awarded line — "CHỦ TỊCH
//! ỦY BAN NHÂN DÂN XÃ … TẶNG GIẤY KHEN", the awardee and its unit, the
//! achievement (the nomination's summary), the decision's number and date,
//! the place and date, the signature.
//!
//! Who reads it: whoever reads the decision, and of its lines those in the
//! caller's [`Action::ReadUnitPapers`] grant — a reporter its own unit's
//! (a person's unit, or the collective itself) only; 404 for another's.

use std::collections::HashMap;

use super::decision::unit_names;
use super::layout::{Align, Block, Column, Orientation, Paper, Para};
use super::names::UnitName;
use super::{File, committee, render};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::award_decision::DecisionStatus;
use crate::domain::org::within;
use crate::domain::paper::{file_name, place_date, place_of, signature_heads, upper};
use crate::error::ApiError;
use crate::model::award_decisions::{AwardDecisionView, DecisionLineView};
use crate::model::documents::DocumentFormat;
use crate::service::{Caller, award_decisions};

/// The lines of decision `id` the caller may print certificates for: `line`
/// alone when given (404 outside the grant), else every line in the grant
/// (404 when none is).
fn readable(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    line: Option<&str>,
) -> Result<(AwardDecisionView, Vec<DecisionLineView>), ApiError> {
    let view = award_decisions::records::get(conn, caller, id)?;
    let grant = caller.may(Action::ReadUnitPapers)?;
    let mut lines = Vec::new();
    for l in &view.lines {
        if line.is_some_and(|wanted| wanted != l.id) {
            continue;
        }
        let path = db::org_units::get(conn, &l.org_unit_id)?.map(|u| u.path).unwrap_or_default();
        if within(&path, grant.within()) {
            lines.push(l.clone());
        }
    }
    if lines.is_empty() {
        return Err(not_found());
    }
    Ok((view, lines))
}

/// The Giấy khen of one line of decision `id`.
pub fn for_line(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    line_id: &str,
    format: DocumentFormat,
) -> Result<File, ApiError> {
    let (view, lines) = readable(conn, caller, id, Some(line_id))?;
    let paper = paper(conn, &view, &lines)?;
    let stem = format!("{}_{}", file_name("GK", &view.number, view.signed_on), lines[0].ordinal);
    render(&paper, format, &stem, &format!("Giấy khen - Quyết định số {}", view.number))
}

/// The Giấy khen of every line of decision `id` the caller may read, one page each.
pub fn for_decision(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    format: DocumentFormat,
) -> Result<File, ApiError> {
    let (view, lines) = readable(conn, caller, id, None)?;
    let paper = paper(conn, &view, &lines)?;
    let stem = file_name("GK", &view.number, view.signed_on);
    render(&paper, format, &stem, &format!("Giấy khen - Quyết định số {}", view.number))
}

/// One page per line.
pub fn paper(conn: &mut DbConnection, view: &AwardDecisionView, lines: &[DecisionLineView]) -> Result<Paper, ApiError> {
    let (issuer, units) = unit_names(conn, view)?;
    let ids: Vec<String> = lines.iter().map(|l| l.nomination_id.clone()).collect();
    let summaries = db::nominees::summaries(conn, &ids)?;
    Ok(compose(view, lines, &issuer, &units, &summaries))
}

/// The certificates laid out, one page per line (no database: the benchmark calls it).
pub fn compose(
    view: &AwardDecisionView,
    lines: &[DecisionLineView],
    issuer: &UnitName,
    units: &HashMap<String, UnitName>,
    summaries: &HashMap<String, String>,
) -> Paper {
    let pages = lines.iter().map(|l| page(view, l, issuer, units, summaries)).collect();
    Paper { orientation: Orientation::Landscape, framed: true, pages }
}

fn page(
    view: &AwardDecisionView,
    line: &DecisionLineView,
    issuer: &UnitName,
    units: &HashMap<String, UnitName>,
    summaries: &HashMap<String, String>,
) -> Vec<Block> {
    let center = || Para::new(Align::Center);
    let mut blocks = Vec::new();
    if view.status != DecisionStatus::Signed {
        blocks.push(Block::Para(Para::new(Align::Left).bold("DỰ THẢO")));
    }
    blocks.push(Block::Para(center().bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")));
    blocks.push(Block::Para(center().bold("Độc lập - Tự do - Hạnh phúc").rule(0.2)));
    blocks.push(Block::Space(12.0));
    blocks.push(Block::Para(center().size(16.0).bold(upper(&format!("Chủ tịch {}", committee(issuer))))));
    blocks.push(Block::Para(center().size(16.0).bold("TẶNG").after(2.0)));
    blocks.push(Block::Para(center().size(30.0).bold("GIẤY KHEN").after(10.0)));
    blocks.push(Block::Para(center().size(20.0).bold(&line.subject_name).after(4.0)));
    let unit = units.get(&line.org_unit_id).map(|u| u.name.as_str()).unwrap_or(&line.org_unit_name);
    if line.person_id.is_some() {
        blocks.push(Block::Para(center().size(14.0).text(unit).after(4.0)));
    }
    let summary = summaries.get(&line.nomination_id).map(|s| s.trim()).filter(|s| !s.is_empty());
    let achievement = match summary {
        Some(s) => format!("Đã có thành tích: {}", s.trim_end_matches('.')),
        None => "Đã có thành tích trong phong trào thi đua".to_owned(),
    };
    blocks.push(Block::Para(center().size(14.0).italic(format!("{achievement}.")).after(4.0)));
    if let Some(at) = line.revoked_at {
        blocks.push(Block::Para(
            center()
                .bold(format!("Đã thu hồi ngày {}", crate::domain::day_in_vietnam(at).format("%d/%m/%Y")))
                .after(4.0),
        ));
    }
    blocks.push(Block::Space(10.0));
    let left = vec![
        Para::new(Align::Center).size(12.0).text(format!("Quyết định số {}", view.number)),
        Para::new(Align::Center).size(12.0).text(format!("ngày {}", view.signed_on.format("%d/%m/%Y"))),
        Para::new(Align::Center).size(12.0).text(format!("Số vào sổ: {}", line.ordinal)),
    ];
    let mut right = vec![Para::new(Align::Center).italic(place_date(&place_of(&issuer.name), view.signed_on))];
    right.extend(signature_heads(&view.signer_title).into_iter().skip(1).map(|h| Para::new(Align::Center).bold(h)));
    right.push(Para::new(Align::Center).after(48.0));
    right.push(Para::new(Align::Center).bold(&view.signer_name));
    blocks.push(Block::Columns(vec![Column { share: 0.4, paras: left }, Column { share: 0.6, paras: right }]));
    blocks
}
