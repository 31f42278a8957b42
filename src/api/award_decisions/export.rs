//! The decision's list as a sheet (danh sách khen thưởng kèm theo quyết định).

use crate::http::sheets::{Cell, Rows, Sheet, file_stem};
use crate::model::award_decisions::AwardDecisionView;

/// `12-QĐ-UBND_khen-thuong`: the file a decision's list downloads as.
pub fn stem(decision: &AwardDecisionView) -> String {
    format!("{}_khen-thuong", file_stem(&decision.number))
}

/// One row per line: no., name, unit, award, coefficient, base salary,
/// amount, and whether (and how much) it was revoked.
pub fn lines_sheet(decision: &AwardDecisionView) -> Sheet {
    let rows = decision
        .lines
        .iter()
        .map(|l| {
            let revoked = match (&l.revoked_at, l.recover_vnd) {
                (Some(at), Some(recover)) => Cell::text(format!(
                    "Đã thu hồi ngày {}, thu hồi {recover} đồng",
                    crate::domain::day_in_vietnam(*at)
                )),
                (Some(at), None) => Cell::text(format!("Đã thu hồi ngày {}", crate::domain::day_in_vietnam(*at))),
                (None, _) => Cell::Empty,
            };
            vec![
                Cell::Integer(i64::from(l.ordinal)),
                Cell::text(&l.subject_name),
                Cell::text(&l.org_unit_name),
                Cell::text(&l.award_type_name),
                Cell::decimal(l.coefficient.as_deref().and_then(|c| c.parse::<f64>().ok())),
                Cell::integer(l.base_salary_vnd),
                Cell::integer(l.amount_vnd),
                revoked,
            ]
        })
        .collect();
    Sheet {
        name: "Danh sách khen thưởng",
        headers: vec![
            "STT",
            "Họ và tên / Tập thể",
            "Đơn vị",
            "Hình thức khen thưởng",
            "Hệ số",
            "Mức lương cơ sở (đồng)",
            "Số tiền (đồng)",
            "Thu hồi",
        ],
        rows: Rows::Built(rows),
    }
}
