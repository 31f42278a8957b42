//! The `audit_events` table: append-only. Events are written in the same
//! transaction as the change they record; nothing updates or deletes them.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use diesel::sql_types::{Bool, Nullable, Text};

type Backend = <DbConnection as diesel::Connection>::Backend;

use super::schema::audit_events;
use super::{DbConnection, DbError};
use crate::domain::page::Page;

/// One recorded change.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    pub id: String,
    pub at: DateTime<Utc>,
    /// `user:<id>`, `service:<id>` or `system`.
    pub actor: String,
    pub request_id: Option<String>,
    /// The kind of record: `report`, `campaign`, `user`, … (`service::audit::Entity`).
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    /// JSON of the record before and after the change.
    pub before: Option<String>,
    pub after: Option<String>,
    /// The path of the org unit the record belongs to; `None` for a service-wide record.
    pub unit_path: Option<String>,
    /// The client's address (trusted proxies followed); `None` for the command line.
    pub client_address: Option<String>,
}

pub fn record(conn: &mut DbConnection, e: &AuditEvent) -> Result<(), DbError> {
    diesel::insert_into(audit_events::table).values(values_of(e)).execute(conn)?;
    Ok(())
}

/// Events per statement: 11 columns each, far below either database's
/// limit on bound parameters.
const BATCH: usize = 500;

/// Records several events in as few statements (a bulk import's batch);
/// the change feed's trigger gives each its row, as [`record`] does.
pub fn record_all(conn: &mut DbConnection, events: &[AuditEvent]) -> Result<(), DbError> {
    for chunk in events.chunks(BATCH) {
        let rows: Vec<_> = chunk.iter().map(values_of).collect();
        let statement = diesel::insert_into(audit_events::table).values(&rows);
        // A multi-row INSERT is built for each dialect's own connection.
        match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
    }
    Ok(())
}

#[allow(clippy::type_complexity)]
fn values_of(
    e: &AuditEvent,
) -> (
    diesel::dsl::Eq<audit_events::id, &String>,
    diesel::dsl::Eq<audit_events::at, NaiveDateTime>,
    diesel::dsl::Eq<audit_events::actor, &String>,
    diesel::dsl::Eq<audit_events::request_id, Option<&str>>,
    diesel::dsl::Eq<audit_events::entity, &String>,
    diesel::dsl::Eq<audit_events::entity_id, &String>,
    diesel::dsl::Eq<audit_events::action, &String>,
    diesel::dsl::Eq<audit_events::before, Option<&str>>,
    diesel::dsl::Eq<audit_events::after, Option<&str>>,
    diesel::dsl::Eq<audit_events::unit_path, Option<&str>>,
    diesel::dsl::Eq<audit_events::client_address, Option<&str>>,
) {
    (
        audit_events::id.eq(&e.id),
        audit_events::at.eq(e.at.naive_utc()),
        audit_events::actor.eq(&e.actor),
        audit_events::request_id.eq(e.request_id.as_deref()),
        audit_events::entity.eq(&e.entity),
        audit_events::entity_id.eq(&e.entity_id),
        audit_events::action.eq(&e.action),
        audit_events::before.eq(e.before.as_deref()),
        audit_events::after.eq(e.after.as_deref()),
        audit_events::unit_path.eq(e.unit_path.as_deref()),
        audit_events::client_address.eq(e.client_address.as_deref()),
    )
}

/// Where the caller may read one kind of record.
#[derive(Debug)]
pub struct Readable {
    pub entity: &'static str,
    pub place: Place,
}

/// Which records of a kind, by the org unit they belong to.
#[derive(Debug)]
pub enum Place {
    /// Those of units inside this subtree.
    Within(String),
    /// Those of units inside this subtree or above it (campaigns issued
    /// higher up reach the units below).
    WithinOrAbove(String),
    /// The service-wide records (no unit).
    ServiceWide,
}

#[derive(Debug, Default)]
pub struct Filter {
    /// The kinds of record the caller may read, and where; nothing else is listed.
    pub readable: Vec<Readable>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// The columns a [`Row`] reads, in its order.
type Columns = (
    audit_events::id,
    audit_events::at,
    audit_events::actor,
    audit_events::request_id,
    audit_events::entity,
    audit_events::entity_id,
    audit_events::action,
    audit_events::before,
    audit_events::after,
    audit_events::unit_path,
    audit_events::client_address,
);
pub(super) const COLUMNS: Columns = (
    audit_events::id,
    audit_events::at,
    audit_events::actor,
    audit_events::request_id,
    audit_events::entity,
    audit_events::entity_id,
    audit_events::action,
    audit_events::before,
    audit_events::after,
    audit_events::unit_path,
    audit_events::client_address,
);

/// One row as read, in the table's column order.
#[derive(Queryable)]
pub(super) struct Row {
    pub(super) id: String,
    at: NaiveDateTime,
    actor: String,
    request_id: Option<String>,
    entity: String,
    entity_id: String,
    action: String,
    before: Option<String>,
    after: Option<String>,
    unit_path: Option<String>,
    client_address: Option<String>,
}

impl Row {
    pub(super) fn into_event(self) -> AuditEvent {
        AuditEvent {
            id: self.id,
            at: self.at.and_utc(),
            actor: self.actor,
            request_id: self.request_id,
            entity: self.entity,
            entity_id: self.entity_id,
            action: self.action,
            before: self.before,
            after: self.after,
            unit_path: self.unit_path,
            client_address: self.client_address,
        }
    }
}

/// The events of the kinds the caller may read, each where it may read it.
pub(super) fn readable(kinds: &[Readable]) -> Box<dyn BoxableExpression<audit_events::table, Backend, SqlType = Bool>> {
    // No kind readable: a condition that holds for no row.
    let mut readable: Box<dyn BoxableExpression<audit_events::table, Backend, SqlType = Bool>> =
        Box::new(audit_events::id.ne(audit_events::id));
    for kind in kinds {
        let inside = |within: &str| audit_events::unit_path.like(format!("{within}%")).assume_not_null();
        let place: Box<dyn BoxableExpression<audit_events::table, Backend, SqlType = Bool>> = match &kind.place {
            Place::Within(within) => Box::new(inside(within)),
            Place::WithinOrAbove(within) => {
                // Above: the caller's subtree lies inside the record's unit.
                let above = within.clone().into_sql::<Nullable<Text>>().like(audit_events::unit_path.concat("%"));
                Box::new(inside(within).or(above.assume_not_null()))
            }
            Place::ServiceWide => Box::new(audit_events::unit_path.is_null()),
        };
        readable = Box::new(readable.or(audit_events::entity.eq(kind.entity).and(place)));
    }
    readable
}

pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<(Vec<AuditEvent>, u64), DbError> {
    let query = || {
        let mut query = audit_events::table.filter(readable(&filter.readable)).into_boxed();
        if let Some(v) = &filter.entity {
            query = query.filter(audit_events::entity.eq(v.clone()));
        }
        if let Some(v) = &filter.entity_id {
            query = query.filter(audit_events::entity_id.eq(v.clone()));
        }
        if let Some(v) = &filter.actor {
            query = query.filter(audit_events::actor.eq(v.clone()));
        }
        if let Some(v) = filter.since {
            query = query.filter(audit_events::at.ge(v.naive_utc()));
        }
        if let Some(v) = filter.until {
            query = query.filter(audit_events::at.lt(v.naive_utc()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<Row> = query()
        .select(COLUMNS)
        .order((audit_events::at.asc(), audit_events::id.asc()))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let events = rows.into_iter().map(Row::into_event).collect();
    Ok((events, u64::try_from(total).unwrap_or(0)))
}
