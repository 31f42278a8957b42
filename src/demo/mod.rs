//! The built-in demo: plan 05/KH-UBND of xã Đại Thắng (2023), word for word
//! (docs/plan-05-KH-UBND-2023.md), with the commune's units, a few people,
//! one user per role, and the campaign with its 16 criteria and quarterly
//! periods. Loading it twice changes nothing.

use chrono::NaiveDate;

use crate::auth::passwords::hash_blocking;
use crate::auth::tokens::random_secret;
use crate::bootstrap::ROOT_CODE;
use crate::config::Config;
use crate::db::{self, DbConnection, DbError};
use crate::domain::campaign::{Comparator, Measure};
use crate::domain::org::{OrgKind, child_path};
use crate::domain::periods::{Deadlines, PeriodType};
use crate::domain::role::Role;

pub mod commendations;
pub mod reorganisation;
pub mod results;

pub const PROVINCE_CODE: &str = "TINH-NAM-DINH";
pub const DISTRICT_CODE: &str = "HUYEN-VU-BAN";
pub const COMMUNE_CODE: &str = "XA-DAI-THANG";
pub const CAMPAIGN_CODE: &str = "05/KH-UBND";
pub const CAMPAIGN_TITLE: &str = "Phát động phong trào thi đua đẩy mạnh cải cách hành chính xã Đại Thắng năm 2023";

/// The commune's units: code, name, kind.
pub const UNITS: [(&str, &str, OrgKind); 12] = [
    ("DT-VP-TK", "Văn phòng – Thống kê", OrgKind::Sector),
    ("DT-VH-XH", "Văn hóa – Xã hội", OrgKind::Sector),
    ("DT-TP-HT", "Tư pháp – Hộ tịch", OrgKind::Sector),
    ("DT-DC-XD", "Địa chính – Xây dựng", OrgKind::Sector),
    ("DT-TC-KT", "Tài chính – Kế toán", OrgKind::Sector),
    ("DT-CA", "Công an xã", OrgKind::Sector),
    ("DT-BCH-QS", "Ban Chỉ huy Quân sự", OrgKind::Sector),
    ("DT-MTTQ", "Ủy ban MTTQ", OrgKind::FatherlandFront),
    ("DT-HLHPN", "Hội Liên hiệp Phụ nữ", OrgKind::MassOrganisation),
    ("DT-DTN", "Đoàn Thanh niên", OrgKind::MassOrganisation),
    ("DT-HND", "Hội Nông dân", OrgKind::MassOrganisation),
    ("DT-HCCB", "Hội Cựu chiến binh", OrgKind::MassOrganisation),
];

/// One account per role: username, display name, role, unit code.
pub const USERS: [(&str, &str, Role, &str); 5] = [
    ("vanphong", "Phạm Thị Lan", Role::Office, "DT-VP-TK"),
    ("chutich", "Nguyễn Văn Hùng", Role::Chairman, COMMUNE_CODE),
    ("tuphap", "Trần Thị Mai", Role::Reporter, "DT-TP-HT"),
    ("hoinongdan", "Lê Văn Toàn", Role::Reporter, "DT-HND"),
    ("huyenvuban", "Đỗ Minh Tuấn", Role::Superior, DISTRICT_CODE),
];

/// People: full name, position, unit code, linked username.
pub const PEOPLE: [(&str, &str, &str, Option<&str>); 5] = [
    ("Phạm Thị Lan", "Công chức Văn phòng – Thống kê", "DT-VP-TK", Some("vanphong")),
    ("Nguyễn Văn Hùng", "Chủ tịch UBND xã", COMMUNE_CODE, Some("chutich")),
    ("Trần Thị Mai", "Công chức Tư pháp – Hộ tịch", "DT-TP-HT", Some("tuphap")),
    ("Lê Văn Toàn", "Chủ tịch Hội Nông dân", "DT-HND", Some("hoinongdan")),
    ("Vũ Thị Hồng", "Công chức Văn hóa – Xã hội", "DT-VH-XH", None),
];

/// Căn cứ of the plan.
pub const LEGAL_BASES: [&str; 5] = [
    "Luật Thi đua, khen thưởng ngày 26/11/2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 14/6/2005 và ngày 16/11/2013",
    "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
    "Quyết định số 05/2019/QĐ-UBND ngày 15/3/2019 và Quyết định số 22/2020/QĐ-UBND ngày 15/7/2020 của UBND tỉnh Nam Định",
    "Kế hoạch số 25/KH-UBND ngày 09/02/2023 của UBND huyện Vụ Bản",
    "Kế hoạch số 18/KH-UBND ngày 20/12/2022 của UBND xã Đại Thắng về cải cách hành chính năm 2023",
];

/// A criterion of the plan.
pub struct PlanCriterion {
    pub ordinal: i32,
    pub code: &'static str,
    pub parent_code: Option<&'static str>,
    /// Word for word as the plan states it.
    pub title: &'static str,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    pub labels: Option<(&'static str, &'static str)>,
}

const fn yes_no(ordinal: i32, code: &'static str, title: &'static str) -> PlanCriterion {
    PlanCriterion {
        ordinal,
        code,
        parent_code: None,
        title,
        measure: Measure::Boolean,
        comparator: Comparator::Equal,
        target: None,
        labels: None,
    }
}

const fn ratio(
    ordinal: i32,
    code: &'static str,
    title: &'static str,
    comparator: Comparator,
    target: f64,
    labels: (&'static str, &'static str),
) -> PlanCriterion {
    PlanCriterion {
        ordinal,
        code,
        parent_code: None,
        title,
        measure: Measure::Ratio,
        comparator,
        target: Some(target),
        labels: Some(labels),
    }
}

/// The 16 criteria of section IV, and criterion 9's sub-criterion.
pub const CRITERIA: [PlanCriterion; 17] = [
    yes_no(
        1,
        "1",
        "Triển khai thực hiện đầy đủ, kịp thời, đúng quy định các văn bản pháp luật do Trung ương, tỉnh, huyện ban hành.",
    ),
    ratio(
        2,
        "2",
        "100% các văn bản quy phạm pháp luật do xã ban hành được rà soát, kiểm tra, theo dõi việc thi hành.",
        Comparator::Equal,
        100.0,
        (
            "Số văn bản QPPL do xã ban hành được rà soát, kiểm tra, theo dõi thi hành",
            "Tổng số văn bản QPPL do xã ban hành",
        ),
    ),
    ratio(
        3,
        "3",
        "100% văn bản pháp luật mới ban hành được tuyên truyền, phổ biến.",
        Comparator::Equal,
        100.0,
        ("Số văn bản pháp luật mới được tuyên truyền, phổ biến", "Tổng số văn bản pháp luật mới ban hành"),
    ),
    ratio(
        4,
        "4",
        "100% số TTHC được công khai tại Bộ phận Một cửa và Trang Thông tin điện tử kịp thời theo quy định.",
        Comparator::Equal,
        100.0,
        ("Số TTHC được công khai kịp thời", "Tổng số TTHC thuộc thẩm quyền của xã"),
    ),
    ratio(
        5,
        "5",
        "100% TTHC được trả kết quả đúng hạn và trước hạn.",
        Comparator::Equal,
        100.0,
        ("Số hồ sơ TTHC trả kết quả đúng hạn và trước hạn", "Tổng số hồ sơ TTHC đã giải quyết"),
    ),
    ratio(
        6,
        "6",
        "100% hồ sơ giải quyết TTHC được thực hiện thông qua hệ thống Một cửa điện tử.",
        Comparator::Equal,
        100.0,
        ("Số hồ sơ giải quyết qua hệ thống Một cửa điện tử", "Tổng số hồ sơ TTHC đã giải quyết"),
    ),
    ratio(
        7,
        "7",
        "Tối thiểu 65% số hồ sơ TTHC (so với tổng số hồ sơ TTHC tiếp nhận) được thực hiện tiếp nhận và trả kết quả trên Cổng dịch vụ công trực tuyến.",
        Comparator::AtLeast,
        65.0,
        ("Số hồ sơ tiếp nhận và trả kết quả trên Cổng dịch vụ công trực tuyến", "Tổng số hồ sơ TTHC tiếp nhận"),
    ),
    ratio(
        8,
        "8",
        "Số hóa kết quả giải quyết TTHC còn hiệu lực thuộc thẩm quyền giải quyết của xã đạt tỷ lệ tối thiểu là 60% để đảm bảo việc kết nối chia sẻ dữ liệu trong giải quyết thủ tục hành chính trên môi trường điện tử.",
        Comparator::AtLeast,
        60.0,
        ("Số kết quả giải quyết TTHC còn hiệu lực đã được số hóa", "Tổng số kết quả giải quyết TTHC còn hiệu lực"),
    ),
    ratio(
        9,
        "9",
        "Tối thiểu 70% TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến; trong số đó, tỷ lệ giao dịch thanh toán trực tuyến đạt từ 60% trở lên.",
        Comparator::AtLeast,
        70.0,
        (
            "Số TTHC có yêu cầu nghĩa vụ tài chính đã triển khai thanh toán trực tuyến",
            "Tổng số TTHC có yêu cầu nghĩa vụ tài chính",
        ),
    ),
    PlanCriterion {
        ordinal: 9,
        code: "9.1",
        parent_code: Some("9"),
        title: "trong số đó, tỷ lệ giao dịch thanh toán trực tuyến đạt từ 60% trở lên.",
        measure: Measure::Ratio,
        comparator: Comparator::AtLeast,
        target: Some(60.0),
        labels: Some((
            "Số giao dịch được thanh toán trực tuyến",
            "Tổng số giao dịch thanh toán của các TTHC đã triển khai thanh toán trực tuyến",
        )),
    },
    PlanCriterion {
        ordinal: 10,
        code: "10",
        parent_code: None,
        title: "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt tối thiểu 90%.",
        measure: Measure::Percentage,
        comparator: Comparator::AtLeast,
        target: Some(90.0),
        labels: None,
    },
    ratio(
        11,
        "11",
        "100% văn bản trao đổi giữa các cơ quan hành chính nhà nước dưới dạng điện tử (trừ văn bản thuộc phạm vi bí mật nhà nước).",
        Comparator::Equal,
        100.0,
        ("Số văn bản trao đổi dưới dạng điện tử", "Tổng số văn bản trao đổi (trừ văn bản mật)"),
    ),
    ratio(
        12,
        "12",
        "100% hồ sơ công việc được xử lý trên môi trường mạng (trừ văn bản thuộc phạm vi bí mật nhà nước).",
        Comparator::Equal,
        100.0,
        ("Số hồ sơ công việc được xử lý trên môi trường mạng", "Tổng số hồ sơ công việc (trừ hồ sơ mật)"),
    ),
    yes_no(
        13,
        "13",
        "Trang thông tin điện tử của UBND xã cung cấp đầy đủ các nội dung, thông tin theo quy định tại Luật tiếp cận thông tin và Nghị định số 42/2022/NĐ-CP của Chính phủ.",
    ),
    yes_no(14, "14", "Triển khai hệ thống thông tin báo cáo điện tử."),
    yes_no(15, "15", "Thực hiện lập và lưu trữ hồ sơ điện tử."),
    ratio(
        16,
        "16",
        "100% văn bản của xã được ký số, gửi, nhận điện tử (trừ văn bản thuộc phạm vi bí mật nhà nước).",
        Comparator::Equal,
        100.0,
        ("Số văn bản được ký số, gửi, nhận điện tử", "Tổng số văn bản của xã (trừ văn bản mật)"),
    ),
];

/// What loading created, for the operator.
#[derive(Debug, Default)]
pub struct Loaded {
    pub created_units: usize,
    pub created_campaign: bool,
    /// Demo accounts created now, with their passwords (shown once).
    pub new_users: Vec<(String, Role, String)>,
}

/// Whether the database holds nothing but what the first start made.
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, DbError> {
    Ok(db::org_units::count(conn)? <= 1)
}

/// Loads the demo; what exists already (by code or username) is left as it is.
pub fn load(conn: &mut DbConnection, config: &Config) -> Result<Loaded, DbError> {
    // Hash the passwords before the transaction: hashing is slow.
    let mut passwords = Vec::new();
    for (username, ..) in USERS {
        let password = random_secret()[..20].to_owned();
        let hash = hash_blocking(config.auth.argon2, &password).map_err(DbError::Other)?;
        passwords.push((username, password, hash));
    }
    db::write_transaction(conn, |conn| {
        let mut loaded = Loaded::default();
        let root = db::org_units::get_by_code(conn, ROOT_CODE)?
            .ok_or_else(|| DbError::Other("no root unit: start the service once first".to_owned()))?;
        let province = unit(conn, &mut loaded, PROVINCE_CODE, "Tỉnh Nam Định", OrgKind::Province, &root)?;
        let district = unit(conn, &mut loaded, DISTRICT_CODE, "Huyện Vụ Bản", OrgKind::District, &province)?;
        let commune = unit(conn, &mut loaded, COMMUNE_CODE, "Xã Đại Thắng", OrgKind::Commune, &district)?;
        // The two communes merged with Đại Thắng in 2025 (see `reorganisation`).
        for (code, name) in reorganisation::NEIGHBOURS {
            unit(conn, &mut loaded, code, name, OrgKind::Commune, &district)?;
        }
        for (code, name, kind) in UNITS {
            unit(conn, &mut loaded, code, name, kind, &commune)?;
        }

        for ((username, display_name, role, unit_code), (_, password, hash)) in USERS.iter().zip(&passwords) {
            if db::users::credentials(conn, username)?.is_some() {
                continue;
            }
            let unit = db::org_units::get_by_code(conn, unit_code)?.ok_or(DbError::NotFound)?;
            let id = uuid::Uuid::now_v7().to_string();
            db::users::insert(
                conn,
                db::users::NewUser {
                    id: &id,
                    username,
                    display_name,
                    role: role.as_str(),
                    org_unit_id: &unit.id,
                    password_hash: hash,
                    email: None,
                },
            )?;
            loaded.new_users.push(((*username).to_owned(), *role, password.clone()));
        }

        for (name, position, unit_code, username) in PEOPLE {
            let unit = db::org_units::get_by_code(conn, unit_code)?.ok_or(DbError::NotFound)?;
            let filter = db::people::Filter {
                within: unit.path.clone(),
                org_unit_id: Some(unit.id.clone()),
                active: None,
                q: None,
                updated_since: None,
            };
            let page = crate::domain::page::Page::new(Some(200), None);
            if db::people::list(conn, &filter, page)?.0.iter().any(|p| p.full_name == name) {
                continue;
            }
            let user_id = match username {
                Some(u) => db::users::credentials(conn, u)?.map(|(user, ..)| user.id),
                None => None,
            };
            let fields = db::people::Fields {
                org_unit_id: &unit.id,
                full_name: name,
                position,
                user_id: user_id.as_deref(),
                active: true,
            };
            db::people::insert(conn, &uuid::Uuid::now_v7().to_string(), fields)?;
        }

        if db::campaigns::get_by_code(conn, &commune.id, CAMPAIGN_CODE)?.is_none() {
            campaign(conn, &commune)?;
            loaded.created_campaign = true;
        }
        Ok(loaded)
    })
}

fn unit(
    conn: &mut DbConnection,
    loaded: &mut Loaded,
    code: &str,
    name: &str,
    kind: OrgKind,
    parent: &crate::domain::accounts::OrgUnit,
) -> Result<crate::domain::accounts::OrgUnit, DbError> {
    if let Some(existing) = db::org_units::get_by_code(conn, code)? {
        return Ok(existing);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let path = child_path(&parent.path, &id);
    loaded.created_units += 1;
    db::org_units::insert(
        conn,
        db::org_units::NewOrgUnit {
            id: &id,
            code,
            name,
            kind: kind.as_str(),
            parent_id: Some(&parent.id),
            path: &path,
            valid_from: None,
        },
    )
}

fn campaign(conn: &mut DbConnection, commune: &crate::domain::accounts::OrgUnit) -> Result<(), DbError> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
    let id = uuid::Uuid::now_v7().to_string();
    let legal_bases: Vec<String> = LEGAL_BASES.iter().map(|b| (*b).to_owned()).collect();
    let fields = db::campaigns::Fields {
        code: CAMPAIGN_CODE,
        title: CAMPAIGN_TITLE,
        issuer_id: &commune.id,
        issued_on: date(2023, 2, 10),
        starts_on: date(2023, 2, 10),
        ends_on: date(2023, 12, 31),
        period_type: PeriodType::Quarter.as_str(),
        legal_bases: &legal_bases,
        description: "Kế hoạch số 05/KH-UBND ngày 10/02/2023 của UBND xã Đại Thắng: thúc đẩy công tác cải cách \
                      hành chính, nâng cao chỉ số cải cách hành chính của xã năm 2023; đánh giá, khen thưởng kịp \
                      thời, dân chủ, khách quan, gắn với kết quả chỉ số cải cách hành chính năm.",
        deadlines: Deadlines { submission_days: 5, lock_days: 15 },
        results_public: false,
        lineage: None,
    };
    db::campaigns::insert(conn, &id, fields)?;
    let mut ids: Vec<(&str, String)> = Vec::new();
    for c in &CRITERIA {
        let criterion_id = uuid::Uuid::now_v7().to_string();
        let parent_id = c.parent_code.and_then(|p| ids.iter().find(|(code, _)| *code == p).map(|(_, id)| id.clone()));
        let fields = db::criteria::Fields {
            parent_id: parent_id.as_deref(),
            ordinal: c.ordinal,
            code: c.code,
            title: c.title,
            description: "",
            measure: c.measure.as_str(),
            comparator: c.comparator.as_str(),
            target: c.target,
            numerator_label: c.labels.map(|l| l.0),
            denominator_label: c.labels.map(|l| l.1),
            weight: 1.0,
            applies_to_kinds: None,
            applies_to_units: None,
        };
        db::criteria::insert(conn, &criterion_id, &id, fields)?;
        ids.push((c.code, criterion_id));
    }
    let mut participants = Vec::new();
    for (code, ..) in UNITS {
        participants.push(db::org_units::get_by_code(conn, code)?.ok_or(DbError::NotFound)?.id);
    }
    db::campaigns::set_participants(conn, &id, &participants)?;
    let campaign = db::campaigns::get(conn, &id)?.ok_or(DbError::NotFound)?.0;
    db::campaigns::set_status(conn, &id, campaign.version, "draft", "active")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::campaign::{Rule, check_rule};

    #[test]
    fn the_plan_criteria_pass_the_rules() {
        for c in &CRITERIA {
            let broken = check_rule(Rule {
                measure: c.measure,
                comparator: c.comparator,
                target: c.target,
                numerator_label: c.labels.map(|l| l.0),
                denominator_label: c.labels.map(|l| l.1),
            });
            assert!(broken.is_empty(), "criterion {}: {broken:?}", c.code);
        }
    }

    /// The titles are the plan's own words (docs/plan-05-KH-UBND-2023.md, section IV).
    #[test]
    fn the_titles_are_the_plans_words() {
        let plan = include_str!("../../docs/plan-05-KH-UBND-2023.md");
        let rows: Vec<(String, String)> = plan
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let n = cells.get(1)?.parse::<u32>().ok()?;
                Some((n.to_string(), cells.get(2)?.to_string()))
            })
            .collect();
        assert_eq!(rows.len(), 16);
        for (number, title) in &rows {
            let ours = CRITERIA.iter().find(|c| c.code == number).expect("every criterion of the plan");
            assert_eq!(ours.title, title, "criterion {number}");
        }
        let nine = &rows.iter().find(|(n, _)| n == "9").unwrap().1;
        let sub = CRITERIA.iter().find(|c| c.code == "9.1").unwrap();
        assert!(nine.ends_with(sub.title), "the sub-criterion is the plan's own second half of 9");
    }
}
