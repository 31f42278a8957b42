//! The `webhooks` table (subscriptions) and the dispatcher's place in the
//! change feed (`webhook_dispatch`). Deliveries: `db::webhook_deliveries`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::changes::Position;
use super::schema::{webhook_dispatch, webhooks};
use super::{DbConnection, DbError};

/// One subscription as kept.
#[derive(Clone, Debug, Queryable)]
pub struct Subscription {
    pub id: String,
    pub url: String,
    /// Comma-separated kinds or types; empty: all.
    pub types: String,
    pub secret: String,
    /// Who created it (`user:…`): the changes sent are those it may read.
    pub actor: String,
    pub scope_path: String,
    /// `active` or `disabled`.
    pub status: String,
    /// Failed attempts since the last success.
    pub failures: i32,
    pub disabled_reason: Option<String>,
    pub start_xid: i64,
    pub start_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Subscription {
    /// The feed position it was created at: only changes after it are sent.
    pub fn start(&self) -> Position {
        Position { xid: self.start_xid, seq: self.start_seq }
    }
}

/// The columns of a row, in the struct's order.
pub type Columns = (
    webhooks::id,
    webhooks::url,
    webhooks::types,
    webhooks::secret,
    webhooks::actor,
    webhooks::scope_path,
    webhooks::status,
    webhooks::failures,
    webhooks::disabled_reason,
    webhooks::start_xid,
    webhooks::start_seq,
    webhooks::created_at,
    webhooks::updated_at,
);

pub const COLUMNS: Columns = (
    webhooks::id,
    webhooks::url,
    webhooks::types,
    webhooks::secret,
    webhooks::actor,
    webhooks::scope_path,
    webhooks::status,
    webhooks::failures,
    webhooks::disabled_reason,
    webhooks::start_xid,
    webhooks::start_seq,
    webhooks::created_at,
    webhooks::updated_at,
);

pub fn insert(conn: &mut DbConnection, s: &Subscription) -> Result<(), DbError> {
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::id.eq(&s.id),
            webhooks::url.eq(&s.url),
            webhooks::types.eq(&s.types),
            webhooks::secret.eq(&s.secret),
            webhooks::actor.eq(&s.actor),
            webhooks::scope_path.eq(&s.scope_path),
            webhooks::status.eq(&s.status),
            webhooks::failures.eq(s.failures),
            webhooks::disabled_reason.eq(&s.disabled_reason),
            webhooks::start_xid.eq(s.start_xid),
            webhooks::start_seq.eq(s.start_seq),
            webhooks::created_at.eq(s.created_at),
            webhooks::updated_at.eq(s.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<Subscription>, DbError> {
    Ok(webhooks::table.find(id).select(COLUMNS).first(conn).optional()?)
}

/// The subscriptions made within the subtree `within`, oldest first, and how many there are.
pub fn list(
    conn: &mut DbConnection,
    within: &str,
    limit: u32,
    offset: u64,
) -> Result<(Vec<Subscription>, u64), DbError> {
    let query = || webhooks::table.filter(webhooks::scope_path.like(format!("{within}%"))).into_boxed();
    let total: i64 = query().count().get_result(conn)?;
    let rows = query()
        .select(COLUMNS)
        .order((webhooks::created_at.asc(), webhooks::id.asc()))
        .limit(i64::from(limit))
        .offset(i64::try_from(offset).unwrap_or(i64::MAX))
        .load(conn)?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// Every active subscription: those the dispatcher fans changes out to.
pub fn active(conn: &mut DbConnection) -> Result<Vec<Subscription>, DbError> {
    Ok(webhooks::table.filter(webhooks::status.eq("active")).select(COLUMNS).order(webhooks::id.asc()).load(conn)?)
}

/// Deletes a subscription with its deliveries; whether it was there.
pub fn delete(conn: &mut DbConnection, id: &str) -> Result<bool, DbError> {
    // Explicitly, not only by the foreign key's cascade: SQLite connections
    // opened without `foreign_keys` (the CLI's) would leave them behind.
    diesel::delete(super::schema::webhook_deliveries::table)
        .filter(super::schema::webhook_deliveries::webhook_id.eq(id))
        .execute(conn)?;
    Ok(diesel::delete(webhooks::table.find(id)).execute(conn)? == 1)
}

/// Enables a subscription again (its failures forgotten), or disables it
/// with a reason.
pub fn set_status(conn: &mut DbConnection, id: &str, disabled_reason: Option<&str>) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    let status = if disabled_reason.is_some() { "disabled" } else { "active" };
    diesel::update(webhooks::table.find(id))
        .set((
            webhooks::status.eq(status),
            webhooks::failures.eq(0),
            webhooks::disabled_reason.eq(disabled_reason),
            webhooks::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A delivery to `id` succeeded: its count of failures starts again.
pub fn succeeded(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::update(webhooks::table.find(id).filter(webhooks::failures.ne(0)))
        .set(webhooks::failures.eq(0))
        .execute(conn)?;
    Ok(())
}

/// An attempt to `id` failed: counts it, and disables the subscription
/// when it reaches `disable_after` failures in a row. Whether it did.
pub fn failed(conn: &mut DbConnection, id: &str, disable_after: u32) -> Result<bool, DbError> {
    diesel::update(webhooks::table.find(id)).set(webhooks::failures.eq(webhooks::failures + 1)).execute(conn)?;
    let limit = i32::try_from(disable_after).unwrap_or(i32::MAX);
    let reason = format!("{disable_after} failed attempts in a row");
    let now = crate::domain::now().naive_utc();
    let disabled = diesel::update(
        webhooks::table.find(id).filter(webhooks::status.eq("active")).filter(webhooks::failures.ge(limit)),
    )
    .set((webhooks::status.eq("disabled"), webhooks::disabled_reason.eq(Some(reason)), webhooks::updated_at.eq(now)))
    .execute(conn)?;
    Ok(disabled == 1)
}

/// Takes the dispatcher's place in the feed for this transaction. On
/// PostgreSQL the row is locked, and `None` when another instance's
/// dispatcher holds it (`SKIP LOCKED`): that one fans the changes out.
/// On SQLite the one writer already keeps dispatchers apart.
pub fn take_position(conn: &mut DbConnection) -> Result<Option<Position>, DbError> {
    let query = webhook_dispatch::table.find(1).select((webhook_dispatch::xid, webhook_dispatch::seq));
    let row: Option<(i64, i64)> = match conn {
        DbConnection::Postgres(pg) => query.for_update().skip_locked().first(pg).optional()?,
        DbConnection::Sqlite(lite) => query.first(lite).optional()?,
    };
    Ok(row.map(|(xid, seq)| Position { xid, seq }))
}

/// Moves the dispatcher's place in the feed.
pub fn set_position(conn: &mut DbConnection, position: Position) -> Result<(), DbError> {
    diesel::update(webhook_dispatch::table.find(1))
        .set((webhook_dispatch::xid.eq(position.xid), webhook_dispatch::seq.eq(position.seq)))
        .execute(conn)?;
    Ok(())
}
