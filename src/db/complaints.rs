//! The `complaints` and `complaint_events` tables: the complaints register
//! and the history of each complaint's moves.
//!
//! The complainant's identity and contact are read by [`complainant`] alone
//! (to answer it, audited, or to tell whether a correction changes it):
//! every other read here selects only whether one is recorded, so no answer
//! built from them can carry it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{complaint_events, complaints, org_units};
use super::{DbConnection, DbError, Guarded};
use crate::domain::complaint::{Channel, ComplaintStatus, Conduct, LegalKind, Outcome};
use crate::domain::page::Page;

/// A complaint as the register keeps it, without who complained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complaint {
    pub id: String,
    pub received_on: NaiveDate,
    pub channel: Channel,
    pub legal_kind: LegalKind,
    pub conduct: Conduct,
    pub incident_on: NaiveDate,
    pub org_unit_id: String,
    pub person_id: Option<String>,
    pub description: String,
    /// Whether a complainant's identity is recorded (read it with [`complainant`]).
    pub has_complainant: bool,
    pub status: ComplaintStatus,
    pub outcome: Option<Outcome>,
    pub conclusion_number: Option<String>,
    pub conclusion_on: Option<NaiveDate>,
    pub conclusion_issuer: Option<String>,
    pub status_reason: Option<String>,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row as read, with the path of the complaint's unit (for scope checks).
#[derive(Queryable)]
struct Row {
    id: String,
    received_on: NaiveDate,
    channel: String,
    legal_kind: String,
    conduct: String,
    incident_on: NaiveDate,
    org_unit_id: String,
    person_id: Option<String>,
    description: String,
    has_complainant: bool,
    status: String,
    outcome: Option<String>,
    conclusion_number: Option<String>,
    conclusion_on: Option<NaiveDate>,
    conclusion_issuer: Option<String>,
    status_reason: Option<String>,
    version: i32,
    created_by: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    unit_path: String,
}

/// What a stored word of the register means; a word the code does not know is a fault of ours.
fn word<T: std::str::FromStr>(id: &str, column: &str, text: &str) -> Result<T, DbError> {
    text.parse().map_err(|_| DbError::Other(format!("complaint {id} has an unknown {column} {text:?}")))
}

impl Row {
    fn into_complaint(self) -> Result<(Complaint, String), DbError> {
        let id = self.id;
        let complaint = Complaint {
            received_on: self.received_on,
            channel: word(&id, "channel", &self.channel)?,
            legal_kind: word(&id, "legal_kind", &self.legal_kind)?,
            conduct: word(&id, "conduct", &self.conduct)?,
            incident_on: self.incident_on,
            org_unit_id: self.org_unit_id,
            person_id: self.person_id,
            description: self.description,
            has_complainant: self.has_complainant,
            status: word(&id, "status", &self.status)?,
            outcome: self.outcome.map(|o| word(&id, "outcome", &o)).transpose()?,
            conclusion_number: self.conclusion_number,
            conclusion_on: self.conclusion_on,
            conclusion_issuer: self.conclusion_issuer,
            status_reason: self.status_reason,
            version: self.version,
            created_by: self.created_by,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            id,
        };
        Ok((complaint, self.unit_path))
    }
}

/// The columns of a [`Row`], in order: never the complainant, only whether one is recorded.
macro_rules! columns {
    () => {
        (
            complaints::id,
            complaints::received_on,
            complaints::channel,
            complaints::legal_kind,
            complaints::conduct,
            complaints::incident_on,
            complaints::org_unit_id,
            complaints::person_id,
            complaints::description,
            complaints::complainant_name.is_not_null(),
            complaints::status,
            complaints::outcome,
            complaints::conclusion_number,
            complaints::conclusion_on,
            complaints::conclusion_issuer,
            complaints::status_reason,
            complaints::version,
            complaints::created_by,
            complaints::created_at,
            complaints::updated_at,
            org_units::path,
        )
    };
}

/// What the office records of a complaint and may correct while it is open.
pub struct Details<'a> {
    pub received_on: NaiveDate,
    pub channel: Channel,
    pub legal_kind: LegalKind,
    pub conduct: Conduct,
    pub incident_on: NaiveDate,
    pub org_unit_id: &'a str,
    pub person_id: Option<&'a str>,
    pub description: &'a str,
}

/// Who complained: a name, and how to reach them if they said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complainant {
    pub name: String,
    pub contact: Option<String>,
}

/// Records a new complaint, `received`, at version 1.
pub fn insert(
    conn: &mut DbConnection,
    id: &str,
    details: &Details<'_>,
    complainant: Option<&Complainant>,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let stamp = now.naive_utc();
    diesel::insert_into(complaints::table)
        .values((
            complaints::id.eq(id),
            complaints::received_on.eq(details.received_on),
            complaints::channel.eq(details.channel.as_str()),
            complaints::legal_kind.eq(details.legal_kind.as_str()),
            complaints::conduct.eq(details.conduct.as_str()),
            complaints::incident_on.eq(details.incident_on),
            complaints::org_unit_id.eq(details.org_unit_id),
            complaints::person_id.eq(details.person_id),
            complaints::description.eq(details.description),
            complaints::complainant_name.eq(complainant.map(|c| c.name.as_str())),
            complaints::complainant_contact.eq(complainant.and_then(|c| c.contact.as_deref())),
            complaints::status.eq(ComplaintStatus::Received.as_str()),
            complaints::version.eq(1),
            complaints::created_by.eq(created_by),
            complaints::created_at.eq(stamp),
            complaints::updated_at.eq(stamp),
        ))
        .execute(conn)?;
    Ok(())
}

/// A complaint and the path of its unit (for scope checks).
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(Complaint, String)>, DbError> {
    let row: Option<Row> = complaints::table
        .inner_join(org_units::table)
        .filter(complaints::id.eq(id))
        .select(columns!())
        .first(conn)
        .optional()?;
    row.map(Row::into_complaint).transpose()
}

/// The complainant of a complaint, if one is recorded: the one read of the
/// identity, for the use case that audits every read of it.
pub fn complainant(conn: &mut DbConnection, id: &str) -> Result<Option<Complainant>, DbError> {
    let found: Option<(Option<String>, Option<String>)> = complaints::table
        .find(id)
        .select((complaints::complainant_name, complaints::complainant_contact))
        .first(conn)
        .optional()?;
    Ok(found.and_then(|(name, contact)| name.map(|name| Complainant { name, contact })))
}

/// What a list may be narrowed to. `within` is always set: the caller's scope.
#[derive(Debug, Default)]
pub struct Filter {
    pub within: String,
    /// Only complaints about units inside this subtree.
    pub unit_within: Option<String>,
    pub status: Option<ComplaintStatus>,
    pub legal_kind: Option<LegalKind>,
    pub conduct: Option<Conduct>,
    pub person_id: Option<String>,
    pub outcome: Option<Outcome>,
    /// The incident happened on or after this day.
    pub incident_from: Option<NaiveDate>,
    /// The incident happened on or before this day.
    pub incident_to: Option<NaiveDate>,
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
}

/// One page of complaints, the latest received first, and how many match.
pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<(Vec<(Complaint, String)>, u64), DbError> {
    let query = || {
        let mut query = complaints::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        if let Some(top) = &filter.unit_within {
            query = query.filter(org_units::path.like(format!("{top}%")));
        }
        if let Some(v) = filter.status {
            query = query.filter(complaints::status.eq(v.as_str()));
        }
        if let Some(v) = filter.legal_kind {
            query = query.filter(complaints::legal_kind.eq(v.as_str()));
        }
        if let Some(v) = filter.conduct {
            query = query.filter(complaints::conduct.eq(v.as_str()));
        }
        if let Some(v) = &filter.person_id {
            query = query.filter(complaints::person_id.eq(v.clone()));
        }
        if let Some(v) = filter.outcome {
            query = query.filter(complaints::outcome.eq(v.as_str()));
        }
        if let Some(v) = filter.incident_from {
            query = query.filter(complaints::incident_on.ge(v));
        }
        if let Some(v) = filter.incident_to {
            query = query.filter(complaints::incident_on.le(v));
        }
        if let Some(v) = filter.received_from {
            query = query.filter(complaints::received_on.ge(v));
        }
        if let Some(v) = filter.received_to {
            query = query.filter(complaints::received_on.le(v));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<Row> = query()
        .select(columns!())
        .order((complaints::received_on.desc(), complaints::id.desc()))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let found = rows.into_iter().map(Row::into_complaint).collect::<Result<_, _>>()?;
    Ok((found, u64::try_from(total).unwrap_or(0)))
}

/// How an update treats the complainant.
pub enum ComplainantChange<'a> {
    /// Left as recorded.
    Keep,
    /// Recorded anew (`None`: removed).
    Set(Option<&'a Complainant>),
}

/// Corrects the details of a complaint read at `version`, if it is still
/// at that version and in `status`.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    status: ComplaintStatus,
    details: &Details<'_>,
    complainant: ComplainantChange<'_>,
    now: DateTime<Utc>,
) -> Result<Guarded, DbError> {
    let target = complaints::table
        .find(id)
        .filter(complaints::version.eq(version))
        .filter(complaints::status.eq(status.as_str()));
    let changes = (
        complaints::received_on.eq(details.received_on),
        complaints::channel.eq(details.channel.as_str()),
        complaints::legal_kind.eq(details.legal_kind.as_str()),
        complaints::conduct.eq(details.conduct.as_str()),
        complaints::incident_on.eq(details.incident_on),
        complaints::org_unit_id.eq(details.org_unit_id),
        complaints::person_id.eq(details.person_id),
        complaints::description.eq(details.description),
        complaints::version.eq(version + 1),
        complaints::updated_at.eq(now.naive_utc()),
    );
    let updated = match complainant {
        ComplainantChange::Keep => diesel::update(target).set(changes).execute(conn)?,
        ComplainantChange::Set(who) => diesel::update(target)
            .set((
                changes,
                complaints::complainant_name.eq(who.map(|c| c.name.as_str())),
                complaints::complainant_contact.eq(who.and_then(|c| c.contact.as_deref())),
            ))
            .execute(conn)?,
    };
    super::guarded(updated, || exists(conn, id))
}

fn exists(conn: &mut DbConnection, id: &str) -> Result<bool, DbError> {
    let found: i64 = complaints::table.filter(complaints::id.eq(id)).count().get_result(conn)?;
    Ok(found > 0)
}

/// How a complaint ended, for a move to `concluded`.
pub struct Conclusion<'a> {
    pub outcome: Outcome,
    pub number: &'a str,
    pub on: NaiveDate,
    pub issuer: &'a str,
}

/// Moves a complaint read at `version` from `from` to `to`, with its
/// conclusion (to `concluded`) or the reason (a withdrawal, a refusal).
#[allow(clippy::too_many_arguments)] // one guarded UPDATE, each argument a column or its guard
pub fn move_status(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    from: ComplaintStatus,
    to: ComplaintStatus,
    conclusion: Option<&Conclusion<'_>>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Guarded, DbError> {
    let target =
        complaints::table.find(id).filter(complaints::version.eq(version)).filter(complaints::status.eq(from.as_str()));
    let updated = diesel::update(target)
        .set((
            complaints::status.eq(to.as_str()),
            complaints::outcome.eq(conclusion.map(|c| c.outcome.as_str())),
            complaints::conclusion_number.eq(conclusion.map(|c| c.number)),
            complaints::conclusion_on.eq(conclusion.map(|c| c.on)),
            complaints::conclusion_issuer.eq(conclusion.map(|c| c.issuer)),
            complaints::status_reason.eq(reason),
            complaints::version.eq(version + 1),
            complaints::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || exists(conn, id))
}

/// One entry of a complaint's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub actor: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
}

pub fn add_event(conn: &mut DbConnection, complaint_id: &str, e: &Event) -> Result<(), DbError> {
    diesel::insert_into(complaint_events::table)
        .values((
            complaint_events::id.eq(uuid::Uuid::now_v7().to_string()),
            complaint_events::complaint_id.eq(complaint_id),
            complaint_events::actor.eq(&e.actor),
            complaint_events::at.eq(e.at.naive_utc()),
            complaint_events::action.eq(&e.action),
            complaint_events::from_status.eq(e.from_status.as_deref()),
            complaint_events::to_status.eq(&e.to_status),
            complaint_events::reason.eq(e.reason.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}

type EventRow = (String, NaiveDateTime, String, Option<String>, String, Option<String>);

/// A complaint's history, oldest first.
pub fn events(conn: &mut DbConnection, complaint_id: &str) -> Result<Vec<Event>, DbError> {
    let rows: Vec<EventRow> = complaint_events::table
        .filter(complaint_events::complaint_id.eq(complaint_id))
        .select((
            complaint_events::actor,
            complaint_events::at,
            complaint_events::action,
            complaint_events::from_status,
            complaint_events::to_status,
            complaint_events::reason,
        ))
        .order((complaint_events::at.asc(), complaint_events::id.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(actor, at, action, from_status, to_status, reason)| Event {
            actor,
            at: at.and_utc(),
            action,
            from_status,
            to_status,
            reason,
        })
        .collect())
}
