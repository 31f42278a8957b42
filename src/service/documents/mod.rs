//! The papers a commune signs, rendered from its records: the proposal
//! (Tờ trình) with its list, each nominee's achievement report (Báo cáo
//! thành tích), the council's minutes (Biên bản), the award decision
//! (Quyết định khen thưởng) and its Giấy khen certificates, and the
//! campaign's results report (Báo cáo kết quả) — as editable DOCX and as
//! PDF for the record, in the administrative format of NĐ 30/2020/NĐ-CP.
//!
//! Each paper is built once as a [`layout::Paper`] and drawn by both
//! renderers (`docx`, `pdf`). Reading a paper is authorised like its record
//! (each module reads the record through its own use case first); every
//! unit name it prints comes through [`names`].

pub mod achievement;
pub mod certificate;
pub mod decision;
pub mod docx;
pub mod layout;
pub mod minutes;
pub mod names;
pub mod pdf;
pub mod proposal;
pub mod results;

use chrono::NaiveDate;

use self::layout::{Align, Block, Column, Paper, Para, SMALL_PT};
use self::names::UnitName;
use crate::domain::paper::{place_date, place_of, upper};
use crate::error::ApiError;
pub use crate::model::documents::DocumentFormat;

/// A rendered paper: its bytes, media type and file name.
#[derive(Debug)]
pub struct File {
    /// `QD-12-QD-UBND_2023-12-20.pdf`.
    pub name: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const PDF: &str = "application/pdf";

/// Draws `paper` in `format`, named `stem` plus the extension.
pub fn render(paper: &Paper, format: DocumentFormat, stem: &str, title: &str) -> Result<File, ApiError> {
    Ok(match format {
        DocumentFormat::Docx => File { name: format!("{stem}.docx"), media_type: DOCX, bytes: docx::render(paper)? },
        DocumentFormat::Pdf => File { name: format!("{stem}.pdf"), media_type: PDF, bytes: pdf::render(paper, title)? },
    })
}

/// The issuer's heading as the decree writes it: `ỦY BAN NHÂN DÂN` over
/// the commune's name for a commune's committee, else the unit's name.
fn issuer_lines(issuer: &UnitName) -> Vec<String> {
    use crate::domain::org::OrgKind;
    match issuer.kind {
        OrgKind::Commune | OrgKind::District | OrgKind::Province => {
            vec!["ỦY BAN NHÂN DÂN".to_owned(), upper(&issuer.name)]
        }
        _ => vec![upper(&issuer.name)],
    }
}

/// The committee's name in a sentence: `Ủy ban nhân dân xã Đại Thắng`.
fn committee(issuer: &UnitName) -> String {
    let name = issuer.name.trim();
    let mut chars = name.chars();
    let lowered = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    format!("Ủy ban nhân dân {lowered}")
}

/// The council's heading: the committee above it, the council below, as
/// the decree writes a body under its parent (`UBND XÃ ĐẠI THẮNG` /
/// `HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG`).
fn council_lines(issuer: &UnitName) -> Vec<String> {
    vec![format!("UBND {}", upper(&issuer.name)), COUNCIL.to_owned()]
}

const COUNCIL: &str = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG";

/// The day a paper about a span of time is dated, and names its units on:
/// today, or the span's last day once it is over (a 2023 campaign's papers
/// keep 2023's names after a merger).
fn dated(ends_on: NaiveDate) -> NaiveDate {
    crate::domain::today().min(ends_on)
}

/// The NĐ 30/2020 header: the issuer and the number on the left, the
/// national title, the motto and the place and date on the right.
fn header(issuer: &UnitName, number: Option<&str>, date: NaiveDate) -> Block {
    heading(&issuer_lines(issuer), &place_of(&issuer.name), number, date)
}

/// The header with the issuer's `lines` on the left, dated at `place`.
fn heading(lines: &[String], place: &str, number: Option<&str>, date: NaiveDate) -> Block {
    let mut left: Vec<Para> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let para = Para::new(Align::Center).size(SMALL_PT + 1.0).bold(line);
        left.push(if i + 1 == lines.len() { para.rule(0.3) } else { para });
    }
    if let Some(number) = number {
        left.push(Para::new(Align::Center).text(format!("Số: {number}")));
    }
    let right = vec![
        Para::new(Align::Center).size(SMALL_PT).bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Para::new(Align::Center).bold("Độc lập - Tự do - Hạnh phúc").rule(0.5),
        Para::new(Align::Center).italic(place_date(place, date)),
    ];
    Block::Columns(vec![Column { share: 0.4, paras: left }, Column { share: 0.6, paras: right }])
}

/// Recipients on the left, the signature on the right; room to sign and
/// stamp, marked `(Đã ký)` on the copy of a signed record.
fn signature(recipients: &[String], heads: &[String], signer: &str, signed: bool) -> Block {
    let mut left = vec![Para::new(Align::Left).size(SMALL_PT).bold_italic("Nơi nhận:")];
    left.extend(recipients.iter().map(|r| Para::new(Align::Left).size(SMALL_PT - 1.0).text(r)));
    let mut right: Vec<Para> = heads.iter().map(|h| Para::new(Align::Center).bold(h)).collect();
    let mark = if signed { "(Đã ký)" } else { "" };
    right.push(Para::new(Align::Center).size(SMALL_PT).italic(mark).after(48.0));
    right.push(Para::new(Align::Center).bold(signer));
    Block::Columns(vec![Column { share: 0.45, paras: left }, Column { share: 0.55, paras: right }])
}
