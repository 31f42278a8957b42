//! What the eligibility rules read beside a nomination: the complaints
//! about a nominee and the other nominations of the same subject.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::{award_types, complaints, nominations, org_units};
use super::{DbConnection, DbError};
use crate::domain::eligibility::{ComplaintFact, OtherNomination};
use crate::domain::nomination::{Nomination, NominationStatus};

/// The other nominations of the same subject for the same achievement (any
/// award type, any status but withdrawn).
pub fn same_achievement(conn: &mut DbConnection, n: &Nomination) -> Result<Vec<OtherNomination>, DbError> {
    let mut query = nominations::table
        .inner_join(award_types::table)
        .filter(nominations::campaign_id.eq(n.campaign_id.clone()))
        .filter(nominations::org_unit_id.eq(n.org_unit_id.clone()))
        .filter(nominations::subject_kind.eq(n.subject_kind.as_str()))
        .filter(nominations::id.ne(n.id.clone()))
        .filter(nominations::status.ne(NominationStatus::Withdrawn.as_str()))
        .select((nominations::id, award_types::name, nominations::status, nominations::superior_decision_number))
        .order(nominations::created_at)
        .into_boxed();
    query = match &n.period_id {
        Some(p) => query.filter(nominations::period_id.eq(p.clone())),
        None => query.filter(nominations::period_id.is_null()),
    };
    if let Some(person) = &n.person_id {
        query = query.filter(nominations::person_id.eq(person.clone()));
    }
    let rows: Vec<(String, String, String, Option<String>)> = query.load(conn)?;
    rows.into_iter()
        .map(|(id, award_type_name, status, superior_decision_number)| {
            let status = status
                .parse()
                .map_err(|_| DbError::Other(format!("nomination {id} has an unreadable status {status:?}")))?;
            Ok(OtherNomination { id, award_type_name, status, superior_decision_number })
        })
        .collect()
}

type ComplaintRow = (
    String,
    String,
    NaiveDate,
    String,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);

fn complaint_fact(row: ComplaintRow) -> Result<ComplaintFact, DbError> {
    let (id, conduct, incident_on, status, outcome, number, on, issuer, person) = row;
    let bad = |what: &str| DbError::Other(format!("complaint {id} has an unreadable {what}"));
    Ok(ComplaintFact {
        conduct: conduct.parse().map_err(|_| bad("conduct"))?,
        status: status.parse().map_err(|_| bad("status"))?,
        outcome: outcome.as_deref().map(str::parse).transpose().map_err(|_| bad("outcome"))?,
        id,
        incident_on,
        conclusion_number: number,
        conclusion_on: on,
        conclusion_issuer: issuer,
        about_person: person.is_some(),
    })
}

const COMPLAINT_FACTS: (
    complaints::id,
    complaints::conduct,
    complaints::incident_on,
    complaints::status,
    complaints::outcome,
    complaints::conclusion_number,
    complaints::conclusion_on,
    complaints::conclusion_issuer,
    complaints::person_id,
) = (
    complaints::id,
    complaints::conduct,
    complaints::incident_on,
    complaints::status,
    complaints::outcome,
    complaints::conclusion_number,
    complaints::conclusion_on,
    complaints::conclusion_issuer,
    complaints::person_id,
);

/// The complaints about a person, oldest incident first.
pub fn complaints_about_person(conn: &mut DbConnection, person_id: &str) -> Result<Vec<ComplaintFact>, DbError> {
    let rows: Vec<ComplaintRow> = complaints::table
        .filter(complaints::person_id.eq(person_id))
        .select(COMPLAINT_FACTS)
        .order((complaints::incident_on, complaints::id))
        .load(conn)?;
    rows.into_iter().map(complaint_fact).collect()
}

/// The complaints about the units of a subtree and the people in them,
/// oldest incident first.
pub fn complaints_within(conn: &mut DbConnection, unit_path: &str) -> Result<Vec<ComplaintFact>, DbError> {
    let rows: Vec<ComplaintRow> = complaints::table
        .inner_join(org_units::table)
        .filter(org_units::path.like(format!("{unit_path}%")))
        .select(COMPLAINT_FACTS)
        .order((complaints::incident_on, complaints::id))
        .load(conn)?;
    rows.into_iter().map(complaint_fact).collect()
}
