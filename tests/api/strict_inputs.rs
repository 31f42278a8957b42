//! Input is taken as sent or refused naming what is wrong: a value of the
//! wrong type is named by its field, not by the object holding it.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::fixture::{Fixture, PASSWORD};

/// The fields a 422 names, in order.
fn fields(body: &Value) -> Vec<&str> {
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect()
}

/// A call with the report's current ETag in If-Match, as the office.
async fn put_values(app: &TestApp, office: &str, path: &str, report: &str, body: Value) -> crate::support::Answer {
    let current = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(office).send().await;
    app.call(Method::PUT, path)
        .bearer(office)
        .header("if-match", current.header("etag").unwrap())
        .json(body)
        .send()
        .await
}

#[actix_web::test]
async fn a_value_of_the_wrong_type_is_named_by_its_field() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let report = &f.report_a;

    // In a batch, named as every fault of a value is: by its criterion's
    // code when its `criterion` names one of the campaign's, else by its place.
    let batch = format!("/api/v1/reports/{report}/values");
    for (entries, named) in [
        (
            json!([{ "criterion": "1", "achieved": true }, { "criterion": "2", "numerator": "mười", "denominator": 20 }]),
            vec!["values[2].numerator"],
        ),
        (json!([{ "criterion": "1", "achieved": "có" }]), vec!["values[1].achieved"]),
        (json!([{ "criterion": "1", "achieved": true, "note": 7 }]), vec!["values[1].note"]),
        (json!([{ "criterion": "1", "achieved": true }, { "criterion": "99", "count": "x" }]), vec!["values[1].count"]),
        (json!([{ "criterion": "1", "achieved": true }, 5]), vec!["values[1]"]),
        (json!([{ "numerator": 1 }, { "criterion": 2 }]), vec!["values[0].criterion", "values[1].criterion"]),
        (
            json!([{ "criterion": "2", "numerator": "x" }, { "criterion": "2", "numerator": 1, "denominator": 2 }]),
            vec!["values[0].criterion", "values[1].criterion", "values[2].numerator"],
        ),
    ] {
        let answer = put_values(&app, &office, &batch, report, json!({ "values": entries })).await;
        let body = answer.assert_problem(422, "validation_failed");
        let mut named_now = fields(body);
        named_now.sort_unstable();
        assert_eq!(named_now, named, "{entries}: {body}");
    }
    let missing = put_values(&app, &office, &batch, report, json!({ "values": [{ "numerator": 1 }] })).await;
    assert_eq!(missing.assert_problem(422, "validation_failed")["errors"][0]["code"], "required");
    let stored = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await;
    assert_eq!(stored.body["values"], json!([]), "nothing was stored");

    // One value, its criterion in the path: the field of the body alone.
    let one = format!("/api/v1/reports/{report}/values/2");
    let wrong = json!({ "numerator": 13, "denominator": [20] });
    let body = put_values(&app, &office, &one, report, wrong).await.assert_problem(422, "validation_failed").clone();
    assert_eq!(fields(&body), ["denominator"], "{body}");

    // Other resources' bodies, nested ones too.
    let criteria = format!("/api/v1/campaigns/{}/criteria", f.campaign);
    let criterion = json!({ "ordinal": 2, "code": "2", "title": "Tiêu chí", "measure": "count", "comparator": ">=",
                            "target": 3, "applies_to_kinds": ["sector", 5] });
    let body =
        app.admin_json(Method::POST, &criteria, criterion).await.assert_problem(422, "validation_failed").clone();
    assert_eq!(fields(&body), ["applies_to_kinds[1]"], "{body}");
    let account = json!({ "name": "Hệ thống", "org_unit_id": f.district, "scopes": ["read", true] });
    let answer = app.admin_json(Method::POST, "/api/v1/service-accounts", account).await;
    assert_eq!(fields(answer.assert_problem(422, "validation_failed")), ["scopes[1]"]);
}

#[actix_web::test]
async fn null_or_a_number_for_a_required_choice_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let criteria = format!("/api/v1/campaigns/{}/criteria", f.campaign);
    for measure in [json!(null), json!(3), json!(["count"])] {
        let criterion = json!({ "ordinal": 2, "code": "2", "title": "Tiêu chí", "measure": measure, "comparator": ">=", "target": 3 });
        let answer = app.admin_json(Method::POST, &criteria, criterion).await;
        let body = answer.assert_problem(422, "validation_failed");
        assert_eq!(fields(body), ["measure"], "{measure}: {body}");
        assert_eq!(body["errors"][0]["code"], "invalid");
    }
    let criterion = json!({ "ordinal": 2, "code": "2", "title": "Tiêu chí", "measure": "count", "comparator": ">=",
                            "target": 3, "applies_to_kinds": [null] });
    let answer = app.admin_json(Method::POST, &criteria, criterion).await;
    assert_eq!(fields(answer.assert_problem(422, "validation_failed")), ["applies_to_kinds[0]"]);

    let user = json!({ "username": "lan", "display_name": "Lan", "role": null, "org_unit_id": f.unit_a, "password": PASSWORD });
    let answer = app.admin_json(Method::POST, "/api/v1/users", user).await;
    assert_eq!(fields(answer.assert_problem(422, "validation_failed")), ["role"]);
    let unit = json!({ "code": "X", "name": "X", "kind": null, "parent_id": f.commune });
    let answer = app.admin_json(Method::POST, "/api/v1/org-units", unit).await;
    assert_eq!(fields(answer.assert_problem(422, "validation_failed")), ["kind"]);

    // Still 400: what is not JSON at all.
    let answer = app.admin_send(Method::POST, "/api/v1/org-units", "application/json", r#"{"kind": nul}"#).await;
    answer.assert_problem(400, "malformed_json");
}
