//! Reorganisations: merging units into a successor, splitting one, renaming
//! one, from a date — one transaction, audited. Closed units keep their
//! records and the names they had; their successors carry their lineage.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::audit::{Change, Entity};
use super::org_units::unit_in_scope;
use super::{Caller, version};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::accounts::{OrgUnit, role_fits_unit};
use crate::domain::org::{OrgKind, child_path};
use crate::domain::periods::periods;
use crate::domain::reorganisation::{ReorganisationKind, Unfit, check_predecessor, common_kind, is_cycle};
use crate::domain::text::{MAX_NAME, check_code, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::reorganisations::{NewReorganisation, ReorganisationView, Successor, Transfer};

mod read;

use read::view;
pub use read::{get, list};

const MAX_REASON: usize = 2000;
const MAX_LEGAL_BASIS: usize = 500;

/// A successor as checked: a unit that goes on, or one to create.
enum Checked {
    Existing(OrgUnit),
    New { code: String, name: String, parent: OrgUnit },
}

impl Checked {
    fn code(&self) -> &str {
        match self {
            Checked::Existing(unit) => &unit.code,
            Checked::New { code, .. } => code,
        }
    }
}

/// Records a reorganisation (see the module's notes), checked in the order
/// of every write: 403, then 422 for the body, then 409 for the state.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: NewReorganisation,
) -> Result<ReorganisationView, ApiError> {
    let grant = caller.may(Action::ManageOrgUnits)?;
    let scope = grant.within().to_owned();
    let date = input.effective_on;
    let (reason, legal_basis, rename) = check_body(&input)?;

    let mut predecessors: Vec<OrgUnit> = Vec::new();
    for (i, id) in input.predecessors.iter().enumerate() {
        predecessors.push(unit_in_scope(conn, &format!("predecessors[{i}]"), id, &scope)?);
    }
    // A rename that gives no code keeps the unit's.
    let rename = rename.map(|(name, code)| (name, if code.is_empty() { predecessors[0].code.clone() } else { code }));
    let Some(level) = common_kind(predecessors.iter().map(|u| u.kind)) else {
        return Err(field("predecessors", "mixed_levels", "The units reorganised together are of one level."));
    };
    let mut errors = Vec::new();
    for (i, unit) in predecessors.iter().enumerate() {
        match check_predecessor(unit, date) {
            Err(Unfit::Root) => errors.push(FieldError::new(
                format!("predecessors[{i}]"),
                "root",
                "The root unit is never reorganised.",
            )),
            Err(Unfit::BeforeValidFrom(from)) => errors.push(FieldError::new(
                "effective_on",
                "before_valid_from",
                format!("{} exists from {from}: the date must be after it.", unit.name),
            )),
            _ => {}
        }
    }
    // A rename takes effect on a day that has come: the stored name is the
    // current one, and a future name would show before its day.
    if input.kind == ReorganisationKind::Rename && date > crate::domain::today() {
        errors.push(FieldError::new(
            "effective_on",
            "in_future",
            format!("A rename is recorded once it takes effect: {date} is after today."),
        ));
    }
    let successors = check_successors(conn, &input.successors, level, date, &scope, &mut errors)?;
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let users = check_transfers(conn, "move_users", &input.move_users, &predecessors, &successors, date, &scope)?;
    let people = check_transfers(conn, "move_people", &input.move_people, &predecessors, &successors, date, &scope)?;

    // The state: each unit closes once; no successor closes with its
    // predecessors; no record is left to a unit that no longer exists.
    for unit in &predecessors {
        if let Some(closed) = unit.valid_to {
            return Err(ApiError::conflict(
                ErrorCode::AlreadyReorganised,
                format!("{} was closed on {closed} by an earlier reorganisation.", unit.name),
            ));
        }
    }
    for successor in &successors {
        let path = match successor {
            Checked::Existing(unit) => &unit.path,
            Checked::New { parent, .. } => &parent.path,
        };
        if is_cycle(path, &predecessors) {
            return Err(ApiError::conflict(
                ErrorCode::Cycle,
                "A successor cannot be one of the units that close, nor sit below one.",
            ));
        }
    }
    if input.kind == ReorganisationKind::Rename {
        let unit = &predecessors[0];
        if db::org_units::last_renamed(conn, &unit.id)?.is_some_and(|last| date <= last) {
            return Err(ApiError::conflict(
                ErrorCode::AlreadyReorganised,
                format!("{} was renamed on or after {date} already.", unit.name),
            ));
        }
    } else {
        for unit in &predecessors {
            check_records(conn, unit, date)?;
        }
    }
    for (i, successor) in successors.iter().enumerate() {
        if let Checked::New { code, .. } = successor
            && db::org_units::get_by_code(conn, code)?.is_some()
        {
            return Err(code_taken(&format!("successors[{i}].code"), code));
        }
    }
    if let Some((_, code)) = &rename
        && *code != predecessors[0].code
        && db::org_units::get_by_code(conn, code)?.is_some()
    {
        return Err(code_taken("code", code));
    }

    let id = uuid::Uuid::now_v7().to_string();
    let stored = db::reorganisations::Reorganisation {
        id: id.clone(),
        kind: input.kind.as_str().to_owned(),
        effective_on: date,
        reason,
        legal_basis,
        renamed_id: rename.as_ref().map(|_| predecessors[0].id.clone()),
        created_by: caller.principal.actor_ref(),
        created_at: crate::domain::now().naive_utc(),
    };
    db::reorganisations::insert(conn, &stored)?;
    let mut opened: Vec<OrgUnit> = Vec::new();
    for (i, successor) in successors.into_iter().enumerate() {
        opened.push(match successor {
            Checked::Existing(unit) => unit,
            Checked::New { code, name, parent } => {
                let unit_id = uuid::Uuid::now_v7().to_string();
                let path = child_path(&parent.path, &unit_id);
                let new = db::org_units::NewOrgUnit {
                    id: &unit_id,
                    code: &code,
                    name: &name,
                    kind: level.as_str(),
                    parent_id: Some(&parent.id),
                    path: &path,
                    valid_from: Some(date),
                };
                db::org_units::insert(conn, new).map_err(|e| match e {
                    db::DbError::UniqueViolation(_) => code_taken(&format!("successors[{i}].code"), &code),
                    other => other.into(),
                })?
            }
        });
    }
    if let Some((name, code)) = &rename {
        let unit = &predecessors[0];
        version::landed(db::org_units::rename(conn, unit, date, name, code)?, unit.version)?;
    } else {
        for unit in &predecessors {
            db::org_units::close_subtree(conn, &unit.path, date)?;
            for successor in &opened {
                db::org_units::link(conn, &id, &unit.id, &successor.id)?;
            }
        }
    }
    let moved_users = move_users(conn, users, &opened)?;
    let moved_people = move_people(conn, people, &opened)?;

    // One event says all of it: the units closed and opened (with their
    // names), and who moved where.
    let view = view(conn, stored)?;
    let mut snapshot = serde_json::to_value(&view).map_err(|e| ApiError::internal(&e))?;
    snapshot["moved_users"] = serde_json::json!(moved_users);
    snapshot["moved_people"] = serde_json::json!(moved_people);
    let audit_path = opened.first().unwrap_or(&predecessors[0]).path.clone();
    Change::new(caller, Entity::Reorganisation, &id, "create", Some(&audit_path)).after(&snapshot).record(conn)?;
    Ok(view)
}

/// The body's own rules (422): counts for the kind, the texts, and the
/// rename's new name and code. Returns the reason, the legal basis and,
/// for a rename, the new name and code (the code may be the old one: `""`
/// until the unit is read).
#[allow(clippy::type_complexity)]
fn check_body(input: &NewReorganisation) -> Result<(String, String, Option<(String, String)>), ApiError> {
    let mut errors = Vec::new();
    if let Some((name, rule)) = input.kind.check_counts(input.predecessors.len(), input.successors.len()) {
        errors.push(FieldError::new(name, "count", rule));
    }
    let reason = check_name(&input.reason, MAX_REASON)
        .map_err(|rule| errors.push(FieldError::new("reason", "invalid", format!("The reason {rule}."))));
    let legal_basis = check_name(&input.legal_basis, MAX_LEGAL_BASIS)
        .map_err(|rule| errors.push(FieldError::new("legal_basis", "invalid", format!("The legal basis {rule}."))));
    for (i, id) in input.predecessors.iter().enumerate() {
        if input.predecessors[..i].contains(id) {
            errors.push(FieldError::new(format!("predecessors[{i}]"), "duplicate", "Each unit is named once."));
        }
    }
    let mut rename = None;
    if input.kind == ReorganisationKind::Rename {
        match input.name.as_deref().map(|n| check_name(n, MAX_NAME)) {
            None => errors.push(FieldError::new("name", "required", "A rename needs the new name.")),
            Some(Err(rule)) => errors.push(FieldError::new("name", "invalid", format!("The name {rule}."))),
            Some(Ok(name)) => rename = Some(name),
        }
    } else {
        for (name, given) in [("name", input.name.is_some()), ("code", input.code.is_some())] {
            if given {
                errors.push(FieldError::new(name, "not_allowed", "Only a rename takes a new name or code."));
            }
        }
    }
    let code = match input.code.as_deref().map(check_code).transpose() {
        Ok(code) => code,
        Err(rule) => {
            errors.push(FieldError::new("code", "invalid", format!("The code {rule}.")));
            None
        }
    };
    let (Ok(reason), Ok(legal_basis)) = (reason, legal_basis) else { return Err(ApiError::validation(errors)) };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok((reason, legal_basis, rename.map(|name| (name, code.unwrap_or_default()))))
}

/// Each successor: an existing unit of the level, open on the day, or a new
/// one whose parent is open on the day and takes the level.
fn check_successors(
    conn: &mut DbConnection,
    successors: &[Successor],
    level: OrgKind,
    date: NaiveDate,
    scope: &str,
    errors: &mut Vec<FieldError>,
) -> Result<Vec<Checked>, ApiError> {
    let mut checked = Vec::new();
    for (i, s) in successors.iter().enumerate() {
        let at = |name: &str| format!("successors[{i}].{name}");
        if let Some(kind) = s.kind
            && kind != level
        {
            errors.push(FieldError::new(
                at("kind"),
                "wrong_level",
                format!("The successor of a {level} is a {level}, not a {kind}."),
            ));
            continue;
        }
        if let Some(id) = &s.org_unit_id {
            if s.code.is_some() || s.name.is_some() || s.parent_id.is_some() {
                errors.push(FieldError::new(
                    at("org_unit_id"),
                    "either",
                    "Name an existing unit, or give a new one's code, name and parent — not both.",
                ));
                continue;
            }
            let unit = unit_in_scope(conn, &at("org_unit_id"), id, scope)?;
            if unit.kind != level {
                errors.push(FieldError::new(
                    at("org_unit_id"),
                    "wrong_level",
                    format!("The successor of a {level} is a {level}, not a {}.", unit.kind),
                ));
            } else if !unit.valid_on(date) {
                errors.push(FieldError::new(
                    at("org_unit_id"),
                    "closed",
                    format!("The unit does not exist on {date}."),
                ));
            } else {
                checked.push(Checked::Existing(unit));
            }
            continue;
        }
        let code = match s.code.as_deref().map(check_code) {
            None => Err(FieldError::new(at("code"), "required", "A new successor needs a code.")),
            Some(Err(rule)) => Err(FieldError::new(at("code"), "invalid", format!("The code {rule}."))),
            Some(Ok(code)) => Ok(code),
        };
        let name = match s.name.as_deref().map(|n| check_name(n, MAX_NAME)) {
            None => Err(FieldError::new(at("name"), "required", "A new successor needs a name.")),
            Some(Err(rule)) => Err(FieldError::new(at("name"), "invalid", format!("The name {rule}."))),
            Some(Ok(name)) => Ok(name),
        };
        let Some(parent_id) = &s.parent_id else {
            errors.push(FieldError::new(at("parent_id"), "required", "A new successor needs a parent."));
            continue;
        };
        let parent = unit_in_scope(conn, &at("parent_id"), parent_id, scope)?;
        if !level.fits_under(parent.kind) {
            let allowed: Vec<&str> = level.allowed_parents().iter().map(|k| k.as_str()).collect();
            errors.push(FieldError::new(
                at("parent_id"),
                "wrong_parent_kind",
                format!("A {level} belongs under a {}, not a {}.", allowed.join(" or "), parent.kind),
            ));
        } else if !parent.valid_on(date) {
            errors.push(FieldError::new(at("parent_id"), "closed", format!("The parent does not exist on {date}.")));
        }
        match (code, name) {
            (Ok(code), Ok(name)) => {
                if checked.iter().any(|c: &Checked| c.code() == code) {
                    errors.push(FieldError::new(at("code"), "duplicate", "Each successor has its own code."));
                }
                checked.push(Checked::New { code, name, parent });
            }
            (code, name) => errors.extend(code.err().into_iter().chain(name.err())),
        }
    }
    Ok(checked)
}

/// A user or person to move and the unit it moves to (a successor's code,
/// or a unit open on the day). Only those of the closing units move.
struct Move {
    id: String,
    to: Destination,
}

enum Destination {
    Successor(String),
    Unit(OrgUnit),
}

fn check_transfers(
    conn: &mut DbConnection,
    field: &str,
    transfers: &[Transfer],
    predecessors: &[OrgUnit],
    successors: &[Checked],
    date: NaiveDate,
    scope: &str,
) -> Result<Vec<Move>, ApiError> {
    let mut moves = Vec::new();
    let mut errors = Vec::new();
    for (i, t) in transfers.iter().enumerate() {
        let at = |name: &str| format!("{field}[{i}].{name}");
        let (unit_path, role) = if field == "move_users" {
            match db::users::get(conn, &t.id)? {
                Some((user, path)) => (path, Some(user.role)),
                None => (String::new(), None),
            }
        } else {
            db::people::get(conn, &t.id)?.map(|(_, path)| (path, None)).unwrap_or_default()
        };
        if !predecessors.iter().any(|p| unit_path.starts_with(&p.path)) {
            errors.push(FieldError::new(at("id"), "not_found", "No such user or person in the units that close."));
            continue;
        }
        let to = if let Some(successor) = successors.iter().find(|s| s.code() == t.to) {
            let kind = match successor {
                Checked::Existing(unit) => unit.kind,
                Checked::New { parent, .. } => predecessors.first().map(|p| p.kind).unwrap_or(parent.kind),
            };
            (Destination::Successor(t.to.clone()), kind)
        } else {
            match db::org_units::get_by_code(conn, &t.to)?.filter(|u| u.path.starts_with(scope) && u.valid_on(date)) {
                Some(unit) if !is_cycle(&unit.path, predecessors) => {
                    let kind = unit.kind;
                    (Destination::Unit(unit), kind)
                }
                _ => {
                    errors.push(FieldError::new(
                        at("to"),
                        "not_found",
                        format!("No unit with the code {:?} is open on {date}.", t.to),
                    ));
                    continue;
                }
            }
        };
        if let Some(role) = role
            && !role_fits_unit(role, to.1)
        {
            errors.push(FieldError::new(at("to"), "wrong_level", format!("A {role} user does not sit at a {}.", to.1)));
            continue;
        }
        moves.push(Move { id: t.id.clone(), to: to.0 });
    }
    if errors.is_empty() { Ok(moves) } else { Err(ApiError::validation(errors)) }
}

fn destination<'a>(to: &'a Destination, opened: &'a [OrgUnit]) -> Option<&'a OrgUnit> {
    match to {
        Destination::Unit(unit) => Some(unit),
        Destination::Successor(code) => opened.iter().find(|u| &u.code == code),
    }
}

/// Moves the users; answers (user id, from unit, to unit) for the log.
fn move_users(conn: &mut DbConnection, moves: Vec<Move>, opened: &[OrgUnit]) -> Result<Vec<[String; 3]>, ApiError> {
    let mut moved = Vec::new();
    for m in moves {
        let Some(unit) = destination(&m.to, opened) else { continue };
        let (user, _) = db::users::get(conn, &m.id)?.ok_or_else(not_found)?;
        let changes = db::users::Changes {
            display_name: &user.display_name,
            role: user.role.as_str(),
            org_unit_id: &unit.id,
            active: user.active,
            email: user.email.as_deref(),
            revoke_tokens: false,
        };
        version::landed(db::users::update(conn, &user.id, user.version, changes)?, user.version)?;
        moved.push([user.id, user.org_unit_id, unit.id.clone()]);
    }
    Ok(moved)
}

/// Moves the people; answers (person id, from unit, to unit) for the log.
fn move_people(conn: &mut DbConnection, moves: Vec<Move>, opened: &[OrgUnit]) -> Result<Vec<[String; 3]>, ApiError> {
    let mut moved = Vec::new();
    for m in moves {
        let Some(unit) = destination(&m.to, opened) else { continue };
        let (person, _) = db::people::get(conn, &m.id)?.ok_or_else(not_found)?;
        let fields = db::people::Fields {
            org_unit_id: &unit.id,
            full_name: &person.full_name,
            position: &person.position,
            user_id: person.user_id.as_deref(),
            active: person.active,
        };
        version::landed(db::people::update(conn, &person.id, person.version, fields)?, person.version)?;
        moved.push([person.id, person.org_unit_id, unit.id.clone()]);
    }
    Ok(moved)
}

/// 409 when closing `unit` from `date` would leave records to a unit that
/// no longer exists: reports of its subtree for a period that starts on or
/// after the date, or campaigns it issued that are not closed and run on.
fn check_records(conn: &mut DbConnection, unit: &OrgUnit, date: NaiveDate) -> Result<(), ApiError> {
    let running = db::reorganisations::campaigns_running_within(conn, &unit.path, date)?;
    if !running.is_empty() {
        return Err(ApiError::conflict(
            ErrorCode::RecordsAfterClosing,
            format!(
                "{} issued campaigns that run on or after {date} ({}): close them first, or reorganise from a later date.",
                unit.name,
                running.join(", ")
            ),
        ));
    }
    let mut campaigns = HashMap::new();
    let mut late = Vec::new();
    for (campaign_id, period_id) in db::reorganisations::report_periods_within(conn, &unit.path)? {
        if !campaigns.contains_key(&campaign_id) {
            let campaign = db::campaigns::get(conn, &campaign_id)?.map(|(c, _)| c);
            campaigns.insert(campaign_id.clone(), campaign);
        }
        let Some(Some(campaign)) = campaigns.get(&campaign_id) else { continue };
        let starts = periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines)
            .into_iter()
            .find(|p| p.id == period_id)
            .map(|p| p.starts_on);
        if starts.is_some_and(|s| s >= date) {
            late.push(format!("{} {period_id}", campaign.code));
        }
    }
    if late.is_empty() {
        return Ok(());
    }
    late.sort();
    late.dedup();
    Err(ApiError::conflict(
        ErrorCode::RecordsAfterClosing,
        format!(
            "{} has reports for periods from {date} on ({}): they would lose their unit. Reorganise from a later date.",
            unit.name,
            late.join(", ")
        ),
    ))
}

/// 409 `code_taken`, naming the field that carries the code.
fn code_taken(field: &str, code: &str) -> ApiError {
    let detail = format!("Another org unit has the code {code:?} (a closed unit keeps its code).");
    ApiError::taken(ErrorCode::CodeTaken, field, detail, "Another org unit has this code.")
}

fn field(name: &str, code: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError::new(name, code, message)])
}
