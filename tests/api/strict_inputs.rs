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
    let complaint = json!({
        "received_on": "2023-05-10", "channel": "hotline", "legal_kind": "feedback", "conduct": "delay",
        "incident_on": "2023-05-09", "org_unit_id": f.unit_a, "description": "Chậm trả kết quả.",
        "complainant": { "name": 5 },
    });
    let answer = app.call(Method::POST, "/api/v1/complaints").bearer(&office).json(complaint).send().await;
    assert_eq!(fields(answer.assert_problem(422, "validation_failed")), ["complainant.name"]);
    let definition = app.admin_get(&format!("/api/v1/campaigns/{}/definition", f.active_campaign)).await.body;
    for (pointer, wrong, named) in [
        ("/criteria/1/measure", json!(null), "definition.criteria[1].measure"),
        ("/campaign/lock_days", json!(-1), "definition.campaign.lock_days"),
    ] {
        let mut definition = definition.clone();
        *definition.pointer_mut(pointer).unwrap() = wrong;
        let import = json!({ "issuer_id": f.commune, "code": "MOI/KH", "definition": definition });
        let answer = app.admin_json(Method::POST, "/api/v1/campaigns/import", import).await;
        assert_eq!(fields(answer.assert_problem(422, "validation_failed")), [named]);
    }
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

#[actix_web::test]
async fn figures_beyond_their_bounds_are_refused_never_rounded() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let report = &f.report_a;
    let batch = format!("/api/v1/reports/{report}/values");

    // 2^53 + 1 reaches the server as 2^53 (a double): refused, never stored rounded.
    let beyond = 9_007_199_254_740_993_u64;
    let value = json!({ "values": [{ "criterion": "2", "numerator": beyond, "denominator": beyond }] });
    let answer = put_values(&app, &office, &batch, report, value).await;
    let body = answer.assert_problem(422, "validation_failed");
    assert_eq!(fields(body), ["values[2].numerator", "values[2].denominator"], "{body}");
    assert!(body["errors"].as_array().unwrap().iter().all(|e| e["code"] == "out_of_range"), "{body}");
    let value = json!({ "values": [{ "criterion": "2", "numerator": 1, "denominator": 1_000_000_001 }] });
    let body = put_values(&app, &office, &batch, report, value).await.assert_problem(422, "validation_failed").clone();
    assert_eq!(fields(&body), ["values[2].denominator"], "{body}");
    let value = json!({ "values": [{ "criterion": "2", "numerator": 1.5, "denominator": 2 }] });
    let body = put_values(&app, &office, &batch, report, value).await.assert_problem(422, "validation_failed").clone();
    assert_eq!(body["errors"][0]["code"], "not_whole", "{body}");
    // Past a double's range: named too, not "malformed JSON".
    let current = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await;
    let huge = app
        .call(Method::PUT, &batch)
        .bearer(&office)
        .header("if-match", current.header("etag").unwrap())
        .body("application/json", r#"{"values":[{"criterion":"2","numerator":1e400,"denominator":1}]}"#)
        .send()
        .await;
    let body = huge.assert_problem(422, "validation_failed");
    assert_eq!(
        (body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()),
        (Some("values[0].numerator"), Some("out_of_range"))
    );
    let stored = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await;
    assert_eq!(stored.body["values"], json!([]), "nothing was stored");

    // At the bound: stored and answered exactly.
    let value = json!({ "values": [{ "criterion": "2", "numerator": 999_999_999, "denominator": 1_000_000_000 }] });
    let answer = put_values(&app, &office, &batch, report, value).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let stored = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await;
    let two = &stored.body["values"][0];
    assert_eq!((two["numerator"].as_f64(), two["denominator"].as_f64()), (Some(999_999_999.0), Some(1e9)));

    // A criterion's target keeps the bounds of its measure's figures.
    let criteria = format!("/api/v1/campaigns/{}/criteria", f.campaign);
    for (measure, target, code) in
        [("count", json!(1e10), "out_of_range"), ("percentage", json!(92.125), "too_precise")]
    {
        let criterion = json!({ "ordinal": 2, "code": "2", "title": "Tiêu chí", "measure": measure, "comparator": ">=", "target": target });
        let body =
            app.admin_json(Method::POST, &criteria, criterion).await.assert_problem(422, "validation_failed").clone();
        assert_eq!(
            (body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()),
            (Some("target"), Some(code)),
            "{body}"
        );
    }

    // The document states the same bounds.
    let document = app.get("/api/v1/openapi.json").await.body;
    let value = &document["components"]["schemas"]["ValueInput"]["properties"];
    for figure in ["numerator", "denominator", "count"] {
        assert_eq!(value[figure]["type"], json!(["integer", "null"]), "{figure}");
        assert_eq!(
            (value[figure]["minimum"].as_u64(), value[figure]["maximum"].as_u64()),
            (Some(0), Some(1_000_000_000))
        );
    }
    assert_eq!(value["percentage"]["maximum"], 100);
    let target = &document["components"]["schemas"]["CriterionInput"]["properties"]["target"];
    assert_eq!(target["maximum"], 1_000_000_000);
}

#[actix_web::test]
async fn a_query_parameter_the_operation_does_not_take_is_a_400_naming_it() {
    let app = TestApp::spawn().await;
    // A typo no longer answers every report.
    let answer = app.admin_get("/api/v1/reports?stauts=approved").await;
    let body = answer.assert_problem(400, "invalid_query");
    assert_eq!(
        (body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()),
        (Some("stauts"), Some("unknown"))
    );
    assert!(body["detail"].as_str().unwrap().contains("status"), "it says what the operation takes: {body}");
    app.admin_get("/api/v1/reports?Status=approved").await.assert_problem(400, "invalid_query");
    // The path is read as the router reads it: `%72eports` is `reports`.
    app.admin_get("/api/v1/%72eports?stauts=approved").await.assert_problem(400, "invalid_query");
    let taken = app.admin_get("/api/v1/reports?status=approved&limit=5&offset=0&campaign_id=").await;
    assert_eq!(taken.status, 200, "{}", taken.body);

    // An operation that takes none refuses any, public ones too.
    let body = app.admin_get("/api/v1/me?verbose=1").await.assert_problem(400, "invalid_query").clone();
    assert_eq!(body["errors"][0]["field"], "verbose");
    app.get("/healthz?probe=1").await.assert_problem(400, "invalid_query");
    assert_eq!(app.get("/healthz?").await.status, 200, "an empty query is no parameter");

    // Refused before the handler: a write with one changes nothing.
    let unit = json!({ "code": "XA-MOI", "name": "Xã Mới", "kind": "district", "parent_id": null });
    let answer = app.call(Method::POST, "/api/v1/org-units?dry_run=true").bearer(&app.admin).json(unit).send().await;
    answer.assert_problem(400, "invalid_query");
    assert_eq!(app.admin_get("/api/v1/org-units?code=XA-MOI").await.body["total"], 0);

    // A name that is no name is not echoed.
    let body = app.admin_get("/api/v1/reports?%01x=1").await.assert_problem(400, "invalid_query").clone();
    assert_eq!(body["errors"][0]["field"], "query");

    // What is not an operation of the document is not concerned.
    assert_eq!(app.get("/docs/?url=/api/v1/openapi.json").await.status, 200);

    // Every operation documents the 400, and lists each parameter it takes.
    let document = app.get("/api/v1/openapi.json").await.body;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(operation["responses"]["400"].is_object(), "{method} {path} documents no 400");
        }
    }
    let listed: Vec<&str> = document["paths"]["/api/v1/reports"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["in"] == "query")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        ["limit", "offset", "after", "campaign_id", "period_id", "org_unit_id", "status", "updated_since"]
    );
}

/// Sends `request` as raw bytes on a connection of its own; answers all
/// the server wrote until it closed.
async fn raw_exchange(app: &TestApp, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// The one answer that is not problem+json, as the README says: a request
/// head actix's HTTP/1 parser cannot read (a NUL or another control
/// character in a header) is answered by that parser — a bare 400, the
/// connection closed — before any of the service runs. What the parser
/// takes reaches the service, and its refusals are problems.
#[actix_web::test]
async fn a_head_the_http_parser_refuses_never_reaches_the_service() {
    let app = TestApp::spawn().await;
    for header in [&b"X-Note: a\0b"[..], b"X-N\0te: ab", b"X-Note: a\x01b"] {
        let mut request = b"GET /healthz HTTP/1.1\r\nHost: thidua\r\n".to_vec();
        request.extend_from_slice(header);
        request.extend_from_slice(b"\r\n\r\n");
        let answer = raw_exchange(&app, &request).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{answer:?}");
        assert!(head.contains("content-length: 0") && head.contains("connection: close"), "{answer:?}");
        assert!(!head.contains("x-request-id") && body.is_empty(), "nothing of the service ran: {answer:?}");
    }
    assert_eq!(app.get("/healthz").await.status, 200, "the service carries on");

    // Bytes the parser takes but that are no text (0x80–0xFF) reach the
    // service: each header it reads answers a problem with the request id.
    let token = &app.admin;
    let requests = [
        (
            format!(
                "PUT /api/v1/settings/a.b HTTP/1.1\r\nHost: thidua\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\u{ff}\r\nContent-Length: 13\r\nConnection: close\r\n\r\n{{\"value\":\"x\"}}"
            ),
            "415 ",
            "unsupported_media_type",
        ),
        (
            "GET /api/v1/me HTTP/1.1\r\nHost: thidua\r\nAuthorization: Bearer \u{ff}\r\nConnection: close\r\n\r\n"
                .to_owned(),
            "401 ",
            "invalid_token",
        ),
    ];
    for (request, status, code) in requests {
        // As Latin-1: U+00FF is the one byte 0xFF on the wire.
        let bytes: Vec<u8> = request.chars().map(|c| c as u8).collect();
        let answer = raw_exchange(&app, &bytes).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with(&format!("HTTP/1.1 {status}")), "{answer:?}");
        assert!(head.contains("content-type: application/problem+json") && head.contains("x-request-id"), "{answer:?}");
        assert_eq!(serde_json::from_str::<Value>(body).unwrap()["code"], code, "{answer:?}");
    }
}
