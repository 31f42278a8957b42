//! Stand-ins for what other parts of issue 13 do through their own
//! endpoints, written straight to the server's database so the nominations
//! can be tested alone: a complaint in the register (`POST
//! /api/v1/complaints` once the register is merged) and a council meeting's
//! conclusion (posted → reviewed, with its result). Each writes what those
//! use cases write — the row, the history entry — and nothing more; replace
//! a call here by the API call when the endpoint exists.

use chrono::NaiveDate;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use reqwest::Method;
use serde_json::json;
use thidua::db::DbError;
use thidua::db::schema::{complaints, nomination_events, nominations};

use super::TestApp;
use super::fixture::{Fixture, PASSWORD, id_of};

/// A complaint as the register would hold it.
pub struct Complaint<'a> {
    pub org_unit_id: &'a str,
    pub person_id: Option<&'a str>,
    pub conduct: &'a str,
    pub incident_on: NaiveDate,
    /// `received`, `in_progress`, `concluded`, `withdrawn`, `not_accepted`.
    pub status: &'a str,
    /// With `concluded`: `founded`, `partly_founded` or `unfounded`.
    pub outcome: Option<&'a str>,
}

/// Records a complaint; returns its id. A concluded one carries the
/// conclusion `15/KL-UBND` of 2026-01-15 by the commune chairman.
pub async fn insert_complaint(app: &TestApp, c: Complaint<'_>) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let concluded = c.status == "concluded";
    let row = (
        complaints::id.eq(id.clone()),
        complaints::received_on.eq(c.incident_on),
        complaints::channel.eq("one_stop_desk"),
        complaints::legal_kind.eq("feedback"),
        complaints::conduct.eq(c.conduct.to_owned()),
        complaints::incident_on.eq(c.incident_on),
        complaints::org_unit_id.eq(c.org_unit_id.to_owned()),
        complaints::person_id.eq(c.person_id.map(str::to_owned)),
        complaints::description.eq("Phản ánh thử nghiệm"),
        complaints::complainant_name.eq(Some("Người phản ánh")),
        complaints::status.eq(c.status.to_owned()),
        complaints::outcome.eq(c.outcome.map(str::to_owned)),
    );
    let conclusion = (
        complaints::conclusion_number.eq(concluded.then_some("15/KL-UBND")),
        complaints::conclusion_on.eq(concluded.then(|| NaiveDate::from_ymd_opt(2026, 1, 15).unwrap())),
        complaints::conclusion_issuer.eq(concluded.then_some("Chủ tịch UBND xã")),
        complaints::version.eq(1),
        complaints::created_by.eq("test"),
        complaints::created_at.eq(chrono::Utc::now().naive_utc()),
        complaints::updated_at.eq(chrono::Utc::now().naive_utc()),
    );
    app.db
        .write(move |conn| {
            diesel::insert_into(complaints::table).values((row, conclusion)).execute(conn).map_err(DbError::from)
        })
        .await
        .expect("the complaint is recorded");
    id
}

/// What concluding a council meeting does to a nomination it considered:
/// posted (or, for a test, any status) → reviewed with the result, one more
/// version and a history entry.
pub async fn council_reviewed(app: &TestApp, nomination_id: &str, result: &str) {
    let (id, result) = (nomination_id.to_owned(), result.to_owned());
    app.db
        .write(move |conn| {
            let (status, version): (String, i32) = nominations::table
                .find(&id)
                .select((nominations::status, nominations::version))
                .first(conn)
                .map_err(DbError::from)?;
            let now = chrono::Utc::now().naive_utc();
            diesel::update(nominations::table.find(&id))
                .set((
                    nominations::status.eq("reviewed"),
                    nominations::council_result.eq(Some(result.clone())),
                    nominations::version.eq(version + 1),
                    nominations::updated_at.eq(now),
                ))
                .execute(conn)
                .map_err(DbError::from)?;
            diesel::insert_into(nomination_events::table)
                .values((
                    nomination_events::id.eq(uuid::Uuid::now_v7().to_string()),
                    nomination_events::nomination_id.eq(&id),
                    nomination_events::actor.eq("test:council"),
                    nomination_events::at.eq(now),
                    nomination_events::action.eq("review"),
                    nomination_events::from_status.eq(Some(status)),
                    nomination_events::to_status.eq("reviewed"),
                    nomination_events::reason.eq(Some(format!("council {result}"))),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("the council's result is recorded");
}

/// Two nominations of unit B on the fixture's running campaign, each
/// reviewed and passed by the council: a commune Giấy khen (`reviewed_commune`,
/// for the chairman to decide) and a "Tập thể lao động tiên tiến", an
/// award of the district (`reviewed_district`, to forward).
pub async fn reviewed_nominations(app: &TestApp, fixture: &Fixture) -> Vec<(&'static str, String)> {
    let office = app.login("office", PASSWORD).await;
    let mut made = Vec::new();
    for (name, award) in
        [("reviewed_commune", "at-giay-khen-xa"), ("reviewed_district", "at-tap-the-lao-dong-tien-tien")]
    {
        let created = app
            .call(Method::POST, "/api/v1/nominations")
            .bearer(&office)
            .json(json!({ "campaign_id": fixture.active_campaign, "period_id": fixture.current_period,
                          "subject_kind": "collective", "org_unit_id": fixture.unit_b, "award_type_id": award,
                          "summary": "Hoàn thành xuất sắc nhiệm vụ", "achievement_text": "" }))
            .send()
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = id_of(&created.body);
        council_reviewed(app, &id, "passed").await;
        made.push((name, id));
    }
    made
}
