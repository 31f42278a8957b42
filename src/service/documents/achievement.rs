//! A nominee's achievement report (Báo cáo thành tích, NĐ 91/2017 Mẫu 07
//! for a thematic campaign): who, the award proposed, each criterion's
//! approved figures against its target in each counted period, the score
//! and rank, the nomination's own words, and the signatures. The record is
//! the nomination (`nominations::records::get`, which fills the report from
//! the approved reports): a reporter reads its own unit's only.

use super::layout::{Align, Block, Cell, Column, Orientation, Paper, Para, Table};
use super::names::{self, UnitName};
use super::{File, heading, render};
use crate::db::{self, DbConnection};
use crate::domain::nomination::NomineeKind;
use crate::domain::paper::{decimal, figures_text, file_name, period_words, place_of, target_words, upper};
use crate::error::ApiError;
use crate::model::documents::DocumentFormat;
use crate::model::nominations::NominationDetail;
use crate::model::scoreboard::Outcome;
use crate::service::{Caches, Caller, nominations};

/// The achievement report of nomination `id` as a paper.
pub fn achievement(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    id: &str,
    format: DocumentFormat,
) -> Result<File, ApiError> {
    let detail = nominations::records::get(conn, caller, caches, id)?;
    let n = &detail.nomination;
    // Dated the day it was nominated, in Vietnam.
    let on = crate::domain::day_in_vietnam(n.created_at);
    let (campaign, _) = db::campaigns::get(conn, &n.campaign_id)?
        .ok_or_else(|| ApiError::internal(&format!("nomination {} has no campaign", n.id)))?;
    let ids = [campaign.issuer_id.as_str(), n.org_unit_id.as_str()];
    let mut units = names::names(conn, &ids, on)?;
    let issuer = units
        .get(&campaign.issuer_id)
        .cloned()
        .ok_or_else(|| ApiError::internal(&format!("campaign {} has no issuer", campaign.id)))?;
    let unit = units.remove(&n.org_unit_id).unwrap_or(UnitName { name: n.org_unit_name.clone(), kind: issuer.kind });
    let paper = compose(&detail, &campaign.code, &issuer, &unit, on);
    // The award too: one nominee may be proposed for two awards.
    let stem = file_name("BCTT", &format!("{} {}", subject(&detail), n.award_type_code), on);
    render(&paper, format, &stem, &format!("Báo cáo thành tích - {}", subject(&detail)))
}

/// The nominee's name: the person's, or the collective's.
fn subject(detail: &NominationDetail) -> &str {
    let n = &detail.nomination;
    match (n.subject_kind, &n.person_name) {
        (NomineeKind::Individual, Some(name)) => name,
        _ => &n.org_unit_name,
    }
}

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Met => "Đạt",
        Outcome::NotMet => "Không đạt",
        Outcome::NotApplicable => "Không áp dụng",
        Outcome::NoCountedReport => "Chưa có báo cáo được duyệt",
    }
}

/// The report laid out (no database).
pub fn compose(
    detail: &NominationDetail,
    plan: &str,
    issuer: &UnitName,
    unit: &UnitName,
    on: chrono::NaiveDate,
) -> Paper {
    let n = &detail.nomination;
    let r = &detail.achievement_report;
    let individual = n.subject_kind == NomineeKind::Individual;
    let body = |text: String| Block::Para(Para::body(text));
    let section = |text: &str| Block::Para(Para::new(Align::Left).bold(text).after(4.0));
    let mut left = vec![format!("UBND {}", upper(&issuer.name))];
    if unit.name != issuer.name {
        left.push(upper(&unit.name));
    }
    let mut blocks = vec![heading(&left, &place_of(&issuer.name), None, on), Block::Space(14.0)];
    blocks.push(Block::Para(Para::new(Align::Center).size(14.0).bold("BÁO CÁO THÀNH TÍCH")));
    blocks.push(Block::Para(Para::new(Align::Center).bold(format!("Đề nghị tặng {}", n.award_type_name))));
    blocks.push(Block::Para(
        Para::new(Align::Center)
            .italic(format!(
                "Thành tích trong phong trào thi đua {} theo Kế hoạch số {plan}",
                period_words(r.period.as_deref())
            ))
            .rule(0.25)
            .after(8.0),
    ));
    blocks.push(section("I. THÔNG TIN CHUNG"));
    if individual {
        blocks.push(body(format!("Họ và tên: {}", subject(detail))));
        let position = n.person_position.as_deref().map(str::trim).filter(|p| !p.is_empty());
        let work = match position {
            Some(p) => format!("{p}, {}", unit.name),
            None => unit.name.clone(),
        };
        blocks.push(body(format!("Chức vụ, đơn vị công tác: {work}")));
    } else {
        blocks.push(body(format!("Tên tập thể: {}", unit.name)));
    }
    blocks.push(section("II. THÀNH TÍCH ĐẠT ĐƯỢC"));
    let whose = if individual { "đơn vị công tác" } else { "đơn vị" };
    blocks.push(body(format!(
        "Kết quả thực hiện các chỉ tiêu của {whose}, theo các báo cáo đã được duyệt{}:",
        if r.periods.is_empty() { String::new() } else { format!(" (kỳ {})", r.periods.join(", ")) }
    )));
    blocks.push(Block::Table(figures(detail)));
    let standing = match (r.score, r.rank) {
        (Some(score), Some(rank)) => format!(
            "Điểm đánh giá: {} điểm (thang 100), xếp thứ {rank}/{} đơn vị; đạt {}/{} chỉ tiêu.",
            decimal(score),
            r.units_ranked,
            r.targets_met,
            r.targets_applicable
        ),
        (Some(score), None) => format!(
            "Điểm đánh giá: {} điểm (thang 100); đạt {}/{} chỉ tiêu.",
            decimal(score),
            r.targets_met,
            r.targets_applicable
        ),
        _ => "Chưa có báo cáo được duyệt để chấm điểm.".to_owned(),
    };
    blocks.push(body(standing));
    if !r.summary.trim().is_empty() {
        blocks.push(body(format!("Tóm tắt thành tích: {}", r.summary.trim())));
    }
    for paragraph in r.achievement_text.lines().map(str::trim).filter(|p| !p.is_empty()) {
        blocks.push(body(paragraph.to_owned()));
    }
    blocks.push(Block::Space(8.0));
    let sign = |title: &str, name: &str| {
        vec![
            Para::new(Align::Center).bold(title),
            Para::new(Align::Center).size(12.0).italic("(Ký, ghi rõ họ tên)").after(48.0),
            Para::new(Align::Center).bold(name),
        ]
    };
    let (reporter, name) =
        if individual { ("NGƯỜI BÁO CÁO", subject(detail)) } else { ("THỦ TRƯỞNG ĐƠN VỊ", "") };
    blocks.push(Block::Columns(vec![
        Column { share: 0.45, paras: sign("XÁC NHẬN CỦA CẤP TRÌNH KHEN", "") },
        Column { share: 0.55, paras: sign(reporter, name) },
    ]));
    Paper { orientation: Orientation::Portrait, framed: false, pages: vec![blocks] }
}

/// Each criterion in each counted period: the target, the approved figures, met or not.
fn figures(detail: &NominationDetail) -> Table {
    let rows = detail
        .achievement_report
        .criteria
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                Cell::center((i + 1).to_string()),
                Cell::center(&l.period_id),
                Cell::left(format!("{}. {}", l.criterion_code, l.title)),
                Cell::center(target_words(&l.rule)),
                Cell::center(figures_text(l.figures.as_ref(), l.percentage)),
                Cell::center(outcome_words(l.outcome)),
            ]
        })
        .collect();
    Table {
        shares: vec![0.07, 0.11, 0.38, 0.12, 0.17, 0.15],
        header: ["STT", "Kỳ", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"]
            .into_iter()
            .map(|h| Cell::center(h).bold())
            .collect(),
        rows,
    }
}
