//! The council meeting's minutes (Biên bản họp Hội đồng Thi đua - Khen
//! thưởng): the day, the members present and absent with their roles, the
//! quorum, each nominee's votes and result, the threshold, the conclusion,
//! and the secretary's and the chair's signatures. The record is the
//! minutes (`council::minutes::minutes`), read by whoever reads the council.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::layout::{Align, Block, Cell, Column, Orientation, Paper, Para, Table};
use super::names::{self, UnitName};
use super::{File, committee, council_lines, heading, render};
use crate::db::{self, DbConnection};
use crate::domain::council::{CouncilRole, MeetingStatus, VoteResult};
use crate::domain::paper::{date_words, file_name, place_of};
use crate::error::ApiError;
use crate::model::council::{MinutesMember, MinutesView};
use crate::model::documents::DocumentFormat;
use crate::service::{Caller, council};

/// The minutes of meeting `id` as a paper.
pub fn minutes(conn: &mut DbConnection, caller: &Caller, id: &str, format: DocumentFormat) -> Result<File, ApiError> {
    let view = council::minutes::minutes(conn, caller, id)?;
    let issuer = names::name(conn, &view.org_unit_id, view.held_on)?;
    let ids: Vec<&str> = view.nominations.iter().map(|n| n.org_unit_id.as_str()).collect();
    let units = names::names(conn, &ids, view.held_on)?;
    let paper = compose(&view, &issuer, &units);
    let stem = file_name("BB", "HĐTĐKT", view.held_on);
    render(&paper, format, &stem, &format!("Biên bản họp Hội đồng Thi đua - Khen thưởng {}", view.held_on))
}

/// The name of the council's chair on `on`, if one is seated: who signs for the council.
pub(super) fn council_chair(conn: &mut DbConnection, unit_id: &str, on: NaiveDate) -> Result<Option<String>, ApiError> {
    let chair = db::council::members_of(conn, unit_id)?
        .into_iter()
        .find(|m| m.role == CouncilRole::Chair && m.in_office_on(on));
    let Some(chair) = chair else { return Ok(None) };
    Ok(db::people::get(conn, &chair.person_id)?.map(|(person, _)| person.full_name))
}

fn role_words(role: CouncilRole) -> &'static str {
    match role {
        CouncilRole::Chair => "Chủ tịch Hội đồng",
        CouncilRole::ViceChair => "Phó Chủ tịch Hội đồng",
        CouncilRole::StandingMember => "Ủy viên thường trực",
        CouncilRole::Member => "Ủy viên",
    }
}

fn member_line(m: &MinutesMember) -> Para {
    let position = if m.position.trim().is_empty() { String::new() } else { format!(", {}", m.position.trim()) };
    Para::new(Align::Left).text(format!("- {}{position} — {};", m.full_name, role_words(m.role)))
}

/// The minutes laid out (no database).
pub fn compose(view: &MinutesView, issuer: &UnitName, units: &HashMap<String, UnitName>) -> Paper {
    let concluded = view.status == MeetingStatus::Concluded;
    let body = |text: String| Block::Para(Para::body(text));
    let section = |text: &str| Block::Para(Para::new(Align::Left).bold(text).after(4.0));
    let mut blocks = Vec::new();
    if !concluded {
        blocks.push(Block::Para(Para::new(Align::Left).bold("DỰ THẢO").after(4.0)));
    }
    blocks.push(heading(&council_lines(issuer), &place_of(&issuer.name), Some("      /BB-HĐTĐKT"), view.held_on));
    blocks.push(Block::Space(14.0));
    blocks.push(Block::Para(Para::new(Align::Center).size(14.0).bold("BIÊN BẢN")));
    blocks.push(Block::Para(Para::new(Align::Center).bold("Họp Hội đồng Thi đua - Khen thưởng xã")));
    blocks.push(Block::Para(Para::new(Align::Center).italic(&view.title).rule(0.25).after(8.0)));
    blocks.push(body(format!(
        "Thời gian: {}. Địa điểm: trụ sở {}.",
        capitalised(&date_words(view.held_on)),
        committee(issuer)
    )));
    blocks.push(section("I. THÀNH PHẦN"));
    blocks.push(body(format!(
        "Có mặt {}/{} thành viên Hội đồng đương nhiệm:",
        view.quorum.present, view.quorum.members_in_office
    )));
    blocks.extend(view.present.iter().map(|m| Block::Para(member_line(m))));
    if !view.absent.is_empty() {
        blocks.push(body("Vắng mặt:".to_owned()));
        blocks.extend(view.absent.iter().map(|m| Block::Para(member_line(m))));
    }
    let quorum = if view.quorum.met {
        format!(
            "Số thành viên dự họp ({}) đạt trên {}% tổng số thành viên (tối thiểu {}): cuộc họp đủ điều kiện tiến hành.",
            view.quorum.present, view.quorum.quorum_percent, view.quorum.needed
        )
    } else {
        format!(
            "Số thành viên dự họp ({}) chưa đạt trên {}% tổng số thành viên (tối thiểu {}).",
            view.quorum.present, view.quorum.quorum_percent, view.quorum.needed
        )
    };
    blocks.push(body(quorum));
    blocks.push(section("II. NỘI DUNG"));
    blocks.push(body(format!(
        "Hội đồng xem xét {} hồ sơ đề nghị khen thưởng và biểu quyết bằng phiếu kín. Hồ sơ được đề nghị khen \
         thưởng khi có số phiếu tán thành từ {}% tổng số thành viên Hội đồng trở lên ({} phiếu). Kết quả:",
        view.nominations.len(),
        view.threshold.pass_percent,
        view.threshold.votes_needed
    )));
    blocks.push(Block::Table(votes(view, units)));
    blocks.push(section("III. KẾT LUẬN"));
    let passed = view.nominations.iter().filter(|n| n.result == Some(VoteResult::Passed)).count();
    blocks.push(body(format!(
        "Hội đồng thống nhất đề nghị Chủ tịch {} xem xét, quyết định khen thưởng {passed} tập thể, cá nhân \
         đạt tỷ lệ phiếu tán thành theo quy định.",
        committee(issuer)
    )));
    if !view.notes.trim().is_empty() {
        blocks.push(body(view.notes.trim().to_owned()));
    }
    blocks.push(body("Biên bản được đọc lại cho các thành viên dự họp cùng nghe và nhất trí thông qua./.".to_owned()));
    let named = |role: CouncilRole| {
        view.present.iter().find(|m| m.role == role).map(|m| m.full_name.clone()).unwrap_or_default()
    };
    let signer = |title: &str, name: String| {
        vec![
            Para::new(Align::Center).bold(title),
            Para::new(Align::Center).after(48.0),
            Para::new(Align::Center).bold(name),
        ]
    };
    blocks.push(Block::Space(8.0));
    blocks.push(Block::Columns(vec![
        Column { share: 0.45, paras: signer("THƯ KÝ", named(CouncilRole::StandingMember)) },
        Column { share: 0.55, paras: signer("CHỦ TỊCH HỘI ĐỒNG", named(CouncilRole::Chair)) },
    ]));
    Paper { orientation: Orientation::Portrait, framed: false, pages: vec![blocks] }
}

/// `ngày 15 …` → `Ngày 15 …`.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Each nominee's votes: for, against, cast, and the result.
fn votes(view: &MinutesView, units: &HashMap<String, UnitName>) -> Table {
    let rows = view
        .nominations
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let (yes, no, cast) = match &n.votes {
                Some(v) => (v.votes_for.to_string(), v.votes_against.to_string(), v.votes_total.to_string()),
                None => Default::default(),
            };
            let result = match n.result {
                Some(VoteResult::Passed) => "Đạt",
                Some(VoteResult::Failed) => "Không đạt",
                None => "",
            };
            vec![
                Cell::center((i + 1).to_string()),
                Cell::left(&n.subject_name),
                Cell::left(units.get(&n.org_unit_id).map_or(n.org_unit_name.as_str(), |u| u.name.as_str())),
                Cell::left(&n.award_type_name),
                Cell::center(yes),
                Cell::center(no),
                Cell::center(cast),
                Cell::center(result),
            ]
        })
        .collect();
    Table {
        shares: vec![0.06, 0.2, 0.16, 0.16, 0.1, 0.11, 0.1, 0.11],
        header: [
            "STT",
            "Tập thể, cá nhân",
            "Đơn vị",
            "Hình thức",
            "Tán thành",
            "Không tán thành",
            "Số phiếu",
            "Kết quả",
        ]
        .into_iter()
        .map(|h| Cell::center(h).bold())
        .collect(),
        rows,
    }
}
