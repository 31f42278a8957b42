//! Nominations as the council and award decisions see them: who is
//! nominated for what, where the nomination is, what the public said while
//! it was posted and which complaints concern the nominee — and the one move
//! the council makes on them (`posted → reviewed`, when a meeting concludes).
//! Everything else about nominations (their records and other moves) lives
//! with the nominations themselves.
//!
//! The complaints read here never include the complainant.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{award_types, campaigns, complaints, nomination_feedback, nominations, org_units, people};
use super::{DbConnection, DbError};
use crate::domain::awards::{IssuingLevel, SubjectKind};
use crate::domain::complaint::{ComplaintStatus, Conduct, LegalKind, Outcome};
use crate::domain::nomination::NominationStatus;

/// A nomination, with the names the council and a decision show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nominee {
    pub id: String,
    pub campaign_id: String,
    pub period_id: Option<String>,
    pub subject_kind: SubjectKind,
    pub org_unit_id: String,
    pub org_unit_name: String,
    /// The path of the nominated unit (or the person's unit): decides who may see it.
    pub unit_path: String,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub award_type_id: String,
    pub award_type_name: String,
    pub issuing_level: IssuingLevel,
    pub status: NominationStatus,
    pub posted_until: Option<NaiveDate>,
    /// Sent to the superior level at some point (its decision is the superior's, not the chairman's).
    pub forwarded: bool,
    pub version: i32,
}

impl Nominee {
    /// Whom the award goes to, by name: the person, or the unit for a collective.
    pub fn subject_name(&self) -> &str {
        self.person_name.as_deref().unwrap_or(&self.org_unit_name)
    }
}

type Row = (
    (String, String, Option<String>, String, String, Option<String>, String, String),
    (Option<NaiveDate>, Option<NaiveDateTime>, Option<String>, i32),
    (String, String),
    Option<String>,
    (String, String),
);

fn nominee(row: Row) -> Result<Nominee, DbError> {
    let (
        (id, campaign_id, period_id, subject_kind, status, person_id, award_type_id, org_unit_id),
        (posted_until, forwarded_at, superior_number, version),
        (org_unit_name, unit_path),
        person_name,
        (award_type_name, level),
    ) = row;
    let bad = |value: &str| DbError::Other(format!("nomination {id} holds an unknown value {value:?}"));
    Ok(Nominee {
        subject_kind: subject_kind.parse().map_err(|_| bad(&subject_kind))?,
        status: status.parse().map_err(|_| bad(&status))?,
        issuing_level: level.parse().map_err(|_| bad(&level))?,
        forwarded: forwarded_at.is_some() || superior_number.is_some(),
        id: id.clone(),
        campaign_id,
        period_id,
        org_unit_id,
        org_unit_name,
        unit_path,
        person_id,
        person_name,
        award_type_id,
        award_type_name,
        posted_until,
        version,
    })
}

/// The nominations with these ids (those that exist), in the order asked.
pub fn nominees(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<Nominee>, DbError> {
    let rows: Vec<Row> = nominations::table
        .inner_join(org_units::table)
        .left_join(people::table)
        .inner_join(award_types::table)
        .filter(nominations::id.eq_any(ids))
        .select((
            (
                nominations::id,
                nominations::campaign_id,
                nominations::period_id,
                nominations::subject_kind,
                nominations::status,
                nominations::person_id,
                nominations::award_type_id,
                nominations::org_unit_id,
            ),
            (
                nominations::posted_until,
                nominations::forwarded_at,
                nominations::superior_decision_number,
                nominations::version,
            ),
            (org_units::name, org_units::path),
            people::full_name.nullable(),
            (award_types::name, award_types::issuing_level),
        ))
        .load(conn)?;
    let mut found: Vec<Nominee> = rows.into_iter().map(nominee).collect::<Result<_, _>>()?;
    found.sort_by_key(|n| ids.iter().position(|id| *id == n.id));
    Ok(found)
}

/// The council's move: `posted → reviewed` with the meeting and its result,
/// if the nomination is still posted at `version`; `false` when it moved
/// meanwhile.
pub fn review(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    meeting_id: &str,
    result: &str,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        nominations::table
            .find(id)
            .filter(nominations::status.eq(NominationStatus::Posted.as_str()))
            .filter(nominations::version.eq(version)),
    )
    .set((
        nominations::status.eq(NominationStatus::Reviewed.as_str()),
        nominations::council_meeting_id.eq(meeting_id),
        nominations::council_result.eq(result),
        nominations::version.eq(version + 1),
        nominations::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Public feedback recorded on a nomination while it was posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    pub nomination_id: String,
    pub received_on: NaiveDate,
    pub source: String,
    pub body: String,
}

/// The feedback on these nominations, oldest first.
pub fn feedback(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<Feedback>, DbError> {
    let rows: Vec<(String, NaiveDate, String, String)> = nomination_feedback::table
        .filter(nomination_feedback::nomination_id.eq_any(ids))
        .select((
            nomination_feedback::nomination_id,
            nomination_feedback::received_on,
            nomination_feedback::source,
            nomination_feedback::body,
        ))
        .order((nomination_feedback::received_on, nomination_feedback::id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(nomination_id, received_on, source, body)| Feedback { nomination_id, received_on, source, body })
        .collect())
}

/// A complaint as the council considers it: what and how it ended, never who complained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintConsidered {
    pub id: String,
    pub received_on: NaiveDate,
    pub incident_on: NaiveDate,
    pub legal_kind: LegalKind,
    pub conduct: Conduct,
    pub status: ComplaintStatus,
    pub outcome: Option<Outcome>,
    pub conclusion_number: Option<String>,
    pub conclusion_on: Option<NaiveDate>,
}

/// Whom a complaint must concern.
pub enum Concerning<'a> {
    Person(&'a str),
    /// A unit: complaints against it or against any of its people.
    Unit(&'a str),
}

type ComplaintRow =
    (String, NaiveDate, NaiveDate, String, String, String, Option<String>, Option<String>, Option<NaiveDate>);

/// The complaints about a nominee whose incident falls in `from..=to`, oldest incident first.
pub fn complaints_concerning(
    conn: &mut DbConnection,
    subject: Concerning<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ComplaintConsidered>, DbError> {
    let mut query = complaints::table
        .filter(complaints::incident_on.between(from, to))
        .select((
            complaints::id,
            complaints::received_on,
            complaints::incident_on,
            complaints::legal_kind,
            complaints::conduct,
            complaints::status,
            complaints::outcome,
            complaints::conclusion_number,
            complaints::conclusion_on,
        ))
        .order((complaints::incident_on, complaints::id))
        .into_boxed();
    query = match subject {
        Concerning::Person(id) => query.filter(complaints::person_id.eq(id.to_owned())),
        Concerning::Unit(id) => query.filter(complaints::org_unit_id.eq(id.to_owned())),
    };
    let rows: Vec<ComplaintRow> = query.load(conn)?;
    rows.into_iter()
        .map(|(id, received_on, incident_on, kind, conduct, status, outcome, number, on)| {
            let bad = |value: &str| DbError::Other(format!("complaint {id} holds an unknown value {value:?}"));
            Ok(ComplaintConsidered {
                legal_kind: kind.parse().map_err(|_| bad(&kind))?,
                conduct: conduct.parse().map_err(|_| bad(&conduct))?,
                status: status.parse().map_err(|_| bad(&status))?,
                outcome: outcome.as_deref().map(|o| o.parse().map_err(|_| bad(o))).transpose()?,
                id: id.clone(),
                received_on,
                incident_on,
                conclusion_number: number,
                conclusion_on: on,
            })
        })
        .collect()
}

/// A campaign's period type and dates: the span an achievement can cover.
pub fn campaign_span(conn: &mut DbConnection, id: &str) -> Result<Option<(String, NaiveDate, NaiveDate)>, DbError> {
    Ok(campaigns::table
        .find(id)
        .select((campaigns::period_type, campaigns::starts_on, campaigns::ends_on))
        .first(conn)
        .optional()?)
}

/// Each nomination's summary of achievements (tóm tắt thành tích), by id:
/// what a Giấy khen says the award is for.
pub fn summaries(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<std::collections::HashMap<String, String>, DbError> {
    let rows: Vec<(String, String)> = nominations::table
        .filter(nominations::id.eq_any(ids))
        .select((nominations::id, nominations::summary))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
