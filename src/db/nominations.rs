//! The `nominations` table. A nomination's history and feedback are in
//! `db::nomination_history`; what the eligibility rules read beside it, in
//! `db::eligibility_facts`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{award_types, campaigns, nominations, org_units, people};
use super::{DbConnection, DbError};
use crate::domain::awards::IssuingLevel;
use crate::domain::nomination::{Nomination, NominationStatus};
use crate::domain::page::Paging;

#[derive(Queryable)]
struct Row {
    id: String,
    campaign_id: String,
    period_id: Option<String>,
    subject_kind: String,
    org_unit_id: String,
    person_id: Option<String>,
    award_type_id: String,
    summary: String,
    achievement_text: String,
    task_rating: Option<String>,
    status: String,
    posted_on: Option<NaiveDate>,
    posted_until: Option<NaiveDate>,
    council_meeting_id: Option<String>,
    council_result: Option<String>,
    decided_by: Option<String>,
    decided_at: Option<NaiveDateTime>,
    decision_reason: Option<String>,
    override_reason: Option<String>,
    forwarded_at: Option<NaiveDateTime>,
    superior_decision_number: Option<String>,
    superior_decision_on: Option<NaiveDate>,
    superior_decision_issuer: Option<String>,
    version: i32,
    created_by: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

type Columns = (
    nominations::id,
    nominations::campaign_id,
    nominations::period_id,
    nominations::subject_kind,
    nominations::org_unit_id,
    nominations::person_id,
    nominations::award_type_id,
    nominations::summary,
    nominations::achievement_text,
    nominations::task_rating,
    nominations::status,
    nominations::posted_on,
    nominations::posted_until,
    nominations::council_meeting_id,
    nominations::council_result,
    nominations::decided_by,
    nominations::decided_at,
    nominations::decision_reason,
    nominations::override_reason,
    nominations::forwarded_at,
    nominations::superior_decision_number,
    nominations::superior_decision_on,
    nominations::superior_decision_issuer,
    nominations::version,
    nominations::created_by,
    nominations::created_at,
    nominations::updated_at,
);

const COLUMNS: Columns = (
    nominations::id,
    nominations::campaign_id,
    nominations::period_id,
    nominations::subject_kind,
    nominations::org_unit_id,
    nominations::person_id,
    nominations::award_type_id,
    nominations::summary,
    nominations::achievement_text,
    nominations::task_rating,
    nominations::status,
    nominations::posted_on,
    nominations::posted_until,
    nominations::council_meeting_id,
    nominations::council_result,
    nominations::decided_by,
    nominations::decided_at,
    nominations::decision_reason,
    nominations::override_reason,
    nominations::forwarded_at,
    nominations::superior_decision_number,
    nominations::superior_decision_on,
    nominations::superior_decision_issuer,
    nominations::version,
    nominations::created_by,
    nominations::created_at,
    nominations::updated_at,
);

impl TryFrom<Row> for Nomination {
    type Error = DbError;

    fn try_from(r: Row) -> Result<Self, DbError> {
        let bad = |what: &str| DbError::Other(format!("nomination {} has an unreadable {what}", r.id));
        Ok(Nomination {
            subject_kind: r.subject_kind.parse().map_err(|_| bad("subject kind"))?,
            task_rating: r.task_rating.as_deref().map(str::parse).transpose().map_err(|_| bad("task rating"))?,
            status: r.status.parse().map_err(|_| bad("status"))?,
            council_result: r
                .council_result
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|_| bad("council result"))?,
            id: r.id,
            campaign_id: r.campaign_id,
            period_id: r.period_id,
            org_unit_id: r.org_unit_id,
            person_id: r.person_id,
            award_type_id: r.award_type_id,
            summary: r.summary,
            achievement_text: r.achievement_text,
            posted_on: r.posted_on,
            posted_until: r.posted_until,
            council_meeting_id: r.council_meeting_id,
            decided_by: r.decided_by,
            decided_at: r.decided_at.map(|t| t.and_utc()),
            decision_reason: r.decision_reason,
            override_reason: r.override_reason,
            forwarded_at: r.forwarded_at.map(|t| t.and_utc()),
            superior_decision_number: r.superior_decision_number,
            superior_decision_on: r.superior_decision_on,
            superior_decision_issuer: r.superior_decision_issuer,
            version: r.version,
            created_by: r.created_by,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

/// A nomination with the names it is shown with and the path that scopes it.
#[derive(Clone, Debug)]
pub struct Record {
    pub nomination: Nomination,
    /// The participant unit's path (who may see the nomination) and name.
    pub unit_path: String,
    pub unit_name: String,
    pub person_name: Option<String>,
    pub person_position: Option<String>,
    pub award_type_code: String,
    pub award_type_name: String,
    pub issuing_level: IssuingLevel,
}

type Extra = (String, String, Option<String>, Option<String>, String, String, String);

type ExtraColumns = (
    org_units::path,
    org_units::name,
    diesel::dsl::Nullable<people::full_name>,
    diesel::dsl::Nullable<people::position>,
    award_types::code,
    award_types::name,
    award_types::issuing_level,
);

/// The names shown with a nomination, from its unit, its person and its award type.
fn extra() -> ExtraColumns {
    (
        org_units::path,
        org_units::name,
        people::full_name.nullable(),
        people::position.nullable(),
        award_types::code,
        award_types::name,
        award_types::issuing_level,
    )
}

fn record((row, extra): (Row, Extra)) -> Result<Record, DbError> {
    let (unit_path, unit_name, person_name, person_position, award_type_code, award_type_name, level) = extra;
    let issuing_level = level
        .parse()
        .map_err(|_| DbError::Other(format!("award type {award_type_code} has an unknown issuing level {level:?}")))?;
    Ok(Record {
        nomination: Nomination::try_from(row)?,
        unit_path,
        unit_name,
        person_name,
        person_position,
        award_type_code,
        award_type_name,
        issuing_level,
    })
}

/// One nomination with its names.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<Record>, DbError> {
    let row: Option<(Row, Extra)> = nominations::table
        .inner_join(org_units::table)
        .left_join(people::table)
        .inner_join(award_types::table)
        .filter(nominations::id.eq(id))
        .select((COLUMNS, extra()))
        .first(conn)
        .optional()?;
    row.map(record).transpose()
}

/// Which nominations a list holds.
#[derive(Debug, Default)]
pub struct Filter {
    /// Nominations of units inside this subtree…
    pub within: String,
    /// …and, for the superior level, only those forwarded to it.
    pub forwarded_only: bool,
    pub campaign_id: Option<String>,
    /// `Some(None)`: whole-campaign achievements only.
    pub period_id: Option<Option<String>>,
    pub statuses: Vec<String>,
    pub subject_kind: Option<String>,
    pub award_type_id: Option<String>,
    pub org_unit_id: Option<String>,
    /// The achievement's year: its period's, or any year the campaign runs in.
    pub year: Option<i32>,
    /// Only rows changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
}

/// One page of nominations (every one when `paging` is `None`), newest
/// first by offset (in proposal order when `proposal_order`), and how many match.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    paging: Option<&Paging>,
    proposal_order: bool,
) -> Result<(Vec<Record>, u64), DbError> {
    let query = || {
        let mut query = nominations::table
            .inner_join(org_units::table)
            .left_join(people::table)
            .inner_join(award_types::table)
            .inner_join(campaigns::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        if filter.forwarded_only {
            query = query.filter(nominations::forwarded_at.is_not_null());
        }
        if let Some(campaign) = &filter.campaign_id {
            query = query.filter(nominations::campaign_id.eq(campaign.clone()));
        }
        match &filter.period_id {
            Some(Some(period)) => query = query.filter(nominations::period_id.eq(period.clone())),
            Some(None) => query = query.filter(nominations::period_id.is_null()),
            None => {}
        }
        if !filter.statuses.is_empty() {
            query = query.filter(nominations::status.eq_any(filter.statuses.clone()));
        }
        if let Some(kind) = &filter.subject_kind {
            query = query.filter(nominations::subject_kind.eq(kind.clone()));
        }
        if let Some(award) = &filter.award_type_id {
            query = query.filter(nominations::award_type_id.eq(award.clone()));
        }
        if let Some(unit) = &filter.org_unit_id {
            query = query.filter(nominations::org_unit_id.eq(unit.clone()));
        }
        if let Some(year) = filter.year {
            let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
            let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
            query = query.filter(nominations::period_id.like(format!("{year}%")).or(
                nominations::period_id.is_null().and(campaigns::starts_on.le(last)).and(campaigns::ends_on.ge(first)),
            ));
        }
        if let Some(since) = filter.updated_since {
            query = query.filter(nominations::updated_at.ge(since.naive_utc()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let mut rows = query().select((COLUMNS, extra()));
    rows = if proposal_order {
        rows.order((
            award_types::code.asc(),
            nominations::subject_kind.asc(),
            org_units::name.asc(),
            people::full_name.nullable().asc(),
            nominations::id.asc(),
        ))
    } else if let Some(Paging::After { key, .. }) = paging {
        if let Some(key) = key {
            let at = key.updated_at.naive_utc();
            rows = rows.filter(
                nominations::updated_at
                    .gt(at)
                    .or(nominations::updated_at.eq(at).and(nominations::id.gt(key.id.clone()))),
            );
        }
        rows.order((nominations::updated_at.asc(), nominations::id.asc()))
    } else {
        rows.order((nominations::created_at.desc(), nominations::id.desc()))
    };
    if let Some(paging) = paging {
        rows = rows.limit(paging.rows()).offset(i64::try_from(paging.offset()).unwrap_or(i64::MAX));
    }
    let loaded: Vec<(Row, Extra)> = rows.load(conn)?;
    let records = loaded.into_iter().map(record).collect::<Result<_, _>>()?;
    Ok((records, u64::try_from(total).unwrap_or(0)))
}

/// What a new nomination holds.
pub struct NewNomination<'a> {
    pub id: &'a str,
    pub campaign_id: &'a str,
    pub period_id: Option<&'a str>,
    pub subject_kind: &'a str,
    pub org_unit_id: &'a str,
    pub person_id: Option<&'a str>,
    pub created_by: &'a str,
    pub content: Content<'a>,
}

/// What may change while a nomination is editable.
pub struct Content<'a> {
    pub award_type_id: &'a str,
    pub summary: &'a str,
    pub achievement_text: &'a str,
    pub task_rating: Option<&'a str>,
}

pub fn insert(conn: &mut DbConnection, n: NewNomination<'_>) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(nominations::table)
        .values((
            nominations::id.eq(n.id),
            nominations::campaign_id.eq(n.campaign_id),
            nominations::period_id.eq(n.period_id),
            nominations::subject_kind.eq(n.subject_kind),
            nominations::org_unit_id.eq(n.org_unit_id),
            nominations::person_id.eq(n.person_id),
            nominations::award_type_id.eq(n.content.award_type_id),
            nominations::summary.eq(n.content.summary),
            nominations::achievement_text.eq(n.content.achievement_text),
            nominations::task_rating.eq(n.content.task_rating),
            nominations::status.eq(NominationStatus::Draft.as_str()),
            nominations::version.eq(1),
            nominations::created_by.eq(n.created_by),
            nominations::created_at.eq(now),
            nominations::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces an editable nomination's content if it is still at `version`
/// and in `status`; `false` when it was not (someone changed it first).
pub fn update_content(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    status: NominationStatus,
    c: Content<'_>,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        nominations::table
            .find(id)
            .filter(nominations::version.eq(version))
            .filter(nominations::status.eq(status.as_str())),
    )
    .set((
        nominations::award_type_id.eq(c.award_type_id),
        nominations::summary.eq(c.summary),
        nominations::achievement_text.eq(c.achievement_text),
        nominations::task_rating.eq(c.task_rating),
        nominations::version.eq(version + 1),
        nominations::updated_at.eq(crate::domain::now().naive_utc()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// What a move records beside the status.
pub enum Stamp<'a> {
    Nothing,
    Posted {
        on: NaiveDate,
        until: NaiveDate,
    },
    Decided {
        by: &'a str,
        at: DateTime<Utc>,
        reason: Option<&'a str>,
        override_reason: Option<&'a str>,
    },
    Forwarded {
        at: DateTime<Utc>,
    },
    SuperiorDecided {
        by: &'a str,
        at: DateTime<Utc>,
        reason: Option<&'a str>,
        number: &'a str,
        on: NaiveDate,
        issuer: &'a str,
    },
}

/// Moves a nomination from `from` to `to` if it is still at `version` and
/// in `from`, recording `stamp`; `false` when it was not.
pub fn move_status(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    from: NominationStatus,
    to: NominationStatus,
    stamp: Stamp<'_>,
) -> Result<bool, DbError> {
    let guarded = nominations::table
        .find(id)
        .filter(nominations::version.eq(version))
        .filter(nominations::status.eq(from.as_str()));
    let moved = (
        nominations::status.eq(to.as_str()),
        nominations::version.eq(version + 1),
        nominations::updated_at.eq(crate::domain::now().naive_utc()),
    );
    let updated = match stamp {
        Stamp::Nothing => diesel::update(guarded).set(moved).execute(conn)?,
        Stamp::Posted { on, until } => diesel::update(guarded)
            .set((moved, nominations::posted_on.eq(on), nominations::posted_until.eq(until)))
            .execute(conn)?,
        Stamp::Decided { by, at, reason, override_reason } => diesel::update(guarded)
            .set((
                moved,
                nominations::decided_by.eq(by),
                nominations::decided_at.eq(at.naive_utc()),
                nominations::decision_reason.eq(reason),
                nominations::override_reason.eq(override_reason),
            ))
            .execute(conn)?,
        Stamp::Forwarded { at } => {
            diesel::update(guarded).set((moved, nominations::forwarded_at.eq(at.naive_utc()))).execute(conn)?
        }
        Stamp::SuperiorDecided { by, at, reason, number, on, issuer } => diesel::update(guarded)
            .set((
                moved,
                nominations::decided_by.eq(by),
                nominations::decided_at.eq(at.naive_utc()),
                nominations::decision_reason.eq(reason),
                nominations::superior_decision_number.eq(number),
                nominations::superior_decision_on.eq(on),
                nominations::superior_decision_issuer.eq(issuer),
            ))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

/// The id of a live nomination (neither withdrawn nor rejected) of the same
/// subject for the same award type and achievement, other than `except`.
pub fn live_duplicate(
    conn: &mut DbConnection,
    campaign_id: &str,
    period_id: Option<&str>,
    org_unit_id: &str,
    person_id: Option<&str>,
    award_type_id: &str,
    except: Option<&str>,
) -> Result<Option<String>, DbError> {
    let mut query = nominations::table
        .filter(nominations::campaign_id.eq(campaign_id))
        .filter(nominations::org_unit_id.eq(org_unit_id))
        .filter(nominations::award_type_id.eq(award_type_id))
        .filter(nominations::status.ne_all(["withdrawn", "rejected"]))
        .select(nominations::id)
        .into_boxed();
    query = match period_id {
        Some(p) => query.filter(nominations::period_id.eq(p.to_owned())),
        None => query.filter(nominations::period_id.is_null()),
    };
    query = match person_id {
        Some(p) => query.filter(nominations::person_id.eq(p.to_owned())),
        None => query.filter(nominations::person_id.is_null()),
    };
    if let Some(except) = except {
        query = query.filter(nominations::id.ne(except.to_owned()));
    }
    Ok(query.first(conn).optional()?)
}
