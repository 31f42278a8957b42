//! A stand-in for the nominations and complaints endpoints, which other
//! branches build: writes `nominations` rows in the state a test needs (and
//! their public feedback, and complaints) straight into the test database,
//! through the server's own pool. Replace each use with the API calls once
//! those endpoints exist; nothing else in the tests depends on how a row got
//! there.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use thidua::db::schema::{complaints, nomination_feedback, nominations};
use thidua::db::{DbConnection, DbError};

use super::TestApp;

/// Whom a nomination is for.
#[derive(Clone, Debug)]
pub enum Subject {
    /// A person of `unit`.
    Person { person: String, unit: String },
    /// The unit itself (a collective).
    Unit(String),
}

/// A nomination row to write.
#[derive(Clone, Debug)]
pub struct Nomination {
    pub campaign: String,
    pub subject: Subject,
    pub award_type: &'static str,
    /// `posted`, `approved`, `proposed`, …
    pub status: &'static str,
    /// Posted until this day (`posted` and later).
    pub posted_until: Option<&'static str>,
    /// Forwarded to the superior level (and decided there).
    pub forwarded: bool,
}

impl Nomination {
    /// A commune Giấy khen for the whole campaign, in `status`.
    pub fn giay_khen(campaign: &str, subject: Subject, status: &'static str) -> Self {
        Self {
            campaign: campaign.to_owned(),
            subject,
            award_type: "at-giay-khen-xa",
            status,
            posted_until: Some("2023-12-10"),
            forwarded: false,
        }
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Writes a nomination; answers its id.
pub async fn nomination(app: &TestApp, n: Nomination) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let row = id.clone();
    app.db
        .write(move |conn: &mut DbConnection| {
            let (kind, unit, person) = match &n.subject {
                Subject::Person { person, unit } => ("individual", unit.clone(), Some(person.clone())),
                Subject::Unit(unit) => ("collective", unit.clone(), None),
            };
            let forwarded_at = n.forwarded.then(now);
            diesel::insert_into(nominations::table)
                .values((
                    (
                        nominations::id.eq(&row),
                        nominations::campaign_id.eq(&n.campaign),
                        // One live nomination per subject, award and achievement
                        // (nominations_live): each stand-in is its own achievement.
                        nominations::period_id.eq(Some(format!("standin-{row}"))),
                        nominations::subject_kind.eq(kind),
                        nominations::org_unit_id.eq(unit),
                        nominations::person_id.eq(person),
                        nominations::award_type_id.eq(n.award_type),
                        nominations::summary.eq("Hoàn thành xuất sắc nhiệm vụ cải cách hành chính"),
                        nominations::achievement_text.eq("Báo cáo thành tích"),
                        nominations::status.eq(n.status),
                    ),
                    (
                        nominations::posted_on.eq(n.posted_until.map(|_| day("2023-11-26"))),
                        nominations::posted_until.eq(n.posted_until.map(day)),
                        nominations::forwarded_at.eq(forwarded_at),
                        nominations::version.eq(3),
                        nominations::created_by.eq("test"),
                        nominations::created_at.eq(now()),
                        nominations::updated_at.eq(now()),
                    ),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("the nomination row is written");
    id
}

/// Moves a nomination behind the API's back, as another session would.
pub async fn set_status(app: &TestApp, id: &str, status: &'static str) {
    let id = id.to_owned();
    app.db
        .write(move |conn: &mut DbConnection| {
            diesel::update(nominations::table.find(&id))
                .set((nominations::status.eq(status), nominations::version.eq(nominations::version + 1)))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("the nomination row is updated");
}

/// A nomination as stored: status, version, council meeting and result.
pub async fn stored(app: &TestApp, id: &str) -> (String, i32, Option<String>, Option<String>) {
    let id = id.to_owned();
    app.db
        .run(move |conn: &mut DbConnection| {
            nominations::table
                .find(&id)
                .select((
                    nominations::status,
                    nominations::version,
                    nominations::council_meeting_id,
                    nominations::council_result,
                ))
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("the nomination row is read")
}

/// The history entries of a nomination: (action, from, to, reason).
pub async fn events(app: &TestApp, id: &str) -> Vec<(String, Option<String>, String, Option<String>)> {
    use thidua::db::schema::nomination_events as e;
    let id = id.to_owned();
    app.db
        .run(move |conn: &mut DbConnection| {
            e::table
                .filter(e::nomination_id.eq(&id))
                .select((e::action, e::from_status, e::to_status, e::reason))
                .order(e::at)
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("the history is read")
}

/// Records public feedback on a posted nomination.
pub async fn feedback(
    app: &TestApp,
    nomination: &str,
    received_on: &'static str,
    source: &'static str,
    body: &'static str,
) {
    let nomination = nomination.to_owned();
    app.db
        .write(move |conn: &mut DbConnection| {
            diesel::insert_into(nomination_feedback::table)
                .values((
                    nomination_feedback::id.eq(uuid::Uuid::now_v7().to_string()),
                    nomination_feedback::nomination_id.eq(nomination),
                    nomination_feedback::received_on.eq(day(received_on)),
                    nomination_feedback::source.eq(source),
                    nomination_feedback::body.eq(body),
                    nomination_feedback::recorded_by.eq("test"),
                    nomination_feedback::created_at.eq(now()),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("the feedback row is written");
}

/// A complaint row to write.
pub struct Complaint {
    pub unit: String,
    pub person: Option<String>,
    pub incident_on: &'static str,
    pub legal_kind: &'static str,
    pub conduct: &'static str,
    /// `concluded` with an outcome, or `received`, …
    pub status: &'static str,
    pub outcome: Option<&'static str>,
    pub complainant_name: &'static str,
    pub complainant_contact: &'static str,
}

/// Writes a complaint; answers its id.
pub async fn complaint(app: &TestApp, c: Complaint) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let row = id.clone();
    app.db
        .write(move |conn: &mut DbConnection| {
            let concluded = c.status == "concluded";
            diesel::insert_into(complaints::table)
                .values((
                    (
                        complaints::id.eq(&row),
                        complaints::received_on.eq(day(c.incident_on)),
                        complaints::channel.eq("hotline"),
                        complaints::legal_kind.eq(c.legal_kind),
                        complaints::conduct.eq(c.conduct),
                        complaints::incident_on.eq(day(c.incident_on)),
                        complaints::org_unit_id.eq(&c.unit),
                        complaints::person_id.eq(&c.person),
                        complaints::description.eq("Gây khó khăn khi tiếp nhận hồ sơ"),
                        complaints::complainant_name.eq(c.complainant_name),
                        complaints::complainant_contact.eq(c.complainant_contact),
                    ),
                    (
                        complaints::status.eq(c.status),
                        complaints::outcome.eq(c.outcome),
                        complaints::conclusion_number.eq(concluded.then_some("05/KL-UBND")),
                        complaints::conclusion_on.eq(concluded.then(|| day("2023-10-30"))),
                        complaints::conclusion_issuer.eq(concluded.then_some("Chủ tịch UBND xã")),
                        complaints::version.eq(1),
                        complaints::created_by.eq("test"),
                        complaints::created_at.eq(now()),
                        complaints::updated_at.eq(now()),
                    ),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("the complaint row is written");
    id
}
