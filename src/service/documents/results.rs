//! The campaign's results report (Báo cáo kết quả) for one period or the
//! whole campaign, the report the office sends upward: the scoreboard, each
//! criterion's commune-wide figure against its target, the units that met
//! every target, and a bar chart of the units' scores drawn from the same
//! board. The record is the approved scoreboard
//! (`scoreboard::board::board`), read by whoever reads the scoreboard.

use super::layout::{Align, Bars, Block, Cell, Orientation, Paper, Para, Table};
use super::names::{self, UnitName};
use super::{File, committee, dated, header, render, signature};
use crate::db::{self, DbConnection};
use crate::domain::campaign::{Campaign, Measure};
use crate::domain::paper::{decimal, file_name, period_words, signature_heads, target_words};
use crate::domain::periods::periods;
use crate::error::ApiError;
use crate::model::documents::DocumentFormat;
use crate::model::scoreboard::{Scoreboard, UnitLine};
use crate::service::Caller;
use crate::service::scoreboard::ScoreboardCache;
use crate::service::scoreboard::board::{Counting, board};

/// The results report of campaign `id` for `period` (or the whole campaign).
pub fn results(
    conn: &mut DbConnection,
    caller: &Caller,
    cache: &ScoreboardCache,
    id: &str,
    period: Option<&str>,
    format: DocumentFormat,
) -> Result<File, ApiError> {
    let scoreboard = board(conn, caller, cache, Counting::Approved, id, period)?;
    let (campaign, _) = db::campaigns::get(conn, &scoreboard.campaign.id)?
        .ok_or_else(|| ApiError::internal(&format!("campaign {} vanished", scoreboard.campaign.id)))?;
    let ends_on = period
        .and_then(|p| {
            periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines)
                .into_iter()
                .find(|x| x.id == p)
        })
        .map_or(campaign.ends_on, |p| p.ends_on);
    let on = dated(ends_on);
    let mut ids = vec![campaign.issuer_id.as_str()];
    ids.extend(scoreboard.units.iter().map(|u| u.org_unit_id.as_str()));
    let units = names::names(conn, &ids, on)?;
    let issuer = units
        .get(&campaign.issuer_id)
        .cloned()
        .ok_or_else(|| ApiError::internal(&format!("campaign {} has no issuer", campaign.id)))?;
    let named = |u: &UnitLine| units.get(&u.org_unit_id).map_or(u.name.clone(), |n| n.name.clone());
    let unit_names: Vec<String> = scoreboard.units.iter().map(named).collect();
    let paper = compose(&campaign, &scoreboard, &issuer, &unit_names, on);
    let stem = file_name("BC", &format!("{} {}", campaign.code, period.unwrap_or("")), on);
    render(&paper, format, &stem, &format!("Báo cáo kết quả - Kế hoạch số {}", campaign.code))
}

/// The chart of unit scores: one bar per scored unit, in the board's order,
/// on the 100-point scale. The paper's figures and the test's come from here.
pub fn chart(board: &Scoreboard, unit_names: &[String]) -> Bars {
    Bars {
        title: "Biểu đồ điểm của các đơn vị (thang 100 điểm)".to_owned(),
        bars: board.units.iter().zip(unit_names).filter_map(|(u, name)| u.score.map(|s| (name.clone(), s))).collect(),
        max: 100.0,
    }
}

/// A criterion's commune-wide figure: a percentage, a count, or for a
/// yes/no criterion the share of the units that achieved it.
fn value_words(measure: Measure, value: Option<f64>) -> String {
    match (measure, value) {
        (_, None) => "—".to_owned(),
        (Measure::Count, Some(v)) => decimal(v),
        (Measure::Boolean, Some(v)) => format!("{}% đơn vị đạt", decimal(v)),
        (_, Some(v)) => format!("{}%", decimal(v)),
    }
}

/// The report laid out (no database); `unit_names` are the board's units' names on the paper's date.
pub fn compose(
    campaign: &Campaign,
    board: &Scoreboard,
    issuer: &UnitName,
    unit_names: &[String],
    on: chrono::NaiveDate,
) -> Paper {
    let body = |text: String| Block::Para(Para::body(text));
    let section = |text: &str| Block::Para(Para::new(Align::Left).bold(text).after(4.0));
    let when = period_words(board.period.as_deref());
    let mut blocks = vec![header(issuer, Some("      /BC-UBND"), on), Block::Space(14.0)];
    blocks.push(Block::Para(Para::new(Align::Center).size(14.0).bold("BÁO CÁO")));
    blocks.push(Block::Para(
        Para::new(Align::Center)
            .bold(format!("Kết quả thực hiện phong trào thi đua {when} theo Kế hoạch số {}", campaign.code))
            .rule(0.25)
            .after(8.0),
    ));
    blocks.push(body(format!(
        "Thực hiện Kế hoạch số {} của {} về việc {}, {} báo cáo kết quả {when} (các kỳ {}), \
         tính trên các báo cáo đã được duyệt của {} đơn vị tham gia, như sau:",
        campaign.code,
        committee(issuer),
        crate::domain::paper::lower_first(&campaign.title),
        committee(issuer),
        if board.periods.is_empty() { "—".to_owned() } else { board.periods.join(", ") },
        board.units.len()
    )));

    blocks.push(section("I. KẾT QUẢ CHẤM ĐIỂM CÁC ĐƠN VỊ"));
    blocks.push(Block::Table(scores(board, unit_names)));
    blocks.push(Block::Bars(chart(board, unit_names)));

    blocks.push(section("II. KẾT QUẢ CÁC CHỈ TIÊU TOÀN XÃ"));
    blocks.push(Block::Table(criteria(board)));

    blocks.push(section("III. CÁC ĐƠN VỊ ĐẠT TẤT CẢ CÁC CHỈ TIÊU"));
    let all_met: Vec<&String> = board
        .units
        .iter()
        .zip(unit_names)
        .filter(|(u, _)| u.applicable > 0 && u.met == u.applicable)
        .map(|(_, name)| name)
        .collect();
    if all_met.is_empty() {
        blocks.push(body("Không có đơn vị nào đạt tất cả các chỉ tiêu.".to_owned()));
    } else {
        blocks.push(body(format!("Có {} đơn vị đạt tất cả các chỉ tiêu:", all_met.len())));
        blocks.extend(all_met.into_iter().map(|name| Block::Para(Para::new(Align::Left).text(format!("- {name};")))));
    }
    blocks.push(Block::Space(6.0));
    let recipients = ["- Cấp trên (để báo cáo);", "- Hội đồng TĐKT xã;", "- Lưu: VT."].map(str::to_owned);
    blocks.push(signature(&recipients, &signature_heads("Chủ tịch"), "", false));
    Paper { orientation: Orientation::Portrait, framed: false, pages: vec![blocks] }
}

/// The scoreboard: rank, unit, score, targets met, reports approved.
fn scores(board: &Scoreboard, unit_names: &[String]) -> Table {
    let rows = board
        .units
        .iter()
        .zip(unit_names)
        .map(|(u, name)| {
            vec![
                Cell::center(u.rank.map(|r| r.to_string()).unwrap_or_default()),
                Cell::left(name),
                Cell::center(u.score.map(decimal).unwrap_or_else(|| "—".to_owned())),
                Cell::center(format!("{}/{}", u.met, u.applicable)),
                Cell::center(format!("{}/{}", u.reports.approved, u.reports.expected)),
            ]
        })
        .collect();
    Table {
        shares: vec![0.1, 0.4, 0.14, 0.18, 0.18],
        header: ["Xếp hạng", "Đơn vị", "Điểm", "Chỉ tiêu đạt", "Báo cáo đã duyệt"]
            .into_iter()
            .map(|h| Cell::center(h).bold())
            .collect(),
        rows,
    }
}

/// Each criterion: target, commune-wide figure, met or not, units meeting it.
fn criteria(board: &Scoreboard) -> Table {
    let rows = board
        .criteria
        .iter()
        .map(|c| {
            let verdict = match c.meets_target {
                Some(true) => "Đạt",
                Some(false) => "Không đạt",
                None => "—",
            };
            vec![
                Cell::center(&c.code),
                Cell::left(&c.title),
                Cell::center(target_words(&c.rule)),
                Cell::center(value_words(c.measure, c.value)),
                Cell::center(verdict),
                Cell::center(format!("{}/{}", c.met, c.units_reporting)),
            ]
        })
        .collect();
    Table {
        shares: vec![0.07, 0.37, 0.12, 0.16, 0.13, 0.15],
        header: ["Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả toàn xã", "Đánh giá", "Đơn vị đạt"]
            .into_iter()
            .map(|h| Cell::center(h).bold())
            .collect(),
        rows,
    }
}
