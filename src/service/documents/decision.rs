//! The award decision (Quyết định khen thưởng, NĐ 30/2020 Mẫu 1.4): the
//! header, the subject, the chairman's authority, the legal bases, Điều 1
//! with the awarded list and amounts and its total, the funding, who
//! carries it out, the recipients and the signature. Read by whoever reads
//! the decision (`award_decisions::records::get`).

use std::collections::{BTreeSet, HashMap};

use super::layout::{Align, Block, Cell, Orientation, Paper, Para, Table};
use super::names::{self, UnitName};
use super::{File, committee, header, render, signature};
use crate::db::{self, DbConnection};
use crate::domain::award_decision::DecisionStatus;
use crate::domain::paper::{amount, citation, file_name, signature_heads, upper};
use crate::error::ApiError;
use crate::model::award_decisions::AwardDecisionView;
use crate::model::documents::DocumentFormat;
use crate::service::{Caller, award_decisions};

/// The decision `id` as a paper, if the caller may read the decision.
pub fn decision(conn: &mut DbConnection, caller: &Caller, id: &str, format: DocumentFormat) -> Result<File, ApiError> {
    let view = award_decisions::records::get(conn, caller, id)?;
    let paper = paper(conn, &view)?;
    render(&paper, format, &stem(&view), &format!("Quyết định số {}", view.number))
}

/// `QD-12-QD-UBND_2023-12-20`.
pub fn stem(view: &AwardDecisionView) -> String {
    file_name("QD", &view.number, view.signed_on)
}

/// The unit names the decision prints, as they were on its date.
pub(super) fn unit_names(
    conn: &mut DbConnection,
    view: &AwardDecisionView,
) -> Result<(UnitName, HashMap<String, UnitName>), ApiError> {
    let mut ids: Vec<&str> = vec![view.org_unit_id.as_str()];
    ids.extend(view.lines.iter().map(|l| l.org_unit_id.as_str()));
    let mut all = names::names(conn, &ids, view.signed_on)?;
    let issuer = all
        .remove(&view.org_unit_id)
        .ok_or_else(|| ApiError::internal(&format!("the issuer {} does not exist", view.org_unit_id)))?;
    if let Some(same) = view.lines.iter().find(|l| l.org_unit_id == view.org_unit_id) {
        all.insert(same.org_unit_id.clone(), issuer.clone());
    }
    Ok((issuer, all))
}

/// The campaigns' plans the lines come from: `Kế hoạch số 05/KH-UBND`.
fn plans(conn: &mut DbConnection, view: &AwardDecisionView) -> Result<Vec<String>, ApiError> {
    let ids: BTreeSet<&str> = view.lines.iter().map(|l| l.campaign_id.as_str()).collect();
    let mut out = Vec::new();
    for id in ids {
        if let Some((campaign, _)) = db::campaigns::get(conn, id)? {
            out.push(campaign.code);
        }
    }
    Ok(out)
}

fn subject(plans: &[String]) -> String {
    let base = "Về việc khen thưởng tập thể, cá nhân có thành tích trong phong trào thi đua";
    match plans {
        [] => base.to_owned(),
        [one] => format!("{base} theo Kế hoạch số {one}"),
        many => format!("{base} theo các Kế hoạch số {}", many.join(", ")),
    }
}

/// The list of Điều 1: no., name, unit, award, amount; the total below.
fn list(view: &AwardDecisionView, units: &HashMap<String, UnitName>) -> Table {
    let mut rows: Vec<Vec<Cell>> = view
        .lines
        .iter()
        .map(|l| {
            let unit = units.get(&l.org_unit_id).map(|u| u.name.as_str()).unwrap_or(&l.org_unit_name);
            let mut award = l.award_type_name.clone();
            if let Some(at) = l.revoked_at {
                award.push_str(&format!(" (đã thu hồi ngày {})", crate::domain::day_in_vietnam(at).format("%d/%m/%Y")));
            }
            vec![
                Cell::center(l.ordinal.to_string()),
                Cell::left(&l.subject_name),
                Cell::left(unit),
                Cell::left(award),
                Cell::right(l.amount_vnd.map(amount).unwrap_or_default()),
            ]
        })
        .collect();
    let total = if view.status == DecisionStatus::Signed { amount(view.total_vnd) } else { String::new() };
    rows.push(vec![
        Cell::center(""),
        Cell::left("Tổng cộng").bold(),
        Cell::left(""),
        Cell::left(format!("{} tập thể, cá nhân", view.lines.len())),
        Cell::right(total).bold(),
    ]);
    Table {
        shares: vec![0.07, 0.27, 0.22, 0.22, 0.22],
        header: ["STT", "Tập thể, cá nhân", "Đơn vị", "Hình thức khen thưởng", "Số tiền thưởng"]
            .into_iter()
            .map(|h| Cell::center(h).bold())
            .collect(),
        rows,
    }
}

/// What a decision prints besides its own record, read from the database.
pub struct Context {
    pub issuer: UnitName,
    /// Each line's unit by id.
    pub units: HashMap<String, UnitName>,
    /// The plans the lines come from (`05/KH-UBND`).
    pub plans: Vec<String>,
    /// The legal bases as cited (`Căn cứ Nghị định số …`).
    pub bases: Vec<String>,
}

/// The decision as a paper.
pub fn paper(conn: &mut DbConnection, view: &AwardDecisionView) -> Result<Paper, ApiError> {
    let (issuer, units) = unit_names(conn, view)?;
    let plans = plans(conn, view)?;
    let mut bases = Vec::new();
    for id in &view.legal_basis_ids {
        if let Some(basis) = db::awards::get_legal_basis(conn, id)? {
            bases.push(citation(&basis.code, &basis.title, &basis.issuer, basis.issued_on));
        }
    }
    Ok(compose(view, &Context { issuer, units, plans, bases }))
}

/// The decision laid out from its record and context (no database: the benchmark calls it).
pub fn compose(view: &AwardDecisionView, context: &Context) -> Paper {
    let Context { issuer, units, plans, bases } = context;
    let signed = view.status == DecisionStatus::Signed;
    let mut blocks = Vec::new();
    if !signed {
        blocks.push(Block::Para(Para::new(Align::Left).bold("DỰ THẢO").after(4.0)));
    }
    blocks.push(header(issuer, Some(&view.number), view.signed_on));
    blocks.push(Block::Space(14.0));
    blocks.push(Block::Para(Para::new(Align::Center).size(14.0).bold("QUYẾT ĐỊNH")));
    blocks.push(Block::Para(Para::new(Align::Center).bold(subject(plans)).rule(0.25).after(6.0)));
    blocks.push(Block::Para(
        Para::new(Align::Center).size(14.0).bold(upper(&format!("Chủ tịch {}", committee(issuer)))).after(8.0),
    ));
    for basis in bases {
        let para = Para { indent: true, after: 3.0, ..Para::new(Align::Justify) };
        blocks.push(Block::Para(para.italic(format!("{basis};"))));
    }
    blocks.push(Block::Para(
        Para { indent: true, after: 6.0, ..Para::new(Align::Justify) }
            .italic("Xét đề nghị của Hội đồng Thi đua - Khen thưởng xã."),
    ));
    blocks.push(Block::Para(Para::new(Align::Center).size(14.0).bold("QUYẾT ĐỊNH:").after(6.0)));
    let individuals = view.lines.iter().filter(|l| l.person_id.is_some()).count();
    let collectives = view.lines.len() - individuals;
    blocks.push(Block::Para(Para::body("").bold("Điều 1. ").text(format!(
        "Khen thưởng {collectives} tập thể và {individuals} cá nhân có thành tích trong phong trào thi đua, \
         có tên trong danh sách dưới đây:"
    ))));
    blocks.push(Block::Table(list(view, units)));
    let money = if signed {
        format!(
            "Tiền thưởng kèm theo mỗi tập thể, cá nhân như danh sách tại Điều 1; tổng cộng {}.",
            amount(view.total_vnd)
        )
    } else {
        "Tiền thưởng của mỗi tập thể, cá nhân được tính theo hệ số và mức lương cơ sở ngày ký quyết định.".to_owned()
    };
    blocks.push(Block::Para(Para::body("").bold("Điều 2. ").text(format!(
        "{money} Kinh phí khen thưởng được chi từ Quỹ thi đua, khen thưởng của {} năm {}.",
        committee(issuer),
        view.signed_on.format("%Y")
    ))));
    blocks.push(Block::Para(Para::body("").bold("Điều 3. ").text(format!(
        "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng {}, Hội đồng Thi đua - Khen thưởng xã, \
         bộ phận Tài chính - Kế toán và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành \
         Quyết định này./.",
        committee(issuer).replacen("Ủy ban nhân dân", "UBND", 1)
    ))));
    blocks.push(Block::Space(6.0));
    let recipients: Vec<String> = ["- Như Điều 3;", "- Hội đồng TĐKT xã;", "- Lưu: VT."].map(str::to_owned).to_vec();
    blocks.push(signature(&recipients, &signature_heads(&view.signer_title), &view.signer_name, signed));
    Paper { orientation: Orientation::Portrait, framed: false, pages: vec![blocks] }
}
