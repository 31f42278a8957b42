//! Times the rendering of an award decision of N lines (default 200) and of
//! its N Giấy khen, as PDF and as DOCX: the layout and the writers, what a
//! `GET …/document` spends besides reading the record. Prints JSON:
//! `{"lines", "runs", "<paper>_<format>": {"p50_ms", "max_ms", "bytes"}}`.
//!
//! `bench/papers.py` runs it on the release build.
//! Usage: `render_decision [--lines 200] [--runs 10]`

use std::collections::HashMap;
use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use thidua::domain::award_decision::DecisionStatus;
use thidua::domain::awards::SubjectKind;
use thidua::domain::org::OrgKind;
use thidua::model::award_decisions::{AwardDecisionView, DecisionLineView};
use thidua::service::documents::decision::{Context, compose};
use thidua::service::documents::layout::Paper;
use thidua::service::documents::names::UnitName;
use thidua::service::documents::{DocumentFormat, certificate, render};

const UNITS: [&str; 6] =
    ["Hội Nông dân", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ", "Tư pháp – Hộ tịch", "Công an xã", "Văn hóa – Xã hội"];

fn decision(lines: usize) -> AwardDecisionView {
    let at = Utc.with_ymd_and_hms(2023, 12, 20, 8, 0, 0).unwrap();
    let lines = (0..lines)
        .map(|i| {
            let person = i % 3 != 0;
            let amount = if person { 270_000 } else { 540_000 };
            DecisionLineView {
                id: format!("line-{i}"),
                decision_id: "d".into(),
                ordinal: i as i32 + 1,
                nomination_id: format!("n-{i}"),
                campaign_id: "c".into(),
                subject_kind: if person { SubjectKind::Individual } else { SubjectKind::Collective },
                subject_name: if person { format!("Nguyễn Thị Hoa {}", i + 1) } else { UNITS[i % 6].to_owned() },
                org_unit_id: format!("u-{}", i % 6),
                org_unit_name: UNITS[i % 6].to_owned(),
                person_id: person.then(|| format!("p-{i}")),
                award_type_id: "at-giay-khen-xa".into(),
                award_type_name: "Giấy khen của Chủ tịch UBND xã".into(),
                coefficient: Some(if person { "0.15" } else { "0.3" }.into()),
                coefficient_id: None,
                base_salary_vnd: Some(1_800_000),
                base_salary_id: None,
                raw_amount_vnd: Some(amount),
                amount_vnd: Some(amount),
                legal_basis_id: None,
                revoked: false,
                revoked_at: None,
                revoked_by: None,
                revoke_ground: None,
                revoke_reason: None,
                recover_vnd: None,
                version: 1,
            }
        })
        .collect::<Vec<_>>();
    AwardDecisionView {
        id: "d".into(),
        org_unit_id: "commune".into(),
        org_unit_name: "Xã Đại Thắng".into(),
        org_unit_label: "Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định".into(),
        number: "12/QĐ-UBND".into(),
        signed_on: NaiveDate::from_ymd_opt(2023, 12, 20).unwrap(),
        signer_name: "Nguyễn Văn Hùng".into(),
        signer_title: "Chủ tịch UBND xã".into(),
        legal_basis_ids: vec![],
        status: DecisionStatus::Signed,
        total_vnd: lines.iter().filter_map(|l| l.amount_vnd).sum(),
        recovered_vnd: 0,
        fund_id: None,
        over_budget_reason: None,
        signed_by: None,
        signed_at: Some(at),
        lines,
        version: 2,
        created_by: "bench".into(),
        created_at: at,
        updated_at: at,
    }
}

fn time(runs: usize, paper: &Paper, format: DocumentFormat) -> serde_json::Value {
    let mut ms = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let file = render(paper, format, "bench", "bench").expect("renders");
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
        bytes = file.bytes.len();
    }
    ms.sort_by(f64::total_cmp);
    serde_json::json!({ "p50_ms": ms[ms.len() / 2], "max_ms": ms[ms.len() - 1], "bytes": bytes })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let lines: usize = option("--lines").map_or(200, |n| n.parse().expect("--lines N"));
    let runs: usize = option("--runs").map_or(10, |n| n.parse().expect("--runs N"));
    let view = decision(lines);
    let name = |n: &str| UnitName { name: n.to_owned(), kind: OrgKind::MassOrganisation };
    let units: HashMap<String, UnitName> = (0..6).map(|i| (format!("u-{i}"), name(UNITS[i]))).collect();
    let context = Context {
        issuer: UnitName { name: "Xã Đại Thắng".into(), kind: OrgKind::Commune },
        units: units.clone(),
        plans: vec!["05/KH-UBND".into()],
        bases: vec!["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022".into()],
    };
    let start = Instant::now();
    let decision_paper = compose(&view, &context);
    let layout_ms = start.elapsed().as_secs_f64() * 1000.0;
    let summaries = HashMap::new();
    let certificates = certificate::compose(&view, &view.lines, &context.issuer, &units, &summaries);
    let out = serde_json::json!({
        "lines": lines,
        "runs": runs,
        "compose_ms": layout_ms,
        "decision_pdf": time(runs, &decision_paper, DocumentFormat::Pdf),
        "decision_docx": time(runs, &decision_paper, DocumentFormat::Docx),
        "certificates_pdf": time(runs, &certificates, DocumentFormat::Pdf),
        "certificates_docx": time(runs, &certificates, DocumentFormat::Docx),
    });
    println!("{out}");
}
