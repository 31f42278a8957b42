//! The minutes of a meeting (biên bản họp Hội đồng): who was present and
//! absent, the quorum, and for each nomination the votes, the result, the
//! public feedback recorded while it was posted and the complaints about
//! the nominee in the achievement period — never who complained.

use chrono::NaiveDate;

use super::{meeting_in, percents};
use crate::auth::Action;
use crate::db::nominees::{Concerning, Nominee};
use crate::db::{self, DbConnection};
use crate::domain::awards::SubjectKind;
use crate::domain::council::{MeetingStatus, Quorum, result, votes_needed};
use crate::domain::periods::{Deadlines, PeriodType, periods};
use crate::error::ApiError;
use crate::model::council::{
    ComplaintConsideredView, FeedbackConsideredView, MinutesMember, MinutesNomination, MinutesView, QuorumView,
    ThresholdView,
};
use crate::service::Caller;

/// The days a nomination's achievement covers: its period of the campaign,
/// or the whole campaign.
fn achievement_span(conn: &mut DbConnection, n: &Nominee) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let (period_type, starts_on, ends_on) = db::nominees::campaign_span(conn, &n.campaign_id)?
        .ok_or_else(|| ApiError::internal(&format!("nomination {} names no campaign", n.id)))?;
    let Some(period_id) = &n.period_id else { return Ok((starts_on, ends_on)) };
    let kind: PeriodType = period_type
        .parse()
        .map_err(|_| ApiError::internal(&format!("campaign {} has period type {period_type:?}", n.campaign_id)))?;
    let all = periods(kind, starts_on, ends_on, Deadlines { submission_days: 0, lock_days: 0 });
    Ok(all.into_iter().find(|p| &p.id == period_id).map_or((starts_on, ends_on), |p| (p.starts_on, p.ends_on)))
}

/// The minutes of a meeting the caller may read.
pub fn minutes(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<MinutesView, ApiError> {
    let grant = caller.may(Action::ReadCouncil)?;
    let (meeting, _) = meeting_in(conn, &grant, id)?;
    let unit = db::org_units::get(conn, &meeting.org_unit_id)?
        .ok_or_else(|| ApiError::internal(&format!("meeting {} names no org unit", meeting.id)))?;

    let attendance = db::council::attendance(conn, id)?;
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for m in db::council::members_of(conn, &meeting.org_unit_id)? {
        let came = attendance.contains(&m.id);
        if !came && !m.in_office_on(meeting.held_on) {
            continue;
        }
        let (person, _) = db::people::get(conn, &m.person_id)?
            .ok_or_else(|| ApiError::internal(&format!("council member {} names no person", m.id)))?;
        let entry = MinutesMember {
            member_id: m.id,
            person_id: person.id,
            full_name: person.full_name,
            position: person.position,
            role: m.role,
        };
        if came { present.push(entry) } else { absent.push(entry) }
    }

    // A concluded meeting answers the figures it applied; an open one, those that would apply now.
    let (quorum_now, pass_now) = percents(conn)?;
    let in_office = match meeting.members_in_office {
        Some(n) => i64::from(n),
        None => i64::try_from(present.len() + absent.len()).unwrap_or(i64::MAX),
    };
    let quorum = Quorum {
        members_in_office: in_office,
        present: i64::try_from(present.len()).unwrap_or(i64::MAX),
        quorum_percent: meeting.quorum_percent.unwrap_or(quorum_now),
    };
    let pass_percent = meeting.pass_percent.unwrap_or(pass_now);

    let considered = db::council::considered(conn, id)?;
    let ids: Vec<String> = considered.iter().map(|c| c.nomination_id.clone()).collect();
    let nominees = db::nominees::nominees(conn, &ids)?;
    let feedback = db::nominees::feedback(conn, &ids)?;
    let mut nominations = Vec::new();
    for c in considered {
        let Some(n) = nominees.iter().find(|n| n.id == c.nomination_id) else { continue };
        let (from, to) = achievement_span(conn, n)?;
        let subject = match (n.subject_kind, &n.person_id) {
            (SubjectKind::Individual, Some(person)) => Concerning::Person(person),
            _ => Concerning::Unit(&n.org_unit_id),
        };
        let complaints = db::nominees::complaints_concerning(conn, subject, from, to)?
            .into_iter()
            .map(|k| ComplaintConsideredView {
                id: k.id,
                received_on: k.received_on,
                incident_on: k.incident_on,
                legal_kind: k.legal_kind,
                conduct: k.conduct,
                status: k.status,
                outcome: k.outcome,
                conclusion_number: k.conclusion_number,
                conclusion_on: k.conclusion_on,
            })
            .collect();
        let outcome = match (c.result, c.votes, meeting.status) {
            (Some(fixed), _, _) => Some(fixed),
            (None, Some(v), MeetingStatus::Open) => Some(result(i64::from(v.votes_for), in_office, pass_percent)),
            _ => None,
        };
        nominations.push(MinutesNomination {
            nomination_id: n.id.clone(),
            subject_kind: n.subject_kind,
            subject_name: n.subject_name().to_owned(),
            org_unit_id: n.org_unit_id.clone(),
            org_unit_name: n.org_unit_name.clone(),
            award_type_id: n.award_type_id.clone(),
            award_type_name: n.award_type_name.clone(),
            campaign_id: n.campaign_id.clone(),
            period_id: n.period_id.clone(),
            achievement_from: from,
            achievement_to: to,
            votes: c.votes.map(Into::into),
            result: outcome,
            feedback: feedback
                .iter()
                .filter(|f| f.nomination_id == n.id)
                .map(|f| FeedbackConsideredView {
                    received_on: f.received_on,
                    source: f.source.clone(),
                    body: f.body.clone(),
                })
                .collect(),
            complaints,
        });
    }

    Ok(MinutesView {
        meeting_id: meeting.id,
        org_unit_id: unit.id,
        org_unit_name: unit.name,
        held_on: meeting.held_on,
        title: meeting.title,
        notes: meeting.notes,
        status: meeting.status,
        quorum: QuorumView {
            members_in_office: quorum.members_in_office,
            present: quorum.present,
            quorum_percent: quorum.quorum_percent,
            needed: quorum.needed(),
            met: quorum.met(),
            rule: format!(
                "More than {} % of the members in office on the meeting's day attend (setting council.quorum_percent).",
                quorum.quorum_percent
            ),
        },
        threshold: ThresholdView {
            pass_percent,
            votes_needed: votes_needed(in_office, pass_percent),
            rule: format!(
                "A nomination passes with votes for from at least {pass_percent} % of all the members in office on \
                 the meeting's day, present or not (setting council.pass_percent)."
            ),
        },
        present,
        absent,
        nominations,
        version: meeting.version,
    })
}
