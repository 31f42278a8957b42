//! The change feed: audited changes in commit order, read by keyset.
//!
//! Every row of `audit_events` gets a `changes` row from a trigger, in the
//! same transaction. A position in the feed is `(xid, seq)`: on SQLite (one
//! writer) `xid` is 0 and `seq` is commit order; on PostgreSQL `xid` is the
//! writing transaction's id and only rows of transactions older than every
//! one still running are shown, so nothing can commit behind a reader's
//! position (see the migration `2026-12-02-000015_changes`).

use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::audit::{AuditEvent, COLUMNS, Readable, Row, readable};
use super::schema::{audit_events, changes};
use super::{DbConnection, DbError};

type Backend = <DbConnection as diesel::Connection>::Backend;

/// A place in the feed: the next page starts after it.
pub use crate::domain::cursor::Cursor as Position;

/// Which changes to read.
#[derive(Debug, Default)]
pub struct Filter {
    /// The kinds of record the caller may read, and where; nothing else is read.
    pub readable: Vec<Readable>,
    /// When not empty: only these kinds, each with every action (`None`) or one.
    pub actions: Vec<(String, Option<String>)>,
}

/// What one scan of the feed found.
pub struct Scan {
    /// The changes the caller may read, oldest first, each with its position.
    pub events: Vec<(Position, AuditEvent)>,
    /// Where the scan stopped (the next starts there, whether or not the
    /// caller could read what it passed); `None`: nothing after `after`.
    pub reached: Option<Position>,
    /// How many changes it passed, readable or not.
    pub scanned: usize,
}

/// The changes after `after` among the next `scan` of the feed.
///
/// Two plain queries rather than one with a subquery: the positions by the
/// `(xid, seq)` index, then the events among them the caller may read, by
/// their key.
pub fn after(conn: &mut DbConnection, filter: &Filter, after: Position, scan: u32) -> Result<Scan, DbError> {
    let positions = positions(conn, after, scan)?;
    let Some(&(reached, _)) = positions.last() else {
        return Ok(Scan { events: Vec::new(), reached: None, scanned: 0 });
    };
    let scanned = positions.len();
    let ids: Vec<&str> = positions.iter().map(|(_, id)| id.as_str()).collect();
    let mut found = among(conn, filter, &ids)?;
    let events =
        positions.into_iter().filter_map(|(position, id)| found.remove(&id).map(|event| (position, event))).collect();
    Ok(Scan { events, reached: Some(reached), scanned })
}

/// The next `scan` settled changes after `after`, readable or not: each
/// position with its event's id, oldest first.
pub fn positions(conn: &mut DbConnection, after: Position, scan: u32) -> Result<Vec<(Position, String)>, DbError> {
    let later = changes::xid.gt(after.xid).or(changes::xid.eq(after.xid).and(changes::seq.gt(after.seq)));
    let rows: Vec<(i64, i64, String)> = changes::table
        .filter(later)
        .filter(settled(conn))
        .select((changes::xid, changes::seq, changes::event_id))
        .order((changes::xid.asc(), changes::seq.asc()))
        .limit(i64::from(scan))
        .load(conn)?;
    Ok(rows.into_iter().map(|(xid, seq, id)| (Position { xid, seq }, id)).collect())
}

/// Of the events `ids`, those `filter` lets through, by id.
pub fn among(
    conn: &mut DbConnection,
    filter: &Filter,
    ids: &[&str],
) -> Result<std::collections::HashMap<String, AuditEvent>, DbError> {
    let mut wanted: Box<dyn BoxableExpression<audit_events::table, Backend, SqlType = Bool>> =
        Box::new(audit_events::id.eq(audit_events::id));
    if !filter.actions.is_empty() {
        wanted = Box::new(audit_events::id.ne(audit_events::id));
        for (entity, action) in &filter.actions {
            let pair: Box<dyn BoxableExpression<audit_events::table, Backend, SqlType = Bool>> = match action {
                Some(action) => {
                    Box::new(audit_events::entity.eq(entity.clone()).and(audit_events::action.eq(action.clone())))
                }
                None => Box::new(audit_events::entity.eq(entity.clone())),
            };
            wanted = Box::new(wanted.or(pair));
        }
    }
    let rows: Vec<Row> = audit_events::table
        .filter(audit_events::id.eq_any(ids))
        .filter(readable(&filter.readable))
        .filter(wanted)
        .select(COLUMNS)
        .load(conn)?;
    Ok(rows.into_iter().map(|row| (row.id.clone(), row.into_event())).collect())
}

/// The rows no transaction still running can add to or fall behind.
/// SQLite: every committed row (its one writer commits in `seq` order).
/// PostgreSQL: those written by transactions older than the oldest one
/// still running; a later reader sees the rest once they end.
fn settled(conn: &DbConnection) -> SqlLiteral<Bool> {
    match conn {
        DbConnection::Postgres(_) => sql::<Bool>("changes.xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"),
        DbConnection::Sqlite(_) => sql::<Bool>("1 = 1"),
    }
}

/// The position after the newest settled change, to start a feed from now on.
pub fn newest(conn: &mut DbConnection) -> Result<Position, DbError> {
    let newest: Option<(i64, i64)> = changes::table
        .filter(settled(conn))
        .select((changes::xid, changes::seq))
        .order((changes::xid.desc(), changes::seq.desc()))
        .first(conn)
        .optional()?;
    Ok(newest.map(|(xid, seq)| Position { xid, seq }).unwrap_or_default())
}

/// The position of the newest change committed so far, settled or not: a
/// webhook subscription starts after it, so that no change committed before
/// it was made is sent to it (on PostgreSQL `newest` may lag far behind
/// while other transactions of the server run).
pub fn newest_committed(conn: &mut DbConnection) -> Result<Position, DbError> {
    let newest: Option<(i64, i64)> = changes::table
        .select((changes::xid, changes::seq))
        .order((changes::xid.desc(), changes::seq.desc()))
        .first(conn)
        .optional()?;
    Ok(newest.map(|(xid, seq)| Position { xid, seq }).unwrap_or_default())
}
