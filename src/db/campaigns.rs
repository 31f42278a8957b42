//! The `campaigns` and `campaign_participants` tables.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{campaign_participants, campaigns, org_units};
use super::{DbConnection, DbError, Guarded};
use crate::domain::campaign::Campaign;
use crate::domain::org::OrgKind;
use crate::domain::page::Paging;
use crate::domain::periods::Deadlines;

type Row = (
    String,
    String,
    String,
    String,
    NaiveDate,
    NaiveDate,
    NaiveDate,
    String,
    String,
    String,
    String,
    i32,
    i32,
    bool,
    i32,
    NaiveDateTime,
    NaiveDateTime,
    Option<String>,
);

/// The columns of a `Row`, in order.
type Columns = (
    campaigns::id,
    campaigns::code,
    campaigns::title,
    campaigns::issuer_id,
    campaigns::issued_on,
    campaigns::starts_on,
    campaigns::ends_on,
    campaigns::period_type,
    campaigns::legal_bases,
    campaigns::description,
    campaigns::status,
    campaigns::submission_days,
    campaigns::lock_days,
    campaigns::results_public,
    campaigns::version,
    campaigns::created_at,
    campaigns::updated_at,
    campaigns::lineage,
);

const COLUMNS: Columns = (
    campaigns::id,
    campaigns::code,
    campaigns::title,
    campaigns::issuer_id,
    campaigns::issued_on,
    campaigns::starts_on,
    campaigns::ends_on,
    campaigns::period_type,
    campaigns::legal_bases,
    campaigns::description,
    campaigns::status,
    campaigns::submission_days,
    campaigns::lock_days,
    campaigns::results_public,
    campaigns::version,
    campaigns::created_at,
    campaigns::updated_at,
    campaigns::lineage,
);

fn from_row(row: Row) -> Result<Campaign, DbError> {
    let (
        id,
        code,
        title,
        issuer_id,
        issued_on,
        starts_on,
        ends_on,
        period_type,
        legal_bases,
        description,
        status,
        submission_days,
        lock_days,
        results_public,
        version,
        created_at,
        updated_at,
        lineage,
    ) = row;
    let bad = |what: &str| DbError::Other(format!("campaign {id} has an unreadable {what}"));
    Ok(Campaign {
        period_type: period_type.parse().map_err(|_| bad("period type"))?,
        legal_bases: serde_json::from_str(&legal_bases).map_err(|_| bad("legal bases"))?,
        status: status.parse().map_err(|_| bad("status"))?,
        deadlines: Deadlines {
            submission_days: u32::try_from(submission_days).map_err(|_| bad("deadline"))?,
            lock_days: u32::try_from(lock_days).map_err(|_| bad("lock date"))?,
        },
        id,
        code,
        title,
        issuer_id,
        issued_on,
        starts_on,
        ends_on,
        description,
        results_public,
        lineage,
        version,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
    })
}

/// The fields of a campaign that its definition sets.
pub struct Fields<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub issuer_id: &'a str,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: &'a str,
    pub legal_bases: &'a [String],
    pub description: &'a str,
    pub deadlines: Deadlines,
    pub results_public: bool,
    /// Set on insert only: the original whose definition an import copies.
    pub lineage: Option<&'a str>,
}

fn legal_bases_json(bases: &[String]) -> String {
    serde_json::to_string(bases).expect("strings serialise")
}

fn days(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub fn insert(conn: &mut DbConnection, id: &str, f: Fields<'_>) -> Result<Campaign, DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::id.eq(id),
            campaigns::code.eq(f.code),
            campaigns::title.eq(f.title),
            campaigns::search_key.eq(super::search::coded_key(f.code, f.title)),
            campaigns::issuer_id.eq(f.issuer_id),
            campaigns::issued_on.eq(f.issued_on),
            campaigns::starts_on.eq(f.starts_on),
            campaigns::ends_on.eq(f.ends_on),
            campaigns::period_type.eq(f.period_type),
            campaigns::legal_bases.eq(legal_bases_json(f.legal_bases)),
            campaigns::description.eq(f.description),
            campaigns::status.eq("draft"),
            campaigns::submission_days.eq(days(f.deadlines.submission_days)),
            campaigns::lock_days.eq(days(f.deadlines.lock_days)),
            campaigns::results_public.eq(f.results_public),
            campaigns::lineage.eq(f.lineage),
            campaigns::version.eq(1),
            campaigns::created_at.eq(now),
            campaigns::updated_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, id)?.map(|(c, _)| c).ok_or(DbError::NotFound)
}

/// A campaign and the path of its issuing unit.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(Campaign, String)>, DbError> {
    let row: Option<(Row, String)> = campaigns::table
        .inner_join(org_units::table)
        .filter(campaigns::id.eq(id))
        .select((COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, path)| Ok((from_row(row)?, path))).transpose()
}

pub fn get_by_code(conn: &mut DbConnection, issuer_id: &str, code: &str) -> Result<Option<Campaign>, DbError> {
    let row: Option<Row> = campaigns::table
        .filter(campaigns::issuer_id.eq(issuer_id))
        .filter(campaigns::code.eq(code))
        .select(COLUMNS)
        .first(conn)
        .optional()?;
    row.map(from_row).transpose()
}

#[derive(Debug, Default)]
pub struct Filter {
    /// Campaigns issued inside this subtree…
    pub within: String,
    /// …or inside one of these (the units the caller's unit succeeded)…
    pub also_within: Vec<String>,
    /// …or by one of these units (the caller's ancestors, whose campaigns reach down to it).
    pub issued_above: Vec<String>,
    pub status: Option<String>,
    pub code: Option<String>,
    /// Only campaigns whose code or title holds this search key (`domain::search`).
    pub q: Option<String>,
    /// Only rows changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
}

/// One page of campaigns (by offset: latest start first), and how many match.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    paging: impl Into<Paging>,
) -> Result<(Vec<Campaign>, u64), DbError> {
    let paging = &paging.into();
    let query = || {
        let mut query = campaigns::table
            .inner_join(org_units::table)
            .filter(
                org_units::path
                    .like(format!("{}%", filter.within))
                    .or(campaigns::issuer_id.eq_any(filter.issued_above.clone())),
            )
            .into_boxed();
        // Diesel groups what came before an `or_filter`: the filters below
        // apply to every subtree.
        for subtree in &filter.also_within {
            query = query.or_filter(org_units::path.like(format!("{subtree}%")));
        }
        if let Some(status) = &filter.status {
            query = query.filter(campaigns::status.eq(status.clone()));
        }
        if let Some(code) = &filter.code {
            query = query.filter(campaigns::code.eq(code.clone()));
        }
        if let Some(q) = &filter.q {
            query = query.filter(campaigns::search_key.like(super::search::containing(q)).escape('\\'));
        }
        if let Some(since) = filter.updated_since {
            query = query.filter(campaigns::updated_at.ge(since.naive_utc()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let mut rows = query().select(COLUMNS);
    rows = match paging {
        Paging::Offset(page) => rows
            .order((campaigns::starts_on.desc(), campaigns::code.asc()))
            .offset(i64::try_from(page.offset).unwrap_or(i64::MAX)),
        Paging::After { key, .. } => {
            if let Some(key) = key {
                let at = key.updated_at.naive_utc();
                rows = rows.filter(
                    campaigns::updated_at.gt(at).or(campaigns::updated_at.eq(at).and(campaigns::id.gt(key.id.clone()))),
                );
            }
            rows.order((campaigns::updated_at.asc(), campaigns::id.asc()))
        }
    };
    let rows: Vec<Row> = rows.limit(paging.rows()).load(conn)?;
    let list = rows.into_iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((list, u64::try_from(total).unwrap_or(0)))
}

/// Rewrites a campaign's definition if it is still at `version`.
pub fn update(conn: &mut DbConnection, id: &str, version: i32, f: Fields<'_>) -> Result<Guarded, DbError> {
    let updated = diesel::update(campaigns::table.find(id).filter(campaigns::version.eq(version)))
        .set((
            campaigns::code.eq(f.code),
            campaigns::title.eq(f.title),
            campaigns::search_key.eq(super::search::coded_key(f.code, f.title)),
            campaigns::issued_on.eq(f.issued_on),
            campaigns::starts_on.eq(f.starts_on),
            campaigns::ends_on.eq(f.ends_on),
            campaigns::period_type.eq(f.period_type),
            campaigns::legal_bases.eq(legal_bases_json(f.legal_bases)),
            campaigns::description.eq(f.description),
            campaigns::submission_days.eq(days(f.deadlines.submission_days)),
            campaigns::lock_days.eq(days(f.deadlines.lock_days)),
            campaigns::results_public.eq(f.results_public),
            campaigns::version.eq(version + 1),
            campaigns::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}

/// Moves a campaign from `from` to `to` if it is still at `version` and in `from`.
pub fn set_status(conn: &mut DbConnection, id: &str, version: i32, from: &str, to: &str) -> Result<Guarded, DbError> {
    let updated = diesel::update(
        campaigns::table.find(id).filter(campaigns::version.eq(version)).filter(campaigns::status.eq(from)),
    )
    .set((
        campaigns::status.eq(to),
        campaigns::version.eq(version + 1),
        campaigns::updated_at.eq(crate::domain::now().naive_utc()),
    ))
    .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}

/// Raises a campaign's version (its criteria or participants changed).
pub fn touch(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::update(campaigns::table.find(id))
        .set((
            campaigns::version.eq(campaigns::version + 1),
            campaigns::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The participant units of a campaign, in tree order.
pub fn participants(
    conn: &mut DbConnection,
    campaign_id: &str,
) -> Result<Vec<crate::domain::accounts::OrgUnit>, DbError> {
    let rows = campaign_participants::table
        .inner_join(org_units::table)
        .filter(campaign_participants::campaign_id.eq(campaign_id))
        .select(super::org_units::COLUMNS)
        .order(org_units::path.asc())
        .load(conn)?;
    rows.into_iter().map(super::org_units::from_row).collect()
}

/// A participant as a scoreboard shows it: what its line and its criteria
/// need, no more (a province's board reads tens of thousands).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// Where it sits in the tree: whether a caller's scope holds it.
    pub path: String,
}

pub(super) type ParticipantRow = (String, String, String, String, String);

pub(super) const PARTICIPANT_COLUMNS: (
    org_units::id,
    org_units::code,
    org_units::name,
    org_units::kind,
    org_units::path,
) = (org_units::id, org_units::code, org_units::name, org_units::kind, org_units::path);

pub(super) fn participant_of(row: ParticipantRow) -> Result<Participant, DbError> {
    let (id, code, name, kind, path) = row;
    let kind = kind.parse().map_err(|_| DbError::Other(format!("org unit {id} has an unknown kind {kind:?}")))?;
    Ok(Participant { id, code, name, kind, path })
}

/// The participants of a campaign in no particular order: for a caller that
/// orders them itself (a scoreboard ranks them). Sorting 20,000 paths by the
/// database's collation took most of the participants' read on PostgreSQL
/// (a sort spilled to disk past `work_mem`).
pub fn participants_unordered(conn: &mut DbConnection, campaign_id: &str) -> Result<Vec<Participant>, DbError> {
    let rows: Vec<ParticipantRow> = campaign_participants::table
        .inner_join(org_units::table)
        .filter(campaign_participants::campaign_id.eq(campaign_id))
        .select(PARTICIPANT_COLUMNS)
        .load(conn)?;
    rows.into_iter().map(participant_of).collect()
}

/// Replaces the participants of a campaign.
pub fn set_participants(conn: &mut DbConnection, campaign_id: &str, unit_ids: &[String]) -> Result<(), DbError> {
    diesel::delete(campaign_participants::table.filter(campaign_participants::campaign_id.eq(campaign_id)))
        .execute(conn)?;
    // Many rows per statement (a province's campaign lists thousands of
    // units), below either database's limit on bound parameters.
    for chunk in unit_ids.chunks(1_000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|unit| {
                (campaign_participants::campaign_id.eq(campaign_id), campaign_participants::org_unit_id.eq(unit))
            })
            .collect();
        let statement = diesel::insert_into(campaign_participants::table).values(&rows);
        // A multi-row INSERT is built for each dialect's own connection.
        match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
    }
    Ok(())
}

/// Whether `unit` takes part in `campaign`: one row read, not the whole list.
pub fn is_participant(conn: &mut DbConnection, campaign: &str, unit: &str) -> Result<bool, DbError> {
    let n: i64 = campaign_participants::table
        .filter(campaign_participants::campaign_id.eq(campaign))
        .filter(campaign_participants::org_unit_id.eq(unit))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
