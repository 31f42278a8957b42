//! Recording, listing, reading and correcting complaints.

use chrono::NaiveDate;

use super::{Marker, reachable, refuse, snapshot};
use crate::auth::Action;
use crate::db::complaints::{Complainant, ComplainantChange, Details, Event};
use crate::db::{self, DbConnection};
use crate::domain::complaint::{ComplaintStatus, MAX_CONTACT, check_dates};
use crate::domain::day_in_vietnam;
use crate::domain::if_match::IfMatch;
use crate::domain::org::within;
use crate::domain::page::Page;
use crate::domain::text::{MAX_DESCRIPTION, MAX_NAME, check_name, check_text};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::complaints::{ComplainantInput, ComplaintFilter, ComplaintInput, ComplaintView};
use crate::model::list::List;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// The earliest and latest year a list may ask for.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Records a complaint, `received`, about a unit in the caller's scope.
pub fn create(conn: &mut DbConnection, caller: &Caller, input: ComplaintInput) -> Result<ComplaintView, ApiError> {
    let grant = caller.may(Action::ManageComplaints)?;
    let now = crate::domain::now();
    let checked = check(conn, grant.within(), input, day_in_vietnam(now))?;
    let id = uuid::Uuid::now_v7().to_string();
    let complainant = checked.complainant.flatten();
    let actor = caller.principal.actor_ref();
    db::complaints::insert(conn, &id, &checked.details.as_db(), complainant.as_ref(), &actor, now)?;
    let event = Event {
        actor,
        at: now,
        action: crate::model::choices::COMPLAINT_CREATED.to_owned(),
        from_status: None,
        to_status: ComplaintStatus::Received.as_str().to_owned(),
        reason: None,
    };
    db::complaints::add_event(conn, &id, &event)?;
    let (complaint, unit_path) = reachable(conn, &id, &grant)?;
    let view = ComplaintView::from(complaint);
    Change::new(caller, Entity::Complaint, &id, "create", Some(&unit_path))
        .after(&snapshot(&view, Marker::of(view.has_complainant)))
        .record(conn)?;
    Ok(view)
}

/// The complaints the caller may read, the latest received first; never who complained.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: ComplaintFilter,
    page: Page,
) -> Result<List<ComplaintView>, ApiError> {
    let grant = caller.may(Action::ReadComplaints)?;
    let mut errors = Vec::new();
    let year = filter.year.filter(|y| {
        let fits = YEARS.contains(y);
        if !fits {
            errors.push(FieldError::new("year", "out_of_range", "A year from 1900 to 9999."));
        }
        fits
    });
    if let (Some(from), Some(to)) = (filter.received_from, filter.received_to)
        && to < from
    {
        errors.push(FieldError::new("received_to", "before_received_from", "The range ends before it starts."));
    }
    refuse(errors)?;
    let unit_within = match filter.org_unit_id.as_deref() {
        None => None,
        Some(id) => match db::org_units::get(conn, id)? {
            Some(unit) => Some(unit.path),
            // No such unit: no complaint is about it.
            None => return Ok(List::new(Vec::new(), 0, page)),
        },
    };
    let year_bounds = year.map(|y| (NaiveDate::from_ymd_opt(y, 1, 1), NaiveDate::from_ymd_opt(y, 12, 31)));
    let query = db::complaints::Filter {
        within: grant.within().to_owned(),
        unit_within,
        status: filter.status,
        legal_kind: filter.legal_kind,
        conduct: filter.conduct,
        person_id: filter.person_id,
        outcome: filter.outcome,
        incident_from: year_bounds.and_then(|b| b.0),
        incident_to: year_bounds.and_then(|b| b.1),
        received_from: filter.received_from,
        received_to: filter.received_to,
    };
    let (items, total) = db::complaints::list(conn, &query, page)?;
    Ok(List::new(items.into_iter().map(|(c, _)| c.into()).collect(), total, page))
}

/// One complaint, if the caller may read it; never who complained.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ComplaintView, ApiError> {
    let grant = caller.may(Action::ReadComplaints)?;
    Ok(reachable(conn, id, &grant)?.0.into())
}

/// Corrects a complaint read at version `expected` (the `If-Match`
/// header's) while it is not final, checked in the order of
/// [`crate::service::version`]; 409 `complaint_final` once it is.
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: ComplaintInput,
) -> Result<ComplaintView, ApiError> {
    let grant = caller.may(Action::ManageComplaints)?;
    let (current, _) = reachable(conn, id, &grant)?;
    let now = crate::domain::now();
    let checked = check(conn, grant.within(), input, day_in_vietnam(now))?;
    version::check(current.version, expected)?;
    if current.status.is_final() {
        return Err(ApiError::illegal_state(
            ErrorCode::ComplaintFinal,
            format!("A {} complaint can no longer be corrected.", current.status.as_str()),
            current.status.as_str(),
        ));
    }
    let (change, marker) = match &checked.complainant {
        None => (ComplainantChange::Keep, Marker::of(current.has_complainant)),
        Some(None) => (ComplainantChange::Set(None), Marker::None),
        // Compared, never answered: the log says only that it changed.
        Some(Some(new)) => {
            let same = db::complaints::complainant(conn, id)?.as_ref() == Some(new);
            let marker = if current.has_complainant && !same { Marker::Changed } else { Marker::Recorded };
            (ComplainantChange::Set(Some(new)), marker)
        }
    };
    let outcome =
        db::complaints::update(conn, id, current.version, current.status, &checked.details.as_db(), change, now)?;
    version::landed(outcome, current.version)?;
    let (updated, unit_path) = reachable(conn, id, &grant)?;
    let before = ComplaintView::from(current);
    let after = ComplaintView::from(updated);
    Change::new(caller, Entity::Complaint, id, "update", Some(&unit_path))
        .before(&snapshot(&before, Marker::of(before.has_complainant)))
        .after(&snapshot(&after, marker))
        .record(conn)?;
    Ok(after)
}

/// A complaint's details as checked.
struct CheckedDetails {
    received_on: NaiveDate,
    channel: crate::domain::complaint::Channel,
    legal_kind: crate::domain::complaint::LegalKind,
    conduct: crate::domain::complaint::Conduct,
    incident_on: NaiveDate,
    org_unit_id: String,
    person_id: Option<String>,
    description: String,
}

impl CheckedDetails {
    fn as_db(&self) -> Details<'_> {
        Details {
            received_on: self.received_on,
            channel: self.channel,
            legal_kind: self.legal_kind,
            conduct: self.conduct,
            incident_on: self.incident_on,
            org_unit_id: &self.org_unit_id,
            person_id: self.person_id.as_deref(),
            description: &self.description,
        }
    }
}

/// An input that passed every check.
struct Checked {
    details: CheckedDetails,
    /// As sent: absent (`None`), removed (`Some(None)`) or given.
    complainant: Option<Option<Complainant>>,
}

/// Checks every field of an input, and answers 422 listing each one that
/// breaks a rule: the dates (received by `today`, the incident not after
/// the receipt), the text, the unit (in `scope`), the person (one of that
/// unit's own people) and the complainant.
fn check(conn: &mut DbConnection, scope: &str, input: ComplaintInput, today: NaiveDate) -> Result<Checked, ApiError> {
    let mut errors: Vec<FieldError> = check_dates(input.received_on, input.incident_on, today)
        .into_iter()
        .map(|(field, code, message)| FieldError::new(field, code, message))
        .collect();
    let description = check_text(&input.description, MAX_DESCRIPTION)
        .map_err(|rule| errors.push(FieldError::new("description", "invalid", format!("The description {rule}."))))
        .unwrap_or_default();
    let unit = match crate::service::org_units::unit_in_scope(conn, "org_unit_id", &input.org_unit_id, scope) {
        Ok(unit) => Some(unit),
        Err(e) => {
            errors.extend(e.into_field_errors()?);
            None
        }
    };
    let person_id = input.person_id.filter(|p| !p.is_empty());
    if let Some(person_id) = &person_id {
        match db::people::get(conn, person_id)?.filter(|(_, path)| within(path, scope)) {
            None => errors.push(FieldError::new("person_id", "not_found", "No such person in your scope.")),
            // The person's own unit, so that a complaint about a member is told from one about the unit.
            Some((person, _)) if unit.as_ref().is_some_and(|u| u.id != person.org_unit_id) => {
                errors.push(FieldError::new(
                    "person_id",
                    "not_in_unit",
                    "The person concerned belongs to another unit: name that person's own unit as org_unit_id.",
                ));
            }
            Some(_) => {}
        }
    }
    let complainant = input.complainant.map(|given| given.map(|c| check_complainant(c, &mut errors)));
    refuse(errors)?;
    Ok(Checked {
        details: CheckedDetails {
            received_on: input.received_on,
            channel: input.channel,
            legal_kind: input.legal_kind,
            conduct: input.conduct,
            incident_on: input.incident_on,
            org_unit_id: input.org_unit_id,
            person_id,
            description,
        },
        complainant,
    })
}

/// The complainant as sent, checked: a name, and a contact if one was given.
fn check_complainant(input: ComplainantInput, errors: &mut Vec<FieldError>) -> Complainant {
    let name = check_name(&input.name, MAX_NAME)
        .map_err(|rule| errors.push(FieldError::new("complainant.name", "invalid", format!("The name {rule}."))))
        .unwrap_or_default();
    let contact = input.contact.filter(|c| !c.trim().is_empty()).and_then(|c| {
        check_name(&c, MAX_CONTACT)
            .map_err(|rule| {
                errors.push(FieldError::new("complainant.contact", "invalid", format!("The contact {rule}.")))
            })
            .ok()
    });
    Complainant { name, contact }
}
