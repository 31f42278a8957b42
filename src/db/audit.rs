//! The `audit_events` table: append-only. Events are written in the same
//! transaction as the change they record; nothing updates or deletes them.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{audit_events, evidence, org_units, report_comments, reports};
use super::{DbConnection, DbError};
use crate::domain::page::Page;

/// One recorded change.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    pub id: String,
    pub at: DateTime<Utc>,
    /// `user:<id>`, `service:<id>` or `system`.
    pub actor: String,
    pub request_id: Option<String>,
    /// The kind of record: `report`, `report_value`, …
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    /// JSON of the record before and after the change.
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn record(conn: &mut DbConnection, e: &AuditEvent) -> Result<(), DbError> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::id.eq(&e.id),
            audit_events::at.eq(e.at.naive_utc()),
            audit_events::actor.eq(&e.actor),
            audit_events::request_id.eq(e.request_id.as_deref()),
            audit_events::entity.eq(&e.entity),
            audit_events::entity_id.eq(&e.entity_id),
            audit_events::action.eq(&e.action),
            audit_events::before.eq(e.before.as_deref()),
            audit_events::after.eq(e.after.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Default)]
pub struct Filter {
    /// Only events of records whose unit lies inside this subtree. Every
    /// audited record belongs to a report (the report, its values, evidence
    /// and comments); a new kind of audited record needs its branch below.
    pub within: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

type Row = (String, NaiveDateTime, String, Option<String>, String, String, String, Option<String>, Option<String>);

pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<(Vec<AuditEvent>, u64), DbError> {
    let query = || {
        let inside = format!("{}%", filter.within);
        let reports_inside = || {
            reports::table.inner_join(org_units::table).filter(org_units::path.like(inside.clone())).select(reports::id)
        };
        let evidence_inside = evidence::table.filter(evidence::report_id.eq_any(reports_inside())).select(evidence::id);
        let comments_inside = report_comments::table
            .filter(report_comments::report_id.eq_any(reports_inside()))
            .select(report_comments::id);
        let mut query = audit_events::table
            .filter(
                (audit_events::entity.eq("report").and(audit_events::entity_id.eq_any(reports_inside())))
                    .or(audit_events::entity.eq("evidence").and(audit_events::entity_id.eq_any(evidence_inside)))
                    .or(audit_events::entity.eq("report_comment").and(audit_events::entity_id.eq_any(comments_inside))),
            )
            .into_boxed();
        if let Some(v) = &filter.entity {
            query = query.filter(audit_events::entity.eq(v.clone()));
        }
        if let Some(v) = &filter.entity_id {
            query = query.filter(audit_events::entity_id.eq(v.clone()));
        }
        if let Some(v) = &filter.actor {
            query = query.filter(audit_events::actor.eq(v.clone()));
        }
        if let Some(v) = filter.since {
            query = query.filter(audit_events::at.ge(v.naive_utc()));
        }
        if let Some(v) = filter.until {
            query = query.filter(audit_events::at.lt(v.naive_utc()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<Row> = query()
        .select((
            audit_events::id,
            audit_events::at,
            audit_events::actor,
            audit_events::request_id,
            audit_events::entity,
            audit_events::entity_id,
            audit_events::action,
            audit_events::before,
            audit_events::after,
        ))
        .order((audit_events::at.asc(), audit_events::id.asc()))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    let events = rows
        .into_iter()
        .map(|(id, at, actor, request_id, entity, entity_id, action, before, after)| AuditEvent {
            id,
            at: at.and_utc(),
            actor,
            request_id,
            entity,
            entity_id,
            action,
            before,
            after,
        })
        .collect();
    Ok((events, u64::try_from(total).unwrap_or(0)))
}
