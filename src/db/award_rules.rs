//! The `award_rules` and `award_bars` tables: what earns each award in a
//! campaign, and which complaints bar its nominees.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{award_bars, award_rules, campaigns, org_units};
use super::{DbConnection, DbError, Guarded};
use crate::domain::award_rules::{AwardBar, AwardRule, conducts_text, parse_conducts};

#[derive(Queryable)]
struct RuleRow {
    id: String,
    campaign_id: String,
    award_type_id: String,
    subject_kind: String,
    min_score: Option<f64>,
    all_targets_met: bool,
    max_rank: Option<i32>,
    min_rating: Option<String>,
    basis: String,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

const RULE_COLUMNS: (
    award_rules::id,
    award_rules::campaign_id,
    award_rules::award_type_id,
    award_rules::subject_kind,
    award_rules::min_score,
    award_rules::all_targets_met,
    award_rules::max_rank,
    award_rules::min_rating,
    award_rules::basis,
    award_rules::version,
    award_rules::created_at,
    award_rules::updated_at,
) = (
    award_rules::id,
    award_rules::campaign_id,
    award_rules::award_type_id,
    award_rules::subject_kind,
    award_rules::min_score,
    award_rules::all_targets_met,
    award_rules::max_rank,
    award_rules::min_rating,
    award_rules::basis,
    award_rules::version,
    award_rules::created_at,
    award_rules::updated_at,
);

impl TryFrom<RuleRow> for AwardRule {
    type Error = DbError;

    fn try_from(r: RuleRow) -> Result<Self, DbError> {
        let bad = |what: &str| DbError::Other(format!("award rule {} has an unreadable {what}", r.id));
        Ok(AwardRule {
            subject_kind: r.subject_kind.parse().map_err(|_| bad("subject kind"))?,
            max_rank: r.max_rank.map(u32::try_from).transpose().map_err(|_| bad("rank"))?,
            min_rating: r.min_rating.as_deref().map(str::parse).transpose().map_err(|_| bad("rating"))?,
            id: r.id,
            campaign_id: r.campaign_id,
            award_type_id: r.award_type_id,
            min_score: r.min_score,
            all_targets_met: r.all_targets_met,
            basis: r.basis,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

/// A campaign's rules, by award type and subject kind.
pub fn of_campaign(conn: &mut DbConnection, campaign_id: &str) -> Result<Vec<AwardRule>, DbError> {
    let rows: Vec<RuleRow> = award_rules::table
        .filter(award_rules::campaign_id.eq(campaign_id))
        .select(RULE_COLUMNS)
        .order((award_rules::award_type_id, award_rules::subject_kind))
        .load(conn)?;
    rows.into_iter().map(AwardRule::try_from).collect()
}

/// A rule and the path of its campaign's issuing unit.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(AwardRule, String)>, DbError> {
    let row: Option<(RuleRow, String)> = award_rules::table
        .inner_join(campaigns::table.inner_join(org_units::table))
        .filter(award_rules::id.eq(id))
        .select((RULE_COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, path)| Ok((AwardRule::try_from(row)?, path))).transpose()
}

/// The campaign's rule for an award type and subject kind.
pub fn rule_for(
    conn: &mut DbConnection,
    campaign_id: &str,
    award_type_id: &str,
    subject_kind: &str,
) -> Result<Option<AwardRule>, DbError> {
    let row: Option<RuleRow> = award_rules::table
        .filter(award_rules::campaign_id.eq(campaign_id))
        .filter(award_rules::award_type_id.eq(award_type_id))
        .filter(award_rules::subject_kind.eq(subject_kind))
        .select(RULE_COLUMNS)
        .first(conn)
        .optional()?;
    row.map(AwardRule::try_from).transpose()
}

/// The fields of a rule.
pub struct RuleFields<'a> {
    pub award_type_id: &'a str,
    pub subject_kind: &'a str,
    pub min_score: Option<f64>,
    pub all_targets_met: bool,
    pub max_rank: Option<i32>,
    pub min_rating: Option<&'a str>,
    pub basis: &'a str,
}

pub fn insert(conn: &mut DbConnection, id: &str, campaign_id: &str, f: RuleFields<'_>) -> Result<(), DbError> {
    let now = crate::domain::now().naive_utc();
    diesel::insert_into(award_rules::table)
        .values((
            award_rules::id.eq(id),
            award_rules::campaign_id.eq(campaign_id),
            award_rules::award_type_id.eq(f.award_type_id),
            award_rules::subject_kind.eq(f.subject_kind),
            award_rules::min_score.eq(f.min_score),
            award_rules::all_targets_met.eq(f.all_targets_met),
            award_rules::max_rank.eq(f.max_rank),
            award_rules::min_rating.eq(f.min_rating),
            award_rules::basis.eq(f.basis),
            award_rules::version.eq(1),
            award_rules::created_at.eq(now),
            award_rules::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces a rule's fields if it is still at `version`.
pub fn update(conn: &mut DbConnection, id: &str, version: i32, f: RuleFields<'_>) -> Result<Guarded, DbError> {
    let updated = diesel::update(award_rules::table.find(id).filter(award_rules::version.eq(version)))
        .set((
            award_rules::award_type_id.eq(f.award_type_id),
            award_rules::subject_kind.eq(f.subject_kind),
            award_rules::min_score.eq(f.min_score),
            award_rules::all_targets_met.eq(f.all_targets_met),
            award_rules::max_rank.eq(f.max_rank),
            award_rules::min_rating.eq(f.min_rating),
            award_rules::basis.eq(f.basis),
            award_rules::version.eq(version + 1),
            award_rules::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}

/// Deletes a rule if it is still at `version`.
pub fn delete(conn: &mut DbConnection, id: &str, version: i32) -> Result<Guarded, DbError> {
    let deleted = diesel::delete(award_rules::table.find(id).filter(award_rules::version.eq(version))).execute(conn)?;
    super::guarded(deleted, || Ok(get(conn, id)?.is_some()))
}

type BarRow = (String, String, bool, String, i32, NaiveDateTime);

/// The campaign's stored bar; `None` while it keeps the default.
pub fn bar(conn: &mut DbConnection, campaign_id: &str) -> Result<Option<AwardBar>, DbError> {
    let row: Option<BarRow> = award_bars::table
        .find(campaign_id)
        .select((
            award_bars::campaign_id,
            award_bars::barred_conducts,
            award_bars::members_bar_collective,
            award_bars::basis,
            award_bars::version,
            award_bars::updated_at,
        ))
        .first(conn)
        .optional()?;
    row.map(|(campaign_id, conducts, members, basis, version, updated_at)| {
        let barred_conducts = parse_conducts(&conducts)
            .map_err(|e| DbError::Other(format!("the bar of campaign {campaign_id} is unreadable: {e}")))?;
        Ok(AwardBar {
            campaign_id,
            barred_conducts,
            members_bar_collective: members,
            basis,
            version,
            updated_at: Some(updated_at.and_utc()),
        })
    })
    .transpose()
}

/// Stores a campaign's bar read at `version`: 0 (the default) inserts it,
/// another version replaces it if still current.
pub fn put_bar(conn: &mut DbConnection, bar: &AwardBar, version: i32) -> Result<Guarded, DbError> {
    let now = crate::domain::now().naive_utc();
    let conducts = conducts_text(&bar.barred_conducts);
    if version == 0 {
        let inserted = diesel::insert_into(award_bars::table)
            .values((
                award_bars::campaign_id.eq(&bar.campaign_id),
                award_bars::barred_conducts.eq(&conducts),
                award_bars::members_bar_collective.eq(bar.members_bar_collective),
                award_bars::basis.eq(&bar.basis),
                award_bars::version.eq(1),
                award_bars::updated_at.eq(now),
            ))
            .execute(conn);
        return match inserted {
            Ok(_) => Ok(Guarded::Done),
            // Someone stored one first.
            Err(e) => match DbError::from(e) {
                DbError::UniqueViolation(_) => Ok(Guarded::Stale),
                other => Err(other),
            },
        };
    }
    let updated = diesel::update(award_bars::table.find(&bar.campaign_id).filter(award_bars::version.eq(version)))
        .set((
            award_bars::barred_conducts.eq(&conducts),
            award_bars::members_bar_collective.eq(bar.members_bar_collective),
            award_bars::basis.eq(&bar.basis),
            award_bars::version.eq(version + 1),
            award_bars::updated_at.eq(now),
        ))
        .execute(conn)?;
    // A bar is never deleted: a stale version means someone changed it.
    Ok(if updated == 0 { Guarded::Stale } else { Guarded::Done })
}
