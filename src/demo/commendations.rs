//! The demo's commendations, on its 2023 results: plan 05's award rules
//! (§VI), the commune's council, three complaints — one founded against Địa
//! chính – Xây dựng, one still being handled about Hội Nông dân, one
//! unfounded about Công an xã — and seven nominations, proposed and posted
//! from 1 December 2023, whose eligibility shows each outcome: met, barred
//! by a founded complaint (plan 05 §VI.2), held by a pending one, an award
//! the district decides. The council's meeting, the decisions and the
//! amounts are left for the user to walk (the README's curl walk).
//!
//! Entered as the demo's office through the same use cases as the API.
//! Loading twice changes nothing.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{CAMPAIGN_CODE, COMMUNE_CODE, PEOPLE};
use crate::auth::principal;
use crate::db::{self, Db, DbConnection, DbError};
use crate::domain::complaint::ComplaintMove;
use crate::domain::if_match::IfMatch;
use crate::domain::page::Page;
use crate::error::ApiError;
use crate::service::nominations::workflow::{MoveRequest as NominationMove, Step, move_nomination};
use crate::service::{Caches, Caller, award_rules, complaints, council, nominations};

/// The office account that enters them.
const OFFICE_USERNAME: &str = "vanphong";

/// Award rules: the commune's Giấy khen for collectives and individuals, the district's for the best three.
fn rules() -> [Value; 3] {
    [
        json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "min_score": 90,
                "all_targets_met": true, "basis": "Kế hoạch 05/KH-UBND §VI.1" }),
        json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "individual", "min_rating": "completed_well",
                "basis": "Kế hoạch 05/KH-UBND §VI.1" }),
        json!({ "award_type_id": "at-giay-khen-huyen", "subject_kind": "collective", "min_score": 90,
                "all_targets_met": true, "max_rank": 3, "basis": "Kế hoạch 05/KH-UBND §VI.1" }),
    ]
}

/// The council: name, role.
const COUNCIL: [(&str, &str); 3] =
    [("Nguyễn Văn Hùng", "chair"), ("Phạm Thị Lan", "standing_member"), ("Vũ Thị Hồng", "member")];

/// Complaints: unit code, conduct, incident date, outcome (`None`: still being handled).
const COMPLAINTS: [(&str, &str, &str, Option<&str>); 3] = [
    ("DT-DC-XD", "harassment", "2023-08-15", Some("founded")),
    ("DT-HND", "waste", "2023-08-20", None),
    ("DT-CA", "bureaucracy", "2023-08-25", Some("unfounded")),
];

fn input<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::internal(&e))
}

/// Enters them; answers how many nominations it posted (0 when the
/// campaign has award rules already, or the demo or its results are missing).
pub async fn load(db: &Db, caches: Arc<Caches>) -> Result<usize, ApiError> {
    let found = db.run(|conn| -> Result<_, ApiError> { context(conn) }).await?;
    let Some((campaign, office)) = found else { return Ok(0) };
    let office = Caller::new(office, format!("demo:{}", uuid::Uuid::now_v7()));
    let (caller, campaign_id) = (office.clone(), campaign.clone());
    let Some(nominees) = db.write(move |conn| enter(conn, &caller, &campaign_id)).await? else { return Ok(0) };
    for (id, created) in &nominees {
        let mut version = *created;
        for step in [Step::Propose(input(json!({}))?), Step::Post(input(json!({ "posted_on": "2023-12-01" }))?)] {
            let request =
                NominationMove { nomination_id: id.clone(), step, expected_version: Ok(IfMatch::version(version)) };
            version = move_nomination(db, caches.clone(), office.clone(), request).await?.version;
        }
    }
    Ok(nominees.len())
}

/// The campaign and the office, when the demo and its results are there.
fn context(conn: &mut DbConnection) -> Result<Option<(String, principal::Principal)>, ApiError> {
    let Some(commune) = db::org_units::get_by_code(conn, COMMUNE_CODE)? else { return Ok(None) };
    let Some(campaign) = db::campaigns::get_by_code(conn, &commune.id, CAMPAIGN_CODE)? else { return Ok(None) };
    let Some((office, ..)) = db::users::credentials(conn, OFFICE_USERNAME)? else { return Ok(None) };
    Ok(principal::of_user(conn, &office.id)?.map(|p| (campaign.id, p)))
}

/// Rules, council, complaints and nominations in one transaction; `None`
/// when the campaign has its rules already.
fn enter(conn: &mut DbConnection, office: &Caller, campaign: &str) -> Result<Option<Vec<(String, i32)>>, ApiError> {
    if !award_rules::list(conn, office, campaign)?.is_empty() {
        return Ok(None);
    }
    for rule in rules() {
        award_rules::create(conn, office, campaign, input(rule)?)?;
    }
    for (name, role) in COUNCIL {
        let person = person(conn, name)?;
        council::members::create(
            conn,
            office,
            input(json!({ "person_id": person, "role": role, "term_from": "2021-07-01" }))?,
        )?;
    }
    for (code, conduct, incident, outcome) in COMPLAINTS {
        let unit = unit(conn, code)?;
        let complaint = complaints::records::create(
            conn,
            office,
            input(json!({ "received_on": "2023-09-04", "channel": "one_stop_desk", "legal_kind": "complaint",
                "conduct": conduct, "incident_on": incident, "org_unit_id": unit,
                "description": "Công dân phản ánh thái độ của cán bộ khi giải quyết hồ sơ.",
                "complainant": { "name": "Nguyễn Văn An", "contact": "0912 345 678" } }))?,
        )?;
        let (step, conclusion) = match outcome {
            Some(outcome) => (
                ComplaintMove::Conclude,
                Some(input(json!({ "outcome": outcome, "conclusion_number": "21/KL-UBND",
                    "conclusion_on": "2023-10-02", "conclusion_issuer": "Chủ tịch UBND xã Đại Thắng" }))?),
            ),
            None => (ComplaintMove::Start, None),
        };
        let request = complaints::moves::MoveRequest {
            complaint_id: complaint.id,
            step,
            conclusion,
            reason: None,
            expected_version: Ok(IfMatch::version(complaint.version)),
        };
        complaints::moves::move_complaint(conn, office, request)?;
    }
    let collective = |unit: String, award: &str| {
        json!({ "campaign_id": campaign, "subject_kind": "collective", "org_unit_id": unit, "award_type_id": award,
                "summary": "Dẫn đầu phong trào cải cách hành chính năm 2023" })
    };
    let individual = |person: String, rating: &str| {
        json!({ "campaign_id": campaign, "subject_kind": "individual", "person_id": person,
                "award_type_id": "at-giay-khen-xa", "task_rating": rating,
                "summary": "Hoàn thành tốt nhiệm vụ cải cách hành chính năm 2023" })
    };
    let wanted = [
        collective(unit(conn, "DT-TP-HT")?, "at-giay-khen-xa"),
        collective(unit(conn, "DT-DC-XD")?, "at-giay-khen-xa"),
        collective(unit(conn, "DT-HND")?, "at-giay-khen-xa"),
        collective(unit(conn, "DT-CA")?, "at-giay-khen-huyen"),
        collective(unit(conn, "DT-TP-HT")?, "at-giay-khen-huyen"),
        individual(person(conn, "Trần Thị Mai")?, "completed_well"),
        individual(person(conn, "Lê Văn Toàn")?, "completed_excellently"),
    ];
    let mut ids = Vec::new();
    for nomination in wanted {
        let created = nominations::records::create(conn, office, input(nomination)?)?;
        ids.push((created.id, created.version));
    }
    Ok(Some(ids))
}

fn unit(conn: &mut DbConnection, code: &str) -> Result<String, ApiError> {
    Ok(db::org_units::get_by_code(conn, code)?.ok_or(DbError::NotFound)?.id)
}

/// A demo person's id, by name.
fn person(conn: &mut DbConnection, name: &str) -> Result<String, ApiError> {
    let (_, _, unit_code, _) = PEOPLE.iter().find(|p| p.0 == name).ok_or(DbError::NotFound)?;
    let unit = db::org_units::get_by_code(conn, unit_code)?.ok_or(DbError::NotFound)?;
    let filter = db::people::Filter {
        within: unit.path.clone(),
        org_unit_id: Some(unit.id),
        active: None,
        q: None,
        updated_since: None,
    };
    let (found, _) = db::people::list(conn, &filter, Page::new(Some(200), None))?;
    Ok(found.into_iter().find(|p| p.full_name == name).ok_or(DbError::NotFound)?.id)
}
