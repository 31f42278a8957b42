//! The commendation reference tables: `award_legal_bases`,
//! `award_base_salaries`, `award_types` and `award_coefficients`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{award_base_salaries, award_coefficients, award_legal_bases, award_types};
use super::{DbConnection, DbError, Guarded};
use crate::domain::awards::{AwardCoefficient, AwardType, BaseSalary, Coefficient, LegalBasis};
use crate::domain::page::Page;

fn limit(page: Page) -> (i64, i64) {
    (i64::from(page.limit), i64::try_from(page.offset).unwrap_or(i64::MAX))
}

fn count(total: i64) -> u64 {
    u64::try_from(total).unwrap_or(0)
}

#[derive(Queryable)]
struct LegalBasisRow {
    id: String,
    code: String,
    title: String,
    issuer: String,
    issued_on: Option<NaiveDate>,
    in_force_from: NaiveDate,
    in_force_to: Option<NaiveDate>,
    verified: bool,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl From<LegalBasisRow> for LegalBasis {
    fn from(r: LegalBasisRow) -> Self {
        Self {
            id: r.id,
            code: r.code,
            title: r.title,
            issuer: r.issuer,
            issued_on: r.issued_on,
            in_force_from: r.in_force_from,
            in_force_to: r.in_force_to,
            verified: r.verified,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

const LEGAL_BASIS_COLUMNS: (
    award_legal_bases::id,
    award_legal_bases::code,
    award_legal_bases::title,
    award_legal_bases::issuer,
    award_legal_bases::issued_on,
    award_legal_bases::in_force_from,
    award_legal_bases::in_force_to,
    award_legal_bases::verified,
    award_legal_bases::version,
    award_legal_bases::created_at,
    award_legal_bases::updated_at,
) = (
    award_legal_bases::id,
    award_legal_bases::code,
    award_legal_bases::title,
    award_legal_bases::issuer,
    award_legal_bases::issued_on,
    award_legal_bases::in_force_from,
    award_legal_bases::in_force_to,
    award_legal_bases::verified,
    award_legal_bases::version,
    award_legal_bases::created_at,
    award_legal_bases::updated_at,
);

/// One page of legal bases, oldest in force first, and how many there are.
pub fn list_legal_bases(conn: &mut DbConnection, page: Page) -> Result<(Vec<LegalBasis>, u64), DbError> {
    let total: i64 = award_legal_bases::table.count().get_result(conn)?;
    let (limit, offset) = limit(page);
    let rows: Vec<LegalBasisRow> = award_legal_bases::table
        .select(LEGAL_BASIS_COLUMNS)
        .order((award_legal_bases::in_force_from, award_legal_bases::code))
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows.into_iter().map(LegalBasis::from).collect(), count(total)))
}

/// The legal bases with these ids, in code order.
pub fn legal_bases(conn: &mut DbConnection, ids: &[&str]) -> Result<Vec<LegalBasis>, DbError> {
    let rows: Vec<LegalBasisRow> = award_legal_bases::table
        .select(LEGAL_BASIS_COLUMNS)
        .filter(award_legal_bases::id.eq_any(ids))
        .order(award_legal_bases::code)
        .load(conn)?;
    Ok(rows.into_iter().map(LegalBasis::from).collect())
}

#[derive(Queryable)]
struct BaseSalaryRow {
    id: String,
    in_force_from: NaiveDate,
    amount_vnd: i64,
    legal_basis_id: String,
    verified: bool,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl From<BaseSalaryRow> for BaseSalary {
    fn from(r: BaseSalaryRow) -> Self {
        Self {
            id: r.id,
            in_force_from: r.in_force_from,
            amount_vnd: r.amount_vnd,
            legal_basis_id: r.legal_basis_id,
            verified: r.verified,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

const BASE_SALARY_COLUMNS: (
    award_base_salaries::id,
    award_base_salaries::in_force_from,
    award_base_salaries::amount_vnd,
    award_base_salaries::legal_basis_id,
    award_base_salaries::verified,
    award_base_salaries::version,
    award_base_salaries::created_at,
    award_base_salaries::updated_at,
) = (
    award_base_salaries::id,
    award_base_salaries::in_force_from,
    award_base_salaries::amount_vnd,
    award_base_salaries::legal_basis_id,
    award_base_salaries::verified,
    award_base_salaries::version,
    award_base_salaries::created_at,
    award_base_salaries::updated_at,
);

/// One page of base salaries, oldest first, and how many there are.
pub fn list_base_salaries(conn: &mut DbConnection, page: Page) -> Result<(Vec<BaseSalary>, u64), DbError> {
    let total: i64 = award_base_salaries::table.count().get_result(conn)?;
    let (limit, offset) = limit(page);
    let rows: Vec<BaseSalaryRow> = award_base_salaries::table
        .select(BASE_SALARY_COLUMNS)
        .order(award_base_salaries::in_force_from)
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows.into_iter().map(BaseSalary::from).collect(), count(total)))
}

/// Every base salary row, oldest first (a short table: one row a few years).
pub fn all_base_salaries(conn: &mut DbConnection) -> Result<Vec<BaseSalary>, DbError> {
    let rows: Vec<BaseSalaryRow> =
        award_base_salaries::table.select(BASE_SALARY_COLUMNS).order(award_base_salaries::in_force_from).load(conn)?;
    Ok(rows.into_iter().map(BaseSalary::from).collect())
}

type TypeRow = (
    String,
    String,
    String,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    String,
    bool,
    i32,
    NaiveDateTime,
    NaiveDateTime,
);

const TYPE_COLUMNS: (
    award_types::id,
    award_types::code,
    award_types::name,
    award_types::kind,
    award_types::issuing_level,
    award_types::valid_from,
    award_types::valid_to,
    award_types::legal_basis_id,
    award_types::verified,
    award_types::version,
    award_types::created_at,
    award_types::updated_at,
) = (
    award_types::id,
    award_types::code,
    award_types::name,
    award_types::kind,
    award_types::issuing_level,
    award_types::valid_from,
    award_types::valid_to,
    award_types::legal_basis_id,
    award_types::verified,
    award_types::version,
    award_types::created_at,
    award_types::updated_at,
);

fn type_from_row(row: TypeRow, coefficients: Vec<AwardCoefficient>) -> Result<AwardType, DbError> {
    let (id, code, name, kind, level, valid_from, valid_to, legal_basis_id, verified, version, created_at, updated_at) =
        row;
    Ok(AwardType {
        kind: kind.parse().map_err(|_| DbError::Other(format!("award type {id} has an unknown kind {kind:?}")))?,
        issuing_level: level
            .parse()
            .map_err(|_| DbError::Other(format!("award type {id} has an unknown issuing level {level:?}")))?,
        id,
        code,
        name,
        valid_from,
        valid_to,
        legal_basis_id,
        verified,
        version,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
        coefficients,
    })
}

type CoefficientRow =
    (String, String, String, NaiveDate, Option<NaiveDate>, i32, String, bool, i32, NaiveDateTime, NaiveDateTime);

const COEFFICIENT_COLUMNS: (
    award_coefficients::id,
    award_coefficients::award_type_id,
    award_coefficients::subject_kind,
    award_coefficients::valid_from,
    award_coefficients::valid_to,
    award_coefficients::coefficient_milli,
    award_coefficients::legal_basis_id,
    award_coefficients::verified,
    award_coefficients::version,
    award_coefficients::created_at,
    award_coefficients::updated_at,
) = (
    award_coefficients::id,
    award_coefficients::award_type_id,
    award_coefficients::subject_kind,
    award_coefficients::valid_from,
    award_coefficients::valid_to,
    award_coefficients::coefficient_milli,
    award_coefficients::legal_basis_id,
    award_coefficients::verified,
    award_coefficients::version,
    award_coefficients::created_at,
    award_coefficients::updated_at,
);

fn coefficient_from_row(row: CoefficientRow) -> Result<AwardCoefficient, DbError> {
    let (id, award_type_id, subject, valid_from, valid_to, milli, legal_basis_id, verified, version, created, updated) =
        row;
    let subject_kind = subject
        .parse()
        .map_err(|_| DbError::Other(format!("award coefficient {id} has an unknown subject kind {subject:?}")))?;
    let milli = u32::try_from(milli)
        .map_err(|_| DbError::Other(format!("award coefficient {id} has a negative coefficient {milli}")))?;
    Ok(AwardCoefficient {
        id,
        award_type_id,
        subject_kind,
        valid_from,
        valid_to,
        coefficient: Coefficient::from_milli(milli),
        legal_basis_id,
        verified,
        version,
        created_at: created.and_utc(),
        updated_at: updated.and_utc(),
    })
}

/// Attaches to each award type row its coefficients (by subject kind, oldest first).
fn with_coefficients(conn: &mut DbConnection, rows: Vec<TypeRow>) -> Result<Vec<AwardType>, DbError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let coefficient_rows: Vec<CoefficientRow> = award_coefficients::table
        .select(COEFFICIENT_COLUMNS)
        .filter(award_coefficients::award_type_id.eq_any(&ids))
        .order((award_coefficients::award_type_id, award_coefficients::subject_kind, award_coefficients::valid_from))
        .load(conn)?;
    let mut coefficients =
        coefficient_rows.into_iter().map(coefficient_from_row).collect::<Result<Vec<AwardCoefficient>, DbError>>()?;
    rows.into_iter()
        .map(|row| {
            let (mine, rest) = coefficients.drain(..).partition(|c| c.award_type_id == row.0);
            coefficients = rest;
            type_from_row(row, mine)
        })
        .collect()
}

/// One page of award types in code order, each with its coefficients, and how many there are.
pub fn list_award_types(conn: &mut DbConnection, page: Page) -> Result<(Vec<AwardType>, u64), DbError> {
    let total: i64 = award_types::table.count().get_result(conn)?;
    let (limit, offset) = limit(page);
    let rows: Vec<TypeRow> =
        award_types::table.select(TYPE_COLUMNS).order(award_types::code).limit(limit).offset(offset).load(conn)?;
    Ok((with_coefficients(conn, rows)?, count(total)))
}

/// The award type with this id, with its coefficients.
pub fn get_award_type(conn: &mut DbConnection, id: &str) -> Result<Option<AwardType>, DbError> {
    let row: Option<TypeRow> = award_types::table.find(id).select(TYPE_COLUMNS).first(conn).optional()?;
    match row {
        Some(row) => Ok(with_coefficients(conn, vec![row])?.pop()),
        None => Ok(None),
    }
}

/// The legal basis with this id.
pub fn get_legal_basis(conn: &mut DbConnection, id: &str) -> Result<Option<LegalBasis>, DbError> {
    let row: Option<LegalBasisRow> =
        award_legal_bases::table.find(id).select(LEGAL_BASIS_COLUMNS).first(conn).optional()?;
    Ok(row.map(LegalBasis::from))
}

/// The id of the legal basis with this code, if any.
pub fn legal_basis_with_code(conn: &mut DbConnection, code: &str) -> Result<Option<String>, DbError> {
    Ok(award_legal_bases::table
        .filter(award_legal_bases::code.eq(code))
        .select(award_legal_bases::id)
        .first(conn)
        .optional()?)
}

/// The editable fields of a legal basis.
pub struct LegalBasisFields<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub issuer: &'a str,
    pub issued_on: Option<NaiveDate>,
    pub in_force_from: NaiveDate,
    pub in_force_to: Option<NaiveDate>,
    pub verified: bool,
}

pub fn insert_legal_basis(conn: &mut DbConnection, id: &str, f: LegalBasisFields<'_>) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(award_legal_bases::table)
        .values((
            award_legal_bases::id.eq(id),
            award_legal_bases::code.eq(f.code),
            award_legal_bases::title.eq(f.title),
            award_legal_bases::issuer.eq(f.issuer),
            award_legal_bases::issued_on.eq(f.issued_on),
            award_legal_bases::in_force_from.eq(f.in_force_from),
            award_legal_bases::in_force_to.eq(f.in_force_to),
            award_legal_bases::verified.eq(f.verified),
            award_legal_bases::version.eq(1),
            award_legal_bases::created_at.eq(now),
            award_legal_bases::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces a legal basis's fields if it is still at `version`.
pub fn update_legal_basis(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    f: LegalBasisFields<'_>,
) -> Result<Guarded, DbError> {
    let updated = diesel::update(award_legal_bases::table.find(id).filter(award_legal_bases::version.eq(version)))
        .set((
            award_legal_bases::code.eq(f.code),
            award_legal_bases::title.eq(f.title),
            award_legal_bases::issuer.eq(f.issuer),
            award_legal_bases::issued_on.eq(f.issued_on),
            award_legal_bases::in_force_from.eq(f.in_force_from),
            award_legal_bases::in_force_to.eq(f.in_force_to),
            award_legal_bases::verified.eq(f.verified),
            award_legal_bases::version.eq(version + 1),
            award_legal_bases::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get_legal_basis(conn, id)?.is_some()))
}

/// The base salary row with this id.
pub fn get_base_salary(conn: &mut DbConnection, id: &str) -> Result<Option<BaseSalary>, DbError> {
    let row: Option<BaseSalaryRow> =
        award_base_salaries::table.find(id).select(BASE_SALARY_COLUMNS).first(conn).optional()?;
    Ok(row.map(BaseSalary::from))
}

/// The id of the base salary row in force from this date, if any.
pub fn base_salary_from(conn: &mut DbConnection, in_force_from: NaiveDate) -> Result<Option<String>, DbError> {
    Ok(award_base_salaries::table
        .filter(award_base_salaries::in_force_from.eq(in_force_from))
        .select(award_base_salaries::id)
        .first(conn)
        .optional()?)
}

/// The editable fields of a base salary row.
pub struct BaseSalaryFields<'a> {
    pub in_force_from: NaiveDate,
    pub amount_vnd: i64,
    pub legal_basis_id: &'a str,
    pub verified: bool,
}

pub fn insert_base_salary(conn: &mut DbConnection, id: &str, f: BaseSalaryFields<'_>) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(award_base_salaries::table)
        .values((
            award_base_salaries::id.eq(id),
            award_base_salaries::in_force_from.eq(f.in_force_from),
            award_base_salaries::amount_vnd.eq(f.amount_vnd),
            award_base_salaries::legal_basis_id.eq(f.legal_basis_id),
            award_base_salaries::verified.eq(f.verified),
            award_base_salaries::version.eq(1),
            award_base_salaries::created_at.eq(now),
            award_base_salaries::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces a base salary row's fields if it is still at `version`.
pub fn update_base_salary(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    f: BaseSalaryFields<'_>,
) -> Result<Guarded, DbError> {
    let updated = diesel::update(award_base_salaries::table.find(id).filter(award_base_salaries::version.eq(version)))
        .set((
            award_base_salaries::in_force_from.eq(f.in_force_from),
            award_base_salaries::amount_vnd.eq(f.amount_vnd),
            award_base_salaries::legal_basis_id.eq(f.legal_basis_id),
            award_base_salaries::verified.eq(f.verified),
            award_base_salaries::version.eq(version + 1),
            award_base_salaries::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get_base_salary(conn, id)?.is_some()))
}
