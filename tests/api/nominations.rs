//! Nominations: award rules and the bar, the workflow and its refusals,
//! eligibility explained rule by rule (each outcome), the chairman's
//! decision and its override, forwarding to the district and its decision,
//! who sees what, the suggestions and the proposal list.
//!
//! The fixture's running campaign has units A and B taking part; A's
//! approved report meets both targets (score 100, rank 1), B's misses both
//! (score 0, rank 2). Complaints and the council's review are written by
//! the stand-ins of `support::commendations` until those endpoints exist.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::standins::{Complaint, council_reviewed, insert_complaint};
use crate::support::{Answer, TestApp, fields};

pub(crate) struct Scene {
    pub(crate) app: TestApp,
    pub(crate) f: Fixture,
    pub(crate) office: String,
    pub(crate) chairman: String,
    pub(crate) district: String,
    pub(crate) reporter_a: String,
    pub(crate) reporter_b: String,
}

fn today() -> NaiveDate {
    thidua::domain::today()
}

impl Scene {
    pub(crate) async fn new() -> Self {
        let app = TestApp::spawn().await;
        let f = Fixture::build(&app).await;
        let office = app.login("office", PASSWORD).await;
        let chairman = app.login("chairman", PASSWORD).await;
        let district = app.login("district", PASSWORD).await;
        let reporter_a = app.login("reporter.a", PASSWORD).await;
        let reporter_b = app.login("reporter.b", PASSWORD).await;
        let scene = Self { app, f, office, chairman, district, reporter_a, reporter_b };
        // A meets both targets (19/20 = 95% ≥ 90%); B meets neither.
        let report_a = scene.f.report_a.clone();
        scene
            .approve(
                &report_a,
                json!([{ "criterion": "1", "achieved": true },
            { "criterion": "2", "numerator": 19, "denominator": 20 }]),
            )
            .await;
        let created = scene
            .call(
                &scene.office,
                Method::POST,
                "/api/v1/reports",
                Some(json!({ "campaign_id": scene.f.active_campaign,
                "org_unit_id": scene.f.unit_b, "period_id": scene.f.current_period })),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        scene
            .approve(
                &id_of(&created.body),
                json!([{ "criterion": "1", "achieved": false },
            { "criterion": "2", "numerator": 10, "denominator": 20 }]),
            )
            .await;
        scene
    }

    pub(crate) async fn call(&self, token: &str, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut call = self.app.call(method, path).bearer(token);
        if let Some(body) = body {
            call = call.json(body);
        }
        call.send().await
    }

    /// A call with `If-Match` set to the current version of `versioned` (read by the admin).
    pub(crate) async fn versioned(
        &self,
        token: &str,
        method: Method,
        path: &str,
        versioned: &str,
        body: Option<Value>,
    ) -> Answer {
        let current = self.app.admin_get(versioned).await;
        let mut call = self.app.call(method, path).bearer(token).header("if-match", current.header("etag").unwrap());
        if let Some(body) = body {
            call = call.json(body);
        }
        call.send().await
    }

    pub(crate) async fn approve(&self, report: &str, values: Value) {
        let path = format!("/api/v1/reports/{report}");
        let put = self
            .versioned(&self.office, Method::PUT, &format!("{path}/values"), &path, Some(json!({ "values": values })))
            .await;
        assert_eq!(put.status, 200, "{}", put.body);
        for step in ["submit", "approve"] {
            let moved = self.versioned(&self.office, Method::POST, &format!("{path}/{step}"), &path, None).await;
            assert_eq!(moved.status, 200, "{step}: {}", moved.body);
        }
    }

    pub(crate) async fn rule(&self, body: Value) -> String {
        let path = format!("/api/v1/campaigns/{}/award-rules", self.f.active_campaign);
        let created = self.call(&self.office, Method::POST, &path, Some(body)).await;
        assert_eq!(created.status, 201, "{}", created.body);
        id_of(&created.body)
    }

    /// The plan's rules: a commune Giấy khen for a unit with 90 points, every
    /// target met and a rank in the first three; "Tập thể lao động tiên
    /// tiến" (the district's) for the first; "Lao động tiên tiến" for a
    /// person who completed their tasks well.
    pub(crate) async fn rules(&self) {
        self.rule(json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "min_score": 90,
            "all_targets_met": true, "max_rank": 3, "basis": "Kế hoạch 05/KH-UBND §VI.1" }))
            .await;
        self.rule(json!({ "award_type_id": "at-tap-the-lao-dong-tien-tien", "subject_kind": "collective",
            "max_rank": 1, "basis": "Kế hoạch 05/KH-UBND §VI.1" }))
            .await;
        self.rule(json!({ "award_type_id": "at-lao-dong-tien-tien", "subject_kind": "individual",
            "min_rating": "completed_well", "basis": "Luật 06/2022/QH15, Điều 24 khoản 1" }))
            .await;
    }

    pub(crate) fn collective(&self, unit: &str, award: &str) -> Value {
        json!({ "campaign_id": self.f.active_campaign, "period_id": self.f.current_period,
            "subject_kind": "collective", "org_unit_id": unit, "award_type_id": award,
            "summary": "Hoàn thành xuất sắc các chỉ tiêu cải cách hành chính", "achievement_text": "Báo cáo thành tích." })
    }

    pub(crate) fn individual(&self, award: &str, rating: &str) -> Value {
        json!({ "campaign_id": self.f.active_campaign, "period_id": self.f.current_period,
            "subject_kind": "individual", "person_id": self.f.person_a, "award_type_id": award,
            "summary": "Cán bộ tiêu biểu", "task_rating": rating })
    }

    pub(crate) async fn nominate(&self, body: Value) -> String {
        let created = self.call(&self.office, Method::POST, "/api/v1/nominations", Some(body)).await;
        assert_eq!(created.status, 201, "{}", created.body);
        id_of(&created.body)
    }

    /// A move with the nomination's current version; asserts it lands.
    pub(crate) async fn step(&self, token: &str, id: &str, step: &str, body: Option<Value>) -> Value {
        let answer = self.try_step(token, id, step, body).await;
        assert_eq!(answer.status, 200, "{step}: {}", answer.body);
        answer.body
    }

    pub(crate) async fn try_step(&self, token: &str, id: &str, step: &str, body: Option<Value>) -> Answer {
        let path = format!("/api/v1/nominations/{id}");
        self.versioned(token, Method::POST, &format!("{path}/{step}"), &path, body).await
    }

    /// Proposed and posted from 40 days ago: the posting is over.
    pub(crate) async fn posted(&self, id: &str) {
        self.step(&self.office, id, "propose", None).await;
        let on = today() - Days::new(40);
        self.step(&self.office, id, "post", Some(json!({ "posted_on": on }))).await;
    }

    pub(crate) async fn eligibility(&self, token: &str, id: &str) -> Answer {
        self.call(token, Method::GET, &format!("/api/v1/nominations/{id}/eligibility"), None).await
    }

    /// One rule of the eligibility, as the office reads it.
    pub(crate) async fn rule_outcome(&self, id: &str, code: &str) -> Value {
        let answer = self.eligibility(&self.office, id).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body["rules"].as_array().unwrap().iter().find(|r| r["code"] == code).unwrap().clone()
    }
}

/// `from` + `n` working days, counted here by hand.
fn working_days_after(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day + Days::new(1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

#[actix_web::test]
async fn award_rules_and_the_bar_are_set_by_the_office_and_read_by_all() {
    let s = Scene::new().await;
    let campaign = &s.f.active_campaign;
    let bar_path = format!("/api/v1/campaigns/{campaign}/award-bar");

    // No bar set: plan 05's five categories, members do not bar, version 0.
    let bar = s.call(&s.reporter_a, Method::GET, &bar_path, None).await;
    assert_eq!(bar.status, 200, "{}", bar.body);
    assert_eq!(bar.header("etag"), Some("\"0\""));
    assert_eq!(bar.body["default"], true);
    assert_eq!(bar.body["barred_conducts"], json!(["bureaucracy", "arrogance", "harassment", "embezzlement", "waste"]));
    assert_eq!(bar.body["members_bar_collective"], false);
    assert_eq!(bar.body["basis"], "Kế hoạch 05/KH-UBND §VI.2");

    let new_bar = json!({ "barred_conducts": ["waste", "harassment", "waste"], "members_bar_collective": true,
        "basis": "Kế hoạch 05/KH-UBND §VI.2" });
    s.call(&s.office, Method::PUT, &bar_path, Some(new_bar.clone())).await.assert_problem(428, "if_match_required");
    let put = |token: &str, etag: &'static str, body: Value| {
        let call = s.app.call(Method::PUT, &bar_path).bearer(token).header("if-match", etag).json(body);
        async move { call.send().await }
    };
    put(&s.chairman, "\"0\"", new_bar.clone()).await.assert_problem(403, "forbidden");
    put(&s.office, "\"0\"", json!({ "barred_conducts": [], "members_bar_collective": true, "basis": " " }))
        .await
        .assert_problem(422, "validation_failed");
    let set = put(&s.office, "\"0\"", new_bar.clone()).await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.header("etag"), Some("\"1\""));
    assert_eq!(set.body["barred_conducts"], json!(["harassment", "waste"]), "in the register's order, once");
    assert_eq!(set.body["default"], false);
    put(&s.office, "\"0\"", new_bar).await.assert_problem(412, "stale_version");

    // Rules: one per award type and subject kind, each checked.
    let rules_path = format!("/api/v1/campaigns/{campaign}/award-rules");
    let rule = json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "min_score": 90,
        "all_targets_met": true, "max_rank": 3, "basis": "Kế hoạch 05/KH-UBND §VI.1" });
    let created = s.call(&s.office, Method::POST, &rules_path, Some(rule.clone())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = id_of(&created.body);
    assert_eq!(created.header("location"), Some(format!("/api/v1/award-rules/{id}").as_str()));
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(created.body["min_score"], 90.0);
    assert_eq!(created.body["max_rank"], 3);
    s.call(&s.office, Method::POST, &rules_path, Some(rule.clone())).await.assert_problem(409, "already_exists");
    s.call(&s.reporter_a, Method::POST, &rules_path, Some(rule.clone())).await.assert_problem(403, "forbidden");

    let bad = s
        .call(
            &s.office,
            Method::POST,
            &rules_path,
            Some(json!({ "award_type_id": "at-lao-dong-tien-tien",
            "subject_kind": "collective", "min_score": 120, "max_rank": 0, "min_rating": "completed", "basis": "" })),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    let found = fields(&bad.body);
    for expected in [
        pair("award_type_id", "subject_not_allowed"),
        pair("min_score", "out_of_range"),
        pair("max_rank", "out_of_range"),
        pair("min_rating", "not_for_collectives"),
        pair("basis", "invalid"),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    let unknown = s
        .call(
            &s.office,
            Method::POST,
            &rules_path,
            Some(json!({ "award_type_id": "at-khong-co",
            "subject_kind": "individual", "min_rating": "not_completed", "basis": "x" })),
        )
        .await;
    assert_eq!(fields(&unknown.body), vec![pair("award_type_id", "not_found"), pair("min_rating", "too_low")]);

    let listed = s.call(&s.reporter_b, Method::GET, &rules_path, None).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body.as_array().unwrap().len(), 1);

    // Corrected and removed with If-Match.
    let rule_path = format!("/api/v1/award-rules/{id}");
    let mut changed = rule.clone();
    changed["min_score"] = json!(85);
    s.call(&s.office, Method::PUT, &rule_path, Some(changed.clone())).await.assert_problem(428, "if_match_required");
    let stale = s.app.call(Method::PUT, &rule_path).bearer(&s.office).header("if-match", "\"7\"").json(changed.clone());
    stale.send().await.assert_problem(412, "stale_version");
    let updated = s.versioned(&s.office, Method::PUT, &rule_path, &rule_path, Some(changed)).await;
    assert_eq!((updated.status, updated.body["min_score"].clone()), (200, json!(85.0)), "{}", updated.body);
    assert_eq!(updated.header("etag"), Some("\"2\""));
    s.call(&s.office, Method::DELETE, &rule_path, None).await.assert_problem(428, "if_match_required");
    let deleted = s.versioned(&s.office, Method::DELETE, &rule_path, &rule_path, None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    s.call(&s.office, Method::GET, &rule_path, None).await.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn the_workflow_moves_one_way_and_refuses_the_rest() {
    let s = Scene::new().await;
    let body = s.collective(&s.f.unit_a, "at-giay-khen-xa");
    let created = s.call(&s.office, Method::POST, "/api/v1/nominations", Some(body.clone())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = id_of(&created.body);
    assert_eq!(created.header("location"), Some(format!("/api/v1/nominations/{id}").as_str()));
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(created.body["status"], "draft");
    assert_eq!(created.body["org_unit_name"], "Hội Nông dân");
    assert_eq!(created.body["award_type_name"], "Giấy khen của Chủ tịch UBND xã");
    assert_eq!(created.body["issuing_level"], "commune");

    // Refused creations: 422 naming each field, then the 409 rules.
    s.call(&s.office, Method::POST, "/api/v1/nominations", Some(body.clone()))
        .await
        .assert_problem(409, "already_nominated");
    let mut draft_campaign = body.clone();
    draft_campaign["campaign_id"] = json!(s.f.campaign);
    draft_campaign["period_id"] = Value::Null;
    s.call(&s.office, Method::POST, "/api/v1/nominations", Some(draft_campaign))
        .await
        .assert_problem(409, "campaign_not_active");
    let outsider = s.collective(&s.f.office_unit, "at-giay-khen-xa");
    s.call(&s.office, Method::POST, "/api/v1/nominations", Some(outsider))
        .await
        .assert_problem(409, "not_a_participant");
    let mut wrong = body.clone();
    wrong["org_unit_id"] = Value::Null;
    wrong["task_rating"] = json!("completed");
    wrong["period_id"] = json!("2099Q1");
    wrong["summary"] = json!("  ");
    let refused = s.call(&s.office, Method::POST, "/api/v1/nominations", Some(wrong)).await;
    refused.assert_problem(422, "validation_failed");
    assert_eq!(
        fields(&refused.body),
        vec![
            pair("org_unit_id", "required"),
            pair("period_id", "not_found"),
            pair("summary", "required"),
            pair("task_rating", "not_for_collectives")
        ]
    );
    // The district's Giấy khen ended on 2025-06-30: nothing later earns it.
    let ended = s.collective(&s.f.unit_a, "at-giay-khen-huyen");
    let refused = s.call(&s.office, Method::POST, "/api/v1/nominations", Some(ended)).await;
    assert_eq!(fields(&refused.body), vec![pair("award_type_id", "award_type_not_in_force")]);
    let title_to_unit = s.collective(&s.f.unit_a, "at-lao-dong-tien-tien");
    let refused = s.call(&s.office, Method::POST, "/api/v1/nominations", Some(title_to_unit)).await;
    assert_eq!(fields(&refused.body), vec![pair("award_type_id", "subject_not_allowed")]);
    let mut unrated = s.individual("at-lao-dong-tien-tien", "completed");
    unrated["task_rating"] = Value::Null;
    let refused = s.call(&s.office, Method::POST, "/api/v1/nominations", Some(unrated)).await;
    assert_eq!(fields(&refused.body), vec![pair("task_rating", "required")]);
    s.call(&s.chairman, Method::POST, "/api/v1/nominations", Some(body.clone())).await.assert_problem(403, "forbidden");

    // An individual is nominated under the participant unit holding them.
    let person = s
        .call(
            &s.office,
            Method::POST,
            "/api/v1/nominations",
            Some(s.individual("at-lao-dong-tien-tien", "completed_well")),
        )
        .await;
    assert_eq!(person.status, 201, "{}", person.body);
    assert_eq!(person.body["org_unit_id"], s.f.unit_a.as_str());
    assert_eq!(person.body["person_name"], "Nguyễn Thị Hoa");
    assert_eq!(person.body["task_rating"], "completed_well");

    // The achievement report: the unit's approved figures, filled in by the server.
    let path = format!("/api/v1/nominations/{id}");
    let detail = s.call(&s.reporter_a, Method::GET, &path, None).await;
    assert_eq!(detail.status, 200, "{}", detail.body);
    assert_eq!(detail.header("etag"), Some("\"1\""));
    let report = &detail.body["achievement_report"];
    assert_eq!(report["score"], 100.0);
    assert_eq!(report["rank"], 1);
    assert_eq!(report["units_ranked"], 2);
    assert_eq!((report["targets_met"].clone(), report["targets_applicable"].clone()), (json!(2), json!(2)));
    assert_eq!(report["periods"], json!([s.f.current_period]));
    assert_eq!(report["achievement_text"], "Báo cáo thành tích.");
    let ratio = report["criteria"].as_array().unwrap().iter().find(|c| c["criterion_code"] == "2").unwrap();
    assert_eq!(ratio["figures"]["numerator"], 19.0);
    assert_eq!(ratio["target"], 90.0);
    assert_eq!(ratio["percentage"], 95.0);
    assert_eq!((ratio["met"].clone(), ratio["outcome"].clone()), (json!(true), json!("met")));

    // Edited while a draft or proposed, with If-Match.
    let content =
        json!({ "award_type_id": "at-giay-khen-xa", "summary": "Dẫn đầu khối đoàn thể", "achievement_text": "Mới." });
    s.call(&s.office, Method::PUT, &path, Some(content.clone())).await.assert_problem(428, "if_match_required");
    let stale = s.app.call(Method::PUT, &path).bearer(&s.office).header("if-match", "\"9\"").json(content.clone());
    stale.send().await.assert_problem(412, "stale_version");
    let edited = s.versioned(&s.office, Method::PUT, &path, &path, Some(content.clone())).await;
    assert_eq!(
        (edited.status, edited.body["summary"].clone()),
        (200, json!("Dẫn đầu khối đoàn thể")),
        "{}",
        edited.body
    );

    // Moves: each needs If-Match; a move the state does not allow is 409.
    s.call(&s.office, Method::POST, &format!("{path}/propose"), None).await.assert_problem(428, "if_match_required");
    let proposed = s.step(&s.office, &id, "propose", None).await;
    assert_eq!(proposed["status"], "proposed");
    let again = s.try_step(&s.office, &id, "propose", None).await;
    assert_eq!(again.assert_problem(409, "illegal_move")["current_status"], "proposed");
    let feedback = json!({ "received_on": today(), "source": "Thôn Đồng Phù", "body": "Đồng tình đề nghị." });
    s.call(&s.office, Method::POST, &format!("{path}/feedback"), Some(feedback.clone()))
        .await
        .assert_problem(409, "nomination_not_posted");
    s.try_step(&s.office, &id, "post", Some(json!({ "posted_on": today() + Days::new(1) })))
        .await
        .assert_problem(422, "validation_failed");
    let posted_on = NaiveDate::from_ymd_opt(today().year(), today().month(), 1).unwrap();
    let posted = s.step(&s.office, &id, "post", Some(json!({ "posted_on": posted_on }))).await;
    assert_eq!(posted["status"], "posted");
    assert_eq!(posted["posted_on"], posted_on.to_string());
    assert_eq!(posted["posted_until"], working_days_after(posted_on, 10).to_string(), "10 working days, Mon–Fri");
    s.versioned(&s.office, Method::PUT, &path, &path, Some(content))
        .await
        .assert_problem(409, "nomination_not_editable");
    s.try_step(&s.chairman, &id, "decide", Some(json!({ "outcome": "approve" })))
        .await
        .assert_problem(409, "illegal_move");
    s.try_step(&s.office, &id, "forward", None).await.assert_problem(409, "illegal_move");

    // Feedback while posted: recorded and listed.
    let early = json!({ "received_on": posted_on - Days::new(1), "source": "Thôn", "body": "Sớm" });
    let refused = s.call(&s.office, Method::POST, &format!("{path}/feedback"), Some(early)).await;
    assert_eq!(fields(&refused.body), vec![pair("received_on", "before_posting")]);
    let added = s.call(&s.office, Method::POST, &format!("{path}/feedback"), Some(feedback)).await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.body["source"], "Thôn Đồng Phù");
    let listed = s.call(&s.reporter_a, Method::GET, &format!("{path}/feedback"), None).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);

    // Withdrawn with a reason; a withdrawn one may be nominated again.
    let no_reason = s.try_step(&s.office, &id, "withdraw", Some(json!({ "reason": " " }))).await;
    assert_eq!(fields(&no_reason.body), vec![pair("reason", "required")]);
    let withdrawn = s.step(&s.office, &id, "withdraw", Some(json!({ "reason": "Đề nghị lại cuối năm" }))).await;
    assert_eq!(withdrawn["status"], "withdrawn");
    s.try_step(&s.office, &id, "withdraw", Some(json!({ "reason": "Lần nữa" })))
        .await
        .assert_problem(409, "illegal_move");
    let history = s.call(&s.reporter_a, Method::GET, &format!("{path}/history"), None).await;
    let moves: Vec<(&str, &str)> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["to_status"].as_str().unwrap()))
        .collect();
    assert_eq!(moves, [("propose", "proposed"), ("post", "posted"), ("withdraw", "withdrawn")]);
    assert_eq!(history.body[2]["reason"], "Đề nghị lại cuối năm");
    // Every word is one the document lists for a nomination's history.
    let document: Value = serde_json::from_str(crate::docs::COMMITTED).unwrap();
    let documented = &document["components"]["schemas"]["NominationHistoryEntry"]["properties"];
    for entry in history.body.as_array().unwrap() {
        for field in ["action", "from_status", "to_status"] {
            let words = crate::docs::words_of(&document, &documented[field]).unwrap();
            assert!(words.contains(&entry[field].as_str().unwrap()), "{field}: {entry}");
        }
    }
    let again = s.call(&s.office, Method::POST, "/api/v1/nominations", Some(body)).await;
    assert_eq!(again.status, 201, "{}", again.body);
}

#[actix_web::test]
async fn the_posting_lasts_the_setting_in_working_days() {
    let s = Scene::new().await;
    let set = s.app.admin_put("/api/v1/settings/nominations.posting_working_days", json!({ "value": "3" })).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let id = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;
    s.step(&s.office, &id, "propose", None).await;
    // Posted without a date: today, for 3 working days.
    let posted = s.step(&s.office, &id, "post", None).await;
    assert_eq!(posted["posted_on"], today().to_string());
    assert_eq!(posted["posted_until"], working_days_after(today(), 3).to_string());
    let publicity = s.rule_outcome(&id, "publicity").await;
    assert_eq!(publicity["outcome"], "pending", "{publicity}");
}

#[actix_web::test]
async fn eligibility_explains_each_rule_and_each_outcome() {
    let s = Scene::new().await;
    s.rules().await;
    let a = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;

    // A draft: attained, nothing against it, the council and the posting still to come.
    let answer = s.eligibility(&s.office, &a).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let rules = answer.body["rules"].as_array().unwrap();
    let codes: Vec<&str> = rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["attainment", "no_founded_complaint", "one_achievement_one_reward", "authority", "council", "publicity"]
    );
    let outcomes: Vec<&str> = rules.iter().map(|r| r["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["met", "met", "met", "met", "pending", "pending"]);
    assert_eq!(answer.body["outcome"], "pending");
    assert_eq!(answer.body["eligible"], false);
    let attainment = &rules[0];
    assert_eq!(attainment["basis"], "Kế hoạch 05/KH-UBND §VI.1");
    assert_eq!(attainment["figures"]["score"], 100.0);
    assert_eq!(attainment["figures"]["rank"], 1);
    assert_eq!(attainment["figures"]["rule"]["min_score"], 90.0);
    assert!(attainment["text"].as_str().unwrap().contains("approved results"));
    assert!(rules[3]["basis"].as_str().unwrap().contains("Điều 80"));
    assert_eq!(rules[5]["explanation"], "Not posted publicly yet.");

    // Posted (and over), passed by the council: every rule met.
    s.posted(&a).await;
    council_reviewed(&s.app, &a, "passed").await;
    let answer = s.eligibility(&s.reporter_a, &a).await;
    assert_eq!(
        (answer.body["outcome"].clone(), answer.body["eligible"].clone()),
        (json!("met"), json!(true)),
        "{}",
        answer.body
    );
    assert_eq!(answer.body["rules"][5]["figures"]["feedback_count"], 0);

    // Unit B misses the thresholds: not attained, each figure named.
    let b = s.nominate(s.collective(&s.f.unit_b, "at-giay-khen-xa")).await;
    let attainment = s.rule_outcome(&b, "attainment").await;
    assert_eq!(attainment["outcome"], "not_met");
    let said = attainment["explanation"].as_str().unwrap();
    assert!(said.contains("the score 0 against at least 90"), "{said}");
    assert!(said.contains("0 of 2 applicable targets met"), "{said}");
    // A council that did not pass it.
    council_reviewed(&s.app, &b, "failed").await;
    assert_eq!(s.rule_outcome(&b, "council").await["outcome"], "not_met");

    // Individuals: the rating against the rule's.
    let low = s.nominate(s.individual("at-lao-dong-tien-tien", "completed")).await;
    let rated = s.rule_outcome(&low, "attainment").await;
    assert_eq!(rated["outcome"], "not_met");
    assert!(rated["explanation"].as_str().unwrap().contains("completed is below completed_well"));
    assert_eq!(rated["basis"], "Luật 06/2022/QH15, Điều 24 khoản 1");
    // No rule for the award: not met, and said so.
    let no_rule = s.nominate(s.individual("at-chien-si-thi-dua-co-so", "completed_excellently")).await;
    let outcome = s.rule_outcome(&no_rule, "attainment").await;
    assert_eq!(outcome["outcome"], "not_met");
    assert!(outcome["explanation"].as_str().unwrap().contains("no award rule"), "{outcome}");

    // Complaints: an open one holds; a founded one about barred conduct bars (§VI.2);
    // an unfounded one and one about delay are ignored.
    let unit_a = s.f.unit_a.clone();
    let complaint = |conduct: &'static str, status: &'static str, outcome: Option<&'static str>| Complaint {
        org_unit_id: &unit_a,
        person_id: None,
        conduct,
        incident_on: today(),
        status,
        outcome,
    };
    insert_complaint(&s.app, complaint("waste", "concluded", Some("unfounded"))).await;
    insert_complaint(&s.app, complaint("delay", "concluded", Some("founded"))).await;
    assert_eq!(s.rule_outcome(&a, "no_founded_complaint").await["outcome"], "met");
    let open = insert_complaint(&s.app, complaint("waste", "in_progress", None)).await;
    let held = s.rule_outcome(&a, "no_founded_complaint").await;
    assert_eq!(held["outcome"], "pending", "{held}");
    assert_eq!(held["figures"]["pending"][0]["id"], open.as_str());
    let founded = insert_complaint(&s.app, complaint("harassment", "concluded", Some("partly_founded"))).await;
    let barred = s.rule_outcome(&a, "no_founded_complaint").await;
    assert_eq!(barred["outcome"], "not_met", "{barred}");
    assert_eq!(barred["basis"], "Kế hoạch 05/KH-UBND §VI.2");
    let said = barred["explanation"].as_str().unwrap();
    assert!(said.contains("§VI.2") && said.contains(&founded), "{said}");
    assert!(said.contains("partly_founded by 15/KL-UBND of 2026-01-15"), "{said}");
    assert_eq!(barred["figures"]["founded"][0]["conclusion_issuer"], "Chủ tịch UBND xã");
    // The four above, and the fixture's own (a delay, not barred).
    assert_eq!(barred["figures"]["complaints_read"], 5);
    let all = s.eligibility(&s.office, &a).await;
    assert_eq!((all.body["outcome"].clone(), all.body["eligible"].clone()), (json!("not_met"), json!(false)));

    // A complaint about the person bars the person.
    let person_a = s.f.person_a.clone();
    insert_complaint(
        &s.app,
        Complaint { person_id: Some(&person_a), ..complaint("bureaucracy", "concluded", Some("founded")) },
    )
    .await;
    assert_eq!(s.rule_outcome(&low, "no_founded_complaint").await["outcome"], "not_met");

    // One achievement, one reward: the district's title for the same
    // achievement, awaited (pending), then granted (not met, Điều 5).
    let title = s.nominate(s.collective(&s.f.unit_a, "at-tap-the-lao-dong-tien-tien")).await;
    let authority = s.rule_outcome(&title, "authority").await;
    assert_eq!(authority["outcome"], "not_met");
    assert!(authority["explanation"].as_str().unwrap().contains("forward the nomination"), "{authority}");
    council_reviewed(&s.app, &title, "passed").await;
    s.step(&s.office, &title, "forward", None).await;
    assert_eq!(s.rule_outcome(&title, "authority").await["outcome"], "met");
    let awaited = s.rule_outcome(&a, "one_achievement_one_reward").await;
    assert_eq!(awaited["outcome"], "pending", "{awaited}");
    s.step(
        &s.district,
        &title,
        "superior-decision",
        Some(json!({ "outcome": "approve",
        "decision_number": "215/QĐ-UBND", "decided_on": today(), "issuer": "Chủ tịch UBND huyện Vụ Bản" })),
    )
    .await;
    let twice = s.rule_outcome(&a, "one_achievement_one_reward").await;
    assert_eq!(twice["outcome"], "not_met", "{twice}");
    assert!(twice["basis"].as_str().unwrap().contains("06/2022/QH15, Điều 5"));
    assert!(twice["explanation"].as_str().unwrap().contains(&title));
    assert_eq!(twice["figures"]["prior_awards"][0]["superior_decision_number"], "215/QĐ-UBND");

    // A complaint about a member bars the unit only when the campaign's bar says so.
    assert_eq!(s.rule_outcome(&a, "no_founded_complaint").await["figures"]["founded"].as_array().unwrap().len(), 1);
    let bar_path = format!("/api/v1/campaigns/{}/award-bar", s.f.active_campaign);
    let bar = s
        .versioned(
            &s.office,
            Method::PUT,
            &bar_path,
            &bar_path,
            Some(json!({ "members_bar_collective": true,
            "barred_conducts": ["bureaucracy", "arrogance", "harassment", "embezzlement", "waste"],
            "basis": "Kế hoạch 05/KH-UBND §VI.2" })),
        )
        .await;
    assert_eq!(bar.status, 200, "{}", bar.body);
    let members = s.rule_outcome(&a, "no_founded_complaint").await;
    assert_eq!(members["figures"]["founded"].as_array().unwrap().len(), 2, "{members}");
    assert_eq!(members["figures"]["members_bar_collective"], true);
}

#[actix_web::test]
async fn deciding_needs_every_rule_met_or_an_audited_override() {
    let s = Scene::new().await;
    s.rules().await;
    // Unit B: not attained, reviewed, never posted.
    let b = s.nominate(s.collective(&s.f.unit_b, "at-giay-khen-xa")).await;
    council_reviewed(&s.app, &b, "passed").await;

    s.try_step(&s.office, &b, "decide", Some(json!({ "outcome": "approve" }))).await.assert_problem(403, "forbidden");
    let refused = s.try_step(&s.chairman, &b, "decide", Some(json!({ "outcome": "approve" }))).await;
    let problem = refused.assert_problem(409, "not_eligible");
    assert_eq!(problem["current_status"], "reviewed");
    assert_eq!(fields(&refused.body), vec![pair("rules[attainment]", "not_met"), pair("rules[publicity]", "pending")]);
    assert!(problem["detail"].as_str().unwrap().contains("attainment (not_met), publicity (pending)"));
    let no_reason = s.try_step(&s.chairman, &b, "decide", Some(json!({ "outcome": "reject" }))).await;
    assert_eq!(fields(&no_reason.body), vec![pair("reason", "required")]);
    let mixed = s
        .try_step(
            &s.chairman,
            &b,
            "decide",
            Some(json!({ "outcome": "reject", "reason": "x", "override_reason": "y" })),
        )
        .await;
    assert_eq!(fields(&mixed.body), vec![pair("override_reason", "not_for_reject")]);

    // Approved over the rules, with the chairman's reason kept and audited.
    let approved = s
        .step(
            &s.chairman,
            &b,
            "decide",
            Some(json!({ "outcome": "approve", "reason": "Đóng góp đột xuất",
            "override_reason": "Đơn vị khắc phục lũ lụt, Hội đồng thống nhất đề nghị" })),
        )
        .await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["override_reason"], "Đơn vị khắc phục lũ lụt, Hội đồng thống nhất đề nghị");
    assert_eq!(approved["decision_reason"], "Đóng góp đột xuất");
    let me = s.call(&s.chairman, Method::GET, "/api/v1/me", None).await;
    assert_eq!(approved["decided_by"], format!("user:{}", me.body["id"].as_str().unwrap()));
    let log = s.app.admin_get(&format!("/api/v1/audit-events?entity=nomination&entity_id={b}&limit=200")).await;
    let event = log.body["items"].as_array().unwrap().iter().find(|e| e["action"] == "approve").cloned().unwrap();
    assert_eq!(event["after"]["override_reason"], "Đơn vị khắc phục lũ lụt, Hội đồng thống nhất đề nghị");
    assert_eq!(event["after"]["overridden_rules"], json!(["attainment", "publicity"]));
    assert_eq!(event["before"]["status"], "reviewed");
    s.try_step(&s.chairman, &b, "decide", Some(json!({ "outcome": "reject", "reason": "x" })))
        .await
        .assert_problem(409, "illegal_move");

    // An award of the district's is forwarded, never approved by the chairman.
    let title = s.nominate(s.collective(&s.f.unit_a, "at-tap-the-lao-dong-tien-tien")).await;
    council_reviewed(&s.app, &title, "passed").await;
    let above = s
        .try_step(&s.chairman, &title, "decide", Some(json!({ "outcome": "approve", "override_reason": "Xuất sắc" })))
        .await;
    assert!(above.assert_problem(409, "must_be_forwarded")["detail"].as_str().unwrap().contains("Điều 80"));
    // …and a commune award is the chairman's, never forwarded.
    let a = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;
    s.posted(&a).await;
    council_reviewed(&s.app, &a, "passed").await;
    s.try_step(&s.office, &a, "forward", None).await.assert_problem(409, "not_forwardable");

    // Two chairmen's sessions decide at once: exactly one lands.
    let second = s.app.login("chairman", PASSWORD).await;
    let path = format!("/api/v1/nominations/{a}");
    let etag = s.app.admin_get(&path).await.header("etag").unwrap().to_owned();
    let decide = |token: &str| {
        s.app
            .call(Method::POST, &format!("{path}/decide"))
            .bearer(token)
            .header("if-match", &etag)
            .json(json!({ "outcome": "approve" }))
            .send()
    };
    let (one, two) = futures_util::join!(decide(&s.chairman), decide(&second));
    let mut statuses = [one.status, two.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412], "{} / {}", one.body, two.body);
    let decided = s.app.admin_get(&path).await;
    assert_eq!(decided.body["status"], "approved");
    assert_eq!(decided.body["override_reason"], Value::Null, "every rule was met: nothing overridden");
}

#[actix_web::test]
async fn the_district_sees_only_what_was_forwarded_and_records_its_decision() {
    let s = Scene::new().await;
    let title = s.nominate(s.collective(&s.f.unit_a, "at-tap-the-lao-dong-tien-tien")).await;
    let kept = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;
    council_reviewed(&s.app, &title, "passed").await;
    let listed = s.call(&s.district, Method::GET, "/api/v1/nominations", None).await;
    assert_eq!(listed.body["total"], 0, "{}", listed.body);
    s.call(&s.district, Method::GET, &format!("/api/v1/nominations/{title}"), None)
        .await
        .assert_problem(404, "not_found");
    s.eligibility(&s.district, &title).await.assert_problem(404, "not_found");
    s.try_step(
        &s.district,
        &title,
        "superior-decision",
        Some(json!({ "outcome": "approve",
        "decision_number": "1/QĐ-UBND", "decided_on": today(), "issuer": "Chủ tịch UBND huyện" })),
    )
    .await
    .assert_problem(404, "not_found");

    let forwarded = s.step(&s.office, &title, "forward", Some(json!({ "reason": "Đề nghị huyện khen" }))).await;
    assert_eq!(forwarded["status"], "forwarded");
    assert!(forwarded["forwarded_at"].is_string());
    let listed = s.call(&s.district, Method::GET, "/api/v1/nominations", None).await;
    assert_eq!(listed.body["total"], 1);
    assert_eq!(listed.body["items"][0]["id"], title.as_str());
    s.call(&s.district, Method::GET, &format!("/api/v1/nominations/{kept}"), None)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(s.eligibility(&s.district, &title).await.status, 200);
    let list_path = format!("/api/v1/campaigns/{}/nominations/proposal-list", s.f.active_campaign);
    let proposals = s.call(&s.district, Method::GET, &list_path, None).await;
    assert_eq!(proposals.body["items"].as_array().unwrap().len(), 1, "{}", proposals.body);

    // Its decision: number, date, issuer.
    s.try_step(
        &s.chairman,
        &title,
        "superior-decision",
        Some(json!({ "outcome": "approve",
        "decision_number": "1/QĐ-UBND", "decided_on": today(), "issuer": "x" })),
    )
    .await
    .assert_problem(403, "forbidden");
    let bad = s
        .try_step(
            &s.district,
            &title,
            "superior-decision",
            Some(json!({ "outcome": "approve",
            "decision_number": " ", "decided_on": today() + Days::new(2), "issuer": "Chủ tịch UBND huyện" })),
        )
        .await;
    assert_eq!(fields(&bad.body), vec![pair("decision_number", "invalid"), pair("decided_on", "in_future")]);
    let recorded = s
        .step(
            &s.district,
            &title,
            "superior-decision",
            Some(json!({ "outcome": "approve",
            "decision_number": "215/QĐ-UBND", "decided_on": "2026-11-20", "issuer": "Chủ tịch UBND huyện Vụ Bản" })),
        )
        .await;
    assert_eq!(recorded["status"], "approved");
    assert_eq!(recorded["superior_decision_number"], "215/QĐ-UBND");
    assert_eq!(recorded["superior_decision_on"], "2026-11-20");
    assert_eq!(recorded["superior_decision_issuer"], "Chủ tịch UBND huyện Vụ Bản");
    let history = s.call(&s.office, Method::GET, &format!("/api/v1/nominations/{title}/history"), None).await;
    let actions: Vec<&str> = history.body.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["review", "forward", "record_approved"]);
    assert!(history.body[2]["reason"].as_str().unwrap().starts_with("215/QĐ-UBND of 2026-11-20"));
    s.try_step(
        &s.district,
        &title,
        "superior-decision",
        Some(json!({ "outcome": "reject",
        "decision_number": "2/QĐ-UBND", "decided_on": today(), "issuer": "x" })),
    )
    .await
    .assert_problem(409, "illegal_move");
}

#[actix_web::test]
async fn reporters_read_their_own_units_nominations_and_lists_filter() {
    let s = Scene::new().await;
    let a = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;
    let b = s.nominate(s.collective(&s.f.unit_b, "at-giay-khen-xa")).await;
    let person = s.nominate(s.individual("at-lao-dong-tien-tien", "completed_well")).await;
    s.step(&s.office, &b, "propose", None).await;

    let mine = s.call(&s.reporter_a, Method::GET, "/api/v1/nominations", None).await;
    let ids: Vec<&str> = mine.body["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [person.as_str(), a.as_str()], "newest first, unit A's only");
    s.call(&s.reporter_a, Method::GET, &format!("/api/v1/nominations/{b}"), None)
        .await
        .assert_problem(404, "not_found");
    s.eligibility(&s.reporter_b, &a).await.assert_problem(404, "not_found");
    assert_eq!(s.eligibility(&s.reporter_b, &b).await.status, 200);
    s.call(&s.reporter_b, Method::GET, &format!("/api/v1/nominations/{a}/history"), None)
        .await
        .assert_problem(404, "not_found");

    let count = |query: String| {
        let call = s.app.call(Method::GET, &format!("/api/v1/nominations?{query}")).bearer(&s.office);
        async move {
            let answer = call.send().await;
            assert_eq!(answer.status, 200, "{query}: {}", answer.body);
            answer.body["total"].as_u64().unwrap()
        }
    };
    assert_eq!(count(format!("campaign_id={}", s.f.active_campaign)).await, 3);
    assert_eq!(count(format!("campaign_id={}", s.f.campaign)).await, 0);
    assert_eq!(count("status=proposed".into()).await, 1);
    assert_eq!(count("subject_kind=individual".into()).await, 1);
    assert_eq!(count("award_type_id=at-giay-khen-xa".into()).await, 2);
    assert_eq!(count(format!("org_unit_id={}", s.f.unit_b)).await, 1);
    assert_eq!(count(format!("year={}", today().year())).await, 3);
    assert_eq!(count("year=2001".into()).await, 0);
    assert_eq!(count("limit=1".into()).await, 3);
    s.call(&s.office, Method::GET, "/api/v1/nominations?status=done", None).await.assert_problem(400, "invalid_query");
    s.call(&s.reporter_a, Method::POST, "/api/v1/nominations", Some(s.collective(&s.f.unit_a, "at-giay-khen-xa")))
        .await
        .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn suggestions_name_the_units_that_attain_each_collective_rule() {
    let s = Scene::new().await;
    s.rules().await;
    let path =
        format!("/api/v1/campaigns/{}/nominations/suggestions?period={}", s.f.active_campaign, s.f.current_period);
    let answer = s.call(&s.office, Method::GET, &path, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["periods"], json!([s.f.current_period]));
    let rules = answer.body["rules"].as_array().unwrap();
    let awards: Vec<&str> = rules.iter().map(|r| r["rule"]["award_type_id"].as_str().unwrap()).collect();
    assert_eq!(awards.len(), 2, "collective rules only: {awards:?}");
    for rule in rules {
        let units = rule["units"].as_array().unwrap();
        assert_eq!(units.len(), 1, "only unit A attains: {rule}");
        assert_eq!(units[0]["org_unit_id"], s.f.unit_a.as_str());
        assert_eq!((units[0]["score"].clone(), units[0]["rank"].clone()), (json!(100.0), json!(1)));
        assert_eq!((units[0]["targets_met"].clone(), units[0]["targets_applicable"].clone()), (json!(2), json!(2)));
        assert_eq!(units[0]["already_nominated"], false);
    }
    let a = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;
    let answer = s.call(&s.office, Method::GET, &path, None).await;
    let giay_khen = answer.body["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"]["award_type_id"] == "at-giay-khen-xa")
        .unwrap()
        .clone();
    assert_eq!(giay_khen["units"][0]["already_nominated"], true);
    assert_eq!(giay_khen["units"][0]["nomination_ids"], json!([a]));
    assert_eq!(giay_khen["award_type_name"], "Giấy khen của Chủ tịch UBND xã");
    // A reporter of unit B sees its own unit only: it attains nothing.
    let theirs = s.call(&s.reporter_b, Method::GET, &path, None).await;
    assert!(theirs.body["rules"].as_array().unwrap().iter().all(|r| r["units"].as_array().unwrap().is_empty()));
    let unknown = format!("/api/v1/campaigns/{}/nominations/suggestions?period=1999Q1", s.f.active_campaign);
    s.call(&s.office, Method::GET, &unknown, None).await.assert_problem(400, "bad_query");
}

#[actix_web::test]
async fn the_proposal_list_reads_as_json_csv_and_xlsx() {
    let s = Scene::new().await;
    let a = s.nominate(s.collective(&s.f.unit_a, "at-giay-khen-xa")).await;
    let person = s.nominate(s.individual("at-lao-dong-tien-tien", "completed_well")).await;
    let draft = s.nominate(s.collective(&s.f.unit_b, "at-giay-khen-xa")).await;
    let withdrawn = s.nominate(s.collective(&s.f.unit_b, "at-tap-the-lao-dong-tien-tien")).await;
    s.step(&s.office, &a, "propose", None).await;
    s.step(&s.office, &person, "propose", None).await;
    s.step(&s.office, &withdrawn, "withdraw", Some(json!({ "reason": "Trùng" }))).await;

    let base = format!("/api/v1/campaigns/{}/nominations/proposal-list", s.f.active_campaign);
    let list = s.call(&s.chairman, Method::GET, &base, None).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let items = list.body["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["nomination_id"].as_str().unwrap()).collect();
    assert_eq!(ids, [a.as_str(), person.as_str()], "by award, no drafts ({draft}) nor withdrawn");
    assert_eq!(items[0]["no"], 1);
    assert_eq!(items[0]["name"], "Hội Nông dân");
    assert_eq!(items[0]["position_unit"], "Xã Đại Thắng");
    assert_eq!(items[0]["award"], "Giấy khen của Chủ tịch UBND xã");
    assert_eq!(items[1]["no"], 2);
    assert_eq!(items[1]["name"], "Nguyễn Thị Hoa");
    assert_eq!(items[1]["position_unit"], "Cán bộ, Hội Nông dân");
    assert_eq!(items[1]["status"], "proposed");
    s.call(&s.chairman, Method::GET, &format!("{base}?period=1999Q1"), None).await.assert_problem(400, "bad_query");
    let one_period = s.call(&s.chairman, Method::GET, &format!("{base}?period={}", s.f.current_period), None).await;
    assert_eq!(one_period.body["items"].as_array().unwrap().len(), 2);

    // CSV by Accept: a BOM, the headers, a line each.
    let csv = s.app.call(Method::GET, &base).bearer(&s.chairman).header("accept", "text/csv").send().await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let disposition = csv.header("content-disposition").unwrap();
    assert!(disposition.contains("filename=\"BC-KH_ca-ky_danh-sach-de-nghi.csv\""), "{disposition}");
    assert_eq!(&csv.bytes[..3], [0xEF, 0xBB, 0xBF]);
    let text = std::str::from_utf8(&csv.bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "STT,Họ và tên / Tên tập thể,\"Chức vụ, đơn vị\",Hình thức khen thưởng,Tóm tắt thành tích,Trạng thái"
    );
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("1,Hội Nông dân,Xã Đại Thắng,Giấy khen của Chủ tịch UBND xã,"), "{}", lines[1]);
    assert!(lines[2].ends_with(",Đã đề nghị"), "{}", lines[2]);

    // XLSX by ?format=.
    let xlsx = s.call(&s.chairman, Method::GET, &format!("{base}?format=xlsx"), None).await;
    assert_eq!(xlsx.status, 200);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.bytes.clone())).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["Danh sách đề nghị"]);
    let sheet = workbook.worksheet_range("Danh sách đề nghị").unwrap();
    assert_eq!(sheet.height(), 3);
    assert_eq!(sheet.get((0, 3)), Some(&Data::String("Hình thức khen thưởng".into())));
    assert_eq!(sheet.get((2, 0)), Some(&Data::Float(2.0)));
    assert_eq!(sheet.get((2, 1)), Some(&Data::String("Nguyễn Thị Hoa".into())));
    assert_eq!(sheet.get((2, 2)), Some(&Data::String("Cán bộ, Hội Nông dân".into())));
    assert_eq!(sheet.get((1, 5)), Some(&Data::String("Đã đề nghị".into())));
}

/// The list's `year` is checked against the document's bounds (schemathesis found 1899 accepted).
#[actix_web::test]
async fn a_year_out_of_range_is_a_422_naming_it() {
    let app = crate::support::TestApp::spawn().await;
    for year in ["1899", "10000"] {
        let answer = app.admin_get(&format!("/api/v1/nominations?year={year}")).await;
        assert_eq!(answer.assert_problem(422, "validation_failed")["errors"][0]["field"], "year", "{year}");
    }
    assert_eq!(app.admin_get("/api/v1/nominations?year=2023").await.status, 200);
}
