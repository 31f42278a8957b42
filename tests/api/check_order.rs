//! Every update checks in one order (`service::version`): 403 (role) → 404
//! (scope) → 422 (the body's values) → 428/412 (`If-Match`) → 409 (state).
//! A request wrong in several ways gets the first of these, whatever it
//! changes.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::{Answer, TestApp};

/// An update, aimed at a target that exists and at one that does not.
struct Update {
    method: Method,
    path: String,
    unknown: String,
    invalid: Value,
}

/// Sends `body` (if any) with `If-Match: if_match` (none when `None`).
async fn send(
    app: &TestApp,
    token: &str,
    method: &Method,
    path: &str,
    if_match: Option<&str>,
    body: Option<&Value>,
) -> Answer {
    let mut call = app.call(method.clone(), path).bearer(token);
    if let Some(body) = body {
        call = call.json(body.clone());
    }
    if let Some(tag) = if_match {
        call = call.header("if-match", tag);
    }
    call.send().await
}

#[actix_web::test]
async fn an_update_wrong_in_several_ways_gets_the_first_answer_of_one_order() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.a", PASSWORD).await;
    let criterion = |ordinal: i32| json!({ "ordinal": ordinal, "code": "1", "title": "Tiêu chí", "measure": "boolean", "comparator": "=" });
    let updates = [
        Update {
            method: Method::PATCH,
            path: format!("/api/v1/people/{}", f.person_a),
            unknown: "/api/v1/people/no-such-person".into(),
            invalid: json!({ "full_name": " " }),
        },
        Update {
            method: Method::PATCH,
            path: format!("/api/v1/users/{}", f.target_user),
            unknown: "/api/v1/users/no-such-user".into(),
            invalid: json!({ "display_name": " " }),
        },
        Update {
            method: Method::PATCH,
            path: format!("/api/v1/org-units/{}", f.unit_a),
            unknown: "/api/v1/org-units/no-such-unit".into(),
            invalid: json!({ "name": " " }),
        },
        Update {
            method: Method::PATCH,
            path: format!("/api/v1/campaigns/{}", f.campaign),
            unknown: "/api/v1/campaigns/no-such-campaign".into(),
            invalid: json!({ "title": " " }),
        },
        Update {
            method: Method::PUT,
            path: format!("/api/v1/campaigns/{}/criteria/{}", f.campaign, f.criterion),
            unknown: format!("/api/v1/campaigns/{}/criteria/no-such-criterion", f.campaign),
            invalid: criterion(0),
        },
    ];
    let mut versions = Vec::new();
    for u in &updates {
        versions.push(app.admin_get(&u.path).await.body["version"].clone());
        let (method, invalid) = (&u.method, Some(&u.invalid));
        // A role that may never do it: 403 before anything else.
        send(&app, &reporter, method, &u.unknown, None, invalid).await.assert_problem(403, "forbidden");
        // Nothing in scope: 404 before the body's values.
        send(&app, &app.admin, method, &u.unknown, None, invalid).await.assert_problem(404, "not_found");
        // An invalid body: 422 before the version, missing or stale.
        send(&app, &app.admin, method, &u.path, None, invalid).await.assert_problem(422, "validation_failed");
        send(&app, &app.admin, method, &u.path, Some("\"99\""), invalid).await.assert_problem(422, "validation_failed");
    }

    // The version before the state: a criterion of an active campaign, which
    // no longer changes, answers 428 and 412 before 409.
    let active = format!("/api/v1/campaigns/{}", f.active_campaign);
    let listed = app.admin_get(&format!("{active}/criteria")).await;
    let fixed = format!("{active}/criteria/{}", id_of(&listed.body[0]));
    let valid = criterion(1);
    let valid = Some(&valid);
    send(&app, &app.admin, &Method::PUT, &fixed, None, valid).await.assert_problem(428, "if_match_required");
    send(&app, &app.admin, &Method::PUT, &fixed, Some("\"99\""), valid).await.assert_problem(412, "stale_version");
    let tag = app.admin_get(&fixed).await.header("etag").unwrap().to_owned();
    send(&app, &app.admin, &Method::PUT, &fixed, Some(&tag), valid).await.assert_problem(409, "campaign_not_draft");

    // A move of status the same: 404 before 428, 428 and 412 before 409.
    send(&app, &app.admin, &Method::POST, "/api/v1/campaigns/no-such-campaign/close", None, None)
        .await
        .assert_problem(404, "not_found");
    let close = format!("/api/v1/campaigns/{}/close", f.campaign);
    send(&app, &app.admin, &Method::POST, &close, None, None).await.assert_problem(428, "if_match_required");
    send(&app, &app.admin, &Method::POST, &close, Some("\"99\""), None).await.assert_problem(412, "stale_version");

    // Nothing was written.
    for (u, version) in updates.iter().zip(versions) {
        assert_eq!(app.admin_get(&u.path).await.body["version"], version, "{}", u.path);
    }
}
