//! The `reorganisations` table and what a reorganisation must check in the
//! records of the units it closes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{campaigns, org_lineage, org_units, reorganisations, reports};
use super::{DbConnection, DbError};
use crate::domain::page::Page;

/// A reorganisation as stored; its units are in `org_lineage` (merge and
/// split) or in the renamed unit's kept names (rename).
#[derive(Clone, Debug)]
pub struct Reorganisation {
    pub id: String,
    pub kind: String,
    pub effective_on: NaiveDate,
    pub reason: String,
    pub legal_basis: String,
    pub renamed_id: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

type Row = (String, String, NaiveDate, String, String, Option<String>, String, NaiveDateTime);

const COLUMNS: (
    reorganisations::id,
    reorganisations::kind,
    reorganisations::effective_on,
    reorganisations::reason,
    reorganisations::legal_basis,
    reorganisations::renamed_id,
    reorganisations::created_by,
    reorganisations::created_at,
) = (
    reorganisations::id,
    reorganisations::kind,
    reorganisations::effective_on,
    reorganisations::reason,
    reorganisations::legal_basis,
    reorganisations::renamed_id,
    reorganisations::created_by,
    reorganisations::created_at,
);

fn from_row((id, kind, effective_on, reason, legal_basis, renamed_id, created_by, created_at): Row) -> Reorganisation {
    Reorganisation { id, kind, effective_on, reason, legal_basis, renamed_id, created_by, created_at }
}

pub fn insert(conn: &mut DbConnection, r: &Reorganisation) -> Result<(), DbError> {
    diesel::insert_into(reorganisations::table)
        .values((
            reorganisations::id.eq(&r.id),
            reorganisations::kind.eq(&r.kind),
            reorganisations::effective_on.eq(r.effective_on),
            reorganisations::reason.eq(&r.reason),
            reorganisations::legal_basis.eq(&r.legal_basis),
            reorganisations::renamed_id.eq(&r.renamed_id),
            reorganisations::created_by.eq(&r.created_by),
            reorganisations::created_at.eq(r.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<Reorganisation>, DbError> {
    Ok(reorganisations::table.find(id).select(COLUMNS).first::<Row>(conn).optional()?.map(from_row))
}

/// The (predecessor, successor) pairs of a reorganisation.
pub fn links(conn: &mut DbConnection, id: &str) -> Result<Vec<(String, String)>, DbError> {
    Ok(org_lineage::table
        .filter(org_lineage::reorganisation_id.eq(id))
        .select((org_lineage::predecessor_id, org_lineage::successor_id))
        .order((org_lineage::predecessor_id.asc(), org_lineage::successor_id.asc()))
        .load(conn)?)
}

/// The reorganisations touching a unit of the subtree at `within` (as a
/// predecessor, a successor or the unit renamed), latest date first.
pub fn list(conn: &mut DbConnection, within: &str, page: Page) -> Result<(Vec<Reorganisation>, u64), DbError> {
    let prefix = format!("{within}%");
    let query = || {
        let touching = org_lineage::table
            .inner_join(
                org_units::table
                    .on(org_units::id.eq(org_lineage::predecessor_id).or(org_units::id.eq(org_lineage::successor_id))),
            )
            .filter(org_units::path.like(prefix.clone()))
            .select(org_lineage::reorganisation_id);
        let renamed = org_units::table.filter(org_units::path.like(prefix.clone())).select(org_units::id.nullable());
        reorganisations::table
            .filter(reorganisations::id.eq_any(touching).or(reorganisations::renamed_id.eq_any(renamed)))
            .into_boxed()
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<Row> = query()
        .select(COLUMNS)
        .order((reorganisations::effective_on.desc(), reorganisations::id.desc()))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    Ok((rows.into_iter().map(from_row).collect(), u64::try_from(total).unwrap_or(0)))
}

/// The distinct (campaign, period) pairs of the reports of the units in the
/// subtree at `path`: a reorganisation refuses to close a unit whose
/// reports cover a period from its closing day on.
pub fn report_periods_within(conn: &mut DbConnection, path: &str) -> Result<Vec<(String, String)>, DbError> {
    Ok(reports::table
        .inner_join(org_units::table)
        .filter(org_units::path.like(format!("{path}%")))
        .select((reports::campaign_id, reports::period_id))
        .distinct()
        .load(conn)?)
}

/// The codes of the campaigns issued in the subtree at `path` that are not
/// closed and run on or after `date`: they would lose their issuer.
pub fn campaigns_running_within(conn: &mut DbConnection, path: &str, date: NaiveDate) -> Result<Vec<String>, DbError> {
    Ok(campaigns::table
        .inner_join(org_units::table.on(org_units::id.eq(campaigns::issuer_id)))
        .filter(org_units::path.like(format!("{path}%")))
        .filter(campaigns::status.ne("closed"))
        .filter(campaigns::ends_on.ge(date))
        .select(campaigns::code)
        .order(campaigns::code.asc())
        .load(conn)?)
}
