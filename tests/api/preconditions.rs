//! `If-Match` as RFC 9110 §13.1.1 reads it: `*` holds for any current
//! representation, a list holds when one of its tags is the current `ETag`
//! by the strong comparison (so a weak tag never does), a value that is
//! neither is 400, none is 428. And the precondition is answered before the
//! state: 428/412 before 409.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::{Answer, TestApp};

/// `method path` as `token`, with `body` (if any) and one `If-Match` line per entry of `if_match`.
async fn send(
    app: &TestApp,
    token: &str,
    (method, path): (Method, &str),
    if_match: &[&str],
    body: Option<&Value>,
) -> Answer {
    let mut call = app.call(method, path).bearer(token);
    if let Some(body) = body {
        call = call.json(body.clone());
    }
    for line in if_match {
        call = call.header("if-match", line);
    }
    call.send().await
}

/// The `ETag` the admin reads at `path`.
async fn etag(app: &TestApp, path: &str) -> String {
    app.admin_get(path).await.header("etag").expect("an ETag").to_owned()
}

#[actix_web::test]
async fn an_update_holds_for_a_star_or_a_list_naming_the_current_tag_strongly() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let person = format!("/api/v1/people/{}", f.person_a);
    let patch = async |if_match: &[&str], name: &str| {
        send(&app, &app.admin, (Method::PATCH, &person), if_match, Some(&json!({ "full_name": name }))).await
    };
    let current = etag(&app, &person).await;
    assert_eq!(current, "\"1\"");

    // No header: 428. A value that is neither `*` nor entity tags: 400 naming If-Match.
    patch(&[], "Không điều kiện").await.assert_problem(428, "if_match_required");
    for malformed in ["1", "abc", "\"1", "w/\"1\"", "\"1\" \"2\"", "*, \"1\""] {
        let answer = patch(&[malformed], "Hỏng").await;
        let body = answer.assert_problem(400, "invalid_if_match");
        assert_eq!(body["errors"][0]["field"], "If-Match", "{malformed:?}: {body}");
    }

    // The current version by a weak tag: If-Match compares strongly, 412.
    let weak = patch(&["W/\"1\""], "Yếu").await;
    let body = weak.assert_problem(412, "stale_version");
    assert!(body["detail"].as_str().unwrap().contains("weak"), "{body}");
    // A list without the current tag: 412.
    patch(&["\"7\", \"8\", W/\"1\""], "Cũ").await.assert_problem(412, "stale_version");
    assert_eq!(app.admin_get(&person).await.header("etag"), Some("\"1\""), "nothing was written");

    // A list naming the current tag, wherever it stands: 200.
    let listed = patch(&["\"7\", \"1\", W/\"9\""], "Trong danh sách").await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.header("etag"), Some("\"2\""));
    // The same list over several header lines.
    let lines = patch(&["\"7\"", "\"2\""], "Hai dòng").await;
    assert_eq!(lines.status, 200, "{}", lines.body);
    assert_eq!(lines.header("etag"), Some("\"3\""));

    // `*`: any current representation, the update guarded by the version read.
    let star = patch(&["*"], "Bất kỳ").await;
    assert_eq!(star.status, 200, "{}", star.body);
    assert_eq!(star.header("etag"), Some("\"4\""));
    assert_eq!(star.body["full_name"], "Bất kỳ");
    // `*` on what does not exist is still 404.
    let unknown = (Method::PATCH, "/api/v1/people/no-such-person");
    send(&app, &app.admin, unknown, &["*"], Some(&json!({ "full_name": "Không có" })))
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn moves_read_if_match_alike() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;

    // A report's values and its review, which check the version themselves.
    let report = format!("/api/v1/reports/{}", f.report_a);
    let values = json!({ "values": [{ "criterion": "1", "achieved": true }] });
    let office = app.login("office", PASSWORD).await;
    let values_path = format!("{report}/values");
    let put = async |if_match: &str| send(&app, &office, (Method::PUT, &values_path), &[if_match], Some(&values)).await;
    let weak = format!("W/{}", etag(&app, &report).await);
    put(&weak).await.assert_problem(412, "stale_version");
    put("\"98\"").await.assert_problem(412, "stale_version");
    put("7").await.assert_problem(400, "invalid_if_match");
    let stored = put("*").await;
    assert_eq!(stored.status, 200, "{}", stored.body);
    let tag = stored.header("etag").unwrap().to_owned();
    let submit_path = format!("{report}/submit");
    let submit = async |if_match: &str| send(&app, &office, (Method::POST, &submit_path), &[if_match], None).await;
    submit(&format!("W/{tag}")).await.assert_problem(412, "stale_version");
    // Past the precondition: the report is not complete (criterion 2 has no value).
    submit(&format!("\"98\", {tag}")).await.assert_problem(422, "validation_failed");

    // A campaign's status.
    let campaign = format!("/api/v1/campaigns/{}", f.active_campaign);
    let close = format!("{campaign}/close");
    let weak = format!("W/{}", etag(&app, &campaign).await);
    send(&app, &app.admin, (Method::POST, &close), &[&weak], None).await.assert_problem(412, "stale_version");
    let closed = send(&app, &app.admin, (Method::POST, &close), &["*"], None).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(closed.body["status"], "closed");
}

#[actix_web::test]
async fn the_precondition_is_answered_before_the_state() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    // A criterion of an active campaign, whose definition no longer changes (409 campaign_not_draft).
    let active = format!("/api/v1/campaigns/{}", f.active_campaign);
    let listed = app.admin_get(&format!("{active}/criteria")).await;
    let criterion = format!("{active}/criteria/{}", id_of(&listed.body[0]));
    let body = json!({ "ordinal": 1, "code": "1", "title": "Đạt hay không", "measure": "boolean", "comparator": "=" });
    let put = async |if_match: &[&str]| send(&app, &app.admin, (Method::PUT, &criterion), if_match, Some(&body)).await;
    put(&[]).await.assert_problem(428, "if_match_required");
    put(&["1"]).await.assert_problem(400, "invalid_if_match");
    put(&["W/\"1\""]).await.assert_problem(412, "stale_version");
    put(&["\"98\", \"99\""]).await.assert_problem(412, "stale_version");
    // Past a precondition that holds, the state answers.
    put(&["*"]).await.assert_problem(409, "campaign_not_draft");
    put(&["\"98\", \"1\""]).await.assert_problem(409, "campaign_not_draft");

    // A report out of reach is 404 before its move's missing reason (422).
    let office = app.login("office", PASSWORD).await;
    app.call(Method::POST, "/api/v1/reports/no-such-report/return")
        .bearer(&office)
        .header("if-match", "\"1\"")
        .send()
        .await
        .assert_problem(404, "not_found");
}
