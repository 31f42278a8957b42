//! Reports and their review, on the plan's real criteria.

use chrono::Datelike;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::{Answer, TestApp};

/// Plan 05/KH-UBND imported again for the running year, active, with xã Đại
/// Thắng's units; returns the campaign id, the current period and the demo
/// accounts' passwords.
async fn plan_running_now(app: &TestApp) -> (String, String, Vec<(String, String)>) {
    let loaded = crate::campaigns::load_demo(app).await;
    let passwords = loaded.new_users.into_iter().map(|(u, _, p)| (u, p)).collect();
    let demo = app.admin_get("/api/v1/campaigns?code=05/KH-UBND").await.body["items"][0].clone();
    let definition =
        app.admin_get(&format!("/api/v1/campaigns/{}/definition", demo["id"].as_str().unwrap())).await.body;
    let today = thidua::domain::today();
    let imported = app
        .admin_json(
            Method::POST,
            "/api/v1/campaigns/import",
            json!({ "issuer_id": demo["issuer_id"], "definition": definition, "code": "05/KH-UBND-NAY",
                    "issued_on": (today - chrono::Days::new(30)).to_string(), "starts_on": (today - chrono::Days::new(30)).to_string(),
                    "ends_on": (today + chrono::Days::new(300)).to_string() }),
        )
        .await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    let id = id_of(&imported.body);
    let activated = app
        .call(Method::POST, &format!("/api/v1/campaigns/{id}/activate"))
        .bearer(&app.admin)
        .header("if-match", imported.header("etag").unwrap())
        .send()
        .await;
    assert_eq!(activated.status, 200, "{}", activated.body);
    let period = format!("{}Q{}", today.year(), today.month0() / 3 + 1);
    (id, period, passwords)
}

/// The justice sector's (DT-TP-HT) draft report for `period`, created by its reporter.
pub(crate) async fn justice_draft(app: &TestApp, reporter: &str, campaign: &str, period: &str) -> Answer {
    let unit =
        app.admin_get("/api/v1/org-units?code=DT-TP-HT").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let created = app
        .call(Method::POST, "/api/v1/reports")
        .bearer(reporter)
        .json(json!({ "campaign_id": campaign, "org_unit_id": unit, "period_id": period }))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    created
}

pub(crate) async fn as_user(app: &TestApp, passwords: &[(String, String)], username: &str) -> String {
    let password = &passwords.iter().find(|(u, _)| u == username).unwrap().1;
    app.login(username, password).await
}

/// A call with the report's current ETag in If-Match.
pub(crate) async fn with_etag(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    report: &str,
    body: Option<Value>,
) -> Answer {
    let current = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(token).send().await;
    let mut call = app.call(method, path).bearer(token).header("if-match", current.header("etag").unwrap_or("\"0\""));
    if let Some(body) = body {
        call = call.json(body);
    }
    call.send().await
}

/// Values for every criterion of the plan; `nine_online` procedures offer online payment.
pub(crate) fn all_values(nine_online: u32, sub_transactions: u32) -> Value {
    let ratio = |code: &str, n: u32, d: u32| json!({ "criterion": code, "numerator": n, "denominator": d });
    json!({ "values": [
        { "criterion": "1", "achieved": true },
        ratio("2", 0, 0),
        ratio("3", 12, 12),
        ratio("4", 48, 48),
        ratio("5", 230, 236),
        ratio("6", 236, 236),
        ratio("7", 13, 20),
        ratio("8", 120, 180),
        ratio("9", nine_online, 10),
        ratio("9.1", 3, sub_transactions),
        { "criterion": "10", "percentage": 92.5 },
        ratio("11", 300, 300),
        ratio("12", 150, 150),
        { "criterion": "13", "achieved": true },
        { "criterion": "14", "achieved": false, "note": "Đang triển khai" },
        { "criterion": "15", "achieved": true },
        ratio("16", 410, 410),
    ]})
}

#[actix_web::test]
async fn a_report_walks_the_whole_review() {
    let app = TestApp::spawn().await;
    let (campaign, period, passwords) = plan_running_now(&app).await;
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let office = as_user(&app, &passwords, "vanphong").await;
    let chairman = as_user(&app, &passwords, "chutich").await;
    let other_reporter = as_user(&app, &passwords, "hoinongdan").await;

    let created = justice_draft(&app, &reporter, &campaign, &period).await;
    assert_eq!(created.body["status"], "draft");
    assert_eq!(created.body["applicable_criteria"].as_array().unwrap().len(), 17);
    let report = id_of(&created.body);
    let values = format!("/api/v1/reports/{report}/values");

    // A draft may be incomplete, but not wrong.
    let wrong = with_etag(&app, &reporter, Method::PUT, &values, &report,
        Some(json!({ "values": [{ "criterion": "7", "numerator": 13, "denominator": 20 }, { "criterion": "2", "numerator": 5, "denominator": 4 }] }))).await;
    let errors = &wrong.assert_problem(422, "validation_failed")["errors"];
    assert_eq!(
        (errors[0]["field"].as_str(), errors[0]["code"].as_str()),
        (Some("values[2].numerator"), Some("above_denominator"))
    );
    let partial = with_etag(&app, &reporter, Method::PUT, &values, &report,
        Some(json!({ "values": [{ "criterion": "7", "numerator": 13, "denominator": 20 }, { "criterion": "1", "achieved": true }] }))).await;
    assert_eq!(partial.status, 200, "{}", partial.body);
    assert_eq!(partial.body["values"].as_array().unwrap().len(), 2, "the wrong request wrote nothing");
    let seven = partial.body["values"].as_array().unwrap().iter().find(|v| v["criterion_code"] == "7").unwrap().clone();
    assert_eq!((seven["computed_percentage"].as_f64(), seven["met"].as_bool()), (Some(65.0), Some(true)));

    // Submitting lists exactly what is missing.
    let submit = format!("/api/v1/reports/{report}/submit");
    let incomplete = with_etag(&app, &reporter, Method::POST, &submit, &report, None).await;
    let missing: Vec<&str> = incomplete.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "values[2]",
            "values[3]",
            "values[4]",
            "values[5]",
            "values[6]",
            "values[8]",
            "values[9]",
            "values[9.1]",
            "values[10]",
            "values[11]",
            "values[12]",
            "values[13]",
            "values[14]",
            "values[15]",
            "values[16]"
        ]
    );

    // 9.1 counts transactions of the procedures 9 counts: none there, none here.
    with_etag(&app, &reporter, Method::PUT, &values, &report, Some(all_values(0, 5))).await;
    let inconsistent = with_etag(&app, &reporter, Method::POST, &submit, &report, None).await;
    let errors = &inconsistent.assert_problem(422, "validation_failed")["errors"];
    assert_eq!(errors.as_array().unwrap().len(), 1);
    assert_eq!(
        (errors[0]["field"].as_str(), errors[0]["code"].as_str()),
        (Some("values[9.1].denominator"), Some("inconsistent_with_parent"))
    );

    with_etag(&app, &reporter, Method::PUT, &values, &report, Some(all_values(8, 5))).await;
    let submitted = with_etag(&app, &reporter, Method::POST, &submit, &report, None).await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    assert_eq!(
        (submitted.body["status"].as_str(), submitted.body["on_time"].as_bool()),
        (Some("submitted"), Some(true))
    );
    let two = submitted.body["values"].as_array().unwrap().iter().find(|v| v["criterion_code"] == "2").unwrap().clone();
    assert_eq!((two["not_applicable"].as_bool(), two["met"].as_bool()), (Some(true), None), "0 of 0 is not applicable");

    // Submitted: not editable; the office returns it with a reason.
    let locked_out = with_etag(&app, &reporter, Method::PUT, &values, &report, Some(all_values(8, 5))).await;
    assert_eq!(locked_out.assert_problem(409, "report_not_editable")["current_status"], "submitted");
    let give_back = format!("/api/v1/reports/{report}/return");
    let no_reason = with_etag(&app, &office, Method::POST, &give_back, &report, Some(json!({}))).await;
    assert_eq!(no_reason.assert_problem(422, "validation_failed")["errors"][0]["field"], "reason");
    // A reason follows the text rule its schema states (blank: required; a control character: invalid).
    let rule = regex::Regex::new(thidua::domain::text::TEXT_PATTERN).unwrap();
    for (reason, code) in [(" \n\t ", "required"), ("Trả\u{1}lại", "invalid")] {
        assert!(!rule.is_match(reason), "{reason:?}");
        let refused =
            with_etag(&app, &office, Method::POST, &give_back, &report, Some(json!({ "reason": reason }))).await;
        assert_eq!(refused.assert_problem(422, "validation_failed")["errors"][0]["code"], code, "{reason:?}");
    }
    let returned = with_etag(
        &app,
        &office,
        Method::POST,
        &give_back,
        &report,
        Some(json!({ "reason": "  Tiêu chí 14: bổ sung minh chứng\n" })),
    )
    .await;
    assert_eq!(returned.body["status"], "returned");

    // The reporter fixes and resubmits; the office approves.
    let mut fixed = all_values(8, 5);
    fixed["values"][14] = json!({ "criterion": "14", "achieved": true, "note": "Đã triển khai từ tháng này" });
    assert_eq!(with_etag(&app, &reporter, Method::PUT, &values, &report, Some(fixed)).await.status, 200);
    let resubmitted = with_etag(&app, &reporter, Method::POST, &submit, &report, None).await;
    assert_eq!(resubmitted.body["status"], "submitted");
    assert_ne!(resubmitted.body["submitted_at"], submitted.body["submitted_at"], "the latest submission");
    assert_eq!(
        resubmitted.body["first_submitted_at"], submitted.body["submitted_at"],
        "the first submission is kept, and with it the on-time flag"
    );
    assert!(resubmitted.body["first_submitted_at"].is_string());
    let approve = format!("/api/v1/reports/{report}/approve");
    let approved = with_etag(&app, &office, Method::POST, &approve, &report, None).await;
    assert_eq!(approved.body["status"], "approved");
    assert!(approved.body["approved_at"].is_string());

    // Approved: read-only, for the reporter and the office alike; another unit's reporter cannot even see it.
    let after = with_etag(&app, &reporter, Method::PUT, &values, &report, Some(all_values(8, 5))).await;
    assert_eq!(after.assert_problem(409, "report_approved")["current_status"], "approved");
    let again = with_etag(&app, &office, Method::POST, &approve, &report, None).await;
    assert_eq!(again.assert_problem(409, "illegal_move")["current_status"], "approved");
    let stranger = app
        .call(Method::PUT, &values)
        .bearer(&other_reporter)
        .header("if-match", "\"1\"")
        .json(all_values(8, 5))
        .send()
        .await;
    stranger.assert_problem(404, "not_found");

    // The chairman reopens it, with a reason; it is editable again.
    let reopened = with_etag(
        &app,
        &chairman,
        Method::POST,
        &format!("/api/v1/reports/{report}/reopen"),
        &report,
        Some(json!({ "reason": "Huyện yêu cầu rà soát tiêu chí 5" })),
    )
    .await;
    assert_eq!(reopened.body["status"], "reopened");
    assert_eq!(with_etag(&app, &reporter, Method::PUT, &values, &report, Some(all_values(8, 5))).await.status, 200);

    let history =
        app.call(Method::GET, &format!("/api/v1/reports/{report}/history")).bearer(&reporter).send().await.body;
    let moves: Vec<(&str, &str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["from_status"].as_str().unwrap(), e["to_status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        moves,
        [
            ("submit", "draft", "submitted"),
            ("return", "submitted", "returned"),
            ("submit", "returned", "submitted"),
            ("approve", "submitted", "approved"),
            ("reopen", "approved", "reopened")
        ]
    );
    assert_eq!(history[1]["reason"], "Tiêu chí 14: bổ sung minh chứng");

    // Every change is in the audit log, with actor and request id; the log cannot be changed.
    let log = app.admin_get(&format!("/api/v1/audit-events?entity=report&entity_id={report}&limit=200")).await.body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "create",
            "put_values",
            "put_values",
            "put_values",
            "submit",
            "return",
            "put_values",
            "submit",
            "approve",
            "reopen",
            "put_values"
        ]
    );
    let first = &log["items"][0];
    assert!(first["actor"].as_str().unwrap().starts_with("user:"));
    assert!(first["request_id"].is_string());
    assert_eq!(log["items"][5]["after"]["reason"], "Tiêu chí 14: bổ sung minh chứng");
    // Read by those who may read the report: its unit's reporter and the commune's office and
    // chairman see the same events; another unit's reporter sees none of them.
    let events = format!("/api/v1/audit-events?entity=report&entity_id={report}&limit=200");
    for token in [&reporter, &office, &chairman] {
        assert_eq!(app.call(Method::GET, &events).bearer(token).send().await.body["items"], log["items"]);
    }
    assert_eq!(app.call(Method::GET, &events).bearer(&other_reporter).send().await.body["total"], 0);
    for method in [Method::DELETE, Method::PUT, Method::PATCH, Method::POST] {
        let answer = app.call(method, "/api/v1/audit-events").bearer(&app.admin).json(json!({})).send().await;
        answer.assert_problem(405, "method_not_allowed");
    }
}

#[actix_web::test]
async fn work_queues_show_what_waits() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let reporter = app.login("reporter.a", PASSWORD).await;
    let queue = |token: String| {
        let app = &app;
        async move { app.call(Method::GET, "/api/v1/work-queue").bearer(&token).send().await.body }
    };
    // Unit A's report for this month is a draft: due for the reporter, nothing to review yet.
    let mine = queue(reporter.clone()).await;
    let due: Vec<(&str, &str)> = mine["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["org_unit_id"].as_str().unwrap(), d["period_id"].as_str().unwrap()))
        .collect();
    assert!(due.contains(&(f.unit_a.as_str(), f.current_period.as_str())), "{mine}");
    assert!(due.iter().all(|(unit, _)| *unit == f.unit_a), "a reporter's queue holds its own unit only");
    assert!(queue(office.clone()).await["to_review"].as_array().unwrap().is_empty());

    let report = f.report_a.clone();
    let values = json!({ "values": [{ "criterion": "1", "achieved": true }, { "criterion": "2", "numerator": 9, "denominator": 10 }] });
    with_etag(&app, &reporter, Method::PUT, &format!("/api/v1/reports/{report}/values"), &report, Some(values)).await;
    with_etag(&app, &reporter, Method::POST, &format!("/api/v1/reports/{report}/submit"), &report, None).await;
    let review = queue(office.clone()).await;
    assert_eq!(review["to_review"][0]["id"], report.as_str());
    assert!(
        !queue(reporter.clone()).await["due"].as_array().unwrap().iter().any(|d| d["report_id"] == report.as_str())
    );

    with_etag(
        &app,
        &office,
        Method::POST,
        &format!("/api/v1/reports/{report}/return"),
        &report,
        Some(json!({ "reason": "Sửa tiêu chí 2" })),
    )
    .await;
    let fix = queue(reporter).await;
    assert_eq!(fix["to_fix"][0]["id"], report.as_str());
    assert_eq!(fix["to_fix"][0]["status"], "returned");
}

#[actix_web::test]
async fn locks_closed_campaigns_and_participation_block_with_their_codes() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let loaded = crate::campaigns::load_demo(&app).await;
    let passwords: Vec<(String, String)> = loaded.new_users.into_iter().map(|(u, _, p)| (u, p)).collect();
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let office = as_user(&app, &passwords, "vanphong").await;
    let demo =
        app.admin_get("/api/v1/campaigns?code=05/KH-UBND").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let unit = |code: &'static str| {
        let app = &app;
        async move {
            app.admin_get(&format!("/api/v1/org-units?code={code}")).await.body["items"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let tp = unit("DT-TP-HT").await;
    let create = |token: String, campaign: String, unit: String, period: &'static str| {
        let app = &app;
        async move {
            app.call(Method::POST, "/api/v1/reports")
                .bearer(&token)
                .json(json!({ "campaign_id": campaign, "org_unit_id": unit, "period_id": period }))
                .send()
                .await
        }
    };

    // 2023 is long locked.
    create(reporter.clone(), demo.clone(), tp.clone(), "2023Q4").await.assert_problem(409, "period_locked");
    // The office opens 2023Q4 for Tư pháp – Hộ tịch only.
    let exception = app
        .call(Method::POST, &format!("/api/v1/campaigns/{demo}/lock-exceptions"))
        .bearer(&office)
        .json(json!({ "period_id": "2023Q4", "org_unit_id": tp, "reason": "Bổ sung báo cáo quý IV",
                      "expires_at": (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339() }))
        .send()
        .await;
    assert_eq!(exception.status, 201, "{}", exception.body);
    assert_eq!(create(reporter.clone(), demo.clone(), tp.clone(), "2023Q4").await.status, 201);
    let hnd = unit("DT-HND").await;
    create(office.clone(), demo.clone(), hnd, "2023Q4").await.assert_problem(409, "period_locked");
    create(reporter.clone(), demo.clone(), tp.clone(), "2023Q4").await.assert_problem(409, "report_exists");

    // Not a participant.
    let fixture_office = app.login("office", PASSWORD).await;
    create(fixture_office.clone(), f.active_campaign.clone(), f.office_unit.clone(), "2023Q1")
        .await
        .assert_problem(409, "not_a_participant");
    // A campaign not started, and one closed.
    create(fixture_office.clone(), f.campaign.clone(), f.unit_a.clone(), "2023Q1")
        .await
        .assert_problem(409, "campaign_not_active");
    let campaign = app.admin_get(&format!("/api/v1/campaigns/{}", f.active_campaign)).await;
    let closed = app
        .call(Method::POST, &format!("/api/v1/campaigns/{}/close", f.active_campaign))
        .bearer(&app.admin)
        .header("if-match", campaign.header("etag").unwrap())
        .send()
        .await;
    assert_eq!(closed.status, 200);
    let report = f.report_a.clone();
    let edit = with_etag(
        &app,
        &fixture_office,
        Method::PUT,
        &format!("/api/v1/reports/{report}/values"),
        &report,
        Some(json!({ "values": [{ "criterion": "1", "achieved": true }] })),
    )
    .await;
    edit.assert_problem(409, "campaign_closed");
}

#[actix_web::test]
async fn of_fifty_concurrent_approvals_exactly_one_succeeds() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let report = f.report_a.clone();
    let values = json!({ "values": [{ "criterion": "1", "achieved": true }, { "criterion": "2", "numerator": 19, "denominator": 20 }] });
    assert_eq!(
        with_etag(&app, &office, Method::PUT, &format!("/api/v1/reports/{report}/values"), &report, Some(values))
            .await
            .status,
        200
    );
    let submitted =
        with_etag(&app, &office, Method::POST, &format!("/api/v1/reports/{report}/submit"), &report, None).await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let etag = submitted.header("etag").unwrap().to_owned();

    let approvals = (0..50).map(|_| {
        app.call(Method::POST, &format!("/api/v1/reports/{report}/approve"))
            .bearer(&office)
            .header("if-match", &etag)
            .send()
    });
    let answers = futures_util::future::join_all(approvals).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| [200, 409, 412].contains(s)), "{statuses:?}");
    let history = app.call(Method::GET, &format!("/api/v1/reports/{report}/history")).bearer(&office).send().await.body;
    assert_eq!(
        history.as_array().unwrap().iter().filter(|e| e["action"] == "approve").count(),
        1,
        "one approval recorded"
    );
}

/// The errors of `PUT /reports/{id}/values` name each value by its
/// criterion's code, as submitting does; by its index only when its
/// reference names no criterion of the campaign.
#[actix_web::test]
async fn value_errors_are_named_by_criterion_code() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let criteria = app.admin_get(&format!("/api/v1/campaigns/{}/criteria", f.active_campaign)).await.body;
    let one = criteria.as_array().unwrap().iter().find(|c| c["code"] == "1").unwrap()["id"].clone();
    let values = json!({ "values": [
        { "criterion": "2", "numerator": 5, "denominator": 4 },
        { "criterion": "khong-co", "count": 1 },
        // By id: still named by its code.
        { "criterion": one, "achieved": true, "note": "x".repeat(5_001) },
    ]});
    let path = format!("/api/v1/reports/{}/values", f.report_a);
    let refused = with_etag(&app, &office, Method::PUT, &path, &f.report_a, Some(values)).await;
    let errors: Vec<(&str, &str)> = refused.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            ("values[2].numerator", "above_denominator"),
            ("values[1].criterion", "not_applicable"),
            ("values[1].note", "too_long")
        ]
    );

    // One criterion twice — by code, then by id — is refused naming both entries.
    let twice = json!({ "values": [
        { "criterion": "1", "achieved": true },
        { "criterion": "2", "numerator": 1, "denominator": 4 },
        { "criterion": one, "achieved": false },
    ]});
    let refused = with_etag(&app, &office, Method::PUT, &path, &f.report_a, Some(twice)).await;
    let errors: Vec<(&str, &str)> = refused.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [("values[0].criterion", "duplicate"), ("values[2].criterion", "duplicate")]);
    let stored = app.call(Method::GET, &format!("/api/v1/reports/{}", f.report_a)).bearer(&office).send().await;
    assert!(stored.body["values"].as_array().unwrap().is_empty(), "nothing was written: {}", stored.body);
}

/// `PUT /reports/{id}/values/{criterion}` stores one value by the batch's
/// rules: computed figures, If-Match, the state and applicability checks,
/// and the same audit event.
#[actix_web::test]
async fn one_value_is_stored_by_the_batch_rules() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let today = thidua::domain::today();
    let campaign = id_of(
        &app.admin_json(
            Method::POST,
            "/api/v1/campaigns",
            json!({ "code": "MOT/KH", "title": "Từng tiêu chí", "issuer_id": f.commune,
                    "issued_on": today.to_string(), "starts_on": (today - chrono::Days::new(40)).to_string(),
                    "ends_on": (today + chrono::Days::new(300)).to_string(), "period_type": "month" }),
        )
        .await
        .body,
    );
    let mut criteria = Vec::new();
    for criterion in [
        json!({ "ordinal": 1, "code": "1", "title": "Đạt hay không", "measure": "boolean", "comparator": "=" }),
        json!({ "ordinal": 2, "code": "2", "title": "Tỷ lệ đúng hạn", "measure": "ratio", "comparator": ">=", "target": 90,
                "numerator_label": "Đúng hạn", "denominator_label": "Tổng số" }),
        // Only unit B reports it.
        json!({ "ordinal": 3, "code": "3", "title": "Số sáng kiến", "measure": "count", "comparator": ">=", "target": 1,
                "applies_to_units": [f.unit_b] }),
    ] {
        let answer = app.admin_json(Method::POST, &format!("/api/v1/campaigns/{campaign}/criteria"), criterion).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        criteria.push(id_of(&answer.body));
    }
    app.admin_json(
        Method::PUT,
        &format!("/api/v1/campaigns/{campaign}/participants"),
        json!({ "org_units": [f.unit_a, f.unit_b] }),
    )
    .await;
    let current = app.admin_get(&format!("/api/v1/campaigns/{campaign}")).await;
    let activated = app
        .call(Method::POST, &format!("/api/v1/campaigns/{campaign}/activate"))
        .bearer(&app.admin)
        .header("if-match", current.header("etag").unwrap())
        .send()
        .await;
    assert_eq!(activated.status, 200, "{}", activated.body);
    let office = app.login("office", PASSWORD).await;
    let created = app
        .call(Method::POST, "/api/v1/reports")
        .bearer(&office)
        .json(json!({ "campaign_id": campaign, "org_unit_id": f.unit_a, "period_id": format!("{}M{:02}", today.year(), today.month()) }))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let report = id_of(&created.body);
    let first_etag = created.header("etag").unwrap().to_owned();
    let put = |criterion: String, etag: Option<String>, body: Value| {
        let (app, office, report) = (&app, &office, &report);
        async move {
            let mut call = app
                .call(Method::PUT, &format!("/api/v1/reports/{report}/values/{criterion}"))
                .bearer(office)
                .json(body);
            if let Some(etag) = etag {
                call = call.header("if-match", &etag);
            }
            call.send().await
        }
    };

    // By code: computed here, the version raised, the whole report answered.
    let stored =
        put("2".into(), Some(first_etag.clone()), json!({ "numerator": 9, "denominator": 10, "note": "Quý này" }))
            .await;
    assert_eq!(stored.status, 200, "{}", stored.body);
    assert_eq!(stored.header("etag"), Some("\"2\""));
    let two = &stored.body["values"][0];
    assert_eq!((two["criterion_code"].as_str(), two["computed_percentage"].as_f64()), (Some("2"), Some(90.0)));
    assert_eq!((two["met"].as_bool(), two["note"].as_str()), (Some(true), Some("Quý này")));
    // By id, keeping the other value.
    let etag = stored.header("etag").unwrap().to_owned();
    let both = put(criteria[0].clone(), Some(etag.clone()), json!({ "achieved": true })).await;
    assert_eq!(both.status, 200, "{}", both.body);
    let codes: Vec<&str> =
        both.body["values"].as_array().unwrap().iter().map(|v| v["criterion_code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["1", "2"]);

    // The errors, each with its answer.
    put("2".into(), Some(first_etag), json!({ "numerator": 9, "denominator": 10 }))
        .await
        .assert_problem(412, "stale_version");
    put("2".into(), None, json!({ "numerator": 9, "denominator": 10 })).await.assert_problem(428, "if_match_required");
    let etag = both.header("etag").unwrap().to_owned();
    put("99".into(), Some(etag.clone()), json!({ "count": 1 })).await.assert_problem(404, "not_found");
    let not_applicable = put("3".into(), Some(etag.clone()), json!({ "count": 1 })).await;
    let errors = &not_applicable.assert_problem(422, "validation_failed")["errors"];
    assert_eq!((errors[0]["field"].as_str(), errors[0]["code"].as_str()), (Some("criterion"), Some("not_applicable")));
    let wrong = put("2".into(), Some(etag.clone()), json!({ "numerator": 11, "denominator": 10 })).await;
    let errors = &wrong.assert_problem(422, "validation_failed")["errors"];
    assert_eq!(
        (errors[0]["field"].as_str(), errors[0]["code"].as_str()),
        (Some("numerator"), Some("above_denominator"))
    );

    // Audited like the batch, before and after.
    let audit = app.admin_get(&format!("/api/v1/audit-events?entity=report&entity_id={report}")).await;
    let puts: Vec<&Value> =
        audit.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "put_values").collect();
    assert_eq!(puts.len(), 2, "{}", audit.body);
    assert!(
        puts[1]["before"].to_string().contains("\"2\"") && puts[1]["after"].to_string().contains("\"1\""),
        "{}",
        audit.body
    );

    // Submitted, it is read-only.
    let submitted = app
        .call(Method::POST, &format!("/api/v1/reports/{report}/submit"))
        .bearer(&office)
        .header("if-match", &etag)
        .send()
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let late = put("1".into(), Some(submitted.header("etag").unwrap().to_owned()), json!({ "achieved": false })).await;
    late.assert_problem(409, "report_not_editable");
}

/// A read answers from what it kept only while the report is unchanged, and
/// the scope is checked before anything kept is sent.
#[actix_web::test]
async fn a_kept_report_answer_is_never_stale_nor_out_of_scope() {
    let app = TestApp::spawn().await;
    let (campaign, period, passwords) = plan_running_now(&app).await;
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let other_reporter = as_user(&app, &passwords, "hoinongdan").await;
    let created = justice_draft(&app, &reporter, &campaign, &period).await;
    let report = id_of(&created.body);
    let read = || app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&reporter).send();

    // Read twice: the second answer (kept) is the first, byte for byte.
    let (first, second) = (read().await, read().await);
    assert_eq!((first.status, second.status), (200, 200));
    assert_eq!(first.bytes, second.bytes);
    assert_eq!(second.header("etag"), Some("\"1\""));
    assert_eq!(second.header("content-type"), Some("application/json"));
    assert_eq!(second.body, created.body, "a read answers what the creation answered");

    // Another unit's reporter is refused, kept answer or not.
    let foreign = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&other_reporter).send().await;
    foreign.assert_problem(404, "not_found");

    // Every change is seen by the very next read.
    let values = format!("/api/v1/reports/{report}/values");
    let stored = with_etag(
        &app,
        &reporter,
        Method::PUT,
        &values,
        &report,
        Some(json!({ "values": [{ "criterion": "7", "numerator": 13, "denominator": 20 }] })),
    )
    .await;
    assert_eq!(stored.status, 200, "{}", stored.body);
    let after = read().await;
    assert_eq!(after.header("etag"), Some("\"2\""));
    assert_eq!(after.body, stored.body);
    assert_eq!(after.body["values"][0]["computed_percentage"].as_f64(), Some(65.0));
    let changed = with_etag(
        &app,
        &reporter,
        Method::PUT,
        &values,
        &report,
        Some(json!({ "values": [{ "criterion": "7", "numerator": 19, "denominator": 20, "note": "sửa lại" }] })),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let again = read().await;
    assert_eq!(again.header("etag"), Some("\"3\""));
    assert_eq!(again.body["values"].as_array().unwrap().len(), 1, "an edit updates the value in place");
    assert_eq!(
        (again.body["values"][0]["computed_percentage"].as_f64(), again.body["values"][0]["note"].as_str()),
        (Some(95.0), Some("sửa lại"))
    );
}

/// A move is checked before it is written, guarded by the version it
/// checked: an edit landing in between makes the submission fail (412), so
/// a report is never submitted with values other than those checked.
#[actix_web::test]
async fn a_submission_racing_an_edit_never_freezes_unchecked_values() {
    let app = TestApp::spawn().await;
    let (campaign, period, passwords) = plan_running_now(&app).await;
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let created = justice_draft(&app, &reporter, &campaign, &period).await;
    let report = id_of(&created.body);
    let values = format!("/api/v1/reports/{report}/values");
    let filled = with_etag(&app, &reporter, Method::PUT, &values, &report, Some(all_values(8, 5))).await;
    assert_eq!(filled.status, 200, "{}", filled.body);

    for round in 0..10 {
        let current = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&reporter).send().await;
        let etag = current.header("etag").unwrap().to_owned();
        // The edit breaks criterion 9.1 against its parent (more than 9's 8 online records).
        let edit = app
            .call(Method::PUT, &format!("{values}/9.1"))
            .bearer(&reporter)
            .header("if-match", &etag)
            .json(json!({ "numerator": 9, "denominator": 9 }))
            .send();
        let submit = app
            .call(Method::POST, &format!("/api/v1/reports/{report}/submit"))
            .bearer(&reporter)
            .header("if-match", &etag)
            .send();
        let (edit, submit) = futures_util::join!(edit, submit);
        let statuses = (edit.status, submit.status);
        assert!(statuses == (200, 412) || statuses == (412, 200), "round {round}: {statuses:?}");
        let after = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&reporter).send().await.body;
        if submit.status == 200 {
            // Submitted with the values it checked: the edit did not land.
            assert_eq!(after["status"], "submitted");
            let sub = after["values"].as_array().unwrap().iter().find(|v| v["criterion_code"] == "9.1").unwrap();
            assert_eq!((sub["numerator"].as_f64(), sub["denominator"].as_f64()), (Some(3.0), Some(5.0)));
            return;
        }
        // The edit won: the report is still a draft; put the good figures back and race again.
        assert_eq!(after["status"], "draft", "round {round}");
        let restored = with_etag(
            &app,
            &reporter,
            Method::PUT,
            &format!("{values}/9.1"),
            &report,
            Some(json!({ "numerator": 3, "denominator": 5 })),
        )
        .await;
        assert_eq!(restored.status, 200, "{}", restored.body);
    }
}

#[actix_web::test]
async fn a_lock_exception_puts_its_locked_period_back_in_the_units_work_queue() {
    let app = TestApp::spawn().await;
    let passwords: Vec<(String, String)> =
        crate::campaigns::load_demo(&app).await.new_users.into_iter().map(|(u, _, p)| (u, p)).collect();
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let office = as_user(&app, &passwords, "vanphong").await;
    let campaign = crate::campaigns::demo_campaign(&app).await["id"].as_str().unwrap().to_owned();
    let unit =
        app.admin_get("/api/v1/org-units?code=DT-TP-HT").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let due = |token: String| {
        let app = &app;
        async move {
            let queue = app.call(Method::GET, "/api/v1/work-queue").bearer(&token).send().await.body;
            queue["due"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["org_unit_id"].as_str().unwrap().to_owned(), d["period_id"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        }
    };
    // The plan's periods of 2023 are long locked: nothing of it is due.
    assert!(!due(reporter.clone()).await.iter().any(|(_, period)| period == "2023Q4"));

    let exception = app
        .call(Method::POST, &format!("/api/v1/campaigns/{campaign}/lock-exceptions"))
        .bearer(&office)
        .json(json!({ "period_id": "2023Q4", "org_unit_id": unit, "reason": "Bổ sung báo cáo quý IV",
                      "expires_at": (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339() }))
        .send()
        .await;
    assert_eq!(exception.status, 201, "{}", exception.body);
    // Now the unit may report 2023Q4 again, so it is due — for that unit only.
    assert!(due(reporter).await.contains(&(unit.clone(), "2023Q4".to_owned())));
    let of_period: Vec<String> =
        due(office).await.into_iter().filter(|(_, period)| period == "2023Q4").map(|(unit, _)| unit).collect();
    assert_eq!(of_period, [unit]);
}

/// Generated clients send a move that needs no reason with no body, an
/// empty one under a JSON content type, `null` or `{}`: each is taken.
#[actix_web::test]
async fn a_move_needing_no_reason_takes_any_empty_body() {
    let app = TestApp::spawn().await;
    let (campaign, period, passwords) = plan_running_now(&app).await;
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let office = as_user(&app, &passwords, "vanphong").await;
    let created = justice_draft(&app, &reporter, &campaign, &period).await;
    let report = id_of(&created.body);
    let filled = with_etag(
        &app,
        &reporter,
        Method::PUT,
        &format!("/api/v1/reports/{report}/values"),
        &report,
        Some(all_values(8, 5)),
    )
    .await;
    assert_eq!(filled.status, 200, "{}", filled.body);

    let send_raw = |token: String, step: &'static str, content_type: Option<&'static str>, body: &'static str| {
        let app = &app;
        let report = report.clone();
        async move {
            let current = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&token).send().await;
            let mut call = app
                .call(Method::POST, &format!("/api/v1/reports/{report}/{step}"))
                .bearer(&token)
                .header("if-match", current.header("etag").unwrap());
            if let Some(content_type) = content_type {
                call = call.body(content_type, body);
            }
            call.send().await
        }
    };
    let empty = send_raw(reporter.clone(), "submit", Some("application/json"), "").await;
    assert_eq!(empty.status, 200, "an empty JSON body: {}", empty.body);
    let returned = with_etag(
        &app,
        &office,
        Method::POST,
        &format!("/api/v1/reports/{report}/return"),
        &report,
        Some(json!({ "reason": "Bổ sung minh chứng" })),
    )
    .await;
    assert_eq!(returned.status, 200, "{}", returned.body);
    let object = send_raw(reporter.clone(), "submit", Some("application/json"), "{}").await;
    assert_eq!(object.status, 200, "{{}}: {}", object.body);
    let null = send_raw(office.clone(), "approve", Some("application/json"), "null").await;
    assert_eq!(null.status, 200, "null: {}", null.body);
    assert_eq!(null.body["status"], "approved");

    // A reason is still read strictly when one is sent.
    let reopen = send_raw(office, "reopen", Some("application/json"), r#"{"reason": 5}"#).await;
    assert_eq!(reopen.assert_problem(422, "validation_failed")["errors"][0]["field"], "reason");
}

/// Two edits of one report sent at once with the same `If-Match`: exactly
/// one lands (200), the other finds the version gone (412), and the values
/// stored are all of the winner's and none of the loser's — the edit is
/// checked outside the write, so only the write's version guard decides.
#[actix_web::test]
async fn of_two_edits_at_once_exactly_one_lands_whole() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let report = f.report_a.clone();
    let path = format!("/api/v1/reports/{report}/values");
    let read = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await;
    let etag = read.header("etag").unwrap().to_owned();
    let edit = |numerator: u32, note: &str| {
        let body = json!({ "values": [
            { "criterion": "1", "achieved": numerator.is_multiple_of(2), "note": note },
            { "criterion": "2", "numerator": numerator, "denominator": 20, "note": note },
        ] });
        app.call(Method::PUT, &path).bearer(&office).header("if-match", &etag).json(body).send()
    };
    let (first, second) = futures_util::join!(edit(11, "Bên A"), edit(12, "Bên B"));
    let mut statuses = [first.status, second.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412], "{} / {}", first.body, second.body);
    let (winner, numerator) = if first.status == 200 { ("Bên A", 11.0) } else { ("Bên B", 12.0) };
    let stored = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await.body;
    let values = stored["values"].as_array().unwrap();
    assert!(values.iter().all(|v| v["note"] == winner), "{stored}");
    let second_value = values.iter().find(|v| v["criterion_code"] == "2").unwrap();
    assert_eq!(second_value["numerator"].as_f64(), Some(numerator), "{stored}");
    let version = read.body["version"].as_i64().unwrap();
    assert_eq!(stored["version"].as_i64(), Some(version + 1), "{stored}");
}

/// A value entry takes only its own fields: a misspelt figure is named, not
/// silently dropped, and nothing is stored.
#[actix_web::test]
async fn a_value_with_an_unknown_field_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let report = f.report_a.clone();
    let before = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await.body;
    let body = json!({ "values": [{ "criterion": "2", "numerater": 3, "denominator": 20 }] });
    let path = format!("/api/v1/reports/{report}/values");
    let answer = with_etag(&app, &office, Method::PUT, &path, &report, Some(body)).await;
    let problem = answer.assert_problem(422, "validation_failed");
    let error = &problem["errors"][0];
    assert!(error["field"].as_str().unwrap().starts_with("values["), "{problem}");
    assert!(error["message"].as_str().unwrap().contains("numerater"), "{problem}");
    let after = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await.body;
    assert_eq!(after["version"], before["version"], "nothing was stored: {after}");
}
