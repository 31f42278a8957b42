//! The `criteria` and `criterion_units` tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{criteria, criterion_units};
use super::{DbConnection, DbError, Guarded};
use crate::domain::campaign::Criterion;
use crate::domain::org::OrgKind;

type Row = (
    String,
    String,
    Option<String>,
    i32,
    String,
    String,
    String,
    String,
    String,
    Option<f64>,
    Option<String>,
    Option<String>,
    f64,
    Option<String>,
    i32,
    NaiveDateTime,
    NaiveDateTime,
);

/// The columns of a `Row`, in order.
type Columns = (
    criteria::id,
    criteria::campaign_id,
    criteria::parent_id,
    criteria::ordinal,
    criteria::code,
    criteria::title,
    criteria::description,
    criteria::measure,
    criteria::comparator,
    criteria::target,
    criteria::numerator_label,
    criteria::denominator_label,
    criteria::weight,
    criteria::applies_to_kinds,
    criteria::version,
    criteria::created_at,
    criteria::updated_at,
);

const COLUMNS: Columns = (
    criteria::id,
    criteria::campaign_id,
    criteria::parent_id,
    criteria::ordinal,
    criteria::code,
    criteria::title,
    criteria::description,
    criteria::measure,
    criteria::comparator,
    criteria::target,
    criteria::numerator_label,
    criteria::denominator_label,
    criteria::weight,
    criteria::applies_to_kinds,
    criteria::version,
    criteria::created_at,
    criteria::updated_at,
);

fn from_row(row: Row, units: Option<Vec<String>>) -> Result<Criterion, DbError> {
    let (
        id,
        campaign_id,
        parent_id,
        ordinal,
        code,
        title,
        description,
        measure,
        comparator,
        target,
        numerator_label,
        denominator_label,
        weight,
        kinds,
        version,
        _,
        _,
    ) = row;
    let bad = |what: &str| DbError::Other(format!("criterion {id} has an unreadable {what}"));
    let applies_to_kinds = kinds
        .map(|k| k.split_whitespace().map(str::parse::<OrgKind>).collect::<Result<Vec<_>, _>>())
        .transpose()
        .map_err(|_| bad("kind list"))?;
    Ok(Criterion {
        measure: measure.parse().map_err(|_| bad("measure"))?,
        comparator: comparator.parse().map_err(|_| bad("comparator"))?,
        id,
        campaign_id,
        parent_id,
        ordinal,
        code,
        title,
        description,
        target,
        numerator_label,
        denominator_label,
        weight,
        applies_to_kinds,
        applies_to_units: units,
        version,
    })
}

/// The fields of a criterion as stored.
pub struct Fields<'a> {
    pub parent_id: Option<&'a str>,
    pub ordinal: i32,
    pub code: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub measure: &'a str,
    pub comparator: &'a str,
    pub target: Option<f64>,
    pub numerator_label: Option<&'a str>,
    pub denominator_label: Option<&'a str>,
    pub weight: f64,
    pub applies_to_kinds: Option<String>,
    pub applies_to_units: Option<&'a [String]>,
}

pub fn insert(conn: &mut DbConnection, id: &str, campaign_id: &str, f: Fields<'_>) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(criteria::table)
        .values((
            criteria::id.eq(id),
            criteria::campaign_id.eq(campaign_id),
            criteria::parent_id.eq(f.parent_id),
            criteria::ordinal.eq(f.ordinal),
            criteria::code.eq(f.code),
            criteria::title.eq(f.title),
            criteria::description.eq(f.description),
            criteria::measure.eq(f.measure),
            criteria::comparator.eq(f.comparator),
            criteria::target.eq(f.target),
            criteria::numerator_label.eq(f.numerator_label),
            criteria::denominator_label.eq(f.denominator_label),
            criteria::weight.eq(f.weight),
            criteria::applies_to_kinds.eq(f.applies_to_kinds.as_deref()),
            criteria::version.eq(1),
            criteria::created_at.eq(now),
            criteria::updated_at.eq(now),
        ))
        .execute(conn)?;
    set_units(conn, id, f.applies_to_units)
}

pub fn update(conn: &mut DbConnection, id: &str, version: i32, f: Fields<'_>) -> Result<Guarded, DbError> {
    let updated = diesel::update(criteria::table.find(id).filter(criteria::version.eq(version)))
        .set((
            criteria::parent_id.eq(f.parent_id),
            criteria::ordinal.eq(f.ordinal),
            criteria::code.eq(f.code),
            criteria::title.eq(f.title),
            criteria::description.eq(f.description),
            criteria::measure.eq(f.measure),
            criteria::comparator.eq(f.comparator),
            criteria::target.eq(f.target),
            criteria::numerator_label.eq(f.numerator_label),
            criteria::denominator_label.eq(f.denominator_label),
            criteria::weight.eq(f.weight),
            criteria::applies_to_kinds.eq(f.applies_to_kinds.as_deref()),
            criteria::version.eq(version + 1),
            criteria::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    let outcome = super::guarded(updated, || Ok(get(conn, id)?.is_some()))?;
    if outcome == Guarded::Done {
        set_units(conn, id, f.applies_to_units)?;
    }
    Ok(outcome)
}

fn set_units(conn: &mut DbConnection, id: &str, units: Option<&[String]>) -> Result<(), DbError> {
    diesel::delete(criterion_units::table.filter(criterion_units::criterion_id.eq(id))).execute(conn)?;
    // One row at a time: MultiConnection has no batch insert; the lists are short.
    for unit in units.unwrap_or_default() {
        diesel::insert_into(criterion_units::table)
            .values((criterion_units::criterion_id.eq(id), criterion_units::org_unit_id.eq(unit)))
            .execute(conn)?;
    }
    Ok(())
}

fn units_of(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<(String, String)>, DbError> {
    Ok(criterion_units::table
        .filter(criterion_units::criterion_id.eq_any(ids))
        .select((criterion_units::criterion_id, criterion_units::org_unit_id))
        .order((criterion_units::criterion_id, criterion_units::org_unit_id))
        .load(conn)?)
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<Criterion>, DbError> {
    let row: Option<Row> = criteria::table.find(id).select(COLUMNS).first(conn).optional()?;
    let Some(row) = row else { return Ok(None) };
    let units: Vec<String> = units_of(conn, &[id])?.into_iter().map(|(_, u)| u).collect();
    Ok(Some(from_row(row, (!units.is_empty()).then_some(units))?))
}

/// Every criterion of a campaign: by ordinal, each parent before its sub-criteria.
pub fn of_campaign(conn: &mut DbConnection, campaign_id: &str) -> Result<Vec<Criterion>, DbError> {
    let rows: Vec<Row> = criteria::table
        .filter(criteria::campaign_id.eq(campaign_id))
        .select(COLUMNS)
        .order((criteria::ordinal.asc(), criteria::parent_id.is_not_null(), criteria::code.asc()))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let units = units_of(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let mine: Vec<String> = units.iter().filter(|(c, _)| *c == row.0).map(|(_, u)| u.clone()).collect();
            from_row(row, (!mine.is_empty()).then_some(mine))
        })
        .collect()
}

/// Deletes a criterion (a draft campaign's), with its unit list.
pub fn delete(conn: &mut DbConnection, id: &str) -> Result<bool, DbError> {
    diesel::delete(criterion_units::table.filter(criterion_units::criterion_id.eq(id))).execute(conn)?;
    Ok(diesel::delete(criteria::table.find(id)).execute(conn)? == 1)
}

/// How many criteria name `id` as their parent.
pub fn children(conn: &mut DbConnection, id: &str) -> Result<i64, DbError> {
    Ok(criteria::table.filter(criteria::parent_id.eq(id)).count().get_result(conn)?)
}
