//! The `service_accounts` table: machine clients (district integration).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{org_units, service_accounts};
use super::{DbConnection, DbError};
use crate::domain::accounts::ServiceAccount;
use crate::domain::page::Page;

type Row = (String, String, String, String, String, bool, NaiveDateTime, Option<NaiveDateTime>);

const COLUMNS: (
    service_accounts::id,
    service_accounts::client_id,
    service_accounts::name,
    service_accounts::org_unit_id,
    service_accounts::scopes,
    service_accounts::active,
    service_accounts::created_at,
    service_accounts::revoked_at,
) = (
    service_accounts::id,
    service_accounts::client_id,
    service_accounts::name,
    service_accounts::org_unit_id,
    service_accounts::scopes,
    service_accounts::active,
    service_accounts::created_at,
    service_accounts::revoked_at,
);

fn from_row(row: Row) -> Result<ServiceAccount, DbError> {
    let (id, client_id, name, org_unit_id, scopes, active, created_at, revoked_at) = row;
    let scopes = scopes
        .split_whitespace()
        .map(|s| s.parse().map_err(|_| DbError::Other(format!("service account {id} has an unknown scope {s:?}"))))
        .collect::<Result<_, _>>()?;
    Ok(ServiceAccount {
        id,
        client_id,
        name,
        org_unit_id,
        scopes,
        active,
        created_at: created_at.and_utc(),
        revoked_at: revoked_at.map(|t| t.and_utc()),
    })
}

pub struct NewServiceAccount<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub name: &'a str,
    pub secret_hash: &'a str,
    pub org_unit_id: &'a str,
    /// Space-separated, as OAuth writes scopes.
    pub scopes: &'a str,
}

pub fn insert(conn: &mut DbConnection, account: NewServiceAccount<'_>) -> Result<ServiceAccount, DbError> {
    super::accounts_changed();
    diesel::insert_into(service_accounts::table)
        .values((
            service_accounts::id.eq(account.id),
            service_accounts::client_id.eq(account.client_id),
            service_accounts::name.eq(account.name),
            service_accounts::secret_hash.eq(account.secret_hash),
            service_accounts::org_unit_id.eq(account.org_unit_id),
            service_accounts::scopes.eq(account.scopes),
            service_accounts::active.eq(true),
            service_accounts::created_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    get(conn, account.id)?.map(|(a, _)| a).ok_or(DbError::NotFound)
}

/// An account and the path of its org unit.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(ServiceAccount, String)>, DbError> {
    let row: Option<(Row, String)> = service_accounts::table
        .inner_join(org_units::table)
        .filter(service_accounts::id.eq(id))
        .select((COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, path)| Ok((from_row(row)?, path))).transpose()
}

/// An account, its org unit's path and its secret's hash, by client id.
pub fn credentials(
    conn: &mut DbConnection,
    client_id: &str,
) -> Result<Option<(ServiceAccount, String, String)>, DbError> {
    let row: Option<(Row, String, String)> = service_accounts::table
        .inner_join(org_units::table)
        .filter(service_accounts::client_id.eq(client_id))
        .select((COLUMNS, org_units::path, service_accounts::secret_hash))
        .first(conn)
        .optional()?;
    row.map(|(row, path, hash)| Ok((from_row(row)?, path, hash))).transpose()
}

pub fn list(conn: &mut DbConnection, within: &str, page: Page) -> Result<(Vec<ServiceAccount>, u64), DbError> {
    let query = || {
        service_accounts::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{within}%")))
            .into_boxed()
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<Row> = query()
        .select(COLUMNS)
        .order(service_accounts::client_id.asc())
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let list = rows.into_iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((list, u64::try_from(total).unwrap_or(0)))
}

/// Revokes an account for good; its tokens stop working at their next use.
pub fn revoke(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    super::accounts_changed();
    diesel::update(service_accounts::table.find(id).filter(service_accounts::active.eq(true)))
        .set((
            service_accounts::active.eq(false),
            service_accounts::revoked_at.eq(Some(crate::domain::now().naive_utc())),
        ))
        .execute(conn)?;
    Ok(())
}
