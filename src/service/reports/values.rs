//! Storing a report's values: each checked against its criterion's measure,
//! its percentage and whether it meets the target computed here, never taken
//! from a client.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Context, Loaded, reachable};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::value_edits::ValuesWrite;
use crate::db::{self, Db, DbConnection};
use crate::domain::campaign::Criterion;
use crate::domain::if_match::IfMatch;
use crate::domain::report::{Report, StoredValue, Target, broken_rules, compute};
use crate::error::{ApiError, FieldError};
use crate::model::reports::{ReportView, ValueEntry, ValueFigures, ValuesInput};
use crate::service::audit::{Change, Entity};
use crate::service::{Caches, Caller, version};

/// Values to store in one report, as either endpoint sends them.
pub struct StoreValues {
    pub report_id: String,
    pub values: ValuesToStore,
    /// What the caller's `If-Match` asks ([`version::check`]): checked once the values
    /// pass, so a wrong value is answered as such before a stale version.
    pub expected_version: Result<IfMatch, ApiError>,
}

/// Several values (`PUT /reports/{id}/values`), or one whose criterion the
/// path names (`PUT /reports/{id}/values/{criterion}`).
pub enum ValuesToStore {
    Batch(ValuesInput),
    One { criterion: String, value: ValueFigures },
}

/// One entry, with how its errors are named.
struct Named {
    naming: Naming,
    entry: ValueEntry,
}

/// How a value's errors name their field: in a batch, by its criterion's
/// code (`values[9.1].denominator`), as submitting names them — or by its
/// index in the list (`values[3].criterion`) when its reference names no
/// criterion of the campaign, so no code exists; a single value's, by the
/// field of its body alone (`denominator`).
#[derive(Clone, Copy)]
enum Naming {
    Batch { index: usize },
    Single,
}

impl Naming {
    /// The path of `field` of a value whose criterion has `code` (`None`:
    /// its reference names none); an empty `field` is the value itself.
    fn field(&self, code: Option<&str>, field: &str) -> String {
        match (self, code) {
            (Naming::Single, _) if field.is_empty() => "body".to_owned(),
            (Naming::Single, _) => field.to_owned(),
            (Naming::Batch { .. }, Some(code)) if field.is_empty() => format!("values[{code}]"),
            (Naming::Batch { index }, None) if field.is_empty() => format!("values[{index}]"),
            (Naming::Batch { .. }, Some(code)) => format!("values[{code}].{field}"),
            (Naming::Batch { index }, None) => format!("values[{index}].{field}"),
        }
    }

    /// The path of `field` by the entry's place in the batch: what tells two
    /// entries of one criterion apart.
    fn by_index(&self, field: &str) -> String {
        match self {
            Naming::Single => field.to_owned(),
            Naming::Batch { index } => format!("values[{index}].{field}"),
        }
    }
}

/// Checks and stores values in an editable report (the batch and the single
/// value alike): each value is checked against its criterion's measure, the
/// percentage and whether the target is met are computed here, then
/// `If-Match`, the report's state and the period lock are checked — all on
/// any connection — and the values are written with their audit event, the
/// values before and after, in the writer's turn (two round trips in all on
/// PostgreSQL: see `db::value_edits`).
pub async fn store(db: &Db, caller: Caller, caches: Arc<Caches>, request: StoreValues) -> Result<ReportView, ApiError> {
    let checker = caller.clone();
    let checked = db.run(move |conn| check(conn, &checker, &caches, request)).await?;
    db.write_one(move |conn| write(conn, &caller, checked)).await
}

/// Values checked, to be written.
struct CheckedValues {
    report: Report,
    before: Vec<StoredValue>,
    stored: Vec<StoredValue>,
    context: Context,
    now: DateTime<Utc>,
}

fn check(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    request: StoreValues,
) -> Result<CheckedValues, ApiError> {
    let grant = caller.may(Action::WriteReports)?;
    let now = crate::domain::now();
    let loaded = reachable(conn, &caches.definitions, &request.report_id, &grant, now)?;
    let named = match request.values {
        ValuesToStore::Batch(input) => input
            .values
            .into_iter()
            .enumerate()
            .map(|(index, entry)| Named { naming: Naming::Batch { index }, entry })
            .collect(),
        ValuesToStore::One { criterion, value } => {
            // A criterion the campaign does not have is a path that names
            // nothing (404); one it has that this unit does not report is a
            // value that does not fit the report (422, as in the batch).
            if !loaded.context.criteria().iter().any(|c| c.id == criterion || c.code == criterion) {
                return Err(not_found());
            }
            let entry = ValueEntry::Value(value.for_criterion(criterion));
            vec![Named { naming: Naming::Single, entry }]
        }
    };
    check_values(conn, loaded, named, request.expected_version, now)
}

fn check_values(
    conn: &mut DbConnection,
    loaded: Loaded,
    input: Vec<Named>,
    expected_version: Result<IfMatch, ApiError>,
    now: DateTime<Utc>,
) -> Result<CheckedValues, ApiError> {
    let Loaded { report, values: before, context } = loaded;
    let (namings, entries): (Vec<Naming>, Vec<ValueEntry>) = input.into_iter().map(|n| (n.naming, n.entry)).unzip();
    let (stored, faults) = check_entries(&context, entries, now);
    if !faults.is_empty() {
        let errors = faults
            .into_iter()
            .map(|f| {
                let naming = namings[f.at];
                let field =
                    if f.by_index { naming.by_index(&f.field) } else { naming.field(f.criterion.as_deref(), &f.field) };
                FieldError { field, code: f.code, message: f.message }
            })
            .collect();
        return Err(ApiError::validation(errors));
    }
    version::check(report.version, expected_version)?;
    context.check_editable(conn, &report, now)?;
    Ok(CheckedValues { report, before, stored, context, now })
}

/// Writes checked values; the write is guarded by the version checked, so
/// an edit or a move that came between the check and the write is answered
/// 412 and nothing is written.
fn write(conn: &mut DbConnection, caller: &Caller, checked: CheckedValues) -> Result<ReportView, ApiError> {
    let CheckedValues { report, before, stored, context, now } = checked;
    // The values now: those kept from before, and those just stored.
    let mut after: Vec<StoredValue> =
        before.iter().filter(|old| !stored.iter().any(|new| new.criterion_id == old.criterion_id)).cloned().collect();
    after.extend(stored.iter().cloned());
    let version = report.version;
    let before_view = context.view(report.clone(), before);
    let after_view = context.view(report.clone(), after.clone());
    let audit = Change::new(caller, Entity::Report, &report.id, "put_values", Some(&context.unit_path))
        .before(&before_view.values)
        .after(&after_view.values)
        .event();
    let write = ValuesWrite { id: &report.id, version, now, values: &stored, audit: &audit };
    let touched =
        db::value_edits::write_values(conn, &write)?.ok_or_else(|| ApiError::precondition_failed(version + 1))?;
    Ok(context.view(touched, after))
}

/// What is wrong with one entry of a list of values, named inside the entry.
pub(super) struct EntryFault {
    /// The entry's place in the list.
    pub at: usize,
    /// The code of the campaign's criterion the entry names, if it names one.
    pub criterion: Option<String>,
    /// The field inside the entry (`numerator`; empty for the entry itself).
    pub field: String,
    /// Named by the entry's place rather than its criterion (two entries of one criterion).
    pub by_index: bool,
    pub code: String,
    pub message: String,
}

/// Checks values for a report judged in `context`: each against its
/// criterion's measure and whether it applies to the unit, none twice; the
/// percentage and whether the target is met computed here. The one check of
/// values, for the report API and the bulk import alike: the values to store,
/// and the faults of the others by their place in `entries`.
pub(super) fn check_entries(
    context: &Context,
    entries: Vec<ValueEntry>,
    now: DateTime<Utc>,
) -> (Vec<StoredValue>, Vec<EntryFault>) {
    let applicable = context.applicable();
    let mut faults = Vec::new();
    let fault = |at: usize, criterion: Option<&str>, field: &str, code: &str, message: String| EntryFault {
        at,
        criterion: criterion.map(str::to_owned),
        field: field.to_owned(),
        by_index: false,
        code: code.to_owned(),
        message,
    };
    let mut stored: Vec<StoredValue> = Vec::new();
    // Each criterion's first entry, by criterion id: a second one is
    // refused, naming both, rather than one silently winning.
    let mut first_entry: Vec<(String, usize, bool)> = Vec::new();
    for (at, entry) in entries.into_iter().enumerate() {
        let reference = match &entry {
            ValueEntry::Value(value) => Some(value.criterion.clone()),
            ValueEntry::Unreadable { criterion, .. } => criterion.clone(),
        };
        let names = |c: &Criterion| reference.as_ref().is_some_and(|r| c.id == *r || c.code == *r);
        if let Some(criterion) = context.criteria().iter().find(|c| names(c)) {
            if let Some((_, first, reported)) = first_entry.iter_mut().find(|(id, ..)| *id == criterion.id) {
                let message = format!("Criterion {} is given more than once in one request.", criterion.code);
                let duplicate = |at: usize| EntryFault {
                    by_index: true,
                    ..fault(at, Some(&criterion.code), "criterion", "duplicate", message.clone())
                };
                if !*reported {
                    faults.push(duplicate(*first));
                    *reported = true;
                }
                faults.push(duplicate(at));
                continue;
            }
            first_entry.push((criterion.id.clone(), at, false));
        }
        let value = match entry {
            ValueEntry::Value(value) => value,
            ValueEntry::Unreadable { errors: unreadable, .. } => {
                let code = context.criteria().iter().find(|c| names(c)).map(|c| c.code.as_str());
                faults.extend(unreadable.into_iter().map(|e| fault(at, code, &e.field, &e.code, e.message)));
                continue;
            }
        };
        let Some(criterion) = applicable.iter().find(|c| names(c)).copied() else {
            // Named by the code of the campaign's criterion it names, if any (one this unit does not report).
            let code = context.criteria().iter().find(|c| names(c)).map(|c| c.code.as_str());
            faults.push(fault(
                at,
                code,
                "criterion",
                "not_applicable",
                "No criterion of the campaign with this id or code applies to this unit.".to_owned(),
            ));
            continue;
        };
        let code = Some(criterion.code.as_str());
        let target = Target { measure: criterion.measure, comparator: criterion.comparator, target: criterion.target };
        let figures = value.figures();
        let broken = broken_rules(target, &figures);
        if value.note.chars().count() > 5_000 {
            faults.push(fault(at, code, "note", "too_long", "5,000 characters at most.".to_owned()));
        }
        if broken.is_empty() {
            stored.push(StoredValue {
                criterion_id: criterion.id.clone(),
                computed: compute(target, &figures),
                figures,
                note: value.note,
                updated_at: now,
            });
        } else {
            faults.extend(broken.into_iter().map(|(name, rule, message)| fault(at, code, name, rule, message)));
        }
    }
    (stored, faults)
}
