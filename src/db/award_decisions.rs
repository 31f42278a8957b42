//! The `award_decisions` and `award_decision_lines` tables.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{award_decision_lines, award_decisions, award_types, nominations, org_units};
use super::{DbConnection, DbError, Guarded};
use crate::domain::award_decision::{Decision, DecisionLine, RevocationGround};
use crate::domain::awards::Coefficient;
use crate::domain::page::Page;

type Row = (
    (String, String, String, NaiveDate, String, String, String, String),
    (i64, Option<String>, Option<String>, Option<String>, Option<NaiveDateTime>),
    (i32, String, NaiveDateTime, NaiveDateTime),
);

type Columns = (
    (
        award_decisions::id,
        award_decisions::org_unit_id,
        award_decisions::number,
        award_decisions::signed_on,
        award_decisions::signer_name,
        award_decisions::signer_title,
        award_decisions::legal_basis_ids,
        award_decisions::status,
    ),
    (
        award_decisions::total_vnd,
        award_decisions::fund_id,
        award_decisions::over_budget_reason,
        award_decisions::signed_by,
        award_decisions::signed_at,
    ),
    (award_decisions::version, award_decisions::created_by, award_decisions::created_at, award_decisions::updated_at),
);

const COLUMNS: Columns = (
    (
        award_decisions::id,
        award_decisions::org_unit_id,
        award_decisions::number,
        award_decisions::signed_on,
        award_decisions::signer_name,
        award_decisions::signer_title,
        award_decisions::legal_basis_ids,
        award_decisions::status,
    ),
    (
        award_decisions::total_vnd,
        award_decisions::fund_id,
        award_decisions::over_budget_reason,
        award_decisions::signed_by,
        award_decisions::signed_at,
    ),
    (award_decisions::version, award_decisions::created_by, award_decisions::created_at, award_decisions::updated_at),
);

fn decision(row: Row) -> Result<Decision, DbError> {
    let (
        (id, org_unit_id, number, signed_on, signer_name, signer_title, bases, status),
        (total_vnd, fund_id, over_budget_reason, signed_by, signed_at),
        (version, created_by, created_at, updated_at),
    ) = row;
    Ok(Decision {
        status: status
            .parse()
            .map_err(|_| DbError::Other(format!("award decision {id} has an unknown status {status:?}")))?,
        id,
        org_unit_id,
        number,
        signed_on,
        signer_name,
        signer_title,
        legal_basis_ids: bases.split_whitespace().map(str::to_owned).collect(),
        total_vnd,
        fund_id,
        over_budget_reason,
        signed_by,
        signed_at: signed_at.map(|t| t.and_utc()),
        version,
        created_by,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
    })
}

/// A decision with its issuer's name and path.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(Decision, String, String)>, DbError> {
    let row: Option<(Row, String, String)> = award_decisions::table
        .inner_join(org_units::table)
        .filter(award_decisions::id.eq(id))
        .select((COLUMNS, org_units::name, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, name, path)| Ok((decision(row)?, name, path))).transpose()
}

/// Which decisions to list.
#[derive(Debug, Default)]
pub struct Filter {
    pub within: String,
    /// Only these statuses (the callers who may not see drafts ask for `signed` alone).
    pub statuses: Vec<String>,
    /// Signed on in this year.
    pub year: Option<i32>,
    /// With a line for a nomination of this campaign.
    pub campaign_id: Option<String>,
    /// With a line of this award type.
    pub award_type_id: Option<String>,
}

/// One page of decisions, latest signing date first, each with its issuer's
/// name and how many lines it has, and how many match.
/// Decisions with their issuer's name and line count, and how many match in all.
type Listed = (Vec<(Decision, String, i64)>, u64);

pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<Listed, DbError> {
    let query = || {
        let mut query = award_decisions::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .filter(award_decisions::status.eq_any(filter.statuses.clone()))
            .into_boxed();
        if let Some(year) = filter.year {
            let (from, to) = super::council::year_span(year);
            query = query.filter(award_decisions::signed_on.between(from, to));
        }
        if let Some(campaign) = &filter.campaign_id {
            let holding = award_decision_lines::table
                .inner_join(nominations::table)
                .filter(nominations::campaign_id.eq(campaign.clone()))
                .select(award_decision_lines::decision_id);
            query = query.filter(award_decisions::id.eq_any(holding));
        }
        if let Some(award_type) = &filter.award_type_id {
            let holding = award_decision_lines::table
                .filter(award_decision_lines::award_type_id.eq(award_type.clone()))
                .select(award_decision_lines::decision_id);
            query = query.filter(award_decisions::id.eq_any(holding));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<(Row, String)> = query()
        .select((COLUMNS, org_units::name))
        .order((award_decisions::signed_on.desc(), award_decisions::number, award_decisions::id))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.0.0.as_str()).collect();
    let counts: Vec<(String, i64)> = award_decision_lines::table
        .filter(award_decision_lines::decision_id.eq_any(&ids))
        .group_by(award_decision_lines::decision_id)
        .select((award_decision_lines::decision_id, diesel::dsl::count_star()))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|(row, name)| {
            let n = counts.iter().find(|(id, _)| *id == row.0.0).map_or(0, |(_, n)| *n);
            Ok((decision(row)?, name, n))
        })
        .collect::<Result<_, DbError>>()?;
    Ok((items, u64::try_from(total).unwrap_or(0)))
}

/// Whether another decision of the issuer than `except` has this number.
pub fn number_taken(
    conn: &mut DbConnection,
    org_unit_id: &str,
    number: &str,
    except: Option<&str>,
) -> Result<bool, DbError> {
    let ids: Vec<String> = award_decisions::table
        .filter(award_decisions::org_unit_id.eq(org_unit_id))
        .filter(award_decisions::number.eq(number))
        .select(award_decisions::id)
        .load(conn)?;
    Ok(ids.iter().any(|id| Some(id.as_str()) != except))
}

/// The fields of a draft, as the office writes them.
pub struct Draft<'a> {
    pub number: &'a str,
    pub signed_on: NaiveDate,
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    pub legal_basis_ids: &'a [String],
}

pub fn insert(
    conn: &mut DbConnection,
    id: &str,
    org_unit_id: &str,
    created_by: &str,
    d: &Draft<'_>,
) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(award_decisions::table)
        .values((
            (
                award_decisions::id.eq(id),
                award_decisions::org_unit_id.eq(org_unit_id),
                award_decisions::number.eq(d.number),
                award_decisions::signed_on.eq(d.signed_on),
                award_decisions::signer_name.eq(d.signer_name),
                award_decisions::signer_title.eq(d.signer_title),
                award_decisions::legal_basis_ids.eq(d.legal_basis_ids.join(" ")),
                award_decisions::status.eq("draft"),
            ),
            (
                award_decisions::total_vnd.eq(0_i64),
                award_decisions::version.eq(1),
                award_decisions::created_by.eq(created_by),
                award_decisions::created_at.eq(now),
                award_decisions::updated_at.eq(now),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces a draft's fields if it is still a draft at `version`.
pub fn update_draft(conn: &mut DbConnection, id: &str, version: i32, d: &Draft<'_>) -> Result<Guarded, DbError> {
    let updated = diesel::update(
        award_decisions::table
            .find(id)
            .filter(award_decisions::version.eq(version))
            .filter(award_decisions::status.eq("draft")),
    )
    .set((
        award_decisions::number.eq(d.number),
        award_decisions::signed_on.eq(d.signed_on),
        award_decisions::signer_name.eq(d.signer_name),
        award_decisions::signer_title.eq(d.signer_title),
        award_decisions::legal_basis_ids.eq(d.legal_basis_ids.join(" ")),
        award_decisions::version.eq(version + 1),
        award_decisions::updated_at.eq(crate::domain::now().naive_utc()),
    ))
    .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}

/// Deletes a draft at `version` and its lines. Run inside a transaction: on
/// anything but `Done` the caller fails it, and the lines come back.
pub fn delete_draft(conn: &mut DbConnection, id: &str, version: i32) -> Result<Guarded, DbError> {
    diesel::delete(award_decision_lines::table.filter(award_decision_lines::decision_id.eq(id))).execute(conn)?;
    let deleted = diesel::delete(
        award_decisions::table
            .find(id)
            .filter(award_decisions::version.eq(version))
            .filter(award_decisions::status.eq("draft")),
    )
    .execute(conn)?;
    super::guarded(deleted, || Ok(get(conn, id)?.is_some()))
}

/// What signing fixes on the decision.
pub struct Signature<'a> {
    pub total_vnd: i64,
    pub fund_id: Option<&'a str>,
    pub over_budget_reason: Option<&'a str>,
    pub signed_by: &'a str,
    pub signed_at: NaiveDateTime,
}

/// Signs a draft at `version`: of two concurrent signatures exactly one lands.
pub fn sign(conn: &mut DbConnection, id: &str, version: i32, s: &Signature<'_>) -> Result<Guarded, DbError> {
    let updated = diesel::update(
        award_decisions::table
            .find(id)
            .filter(award_decisions::version.eq(version))
            .filter(award_decisions::status.eq("draft")),
    )
    .set((
        award_decisions::status.eq("signed"),
        award_decisions::total_vnd.eq(s.total_vnd),
        award_decisions::fund_id.eq(s.fund_id),
        award_decisions::over_budget_reason.eq(s.over_budget_reason),
        award_decisions::signed_by.eq(s.signed_by),
        award_decisions::signed_at.eq(s.signed_at),
        award_decisions::version.eq(version + 1),
        award_decisions::updated_at.eq(s.signed_at),
    ))
    .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}

/// Raises a signed decision's version when one of its lines changes, so its `ETag` changes too.
pub fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(award_decisions::table.find(id))
        .set((award_decisions::version.eq(award_decisions::version + 1), award_decisions::updated_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

/// A line with the names a reader sees beside it: its unit's and award
/// type's, and the campaign of its nomination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedLine {
    pub line: DecisionLine,
    pub org_unit_name: String,
    pub award_type_name: String,
    pub campaign_id: String,
}

type LineRow = (
    (String, String, i32, String, String, String, String, Option<String>, String),
    (Option<String>, Option<i32>, Option<String>, Option<i64>, Option<i64>, Option<i64>, Option<String>),
    (Option<NaiveDateTime>, Option<String>, Option<String>, Option<String>, Option<i64>, i32),
    (String, String, String),
);

fn named_line(row: LineRow) -> Result<NamedLine, DbError> {
    let (
        (id, decision_id, ordinal, nomination_id, award_type_id, subject_kind, org_unit_id, person_id, subject_name),
        (coefficient_id, milli, base_salary_id, base_salary_vnd, raw_amount_vnd, amount_vnd, legal_basis_id),
        (revoked_at, revoked_by, ground, revoke_reason, recover_vnd, version),
        (org_unit_name, award_type_name, campaign_id),
    ) = row;
    let bad = |value: &str| DbError::Other(format!("award decision line {id} holds an unknown value {value:?}"));
    let coefficient =
        milli.map(|m| u32::try_from(m).map(Coefficient::from_milli).map_err(|_| bad(&m.to_string()))).transpose()?;
    Ok(NamedLine {
        line: DecisionLine {
            subject_kind: subject_kind.parse().map_err(|_| bad(&subject_kind))?,
            revoke_ground: ground.as_deref().map(|g| g.parse::<RevocationGround>().map_err(|_| bad(g))).transpose()?,
            id: id.clone(),
            decision_id,
            ordinal,
            nomination_id,
            award_type_id,
            org_unit_id,
            person_id,
            subject_name,
            coefficient_id,
            coefficient,
            base_salary_id,
            base_salary_vnd,
            raw_amount_vnd,
            amount_vnd,
            legal_basis_id,
            revoked_at: revoked_at.map(|t| t.and_utc()),
            revoked_by,
            revoke_reason,
            recover_vnd,
            version,
        },
        org_unit_name,
        award_type_name,
        campaign_id,
    })
}

macro_rules! line_query {
    () => {
        award_decision_lines::table
            .inner_join(org_units::table.on(org_units::id.eq(award_decision_lines::org_unit_id)))
            .inner_join(award_types::table)
            .inner_join(nominations::table)
            .select((
                (
                    award_decision_lines::id,
                    award_decision_lines::decision_id,
                    award_decision_lines::ordinal,
                    award_decision_lines::nomination_id,
                    award_decision_lines::award_type_id,
                    award_decision_lines::subject_kind,
                    award_decision_lines::org_unit_id,
                    award_decision_lines::person_id,
                    award_decision_lines::subject_name,
                ),
                (
                    award_decision_lines::coefficient_id,
                    award_decision_lines::coefficient_milli,
                    award_decision_lines::base_salary_id,
                    award_decision_lines::base_salary_vnd,
                    award_decision_lines::raw_amount_vnd,
                    award_decision_lines::amount_vnd,
                    award_decision_lines::legal_basis_id,
                ),
                (
                    award_decision_lines::revoked_at,
                    award_decision_lines::revoked_by,
                    award_decision_lines::revoke_ground,
                    award_decision_lines::revoke_reason,
                    award_decision_lines::recover_vnd,
                    award_decision_lines::version,
                ),
                (org_units::name, award_types::name, nominations::campaign_id),
            ))
    };
}

/// A decision's lines, in order.
pub fn lines(conn: &mut DbConnection, decision_id: &str) -> Result<Vec<NamedLine>, DbError> {
    let rows: Vec<LineRow> = line_query!()
        .filter(award_decision_lines::decision_id.eq(decision_id))
        .order(award_decision_lines::ordinal)
        .load(conn)?;
    rows.into_iter().map(named_line).collect()
}

/// One line of a decision.
pub fn line(conn: &mut DbConnection, decision_id: &str, line_id: &str) -> Result<Option<NamedLine>, DbError> {
    let row: Option<LineRow> = line_query!()
        .filter(award_decision_lines::decision_id.eq(decision_id))
        .filter(award_decision_lines::id.eq(line_id))
        .first(conn)
        .optional()?;
    row.map(named_line).transpose()
}

/// Which of these nominations a decision other than `except` already holds:
/// `(nomination id, that decision's number)`.
pub fn holders(
    conn: &mut DbConnection,
    nomination_ids: &[String],
    except: Option<&str>,
) -> Result<Vec<(String, String)>, DbError> {
    let rows: Vec<(String, String, String)> = award_decision_lines::table
        .inner_join(award_decisions::table)
        .filter(award_decision_lines::nomination_id.eq_any(nomination_ids))
        .select((award_decision_lines::nomination_id, award_decisions::id, award_decisions::number))
        .load(conn)?;
    Ok(rows.into_iter().filter(|(_, id, _)| Some(id.as_str()) != except).map(|(n, _, number)| (n, number)).collect())
}

/// A line of a draft, before any amount.
pub struct NewLine<'a> {
    pub ordinal: i32,
    pub nomination_id: &'a str,
    pub award_type_id: &'a str,
    pub subject_kind: &'a str,
    pub org_unit_id: &'a str,
    pub person_id: Option<&'a str>,
    pub subject_name: &'a str,
}

/// Replaces a draft's lines.
pub fn replace_lines(conn: &mut DbConnection, decision_id: &str, lines: &[NewLine<'_>]) -> Result<(), DbError> {
    diesel::delete(award_decision_lines::table.filter(award_decision_lines::decision_id.eq(decision_id)))
        .execute(conn)?;
    for l in lines {
        diesel::insert_into(award_decision_lines::table)
            .values((
                award_decision_lines::id.eq(uuid::Uuid::now_v7().to_string()),
                award_decision_lines::decision_id.eq(decision_id),
                award_decision_lines::ordinal.eq(l.ordinal),
                award_decision_lines::nomination_id.eq(l.nomination_id),
                award_decision_lines::award_type_id.eq(l.award_type_id),
                award_decision_lines::subject_kind.eq(l.subject_kind),
                award_decision_lines::org_unit_id.eq(l.org_unit_id),
                award_decision_lines::person_id.eq(l.person_id),
                award_decision_lines::subject_name.eq(l.subject_name),
                award_decision_lines::version.eq(1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The figures signing fixes on a line.
pub struct Figures<'a> {
    pub coefficient_id: &'a str,
    pub coefficient_milli: i32,
    pub base_salary_id: &'a str,
    pub base_salary_vnd: i64,
    pub raw_amount_vnd: i64,
    pub amount_vnd: i64,
    pub legal_basis_id: &'a str,
}

pub fn set_figures(conn: &mut DbConnection, line_id: &str, f: &Figures<'_>) -> Result<(), DbError> {
    diesel::update(award_decision_lines::table.find(line_id))
        .set((
            award_decision_lines::coefficient_id.eq(f.coefficient_id),
            award_decision_lines::coefficient_milli.eq(f.coefficient_milli),
            award_decision_lines::base_salary_id.eq(f.base_salary_id),
            award_decision_lines::base_salary_vnd.eq(f.base_salary_vnd),
            award_decision_lines::raw_amount_vnd.eq(f.raw_amount_vnd),
            award_decision_lines::amount_vnd.eq(f.amount_vnd),
            award_decision_lines::legal_basis_id.eq(f.legal_basis_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// What a revocation records on a line.
pub struct Revocation<'a> {
    pub ground: &'a str,
    pub reason: &'a str,
    pub recover_vnd: i64,
    pub revoked_by: &'a str,
    pub revoked_at: NaiveDateTime,
}

/// Revokes a line still in force at `version`.
pub fn revoke(conn: &mut DbConnection, line_id: &str, version: i32, r: &Revocation<'_>) -> Result<Guarded, DbError> {
    let updated = diesel::update(
        award_decision_lines::table
            .find(line_id)
            .filter(award_decision_lines::version.eq(version))
            .filter(award_decision_lines::revoked_at.is_null()),
    )
    .set((
        award_decision_lines::revoked_at.eq(r.revoked_at),
        award_decision_lines::revoked_by.eq(r.revoked_by),
        award_decision_lines::revoke_ground.eq(r.ground),
        award_decision_lines::revoke_reason.eq(r.reason),
        award_decision_lines::recover_vnd.eq(r.recover_vnd),
        award_decision_lines::version.eq(version + 1),
    ))
    .execute(conn)?;
    let exists = |conn: &mut DbConnection| -> Result<bool, DbError> {
        let n: i64 = award_decision_lines::table.find(line_id).count().get_result(conn)?;
        Ok(n > 0)
    };
    super::guarded(updated, || exists(conn))
}
